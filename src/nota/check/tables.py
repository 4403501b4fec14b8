"""CHECK stage, budget tables: totals add up per year, restated totals agree after rounding, one amount
per year, markers have notes, taakveld codes are valid Iv3 codes for the document's budget year.

Amounts are whole euros (int), so sums are exact. The one rounding rule (to thousands, halves away
from zero) lives in dutch.to_unit. A total of rounded figures may differ from its rows by the
tolerance the table declares: that is a warning, never silent.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from nota.check.outline import Outline
from nota.errors import Location, Problem, Severity
from nota.model import iv3
from nota.model.content import BudgetGroup, BudgetRow, BudgetTable, BudgetTotal, walk_rows
from nota.model.document import Document, TableFile
from nota.text import dutch, markdown

Loc = tuple[int | str, ...]


# --- budget tables --------------------------------------------------------------------------------

@dataclass
class _TableContext:
    doc: Document
    outline: Outline
    tf: TableFile

    @property
    def name(self) -> str:
        """'Tabel 2 “Budgetten Sociaal Domein”' — how messages name the table."""
        target = self.outline.targets.get(self.tf.id)
        title = markdown.plain(self.tf.table.title)
        return f"Tabel {target.number} “{title}”" if target and target.number else f"table “{title}”"

    def at(self, *loc: int | str) -> Location:
        return self.tf.source.locate(loc)

    def shown(self, value: int) -> str:
        return dutch.number(value) if self.tf.table.unit == "thousand" else dutch.eur(value)


def budget_tables(doc: Document, outline: Outline) -> list[Problem]:
    problems: list[Problem] = []
    for tf in doc.tables.values():
        ctx = _TableContext(doc, outline, tf)
        problems += _table_rows(ctx)
        problems += _table_totals(ctx)
        problems += _markers(ctx)
        problems += _taakvelden(ctx)
        problems += _equals(ctx)
    return problems


def _table_rows(ctx: _TableContext) -> list[Problem]:
    table, problems = ctx.tf.table, []
    for row, loc in walk_rows(table):
        problems += _amount_list(ctx, row.amounts, (*loc, "amounts"), f"row “{markdown.plain(row.description)}”")
    if table.total:
        problems += _amount_list(ctx, table.total.amounts, ("total", "amounts"), "the total")
    if not table.rows and not table.groups:
        problems.append(Problem("table has no rows", ctx.at(), "add rows: or groups:", code="empty-table"))
    return problems


def _amount_list(ctx: _TableContext, amounts: Sequence[int | str | None], loc: Loc, what: str) -> list[Problem]:
    table, problems = ctx.tf.table, []
    if len(amounts) != len(table.years):
        problems.append(_year_count(ctx, amounts, loc, what))
    for i, value in enumerate(amounts):
        if (value == "pm" or value is None) and not table.allow_pm:
            shown = "pm" if value == "pm" else "an empty amount"
            year = f" ({table.years[i]})" if i < len(table.years) else ""
            problems.append(Problem(f"{shown} in {what}{year} is not allowed in this table", ctx.at(*loc, i),
                                    "write the amount (0 for nothing), or add allow_pm: true to the table "
                                    "if it may show pm or an empty cell", code="pm"))
    return problems


def _year_count(ctx: _TableContext, amounts: Sequence[int | str | None], loc: Loc, what: str) -> Problem:
    years = ctx.tf.table.years
    count, wanted = len(amounts), len(years)
    shown = f"{wanted} years ({', '.join(map(str, years))})"
    if count > wanted:
        return Problem(f"{what} has {count} amounts, but the table has {shown}: {count - wanted} too many",
                       ctx.at(*loc, wanted), "give exactly one amount per year, in the order of years:; remove "
                       "the extra amount(s) from here on, or add the missing year to years:", code="year-count")
    missing = ", ".join(map(str, years[count:]))
    return Problem(f"{what} has {count} amount{'s' if count != 1 else ''}, but the table has {shown}: "
                   f"no amount for {missing}", ctx.at(*loc), "give exactly one amount per year, in the order of "
                   "years:; write 0 for a year without money", code="year-count")


def _sum(values: list[list[int | str | None]], years: int) -> list[int]:
    return [sum(_whole(v[i]) for v in values if i < len(v)) for i in range(years)]


def _whole(value: int | str | None) -> int:
    """An amount as it counts in a sum: pm and empty cells count as nothing."""
    return value if isinstance(value, int) else 0


def _group_amounts(node: BudgetTable | BudgetGroup, years: int) -> list[int]:
    """What the rows and sub-groups under a heading add up to, per year."""
    parts: list[list[int | str | None]] = [list(r.amounts) for r in node.rows]
    parts += [list(g.total.amounts) if g.total else list(_group_amounts(g, years)) for g in node.groups]
    return _sum(parts, years)


def _table_totals(ctx: _TableContext) -> list[Problem]:
    table, problems = ctx.tf.table, []

    def visit(node: BudgetTable | BudgetGroup, loc: Loc, name: str) -> None:
        for i, group in enumerate(node.groups):
            visit(group, (*loc, "groups", i), f"group “{markdown.plain(group.title)}”")
        if node.total is not None:
            problems.extend(_compare_total(ctx, node.total, _group_amounts(node, len(table.years)),
                                           (*loc, "total"), name))

    visit(table, (), "total")
    return problems


def _published_years(ctx: _TableContext, total: BudgetTotal, loc: Loc, name: str) -> list[Problem]:
    """published: belongs to the table's own total, and names only years the table has."""
    if total.published and loc != ("total",):
        return [Problem(f"{ctx.name}, {name}: published: is only shown for the table's total",
                        ctx.at(*loc, "published"), "move the published figure to the total: at the bottom of the "
                        "table, or remove it", code="published")]
    return [Problem(f"{ctx.name}, {name}: published: names {year}, which is not one of the years",
                    ctx.at(*loc, "published", year), f"use one of {', '.join(map(str, ctx.tf.table.years))}",
                    code="published")
            for year in total.published if year not in ctx.tf.table.years]


