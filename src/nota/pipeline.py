"""The stages in order: load → model → check → render → write. No message formatting here.

`check` is the first half of `build`. A document with errors is not rendered and none of its files
are written; the other documents still build.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nota import limits
from nota.check.outline import Outline, build_outline
from nota.check.rules import check_document
from nota.errors import BuildError, Location, Problem, Severity, sort_key
from nota.model.document import CONTENT, Document, load_document, select
from nota.model.theme import Theme, load_theme


@dataclass
class Checked:
    """One document after LOAD, MODEL and CHECK."""

    id: str
    document: Document | None
    outline: Outline | None
    theme: Theme | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.document is not None and self.theme is not None and not any(p.is_error for p in self.problems)


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


def check_one(root: Path, doc_id: str, strict: bool = False) -> Checked:
    """Load, validate and check one document; a failure inside is a problem of that document, not a crash."""
    try:
        with limits.deadline(limits.CHECK_SECONDS, "checking"):
            return _check_one(root, doc_id, strict)
    except Exception as exc:  # never a traceback, and the other documents are still checked
        return Checked(doc_id, None, None, None, _failure(doc_id, exc, "checking"))


def _failure(doc_id: str, exc: Exception, stage: str) -> list[Problem]:
    """Why a document could not be checked or built: its located problems, or one at its document.yaml."""
    where = Location(Path(CONTENT, doc_id, "document.yaml"))
    if isinstance(exc, BuildError):
        if exc.problems:
            return list(exc.problems)
        hint = getattr(exc, "hint", "") or "nothing was written for this document; its previous output is kept"
        return [Problem(str(exc).removeprefix(f"{doc_id}: "), where, hint, code="render", document=doc_id)]
    return [Problem(f"internal error while {stage} this document: {type(exc).__name__}: {exc}", where,
                    "this is a bug in nota, not in the content: please report it with this message",
                    code="internal", document=doc_id)]


def _render(root: Path, checked: Checked, pdf: bool, say: Callable[[str], None]) -> dict[str, bytes]:
    """RENDER the HTML edition, then typeset the PDF from its print HTML."""
    from nota.publish.pdf import html_to_pdf
    from nota.render.html import render_document

    assert checked.document and checked.outline and checked.theme
    doc_id = checked.id
    say(f"{doc_id}: rendering HTML")
    edition = render_document(root, checked.document, checked.outline, checked.theme)
    if pdf:
        say(f"{doc_id}: typesetting PDF")
        edition.files[f"{doc_id}.pdf"] = html_to_pdf(edition.print_html, edition.files, doc_id, edition.places,
                                                     edition.refit)
    return edition.files


def _theme(root: Path, doc: Document) -> tuple[Theme | None, list[Problem]]:
    """The document's theme; a name with no file in templates/themes/ is an error at its line."""
    themes = root / "templates" / "themes"
    if not (themes / f"{doc.meta.theme}.yaml").is_file():
        known = sorted(p.stem for p in themes.glob("*.yaml"))
        close = difflib.get_close_matches(doc.meta.theme, known, n=1)
        hint = (f"did you mean {close[0]}? " if close else "") + f"themes in templates/themes/: {', '.join(known)}"
        return None, [Problem(f'theme "{doc.meta.theme}" does not exist', doc.meta_source.locate(("theme",)),
                              hint, code="missing-file", document=doc.id)]
    return load_theme(root, doc.meta.theme)


def _write_failure(doc_id: str, out: Path, exc: OSError) -> Problem:
    where = Location(Path(CONTENT, doc_id, "document.yaml"))
    target = exc.filename or out / doc_id
    return Problem(f"cannot write {target}: {exc.strerror or exc}", where,
                   f"check that {out} is a folder you may write to, with free space; the previous output is kept",
                   code="write", document=doc_id)


def _check_one(root: Path, doc_id: str, strict: bool) -> Checked:
    doc, problems = load_document(root, doc_id, partial=True)
    outline = theme = None
    if doc is not None and any(p.is_error for p in problems):  # some files did not load: not buildable
        problems += check_document(doc, build_outline(doc), complete=False)
        doc = None
    if doc is not None:
        outline = build_outline(doc)
        problems += check_document(doc, outline)
        theme, theme_problems = _theme(root, doc)
        problems += theme_problems
    if strict:
        problems = [p.promoted() if p.severity is Severity.WARNING else p for p in problems]
    return Checked(doc_id, doc, outline, theme, sorted(problems, key=sort_key))


def check(root: Path, names: tuple[str, ...] = (), strict: bool = False) -> list[Checked]:
    """Check the named documents (all when none are named); write nothing."""
    return [check_one(root, doc_id, strict) for doc_id in select(root, names)]


def build(root: Path, out: Path, names: tuple[str, ...] = (), *, pdf: bool = True, strict: bool = False,
          progress: Callable[[str], None] | None = None) -> BuildReport:
    """Check, render and write every named document that has no errors."""
    from nota.publish.output import write_files

    report = BuildReport(check(root, names, strict))
    for checked in report.checked:
        if not checked.ok or checked.document is None or checked.outline is None or checked.theme is None:
            continue
        started = time.perf_counter()
        try:
            with limits.deadline(limits.RENDER_SECONDS, "rendering"):
                files = _render(root, checked, pdf, progress or (lambda _message: None))
        except Exception as exc:  # a refused URL, a limit or a bug stops this document only
            checked.problems += _failure(checked.id, exc, "building")
            continue
        try:
            report.written[checked.id] = write_files(out / checked.id, files)
        except OSError as exc:  # a full disk, a file where a folder should be: say so, keep the old output
            checked.problems.append(_write_failure(checked.id, out, exc))
            continue
        report.seconds[checked.id] = time.perf_counter() - started
    return report
