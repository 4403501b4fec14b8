"""RENDER stage, views: what the templates print, prepared from the models: references and footnotes
resolved, budget tables as printed row groups, the table of contents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from nota.check.outline import Outline, Target
from nota.model.budget import BudgetTable, walk
from nota.model.document import Document
from nota.text import dutch, markdown


class Resolver:
    """Turns footnote and cross-references into links while a document renders (markdown.Resolver)."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.pending: list[str] = []
        self.uses: dict[str, int] = {}

    def footnote(self, fid: str) -> str:
        number = self.outline.footnotes[fid]
        self.uses[fid] = self.uses.get(fid, 0) + 1
        ref_id = f"fnref-{number}" if self.uses[fid] == 1 else f"fnref-{number}-{self.uses[fid]}"
        # On screen the reference links to the chapter's note list; in print to the note at the foot of
        # the page (the PDF link lets tests check that a note stands on the page of its reference).
        html = (f'<sup class="fn-ref"><a class="screen-only" href="#fn-{number}" id="{ref_id}" '
                f'role="doc-noteref"><span class="visually-hidden">voetnoot </span>{number}</a>'
                f'<a class="print-only" href="#fnbody-{number}">{number}</a></sup>')
        if self.uses[fid] == 1:
            self.pending.append(fid)
            body = markdown.render_inline(self.outline.footnote_text[fid], self)
            html += (f'<span class="fn-body" id="fnbody-{number}" data-n="{number}" aria-hidden="true">'
                     f'{body}</span>')
        return html

    def xref(self, target: str) -> tuple[str, str]:
        found = self.outline.targets[target]
        return found.label, found.anchor

    def take_notes(self) -> list[tuple[int, Markup]]:
        """The footnotes first referred to since the last call (for the end of a chapter on screen)."""
        notes = [(self.outline.footnotes[f], markdown.render_inline(self.outline.footnote_text[f], self))
                 for f in self.pending]
        self.pending = []
        return notes


# --- budget tables --------------------------------------------------------------------------------

@dataclass
class Cell:
    text: str
    numeric: bool = False
    negative: bool = False
    note: str | None = None


@dataclass
class PrintedRow:
    """One row of a budget table as printed: a group heading, a row or a (sub)total."""

    kind: str  # "group" | "row" | "total"
    level: int
    label: Markup
    marker: str | None = None
    taakveld: str | None = None
    party: str | None = None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class PrintedTable:
    """A budget table as printed: its rows in groups (one <tbody> each), and its corrections."""

    table: BudgetTable
    target: Target
    bodies: list[list[PrintedRow]]
    wide: bool
    columns: int
    corrections: list[tuple[int, str, str]]  # (year, published, stated)
    id: str = ""  # the table's file name in tables/ (its downloads are named after it)

    @property
    def unit_note(self) -> str:
        return dutch.UNIT_NOTE[self.table.unit]


def column_count(table: BudgetTable) -> int:
    """The columns a budget table prints: its years, the description, and taakveld and party unless hidden."""
    return len(table.years) + 1 + sum(c is not None for c in (table.columns.taakveld, table.columns.party))


WIDE_COLUMNS = 8  # a budget table with this many columns is set on landscape pages


def _cells(amounts: Sequence[int | str | None]) -> list[Cell]:
    return [Cell(dutch.amount(a), True, isinstance(a, int) and a < 0) for a in amounts]


def printed_table(table: BudgetTable, target: Target, resolver: Resolver, table_id: str = "") -> PrintedTable:
    """A budget table in page-friendly row groups: each group's heading stays with its rows."""
    md = inline(resolver)
    bodies: list[list[PrintedRow]] = []
    pending: list[PrintedRow] = []  # headings waiting for the rows they head
    previous = ""
    for line in walk(table):
        if line.loc == ("total",):
            break
        node = line.node
        if line.kind == "group":
            pending.append(PrintedRow("group", line.depth, md(line.text), node.marker))
        elif line.kind == "row":
            row = PrintedRow("row", line.depth, md(line.text), node.marker, getattr(node, "taakveld", None),
                             getattr(node, "party", None), _cells(line.amounts))
            if pending or previous != "row":
                bodies.append([*pending, row])
                pending = []
            else:
                bodies[-1].append(row)
        else:
            subtotal = PrintedRow("total", line.depth, md(line.text), node.marker, cells=_cells(line.amounts))
            if not bodies or pending:
                bodies.append(pending)
                pending = []
            bodies[-1].append(subtotal)
        previous = line.kind
    corrections = []
    if table.total:
        total = PrintedRow("total", 0, md(table.total.label), table.total.marker, cells=_cells(table.total.amounts))
        for year, printed in sorted(table.total.published.items()):
            index = table.years.index(year)
            total.cells[index].note = "†"
            corrections.append((year, dutch.amount(printed), total.cells[index].text))
        bodies.append([total])
    columns = column_count(table)
    return PrintedTable(table, target, bodies, columns >= WIDE_COLUMNS, columns, corrections, table_id)


def inline(resolver: Resolver) -> Callable[[str], Markup]:
    return lambda text: markdown.render_inline(text, resolver)


# --- the table of contents -------------------------------------------------------------------------

@dataclass
class TocEntry:
    target: Target
    level: int
    children: list[TocEntry] = field(default_factory=list)


def toc(doc: Document, outline: Outline) -> list[TocEntry]:
    """Chapters and appendices with their numbered sections (two levels)."""
    entries = []
    for cf in doc.chapters:
        entry = TocEntry(outline.of(cf.chapter), 1)
        entry.children = [TocEntry(outline.of(s), 2) for s in cf.chapter.sections]
        entries.append(entry)
    return entries
