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
from nota.source import Loc
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
        # the page (the PDF link lets tests check that a note stands on the page of its reference); its
        # label is the PDF link's /Contents, what a screen reader says for it.
        html = (f'<sup class="fn-ref"><a class="screen-only" href="#fn-{number}" id="{ref_id}" '
                f'role="doc-noteref"><span class="visually-hidden">voetnoot </span>{number}</a>'
                f'<a class="print-only" href="#fnbody-{number}" aria-label="Voetnoot {number}">{number}</a></sup>')
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
    id: str = ""  # the id of its header cell (a group's label, a row's description)
    groups: tuple[str, ...] = ()  # the ids of the group labels above it, outer first


@dataclass
class PrintedTable:
    """A budget table as printed: its rows in groups (one <tbody> each), and its corrections.

    A table with group rows has labels that head the rows below them, up to the next label of their
    level: `scope` cannot say that (`colgroup` would mean the columns below), so such a table ties
    every cell to all its headers with ids and `headers` (WCAG 2.1 H43); the others use `scope`.
    """

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

    @property
    def grouped(self) -> bool:
        return any(row.kind == "group" for body in self.bodies for row in body)

    def column_id(self, column: str | int) -> str:
        """The id of a column's header: "taakveld", "description", "party" or a year."""
        order: list[str | int] = [c for c in ("taakveld", "description", "party")
                                  if c == "description" or getattr(self.table.columns, c) is not None]
        order += self.table.years
        return f"{self.target.anchor}-c{order.index(column) + 1}"

    def column_attrs(self, column: str | int) -> Markup:
        """The attributes that make a th in the header row head its column."""
        return Markup(' id="{}"').format(self.column_id(column)) if self.grouped else Markup(' scope="col"')

    def header_attrs(self, row: PrintedRow) -> Markup:
        """The attributes of a row's own header cell: a group label or a row's description."""
        if not self.grouped:
            return Markup(' scope="row"')
        over = [*row.groups] if row.kind == "group" else [*row.groups, self.column_id("description")]
        headers = Markup(' headers="{}"').format(" ".join(over)) if over else Markup("")
        return Markup(' id="{}"').format(row.id) + headers

    def cell_attrs(self, row: PrintedRow, column: str | int) -> Markup:
        """The attributes that tie a data cell to its group labels, its row and its column."""
        if not self.grouped:
            return Markup("")
        return Markup(' headers="{}"').format(" ".join([*row.groups, row.id, self.column_id(column)]))


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
    labels: dict[Loc, str] = {}  # a group's key path -> the id of its label
    for line in walk(table):
        if line.loc == ("total",):
            break
        node = line.node
        # the groups around a line (for a subtotal: also the group it totals), outer first
        around = tuple(labels[line.parent[:end]] for end in range(2, len(line.parent) + 1, 2))
        if line.kind == "group":
            labels[line.loc] = f"{target.anchor}-g{len(labels) + 1}"
            pending.append(PrintedRow("group", line.depth, md(line.text), node.marker, id=labels[line.loc],
                                      groups=around))
        elif line.kind == "row":
            row = PrintedRow("row", line.depth, md(line.text), node.marker, getattr(node, "taakveld", None),
                             getattr(node, "party", None), _cells(line.amounts), groups=around)
            if pending or previous != "row":
                bodies.append([*pending, row])
                pending = []
            else:
                bodies[-1].append(row)
        else:
            subtotal = PrintedRow("total", line.depth, md(line.text), node.marker, cells=_cells(line.amounts),
                                  groups=around)
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
    lines = [row for body in bodies for row in body if row.kind != "group"]
    for number, row in enumerate(lines, 1):
        row.id = f"{target.anchor}-r{number}"
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
