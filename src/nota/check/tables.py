"""CHECK stage, budget tables: one amount per year, totals add up per year, markers have notes.

What a table says about things outside itself (taakveld codes, totals restated from another table)
is check/tablerefs.py.

Amounts are whole euros (int), so sums are exact. The one rounding rule (to thousands, halves away
from zero) lives in dutch.to_unit. A total of rounded figures may differ from its rows by the
tolerance the table declares: that is a warning, never silent.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from nota.check.outline import Outline
from nota.errors import Code, Problem, Severity
from nota.i18n import _, ngettext
from nota.model.budget import BudgetTotal, computed_totals, walk
from nota.model.document import Document, TableFile
from nota.source import Loc, Location
from nota.text import dutch, markdown

# --- budget tables --------------------------------------------------------------------------------

@dataclass
class TableContext:
    doc: Document
    outline: Outline
    tf: TableFile

    @property
    def name(self) -> str:
        """'Tabel 2 “Budgetten Sociaal Domein”' — how messages name the table."""
        target = self.outline.targets.get(self.tf.id)
        title = markdown.plain(self.tf.table.title)
        return (_("Tabel {number} “{title}”", number=target.number, title=title) if target and target.number
                else _("table “{title}”", title=title))

    def at(self, *loc: int | str) -> Location:
        return self.tf.source.locate(loc)

    def shown(self, value: int) -> str:
        return dutch.number(value) if self.tf.table.unit == "thousand" else dutch.eur(value)


def contexts(doc: Document, outline: Outline) -> Iterator[TableContext]:
    """Every budget table of a document, as the rules about tables see it."""
    return (TableContext(doc, outline, tf) for tf in doc.tables.values())


def budget_tables(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Each table on its own: amounts per year, totals, markers."""
    for ctx in contexts(doc, outline):
        yield from (*_amounts(ctx), *_no_rows(ctx), *_table_totals(ctx), *_markers(ctx))


