"""COMPARE stage, summary: number every change, link moves both ways, count changes per chapter.

Anchors are given in page order (w-1, w-2, ...), so the same two versions always give the same page.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from nota.diff.plaintable import PlainTableView
from nota.diff.tables import RedlineRow, RedlineTable
from nota.diff.view import ChapterView, UnitView, excerpt
from nota.model.blocks import NOUNS
from nota.source import Location

# (key, column heading, one, more): the summary counts these per chapter
CATEGORIES = (("alineas", "Alinea’s", "alinea", "alinea’s"), ("focuspunten", "Focuspunten", "focuspunt", "focuspunten"),
              ("tabelcellen", "Tabelcellen", "tabelcel", "tabelcellen"))
KIND_NAMES = {"lead": "Inleidende tekst", "heading": "Kop", "footnote": "Voetnoot",
              **{kind: noun.capitalize() for kind, noun in NOUNS.items()}}
VERBS = {"changed": "gewijzigd", "inserted": "toegevoegd", "deleted": "verwijderd", "moved": "verplaatst",
         "affected": "geraakt", "added": "toegevoegd", "removed": "verwijderd"}


@dataclass
class Change:
    """One entry in the list of changes at the top of the page."""

    anchor: str
    category: str  # a key of CATEGORIES, or "gegevens"
    count: int
    text: str


@dataclass
class SummaryRow:
    """One chapter's line in the summary table."""

    title: str
    anchor: str
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


def kind_label(u: UnitView) -> str:
    """The small label above a block on the page ('Focuspunt b', 'Voetnoot 3'); none for plain text."""
    if u.kind in ("text", "heading", "lead", "table", "budget"):
        return ""
    return f"{KIND_NAMES[u.kind]} {u.number}" if u.number else KIND_NAMES[u.kind]


def unit_name(u: UnitView) -> str:
    """How the list of changes names a unit: 'Tabel 3', 'Focuspunt ‘Buurthub’', 'Alinea'."""
    name = KIND_NAMES[u.kind]
    if u.number and u.kind in ("table", "budget", "figure", "footnote"):
        return f"{name} {u.number}"
    if u.kind in ("focuspoint", "heading"):
        titles = [line for line in u.lines if line.role == "title"] or u.lines
        return f"{name} ‘{excerpt(titles, 12)}’"
    return name


def unit_text(u: UnitView) -> str:
    verb = "verplaatst en gewijzigd" if u.edited else VERBS[u.status]
    quoted = u.kind not in ("focuspoint", "heading", "table", "budget", "figure")
    return f"{unit_name(u)} {verb}" + (f": “{excerpt(u.lines)}”" if quoted and u.lines else "")


def _cells_text(view: RedlineTable, row: RedlineRow) -> str:
    parts = []
    for i, cell in row.changed_cells:
        year = view.years[i][0]
        if cell.status == "changed":
            parts.append(f"{year} {cell.old} → {cell.new}" + (f" ({cell.delta})" if cell.delta else ""))
        elif cell.status == "affected" and cell.ref:
            parts.append(f"{year} {cell.ref[0]} → {cell.ref[1]}")
    return "; ".join(parts)


def row_text(name: str, view: RedlineTable, row: RedlineRow) -> str:
    """'Tabel 3, ‘kosten toezicht Wmo’: 2022 −28.000 → −38.000 (−10.000)'."""
    label = excerpt([row.label], 10) if row.label else ""
    what = {"group": "kop", "total": "totaal"}.get(row.kind, "regel")
    if row.status in ("inserted", "deleted"):
        return f"{name}: {what} ‘{label}’ {VERBS[row.status]}"
    cells = _cells_text(view, row)
    if row.status == "affected":
        return f"{name}, ‘{label}’: het totaal van {row.refers}, dat deze regel volgt, is veranderd ({cells})"
    return f"{name}, {'totaal ' if row.kind == 'total' else ''}‘{label}’: {cells or 'omschrijving gewijzigd'}"


class _Numbering:
    def __init__(self) -> None:
        self.counter = itertools.count(1)

    def next(self) -> str:
        return f"w-{next(self.counter)}"


def _category(u: UnitView) -> tuple[str, int]:
    if u.kind == "focuspoint":
        return "focuspunten", 1
    if isinstance(u.table, RedlineTable | PlainTableView):
        return "tabelcellen", u.table.cells_changed
    return "alineas", max(1, sum(line.status != "same" for line in u.lines) if u.status != "moved" else len(u.lines))


def _unit_changes(u: UnitView, numbers: _Numbering) -> Iterator[Change]:
    """The changes one unit contributes; budget tables contribute one per changed row."""
    if u.status == "same" and not u.problems:
        return
    u.anchor = numbers.next()
    if u.status in ("same", "moved-away"):
        return
    if isinstance(u.table, RedlineTable) and u.status in ("changed", "moved"):
        yield from _budget_changes(u, u.table, numbers)
        return
    category, count = _category(u)
    yield Change(u.anchor, category, count, unit_text(u))


