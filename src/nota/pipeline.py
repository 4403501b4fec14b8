"""The stages in order: load → model → check → render → publish. No message formatting here.

`check` is the first half of `build` (the recipe in check/recipe.py). A document with errors is not
rendered and none of its files are written; the other documents still build.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nota import guard, limits
from nota.check.recipe import Checked, check_one, failure
from nota.errors import Code, Problem, sort_key
from nota.i18n import _
from nota.model.document import CONTENT, select
from nota.render.edition import Provenance
from nota.source import Location

Source = Callable[[Path, str], Provenance]  # (project folder, document) -> where its build comes from


@dataclass
class BuildReport:
    checked: list[Checked]
    written: dict[str, list[Path]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return sorted((p for c in self.checked for p in c.problems), key=sort_key)

    @property
    def failed(self) -> list[str]:
        return [c.id for c in self.checked if not c.ok]


def check(root: Path, names: tuple[str, ...] = (), strict: bool = False) -> list[Checked]:
    """Check the named documents (all when none are named); write nothing."""
    return [check_one(root, doc_id, strict) for doc_id in select(root, names)]


def build(root: Path, out: Path, names: tuple[str, ...] = (), *, pdf: bool = True, strict: bool = False,
          progress: Callable[[str], None] | None = None, source: Source | None = None) -> BuildReport:
    """Check, render and write every named document that has no errors.

    `source` says where a document's build comes from (the colophon); by default the git checkout the
    project is in (publish/provenance.py).
    """
    from nota.publish.output import write_files
    from nota.publish.provenance import provenance

    report = BuildReport(check(root, names, strict))
    for checked in report.checked:
        if not checked.ok:
            continue
        started = time.perf_counter()
        try:
            warnings: list[Problem] = []
            with guard.deadline(limits.RENDER_SECONDS, _("rendering")):
                files = render(root, checked, pdf, progress, (source or provenance)(root, checked.id), warnings)
        except Exception as exc:  # a refused URL, a limit or a bug stops this document only
            checked.problems += failure(checked.id, exc, "building")
            continue
        checked.problems += [w.promoted() for w in warnings] if strict else warnings
        if strict and warnings:  # --strict: a layout warning stops the document like an error
            continue
        try:
            report.written[checked.id] = write_files(out / checked.id, files)
        except OSError as exc:  # a full disk, a file where a folder should be: say so, keep the old output
            checked.problems.append(_write_failure(checked.id, out, exc))
            continue
        report.seconds[checked.id] = time.perf_counter() - started
    return report


def render(root: Path, checked: Checked, pdf: bool, say: Callable[[str], None] | None,
           origin: Provenance, warnings: list[Problem] | None = None) -> dict[str, bytes]:
    """RENDER the HTML edition, typeset the PDF from its print HTML, then finish the screen page, which
    links the PDF with its size (with --html-only there is no PDF, and the page does not link one).
    The layout's warnings (a runt page) are added to `warnings`. The caller sets the deadline; nota
    preview's PDF helper process calls this too."""
    from nota.publish.pdf import html_to_pdf
    from nota.render.html import render_document

    assert checked.document and checked.outline and checked.theme
    doc_id = checked.id
    say = say or (lambda _message: None)
    say(_("{document}: rendering HTML", document=doc_id))
    edition = render_document(root, checked.document, checked.outline, checked.theme, origin)
    files = edition.files
    if pdf:
        say(_("{document}: typesetting PDF", document=doc_id))
        typeset = html_to_pdf(edition.print_html, files, doc_id, edition.places, edition.refit)
        files[f"{doc_id}.pdf"] = typeset.pdf
        if warnings is not None:
            warnings += typeset.warnings
    files[f"{doc_id}.html"] = edition.screen(len(files[f"{doc_id}.pdf"]) if pdf else None).encode()
    return files


def _write_failure(doc_id: str, out: Path, exc: OSError) -> Problem:
    where = Location(Path(CONTENT, doc_id, "document.yaml"))
    target = exc.filename or out / doc_id
    return Problem(_("cannot write {file}: {error}", file=target, error=exc.strerror or exc), where,
                   _("check that {folder} is a folder you may write to, with free space; the previous output is kept",
                     folder=out), code=Code.WRITE, document=doc_id)
