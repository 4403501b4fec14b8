"""The stages in order: load → model → check → render → publish. No message formatting here.

`check` is the first half of `build` (the recipe in check/recipe.py). A document with errors is not
rendered and none of its files are written; the other documents still build.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nota import guard, limits
from nota.check import size
from nota.check.recipe import Checked, check_one, failure
from nota.errors import Code, Problem, in_order
from nota.i18n import _, language
from nota.model.document import CONTENT, select
from nota.render.edition import Provenance

if TYPE_CHECKING:
    from nota.publish.pdf import Typeset
from nota.source import Location

Source = Callable[[Path, str], Provenance]  # (project folder, document) -> where its build comes from


@dataclass
class BuildReport:
    checked: list[Checked]
    written: dict[str, list[Path]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    cached: list[str] = field(default_factory=list)  # the documents taken from output/.cache/

    @property
    def problems(self) -> list[Problem]:
        return in_order(p for c in self.checked for p in c.problems)

    @property
    def failed(self) -> list[str]:
        return [c.id for c in self.checked if not c.ok]


def check(root: Path, names: tuple[str, ...] = (), strict: bool = False) -> list[Checked]:
    """Check the named documents (all when none are named); write nothing."""
    return [check_one(root, doc_id, strict) for doc_id in select(root, names)]


def build(root: Path, out: Path, names: tuple[str, ...] = (), *, pdf: bool = True, strict: bool = False,
          progress: Callable[[str], None] | None = None, source: Source | None = None, jobs: int | None = None,
          use_cache: bool = True) -> BuildReport:
    """Check, render and write every named document that has no errors.

    `source` says where a document's build comes from (the colophon); by default the git checkout the
    project is in (publish/provenance.py). Up to `jobs` PDFs (default: one per core) are typeset at once,
    each in its own worker under its own time and memory limits; documents are finished and written in
    their order, so the files are the same bytes whatever the number of jobs. With `use_cache`, a
    document whose inputs have not changed since a build is taken from output/.cache/ (publish/cache.py),
    after it has been checked in full.
    """
    from nota.publish.provenance import provenance

    say = progress or (lambda _message: None)
    report = BuildReport(check(root, names, strict))
    running: list[_Job] = []
    for checked in report.checked:
        if not checked.ok:
            continue
        job = _Job(checked, time.perf_counter(), (source or provenance)(root, checked.id))
        job.key = _key(root, job, pdf) if use_cache else None
        if _from_cache(job, out, say, report) or _start(job, root, pdf, say):
            running.append(job)
        while sum(j.pending is not None for j in running) >= max(1, jobs or os.cpu_count() or 1):
            running = _finish_through(running, next(j for j in running if j.pending is not None), out, report,
                                      strict)
    for job in running:
        _finish(job, out, report, strict)
    return report


@dataclass
class _Job:
    """One document on its way: its files so far, and its PDF while a worker typesets it."""

    checked: Checked
    started: float
    origin: Provenance
    key: str | None = None  # the cache key (None: --no-cache)
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # the layout's (a runt page), kept with the files
    pending: guard.Pending[Typeset] | None = None
    screen: Callable[[int | None], str] | None = None  # the screen page, once the PDF's size is known
    cached: bool = False


def _key(root: Path, job: _Job, pdf: bool) -> str:
    """The cache key: the document's inputs (publish/cache.py), the options, where the build comes from
    (the colophon names the commit), and the language the layout's warnings are in."""
    from nota.publish import cache

    return cache.key(root, job.checked.id, ["pdf" if pdf else "html-only", repr(job.origin), f"lang={language()}"])


def _from_cache(job: _Job, out: Path, say: Callable[[str], None], report: BuildReport) -> bool:
    from nota.publish import cache

    found = cache.load(out, job.checked.id, job.key) if job.key is not None else None
    if found is None:
        return False
    say(_("{document}: unchanged since the last build (cached)", document=job.checked.id))
    (job.files, job.warnings), job.cached = found, True
    report.cached.append(job.checked.id)
    return True


def _start(job: _Job, root: Path, pdf: bool, say: Callable[[str], None]) -> bool:
    """RENDER the HTML edition, and start typesetting its PDF in a worker; False if the document failed.
    The screen page links the PDF with its size, so it is finished after the PDF (`_finish`)."""
    from nota.publish.pdf import start_pdf
    from nota.render.html import render_document

    checked = job.checked
    assert checked.document and checked.outline and checked.theme
    try:
        with guard.deadline(limits.RENDER_SECONDS, _("rendering")):
            say(_("{document}: rendering HTML", document=checked.id))
            edition = render_document(root, checked.document, checked.outline, checked.theme, job.origin)
            job.files, job.screen = edition.files, edition.screen
            if pdf:
                say(_("{document}: typesetting PDF", document=checked.id))
                seconds, memory = size.render_limits(checked.document)
                job.pending = start_pdf(edition.print_html, edition.files, checked.id, edition.places,
                                        seconds=seconds, memory=memory)
    except Exception as exc:  # a refused URL, a limit or a bug stops this document only
        checked.problems += failure(checked.id, exc, "building")
        return False
    return True


def _finish_through(running: list[_Job], last: _Job, out: Path, report: BuildReport, strict: bool) -> list[_Job]:
    """Finish the jobs up to and including `last` (in document order); the others go on running."""
    index = running.index(last)
    for job in running[: index + 1]:
        _finish(job, out, report, strict)
    return running[index + 1:]


def _finish(job: _Job, out: Path, report: BuildReport, strict: bool) -> None:
    """Wait for the document's PDF, finish its screen page, keep its files in the cache, write them.
    The layout's warnings are the document's problems (with --strict, errors: nothing is written)."""
    from nota.publish import cache
    from nota.publish.output import write_files

    checked = job.checked
    try:
        if job.pending is not None:
            typeset = job.pending.result()
            job.files[f"{checked.id}.pdf"], job.warnings = typeset.pdf, typeset.warnings
        if job.screen is not None:
            pdf = job.files.get(f"{checked.id}.pdf")
            job.files[f"{checked.id}.html"] = job.screen(len(pdf) if pdf is not None else None).encode()
    except Exception as exc:  # a limit, a layout problem or a bug stops this document only
        checked.problems += failure(checked.id, exc, "building")
        return
    checked.problems += [w.promoted() for w in job.warnings] if strict else job.warnings
    if strict and job.warnings:  # --strict: a layout warning stops the document like an error
        return
    if job.key is not None and not job.cached:
        cache.store(out, checked.id, job.key, job.files, job.warnings)
    try:
        report.written[checked.id] = write_files(out / checked.id, job.files)
    except OSError as exc:  # a full disk, a file where a folder should be: say so, keep the old output
        checked.problems.append(_write_failure(checked.id, out, exc))
        return
    report.seconds[checked.id] = time.perf_counter() - job.started


def _write_failure(doc_id: str, out: Path, exc: OSError) -> Problem:
    where = Location(Path(CONTENT, doc_id, "document.yaml"))
    target = exc.filename or out / doc_id
    return Problem(_("cannot write {file}: {error}", file=target, error=exc.strerror or exc), where,
                   _("check that {folder} is a folder you may write to, with free space; the previous output is kept",
                     folder=out), code=Code.WRITE, document=doc_id)
