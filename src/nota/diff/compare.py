"""`diff`: compare two versions of each document and write a redlined review page for each that changed.

The stages are the build's: LOAD both versions (a git revision, another folder or the working tree),
MODEL and CHECK each, COMPARE the models (never the YAML text, so layout, key order, quoting and
comments are no change), RENDER the redline, WRITE output/diff/. Checks that fail in the new version
but not in the old one are shown where they apply.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nota.diff.changes import CATEGORIES, Change, SummaryRow, enumerate_changes, problem_index
from nota.diff.match import longest_increasing
from nota.diff.source import Loaded, Version, load, parse, versions
from nota.diff.units import Side
from nota.diff.view import ChapterView, chapters
from nota.errors import Problem, UsageError
from nota.i18n import _, ngettext, using
from nota.load.templates import Templates
from nota.model.content import Numbering
from nota.text import dutch, markdown

PAGE_LANGUAGE = "nl"  # the review page is Dutch (templates/diff/), whatever --lang the command runs in
META_FIELDS = (("title", "Titel"), ("subtitle", "Ondertitel"), ("organisation", "Organisatie"),
               ("status", "Status"), ("date", "Datum"), ("year", "Jaar"), ("version", "Versie"),
               ("budget_year", "Begrotingsjaar"), ("subject", "Onderwerp"), ("keywords", "Trefwoorden"),
               ("theme", "Huisstijl"), ("numbering", "Nummering"))


@dataclass
class MetaChange:
    label: str
    old: str
    new: str
    anchor: str = ""


@dataclass
class ProblemView:
    """A check that fails in the new version (or no longer fails), shown at the place it concerns."""

    severity: str
    message: str
    where: str
    hint: str
    anchor: str = ""
    placed: bool = False  # shown inside the redline (else only in the list at the top)

    @classmethod
    def of(cls, problem: Problem) -> ProblemView:
        return cls(problem.severity.value, problem.message, str(problem.where), problem.hint)


@dataclass
class DocumentDiff:
    """Everything the review page of one document shows."""

    id: str
    title: str
    base: str
    head: str
    status: str  # "same" | "changed" | "added" | "removed" | "unreadable"
    meta: list[MetaChange] = field(default_factory=list)
    chapters: list[ChapterView] = field(default_factory=list)
    problems: list[ProblemView] = field(default_factory=list)  # new in this version
    resolved: list[ProblemView] = field(default_factory=list)
    unreadable: list[ProblemView] = field(default_factory=list)  # why a version could not be read
    unreadable_side: str = ""
    changes: list[Change] = field(default_factory=list)
    summary: list[SummaryRow] = field(default_factory=list)
    meta_problems: list[ProblemView] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status != "same"

    @property
    def totals(self) -> dict[str, int]:
        """Changes counted per category over all chapters."""
        counts: Counter[str] = Counter()
        for row in self.summary:
            counts.update(row.counts)
        return dict(counts)

    @property
    def totals_text(self) -> str:
        """'3 wijzigingen: 1 alinea, 2 tabelcellen.'"""
        totals = self.totals
        parts = [f"{totals[key]} {one if totals[key] == 1 else more}"
                 for key, _, one, more in (*CATEGORIES, ("gegevens", "", "documentgegeven", "documentgegevens"))
                 if totals.get(key)]
        count = len(self.changes)
        head = f"{count} wijziging{'' if count == 1 else 'en'}"
        return f"{head}: {', '.join(parts)}." if parts else f"{head}."

    @property
    def errors(self) -> list[ProblemView]:
        return [p for p in self.problems if p.severity == "error"]


def _value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, dt.date):
        return dutch.date_nl(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, Numbering):
        kind = "genummerd" if value.chapters else "niet genummerd"
        return f"hoofdstukken {kind}, eerste tabel {value.first_table}, eerste figuur {value.first_figure}"
    return str(value)


def meta_changes(old: Side | None, new: Side | None) -> list[MetaChange]:
    """Document data that changed (status, date, version, title, ...), and the order of the chapters."""
    changes = []
    for name, label in META_FIELDS:
        before, after = (getattr(s.document.meta, name) if s else None for s in (old, new))
        if before != after:
            changes.append(MetaChange(label, _value(before), _value(after)))
    if old and new:
        changes += chapter_moves(old, new)
    return changes


def moved_chapters(old: Side, new: Side) -> list[str]:
    """Chapters in both versions whose place among the others changed (the fewest that explain it)."""
    ids = [[c.id for c in side.document.chapters] for side in (old, new)]
    common = [c for c in ids[1] if c in ids[0]]
    keep = longest_increasing([(ids[0].index(c), 0) for c in common])
    return [c for i, c in enumerate(common) if i not in keep]


def chapter_moves(old: Side, new: Side) -> list[MetaChange]:
    """'Plaats van ‘X’: na ‘A’ → na ‘B’' for each chapter that moved."""
    changes = []
    for cid in moved_chapters(old, new):
        places = []
        for side in (old, new):
            chapters_ = side.document.chapters
            k = [c.id for c in chapters_].index(cid)
            places.append(f"na ‘{markdown.plain(chapters_[k - 1].chapter.title)}’" if k else "vooraan")
        title = markdown.plain(next(c.chapter.title for c in new.document.chapters if c.id == cid))
        changes.append(MetaChange(f"Plaats van ‘{title}’", *places))
    return changes


def _ident(p: Problem) -> tuple[str, str, str]:
    return (p.severity.value, p.code, p.message)


def _unmatched(these: list[Problem], others: list[Problem], severity: bool = True) -> list[Problem]:
    """Problems of one version that the other version does not have (compared by what they say, and by
    severity unless told not to: a warning that became an error is new, but not resolved)."""
    def ident(p: Problem) -> tuple[str, str, str]:
        return _ident(p) if severity else ("", p.code, p.message)

    left = Counter(ident(p) for p in others)
    out = []
    for p in these:
        if left[ident(p)]:
            left[ident(p)] -= 1
        else:
            out.append(p)
    return out


def compare(doc_id: str, base: Loaded, head: Loaded, labels: tuple[str, str]) -> DocumentDiff:
    """The review page's content for one document."""
    old, new = base.side, head.side
    either = new or old
    title = either.document.meta.title if either else doc_id
    diff = DocumentDiff(doc_id, title, *labels, status="same")
    if head.present and new is None:
        diff.status, diff.unreadable_side = "unreadable", "nieuwe"
        diff.unreadable = [ProblemView.of(p) for p in head.problems if p.is_error]
        return diff
    if base.present and old is None:
        diff.unreadable_side = "oude"
        diff.unreadable = [ProblemView.of(p) for p in base.problems if p.is_error]
    diff.meta = meta_changes(old, new)
    diff.chapters = chapters(old, new)
    moved = set(moved_chapters(old, new)) if old and new else set()
    for ch in diff.chapters:
        ch.moved = ch.id in moved
    fresh = _unmatched(head.problems, base.problems)
    diff.problems = [ProblemView.of(p) for p in fresh]
    diff.resolved = [ProblemView.of(p) for p in _unmatched(base.problems, head.problems, severity=False)]
    _place_problems(diff, fresh)
    diff.changes, diff.summary = enumerate_changes(diff.chapters, diff.meta, diff.problems)
    if not head.present:
        diff.status = "removed"
    elif not base.present:
        diff.status = "added"
    elif diff.changes or diff.problems or diff.resolved or diff.unreadable:
        diff.status = "changed"
    return diff


