"""Hostile content: every case in tests/hostile/<case>/ is built or checked through the CLI and must give
exactly its expected exit status and error lines, never a traceback, and never a request to the test
server on 127.0.0.1 (to which several cases point). Below the corpus: the guards the corpus cannot
reach through content (templates asking for attachments, the render budget, interrupted writes).

A case folder holds expected.json and `project/`, files laid over a copy of the base document
(tests/hostile/_base) and the real templates. `{port}` in them is the test server's port. Cases that
need files git cannot hold (a 50 MB file, links, a FIFO, binary images) name a generator below.
"""

from __future__ import annotations

import http.server
import json
import multiprocessing
import os
import re
import shutil
import struct
import threading
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from nota import guard, limits, pipeline
from nota.cli import cli
from nota.errors import BuildError, LimitExceeded, Problem
from nota.publish import output
from nota.source import Location
from nota.text import markdown

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "expected.json").is_file())
DOC = Path("content/hostile")
ERROR_LINE = re.compile(r"^\S+:\d+:\d+: error: ")


# --- the test server: it must never be asked for anything ------------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(png(2, 2))

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 (free port) that records every request it gets."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/probe", timeout=5) as response:  # it does listen
        assert response.status == 200
    assert _Recorder.requests == ["/probe"]
    _Recorder.requests.clear()
    try:
        yield port, _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- files the corpus cannot hold ------------------------------------------------------------------

