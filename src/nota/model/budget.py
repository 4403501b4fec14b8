"""MODEL stage, budget tables (tables/*.yaml): their shape, and the one walk over their lines.

A budget table is a tree: rows, and groups (a heading with rows, sub-groups and an optional
subtotal), then the table's total. `walk` reads it in printed order as `BudgetLine`s; the checks,
the rendered table, the exports and the diff all read a table through it. `computed_totals` is
what the lines under each heading add up to, the figure every stated total is checked against.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StrictInt, field_validator
from pydantic.functional_validators import BeforeValidator
from pydantic_core import PydanticCustomError

from nota import limits
from nota.i18n import N_, _
from nota.model.amounts import Amount, WholeEuros, parse_amount
from nota.model.base import Id, Markdown, Model, Year
from nota.source import Loc
from nota.text import dutch


def _carried_item(value: object) -> object:
    """A carried_forward: entry is a year or the word taakveld; anything else in one plain message."""
    if value == "taakveld" or (isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200):
        return value
    found = f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    hint = _("list years (e.g. 2027) and the word taakveld")
    if isinstance(value, str) and value.strip().lower().startswith("taak"):
        hint = _("write taakveld")
    elif isinstance(value, str) and value.strip().isdigit():
        hint = _("write the year without quotes")
    raise PydanticCustomError("carried_forward", _("{found} in carried_forward: is neither a year nor taakveld",
                                                   found=found), {"hint": hint})


CarriedItem = Annotated[Year | Literal["taakveld"], BeforeValidator(_carried_item)]


class BudgetRow(Model):
    """One budget line: what it is for, who carries it out, and one amount per year column."""

    id: Id | None = None
    taakveld: str | None = Field(None, description=N_("Iv3 taakveld code, e.g. 6.71"))
    description: Markdown = Field(description=N_("What the money is for"))
    party: str | None = Field(None, description=N_("Executing party (uitvoerende partij)"))
    amounts: list[Amount]
    marker: str | None = Field(None, pattern=r"^\*{1,4}$", description=N_("Note marker: *, ** or ***"))
    equals: str | None = Field(
        None,
        pattern=r"^[a-z0-9-]+\.total$",
        description=N_("Another table's total that this row restates, e.g. wmo-meerjarenperspectief.total"),
    )
    carried_forward: list[CarriedItem] = Field(
        default_factory=list,
        description=N_("What nota new carried over from the previous edition for a person to check: a year (its "
                    "figure is the previous edition's last one) or taakveld (the code is no longer valid). "
                    "Delete an entry once it is checked"),
    )


class BudgetTotal(Model):
    """A stated total: checked per year against the rows it sums."""

    label: Markdown
    amounts: list[Amount]
    marker: str | None = Field(None, pattern=r"^\*{1,4}$")
    tolerance: Annotated[StrictInt, BeforeValidator(parse_amount), Field(ge=0)] = Field(
        0, description=N_("Allowed difference (in the table's unit) for totals of rounded figures"))
    published: dict[Year, WholeEuros] = Field(
        default_factory=dict,
        description=N_("Figures printed in the published source that did not add up, per year; shown as a note"),
    )


class BudgetGroup(Model):
    """A heading with the rows and sub-groups under it; an optional subtotal is checked."""

    title: Markdown
    marker: str | None = Field(None, pattern=r"^\*{1,4}$")
    rows: list[BudgetRow] = Field(default_factory=list)
    groups: list[BudgetGroup] = Field(default_factory=list)
    total: BudgetTotal | None = None


class Note(Model):
    marker: str = Field(pattern=r"^\*{1,4}$")
    text: Markdown


class ColumnLabels(Model):
    taakveld: str | None = "Taakveld"
    description: str = "Omschrijving"
    party: str | None = "Uitvoerende partij"


class BudgetChart(Model):
    """A bar chart drawn from the table's own figures (render/charts.py); model/charts.py says which lines."""

    by: Literal["year", "group"] = Field(
        description=N_("year: a cluster of bars per year, one bar per top-level line (e.g. the three laws of "
                    "Tabel 2); group: one bar per top-level line (row or group) for the year given"))
    year: Year | None = Field(None, description=N_("The year a chart by group shows, e.g. 2022"))
    title: Markdown | None = Field(None, description=N_("Caption; by default 'Grafiek bij tabel N: <title>'"))
    pdf: bool = Field(False, description=N_("Also in the PDF (by default the chart is on the web page only)"))


class BudgetTable(Model):
    """A multi-year budget table, kept in its own file and placed by a `budget` block."""

    title: Markdown = Field(description=N_("Caption; numbered 'Tabel N' by the build"))
    unit: Literal["euro", "thousand"] = Field(description=N_("euro, or thousand for 'Bedragen x € 1.000'"))
    unit_marker: str | None = Field(None, pattern=r"^\*{1,4}$", description=N_("Marker of the unit note on the header"))
    years: list[Year] = Field(min_length=1, max_length=limits.MAX_TABLE_YEARS)
    columns: ColumnLabels = Field(default_factory=ColumnLabels)
    allow_pm: bool = Field(False, description=N_("Whether pm (pro memorie) entries are allowed"))
    rows: list[BudgetRow] = Field(default_factory=list)
    groups: list[BudgetGroup] = Field(default_factory=list)
    total: BudgetTotal | None = None
    notes: list[Note] = Field(default_factory=list)
    remarks: list[Markdown] = Field(default_factory=list, description=N_("Paragraphs under the table, e.g. an NB"))
    chart: BudgetChart | None = Field(None, description=N_("A bar chart of the table, drawn from its figures"))

    @field_validator("years")
    @classmethod
    def _years_ascend(cls, years: list[int]) -> list[int]:
        if years != sorted(set(years)):
            raise PydanticCustomError("years", _("years must ascend without repeats"),
                                      {"hint": _("e.g. {years}", years="[2021, 2022, 2023]")})
        return years


