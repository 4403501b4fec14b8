#!/usr/bin/env python3
"""Speed and memory of nota on the real documents and on a generated 300-page one; prints each figure
beside its goal (issue 14). Run it from the repository: `python benchmarks/bench.py`.

    python benchmarks/bench.py            # everything (about five minutes)
    python benchmarks/bench.py --quick    # no 100- and 300-page documents

Whole processes are timed as a user runs them (`nota ...` in a subprocess). Other work on the machine
slows wall-clock times, so each is the best of several runs, and CPU seconds are printed beside them:
for work in one process (typesetting one document) CPU time is what the wall-clock time is on an idle
machine, and the verdict on it is given by CPU time.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from nota import pipeline  # noqa: E402
from nota.publish import pdf  # noqa: E402
from nota.render.html import render_document  # noqa: E402

NOTA = str(Path(sys.executable).with_name("nota"))
PLAN, VISIE = "programmaplan-2022", "visie-awbz-jeugdzorg-2012"
GOAL_PAGE_SECONDS = 0.15
GOAL_PARALLEL = 1.15
GOAL_NOOP = 0.3
GOAL_CHECK = 0.4
GOAL_LINEAR = 3.3
GOAL_MEMORY = 2**30
GOAL_STRUCTURE = 0.10  # the structure pass, as a share of WeasyPrint's typesetting of the PDF
COPIES_PER_100_PAGES = 6.8  # the Programmaplan's chapters fill 14.7 pages per copy


@dataclass
class Run:
    """One process: wall-clock seconds, CPU seconds (its own and its workers'), peak memory (bytes)."""

    wall: float
    cpu: float
    memory: int
    output: str


def run(*args: str, root: Path = ROOT) -> Run:
    """Run `nota --root root ARGS` and measure it; it must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen([NOTA, "--root", str(root), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"nota {' '.join(args)} failed:\n{output.decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, output.decode())


def best(runs: list[Run]) -> Run:
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.memory for r in runs), runs[-1].output)


def verdict(ok: bool) -> str:
    return "OK" if ok else "NOT MET"


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def machine() -> None:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load}")


def typesetting(repeat: int) -> dict[str, float]:
    """PDF seconds per page of the real documents, in this process (no fork): all that publish/pdf.py
    does in its worker (layout, layout checks, write_pdf and the structure pass, publish/structure/).
    The structure pass is timed apart too: it must stay under 10% of WeasyPrint's part. Returns the
    best CPU seconds of each document."""
    found = {}
    for checked in pipeline.check(ROOT):
        assert checked.document and checked.outline and checked.theme
        edition = render_document(ROOT, checked.document, checked.outline, checked.theme)
        walls, cpus, tagging, outputs = [], [], [], set()
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            raw, tree = pdf._weasyprint_pdf(edition.print_html, edition.files, checked.id, edition.places)
            typeset = time.process_time() - cpu
            outputs.add(data := pdf.tag(raw, tree, edition.files, checked.id))
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            tagging.append(cpus[-1] - typeset)
        count = pages_of(data)
        found[checked.id] = min(cpus)
        per_page, share = min(cpus) / count, min(tagging) / (min(cpus) - min(tagging))
        print(f"PDF {checked.id}: {count} pages, {min(cpus):.2f} s CPU ({min(walls):.2f} s wall): "
              f"{per_page:.3f} s a page (wall {min(walls) / count:.3f}) — goal ≤ {GOAL_PAGE_SECONDS} s a page: "
              f"{verdict(per_page <= GOAL_PAGE_SECONDS)}; structure pass {min(tagging) * 1000:.0f} ms = "
              f"{share * 100:.1f}% of typesetting — goal < {GOAL_STRUCTURE * 100:.0f}%: "
              f"{verdict(share < GOAL_STRUCTURE)}; same bytes every run: {len(outputs) == 1}")
    return found


def pages_of(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def parallel(rounds: int, out: Path, typeset_cpu: dict[str, float]) -> None:
    """Both documents with --jobs 2 against the larger alone, interleaved rounds, best of each.

    Where other work holds the cores, the wall-clock ratio says more about that work than about nota,
    so the ratio the two free cores of this machine would give is printed beside it: the work that
    stays in the main process (check, HTML, writing: `build --html-only`, measured) plus the longer of
    the two PDF workers (their CPU time, measured in `typesetting`), against the same for the larger
    document alone."""
    both, alone = [], {PLAN: [], VISIE: []}
    for _ in range(rounds):
        both.append(run("build", "--no-cache", "--jobs", "2", "--out", str(out)))
        for doc, runs in alone.items():
            runs.append(run("build", "--no-cache", doc, "--out", str(out)))
    larger = max(alone, key=lambda doc: best(alone[doc]).wall)
    ratio = best(both).wall / best(alone[larger]).wall
    for doc, runs in alone.items():
        print(f"build {doc} alone: {best(runs).wall:.2f} s wall, {best(runs).cpu:.2f} s CPU, "
              f"peak memory {best(runs).memory / 2**20:.0f} MiB")
    html_both = best([run("build", "--no-cache", "--html-only", "--out", str(out)) for _ in range(rounds)]).cpu
    html_larger = best([run("build", "--no-cache", "--html-only", larger, "--out", str(out))
                        for _ in range(rounds)]).cpu
    free = (html_both + max(typeset_cpu.values())) / (html_larger + typeset_cpu[larger])
    print(f"build both documents, --jobs 2: {best(both).wall:.2f} s wall ({best(both).cpu:.2f} s CPU) = "
          f"{ratio:.2f} × the larger ({larger}) alone, load average {os.getloadavg()[0]:.1f} — goal ≤ "
          f"{GOAL_PARALLEL}: {verdict(ratio <= GOAL_PARALLEL)}; on two free cores (main process "
          f"{html_both:.2f} s + the longer worker {max(typeset_cpu.values()):.2f} s CPU): {free:.2f} × — "
          f"{verdict(free <= GOAL_PARALLEL)}")
    serial = best([run("build", "--no-cache", "--jobs", "1", "--out", str(out)) for _ in range(2)])
    print(f"build both documents, --jobs 1 (one after the other): {serial.wall:.2f} s wall")


def quick_processes(repeat: int, out: Path) -> None:
    """The no-op rebuild and `check`, as whole processes."""
    run("build", "--out", str(out))
    noop = best([run("build", "--out", str(out)) for _ in range(repeat)])
    assert noop.output.count("(cached)") == 2, noop.output
    print(f"no-op rebuild of both documents (nothing changed, cached): {noop.wall:.3f} s wall, "
          f"{noop.cpu:.3f} s CPU — goal < {GOAL_NOOP} s: {verdict(noop.wall < GOAL_NOOP)}")
    check = best([run("check") for _ in range(repeat)])
    print(f"check of both documents as a process: {check.wall:.3f} s wall, {check.cpu:.3f} s CPU — "
          f"goal < {GOAL_CHECK} s: {verdict(check.wall < GOAL_CHECK)}")


def scale(folder: Path) -> None:
    """A 100- and a 300-page document generated from the real chapters, built through the command line."""
    measured = {}
    for target in (100, 300):
        project = generate.chapters(round(target * COPIES_PER_100_PAGES / 100), folder / f"p{target}")
        result = run("build", "--no-cache", "--jobs", "1", "--out", str(project / "output"), root=project)
        count = pages(project / "output" / generate.BIG / f"{generate.BIG}.pdf")
        measured[target] = (result, count)
        print(f"generated {count}-page document: build {result.wall:.1f} s wall, {result.cpu:.1f} s CPU: "
              f"{result.cpu / count:.3f} s a page (wall {result.wall / count:.3f}) — goal ≤ {GOAL_PAGE_SECONDS}: "
              f"{verdict(result.cpu / count <= GOAL_PAGE_SECONDS)}; peak memory {result.memory / 2**20:.0f} MiB — "
              f"goal < 1 GiB: {verdict(result.memory < GOAL_MEMORY)}")
    (small, small_pages), (large, large_pages) = measured[100], measured[300]
    ratio = large.cpu / small.cpu
    scaled = ratio * (300 / 100) / (large_pages / small_pages)  # as if they had been 300 and 100 pages
    print(f"linear in pages: {large_pages} pages take {ratio:.2f} × the CPU time of {small_pages} pages "
          f"({large.wall / small.wall:.2f} × the wall time; pages ×{large_pages / small_pages:.2f}), so 300 pages "
          f"{scaled:.2f} × 100 pages — goal ≤ {GOAL_LINEAR}: {verdict(scaled <= GOAL_LINEAR)}")


def table_rows(folder: Path) -> None:
    """A 2,000-row Bijlage 1 (a begroting's largest tables): it passes every limit and builds."""
    project = generate.rows(2000, folder / "rows")
    result = run("build", "--no-cache", "--out", str(project / "output"), root=project)
    count = pages(project / "output" / PLAN / f"{PLAN}.pdf")
    print(f"Programmaplan with a 2,000-row Bijlage 1: {count} pages, {result.wall:.1f} s wall, "
          f"{result.cpu:.1f} s CPU, peak memory {result.memory / 2**20:.0f} MiB")


def timed(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def live_pdf(folder: Path) -> None:
    """The preview's PDF after an edit in one chapter (publish/live.py), against the whole PDF."""
    from nota.publish.live import LiveTypesetter

    root = Path(folder) / "live"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "templates", root / "templates")
    chapter = root / "content" / PLAN / "chapters" / "jeugdzorg.yaml"
    live = LiveTypesetter()
    try:
        times = []
        for number in range(4):  # the first sets every part; each later one follows a one-word edit
            if number:
                text = chapter.read_text(encoding="utf-8")
                chapter.write_text(text.replace("extra beschikbaar" if number == 1 else f"extra {number - 1}",
                                                f"extra {number}", 1), encoding="utf-8")
            [checked] = pipeline.check(root, (PLAN,))
            assert checked.document and checked.theme
            started = time.perf_counter()
            _data, laid = live.typeset(root, checked.document, checked.theme)
            times.append((time.perf_counter() - started, laid))
    finally:
        live.close()
    first, edits = times[0], times[1:]
    print(f"preview PDF of {PLAN}: the first {first[0]:.2f} s ({first[1]} parts laid out); after a one-word edit "
          f"in one chapter best {min(t for t, _ in edits):.2f} s ({max(n for _, n in edits)} part laid out)")


def in_process(repeat: int) -> None:
    """check, the HTML and diff in a process that has imported nota (an editor's or CI's second run)."""
    from nota.diff import compare
    from nota.load.templates import Templates
    from nota.render.html import make_env, render_html

    check = timed(lambda: pipeline.check(ROOT), repeat)
    print(f"check of both documents in-process: {check:.3f} s — goal < 0.5 s: {verdict(check < 0.5)}")
    env = make_env(Templates.of(ROOT))
    for c in pipeline.check(ROOT):
        assert c.document and c.outline and c.theme
        doc, outline, theme = c.document, c.outline, c.theme
        html = timed(lambda d=doc, o=outline, t=theme: render_html(env, d, o, t), repeat)  # type: ignore[misc]
        print(f"render HTML {c.id}: {html:.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        head = Path(folder) / "head"
        shutil.copytree(ROOT / "content", head / "content")
        shutil.copytree(ROOT / "templates", head / "templates")
        table = head / "content" / PLAN / "tables" / "wmo-meerjarenperspectief.yaml"
        text = table.read_text(encoding="utf-8").replace("-291151, -591151,", "-291151, -601151,", 1)
        table.write_text(text.replace("-23299972", "-23309972"), encoding="utf-8")
        seconds = timed(lambda: compare.run(head, (), ROOT, Path(folder) / "out"), repeat)
        print(f"diff of both documents, one Bijlage 1 change: {seconds:.3f} s — goal < 1 s: {verdict(seconds < 1)}")


def _refused(path: Path, text: str, name: str) -> float:
    """Seconds until nota refuses `text` written to `path`; that it does not is a failed benchmark."""
    from nota.errors import ContentError
    from nota.load.yaml import load_file

    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    try:
        load_file(path, Path(path.name))
    except ContentError:
        return time.perf_counter() - started
    raise AssertionError(f"{name} was not refused")


def hostile() -> None:
    """How fast hostile input is refused (the hostile fixtures must keep stopping fast)."""
    from nota import guard, limits

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.yaml"
        laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        laughs += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
        cases = {"billion laughs": "\n".join(laughs) + "\n", "a 50 MB text field": "title: " + "x" * 50_000_000,
                 "a file over the value limit": "amounts: [" + ", ".join(["1"] * (limits.MAX_FILE_BYTES // 3 - 10))
                 + "]\n"}
        for name, text in cases.items():
            print(f"refused: {name}: {_refused(path, text, name) * 1000:.0f} ms")
        # read on after syntax errors (load/resume.py): errors at the end of the largest allowed file are
        # the worst case, each one found only after reading the whole file again
        good = "  - een gewone alinea die klopt en lang genoeg is om wat ruimte te vullen\n"
        for size in (limits.MAX_FILE_BYTES, limits.MAX_RESUME_CHARS // 2):  # read once; read twice
            text = "title: x\nblocks:\n" + good * ((size - 2000) // len(good)) + '  - "open\n' * 11
            seconds = _refused(path, text, "a file with syntax errors")
            print(f"refused: a {len(text) // 1000} kB file with syntax errors at its end: {seconds:.2f} s "
                  f"— goal < 1 s: {verdict(seconds < 1)}")
    overhead = timed(lambda: guard.run_limited(int, "1", what="benchmark"), 5)
    print(f"PDF worker process overhead (fork, limits, result back): {overhead * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the generated long documents")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    machine()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "output"
        in_process(args.repeat)
        typeset_cpu = typesetting(3)
        parallel(args.repeat, out, typeset_cpu)
        quick_processes(args.repeat * 2, out)
        live_pdf(Path(folder))
        if not args.quick:
            scale(Path(folder))
            table_rows(Path(folder))
        shutil.rmtree(out, ignore_errors=True)
    from preview_latency import preview_latency  # nota preview: save to updated page (issue 12)

    preview_latency(max(args.repeat, 7))
    hostile()
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