def _budget_changes(u: UnitView, view: RedlineTable, numbers: _Numbering) -> Iterator[Change]:
    name = unit_name(u)
    for row in view.rows:
        if row.kind != "gap" and row.status != "same":
            row.anchor = numbers.next()
            yield Change(row.anchor, "tabelcellen", len(row.changed_cells), row_text(name, view, row))
    if u.status == "moved" or view.title.status != "same" or view.notes:
        yield Change(u.anchor, "tabelcellen", 0, f"{name} {'verplaatst' if u.status == 'moved' else 'gewijzigd'}")


def _link_moves(chapters: list[ChapterView]) -> None:
    units = [u for ch in chapters for u in ch.units]
    arrived = {id(u.new): u.anchor for u in units if u.status == "moved"}
    left = {id(u.old): u.anchor for u in units if u.status == "moved-away"}
    for u in units:
        if u.status == "moved":
            u.link = left.get(id(u.old), "")
        elif u.status == "moved-away":
            u.link = arrived.get(id(u.new), "")


def _chapter_changes(ch: ChapterView, numbers: _Numbering) -> SummaryRow:
    """A chapter's changes; a section inserted or deleted whole is one change with its blocks in it."""
    ch.anchor = f"h-{ch.id}"
    row = SummaryRow(ch.plain_title, ch.anchor, ch.status)
    whole_chapter = ch.status in ("added", "removed")
    if whole_chapter:
        row.changes.append(Change(ch.anchor, "alineas", 0, f"Hoofdstuk ‘{ch.plain_title}’ {VERBS[ch.status]}"))
    elif ch.title.status != "same":
        row.changes.append(Change(ch.anchor, "alineas", 1, f"Titel gewijzigd: ‘{ch.plain_title}’"))
    section: tuple[Change, UnitView] | None = None
    folded = 0
    for u in ch.units:
        found = list(_unit_changes(u, numbers))
        for change in found:
            row.counts[change.category] = row.counts.get(change.category, 0) + change.count
        inside = section is not None and u.status == section[1].status and (
            u.kind != "heading" or u.level > section[1].level)
        if inside:
            folded += 1
        else:
            if section is not None and folded:
                section[0].text += f", met {folded} onderde{'el' if folded == 1 else 'len'}"
            section, folded = None, 0
            if u.kind == "heading" and u.status in ("inserted", "deleted") and found:
                section = (found[0], u)
                found[0].text = f"Paragraaf ‘{excerpt(u.lines, 12)}’ {VERBS[u.status]}"
            row.changes += [] if whole_chapter else found
    if section is not None and folded:
        section[0].text += f", met {folded} onderde{'el' if folded == 1 else 'len'}"
    return row


def enumerate_changes(chapters: list[ChapterView], meta: list[Any],
                      problems: list[Any]) -> tuple[list[Change], list[SummaryRow]]:
    """Give every change an anchor; return the list of changes and the summary per chapter."""
    numbers, changes, summary = _Numbering(), [], []
    if meta:
        row = SummaryRow("Documentgegevens", "gegevens", "changed", {"gegevens": len(meta)})
        for m in meta:
            m.anchor = numbers.next()
            row.changes.append(Change(m.anchor, "gegevens", 1, f"{m.label}: {m.old} → {m.new}"))
        summary.append(row)
        changes += row.changes
    for ch in chapters:
        row = _chapter_changes(ch, numbers)
        if row.changes:
            summary.append(row)
            changes += row.changes
    for k, p in enumerate(problems, 1):
        p.anchor = f"c-{k}"
    _link_moves(chapters)
    return changes, summary


# --- where a problem belongs ----------------------------------------------------------------------

class ProblemIndex:
    """Find the unit, table row or cell a problem's location points at."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, int, int], Any] = {}
        self.by_path: dict[str, list[tuple[int, int, Any]]] = {}

    def add(self, where: Location | None, target: Any) -> None:
        if where is None:
            return
        self.exact.setdefault((where.path.as_posix(), where.line, where.column), target)
        self.by_path.setdefault(where.path.as_posix(), []).append((where.line, where.column, target))

    def find(self, where: Location) -> Any:
        """The target at exactly this place, else the last one that starts before it in the file."""
        path = where.path.as_posix()
        hit = self.exact.get((path, where.line, where.column))
        if hit is not None:
            return hit
        entries = sorted(self.by_path.get(path, []), key=lambda e: (e[0], e[1]))
        k = bisect_right([(e[0], e[1]) for e in entries], (where.line, where.column))
        return entries[k - 1][2] if k else None


def problem_index(chapters: list[ChapterView]) -> ProblemIndex:
    """Every place in the new version a problem can be shown at."""
    index = ProblemIndex()
    for ch in chapters:
        for u in ch.units:
            if u.new is None or u.status == "moved-away":
                continue
            index.add(u.new.place.source.locate(u.new.place.loc), u)
            if isinstance(u.table, RedlineTable):
                index.add(u.table.where, u.table)
                for row in u.table.all_rows:
                    index.add(row.where, row)
                    for cell in row.cells:
                        index.add(cell.where, cell)
    return index