# --- the one walk -------------------------------------------------------------------------------

LineKind = Literal["group", "row", "total"]


@dataclass(frozen=True)
class BudgetLine:
    """One printed line of a budget table: a group heading, a row, or a (sub)total.

    `depth` is the indentation as printed: a row or heading counts the groups around it, a group's
    subtotal stands one deeper than its heading, the table's total at 0. `parent` is the key path
    of the group the line belongs to (() for the table itself); for a total, the group it totals.
    """

    kind: LineKind
    depth: int
    node: BudgetRow | BudgetGroup | BudgetTotal
    loc: Loc
    parent: Loc

    @property
    def text(self) -> str:
        """Its Markdown text: a row's description, a heading's title, a total's label."""
        node = self.node
        return node.description if isinstance(node, BudgetRow) else (
            node.title if isinstance(node, BudgetGroup) else node.label)

    @property
    def text_key(self) -> str:
        return {"row": "description", "group": "title", "total": "label"}[self.kind]

    @property
    def amounts(self) -> list[int | str | None]:
        """Its amounts, one per year ([] for a heading)."""
        return [] if isinstance(self.node, BudgetGroup) else list(self.node.amounts)


def walk(table: BudgetTable) -> Iterator[BudgetLine]:
    """Every line of a budget table in printed order: rows, then each group (heading, its lines,
    its subtotal), then the table's total."""
    yield from _lines(table, (), 0)
    if table.total is not None:
        yield BudgetLine("total", 0, table.total, ("total",), ())


def _lines(node: BudgetTable | BudgetGroup, loc: Loc, depth: int) -> Iterator[BudgetLine]:
    for i, row in enumerate(node.rows):
        yield BudgetLine("row", depth, row, (*loc, "rows", i), loc)
    for i, group in enumerate(node.groups):
        here = (*loc, "groups", i)
        yield BudgetLine("group", depth, group, here, loc)
        yield from _lines(group, here, depth + 1)
        if group.total is not None:
            yield BudgetLine("total", depth + 1, group.total, (*here, "total"), here)


def rows(table: BudgetTable) -> Iterator[tuple[BudgetRow, Loc]]:
    """The budget lines proper: every row with its key path, in printed order."""
    for line in walk(table):
        if isinstance(line.node, BudgetRow):
            yield line.node, line.loc


def restated(other: BudgetTable, unit: str) -> dict[int, int]:
    """Another table's total per year as a row of a table in `unit` restates it (`equals:`): converted
    to euros, then rounded to that unit, halves away from zero. Years without a figure are left out."""
    if other.total is None:
        return {}
    factor = dutch.UNIT_FACTOR[other.unit]
    return {year: dutch.to_unit(value * factor, unit)
            for year, value in zip(other.years, other.total.amounts, strict=False) if isinstance(value, int)}


def restated_table(row: BudgetRow) -> str | None:
    """The id of the table whose total a row restates (`equals: <id>.total`), if any."""
    return row.equals.removesuffix(".total") if row.equals else None


def settle_order(tables: dict[str, BudgetTable]) -> tuple[list[str], list[list[str]]]:
    """The tables in an order in which their totals can be settled, and the circles of `equals:`.

    A table whose row restates another table's total comes after that table. Tables on a circle
    (A restates B, B restates A, or a table itself) cannot be settled: they are returned as the
    circles, each in the order of its restatements, and left out of the order with what depends on them.
    """
    needs = {tid: sorted({t for row, _loc in rows(table) if (t := restated_table(row)) in tables})
             for tid, table in sorted(tables.items())}
    order: list[str] = []
    state: dict[str, str] = {}  # "open" while its dependencies are visited, "done" once settled, "stuck"
    circles: list[list[str]] = []

    def visit(tid: str, path: list[str]) -> bool:
        if state.get(tid) == "open":
            circle = path[path.index(tid):]
            if sorted(circle) not in [sorted(c) for c in circles]:
                circles.append(circle)
            return False
        if tid in state:
            return state[tid] == "done"
        state[tid] = "open"
        settled = all([visit(dep, [*path, tid]) for dep in needs[tid]])  # a list: visit every dependency
        state[tid] = "done" if settled else "stuck"
        if settled:
            order.append(tid)
        return settled

    for tid in needs:
        visit(tid, [])
    return order, circles


def whole(value: int | str | None) -> int:
    """An amount as it counts in a sum: pm and empty cells count as nothing."""
    return value if isinstance(value, int) else 0


def computed_totals(table: BudgetTable) -> dict[Loc, list[int]]:
    """What the lines under each heading add up to, per year, by the group's key path (() for the table).

    A sub-group counts with its stated subtotal where it has one (that subtotal is checked on its own),
    else with what its own lines add up to. Amounts are whole euros, so the sums are exact.
    """
    years = len(table.years)
    sums: dict[Loc, list[int]] = {}

    def add(loc: Loc, amounts: Sequence[int | str | None]) -> None:
        into = sums.setdefault(loc, [0] * years)
        for i, value in enumerate(amounts[:years]):
            into[i] += whole(value)

    for line in reversed(list(walk(table))):  # reversed: a group's lines are summed before its heading
        if line.kind == "row":
            add(line.parent, line.amounts)
        elif line.kind == "group":
            assert isinstance(line.node, BudgetGroup)
            stated = line.node.total
            add(line.parent, list(stated.amounts) if stated else sums.get(line.loc, [0] * years))
    sums.setdefault((), [0] * years)
    return sums
