"""The build cache (publish/cache.py): a build with nothing changed takes the files from output/.cache/,
a change to any kind of input builds again what it touches, a bad entry is ignored and replaced, and the
check always runs in full. HTML-only builds keep these tests fast; the key holds the options, so a PDF
build is cached alike (tests/test_speed.py builds with and without the cache and compares the bytes).
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from nota import pipeline
from nota.cli import cli
from nota.publish import cache

PLAN, VISIE = "programmaplan-2022", "visie-awbz-jeugdzorg-2012"
BOTH = [PLAN, VISIE]


@pytest.fixture(autouse=True)
def _fresh_environment() -> Iterator[None]:
    """environment() is computed once per process; tests that change what it reads start afresh."""
    cache.environment.cache_clear()
    yield
    cache.environment.cache_clear()


def build(root: Path, **options: object) -> pipeline.BuildReport:
    report = pipeline.build(root, root / "output", pdf=False, **options)  # type: ignore[arg-type]
    assert not report.failed, [str(p) for p in report.problems if p.is_error]
    return report


def outputs(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and cache.FOLDER not in p.parts}


def png(width: int, height: int, shade: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([shade, 90, 160]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_a_build_with_nothing_changed_takes_the_same_files_from_the_cache(project: Callable[..., Path]) -> None:
    root = project()
    first = build(root)
    files = outputs(root)
    (root / "output" / PLAN / f"{PLAN}.html").unlink()  # a file gone from output/ is put back
    second = build(root)
    assert first.cached == [] and second.cached == BOTH
    assert outputs(root) == files
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]  # the check ran in full


def test_the_cache_never_hides_a_problem(project: Callable[..., Path]) -> None:
    root = project()
    build(root)
    chapter = root / "content" / PLAN / "chapters" / "inleiding.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "onbekend: ja\n", encoding="utf-8")
    report = pipeline.build(root, root / "output", pdf=False)
    assert report.failed == [PLAN] and report.cached == [VISIE]
    assert any("onbekend" in str(p) for p in report.problems if p.is_error)


def _edit_content(root: Path) -> None:
    chapter = root / "content" / PLAN / "chapters" / "inleiding.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("Dat is onze missie.", "Dat is onze opdracht.", 1), encoding="utf-8")


def _edit_theme(root: Path) -> None:
    theme = root / "templates" / "themes" / "lelystad.yaml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(text.replace('text: "#1a1a1a"', 'text: "#111111"'), encoding="utf-8")


def _add_stylesheet(root: Path) -> None:
    (root / "templates" / "css").mkdir(parents=True, exist_ok=True)
    css = (cache.PACKAGE / "templates" / "css" / "nota.css").read_text(encoding="utf-8")
    (root / "templates" / "css" / "nota.css").write_text(css + "\n.lead { font-weight: 600; }\n", encoding="utf-8")


def _add_font(root: Path) -> None:
    (root / "templates" / "fonts").mkdir(parents=True, exist_ok=True)
    regular = cache.PACKAGE / "templates" / "fonts" / "OpenSans-Regular.ttf"
    (root / "templates" / "fonts" / "OpenSans-Regular.ttf").write_bytes(regular.read_bytes() + b"\0")


def _add_page_template(root: Path) -> None:
    page = (cache.PACKAGE / "templates" / "document.html.j2").read_text(encoding="utf-8")
    (root / "templates" / "document.html.j2").write_text(page.replace("Naar de inhoud", "Direct naar de inhoud"),
                                                        encoding="utf-8")


PROJECT_INPUTS: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "a content file": (_edit_content, [PLAN]),
    "the theme": (_edit_theme, BOTH),
    "a stylesheet in the project's templates": (_add_stylesheet, BOTH),
    "a font in the project's templates": (_add_font, BOTH),
    "a page template in the project's templates": (_add_page_template, BOTH),
}


@pytest.mark.parametrize("kind", PROJECT_INPUTS)
def test_a_change_to_a_project_input_builds_again_what_it_touches(kind: str, project: Callable[..., Path]) -> None:
    root = project()
    build(root)
    before = outputs(root)
    change, touched = PROJECT_INPUTS[kind]
    change(root)
    report = build(root)
    assert report.cached == [doc for doc in BOTH if doc not in touched]
    if kind != "a font in the project's templates":  # the HTML edition copies the font; the bytes differ
        assert any(outputs(root)[name] != data for name, data in before.items() if name.startswith(touched[0]))
    assert build(root).cached == BOTH  # and the new files are cached in their turn


def test_a_changed_image_builds_its_document_again(project: Callable[..., Path]) -> None:
    root = project()
    folder = root / "content" / VISIE / "figures"
    folder.mkdir()
    (folder / "kaart.png").write_bytes(png(40, 30, 10))
    chapter = root / "content" / VISIE / "chapters" / "inleiding.yaml"
    figure = "\nblocks:\n  - type: figure\n    id: kaart\n    alt: Een kaart van Lelystad met de wijken\n" \
             "    image: figures/kaart.png\n"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("\nblocks:\n", figure, 1), encoding="utf-8")
    build(root)
    (folder / "kaart.png").write_bytes(png(40, 30, 200))
    report = build(root)
    assert report.cached == [PLAN]
    assert (root / "output" / VISIE / "figures" / "kaart.png").read_bytes() == png(40, 30, 200)


def _copy_of_nota(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = root.parent / "nota-package"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    return copy


ENVIRONMENT_INPUTS: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "nota's own templates": lambda copy, _mp: (copy / "templates" / "css" / "nota.css").write_text(
        "/* another version */\n", encoding="utf-8"),
    "nota's source": lambda copy, _mp: (copy / "render" / "html.py").write_text("# another version\n",
                                                                                   encoding="utf-8"),
    "the installed Python packages": lambda _copy, mp: mp.setattr(cache, "_distributions",
                                                                  lambda: ["weasyprint-71.0.dist-info"]),
    "the system libraries": lambda _copy, mp: mp.setattr(cache, "_libraries",
                                                         lambda: ["/usr/lib/libpango-1.0.so.0:1:2"]),
    "the Python version": lambda _copy, mp: mp.setattr(cache.sys, "version", "3.99.0"),
}


@pytest.mark.parametrize("kind", ENVIRONMENT_INPUTS)
def test_a_change_to_nota_or_its_libraries_builds_everything_again(
        kind: str, project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = project()
    copy = _copy_of_nota(root, monkeypatch)
    build(root)
    assert build(root).cached == BOTH
    ENVIRONMENT_INPUTS[kind](copy, monkeypatch)
    cache.environment.cache_clear()
    assert build(root).cached == []


def test_the_options_are_part_of_the_key(project: Callable[..., Path]) -> None:
    """A build with the PDF is never served what an --html-only build stored (it holds no PDF)."""
    from types import SimpleNamespace

    from nota.render.edition import Provenance

    root = project(VISIE)
    assert cache.key(root, VISIE, ["pdf"]) != cache.key(root, VISIE, ["html-only"])
    assert cache.key(root, VISIE, ["pdf"]) == cache.key(root, VISIE, ["pdf"])
    job = SimpleNamespace(checked=SimpleNamespace(id=VISIE), origin=Provenance())
    assert pipeline._key(root, job, pdf=True) != pipeline._key(root, job, pdf=False)  # type: ignore[arg-type]


def _entries(root: Path, doc: str) -> list[Path]:
    return sorted((root / "output" / cache.FOLDER / "entries" / doc).glob("*.json"))


BAD_ENTRIES: dict[str, Callable[[Path, Path], None]] = {
    "a truncated blob": lambda root, entry: _blob_of(root, entry).write_bytes(_blob_of(root, entry).read_bytes()[:9]),
    "an entry that is not JSON": lambda _root, entry: entry.write_bytes(b"\x00\x01 not json"),
    "another program's entry": lambda _root, entry: entry.write_text('{"format": "other", "files": {}}'),
    "an entry of another key": lambda _root, entry: entry.write_text(
        entry.read_text().replace(entry.stem, "0" * 64)),
    "an entry naming a file outside the output": lambda _root, entry: entry.write_text(json.dumps(
        {**json.loads(entry.read_text()), "files": {"../../etc/passwd": "0" * 64}})),
    "an entry whose warnings are damaged": lambda _root, entry: entry.write_text(json.dumps(
        {**json.loads(entry.read_text()), "warnings": [{"message": "m", "where": ["a.yaml", 1, 1], "hint": "h",
                                                        "severity": "warning", "code": "runt", "document": VISIE,
                                                        "related": "not a list"}]})),
}


def _blob_of(root: Path, entry: Path) -> Path:
    sha = json.loads(entry.read_text())["files"][f"{VISIE}.html"]
    return root / "output" / cache.FOLDER / "blobs" / sha[:2] / sha


@pytest.mark.parametrize("kind", BAD_ENTRIES)
def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(kind: str, project: Callable[..., Path]) -> None:
    root = project(VISIE)
    build(root)
    files = outputs(root)
    BAD_ENTRIES[kind](root, _entries(root, VISIE)[0])
    assert build(root).cached == []  # built again, with the same files
    assert outputs(root) == files
    assert build(root).cached == [VISIE]  # the entry was replaced by a good one
    assert not (root.parent / "etc").exists()


def test_an_entry_is_never_a_path_to_read(project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A blob is named by its hash: an entry whose hash is a path (to a FIFO, /dev/zero) is not followed."""
    root = project(VISIE)
    build(root)
    entry = _entries(root, VISIE)[0]
    outside = root / "elsewhere.bin"
    outside.write_bytes(b"not a blob")
    entry.write_text(json.dumps({**json.loads(entry.read_text()), "files": {f"{VISIE}.html": "../../elsewhere.bin"}}))
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.resolve()) or real(self))
    key = json.loads(entry.read_text())["key"]
    assert cache.load(root / "output", VISIE, key) is None
    assert outside not in read


