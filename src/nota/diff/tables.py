"""COMPARE stage, tables: budget tables cell by cell (with the totals other tables follow), plain tables.

Rows are matched in order by what they say (kind, level, description, taakveld, party), so a
changed amount is a changed cell of the same row, and a changed description is still that row.
A row with `equals:` carries the other table's total, rounded to its unit, for each year: when that
figure moves the row is marked as affected even if its own YAML did not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nota.diff.text import (
    PAIR_RATIO,
    Line,
    LineDiff,
    Refs,
    Word,
    align,
    diff_line,
    diff_lines,
    markdown_lines,
    plain_lines,
    ratio,
    whole,
)
from nota.errors import Location
from nota.model.content import BudgetGroup, BudgetTable, Table
from nota.model.document import Document, TableFile
from nota.text import dutch

Amount = int | str | None
Loc = tuple[int | str, ...]


class _NoRefs:
    """For signatures: references are compared by id, so their printed form does not matter."""

    def footnote(self, fid: str) -> str:
        return ""

    def xref(self, target: str) -> str:
        return ""


@dataclass(frozen=True)
class TRow:
    """A budget table line as compared: a group heading, a row or a (sub)total."""

    kind: str  # "group" | "row" | "total"
    level: int
    label: Line
    taakveld: str
    party: str
    marker: str
    amounts: dict[int, Amount]
    loc: Loc
    ref: dict[int, int] = field(default_factory=dict)  # the figure an `equals:` row must show, per year
    refers: str = ""  # what it follows: "wmo-meerjarenperspectief"

    @property
    def key(self) -> tuple[object, ...]:
        return (self.kind, self.level, self.label.key, self.taakveld, self.party)

    def cell_loc(self, year: int) -> Loc:
        return (*self.loc, "amounts", list(self.amounts).index(year))


def _label(text: str, refs: Refs) -> Line:
    return markdown_lines(text, refs, inline=True)[0]


def flatten(doc: Document, table: BudgetTable, refs: Refs) -> list[TRow]:
    """Headings, rows and totals in the order they are printed."""
    rows: list[TRow] = []
    years = table.years

    def visit(node: BudgetTable | BudgetGroup, loc: Loc, level: int) -> None:
        for i, r in enumerate(node.rows):
            ref, refers = _referenced(doc, table, r.equals)
            rows.append(TRow("row", level, _label(r.description, refs), r.taakveld or "", r.party or "",
                             r.marker or "", dict(zip(years, r.amounts, strict=False)), (*loc, "rows", i),
                             ref, refers))
        for i, g in enumerate(node.groups):
            here = (*loc, "groups", i)
            rows.append(TRow("group", level, _label(g.title, refs), "", "", g.marker or "", {}, here))
            visit(g, here, level + 1)
            if g.total:
                rows.append(TRow("total", level + 1, _label(g.total.label, refs), "", "", g.total.marker or "",
                                 dict(zip(years, g.total.amounts, strict=False)), (*here, "total")))

    visit(table, (), 0)
    if table.total:
        rows.append(TRow("total", 0, _label(table.total.label, refs), "", "", table.total.marker or "",
                         dict(zip(years, table.total.amounts, strict=False)), ("total",)))
    return rows


def _referenced(doc: Document, table: BudgetTable, equals: str | None) -> tuple[dict[int, int], str]:
    """The other table's total per year, rounded to this table's unit (as the check compares it)."""
    if not equals:
        return {}, ""
    other_id = equals.split(".")[0]
    other = doc.tables.get(other_id)
    if other is None or other.table.total is None:
        return {}, other_id
    totals = zip(other.table.years, other.table.total.amounts, strict=False)
    return {y: dutch.to_unit(v, table.unit) for y, v in totals if isinstance(v, int)}, other_id


def table_signature(doc: Document, table_id: str) -> tuple[object, ...]:
    """Everything a reader sees of a budget table, including the figures it follows from other tables."""
    tf = doc.tables.get(table_id)
    if tf is None:
        return ("missing", table_id)
    t, refs = tf.table, _NoRefs()
    rows = tuple((r.key, r.marker, tuple(r.amounts.items()), tuple(r.ref.items()))
                 for r in flatten(doc, t, refs))
    return (_label(t.title, refs).key, t.unit, t.unit_marker, tuple(t.years), t.columns.model_dump_json(),
            rows, tuple(line.key for line in note_lines(t, refs)))


def note_lines(table: BudgetTable, refs: Refs) -> list[Line]:
    """The unit note, the notes with their markers, and the remarks under the table."""
    lines = list(plain_lines(dutch.UNIT_NOTE[table.unit]))
    for note in table.notes:
        lines.append(Line("p", (Word(note.marker), *_label(note.text, refs).words)))
    for remark in table.remarks:
        lines += markdown_lines(remark, refs)
    return lines


# --- the budget table view ------------------------------------------------------------------------

@dataclass
class CellView:
    status: str  # "same" | "changed" | "inserted" | "deleted" | "affected"
    old: str = ""
    new: str = ""
    delta: str = ""
    negative: bool = False
    ref: tuple[str, str] | None = None  # the followed total before and after, when it moved
    where: Location | None = None
    problems: list[Any] = field(default_factory=list)


@dataclass
class RowView:
    kind: str  # "group" | "row" | "total" | "gap"
    status: str  # "same" | "changed" | "inserted" | "deleted" | "affected"
    level: int = 0
    label: LineDiff | None = None
    taakveld: LineDiff | None = None
    party: LineDiff | None = None
    marker: str = ""
    cells: list[CellView] = field(default_factory=list)
    gap: int = 0
    refers: str = ""
    anchor: str = ""
    where: Location | None = None
    problems: list[Any] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Any]:
        return [*self.problems, *(p for c in self.cells for p in c.problems)]

    @property
    def changed_cells(self) -> list[tuple[int, CellView]]:
        return [(i, c) for i, c in enumerate(self.cells) if c.status != "same"]


@dataclass
class BudgetView:
    id: str
    title: LineDiff
    unit_note: str
    years: list[tuple[int, str]]  # (year, status)
    taakveld: str | None
    description: str
    party: str | None
    all_rows: list[RowView]  # every row; `rows` folds the unchanged ones
    notes: list[LineDiff]
    where: Location | None = None  # the table file, for problems about the table as a whole
    problems: list[Any] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return len(self.years) + 1 + (self.taakveld is not None) + (self.party is not None)

    @property
    def cells_changed(self) -> int:
        return sum(len(r.changed_cells) for r in self.all_rows)

    @property
    def rows(self) -> list[RowView]:
        """The rows to print: folded only now, after problems were attached (a row with one stays)."""
        return _collapse(self.all_rows)


def signed(value: int) -> str:
    """A difference: +10.000 or −10.000."""
    return f"+{dutch.number(value)}" if value > 0 else dutch.number(value)


def _cell(year: int, a: TRow | None, b: TRow | None, source: TableFile | None) -> CellView:
    missing = object()
    va = a.amounts.get(year, missing) if a else missing
    vb = b.amounts.get(year, missing) if b else missing
    where = source.source.locate(b.cell_loc(year)) if b and source and vb is not missing else None
    old = "" if va is missing else dutch.amount(va)  # type: ignore[arg-type]
    new = "" if vb is missing else dutch.amount(vb)  # type: ignore[arg-type]
    negative = isinstance(vb, int) and vb < 0
    if va is missing or vb is missing:
        return CellView("deleted" if vb is missing else "inserted", old, new, negative=negative, where=where)
    if va != vb:
        delta = signed(vb - va) if isinstance(va, int) and isinstance(vb, int) else ""
        return CellView("changed", old, new, delta, negative, where=where)
    ref = _ref_moved(year, a, b)
    return CellView("affected" if ref else "same", old, new, negative=negative, ref=ref, where=where)


def _ref_moved(year: int, a: TRow | None, b: TRow | None) -> tuple[str, str] | None:
    before = a.ref.get(year) if a else None
    after = b.ref.get(year) if b else None
    if before is None or after is None or before == after:
        return None
    return dutch.amount(before), dutch.amount(after)


def _plain_diff(old: str, new: str) -> LineDiff | None:
    """A plain field (taakveld, party) word-diffed; None when it is empty in both versions."""
    if not old and not new:
        return None
    empty = (Line("p", ()),)
    return diff_line((plain_lines(old) or empty)[0], (plain_lines(new) or empty)[0])


def _row(a: TRow | None, b: TRow | None, years: list[int], source: TableFile | None,
         names: dict[str, str]) -> RowView:
    row = b or a
    assert row is not None
    cells = [_cell(y, a, b, source) for y in years] if row.kind != "group" else []
    label = diff_line(a.label, b.label) if a and b else whole(row.label, "insert" if b else "delete")
    taakveld = _plain_diff(a.taakveld if a else "", b.taakveld if b else "")
    party = _plain_diff(a.party if a else "", b.party if b else "")
    view = RowView(row.kind, "", row.level, label, taakveld, party, row.marker, cells,
                   refers=names.get(row.refers, row.refers),
                   where=source.source.locate(row.loc) if b and source else None)
    view.status = _row_status(view, a, b)
    return view


def _row_status(view: RowView, a: TRow | None, b: TRow | None) -> str:
    if a is None or b is None:
        return "inserted" if a is None else "deleted"
    texts = [t for t in (view.label, view.taakveld, view.party) if t is not None]
    if any(t.status != "same" for t in texts) or a.marker != b.marker:
        return "changed"
    states = {c.status for c in view.cells}
    return "changed" if states - {"same", "affected"} else ("affected" if "affected" in states else "same")


def _collapse(rows: list[RowView]) -> list[RowView]:
    """Keep what changed, the headings above it and the grand total; fold the rest into gaps."""
    keep = [r.status != "same" or bool(r.all_problems) or (r.kind == "total" and r.level == 0) for r in rows]
    for i, r in enumerate(rows):
        if r.kind == "group":
            end = next((k for k in range(i + 1, len(rows)) if rows[k].level <= r.level), len(rows))
            keep[i] = keep[i] or any(keep[i + 1 : end])
    out: list[RowView] = []
    for r, kept in zip(rows, keep, strict=True):
        if kept:
            out.append(r)
        elif out and out[-1].kind == "gap":
            out[-1].gap += 1
        else:
            out.append(RowView("gap", "same", r.level, gap=1))
    return out


Version = tuple[Document, TableFile]


def budget_view(table_id: str, old: Version | None, new: Version | None, old_refs: Refs, new_refs: Refs,
                names: dict[str, str]) -> BudgetView:
    """A budget table as a redline: changed cells with old, new and difference; unchanged rows folded."""
    shown = new or old
    assert shown is not None
    table = shown[1].table
    ta = flatten(old[0], old[1].table, old_refs) if old else []
    tb = flatten(new[0], new[1].table, new_refs) if new else []
    ya, yb = (old[1].table.years if old else []), (new[1].table.years if new else [])
    years = sorted(set(ya) | set(yb))
    source = new[1] if new else None
    pairs = align(ta, tb, lambda r: r.key, _alike_rows)
    rows = [_row(a, b, years, source, names) for a, b in pairs]
    title = diff_lines([_label(old[1].table.title, old_refs)] if old else [],
                       [_label(new[1].table.title, new_refs)] if new else [])[0]
    notes = diff_lines(note_lines(old[1].table, old_refs) if old else [],
                       note_lines(new[1].table, new_refs) if new else [])
    statuses = [(y, "same" if y in ya and y in yb else ("inserted" if y in yb else "deleted")) for y in years]
    return BudgetView(table_id, title, dutch.UNIT_NOTE[table.unit], statuses, table.columns.taakveld,
                      table.columns.description, table.columns.party, rows,
                      notes if any(n.status != "same" for n in notes) else [],
                      Location(source.source.path) if source else None)


def _alike_rows(x: TRow, y: TRow) -> bool:
    """Two rows in a changed stretch are one row edited when they are of a kind and read alike."""
    return x.kind == y.kind and ratio([w.ident for w in x.label.words], [w.ident for w in y.label.words]) >= 0.5


# --- plain tables ---------------------------------------------------------------------------------

@dataclass
class PlainTableView:
    caption: LineDiff | None
    columns: list[LineDiff]
    rows: list[tuple[str, list[list[LineDiff]]]]  # (status, cells: lines per cell)

    @property
    def cells_changed(self) -> int:
        return sum(any(line.status != "same" for line in cell) for _, cells in self.rows for cell in cells)


def plain_table_view(a: Table | None, b: Table | None, old_refs: Refs, new_refs: Refs) -> PlainTableView:
    """A plain table cell by cell: rows paired by order and likeness, each cell word-diffed."""
    def cells(t: Table | None, refs: Refs) -> list[list[tuple[Line, ...]]]:
        return [[markdown_lines(c, refs) for c in row] for row in t.rows] if t else []

    ra, rb = cells(a, old_refs), cells(b, new_refs)

    def words(row: list[tuple[Line, ...]]) -> list[object]:
        return [w.ident for cell in row for line in cell for w in line.words]

    def key(row: list[tuple[Line, ...]]) -> object:
        return tuple(line.key for cell in row for line in cell)

    pairs = align(ra, rb, key, lambda x, y: ratio(words(x), words(y)) >= PAIR_RATIO)
    rows = [_plain_row(x, y) for x, y in pairs]
    cap_a = markdown_lines(a.caption, old_refs, inline=True) if a else ()
    cap_b = markdown_lines(b.caption, new_refs, inline=True) if b else ()
    caption = next(iter(diff_lines(cap_a, cap_b)), None)
    columns = diff_lines([plain_lines(c)[0] for c in (a.columns if a else [])],
                         [plain_lines(c)[0] for c in (b.columns if b else [])])
    return PlainTableView(caption, columns, rows)


def _plain_row(x: list[tuple[Line, ...]] | None,
               y: list[tuple[Line, ...]] | None) -> tuple[str, list[list[LineDiff]]]:
    if x is None or y is None:
        op = "insert" if x is None else "delete"
        return ("inserted" if x is None else "deleted", [[whole(line, op) for line in cell] for cell in (y or x or [])])
    width = max(len(x), len(y))
    cells = [diff_lines(x[i] if i < len(x) else (), y[i] if i < len(y) else ()) for i in range(width)]
    changed = any(line.status != "same" for cell in cells for line in cell)
    return ("changed" if changed else "same", cells)
