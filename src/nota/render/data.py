"""RENDER stage, open data: every budget table as CSV and JSON, and the document's budget data as one
Frictionless data package (pure: models in, bytes out; publish/output.py writes them to data/).

The CSV is for a spreadsheet: UTF-8 with a byte order mark (so Excel reads the accents), semicolons
between fields (the list separator of Dutch Excel; the data package says so), one row per budget
line, one column per year. The amounts are whole euros, the unit the data package declares for every
table, so tables can be added up together. A table published in thousands of euros exports its figures
times 1,000: exact arithmetic, but the figures stay rounded to thousands as published, and the schema
and the JSON say so (`afgerond_op: 1000`) rather than suggest a precision the source does not have.
pm (pro memorie) stays `pm`, a declared missing value. A text cell that a spreadsheet would take for
a formula (=, +, -, @ first) is prefixed with an apostrophe, as OWASP advises (SECURITY.md).

For a reader who wants all the figures in one download, the package and its CSV files are also one
ZIP file (`archive`), the form in which Frictionless tools read a zipped data package.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from nota.check.outline import Outline
from nota.model import iv3
from nota.model.blocks import Budget
from nota.model.budget import BudgetGroup, BudgetRow, BudgetTable, walk
from nota.model.document import Document
from nota.source import Loc
from nota.text import dutch, markdown

FOLDER = "data"
PACKAGE = f"{FOLDER}/datapackage.json"
# a ZIP entry's date: the format needs one, the clock must not give it (the same bytes for the same input)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
LEVELS = ("groep", "subgroep")  # then subgroep_3, subgroep_4, ... for deeper groups
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    kind: str  # Frictionless type: string or integer
    description: str
    level: int | None = None  # for a heading column: the depth of the heading it holds


@dataclass(frozen=True)
class Export:
    """One budget table's downloads: where they go, what they hold, and their bytes."""

    id: str
    name: str  # "Tabel 2"
    title: str
    columns: tuple[Column, ...]
    csv: bytes
    json: bytes

    @property
    def csv_file(self) -> str:
        return f"{FOLDER}/{self.id}.csv"

    @property
    def json_file(self) -> str:
        return f"{FOLDER}/{self.id}.json"


def level_name(depth: int) -> str:
    return LEVELS[depth] if depth < len(LEVELS) else f"subgroep_{depth + 1}"


def _columns(table: BudgetTable, depth: int, has: Callable[[str], bool]) -> list[Column]:
    labels = table.columns
    factor = dutch.UNIT_FACTOR[table.unit]
    rounded = " De tabel geeft duizenden euro's: het bedrag is het gepubliceerde maal 1.000, dus op " \
              "€ 1.000 afgerond." if factor > 1 else ""
    columns = [Column(level_name(d), "Groep" if d == 0 else "Subgroep", "string",
                      "De kop in de tabel waaronder de regel staat" + (" (genest)" if d else ""), d)
               for d in range(depth)]
    if has("taakveld"):
        columns += [Column("taakveld", labels.taakveld or "Taakveld", "string", "Iv3-taakveldcode"),
                    Column("taakveld_naam", "Naam taakveld", "string", "Naam van het taakveld in de Iv3-lijst")]
    columns.append(Column("omschrijving", labels.description, "string", "Waar het geld voor is"))
    if has("party"):
        columns.append(Column("uitvoerende_partij", labels.party or "Uitvoerende partij", "string",
                              "Wie het uitvoert"))
    if has("note"):
        columns.append(Column("noot", "Noot", "string", "De noot bij de regel of haar kop"))
    columns += [Column(str(year), str(year), "integer", f"Bedrag {year} in hele euro's; negatief: lasten, "
                       f"positief: baten; pm: pro memorie (nog geen bedrag).{rounded}") for year in table.years]
    return columns


def _cell(value: object) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA) else text


def _euros(value: int | str | None, factor: int) -> int | str | None:
    return value * factor if isinstance(value, int) else value


def _lines(table: BudgetTable, budget_year: int | None, label: Callable[[str], str]) -> Iterator[dict[str, Any]]:
    """Every budget row with the headings above it, its taakveld's name, its note and its amounts in euros."""
    titles: dict[Loc, str] = {}
    markers: dict[Loc, str | None] = {}
    notes = {note.marker: markdown.plain(note.text, label) for note in table.notes}
    names = iv3.valid_codes(budget_year) if budget_year else {}
    factor = dutch.UNIT_FACTOR[table.unit]
    for line in walk(table):
        node = line.node
        if isinstance(node, BudgetGroup):
            titles[line.loc], markers[line.loc] = markdown.plain(node.title, label), node.marker
        if not isinstance(node, BudgetRow):
            continue
        groups = [line.loc[:i] for i in range(2, len(line.loc) - 1, 2) if line.loc[i - 2] == "groups"]
        marked = [m for m in (*(markers[g] for g in groups), node.marker) if m and m in notes]
        yield {"groepen": [titles[g] for g in groups], "taakveld": node.taakveld,
               "taakveld_naam": names.get(node.taakveld or "", "") or None,
               "omschrijving": markdown.plain(node.description, label), "uitvoerende_partij": node.party,
               "noot": "; ".join(notes[m] for m in marked) or None,
               "bedragen": {str(y): _euros(a, factor) for y, a in zip(table.years, node.amounts, strict=False)}}


