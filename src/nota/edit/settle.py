"""EDIT stage, the arithmetic of `nota fix`: every figure the rows determine, settled in dependency order.

A row restating another table's total (`equals:`) takes that total rounded to its own table's unit
(model/budget.restated: exactly as check rounds); then each table's subtotals from the deepest group
up, then its total (model/budget.computed_totals: what check adds up). Tables are settled after the
tables whose totals they restate (model/budget.settle_order); tables on a circle of equals: are not
settled at all. A row's own amounts and a published: correction are never changed; a difference
within a declared tolerance is kept (it was declared on purpose).

Works on copies of the models: the caller decides whether, and where, the changes are written.
"""

from __future__ import annotations

from dataclasses import dataclass

from nota.check import tablerefs
from nota.check.outline import Outline
from nota.errors import Code, Problem, Severity
from nota.i18n import _
from nota.model.budget import (
    BudgetLine,
    BudgetTable,
    BudgetTotal,
    computed_totals,
    restated,
    restated_table,
    rows,
    settle_order,
    walk,
)
from nota.model.document import Document
from nota.source import Loc
from nota.text import markdown


@dataclass(frozen=True)
class Change:
    """One figure to rewrite: in which table, at which key path (an item of an amounts list), from what to what."""

    table: str
    loc: Loc
    year: int
    old: int | str | None
    new: int
    what: str  # "total", "subtotal “Algemeen”", "row “Saldo Wmo”"
    because: str = ""  # "equals wmo-meerjarenperspectief.total"


def settle(doc: Document, outline: Outline) -> tuple[list[Change], list[Problem]]:
    """The changes that make every total and equals: row of a document agree with its rows.

    The problems are notes (what was kept on purpose) and errors (what could not be settled)."""
    tables = {tid: tf.table.model_copy(deep=True) for tid, tf in sorted(doc.tables.items())}
    order = settle_order(tables)[0]
    problems = [p.of(doc.id) for p in tablerefs.circles(doc, outline)]
    changes: list[Change] = []
    for tid in order:
        changes += _equals_rows(tid, tables)
        found, notes = _totals(doc, tid, tables[tid])
        changes += found
        problems += notes
    return changes, problems


def _equals_rows(tid: str, tables: dict[str, BudgetTable]) -> list[Change]:
    """Each equals: row takes the other table's (already settled) total, rounded to this table's unit."""
    table, changes = tables[tid], []
    for row, loc in rows(table):
        other = tables.get(restated_table(row) or "")
        if other is None or other.total is None or not set(table.years) <= set(other.years):
            continue  # check reports a missing table or missing years; nothing to settle
        expected = restated(other, table.unit)
        for i, (year, mine) in enumerate(zip(table.years, row.amounts, strict=False)):
            if isinstance(mine, int) and year in expected and expected[year] != mine:
                what = _("row “{text}”", text=markdown.plain(row.description))
                changes.append(Change(tid, (*loc, "amounts", i), year, mine, expected[year], what,
                                      _("equals {total}", total=row.equals)))
                row.amounts[i] = expected[year]
    return changes


def _totals(doc: Document, tid: str, table: BudgetTable) -> tuple[list[Change], list[Problem]]:
    """Subtotals from the deepest group up, then the table's total: each what the lines under it add up to."""
    totals = sorted((line for line in walk(table) if line.kind == "total"), key=lambda line: -len(line.parent))
    titles = {line.loc: markdown.plain(line.text) for line in walk(table) if line.kind == "group"}
    changes: list[Change] = []
    notes: list[Problem] = []
    for line in totals:
        total = line.node
        assert isinstance(total, BudgetTotal)
        what = _("subtotal “{title}”", title=titles[line.parent]) if line.parent else _("total")
        sums = computed_totals(table)[line.parent]
        for i, (year, stated) in enumerate(zip(table.years, total.amounts, strict=False)):
            computed = sums[i]
            if isinstance(stated, int) and 0 < abs(stated - computed) <= total.tolerance:
                notes.append(_note(doc, tid, line, i, _("{table}, {what} {year}: kept {stated}, within the declared "
                                                        "tolerance of {tolerance} from {computed}", table=tid,
                                                        what=what, year=year, stated=stated,
                                                        tolerance=total.tolerance, computed=computed),
                                   _("a declared rounding difference is left as it is; lower tolerance: to have it "
                                     "rewritten"), Code.TOTAL_TOLERANCE))
                continue
            if stated == computed or (not isinstance(stated, int) and computed == 0):
                continue
            changes.append(Change(tid, (*line.loc, "amounts", i), year, stated, computed, what))
            total.amounts[i] = computed
            if total.published.get(year) == computed:
                notes.append(_note(doc, tid, line, i, _("{table}, {what} {year}: now {computed}, the very figure its "
                                                        "published: correction names", table=tid, what=what,
                                                        year=year, computed=computed),
                                   _("the correction is no longer one: remove {year} from published:", year=year),
                                   Code.PUBLISHED_CORRECTED))
    return changes, notes


def _note(doc: Document, tid: str, line: BudgetLine, i: int, message: str, hint: str, code: Code) -> Problem:
    """What fix left as it is on purpose, at the figure concerned."""
    where = doc.tables[tid].source.locate((*line.loc, "amounts", i))
    return Problem(message, where, hint, Severity.WARNING, code, doc.id)

