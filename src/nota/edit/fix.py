"""EDIT stage, `nota fix`: rewrite the figures the rows determine, in the YAML files, in place.

Each named document is loaded exactly as `check` loads it, under the same deadline. A document one
of whose files does not load (or validate) is not touched at all: its problems are returned instead.
The others are settled (edit/settle.py) and each changed figure is spliced into its file
(edit/yamledit.py). Nothing is written until every changed file of every document has been made
and read back; then all are written together (edit/files.py), or, with a dry run, none.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from nota import guard, limits
from nota.check.outline import build_outline
from nota.check.recipe import failure
from nota.edit.files import replace_all
from nota.edit.settle import Change, settle
from nota.edit.yamledit import Edit, EditError, splice
from nota.errors import Code, Problem, sort_key
from nota.i18n import _
from nota.model.document import Document, load_document, select
from nota.source import Location


@dataclass(frozen=True)
class Shown:
    """One change as the user sees it: `path:line: old → new (what)`."""

    where: Location
    old: int | str | None
    new: int
    what: str

    def __str__(self) -> str:
        return f"{self.where.path.as_posix()}:{self.where.line}: {self.old} → {self.new} ({self.what})"


@dataclass
class FixReport:
    """What one run found: the changes, the rewritten files (old and new text), and the problems."""

    changes: list[Shown] = field(default_factory=list)
    files: dict[Path, tuple[str, str]] = field(default_factory=dict)  # path from the root -> (before, after)
    problems: list[Problem] = field(default_factory=list)
    untouched: list[str] = field(default_factory=list)  # documents left alone because of their problems
    written: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether something could not be settled: a document left alone, or an error (a circle of equals:)."""
        return bool(self.untouched) or any(p.is_error for p in self.problems)

    def diff(self) -> str:
        """A unified diff of every file that changes, as `git diff` would show it."""
        return "".join("".join(difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            f"a/{path.as_posix()}", f"b/{path.as_posix()}")) for path, (before, after) in sorted(self.files.items()))


def fix(root: Path, names: tuple[str, ...] = (), dry_run: bool = False) -> FixReport:
    """Settle every named document (all when none are named); write the changed files unless `dry_run`."""
    report = FixReport()
    for doc_id in select(root, names):
        try:
            with guard.deadline(limits.CHECK_SECONDS, _("fixing")):
                _fix_one(root, doc_id, report)
        except Exception as exc:  # never a traceback; this document is left as it was
            report.problems += failure(doc_id, exc, "fixing")
            report.untouched.append(doc_id)
    if report.files and not dry_run:
        try:
            report.written = replace_all({root / path: after.encode("utf-8")
                                          for path, (_before, after) in report.files.items()})
        except OSError as exc:  # a full disk, a read-only file: say so; every file is as it was
            report.problems.append(Problem(_("cannot write {file}: {error}", file=exc.filename or _("the files"),
                                             error=exc.strerror or exc), Location(next(iter(sorted(report.files)))),
                                           _("nothing was changed; check that the files may be written and the disk "
                                             "has room"), code=Code.WRITE))
            report.untouched = sorted({p.parts[1] for p in report.files if len(p.parts) > 1} | set(report.untouched))
            report.changes = []
    report.problems.sort(key=sort_key)
    return report


def _fix_one(root: Path, doc_id: str, report: FixReport) -> None:
    doc, problems = load_document(root, doc_id)
    errors = [p for p in problems if p.is_error]
    if doc is None or errors:
        report.problems += errors
        report.untouched.append(doc_id)
        return
    changes, notes = settle(doc, build_outline(doc))
    report.problems += notes
    try:
        files = texts(root, doc, changes)
    except EditError as exc:
        report.problems.append(Problem(_("cannot rewrite this file in place: {reason}", reason=exc.reason),
                                       Location(exc.path), _("write the figures nota check gives by hand; nothing in "
                                                             "this document was changed"), code=Code.WRITE,
                                       document=doc_id))
        report.untouched.append(doc_id)
        return
    report.files.update(files)
    report.changes += [shown(doc, change) for change in changes]


def texts(root: Path, doc: Document, changes: list[Change]) -> dict[Path, tuple[str, str]]:
    """Each changed table file's text before and after its figures are spliced in (EditError if one cannot be)."""
    files: dict[Path, tuple[str, str]] = {}
    for tid in sorted({change.table for change in changes}):
        tf = doc.tables[tid]
        before = (root / tf.source.path).read_text(encoding="utf-8")
        bom = "\ufeff" if before.startswith("\ufeff") else ""  # the loader reads past it; keep it as it was
        edits = [Edit(change.loc, change.new) for change in changes if change.table == tid]
        files[tf.source.path] = (before, bom + splice(tf.source, before.removeprefix(bom), edits))
    return files


def shown(doc: Document, change: Change) -> Shown:
    because = f", {change.because}" if change.because else ""
    return Shown(doc.tables[change.table].source.locate(change.loc), change.old, change.new,
                 f"{change.table}, {change.what} {change.year}{because}")