def row_amounts(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Each row's and total's amounts: one per year, each a figure nota can read (a rule about one
    line at a time, so it also judges what could be read of a table after a syntax error)."""
    for ctx in contexts(doc, outline):
        yield from _amounts(ctx)


def table_sums(doc: Document, outline: Outline) -> Iterator[Problem]:
    """What needs the whole table: rows at all, totals that add up, markers with their notes."""
    for ctx in contexts(doc, outline):
        yield from (*_no_rows(ctx), *_table_totals(ctx), *_markers(ctx))


def _no_rows(ctx: TableContext) -> list[Problem]:
    if ctx.tf.table.rows or ctx.tf.table.groups:
        return []
    return [Problem(_("table has no rows"), ctx.at(), _("add rows: or groups:"), code=Code.EMPTY_TABLE)]


def _amounts(ctx: TableContext) -> list[Problem]:
    problems = []
    for line in walk(ctx.tf.table):
        if line.kind == "row":
            what = _("row “{text}”", text=markdown.plain(line.text))
        elif line.kind == "total":
            what = _("the total") if line.loc == ("total",) else _("the total “{text}”", text=markdown.plain(line.text))
        else:
            continue
        problems += _amount_list(ctx, line.amounts, (*line.loc, "amounts"), what)
    return problems


def _amount_list(ctx: TableContext, amounts: Sequence[int | str | None], loc: Loc, what: str) -> list[Problem]:
    table, problems = ctx.tf.table, []
    if len(amounts) != len(table.years):
        problems.append(_year_count(ctx, amounts, loc, what))
    for i, value in enumerate(amounts):
        if (value == "pm" or value is None) and not table.allow_pm:
            shown = "pm" if value == "pm" else _("an empty amount")
            message = (_("{amount} in {what} ({year}) is not allowed in this table", amount=shown, what=what,
                         year=table.years[i]) if i < len(table.years)
                       else _("{amount} in {what} is not allowed in this table", amount=shown, what=what))
            problems.append(Problem(message, ctx.at(*loc, i),
                                    _("write the amount (0 for nothing), or add allow_pm: true to the table "
                                      "if it may show pm or an empty cell"), code=Code.PM))
    return problems


def _year_count(ctx: TableContext, amounts: Sequence[int | str | None], loc: Loc, what: str) -> Problem:
    years = ctx.tf.table.years
    count, wanted = len(amounts), len(years)
    listed = ", ".join(map(str, years))
    shown = ngettext("{n} year ({years})", "{n} years ({years})", wanted, years=listed)
    amounts_shown = ngettext("{n} amount", "{n} amounts", count)
    if count > wanted:
        return Problem(_("{what} has {amounts}, but the table has {years}: {extra} too many", what=what,
                         amounts=amounts_shown, years=shown, extra=count - wanted), ctx.at(*loc, wanted),
                       _("give exactly one amount per year, in the same order as the years ({years}); remove the "
                         "extra amounts from here on, or add the missing year to years:", years=listed),
                       code=Code.YEAR_COUNT)
    missing = ", ".join(map(str, years[count:]))
    return Problem(_("{what} has {amounts}, but the table has {years}: no amount for {missing}", what=what,
                     amounts=amounts_shown, years=shown, missing=missing), ctx.at(*loc),
                   _("give exactly one amount per year, in the same order as the years ({years}); write 0 for a "
                     "year without money", years=listed), code=Code.YEAR_COUNT)


def _table_totals(ctx: TableContext) -> Iterator[Problem]:
    """Every stated total (the table's, each group's) against what the lines under it add up to; not
    for a year in which a line under it has an amount already reported (missing, pm where it is not
    allowed, or in the wrong column): that total is off only because of it."""
    table = ctx.tf.table
    sums = computed_totals(table)
    doubtful = doubtful_years(ctx)
    titles = {line.loc: markdown.plain(line.text) for line in walk(table) if line.kind == "group"}
    for line in walk(table):
        if line.kind == "total":
            assert isinstance(line.node, BudgetTotal)
            name = _("group “{title}”", title=titles[line.parent]) if line.parent else _("total")
            yield from _compare_total(ctx, line.node, sums[line.parent], line.loc, name,
                                      doubtful.get(line.parent, set()))


def doubtful_years(ctx: TableContext) -> dict[Loc, set[int]]:
    """Per group (by key path; () for the table), the years (by index) in which a line it adds up has an
    amount that is itself reported: a row with another number of amounts than years (all its years),
    or with pm or an empty amount where the table does not allow them."""
    table, doubtful = ctx.tf.table, dict[Loc, set[int]]()
    for line in walk(table):
        if line.kind == "group":
            continue
        amounts = line.amounts
        years = (set(range(len(table.years))) if len(amounts) != len(table.years) else
                 {i for i, value in enumerate(amounts) if (value == "pm" or value is None) and not table.allow_pm})
        if not years:
            continue
        scopes = line.parent if line.kind == "row" else line.parent[:-2]  # a subtotal counts in its parent
        if line.kind == "total" and not line.parent:
            continue  # the table's own total: nothing adds it up
        for end in range(0, len(scopes) + 1, 2):
            doubtful.setdefault(scopes[:end], set()).update(years)
    return doubtful


def _published_years(ctx: TableContext, total: BudgetTotal, loc: Loc, name: str) -> list[Problem]:
    """published: belongs to the table's own total, and names only years the table has."""
    if total.published and loc != ("total",):
        return [Problem(_("{table}, {name}: published: is only shown for the table's total", table=ctx.name,
                          name=name), ctx.at(*loc, "published"),
                        _("move the published figure to the total: at the bottom of the table, or remove it"),
                        code=Code.PUBLISHED)]
    return [Problem(_("{table}, {name}: published: names {year}, which is not one of the years", table=ctx.name,
                      name=name, year=year), ctx.at(*loc, "published", year),
                    _("use one of {years}", years=", ".join(map(str, ctx.tf.table.years))), code=Code.PUBLISHED)
            for year in total.published if year not in ctx.tf.table.years]


def _compare_total(ctx: TableContext, total: BudgetTotal, computed: list[int], loc: Loc,
                   name: str, doubtful: set[int]) -> list[Problem]:
    problems = []
    table = ctx.tf.table
    problems += _published_years(ctx, total, loc, name)
    for i, (year, stated) in enumerate(zip(table.years, total.amounts, strict=False)):
        if not isinstance(stated, int):
            if computed[i] != 0 and i not in doubtful:
                problems.append(Problem(
                    _("{table}, {name} {year}: stated {stated}, but the rows add up to {sum}", table=ctx.name,
                      name=name, year=year, stated=stated or _("nothing"), sum=ctx.shown(computed[i])),
                    ctx.at(*loc, "amounts", i),
                    _("a total is a number once its rows are: write {value}", value=computed[i]),
                    code=Code.TOTAL_MISMATCH))
            continue
        diff = stated - computed[i]
        published = total.published.get(year)
        if published is not None:
            problems.append(Problem(
                _("{table}, {name} {year}: the published figure {published} is corrected to {stated}",
                  table=ctx.name, name=name, year=year, published=ctx.shown(published), stated=ctx.shown(stated)),
                ctx.at(*loc, "published", year),
                _("the rendered table shows the correction in a note; remove published: if the source is fixed"),
                Severity.WARNING, Code.PUBLISHED_CORRECTED))
        if diff == 0 or i in doubtful:  # off because of an amount under it that is reported itself
            continue
        message = _("{table}, {name} {year}: stated {stated}, the rows add up to {sum} (difference {difference})",
                    table=ctx.name, name=name, year=year, stated=ctx.shown(stated), sum=ctx.shown(computed[i]),
                    difference=ctx.shown(diff))
        if abs(diff) <= total.tolerance:
            problems.append(Problem(message, ctx.at(*loc, "amounts", i),
                                    _("within the declared tolerance of {tolerance}: a rounding difference",
                                      tolerance=total.tolerance), Severity.WARNING, Code.TOTAL_TOLERANCE))
        else:
            problems.append(Problem(message, ctx.at(*loc, "amounts", i),
                                    _("if the rows are right, write {value} here; otherwise find the row that is off",
                                      value=computed[i]), code=Code.TOTAL_MISMATCH))
    return problems


def _markers(ctx: TableContext) -> list[Problem]:
    table, problems = ctx.tf.table, []
    notes = {n.marker for n in table.notes}
    used: dict[str, Loc] = {}
    if table.unit_marker:
        used[table.unit_marker] = ("unit_marker",)
    for line in walk(table):
        if line.node.marker:
            used.setdefault(line.node.marker, (*line.loc, "marker"))
    for marker, loc in used.items():
        if marker not in notes and marker != table.unit_marker:
            problems.append(Problem(_('note marker "{marker}" has no note', marker=marker), ctx.at(*loc),
                                    _("add under notes: {line}", line=f'- {{marker: "{marker}", text: ...}}'),
                                    code=Code.MARKER))
    for i, note in enumerate(table.notes):
        if note.marker not in used:
            problems.append(Problem(_('note "{marker}" is not marked anywhere in the table', marker=note.marker),
                                    ctx.at("notes", i, "marker"),
                                    _('add marker: "{marker}" to the row or group it explains', marker=note.marker),
                                    code=Code.MARKER))
        if note.marker == table.unit_marker:
            problems.append(Problem(_('marker "{marker}" is the unit note and a note', marker=note.marker),
                                    ctx.at("notes", i), _("use another marker for this note"), code=Code.MARKER))
    return problems
