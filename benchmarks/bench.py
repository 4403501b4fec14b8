#!/usr/bin/env python3
"""Speed and memory of the pipeline on the real documents; prints its figures.

    python benchmarks/bench.py            # check, HTML and PDF
    python benchmarks/bench.py --quick    # check and HTML only

Goals: `check` of both documents under 0.5 s in-process (warm: modules imported, as in a
long-running editor or CI step that checks more than once); the PDF's structure pass
(publish/structure/) under 10% of the time WeasyPrint takes to typeset the same PDF; `nota preview`:
under 0.3 s from saving a prose edit to the updated page, in each real document.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from nota import guard, limits, pipeline  # noqa: E402
from nota.check import images  # noqa: E402
from nota.check.recipe import Checked  # noqa: E402
from nota.diff import compare as diff  # noqa: E402
from nota.errors import ContentError  # noqa: E402
from nota.load.templates import Templates  # noqa: E402
from nota.load.yaml import load_file  # noqa: E402
from nota.publish import pdf as publish_pdf  # noqa: E402
from nota.render.html import make_env, render_document, render_html  # noqa: E402

# Seconds for HTML + PDF of each real document on a 2-core machine.
PDF_GOALS = {"programmaplan-2022": 5.0, "visie-awbz-jeugdzorg-2012": 3.0}
STRUCTURE_SHARE_GOAL = 0.10  # the structure pass, as a share of WeasyPrint's typesetting of the PDF


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best and median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the PDF")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    checked = pipeline.check(ROOT)
    print(f"check, both documents, first run (cold caches): {time.perf_counter() - started:.3f} s")
    best, median = timed(lambda: pipeline.check(ROOT), args.repeat)
    verdict = "OK" if best < 0.5 else "TOO SLOW"
    print(f"check, both documents, in-process: best {best:.3f} s, median {median:.3f} s (goal < 0.5 s: {verdict})")

    env = make_env(Templates.of(ROOT))
    for c in checked:
        assert c.document and c.outline and c.theme
        doc, outline, theme = c.document, c.outline, c.theme
        best, median = timed(lambda d=doc, o=outline, t=theme: render_html(env, d, o, t), args.repeat)
        print(f"render HTML {c.id}: best {best:.3f} s, median {median:.3f} s")

    if not args.quick:
        with tempfile.TemporaryDirectory() as out:
            for c in checked:
                best, median = timed(lambda d=c.id: pipeline.build(ROOT, Path(out), (d,)), 2)
                pdf = Path(out) / c.id / f"{c.id}.pdf"
                goal = PDF_GOALS.get(c.id)
                verdict = "" if goal is None else f" (goal ≤ {goal:.0f} s: {'OK' if best <= goal else 'TOO SLOW'})"
                print(f"build HTML+PDF {c.id}: best {best:.2f} s, median {median:.2f} s, "
                      f"PDF {pdf.stat().st_size / 1024:.0f} KiB{verdict}")
        structure_pass(checked, max(3, args.repeat // 2))
    diff_speed(args.repeat)
    from preview_latency import preview_latency

    preview_latency(max(args.repeat, 7))
    hostile_inputs()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak:.0f} MiB")
    if not args.quick:
        worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory of a PDF worker process (max RSS): {worker:.0f} MiB")


def structure_pass(checked: list[Checked], repeat: int) -> None:
    """Typesetting (WeasyPrint, copyfitting and layout checks) against the structure pass, alternately in
    one process, best CPU time of each: the pass must stay a small part of making the PDF."""
    for c in checked:
        assert c.document and c.outline and c.theme
        edition = render_document(ROOT, c.document, c.outline, c.theme)
        typeset, tagging, outputs = [], [], set()
        for _ in range(repeat):
            started = time.process_time()
            raw, tree = publish_pdf._weasyprint_pdf(edition.print_html, edition.files, c.id, edition.places,
                                                    edition.refit)
            typeset.append(time.process_time() - started)
            started = time.process_time()
            outputs.add(publish_pdf.tag(raw, tree, edition.files, c.id))
            tagging.append(time.process_time() - started)
        share = min(tagging) / min(typeset)
        verdict = "OK" if share < STRUCTURE_SHARE_GOAL else "TOO SLOW"
        print(f"PDF structure pass {c.id}: best {min(tagging) * 1000:.0f} ms CPU, typesetting {min(typeset):.2f} s: "
              f"{share * 100:.1f}% (goal < {STRUCTURE_SHARE_GOAL * 100:.0f}%: {verdict}); "
              f"same bytes every run: {len(outputs) == 1}")


def diff_speed(repeat: int) -> None:
    """nota diff of the real content against a copy with one Bijlage 1 line raised by € 10.000."""
    with tempfile.TemporaryDirectory() as folder:
        head = Path(folder) / "head"
        shutil.copytree(ROOT / "content", head / "content")
        shutil.copytree(ROOT / "templates", head / "templates")
        table = head / "content/programmaplan-2022/tables/wmo-meerjarenperspectief.yaml"
        text = table.read_text(encoding="utf-8").replace("-291151, -591151,", "-291151, -601151,", 1)
        table.write_text(text.replace("-23299972", "-23309972"), encoding="utf-8")
        out = Path(folder) / "out"
        best, median = timed(lambda: diff.run(head, (), ROOT, out), repeat)
        print(f"diff, both documents, one Bijlage 1 change: best {best:.3f} s, median {median:.3f} s (goal < 1 s)")


def _refusal(path: Path) -> float:
    """Seconds until the loader refuses a file (it must refuse it)."""
    started = time.perf_counter()
    try:
        load_file(path, Path(path.name))
    except ContentError:
        return time.perf_counter() - started
    raise AssertionError(f"{path.name} was not refused")


def hostile_inputs() -> None:
    """How fast hostile input is refused, and what the PDF worker process costs."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        pairs = zip("abcdefgh", "bcdefghi", strict=True)
        laughs += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in pairs]
        cases = {
            "billion laughs": "\n".join(laughs) + "\n",
            "a 50 MB text field": "title: " + "x" * 50_000_000 + "\n",
            "a file over the value limit (flow list of numbers)":
                "amounts: [" + ", ".join(["1"] * (limits.MAX_FILE_BYTES // 3 - 10)) + "]\n",
        }
        for name, text in cases.items():
            path = base / "case.yaml"
            path.write_text(text, encoding="utf-8")
            print(f"refused: {name}: {_refusal(path) * 1000:.1f} ms")
        # read on after syntax errors (load/resume.py): errors at the end of the largest allowed file are
        # the worst case, each one found only after reading the whole file again
        good = "  - een gewone alinea die klopt en lang genoeg is om wat ruimte te vullen\n"
        for size in (limits.MAX_FILE_BYTES, limits.MAX_RESUME_CHARS // 2):  # read once; read twice
            text = "title: x\nblocks:\n" + good * ((size - 2000) // len(good)) + '  - "open\n' * 11
            path = base / "case.yaml"
            path.write_text(text, encoding="utf-8")
            seconds = _refusal(path)
            print(f"refused: a {len(text) // 1000} kB file with syntax errors at its end: {seconds:.2f} s "
                  f"(goal < 1 s: {'OK' if seconds < 1 else 'TOO SLOW'})")
        side = (20000).to_bytes(4, "big")
        header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + side + side + b"\x08\x02\x00\x00\x00"
        started = time.perf_counter()
        try:
            images.check_bytes(header, ".png")
        except images.BadImage:
            print(f"refused: a 20000×20000 PNG header: {(time.perf_counter() - started) * 1000:.2f} ms")
        else:
            raise AssertionError("a 20000×20000 PNG was not refused")
    best, _ = timed(lambda: guard.run_limited(int, "1", what="benchmark"), 5)
    print(f"PDF worker process overhead (fork, limits, result back): {best * 1000:.1f} ms")


if __name__ == "__main__":
    main()
