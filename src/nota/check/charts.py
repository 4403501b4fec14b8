"""CHECK stage, budget charts: a table's `chart:` names a year it has (and only where one is needed),
and the table has no more top-level lines than a chart can show legibly (model/charts.py)."""

from __future__ import annotations

from collections.abc import Iterator

from nota.check.outline import Outline
from nota.check.tables import TableContext, contexts
from nota.errors import Code, Problem
from nota.i18n import _
from nota.model.charts import MAX_LINES, series
from nota.model.document import Document


def budget_charts(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Every budget table's chart declaration."""
    for ctx in contexts(doc, outline):
        if ctx.tf.table.chart is not None:
            yield from _chart(ctx)


def _years(years: list[int]) -> str:
    return ", ".join(map(str, years))


def _chart(ctx: TableContext) -> list[Problem]:
    table = ctx.tf.table
    chart = table.chart
    assert chart is not None
    problems = []
    if chart.by == "group" and chart.year is None:
        problems.append(Problem(_("the chart of {table} is by group but names no year", table=ctx.name),
                                ctx.at("chart", "by"),
                                _("add year: with the year it shows, one of {years}", years=_years(table.years)),
                                code=Code.CHART_YEAR))
    elif chart.by == "year" and chart.year is not None:
        problems.append(Problem(_("the chart of {table} shows every year; year: is only for a chart by group",
                                  table=ctx.name), ctx.at("chart", "year"),
                                _("remove year:, or write by: group to show one year"), code=Code.CHART_YEAR))
    elif chart.year is not None and chart.year not in table.years:
        problems.append(Problem(_("the chart of {table} shows {year}, which is not one of its years", table=ctx.name,
                                  year=chart.year), ctx.at("chart", "year"),
                                _("choose one of {years}", years=_years(table.years)), code=Code.CHART_YEAR))
    lines, most = len(series(table)), MAX_LINES[chart.by]
    if lines > most:
        problems.append(Problem(_("the chart of {table} would show {lines} rows and groups; a chart by {by} shows at "
                                  "most {most}", table=ctx.name, lines=lines, by=chart.by, most=most),
                                ctx.at("chart"), _("a chart shows the table's top-level rows and groups: put the rows "
                                                   "under fewer headings, or remove chart:"), code=Code.CHART_LINES))
    return problems
