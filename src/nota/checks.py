"""CHECK stage: rules across fields and files. Each rule returns problems; none prints or raises.

Policy: an error stops the document from being built; a warning is reported and the build goes on
(`--strict` turns warnings into errors). Warnings are for things that are allowed but need a person's
eye: a rounding difference within a declared tolerance, a published figure corrected in the content,
advice still awaiting a response in a concept, a file nobody uses.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from nota import filters, iv3, markdown
from nota.errors import Location, Problem, Severity
from nota.models import Advice, Budget, BudgetGroup, BudgetRow, BudgetTable, BudgetTotal, Chapter, Section
from nota.outline import Outline, Place, markdown_texts
from nota.project import Document, TableFile

Loc = tuple[int | str, ...]


def check_document(doc: Document, outline: Outline) -> list[Problem]:
    """Run every rule on a loaded document."""
    problems: list[Problem] = []
    for rule in (_duplicate_ids, _references, _footnotes, _tables_placed, _advice, _budget_tables):
        problems += rule(doc, outline)
    return [p if p.document else _with_doc(p, doc.id) for p in problems]


def _with_doc(p: Problem, doc_id: str) -> Problem:
    return Problem(p.message, p.where, p.hint, p.severity, p.code, doc_id)


def _at(place: Place) -> Location:
    return place.source.locate(place.loc)


def _duplicate_ids(doc: Document, outline: Outline) -> list[Problem]:
    return [Problem(f'id "{cid}" is used twice', _at(place), "give each chapter, section, table, figure and "
                    "advice its own id", code="duplicate-id") for cid, place in outline.duplicates]


def _references(doc: Document, outline: Outline) -> list[Problem]:
    problems = []
    known = sorted(outline.targets)
    for text, place in markdown_texts(doc):
        if markdown.RAW_HTML.search(text):
            problems.append(Problem("raw HTML in the text is not allowed (it is shown as plain text)",
                                    _at(place), "use Markdown: **bold**, *italic*, [link](https://...)",
                                    code="raw-html"))
        bad_link = markdown.unsafe_link(text)
        if bad_link:
            problems.append(Problem(f"link to {bad_link} is not allowed", _at(place),
                                    "links may go to https://, http://, mailto: or [[an-id]] in this document",
                                    code="unsafe-link"))
        for ref in markdown.references(text):
            if ref.kind == "xref" and ref.target not in outline.targets:
                problems.append(Problem(f'reference [[{ref.target}]] points to nothing', _at(place),
                                        _suggest(ref.target, known), code="broken-reference"))
    return problems


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f'did you mean [[{close[0]}]]?'
    return "refer to the id of a chapter, section, focus point, table or figure"


def _footnotes(doc: Document, outline: Outline) -> list[Problem]:
    problems = []
    defined: dict[str, Place] = {}
    for cf in doc.chapters:
        for fid in cf.chapter.footnotes:
            place = Place(cf.source, ("footnotes", fid))
            if fid in defined:
                problems.append(Problem(f'footnote "{fid}" is defined twice', _at(place),
                                        "footnote ids are shared by the whole document; rename one",
                                        code="duplicate-id"))
            defined.setdefault(fid, place)
    for text, place in markdown_texts(doc):
        for ref in markdown.references(text):
            if ref.kind == "footnote" and ref.target not in defined:
                problems.append(Problem(f"footnote [^{ref.target}] is not defined", _at(place),
                                        f"add {ref.target}: with its text under footnotes: in this chapter",
                                        code="broken-reference"))
    for fid, place in defined.items():
        if fid not in outline.footnotes:
            problems.append(Problem(f'footnote "{fid}" is never referred to', _at(place),
                                    f"put [^{fid}] where the note belongs, or delete it", code="unused-footnote"))
    return problems


def _blocks(node: Chapter | Section) -> Iterator[tuple[object, Loc]]:
    for i, block in enumerate(node.blocks):
        yield block, ("blocks", i)
    for i, section in enumerate(node.sections):
        for block, loc in _blocks(section):
            yield block, ("sections", i, *loc)


def _tables_placed(doc: Document, outline: Outline) -> list[Problem]:
    problems, placed = [], set()
    for cf in doc.chapters:
        for block, loc in _blocks(cf.chapter):
            if isinstance(block, Budget):
                placed.add(block.table)
                if block.table not in doc.tables:
                    problems.append(Problem(f"table {block.table} does not exist", cf.source.locate((*loc, "table")),
                                            f"create tables/{block.table}.yaml, or correct the name; tables: "
                                            f"{', '.join(sorted(doc.tables)) or 'none'}", code="missing-file"))
    for tid, tf in sorted(doc.tables.items()):
        if tid not in placed:
            problems.append(Problem(f"table {tid} is not placed in any chapter", Location(tf.source.path),
                                    f"add a block `- type: budget` with `table: {tid}` where it belongs",
                                    Severity.WARNING, "unused-file"))
    return problems


def _advice(doc: Document, outline: Outline) -> list[Problem]:
    problems = []
    final = doc.meta.status == "vastgesteld"
    severity = Severity.ERROR if final else Severity.WARNING
    for cf in doc.chapters:
        for block, loc in _blocks(cf.chapter):
            if not isinstance(block, Advice):
                continue
            where = cf.source.locate(loc)
            if block.text is None:
                problems.append(Problem(f"advice {block.id} of {block.source} has not been received yet", where,
                                        "add the advice under text: once it is received" if not final else
                                        "a vastgesteld document cannot await advice: add it, or set status: concept",
                                        severity, "awaiting-advice"))
            elif block.response is None and not block.awaiting_response:
                problems.append(Problem(f"advice {block.id} has no response", where,
                                        "add response: with text: ..., or mark awaiting_response: true",
                                        code="missing-response"))
            elif block.awaiting_response:
                problems.append(Problem(f"advice {block.id} of {block.source} is awaiting the executive's response",
                                        where, "add response: with the college's text" if final else
                                        "fine for a concept; add the response before the status is vastgesteld",
                                        severity, "awaiting-response"))
    return problems


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
        return filters.number(value) if self.tf.table.unit == "thousand" else filters.eur(value)


def _budget_tables(doc: Document, outline: Outline) -> list[Problem]:
    problems: list[Problem] = []
    for tf in doc.tables.values():
        ctx = _TableContext(doc, outline, tf)
        problems += _table_rows(ctx)
        problems += _table_totals(ctx)
        problems += _markers(ctx)
        problems += _taakvelden(ctx)
        problems += _equals(ctx)
    return problems


def _all_rows(node: BudgetTable | BudgetGroup, loc: Loc = ()) -> Iterator[tuple[BudgetRow, Loc]]:
    for i, row in enumerate(node.rows):
        yield row, (*loc, "rows", i)
    for i, group in enumerate(node.groups):
        yield from _all_rows(group, (*loc, "groups", i))


def _table_rows(ctx: _TableContext) -> list[Problem]:
    table, problems = ctx.tf.table, []
    for row, loc in _all_rows(table):
        problems += _amount_list(ctx, row.amounts, (*loc, "amounts"), f"row “{markdown.plain(row.description)}”")
    if table.total:
        problems += _amount_list(ctx, table.total.amounts, ("total", "amounts"), "the total")
    if not table.rows and not table.groups:
        problems.append(Problem("table has no rows", ctx.at(), "add rows: or groups:", code="empty-table"))
    return problems


def _amount_list(ctx: _TableContext, amounts: list[int | str | None], loc: Loc, what: str) -> list[Problem]:
    table, problems = ctx.tf.table, []
    if len(amounts) != len(table.years):
        problems.append(Problem(
            f"{what} has {len(amounts)} amounts, the table has {len(table.years)} years "
            f"({', '.join(map(str, table.years))})", ctx.at(*loc),
            "give one amount per year column, in the order of years:; write 0 for nothing", code="year-count"))
    for i, value in enumerate(amounts):
        if (value == "pm" or value is None) and not table.allow_pm:
            shown = "pm" if value == "pm" else "an empty amount"
            problems.append(Problem(f"{shown} in {what} is not allowed in this table", ctx.at(*loc, i),
                                    "write the amount, or set allow_pm: true on the table", code="pm"))
    return problems


def _sum(values: list[list[int | str | None]], years: int) -> list[int]:
    return [sum(v[i] for v in values if i < len(v) and isinstance(v[i], int)) for i in range(years)]


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


def _compare_total(ctx: _TableContext, total: BudgetTotal, computed: list[int], loc: Loc,
                   name: str) -> list[Problem]:
    problems = []
    table = ctx.tf.table
    for i, (year, stated) in enumerate(zip(table.years, total.amounts, strict=False)):
        if not isinstance(stated, int):
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
                                    f"correct the total to {ctx.shown(computed[i])}, or find the row that is off",
                                    code="total-mismatch"))
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
    for row, loc in _all_rows(ctx.tf.table):
        if row.taakveld is None:
            continue
        if year is None:
            problems.append(Problem("a taakveld is given but the document has no budget_year", ctx.at(*loc, "taakveld"),
                                    "add budget_year: to document.yaml so the codes can be checked",
                                    code="taakveld"))
            return problems
        codes = iv3.valid_codes(year)
        if row.taakveld not in codes:
            prefix = row.taakveld.split(".")[0] + "."
            near = [c for c in codes if c.startswith(prefix)] or list(codes)
            problems.append(Problem(f"taakveld {row.taakveld} is not an Iv3 code valid in {year}",
                                    ctx.at(*loc, "taakveld"), f"valid codes in {year}: {', '.join(near)}",
                                    code="taakveld"))
    return problems


def _equals(ctx: _TableContext) -> list[Problem]:
    table, problems = ctx.tf.table, []
    for row, loc in _all_rows(table):
        if row.equals is None:
            continue
        other_id = row.equals.split(".")[0]
        other = ctx.doc.tables.get(other_id)
        if other is None or other.table.total is None:
            problems.append(Problem(f"{row.equals} does not exist", ctx.at(*loc, "equals"),
                                    f"name a table with a total; tables: {', '.join(sorted(ctx.doc.tables))}",
                                    code="broken-reference"))
            continue
        problems += _compare_equals(ctx, row, loc, other)
    return problems


def _compare_equals(ctx: _TableContext, row: BudgetRow, loc: Loc, other: TableFile) -> list[Problem]:
    table, problems = ctx.tf.table, []
    assert other.table.total is not None
    theirs = dict(zip(other.table.years, other.table.total.amounts, strict=False))
    missing = [y for y in table.years if y not in theirs]
    if missing:
        return [Problem(f"{row.equals} has no year {', '.join(map(str, missing))}", ctx.at(*loc, "equals"),
                        f"tables that refer to each other need the same years; {other.id} has "
                        f"{', '.join(map(str, other.table.years))}", code="years")]
    for i, (year, mine) in enumerate(zip(table.years, row.amounts, strict=False)):
        source = theirs[year]
        if not isinstance(mine, int) or not isinstance(source, int):
            continue
        expected = filters.to_unit(source, table.unit)
        if mine != expected:
            problems.append(Problem(
                f"{ctx.name}, row “{markdown.plain(row.description)}” {year}: stated {ctx.shown(mine)}, but "
                f"{row.equals} is {filters.eur(source)}, which rounds to {ctx.shown(expected)} "
                f"(difference {ctx.shown(mine - expected)})", ctx.at(*loc, "amounts", i),
                "the two tables must agree: correct this row or the other table's total",
                code="equals-mismatch"))
    return problems

