"""COMPARE stage, the review page's budget tables: every cell tied to every level of its headers.

A group label heads the rows below it, up to the next label of its level. `scope` cannot say that
(`colgroup` would mean the columns below it, and HTML_CodeSniffer reports such a table: H43), so a
table with group rows does what the edition's tables do (render/views.py, `PrintedTable`): every
header cell gets an id, and every cell a `headers` naming its group labels (outer first), its row
and its column (WCAG 2.1 technique H43). A table without groups keeps `scope`.
"""

from __future__ import annotations

from markupsafe import Markup

from nota.diff.tables import RedlineRow, RedlineTable


class Headers:
    """The header attributes of one redlined budget table, for the rows it shows (`rows`)."""

    def __init__(self, table: RedlineTable):
        self.rows = table.rows  # folded once: a gap row is a new object each time `table.rows` is read
        self.grouped = any(row.kind == "group" for row in self.rows)
        self._prefix = f"t-{table.id}"
        self._columns = [c for c, shown in (("taakveld", table.taakveld is not None), ("description", True),
                                            ("party", table.party is not None)) if shown]
        self._columns += [f"y{year}" for year, _ in table.years]
        self._own = _tie(self.rows, self._prefix)  # id(row) -> (its header's id, the groups above it)

    def _column_id(self, column: str | int) -> str:
        name = column if isinstance(column, str) else f"y{column}"
        return f"{self._prefix}-c{self._columns.index(name) + 1}"

    def column(self, column: str | int) -> Markup:
        """A th of the header row: "taakveld", "description", "party" or a year."""
        return Markup(' id="{}"').format(self._column_id(column)) if self.grouped else Markup(' scope="col"')

    def header(self, row: RedlineRow) -> Markup:
        """A row's own th: a group label (`colspan` over the table) or a row's description."""
        if not self.grouped:
            return Markup(' scope="row"')
        ident, above = self._own[id(row)]
        over = above if row.kind == "group" else [*above, self._column_id("description")]
        headers = Markup(' headers="{}"').format(" ".join(over)) if over else Markup("")
        return Markup(' id="{}"').format(ident) + headers

    def gap(self, row: RedlineRow) -> Markup:
        """The cell across the table that counts the unchanged rows folded away: the groups it is in, and
        the description's column (Nu refuses an empty `headers`; HTML_CodeSniffer wants one on every td)."""
        if not self.grouped:
            return Markup("")
        return Markup(' headers="{}"').format(" ".join([*self._own[id(row)][1], self._column_id("description")]))

    def note(self, row: RedlineRow) -> Markup:
        """The cell across the table under a row, with what the checks say of it: that row's headers."""
        if not self.grouped:
            return Markup("")
        ident, above = self._own[id(row)]
        return Markup(' headers="{}"').format(" ".join([*above, ident]))

    def cell(self, row: RedlineRow, column: str | int) -> Markup:
        """A data cell: its group labels, its row and its column."""
        if not self.grouped:
            return Markup("")
        ident, above = self._own[id(row)]
        return Markup(' headers="{}"').format(" ".join([*above, ident, self._column_id(column)]))


def _tie(rows: list[RedlineRow], prefix: str) -> dict[int, tuple[str, list[str]]]:
    """Each row's header id and the ids of the group labels above it, outer first. A group label heads
    the rows after it up to the next row of its level or less; a gap is in the groups both the row
    before it and the row after it are in (the rows it folds may leave a group)."""
    own: dict[int, tuple[str, list[str]]] = {}
    open_groups: list[tuple[int, str]] = []  # (level, id) of the group labels above the current row
    gap: RedlineRow | None = None  # a gap waits for the row after it
    groups = lines = 0
    for row in [*rows, None]:
        level = row.level if row is not None else 0
        while open_groups and open_groups[-1][0] >= level:
            open_groups.pop()
        above = [ident for _, ident in open_groups]
        if gap is not None:
            own[id(gap)] = ("", _common(own[id(gap)][1], above))
            gap = None
        if row is None:
            break
        if row.kind == "gap":
            gap, ident = row, ""
        elif row.kind == "group":
            groups += 1
            ident = f"{prefix}-g{groups}"
            open_groups.append((row.level, ident))
        else:
            lines += 1
            ident = f"{prefix}-r{lines}"
        own[id(row)] = (ident, above)
    return own


def _common(outer: list[str], inner: list[str]) -> list[str]:
    """The group labels two rows are both under (outer first)."""
    common = []
    for a, b in zip(outer, inner, strict=False):
        if a != b:
            break
        common.append(a)
    return common
