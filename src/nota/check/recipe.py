"""CHECK stage, the recipe: load, validate and check one document under the CHECK_SECONDS deadline.

Every command runs this one recipe (`build`, `check`, `diff`, `preview`), so each judges content
the same way and under the same limits: untrusted content gets no more time in one command than in
another. A failure inside is a problem of that document, never a crash.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from nota import guard, limits
from nota.check.outline import Outline, build_outline
from nota.check.rules import check_document, check_partial
from nota.errors import BuildError, Code, Problem, Severity, sort_key
from nota.i18n import N_, _
from nota.load.safefs import UnsafeFile
from nota.load.templates import Templates
from nota.model.document import CONTENT, Document, load_document
from nota.model.theme import Theme, load_theme
from nota.source import Location
from nota.text import markdown


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


def check_one(root: Path, doc_id: str, strict: bool = False, templates: Templates | None = None) -> Checked:
    """Load, validate and check one document of the project at `root`.

    `templates` is where themes are found (default: the project's templates/, then nota's own);
    `diff` passes the working tree's, so that an older version of the content is judged with today's.
    """
    markdown.forget()
    try:
        with guard.deadline(limits.CHECK_SECONDS, _("checking")):
            return _check_one(root, doc_id, strict, templates or Templates.of(root))
    except Exception as exc:  # never a traceback, and the other documents are still checked
        return Checked(doc_id, None, None, None, failure(doc_id, exc))


def _check_one(root: Path, doc_id: str, strict: bool, templates: Templates) -> Checked:
    doc, problems = load_document(root, doc_id, partial=True)
    outline = theme = None
    if doc is not None and any(p.is_error for p in problems):  # some files did not load: not buildable
        problems += check_partial(doc)
        doc = None
    if doc is not None:
        outline = build_outline(doc)
        problems += check_document(doc, outline)
        theme, theme_problems = _theme(templates, doc)
        problems += theme_problems
    if strict:
        problems = [p.promoted() if p.severity is Severity.WARNING else p for p in problems]
    return Checked(doc_id, doc, outline, theme, sorted(problems, key=sort_key))


def _theme(templates: Templates, doc: Document) -> tuple[Theme | None, list[Problem]]:
    """The document's theme; a name with no theme file is an error at its line."""
    where = doc.meta_source.locate(("theme",))
    try:
        path = templates.find(f"themes/{doc.meta.theme}.yaml")
    except UnsafeFile as exc:
        return None, [Problem(_('theme "{name}" {reason}', name=doc.meta.theme, reason=exc.reason), where, exc.hint,
                              code=Code.FILE, document=doc.id)]
    if path is None:
        known = ", ".join(templates.names("themes", ".yaml"))
        close = difflib.get_close_matches(doc.meta.theme, templates.names("themes", ".yaml"), n=1)
        hint = (_("did you mean {meant}? themes: {themes} (add your own in templates/themes/)", meant=close[0],
                  themes=known) if close else _("themes: {themes} (add your own in templates/themes/)", themes=known))
        return None, [Problem(_('theme "{name}" does not exist', name=doc.meta.theme), where, hint,
                              code=Code.MISSING_FILE, document=doc.id)]
    return load_theme(path, templates.shown(path))


# what a document was being done when nota failed on it, as the message says it
_INTERNAL = {"checking": N_("internal error while checking this document: {error}"),
             "building": N_("internal error while building this document: {error}"),
             "fixing": N_("internal error while fixing this document: {error}"),
             "rendering": N_("internal error while rendering this document: {error}"),
             "typesetting": N_("internal error while typesetting this document: {error}")}


def failure(doc_id: str, exc: Exception, stage: str = "checking") -> list[Problem]:
    """Why a document could not be checked, built or fixed (`stage`): its located problems, or one at its
    document.yaml."""
    where = Location(Path(CONTENT, doc_id, "document.yaml"))
    if isinstance(exc, BuildError):
        if exc.problems:
            return [problem.of(doc_id) for problem in exc.problems]
        hint = exc.hint or _("nothing was written for this document; its previous output is kept")
        return [Problem(str(exc).removeprefix(f"{doc_id}: "), where, hint, code=Code.RENDER, document=doc_id)]
    message = _(_INTERNAL.get(stage, _INTERNAL["checking"]), error=f"{type(exc).__name__}: {exc}")
    return [Problem(message, where, _("this is a bug in nota, not in the content: please report it with this message"),
                    code=Code.INTERNAL, document=doc_id)]
