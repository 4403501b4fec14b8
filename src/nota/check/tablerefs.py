"""CHECK stage, what a budget table says about things outside it: its taakveld codes are valid Iv3
codes for the document's budget year, and a row that restates another table's total (`equals:`)
agrees with it after rounding to this table's unit."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from nota.check.outline import Outline
from nota.check.tables import TableContext, contexts
from nota.errors import Code, Problem
from nota.i18n import _
from nota.model import iv3
from nota.model.budget import BudgetRow, restated, restated_table, rows, settle_order
from nota.model.document import Document, TableFile
from nota.source import Loc, Location
from nota.text import dutch, markdown


def taakveld_codes(doc: Document, outline: Outline) -> Iterator[Problem]:
    """The taakveld codes of every budget table."""
    for ctx in contexts(doc, outline):
        yield from _taakvelden(ctx)


def restated_totals(doc: Document, outline: Outline) -> Iterator[Problem]:
    """The totals the rows of a table restate from other tables (`equals:`), and no circle of them."""
    for ctx in contexts(doc, outline):
        yield from _equals(ctx)
    yield from circles(doc, outline)


def _taakvelden(ctx: TableContext) -> list[Problem]:
    year = ctx.doc.meta.budget_year
    problems = []
    for row, loc in rows(ctx.tf.table):
        if row.taakveld is None or (year is not None and "taakveld" in row.carried_forward):
            continue  # a code carried forward by nota new is judged in check/carried.py
        if year is None:
            return [Problem(_("a taakveld is given but the document has no budget_year"), ctx.at(*loc, "taakveld"),
                            _("add budget_year: (e.g. 2022) to document.yaml so the codes can be checked"),
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
        spans = ", ".join(f"{t.valid_from.year}–{t.valid_to.year}" if t.valid_to
                          else _("{year} onwards", year=t.valid_from.year) for t in periods)
        message = _("taakveld {code} “{name}” is not valid in budget year {year} (valid {spans})", code=code,
                    name=periods[-1].name, year=year, spans=spans)
    else:
        message = _("taakveld {code} is not an Iv3 code (checked against budget year {year})", code=code, year=year)
    replacing = iv3.replacements(code, year)
    if replacing:
        shown = ", ".join(f"{c} {name}" for c, name in replacing.items())
        hint = (_("in {year} it is replaced by {codes}; choose the one for this row", year=year, codes=shown)
                if len(replacing) > 1 else _("in {year} it is replaced by {codes}", year=year, codes=shown))
        return Problem(message, where, hint, code=Code.TAAKVELD)
    near = [c for c in valid if c.startswith(code)] or [c for c in valid if c.split(".")[0] == code.split(".")[0]]
    shown = ", ".join(f"{c} {valid[c]}" for c in near) if 0 < len(near) <= 6 else ", ".join(near or list(valid))
    return Problem(message, where, _("codes valid in {year}: {codes}", year=year, codes=shown), code=Code.TAAKVELD)


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
        problems.append(Problem(_("{table}: its equals: rows go round in a circle ({circle}), so no total can be "
                                  "checked", table=ctx.name, circle=shown), ctx.at(*loc, "equals"),
                                _("a row restates the total of another table; that table may not restate this one's "
                                  "total, directly or through others: remove one equals:"),
                                code=Code.EQUALS_CYCLE))
    return problems


def _equals(ctx: TableContext) -> list[Problem]:
    problems = []
    for row, loc in rows(ctx.tf.table):
        if row.equals is None:
            continue
        other = ctx.doc.tables.get(row.equals.split(".")[0])
        if row.equals.split(".")[0] in ctx.doc.broken_tables:
            continue  # that table's own file has an error: that is the cause, reported there
        if other is None or other.table.total is None:
            problems.append(_equals_target_missing(ctx, row.equals, ctx.at(*loc, "equals")))
            continue
        problems += _compare_equals(ctx, row, loc, other)
    return problems


def _equals_target_missing(ctx: TableContext, name: str, where: Location) -> Problem:
    table_id = name.split(".")[0]
    if table_id in ctx.doc.tables:
        return Problem(_("table {id} has no total for this row to restate", id=table_id), where,
                       _("add total: (label and amounts) to tables/{id}.yaml, or remove equals:", id=table_id),
                       code=Code.BROKEN_REFERENCE)
    others = sorted(t for t in ctx.doc.tables if t != ctx.tf.id)
    close = difflib.get_close_matches(table_id, others, n=1, cutoff=0.6)
    hint = _("did you mean {line}?", line=f"equals: {close[0]}.total") if close else \
        _("name another table of this document: {tables}", tables=", ".join(others) or _("there is none"))
    return Problem(_("{name} does not exist: there is no table {id}", name=name, id=table_id), where, hint,
                   code=Code.BROKEN_REFERENCE)


def _compare_equals(ctx: TableContext, row: BudgetRow, loc: Loc, other: TableFile) -> list[Problem]:
    table, problems = ctx.tf.table, []
    assert other.table.total is not None
    if len(row.amounts) != len(table.years) or len(other.table.total.amounts) != len(other.table.years):
        return []  # amounts in the wrong years: reported as such (check/tables.py), not once more here
    theirs = dict(zip(other.table.years, other.table.total.amounts, strict=False))
    missing = [y for y in table.years if y not in theirs]
    if missing:
        return [Problem(_("{table} has the years {missing}, but {other}, whose total this row restates, has only "
                          "{years}", table=ctx.name, missing=", ".join(map(str, missing)), other=other.id,
                          years=", ".join(map(str, other.table.years))), ctx.at(*loc, "equals"),
                        _("tables that refer to each other need the same years: add the years to tables/{other}.yaml, "
                          "or remove them here", other=other.id), code=Code.YEARS)]
    expected_by_year = restated(other.table, table.unit)
    for i, (year, mine) in enumerate(zip(table.years, row.amounts, strict=False)):
        source, expected = theirs[year], expected_by_year.get(year)
        if not isinstance(mine, int) or not isinstance(source, int) or expected is None:
            continue
        if mine != expected:
            problems.append(Problem(
                _("{table}, row “{row}” {year}: stated {stated}, but {total} is {source}, which rounds to {expected} "
                  "(difference {difference})", table=ctx.name, row=markdown.plain(row.description), year=year,
                  stated=ctx.shown(mine), total=row.equals,
                  source=dutch.eur(source * dutch.UNIT_FACTOR[other.table.unit]), expected=ctx.shown(expected),
                  difference=ctx.shown(mine - expected)), ctx.at(*loc, "amounts", i),
                _("if {other} is right, write {value} here (amounts are rounded to the table's unit, halves away from "
                  "zero); otherwise correct the other table", other=other.id, value=expected),
                code=Code.EQUALS_MISMATCH))
    return problems