def _compare_total(ctx: _TableContext, total: BudgetTotal, computed: list[int], loc: Loc,
                   name: str) -> list[Problem]:
    problems = []
    table = ctx.tf.table
    problems += _published_years(ctx, total, loc, name)
    for i, (year, stated) in enumerate(zip(table.years, total.amounts, strict=False)):
        if not isinstance(stated, int):
            if computed[i] != 0:
                problems.append(Problem(
                    f"{ctx.name}, {name} {year}: stated {stated or 'nothing'}, but the rows add up to "
                    f"{ctx.shown(computed[i])}", ctx.at(*loc, "amounts", i),
                    f"a total is a number once its rows are: write {computed[i]}", code="total-mismatch"))
            continue
        diff = stated - computed[i]
        published = total.published.get(year)
        if published is not None:
            problems.append(Problem(
                f"{ctx.name}, {name} {year}: the published figure {ctx.shown(published)} is corrected to "
                f"{ctx.shown(stated)}", ctx.at(*loc, "published", year),
                "the rendered table shows the correction in a note; remove published: if the source is fixed",
                Severity.WARNING, "published-corrected"))
        if diff == 0:
            continue
        message = (f"{ctx.name}, {name} {year}: stated {ctx.shown(stated)}, the rows add up to "
                   f"{ctx.shown(computed[i])} (difference {ctx.shown(diff)})")
        if abs(diff) <= total.tolerance:
            problems.append(Problem(message, ctx.at(*loc, "amounts", i),
                                    f"within the declared tolerance of {total.tolerance}: a rounding difference",
                                    Severity.WARNING, "total-tolerance"))
        else:
            problems.append(Problem(message, ctx.at(*loc, "amounts", i),
                                    f"if the rows are right, write {computed[i]} here; otherwise find the row "
                                    "that is off", code="total-mismatch"))
    return problems


def _markers(ctx: _TableContext) -> list[Problem]:
    table, problems = ctx.tf.table, []
    notes = {n.marker for n in table.notes}
    used: dict[str, Loc] = {}
    if table.unit_marker:
        used[table.unit_marker] = ("unit_marker",)

    def visit(node: BudgetTable | BudgetGroup, loc: Loc) -> None:
        for row, rloc in ((r, (*loc, "rows", i)) for i, r in enumerate(node.rows)):
            if row.marker:
                used.setdefault(row.marker, (*rloc, "marker"))
        for i, group in enumerate(node.groups):
            if group.marker:
                used.setdefault(group.marker, (*loc, "groups", i, "marker"))
            visit(group, (*loc, "groups", i))

    visit(table, ())
    if table.total and table.total.marker:
        used.setdefault(table.total.marker, ("total", "marker"))
    for marker, loc in used.items():
        if marker not in notes and marker != table.unit_marker:
            problems.append(Problem(f'note marker "{marker}" has no note', ctx.at(*loc),
                                    f'add under notes: - {{marker: "{marker}", text: ...}}', code="marker"))
    for i, note in enumerate(table.notes):
        if note.marker not in used:
            problems.append(Problem(f'note "{note.marker}" is not marked anywhere in the table',
                                    ctx.at("notes", i, "marker"),
                                    f'add marker: "{note.marker}" to the row or group it explains', code="marker"))
        if note.marker == table.unit_marker:
            problems.append(Problem(f'marker "{note.marker}" is the unit note and a note', ctx.at("notes", i),
                                    "use another marker for this note", code="marker"))
    return problems