def _place_problems(diff: DocumentDiff, fresh: list[Problem]) -> None:
    """Attach each new problem to the unit, table row or cell it points at (by file and line)."""
    index = problem_index(diff.chapters)
    for problem, view in zip(fresh, diff.problems, strict=True):
        target = index.find(problem.where)
        if target is not None:
            target.problems.append(view)
        elif problem.where.path.name == "document.yaml":
            diff.meta_problems.append(view)
        view.placed = target is not None or problem.where.path.name == "document.yaml"


@dataclass
class DiffReport:
    base: str
    head: str
    documents: list[DocumentDiff]
    written: list[Path] = field(default_factory=list)

    @property
    def changed(self) -> list[DocumentDiff]:
        return [d for d in self.documents if d.changed]


def _select(base: Version, head: Version, names: tuple[str, ...]) -> list[str]:
    known = sorted(set(base.documents()) | set(head.documents()))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(_("no document {names} in either version; known: {known}", names=", ".join(unknown),
                           known=", ".join(known) or _("none")))
    return list(dict.fromkeys(names)) if names else known


def run(root: Path, arguments: tuple[str, ...], base_dir: Path | None = None,
        out: Path | None = None) -> DiffReport:
    """Compare, render and write output/diff/: a page per changed document and an index."""
    from nota.diff.render import render_pages
    from nota.publish.output import prune, write_files

    request = parse(root, arguments, base_dir)
    with versions(root, request) as (base, head):
        labels = (base.label, head.label)
        templates = Templates.of(root)
        names = _select(base, head, request.documents)
        with using(PAGE_LANGUAGE):  # the checks' messages are shown on the page: in its language
            diffs = [compare(d, load(base, d, templates), load(head, d, templates), labels) for d in names]
    report = DiffReport(*labels, diffs)
    files = render_pages(root, diffs, labels)
    folder = (out or root / "output") / "diff"
    report.written = write_files(folder, files)
    prune(folder, files)
    return report


def report_lines(report: DiffReport) -> list[str]:
    """What the command prints: one line per changed document, or that nothing changed."""
    if not report.changed:
        return [_("no changes between {base} and {head}", base=report.base, head=report.head)]
    lines = []
    for d in report.changed:
        what = {"unreadable": _("cannot be read"), "added": _("new document"), "removed": _("removed")}.get(
            d.status) or ngettext("{n} change", "{n} changes", len(d.changes))
        if d.errors:
            what = _("{what}, {failing}", what=what,
                     failing=ngettext("{n} check now failing", "{n} checks now failing", len(d.errors)))
        lines.append(f"{d.id}: {what}")
    folder = report.written[0].parent if report.written else Path("output/diff")
    lines.append(_("review pages: {file}", file=folder / "index.html"))
    return lines
