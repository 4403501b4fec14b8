"""PUBLISH stage, structure pass: table cells' /ID, /Scope, /Headers, /ColSpan and /RowSpan, from the HTML
table (PDF/UA-1 7.5; ISO 32000-1 14.8.5.7).

A cell's headers are its HTML `headers` attribute where it has one (nota writes them on budget
tables with group rows, whose labels head the rows below them: no /Scope can say that), else the
HTML table model's implicit ones (scope, or a th in the thead above and a th to the left).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pikepdf import Array, Name, String

from nota.publish.structure.builder import Builder
from nota.publish.structure.html import Dom


@dataclass(eq=False)
class Cell:
    dom: Dom
    row: int
    col: int
    rows: int
    cols: int
    section: str  # thead, tbody, tfoot
    group: int  # index of its row group


@dataclass
class Grid:
    """The header cells of a table, by column, by row and by row group."""

    by_col: dict[int, list[Cell]]
    by_row: dict[int, list[Cell]]
    row_groups: dict[int, list[Cell]]

    @classmethod
    def of(cls, cells: Sequence[Cell]) -> Grid:
        grid = cls({}, {}, {})
        for cell in cells:
            if cell.dom.tag != "th":
                continue
            for col in range(cell.col, cell.col + cell.cols):
                grid.by_col.setdefault(col, []).append(cell)
            for row in range(cell.row, cell.row + cell.rows):
                grid.by_row.setdefault(row, []).append(cell)
            if cell.dom.attrs.get("scope") == "rowgroup":
                grid.row_groups.setdefault(cell.group, []).append(cell)
        return grid


def _span(dom: Dom, name: str) -> int:
    value = dom.attrs.get(name, "1")
    return max(1, int(value)) if value.isdigit() else 1


def table_cells(table: Dom) -> list[Cell]:
    """The cells of a table with their grid positions (rowspan and colspan applied)."""
    rows: list[tuple[Dom, str, int]] = []
    for group, child in enumerate(table.children):
        if child.tag == "tr":
            rows.append((child, "tbody", group))
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend((tr, child.tag, group) for tr in child.children if tr.tag == "tr")
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, (tr, section, group) in enumerate(rows):
        c = 0
        for dom in (d for d in tr.children if d.tag in ("th", "td")):
            while (r, c) in taken:
                c += 1
            rowspan, colspan = _span(dom, "rowspan"), _span(dom, "colspan")
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            cells.append(Cell(dom, r, c, rowspan, colspan, section, group))
            c += colspan
    return cells


def header_cells(cell: Cell, grid: Grid, ids: Mapping[str, Cell]) -> list[Cell]:
    """The header cells of a cell: its `headers` attribute, else the HTML table model's implicit ones."""
    if "headers" in cell.dom.attrs:
        return [ids[i] for i in cell.dom.attrs["headers"].split() if i in ids and ids[i] is not cell]
    found: list[Cell] = []
    for col in range(cell.col, cell.col + cell.cols):  # column headers above
        for other in grid.by_col.get(col, []):
            scope = other.dom.attrs.get("scope", "")
            if other.row < cell.row and (scope in ("col", "colgroup") or (not scope and other.section == "thead")):
                found.append(other)
    for row in range(cell.row, cell.row + cell.rows):  # row headers to the left
        for other in grid.by_row.get(row, []):
            scope = other.dom.attrs.get("scope", "")
            if other.col < cell.col and (scope == "row" or (not scope and other.section != "thead")):
                found.append(other)
    found += [other for other in grid.row_groups.get(cell.group, []) if other.row < cell.row]
    unique: list[Cell] = []
    for other in found:
        if other is not cell and other not in unique:
            unique.append(other)
    return unique


def _scope(cell: Cell) -> str | None:
    scope = cell.dom.attrs.get("scope", "")
    if scope in ("row", "col"):
        return {"row": "Row", "col": "Column"}[scope]
    if scope or "headers" in cell.dom.attrs:
        return None  # rowgroup/colgroup have no PDF 1.7 equivalent: the cells' /Headers say it
    if cell.section == "thead":
        return "Column"
    return "Row" if cell.cols == 1 else None


def tag_tables(builder: Builder, used_ids: set[str]) -> None:
    """Set the table attributes of every table cell's element, and an /ID on every header cell."""
    for number, node in enumerate((n for n in builder.root.walk() if n.role == "Table" and n.dom is not None), 1):
        assert node.dom is not None
        cells = table_cells(node.dom)
        key = node.dom.attrs.get("id") or f"table-{number}"
        ident: dict[int, str] = {}
        for cell in (c for c in cells if c.dom.tag == "th"):
            name = cell.dom.attrs.get("id") or f"{key}-h{cell.row}-{cell.col}"
            while name in used_ids:
                name += "-"
            used_ids.add(name)
            ident[id(cell)] = name
        by_html_id = {c.dom.attrs["id"]: c for c in cells if "id" in c.dom.attrs}
        grid = Grid.of(cells)
        for cell in cells:
            target = builder.nodes.get(id(cell.dom))
            if target is None:
                continue
            attributes: dict[str, Any] = {}
            if cell.cols != 1:
                attributes["/ColSpan"] = cell.cols
            if cell.rows != 1:
                attributes["/RowSpan"] = cell.rows
            if cell.dom.tag == "th":
                target.ident = ident[id(cell)]
                scope = _scope(cell)
                if scope:
                    attributes["/Scope"] = Name("/" + scope)
            headers = [ident[id(h)] for h in header_cells(cell, grid, by_html_id) if id(h) in ident]
            if headers and (cell.dom.tag == "td" or "headers" in cell.dom.attrs):
                attributes["/Headers"] = Array([String(h) for h in headers])
            target.attributes = attributes
