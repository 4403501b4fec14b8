"""EDIT stage, what `nota new` changes in each file of the next edition (on ruamel round-trip data).

document.yaml: the year moves on in the title, subtitle and subject, `year:` and `budget_year:`;
status back to concept, date and version removed. Budget tables: the years shifted, the figures of
the years both editions share kept, each new year starting from the previous edition's last figure
and marked `carried_forward:` on the row (a row tied by `equals:` is settled by fix instead), and a
taakveld code the new budget year does not know marked too; `published:` corrections dropped. Advice:
back to awaiting (no text, date or response: the new edition gets its own).

Each function returns notes, `Note`s: what was changed, and what is left for a person to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nota.edit.yamledit import flow
from nota.i18n import _, ngettext
from nota.model import iv3
from nota.model.blocks import Advice
from nota.model.budget import BudgetRow, BudgetTable, BudgetTotal, walk
from nota.model.content import DocumentMeta
from nota.source import Loc, Place


@dataclass(frozen=True)
class Note:
    """One line of the summary: at which key path of which file, and whether a person must act on it."""

    file: str  # path inside the document folder: document.yaml, tables/x.yaml
    loc: Loc
    text: str
    decision: bool


@dataclass(frozen=True)
class Edition:
    """The move from one edition to the next."""

    old_year: int
    new_year: int
    budget_year: int | None  # the new edition's

    @property
    def shift(self) -> int:
        return self.new_year - self.old_year


def _moved(text: str, edition: Edition) -> str:
    return re.sub(rf"\b{edition.old_year}\b", str(edition.new_year), text)


def _same_kind(old: Any, text: str) -> Any:
    """A new text in the quoting of the old one (ruamel keeps quoted strings as their own type)."""
    return type(old)(text) if isinstance(old, str) and type(old) is not str else text


def document_meta(data: Any, meta: DocumentMeta, edition: Edition) -> list[Note]:
    """document.yaml of the new edition."""
    notes = []
    for key in ("title", "subtitle", "subject"):
        old = data.get(key)
        if isinstance(old, str) and (new := _moved(old, edition)) != old:
            data[key] = _same_kind(old, new)
            notes.append(Note("document.yaml", (key,), f"{key}: {' '.join(new.split())}", False))
    if "title" in data and str(edition.old_year) not in meta.title:
        notes.append(Note("document.yaml", ("title",), _("the title does not name {year}: give the new edition its "
                                                         "title", year=edition.old_year), True))
    if meta.status != "concept":
        data["status"] = "concept"
        notes.append(Note("document.yaml", ("status",), _("status: concept (was {status})", status=meta.status),
                          False))
    if "year" in data:
        data["year"] = edition.new_year
    else:  # where the date was, else after the status
        data.insert(list(data).index("date" if "date" in data else "status") + 1, "year", edition.new_year)
    for key in ("date", "version"):
        if key in data:
            del data[key]
            notes.append(Note("document.yaml", ("year",), _("{key}: removed (it was {value}); give the new edition "
                                                            "its own", key=key, value=getattr(meta, key)), True))
    notes.append(Note("document.yaml", ("year",), f"year: {edition.new_year}", False))
    if edition.budget_year is not None and "budget_year" in data:
        data["budget_year"] = edition.budget_year
        notes.append(Note("document.yaml", ("budget_year",), f"budget_year: {edition.budget_year}", False))
    return notes


def budget_table(data: Any, table: BudgetTable, file: str, edition: Edition) -> list[Note]:
    """A budget table of the new edition: years, figures, marks; published: dropped."""
    years = table.years
    new_years = [year + edition.shift for year in years]
    added = [year for year in new_years if year not in years]
    for i, year in enumerate(new_years):
        data["years"][i] = year
    carried = 0
    codes: dict[str, list[Loc]] = {}
    for line in walk(table):
        node = _at(data, line.loc)
        if line.kind == "group":
            continue
        _shift(node["amounts"], edition.shift)
        if line.kind == "total":
            if "published" in node:
                del node["published"]
            continue
        row = line.node
        assert isinstance(row, BudgetRow)
        marks = _marks(row, new_years, added, edition)
        carried += int(bool(added) and row.equals is None)
        if "taakveld" in marks and edition.budget_year and row.taakveld not in iv3.valid_codes(edition.budget_year):
            codes.setdefault(str(row.taakveld), []).append(line.loc)
        _mark(node, marks)
    notes = _published_notes(table, file)
    if table.chart is not None and table.chart.year is not None:  # a chart of one year moves on with the edition
        data["chart"]["year"] = table.chart.year + edition.shift
        notes.append(Note(file, ("chart", "year"), f"chart: year {table.chart.year} → {data['chart']['year']}", False))
    if carried:
        shown = ", ".join(map(str, added))
        notes.append(Note(file, ("years",), ngettext(
            "{years}: {n} row starts from its {last} figure, marked carried_forward: [{years}]: enter the {years} "
            "figures", "{years}: {n} rows start from their {last} figure, marked carried_forward: [{years}]: enter "
            "the {years} figures", carried, years=shown, last=years[-1]), True))
    notes += [_code_note(file, code, locs, edition) for code, locs in sorted(codes.items())]
    return notes


def _at(data: Any, loc: Loc) -> Any:
    for key in loc:
        data = data[key]
    return data


def _shift(amounts: Any, shift: int) -> None:
    """Drop the first `shift` years' figures; each new year starts from the last figure. In place: the
    list keeps its style (one line) and its comments."""
    values = list(amounts)
    if not values:
        return
    for i, value in enumerate((values + [values[-1]] * shift)[shift:]):
        amounts[i] = value


def _marks(row: BudgetRow, new_years: list[int], added: list[int], edition: Edition) -> list[int | str]:
    """The row's carried_forward: marks still open from before (for years it still has), the taakveld if
    the new budget year does not know it, and the years added now (unless equals: settles the row)."""
    marks: list[int | str] = [m for m in row.carried_forward if m == "taakveld" or m in new_years]
    year = edition.budget_year
    if (row.taakveld is not None and year is not None and row.taakveld not in iv3.valid_codes(year)
            and "taakveld" not in marks):
        marks.insert(0, "taakveld")
    if row.equals is None:
        marks += [y for y in added if y not in marks]
    return marks


def _mark(node: Any, marks: list[int | str]) -> None:
    if not marks:
        node.pop("carried_forward", None)
        return
    if "carried_forward" in node:
        node["carried_forward"] = flow(marks)
    else:
        node.insert(list(node).index("amounts") + 1, "carried_forward", flow(marks))


def _published_notes(table: BudgetTable, file: str) -> list[Note]:
    notes = []
    for line in walk(table):
        total = line.node
        if isinstance(total, BudgetTotal) and total.published:
            shown = ", ".join(f"{y}: {v}" for y, v in total.published.items())
            notes.append(Note(file, (*line.loc, "label"), _("{published} dropped: it corrected the previous "
                                                            "edition's source; read the comments around this total",
                                                            published=f"published: {{{shown}}}"), True))
    return notes


def _code_note(file: str, code: str, locs: list[Loc], edition: Edition) -> Note:
    year = edition.budget_year
    assert year is not None
    names = {t.code: t.name for t in iv3.taakvelden()}
    replacing = iv3.replacements(code, year)
    shown = ", ".join(f"{c} {name}" for c, name in replacing.items()) or _("no code in the Iv3 list")
    return Note(file, (*locs[0], "taakveld"), ngettext(
        "taakveld {code} “{name}” is not valid in {year} ({n} row, marked carried_forward: [taakveld]): in {year} "
        "it is replaced by {codes}", "taakveld {code} “{name}” is not valid in {year} ({n} rows, marked "
        "carried_forward: [taakveld]): in {year} it is replaced by {codes}", len(locs), code=code,
        name=names.get(code, "?"), year=year, codes=shown), True)


def advice(chapter: Any, place: Place, block: Advice, file: str) -> list[Note]:
    """An advice of the previous edition, back to awaiting: the new edition is advised on anew."""
    if block.text is None:
        return [Note(file, (*place.loc, "id"), _("advice {id} of {source} has not been received yet: add it under "
                                                 "text: once it is", id=block.id, source=block.source), True)]
    node = _at(chapter, place.loc)
    for key in ("text", "date", "response", "awaiting_response"):
        node.pop(key, None)
    return [Note(file, (*place.loc, "id"), _("advice {id} of {source}: back to awaiting (no text, no response); add "
                                             "this edition's advice under text: once it is received", id=block.id,
                                             source=block.source), True)]
