"""COMPARE stage, plain tables: rows paired by order and likeness, each cell word-diffed."""

from __future__ import annotations

from dataclasses import dataclass

from nota.diff.text import (
    PAIR_RATIO,
    Line,
    LineDiff,
    Refs,
    align,
    diff_lines,
    markdown_lines,
    plain_lines,
    ratio,
    whole,
)
from nota.model.blocks import Table


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