def _csv(columns: list[Column], lines: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for entry in lines:
        row = []
        for column in columns:
            if column.kind == "integer":
                value = entry["bedragen"].get(column.name)
                row.append("" if value is None else str(value))
            elif column.level is not None:
                groups = entry["groepen"]
                row.append(_cell(groups[column.level] if column.level < len(groups) else ""))
            else:
                row.append(_cell(entry[column.name]))
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _totals(table: BudgetTable, label: Callable[[str], str]) -> list[dict[str, Any]]:
    factor = dutch.UNIT_FACTOR[table.unit]
    titles = {line.loc: markdown.plain(line.text, label) for line in walk(table) if line.kind == "group"}
    totals = []
    for line in walk(table):
        if line.kind != "total":
            continue
        node = line.node
        entry = {"groep": titles.get(line.parent), "omschrijving": markdown.plain(line.text, label),
                 "bedragen": {str(y): _euros(a, factor) for y, a in zip(table.years, line.amounts, strict=False)}}
        published = getattr(node, "published", {})
        if published:
            entry["gepubliceerd"] = {str(y): v * factor for y, v in sorted(published.items())}
        totals.append(entry)
    return totals


def export_table(doc: Document, outline: Outline, table_id: str) -> Export:
    """One budget table's CSV and JSON."""
    table = doc.tables[table_id].table
    label = _labeller(outline)
    lines = list(_lines(table, doc.meta.budget_year, label))
    depth = max((len(entry["groepen"]) for entry in lines), default=0)
    columns = _columns(table, depth, lambda key: any(entry[_KEYS[key]] for entry in lines))
    target = outline.targets.get(table_id)
    name = f"Tabel {target.number}" if target and target.number else "Tabel"
    title = markdown.plain(table.title, label)
    body = {"tabel": name, "titel": title, "document": doc.meta.title, "organisatie": doc.meta.organisation,
            "eenheid": "euro", "afgerond_op": dutch.UNIT_FACTOR[table.unit], "jaren": table.years,
            "regels": lines, "totalen": _totals(table, label),
            "noten": [{"teken": n.marker, "tekst": markdown.plain(n.text, label)} for n in table.notes],
            "opmerkingen": [markdown.plain(r, label) for r in table.remarks]}
    text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    return Export(table_id, name, title, tuple(columns), _csv(columns, lines), text.encode("utf-8"))


_KEYS = {"taakveld": "taakveld", "party": "uitvoerende_partij", "note": "noot"}


def _labeller(outline: Outline) -> Callable[[str], str]:
    return lambda target: outline.targets[target].label if target in outline.targets else ""


def exports(doc: Document, outline: Outline) -> list[Export]:
    """Every budget table of the document, in the order the document places them."""
    placed = [block.table for block, _ in doc.blocks(Budget) if block.table in doc.tables]
    return [export_table(doc, outline, table_id) for table_id in dict.fromkeys(placed)]


def datapackage(doc: Document, found: list[Export]) -> bytes:
    """datapackage.json: the document's budget tables as Frictionless tabular data resources."""
    package: dict[str, Any] = {"profile": "tabular-data-package", "name": doc.id, "title": doc.meta.title}
    if doc.meta.subject:
        package["description"] = doc.meta.subject
    if doc.meta.keywords:
        package["keywords"] = doc.meta.keywords
    if doc.meta.version:
        package["version"] = doc.meta.version
    package["contributors"] = [{"title": doc.meta.organisation, "role": "publisher"}]
    package["resources"] = [_resource(export) for export in found]
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _resource(export: Export) -> dict[str, Any]:
    fields: list[dict[str, Any]] = [{"name": c.name, "title": c.title, "type": c.kind, "description": c.description}
              for c in export.columns]
    for field in fields:
        if field["name"] == "omschrijving":
            field["constraints"] = {"required": True}
    return {"name": export.id, "path": export.csv_file.removeprefix(f"{FOLDER}/"), "profile": "tabular-data-resource",
            "title": f"{export.name}: {export.title}", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": len(export.csv), "hash": f"sha256:{hashlib.sha256(export.csv).hexdigest()}",
            "dialect": {"delimiter": ";"}, "schema": {"fields": fields, "missingValues": ["", "pm"]}}


def archive_file(doc: Document) -> str:
    return f"{FOLDER}/{doc.id}-open-data.zip"


def archive(package: bytes, found: list[Export]) -> bytes:
    """The data package with its CSV files as one ZIP: fixed dates and permissions, entries in the
    package's order, stored without compression (deflate's bytes may differ between zlib versions;
    the files are small)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zipped:
        for name, data in (("datapackage.json", package), *((e.csv_file.removeprefix(f"{FOLDER}/"), e.csv)
                                                              for e in found)):
            entry = zipfile.ZipInfo(name, _ZIP_DATE)
            entry.external_attr, entry.create_system = 0o100644 << 16, 3  # a plain file, read-write, on Unix
            zipped.writestr(entry, data)
    return out.getvalue()


def files(doc: Document, outline: Outline, found: list[Export] | None = None) -> dict[str, bytes]:
    """Every download of the document's budget data by its path beside the HTML; none without tables."""
    found = exports(doc, outline) if found is None else found
    if not found:
        return {}
    out = {PACKAGE: datapackage(doc, found)}
    for export in found:
        out[export.csv_file] = export.csv
        out[export.json_file] = export.json
    out[archive_file(doc)] = archive(out[PACKAGE], found)
    return out
