"""CHECK stage, what a budget table says about things outside it: its taakveld codes are valid Iv3
codes for the document's budget year, and a row that restates another table's total (`equals:`)
agrees with it after rounding to this table's unit."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from nota.check.outline import Outline
from nota.check.tables import TableContext, contexts
from nota.errors import Code, Problem
from nota.model import iv3
from nota.model.budget import BudgetRow, restated, restated_table, rows, settle_order
from nota.model.document import Document, TableFile
from nota.source import Loc, Location
from nota.text import dutch, markdown


def budget_references(doc: Document, outline: Outline) -> Iterator[Problem]:
    """The taakveld codes of every budget table, and the totals its rows restate from other tables."""
    for ctx in contexts(doc, outline):
        yield from (*_taakvelden(ctx), *_equals(ctx))
    yield from circles(doc, outline)


def _taakvelden(ctx: TableContext) -> list[Problem]:
    year = ctx.doc.meta.budget_year
    problems = []
    for row, loc in rows(ctx.tf.table):
        if row.taakveld is None or (year is not None and "taakveld" in row.carried_forward):
            continue  # a code carried forward by nota new is judged in check/carried.py
        if year is None:
            return [Problem("a taakveld is given but the document has no budget_year", ctx.at(*loc, "taakveld"),
                            "add budget_year: (e.g. 2022) to document.yaml so the codes can be checked",
                            code=Code.TAAKVELD)]
        if row.taakveld not in iv3.valid_codes(year):
            problems.append(taakveld_problem(row.taakveld, year, ctx.at(*loc, "taakveld")))
    return problems


def taakveld_problem(code: str, year: int, where: Location) -> Problem:
    """A code not valid in the budget year: what it was, and the codes that replace it or are near it
    (check/carried.py words a code carried forward by nota new with it too)."""
    valid = iv3.valid_codes(year)
    periods = [t for t in iv3.taakvelden() if t.code == code]
    if periods:
        spans = ", ".join(f"{t.valid_from.year}–{t.valid_to.year if t.valid_to else ''}".rstrip("–")
                          + ("" if t.valid_to else " onwards") for t in periods)
        message = f"taakveld {code} “{periods[-1].name}” is not valid in budget year {year} (valid {spans})"
    else:
        message = f"taakveld {code} is not an Iv3 code (checked against budget year {year})"
    replacing = iv3.replacements(code, year)
    if replacing:
        shown = ", ".join(f"{c} {name}" for c, name in replacing.items())
        choose = "; choose the one for this row" if len(replacing) > 1 else ""
        return Problem(message, where, f"in {year} it is replaced by {shown}{choose}", code=Code.TAAKVELD)
    near = [c for c in valid if c.startswith(code)] or [c for c in valid if c.split(".")[0] == code.split(".")[0]]
    shown = ", ".join(f"{c} {valid[c]}" for c in near) if 0 < len(near) <= 6 else ", ".join(near or list(valid))
    return Problem(message, where, f"codes valid in {year}: {shown}", code=Code.TAAKVELD)


def circles(doc: Document, outline: Outline) -> list[Problem]:
    """Tables whose equals: rows restate each other's totals in a circle: no total can be settled (nor
    rewritten by nota fix, which reports these same problems)."""
    tables = {tid: tf.table for tid, tf in doc.tables.items()}
    problems = []
    for circle in settle_order(tables)[1]:
        first = doc.tables[circle[0]]
        ctx = TableContext(doc, outline, first)
        loc = next(loc for row, loc in rows(first.table) if restated_table(row) == circle[1 % len(circle)])
        shown = " → ".join(f"{t}.total" for t in [*circle, circle[0]])
        problems.append(Problem(f"{ctx.name}: its equals: rows go round in a circle ({shown}), so no total "
                                "can be checked", ctx.at(*loc, "equals"),
                                "a row restates the total of another table; that table may not restate this "
                                "one's total, directly or through others: remove one equals:",
                                code=Code.EQUALS_CYCLE))
    return problems


def _equals(ctx: TableContext) -> list[Problem]:
    problems = []
    for row, loc in rows(ctx.tf.table):
        if row.equals is None:
            continue
        other = ctx.doc.tables.get(row.equals.split(".")[0])
        if other is None or other.table.total is None:
            problems.append(_equals_target_missing(ctx, row.equals, ctx.at(*loc, "equals")))
            continue
        problems += _compare_equals(ctx, row, loc, other)
    return problems


def _equals_target_missing(ctx: TableContext, name: str, where: Location) -> Problem:
    table_id = name.split(".")[0]
    if table_id in ctx.doc.tables:
        return Problem(f"table {table_id} has no total for this row to restate", where,
                       f"add total: (label and amounts) to tables/{table_id}.yaml, or remove equals:",
                       code=Code.BROKEN_REFERENCE)
    others = sorted(t for t in ctx.doc.tables if t != ctx.tf.id)
    close = difflib.get_close_matches(table_id, others, n=1, cutoff=0.6)
    hint = f"did you mean equals: {close[0]}.total?" if close else \
        f"name another table of this document: {', '.join(others) or 'there is none'}"
    return Problem(f"{name} does not exist: there is no table {table_id}", where, hint, code=Code.BROKEN_REFERENCE)


def _compare_equals(ctx: TableContext, row: BudgetRow, loc: Loc, other: TableFile) -> list[Problem]:
    table, problems = ctx.tf.table, []
    assert other.table.total is not None
    theirs = dict(zip(other.table.years, other.table.total.amounts, strict=False))
    missing = [y for y in table.years if y not in theirs]
    if missing:
        return [Problem(f"{ctx.name} has the year(s) {', '.join(map(str, missing))}, but {other.id}, whose total "
                        f"this row restates, has only {', '.join(map(str, other.table.years))}",
                        ctx.at(*loc, "equals"), "tables that refer to each other need the same years: add the "
                        f"year(s) to tables/{other.id}.yaml, or remove them here", code=Code.YEARS)]
    expected_by_year = restated(other.table, table.unit)
    for i, (year, mine) in enumerate(zip(table.years, row.amounts, strict=False)):
        source, expected = theirs[year], expected_by_year.get(year)
        if not isinstance(mine, int) or not isinstance(source, int) or expected is None:
            continue
        if mine != expected:
            problems.append(Problem(
                f"{ctx.name}, row “{markdown.plain(row.description)}” {year}: stated {ctx.shown(mine)}, but "
                f"{row.equals} is {dutch.eur(source * dutch.UNIT_FACTOR[other.table.unit])}, which rounds to "
                f"{ctx.shown(expected)} "
                f"(difference {ctx.shown(mine - expected)})", ctx.at(*loc, "amounts", i),
                f"if {other.id} is right, write {expected} here (amounts are rounded to the table's unit, halves "
                "away from zero); otherwise correct the other table", code=Code.EQUALS_MISMATCH))
    return problems