def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int, pixels: bool = True) -> bytes:
    """A PNG file: real RGB pixels, or (pixels=False) only a header claiming the size."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    data = b""
    if pixels:
        rows = b"".join(b"\x00" + b"".join(bytes((x * 60 % 256, y * 80 % 256, 120)) for x in range(width))
                        for y in range(height))
        data = _chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + header + data + _chunk(b"IEND", b"")


def _figures(root: Path) -> Path:
    folder = root / DOC / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _png_20000(root: Path, tmp: Path) -> None:
    (_figures(root) / "groot.png").write_bytes(png(20000, 20000, pixels=False))


def _symlink_image(root: Path, tmp: Path) -> None:
    outside = tmp / "elders" / "foto.png"
    outside.parent.mkdir()
    outside.write_bytes(png(4, 3))
    (_figures(root) / "foto.png").symlink_to(outside)


def _symlink_chapter(root: Path, tmp: Path) -> None:
    outside = tmp / "geheim.yaml"
    outside.write_text("title: GEHEIM-7391\nblocks: [GEHEIM-7391]\n", encoding="utf-8")
    chapter = root / DOC / "chapters" / "inleiding.yaml"
    chapter.unlink()
    chapter.symlink_to(outside)


def _fifo_image(root: Path, tmp: Path) -> None:
    os.mkfifo(_figures(root) / "pijp.png")


def _text_50mb(root: Path, tmp: Path) -> None:
    prefix = b"title: "
    (root / DOC / "chapters" / "inleiding.yaml").write_bytes(prefix + b"a" * (50 * 2**20 - len(prefix) - 1) + b"\n")


def _field_too_long(root: Path, tmp: Path) -> None:
    text = "title: Inleiding\nblocks:\n  - " + "woord " * 4166 + "eind\n"  # 25,000 characters
    (root / DOC / "chapters" / "inleiding.yaml").write_text(text, encoding="utf-8")


def _too_many_rows(root: Path, tmp: Path) -> None:
    rows = "".join(f"      - [rij {i}, waarde]\n" for i in range(limits.MAX_TABLE_ROWS + 1))
    text = ("title: Inleiding\nblocks:\n  - type: table\n    id: lang\n    caption: Een lange tabel\n"
            f"    columns: [Naam, Waarde]\n    rows:\n{rows}")
    (root / DOC / "chapters" / "inleiding.yaml").write_text(text, encoding="utf-8")


def _good_image(root: Path, tmp: Path) -> None:
    (_figures(root) / "foto.png").write_bytes(png(40, 30))


GENERATORS: dict[str, Callable[[Path, Path], None]] = {
    "png_20000": _png_20000, "symlink_image": _symlink_image, "symlink_chapter": _symlink_chapter,
    "fifo_image": _fifo_image, "text_50mb": _text_50mb, "field_too_long": _field_too_long,
    "too_many_rows": _too_many_rows, "good_image": _good_image,
}


# --- the corpus ------------------------------------------------------------------------------------

def _project(case: Path, tmp: Path, port: int) -> Path:
    root = tmp / "project"
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(HOSTILE / "_base" / "content", root / "content")
    overlay = case / "project"
    for source in sorted(overlay.rglob("*")) if overlay.is_dir() else []:
        if source.is_file():
            target = root / source.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source.read_text(encoding="utf-8").replace("{port}", str(port)), encoding="utf-8")
    return root


def _written_text(root: Path) -> str:
    out = root / "output"
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(out.rglob("*")) if p.is_file())


def _typesets(name: str) -> bool:
    command = json.loads((HOSTILE / name / "expected.json").read_text(encoding="utf-8"))["command"]
    return command[0] == "build" and "--html-only" not in command


@pytest.mark.parametrize("name", [pytest.param(name, marks=[pytest.mark.slow] if _typesets(name) else [])
                                  for name in CASES])
def test_hostile_case(name: str, tmp_path: Path, server: tuple[int, list[str]]) -> None:
    port, requests = server
    spec = json.loads((HOSTILE / name / "expected.json").read_text(encoding="utf-8"))
    root = _project(HOSTILE / name, tmp_path, port)
    if "generate" in spec:
        GENERATORS[spec["generate"]](root, tmp_path)
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["--root", str(root), *spec["command"]])
    seconds = time.perf_counter() - started
    shown = result.output
    assert "Traceback" not in shown and not isinstance(result.exception, Exception), shown
    assert result.exit_code == spec["exit"], shown
    errors = [line for line in shown.splitlines() if ERROR_LINE.match(line)]
    assert sorted(errors) == sorted(e.replace("{port}", str(port)) for e in spec["errors"]), shown
    for hint in spec["hints"]:
        assert hint in shown, hint
    for secret in spec.get("output_lacks", []):
        assert secret not in shown and secret not in _written_text(root)
    for absent in spec.get("absent_files", []):
        assert not (root / absent).exists() and not Path(absent).exists()
    html = (root / "output" / "hostile" / "hostile.html").read_text(encoding="utf-8") if spec["exit"] == 0 else ""
    html = html.replace("\u00ad", "")  # soft hyphens from Dutch hyphenation do not change the text
    html = html.replace(NOTA_SCRIPT, "", 1)  # nota's own script (templates/js/nota.js) is the one allowed
    for text in spec.get("html_contains", []):
        assert text in html, text
    for text in spec.get("html_lacks", []):
        assert text not in html, text
    assert requests == [], "the build contacted the test server"
    assert seconds < 30, "hang detector only; the timings are in benchmarks/bench.py"


NOTA_SCRIPT = '<script src="assets/nota.js" defer></script>'


# --- what the corpus shows, looked at more closely -----------------------------------------------

class _NoRefs:
    def footnote(self, fid: str) -> str:
        return ""

    def xref(self, target: str) -> tuple[str, str]:
        return target, target


def test_raw_html_in_text_is_escaped_not_passed_through() -> None:
    html = markdown.render_block("Hallo <script>alert(1)</script> en <img src=x onerror=alert(1)>", _NoRefs())
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_unsafe_links_are_text_not_links() -> None:
    html = markdown.render_block("[a](javascript:alert(1)) [b](data:text/html,x) [c](file:///etc/passwd)", _NoRefs())
    assert "<a " not in html


@pytest.mark.slow
def test_good_image_is_copied_and_embedded_in_the_pdf(tmp_path: Path, server: tuple[int, list[str]]) -> None:
    from pypdf import PdfReader

    root = _project(HOSTILE / "good-image", tmp_path, server[0])
    _good_image(root, tmp_path)
    report = pipeline.build(root, root / "output")
    assert not report.failed, [str(p) for p in report.problems]
    out = root / "output" / "hostile"
    assert (out / "figures" / "foto.png").read_bytes() == png(40, 30)
    sizes = {(i.image.width, i.image.height) for page in PdfReader(out / "hostile.pdf").pages for i in page.images}
    assert sizes == {(40, 30)}


def test_a_billion_laughs_file_is_refused_before_expansion() -> None:
    from nota.errors import ContentError
    from nota.load.yaml import load_text

    text = (HOSTILE / "billion-laughs" / "project" / DOC / "chapters" / "inleiding.yaml").read_text(encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_text(text, Path("x.yaml"))
    assert str(caught.value).startswith("x.yaml:1:8: error: ") and "anchors are not allowed" in str(caught.value)


# --- guards that content cannot reach: templates, budgets, interrupted writes ----------------------

@pytest.mark.slow
def test_a_template_asking_for_an_attachment_fails_the_build() -> None:
    from nota.publish.pdf import html_to_pdf
    from nota.publish.typeset import FixedHTML

    html = ('<html lang="nl"><head><title>t</title><link rel="attachment" href="assets/nota.css"></head>'
            '<body><p>x</p><a rel="attachment" href="assets/nota.css">bijlage</a></body></html>')
    with pytest.raises(BuildError, match="attachments are not allowed"):
        html_to_pdf(FixedHTML(html), {"assets/nota.css": b"p{}"}, "t")


@pytest.mark.slow
def test_a_document_over_its_render_budget_is_refused_and_the_other_still_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nota.publish import pdf

    root = _project(HOSTILE / "_base", tmp_path, 0)
    shutil.copytree(root / DOC, root / "content" / "traag")
    slow, typeset = "traag", pdf._typeset

    def hangs_for_one(html: str, files: dict[str, bytes], identifier: str, *rest: Any) -> bytes:
        if identifier == slow:
            time.sleep(60)
        return typeset(html, files, identifier, *rest)

    monkeypatch.setattr(pdf, "_typeset", hangs_for_one)
    monkeypatch.setattr(limits, "RENDER_SECONDS", 10.0)
    monkeypatch.setattr(limits, "RENDER_SECONDS_PER_PAGE", 0.0)
    started = time.perf_counter()
    report = pipeline.build(root, root / "output", jobs=2)
    assert time.perf_counter() - started < 30  # the other document was typeset meanwhile, not after
    assert report.failed == [slow]
    assert [str(p) for p in report.problems if p.is_error] == [
        f"content/{slow}/document.yaml:1:1: error: typesetting the PDF took longer than 10 s, the limit per document"]
    assert multiprocessing.active_children() == []  # the worker was stopped, not left behind
    assert (root / "output" / "hostile" / "hostile.pdf").is_file()
    assert not (root / "output" / slow).exists()


_CALLS = [0]


def _count() -> int:
    _CALLS[0] += 1
    return _CALLS[0]


def test_a_worker_that_stays_keeps_its_state_and_ends_at_a_call_over_its_time() -> None:
    worker = guard.Worker("counting")
    try:
        assert [worker.call(_count), worker.call(_count)] == [1, 2]  # kept in the worker, not here
        assert _CALLS == [0]
        with pytest.raises(LimitExceeded, match=r"^counting took longer than 0.5 s, the limit per document$"):
            worker.call(time.sleep, 30, seconds=0.5)
        assert worker.call(_count) == 1  # a new worker: nothing kept
        with pytest.raises(BuildError, match=r"^no such file$"):
            worker.call(_raise_build_error)
        assert worker.call(_count) == 2  # an error in a call leaves the worker as it was
    finally:
        worker.close()
    assert multiprocessing.active_children() == []


def test_the_worker_stops_at_its_time_budget() -> None:
    started = time.perf_counter()
    with pytest.raises(LimitExceeded, match=r"^sleeping took longer than 0.5 s, the limit per document$"):
        guard.run_limited(time.sleep, 30, what="sleeping", seconds=0.5)
    assert time.perf_counter() - started < 10 and multiprocessing.active_children() == []


def test_the_worker_stops_at_its_memory_budget() -> None:
    with pytest.raises(LimitExceeded, match="needed more than 1,024 MB of memory"):
        guard.run_limited(bytearray, 8 * 2**30, what="allocating", memory=2**30)


def test_the_worker_returns_results_and_passes_build_errors_on() -> None:
    assert guard.run_limited(sum, [1, 2, 3], what="adding") == 6
    with pytest.raises(BuildError, match=r"^no such file$"):
        guard.run_limited(_raise_build_error, what="failing")


def _raise_build_error() -> None:
    raise BuildError("no such file")


def test_an_interrupted_write_leaves_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"the good one")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_files(tmp_path, {"doc.pdf": b"half"})
    assert target.read_bytes() == b"the good one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.pdf"]


def test_the_worker_keeps_the_located_problems_of_a_build_error() -> None:
    problem = Problem("row split over two pages", Location(Path("content/x/tables/t.yaml"), 7, 3), "keep it together")
    with pytest.raises(BuildError) as caught:
        guard.run_limited(_raise_located, problem, what="failing")
    assert caught.value.problems == [problem]


def _raise_located(problem: Problem) -> None:
    raise BuildError(str(problem), [problem])


HEAVY_CHAPTERS = 10  # each ~0.3 s to check (a text of 19,990 "[" is Markdown's worst case, parsed once)


def _heavy_names() -> str:
    return ", ".join(f"h{chapter}" for chapter in range(HEAVY_CHAPTERS))


def test_a_document_that_takes_too_long_to_check_is_refused_and_the_other_is_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(HOSTILE / "_base", tmp_path, 0)
    slow = root / "content" / "traag"
    shutil.copytree(root / DOC, slow)
    for chapter in range(HEAVY_CHAPTERS):  # within every size limit, but Markdown's worst case
        (slow / "chapters" / f"h{chapter}.yaml").write_text(f'title: T\nblocks:\n  - "{"[" * 19_990} {chapter}"\n',
                                                             encoding="utf-8")
    (slow / "document.yaml").write_text((slow / "document.yaml").read_text(encoding="utf-8").replace(
        "chapters: [inleiding]", f"chapters: [inleiding, {_heavy_names()}]"), encoding="utf-8")
    monkeypatch.setattr(limits, "CHECK_SECONDS", 0.5)
    checked = {c.id: c for c in pipeline.check(root)}
    assert checked["hostile"].ok
    assert [f"{p} | {p.hint}" for p in checked["traag"].problems] == [
        "content/traag/document.yaml:1:1: error: checking took longer than 0.5 s, the limit per document | "
        "make the document smaller or simpler (very long texts, many brackets or asterisks)"]


def test_diff_checks_each_version_under_the_same_deadline_as_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review workflow diffs pull-request content: `diff` may give it no more time than `check`."""
    from nota.diff import compare

    base = _project(HOSTILE / "_base", tmp_path / "base", 0)
    head = _project(HOSTILE / "_base", tmp_path / "head", 0)
    for extra in range(HEAVY_CHAPTERS):  # within every size limit, but Markdown's worst case
        (head / DOC / "chapters" / f"h{extra}.yaml").write_text(f'title: T\nblocks:\n  - "{"[" * 19_990} {extra}"\n',
                                                               encoding="utf-8")
    document = head / DOC / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace(
        "chapters: [inleiding]", f"chapters: [inleiding, {_heavy_names()}]"), encoding="utf-8")
    monkeypatch.setattr(limits, "CHECK_SECONDS", 0.5)
    result = compare.run(head, (), base_dir=base, out=tmp_path / "out")
    [changed] = result.changed
    assert changed.status == "unreadable"
    # the review page is Dutch, and so are the messages of its checks
    assert [p.message for p in changed.unreadable] == ["het controleren duurde langer dan 0,5 s, de grens per document"]