def test_a_link_out_of_the_project_is_keyed_by_where_it_leads_never_read(
        project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Content comes from pull requests and git keeps links: the key must not read a file outside the
    project (a huge or endless one would hang the build). A link inside the project is followed."""
    root = project(VISIE)
    outside, other = root.parent / "elsewhere.bin", root.parent / "other.bin"
    outside.write_bytes(b"outside the project")
    other.write_bytes(b"outside too")
    link = root / "content" / VISIE / "aantekeningen.bin"
    link.symlink_to(outside)
    (root / "content" / VISIE / "kopie.bin").symlink_to(root / "templates" / "themes" / "lelystad.yaml")
    opened: list[Path] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self.resolve()) or real_open(self, *a, **k))
    first = cache.key(root, VISIE, [])
    assert outside not in opened
    assert (root / "templates" / "themes" / "lelystad.yaml").resolve() in opened
    outside.write_bytes(b"changed, but never read")
    assert cache.key(root, VISIE, []) == first
    link.unlink()
    link.symlink_to(other)
    assert cache.key(root, VISIE, []) != first  # the link itself is content


def test_a_change_through_a_linked_folder_inside_the_project_builds_again(project: Callable[..., Path]) -> None:
    """The loader reads chapters/ through a link to a folder elsewhere in the project: so does the key."""
    root = project(VISIE)
    shared = root / "shared"
    shared.mkdir()
    chapters = root / "content" / VISIE / "chapters"
    chapters.rename(shared / "chapters")
    chapters.symlink_to(shared / "chapters", target_is_directory=True)
    (shared / "chapters" / "lus").symlink_to(shared, target_is_directory=True)  # a loop ends
    build(root)
    chapter = shared / "chapters" / "inleiding.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("Hierbij bieden wij u", "Hierbij bieden wij u graag", 1), encoding="utf-8")
    assert build(root).cached == []
    assert "Hierbij bieden wij u graag" in (root / "output" / VISIE / f"{VISIE}.html").read_text(encoding="utf-8")


def test_no_cache_neither_reads_nor_writes_it(project: Callable[..., Path]) -> None:
    root = project(VISIE)
    build(root, use_cache=False)
    assert not (root / "output" / cache.FOLDER).exists()
    build(root)
    assert build(root, use_cache=False).cached == []


def test_old_entries_and_their_blobs_are_removed(project: Callable[..., Path]) -> None:
    root = project(VISIE)
    theme = root / "templates" / "themes" / "lelystad.yaml"
    original = theme.read_text(encoding="utf-8")
    for number in range(cache.KEEP + 2):
        theme.write_text(original + f"\n# versie {number}\n", encoding="utf-8")
        build(root)
    assert len(_entries(root, VISIE)) == cache.KEEP
    named = {sha for entry in _entries(root, VISIE) for sha in json.loads(entry.read_text())["files"].values()}
    assert {p.name for p in (root / "output" / cache.FOLDER / "blobs").glob("*/*")} == named


def test_the_command_line_says_what_came_from_the_cache(project: Callable[..., Path]) -> None:
    root = project(VISIE)
    runner = CliRunner()
    first = runner.invoke(cli, ["--root", str(root), "build", "--html-only"])
    second = runner.invoke(cli, ["--root", str(root), "build", "--html-only"])
    third = runner.invoke(cli, ["--root", str(root), "build", "--html-only", "--no-cache"])
    assert first.exit_code == second.exit_code == third.exit_code == 0
    assert "cached" not in first.output and "cached" not in third.output
    assert f"{VISIE}: unchanged since the last build (cached)" in second.output


def test_the_layouts_warnings_are_kept_with_the_files(tmp_path: Path) -> None:
    """A build from the cache reports what typesetting found (a runt page), as the first build did."""
    from nota.errors import Code, Problem, Related, Severity
    from nota.source import Location

    warning = Problem("the last page of Bijlage 1 holds only a few lines", Location(Path("content/d/x.yaml"), 3, 5),
                      "shorten it", Severity.WARNING, Code.RUNT, "d",
                      (Related(Location(Path("content/d/y.yaml"), 7, 1), "the table"),))
    cache.store(tmp_path, "d", "k" * 64, {"d.html": b"<p>x</p>"}, [warning])
    assert cache.load(tmp_path, "d", "k" * 64) == ({"d.html": b"<p>x</p>"}, [warning])


def test_a_build_in_another_language_is_not_taken_from_the_cache(project: Callable[..., Path]) -> None:
    """The layout's warnings are put in words when they are made: the language is part of the key."""
    from nota import i18n

    root = project(VISIE)
    build(root)
    with i18n.using("nl"):
        assert build(root).cached == []
        assert build(root).cached == [VISIE]


def test_a_new_commit_builds_again_for_the_colophon(project: Callable[..., Path]) -> None:
    """The colophon names the commit the content comes from: a new commit with the same files is a new
    build, or the page would name the commit before it."""
    from nota.render.edition import Provenance

    root = project(VISIE)
    page = root / "output" / VISIE / f"{VISIE}.html"
    for commit in ("a" * 40, "b" * 40):
        report = build(root, source=lambda _root, _doc, commit=commit: Provenance(commit=commit))
        assert report.cached == [] and f'<code class="commit">{commit}</code>' in page.read_text(encoding="utf-8")
    assert build(root, source=lambda _root, _doc: Provenance(commit="b" * 40)).cached == [VISIE]
