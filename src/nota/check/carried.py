"""CHECK stage, what `nota new` carried over for a person to decide: a row's `carried_forward:` marks.

A new edition starts its new last year from the previous edition's last figure, and keeps a taakveld
code the new budget year no longer knows; both are marked on the row (`carried_forward: [taakveld,
2027]`). Each mark is reported at the figure or code it concerns until a person deletes it: a warning
in a concept, an error once the document is vastgesteld (nobody adopts a figure nobody checked).
"""

from __future__ import annotations

from collections.abc import Iterator

from nota.check.outline import Outline
from nota.check.tablerefs import taakveld_problem
from nota.check.tables import TableContext, contexts
from nota.errors import Code, Problem, Severity
from nota.i18n import N_, _
from nota.model import iv3
from nota.model.budget import BudgetRow, rows
from nota.model.document import Document
from nota.source import Loc
from nota.text import markdown

DELETE = N_("then delete {item} from carried_forward: on this row (the whole line once nothing is left)")


def carried_forward(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Every mark of every row: each is a decision nobody has made yet."""
    for ctx in contexts(doc, outline):
        for row, loc in rows(ctx.tf.table):
            for i, item in enumerate(row.carried_forward):
                if item == "taakveld":
                    yield from _taakveld(ctx, row, loc)
                else:
                    yield from _year(ctx, row, loc, item, i)


def _severity(ctx: TableContext) -> tuple[Severity, str]:
    if ctx.doc.meta.status == "vastgesteld":
        return Severity.ERROR, _("a vastgesteld document cannot hold what nobody checked: ")
    return Severity.WARNING, ""


def _year(ctx: TableContext, row: BudgetRow, loc: Loc, year: int, index: int) -> Iterator[Problem]:
    years = ctx.tf.table.years
    what = _("{table}, row “{row}”", table=ctx.name, row=markdown.plain(row.description))
    if year not in years:
        yield Problem(_("{what}: carried_forward: names {year}, which is not one of the years", what=what, year=year),
                      ctx.at(*loc, "carried_forward", index),
                      _("use one of {years}, or delete it", years=", ".join(map(str, years))),
                      code=Code.CARRIED_FORWARD)
        return
    i = years.index(year)
    value = row.amounts[i] if i < len(row.amounts) else None
    shown = ctx.shown(value) if isinstance(value, int) else str(value or _("nothing"))
    severity, why = _severity(ctx)
    yield Problem(_("{what} {year}: {amount} was carried forward from the previous edition and is not yet checked",
                    what=what, year=year, amount=shown),
                  ctx.at(*loc, "amounts", i) if i < len(row.amounts) else ctx.at(*loc, "amounts"),
                  why + _("write the {year} figure here (keep it if it is right), ", year=year)
                  + _(DELETE, item=year), severity, Code.CARRIED_FORWARD)


def _taakveld(ctx: TableContext, row: BudgetRow, loc: Loc) -> Iterator[Problem]:
    year = ctx.doc.meta.budget_year
    if row.taakveld is None or year is None:
        return  # no code to decide on (or no year to judge it by: check/tablerefs.py says so)
    severity, why = _severity(ctx)
    where = ctx.at(*loc, "taakveld")
    if row.taakveld in iv3.valid_codes(year):
        yield Problem(_("taakveld {code} is marked as carried forward from the previous edition", code=row.taakveld),
                      where, why + _("if {code} is right for this row in {year}, ", code=row.taakveld, year=year)
                      + _(DELETE, item="taakveld"), severity, Code.CARRIED_FORWARD)
        return
    problem = taakveld_problem(row.taakveld, year, where)
    yield Problem(_("{message}; carried forward from the previous edition", message=problem.message), where,
                  why + _("{hint}; ", hint=problem.hint) + _(DELETE, item="taakveld"),
                  severity, Code.CARRIED_FORWARD)
