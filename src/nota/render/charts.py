"""RENDER stage, budget charts: what a budget table's chart shows, and its text alternative (pure: model in,
words out). render/bars.py draws it as SVG.

The figures are the table's own (model/charts.series), in the table's unit, so the chart can never
say something the table does not; the table stays the data behind it, and the text alternative is
written from the same figures: every figure the chart draws, in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nota.check.outline import Target
from nota.model.budget import BudgetChart, BudgetTable
from nota.model.charts import series
from nota.text import dutch, markdown


@dataclass(frozen=True)
class ChartView:
    """A budget chart ready to draw: the years shown, and per line its label and figures."""

    by: str  # "year": a cluster of bars per year; "group": one bar per line for one year
    table: str  # how the text names the table: "tabel 2"
    anchor: str  # the HTML id of the chart's figure
    caption: str  # plain text
    title: str  # the table's title, plain text
    summed: bool  # whether a line is a group without a stated subtotal (its figures are its lines' sum)
    unit: str  # the table's unit: "euro" or "thousand"
    years: tuple[int, ...]
    labels: tuple[str, ...]  # plain text, one per line drawn
    values: tuple[tuple[int | None, ...], ...]  # per line, per year shown; None where the table has pm

    @property
    def unit_note(self) -> str:
        return dutch.UNIT_NOTE[self.unit]

    @property
    def file(self) -> str:
        """The wide drawing's file beside the HTML; the narrow one ends in -smal.svg."""
        return f"figures/{self.anchor}.svg"

    @property
    def narrow_file(self) -> str:
        return f"figures/{self.anchor}-smal.svg"

    @property
    def alt(self) -> str:
        """The text alternative: what kind of chart, of what, in which unit, then every figure it draws."""
        unit = self.unit_note[0].lower() + self.unit_note[1:]
        if self.by == "year":
            span = f"per jaar van {self.years[0]} tot en met {self.years[-1]}" if len(self.years) > 1 \
                else f"voor {self.years[0]}"
            parts = [f"{label}: " + _listing(f"{year} {_figure(v)}" for year, v in zip(self.years, values,
                                                                                        strict=True))
                     for label, values in zip(self.labels, self.values, strict=True)]
            body = ". ".join(parts)
        else:
            span = f"per onderdeel in {self.years[0]}"
            body = "; ".join(f"{label} {_figure(values[0])}" for label, values in zip(self.labels, self.values,
                                                                                      strict=True))
        return f"Staafdiagram bij {self.table}, {self.title}, {span} ({unit}). {body}. {self.source}"

    @property
    def source(self) -> str:
        """Where the figures come from: the table, and whether a group's figure is the sum of its lines."""
        if self.summed:
            return f"De bedragen per onderdeel zijn opgeteld uit de regels van {self.table}."
        return f"De cijfers staan in {self.table}."


def _figure(value: int | None) -> str:
    return "pm" if value is None else dutch.number(value)


def _listing(items: Iterable[str]) -> str:
    """'a, b en c' — a Dutch enumeration."""
    words = list(items)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def describe(chart: BudgetChart) -> str:
    """What a chart declaration asks for, in words (the review page shows it with the table's notes)."""
    what = "per jaar" if chart.by == "year" else f"per onderdeel in {chart.year}"
    title = f" “{markdown.plain(chart.title)}”" if chart.title else ""
    return f"Grafiek{title}: {what}, {'op de webpagina en in de pdf' if chart.pdf else 'op de webpagina'}"


def view(table: BudgetTable, target: Target) -> ChartView:
    """The chart a budget table declares (the checks have made sure it can be drawn)."""
    chart = table.chart
    assert chart is not None
    lines = series(table)
    years = tuple(table.years) if chart.by == "year" else (chart.year or table.years[0],)
    index = [table.years.index(year) for year in years]
    values = tuple(tuple(line.amounts[i] if i < len(line.amounts) else None for i in index) for line in lines)
    name = f"tabel {target.number}" if target.number else "de tabel"
    caption = markdown.plain(chart.title) if chart.title else f"Grafiek bij {name}: {markdown.plain(table.title)}"
    if not chart.title and chart.by == "group":  # which of the table's years the bars show
        caption += f" in {years[0]}"
    summed = any(line.summed for line in lines)
    return ChartView(chart.by, name, f"{target.anchor}-grafiek", caption, markdown.plain(table.title), summed,
                     table.unit, years, tuple(markdown.plain(line.label) for line in lines), values)


# --- the value axis -------------------------------------------------------------------------------

def ticks(values: list[int], most: int = 4) -> list[int]:
    """Round figures for the value axis, from below the smallest value (or 0) to above the largest: of the
    round steps that give 3 to `most` intervals, the one that leaves the least empty axis (then the one
    with more gridlines)."""
    low, high = min([0, *values]), max([0, *values])
    span = max(high - low, 1)
    best: list[int] = []
    for target in range(3, max(most, 3) + 1):
        step = _nice_step(span / target)
        marks = list(range((low // step) * step, -(-high // step) * step + 1, step))
        if not best or (marks[-1] - marks[0], -len(marks)) < (best[-1] - best[0], -len(best)):
            best = marks
    return best


def _nice_step(raw: float) -> int:
    """The smallest step of 1, 2, 2.5 or 5 times a power of ten that is at least `raw` (whole units)."""
    magnitude = 1
    while magnitude * 10 <= raw:
        magnitude *= 10
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw and step == int(step):
            return int(step)
    return 10 * magnitude


def tick_label(value: int, unit: str, step: int) -> str:
    """A value axis label: in the table's unit, or in millions for a euro table of millions (−2,5 mln)."""
    if value == 0:
        return "0"
    if unit == "euro" and step >= 100_000:
        millions = dutch.decimal(abs(value) / 1_000_000)
        return f"{dutch.MINUS if value < 0 else ''}{millions} mln"
    return dutch.number(value)
