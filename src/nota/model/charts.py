"""MODEL stage, budget charts: which lines of a budget table its `chart:` draws, with their figures.

A chart shows the table's top level: its rows and its groups (a group by its stated subtotal, else by
what its lines add up to: `computed_totals`), never the table's total. The figures are the table's
own, in its unit, so the chart can never say something the table does not. The checks (check/charts.py)
refuse a chart that cannot be drawn legibly; render/charts.py draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from nota.model.budget import BudgetGroup, BudgetRow, BudgetTable, computed_totals, walk
from nota.source import Loc

# The most lines a chart can show and stay readable on a phone: a cluster of bars per year holds one
# bar per line (each with its own pattern), a chart by group one bar per line.
MAX_LINES = {"year": 6, "group": 12}


@dataclass(frozen=True)
class Series:
    """One line a chart draws: its Markdown label, where it is written, and its figure per year.

    A figure is None where the table has pm or nothing (there is no bar to draw).
    """

    label: str
    loc: Loc
    amounts: tuple[int | None, ...]
    summed: bool = False  # a group without a stated subtotal: its figures are what its lines add up to

    def at(self, years: list[int], year: int) -> int | None:
        """The figure of one year."""
        index = years.index(year)
        return self.amounts[index] if index < len(self.amounts) else None


def series(table: BudgetTable) -> list[Series]:
    """The top-level lines of a table, in printed order, with their figures per year."""
    sums = computed_totals(table)
    found = []
    for line in walk(table):
        if line.depth != 0 or line.kind == "total":
            continue
        node = line.node
        if isinstance(node, BudgetRow):
            values = [v if isinstance(v, int) else None for v in node.amounts]
        else:
            assert isinstance(node, BudgetGroup)
            stated = node.total.amounts if node.total else None
            values = [v if isinstance(v, int) else None for v in stated] if stated else list(sums[line.loc])
        found.append(Series(line.text, line.loc, tuple(values[: len(table.years)]),
                            isinstance(node, BudgetGroup) and node.total is None))
    return found