def _taakvelden(ctx: _TableContext) -> list[Problem]:
    year = ctx.doc.meta.budget_year
    problems = []
    for row, loc in walk_rows(ctx.tf.table):
        if row.taakveld is None:
            continue
        if year is None:
            return [Problem("a taakveld is given but the document has no budget_year", ctx.at(*loc, "taakveld"),
                            "add budget_year: (e.g. 2022) to document.yaml so the codes can be checked",
                            code="taakveld")]
        if row.taakveld not in iv3.valid_codes(year):
            problems.append(_taakveld_problem(row.taakveld, year, ctx.at(*loc, "taakveld")))
    return problems


def _taakveld_problem(code: str, year: int, where: Location) -> Problem:
    valid = iv3.valid_codes(year)
    periods = [t for t in iv3.taakvelden() if t.code == code]
    if periods:
        spans = ", ".join(f"{t.valid_from.year}–{t.valid_to.year if t.valid_to else ''}".rstrip("–")
                          + ("" if t.valid_to else " onwards") for t in periods)
        message = f"taakveld {code} “{periods[-1].name}” is not valid in budget year {year} (valid {spans})"
    else:
        message = f"taakveld {code} is not an Iv3 code (checked against budget year {year})"
    near = [c for c in valid if c.startswith(code)] or [c for c in valid if c.split(".")[0] == code.split(".")[0]]
    shown = ", ".join(f"{c} {valid[c]}" for c in near) if 0 < len(near) <= 6 else ", ".join(near or list(valid))
    return Problem(message, where, f"codes valid in {year}: {shown}", code="taakveld")


def _equals(ctx: _TableContext) -> list[Problem]:
    table, problems = ctx.tf.table, []
    for row, loc in walk_rows(table):
        if row.equals is None:
            continue
        other = ctx.doc.tables.get(row.equals.split(".")[0])
        if other is None or other.table.total is None:
            problems.append(_equals_target_missing(ctx, row.equals, ctx.at(*loc, "equals")))
            continue
        problems += _compare_equals(ctx, row, loc, other)
    return problems


def _equals_target_missing(ctx: _TableContext, name: str, where: Location) -> Problem:
    table_id = name.split(".")[0]
    if table_id in ctx.doc.tables:
        return Problem(f"table {table_id} has no total for this row to restate", where,
                       f"add total: (label and amounts) to tables/{table_id}.yaml, or remove equals:",
                       code="broken-reference")
    others = sorted(t for t in ctx.doc.tables if t != ctx.tf.id)
    close = difflib.get_close_matches(table_id, others, n=1, cutoff=0.6)
    hint = f"did you mean equals: {close[0]}.total?" if close else \
        f"name another table of this document: {', '.join(others) or 'there is none'}"
    return Problem(f"{name} does not exist: there is no table {table_id}", where, hint, code="broken-reference")


def _compare_equals(ctx: _TableContext, row: BudgetRow, loc: Loc, other: TableFile) -> list[Problem]:
    table, problems = ctx.tf.table, []
    assert other.table.total is not None
    theirs = dict(zip(other.table.years, other.table.total.amounts, strict=False))
    missing = [y for y in table.years if y not in theirs]
    if missing:
        return [Problem(f"{ctx.name} has the year(s) {', '.join(map(str, missing))}, but {other.id}, whose total "
                        f"this row restates, has only {', '.join(map(str, other.table.years))}",
                        ctx.at(*loc, "equals"), "tables that refer to each other need the same years: add the "
                        f"year(s) to tables/{other.id}.yaml, or remove them here", code="years")]
    for i, (year, mine) in enumerate(zip(table.years, row.amounts, strict=False)):
        source = theirs[year]
        if not isinstance(mine, int) or not isinstance(source, int):
            continue
        expected = dutch.to_unit(source * dutch.UNIT_FACTOR[other.table.unit], table.unit)
        if mine != expected:
            problems.append(Problem(
                f"{ctx.name}, row “{markdown.plain(row.description)}” {year}: stated {ctx.shown(mine)}, but "
                f"{row.equals} is {dutch.eur(source * dutch.UNIT_FACTOR[other.table.unit])}, which rounds to "
                f"{ctx.shown(expected)} "
                f"(difference {ctx.shown(mine - expected)})", ctx.at(*loc, "amounts", i),
                f"if {other.id} is right, write {expected} here (amounts are rounded to the table's unit, halves "
                "away from zero); otherwise correct the other table", code="equals-mismatch"))
    return problems
