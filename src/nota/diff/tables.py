"""COMPARE stage, budget tables: cell by cell, with the totals other tables follow.

Rows are matched in order by what they say (kind, level, description, taakveld, party), so a
changed amount is a changed cell of the same row, and a changed description is still that row.
A row with `equals:` carries the other table's total, rounded to its unit, for each year: when that
figure moves the row is marked as affected even if its own YAML did not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nota.diff.text import (
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
from nota.model.budget import BudgetRow, BudgetTable, restated, walk
from nota.model.document import Document, TableFile
from nota.render import charts
from nota.source import Loc, Location
from nota.text import dutch

Amount = int | str | None


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
    """Headings, rows and totals in the order they are printed (model/budget.py's walk)."""
    rows: list[TRow] = []
    for line in walk(table):
        node = line.node
        ref: dict[int, int] = {}
        refers = ""
        if isinstance(node, BudgetRow):
            ref, refers = _referenced(doc, table, node.equals)
        amounts = dict(zip(table.years, line.amounts, strict=False)) if line.kind != "group" else {}
        rows.append(TRow(line.kind, line.depth, _label(line.text, refs), getattr(node, "taakveld", None) or "",
                         getattr(node, "party", None) or "", node.marker or "", amounts, line.loc, ref, refers))
    return rows


def _referenced(doc: Document, table: BudgetTable, equals: str | None) -> tuple[dict[int, int], str]:
    """The other table's total per year, rounded to this table's unit (as the check compares it)."""
    if not equals:
        return {}, ""
    other_id = equals.split(".")[0]
    other = doc.tables.get(other_id)
    return (restated(other.table, table.unit) if other else {}), other_id


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
    """The unit note, the notes with their markers, the remarks under the table, and what its chart shows."""
    lines = list(plain_lines(dutch.UNIT_NOTE[table.unit]))
    for note in table.notes:
        lines.append(Line("p", (Word(note.marker), *_label(note.text, refs).words)))
    for remark in table.remarks:
        lines += markdown_lines(remark, refs)
    return lines + (list(plain_lines(charts.describe(table.chart))) if table.chart else [])


# --- the budget table view ------------------------------------------------------------------------

@dataclass
class RedlineCell:
    status: str  # "same" | "changed" | "inserted" | "deleted" | "affected"
    old: str = ""
    new: str = ""
    delta: str = ""
    negative: bool = False
    ref: tuple[str, str] | None = None  # the followed total before and after, when it moved
    where: Location | None = None
    problems: list[Any] = field(default_factory=list)


@dataclass
class RedlineRow:
    kind: str  # "group" | "row" | "total" | "gap"
    status: str  # "same" | "changed" | "inserted" | "deleted" | "affected"
    level: int = 0
    label: LineDiff | None = None
    taakveld: LineDiff | None = None
    party: LineDiff | None = None
    marker: str = ""
    cells: list[RedlineCell] = field(default_factory=list)
    gap: int = 0
    refers: str = ""
    anchor: str = ""
    where: Location | None = None
    problems: list[Any] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Any]:
        return [*self.problems, *(p for c in self.cells for p in c.problems)]

    @property
    def changed_cells(self) -> list[tuple[int, RedlineCell]]:
        return [(i, c) for i, c in enumerate(self.cells) if c.status != "same"]


@dataclass
class RedlineTable:
    id: str
    title: LineDiff
    unit_note: str
    years: list[tuple[int, str]]  # (year, status)
    taakveld: str | None
    description: str
    party: str | None
    all_rows: list[RedlineRow]  # every row; `rows` folds the unchanged ones
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
    def rows(self) -> list[RedlineRow]:
        """The rows to print: folded only now, after problems were attached (a row with one stays)."""
        return _collapse(self.all_rows)


def signed(value: int) -> str:
    """A difference: +10.000 or −10.000."""
    return f"+{dutch.number(value)}" if value > 0 else dutch.number(value)


def _cell(year: int, a: TRow | None, b: TRow | None, source: TableFile | None) -> RedlineCell:
    missing = object()
    va = a.amounts.get(year, missing) if a else missing
    vb = b.amounts.get(year, missing) if b else missing
    where = source.source.locate(b.cell_loc(year)) if b and source and vb is not missing else None
    old = "" if va is missing else dutch.amount(va)  # type: ignore[arg-type]
    new = "" if vb is missing else dutch.amount(vb)  # type: ignore[arg-type]
    negative = isinstance(vb, int) and vb < 0
    if va is missing or vb is missing:
        return RedlineCell("deleted" if vb is missing else "inserted", old, new, negative=negative, where=where)
    if va != vb:
        delta = signed(vb - va) if isinstance(va, int) and isinstance(vb, int) else ""
        return RedlineCell("changed", old, new, delta, negative, where=where)
    ref = _ref_moved(year, a, b)
    return RedlineCell("affected" if ref else "same", old, new, negative=negative, ref=ref, where=where)


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
         names: dict[str, str]) -> RedlineRow:
    row = b or a
    assert row is not None
    cells = [_cell(y, a, b, source) for y in years] if row.kind != "group" else []
    label = diff_line(a.label, b.label) if a and b else whole(row.label, "insert" if b else "delete")
    taakveld = _plain_diff(a.taakveld if a else "", b.taakveld if b else "")
    party = _plain_diff(a.party if a else "", b.party if b else "")
    view = RedlineRow(row.kind, "", row.level, label, taakveld, party, row.marker, cells,
                   refers=names.get(row.refers, row.refers),
                   where=source.source.locate(row.loc) if b and source else None)
    view.status = _row_status(view, a, b)
    return view


def _row_status(view: RedlineRow, a: TRow | None, b: TRow | None) -> str:
    if a is None or b is None:
        return "inserted" if a is None else "deleted"
    texts = [t for t in (view.label, view.taakveld, view.party) if t is not None]
    if any(t.status != "same" for t in texts) or a.marker != b.marker:
        return "changed"
    states = {c.status for c in view.cells}
    return "changed" if states - {"same", "affected"} else ("affected" if "affected" in states else "same")


def _collapse(rows: list[RedlineRow]) -> list[RedlineRow]:
    """Keep what changed, the headings above it and the grand total; fold the rest into gaps."""
    keep = [r.status != "same" or bool(r.all_problems) or (r.kind == "total" and r.level == 0) for r in rows]
    for i, r in enumerate(rows):
        if r.kind == "group":
            end = next((k for k in range(i + 1, len(rows)) if rows[k].level <= r.level), len(rows))
            keep[i] = keep[i] or any(keep[i + 1 : end])
    out: list[RedlineRow] = []
    for r, kept in zip(rows, keep, strict=True):
        if kept:
            out.append(r)
        elif out and out[-1].kind == "gap":
            out[-1].gap += 1
        else:
            out.append(RedlineRow("gap", "same", r.level, gap=1))
    return out


TableSide = tuple[Document, TableFile]  # a budget table in one version of its document


def redline_table(table_id: str, old: TableSide | None, new: TableSide | None, old_refs: Refs, new_refs: Refs,
                names: dict[str, str]) -> RedlineTable:
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
    return RedlineTable(table_id, title, dutch.UNIT_NOTE[table.unit], statuses, table.columns.taakveld,
                      table.columns.description, table.columns.party, rows,
                      notes if any(n.status != "same" for n in notes) else [],
                      Location(source.source.path) if source else None)


def _alike_rows(x: TRow, y: TRow) -> bool:
    """Two rows in a changed stretch are one row edited when they are of a kind and read alike."""
    return x.kind == y.kind and ratio([w.ident for w in x.label.words], [w.ident for w in y.label.words]) >= 0.5
