"""Open data: every budget table as CSV and JSON beside the page, read back and added up against the
table's stated totals; the document's data package validated with the `frictionless` package; the
page links each download with its format and size."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import frictionless
import pytest

from nota import pipeline
from nota.model.budget import BudgetTable, computed_totals, rows, walk
from nota.model.document import load_document
from nota.render.edition import file_size
from nota.text import dutch, markdown

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("programmaplan-2022", "visie-awbz-jeugdzorg-2012")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both documents built for the screen only (the data do not depend on the PDF)."""
    out = tmp_path_factory.mktemp("site")
    report = pipeline.build(ROOT, out, pdf=False)
    assert not report.failed
    return out


def _tables(doc_id: str) -> dict[str, BudgetTable]:
    doc, _ = load_document(ROOT, doc_id)
    assert doc is not None
    return {tid: tf.table for tid, tf in doc.tables.items()}


def _read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, so Excel reads the accents"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _euros(cell: str) -> int:
    """A CSV amount as it counts in a sum: pm and empty cells count as nothing, as in the table."""
    return 0 if cell in ("", "pm") else int(cell)


@pytest.mark.parametrize("doc_id", DOCUMENTS)
def test_every_budget_tables_csv_has_its_rows_and_adds_up_to_its_stated_totals(site: Path, doc_id: str) -> None:
    tables = _tables(doc_id)
    for table_id, table in tables.items():
        lines = _read_csv(site / doc_id / "data" / f"{table_id}.csv")
        expected = list(rows(table))
        assert [line["omschrijving"] for line in lines] == [markdown.plain(r.description) for r, _ in expected]
        factor = dutch.UNIT_FACTOR[table.unit]
        assert table.total is not None
        for i, year in enumerate(table.years):
            assert sum(_euros(line[str(year)]) for line in lines) == table.total.amounts[i] * factor, year
        for line, (row, _loc) in zip(lines, expected, strict=True):  # each amount is the table's, in whole euros
            assert [line[str(y)] for y in table.years] == [
                str(a * factor) if isinstance(a, int) else (a or "") for a in row.amounts]
    if not tables:  # a document without budget tables publishes no data, and links none
        assert not (site / doc_id / "data").exists()
        assert "data/" not in (site / doc_id / f"{doc_id}.html").read_text(encoding="utf-8")
    else:
        assert doc_id == "programmaplan-2022" and set(tables) == {"budgetten-sociaal-domein",
                                                                  "wmo-meerjarenperspectief"}


def test_csv_columns_hold_groups_taakveld_names_parties_and_notes(site: Path) -> None:
    lines = _read_csv(site / "programmaplan-2022" / "data" / "wmo-meerjarenperspectief.csv")
    assert list(lines[0]) == ["groep", "subgroep", "taakveld", "taakveld_naam", "omschrijving",
                              "uitvoerende_partij", "noot", "2021", "2022", "2023", "2024", "2025", "2026"]
    huishouden = next(line for line in lines if line["omschrijving"] == "schoon en leefbaar huis")
    assert huishouden["groep"] == "Maatwerkvoorzieningen" and huishouden["subgroep"] == "Huishoudelijke ondersteuning"
    assert huishouden["taakveld"] == "6.71" and huishouden["taakveld_naam"] == "Maatwerkdienstverlening 18+"
    assert huishouden["2021"] == "-5510279" and huishouden["uitvoerende_partij"] == "gecontracteerde leveranciers"
    scootmobiel = next(line for line in lines if line["omschrijving"] == "scootmobielen")
    assert scootmobiel["noot"].startswith("Inclusief een administratieve correctie")  # the group's note *
    assert next(line for line in lines if line["omschrijving"] == "doordecentralisatie beschermd wonen")["2022"] == "pm"
    tabel2 = _read_csv(site / "programmaplan-2022" / "data" / "budgetten-sociaal-domein.csv")
    assert list(tabel2[0]) == ["omschrijving", "noot", "2021", "2022", "2023", "2024", "2025"]  # no empty columns
    assert tabel2[1] == {"omschrijving": "Saldo lasten Jeugdwet", "noot": "incl. toevoeging extra middelen jeugdwet",
                         "2021": "-35729000", "2022": "-36574000", "2023": "-33243000", "2024": "-32831000",
                         "2025": "-32454000"}


def test_json_holds_rows_totals_and_the_rounding_honestly(site: Path) -> None:
    for table_id, table in _tables("programmaplan-2022").items():
        body = json.loads((site / "programmaplan-2022" / "data" / f"{table_id}.json").read_text(encoding="utf-8"))
        factor = dutch.UNIT_FACTOR[table.unit]
        assert body["eenheid"] == "euro" and body["afgerond_op"] == factor and body["jaren"] == table.years
        assert len(body["regels"]) == len(list(rows(table)))
        sums = computed_totals(table)
        for entry in body["regels"]:
            assert set(entry) == {"groepen", "taakveld", "taakveld_naam", "omschrijving", "uitvoerende_partij",
                                  "noot", "bedragen"}
        stated = body["totalen"][-1]
        assert stated["groep"] is None and table.total is not None
        assert stated["bedragen"] == {str(y): a * factor for y, a in zip(table.years, table.total.amounts,
                                                                         strict=True)}
        assert [a * factor for a in sums[()]] == list(stated["bedragen"].values())
    tabel2 = json.loads((site / "programmaplan-2022" / "data" / "budgetten-sociaal-domein.json").read_text("utf-8"))
    assert tabel2["tabel"] == "Tabel 2" and tabel2["totalen"][-1]["gepubliceerd"] == {"2025": -113186000}


def test_the_data_package_validates_with_frictionless(site: Path) -> None:
    package = site / "programmaplan-2022" / "data" / "datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == ["budgetten-sociaal-domein", "wmo-meerjarenperspectief"]
    read = frictionless.Package(str(package))
    for resource, (table_id, table) in zip(read.resources, _tables("programmaplan-2022").items(), strict=True):
        assert resource.name == table_id
        assert resource.schema.get_field("2021").type == "integer"
        records = resource.read_rows()
        assert len(records) == len(list(rows(table)))
        assert table.total is not None
        total = sum(r[str(table.years[0])] or 0 for r in records)  # pm reads as a missing value
        assert total == table.total.amounts[0] * dutch.UNIT_FACTOR[table.unit]


def test_the_zip_holds_the_package_and_its_tables_and_validates_as_one(site: Path, tmp_path: Path) -> None:
    """One download for all the figures: the ZIP is the package as Frictionless reads a zipped one."""
    data = site / "programmaplan-2022" / "data"
    with zipfile.ZipFile(data / "programmaplan-2022-open-data.zip") as zipped:
        assert zipped.namelist() == ["datapackage.json", "budgetten-sociaal-domein.csv", "wmo-meerjarenperspectief.csv"]
        for name in zipped.namelist():
            assert zipped.read(name) == (data / name).read_bytes(), name
            assert zipped.getinfo(name).date_time == (1980, 1, 1, 0, 0, 0)  # no clock in the bytes
        zipped.extractall(tmp_path / "unzipped")
    report = frictionless.validate(str(tmp_path / "unzipped" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_a_changed_csv_no_longer_validates(site: Path, tmp_path: Path) -> None:
    """The package states each file's size and hash, so the validation above can fail."""
    copy = tmp_path / "data"
    copy.mkdir()
    for path in (site / "programmaplan-2022" / "data").iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    csv_file = copy / "budgetten-sociaal-domein.csv"
    csv_file.write_bytes(csv_file.read_bytes().replace(b"-60871000", b"-60872000"))
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert {found[0] for found in report.flatten(["type"])} & {"hash-count", "byte-count"}


def test_each_table_links_its_downloads_with_format_and_size(site: Path) -> None:
    folder = site / "programmaplan-2022"
    html = (folder / "programmaplan-2022.html").read_text(encoding="utf-8")
    for table_id in _tables("programmaplan-2022"):
        for kind in ("csv", "json"):
            size = (folder / "data" / f"{table_id}.{kind}").stat().st_size
            link = re.search(rf'<a href="data/{table_id}\.{kind}" download type="[^"]+">([^<]+)'
                             rf'<span class="file-info">\({kind}, ([^)]+)\)</span></a>', html)
            assert link, (table_id, kind)
            assert link.group(2) == f"{max(1, round(size / 1000))} kB"
    package = (folder / "data" / "datapackage.json").stat().st_size
    assert f'href="data/datapackage.json" download type="application/json">Beschrijving van de open data, ' \
           f'Frictionless-datapakket <span class="file-info">(json, {math.floor(package / 1000 + 0.5)} kB)' in html
    zipped = (folder / "data" / "programmaplan-2022-open-data.zip").stat().st_size
    assert f'href="data/programmaplan-2022-open-data.zip" download type="application/zip">Alle tabellen als open ' \
           f'data, met hun beschrijving <span class="file-info">(zip, {math.floor(zipped / 1000 + 0.5)} kB)' in html
    assert ") <span class=\"file-info\">(" not in html, "one pair of brackets per link: '(…) (json, 7 kB)' reads badly"
    assert ".pdf" not in html, "built without the PDF (--html-only), the page links none"


def test_file_sizes_read_as_the_nl_design_system_writes_them() -> None:
    assert [file_size(n) for n in (1, 499, 1_499, 1_500, 612_400, 999_499, 999_500, 1_234_567, 12_345_678)] == [
        "1 kB", "1 kB", "1 kB", "2 kB", "612 kB", "999 kB", "1 MB", "1,2 MB", "12,3 MB"]


def test_a_text_cell_that_looks_like_a_formula_is_defused(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    table = root / "content" / "programmaplan-2022" / "tables" / "wmo-meerjarenperspectief.yaml"
    text = table.read_text(encoding="utf-8")
    text = text.replace("party: GGD Flevoland", 'party: "=HYPERLINK(\\"https://example.org\\")"')
    table.write_text(text.replace("description: kosten toezicht Wmo", 'description: "@SUM(1+1)"'), encoding="utf-8")
    report = pipeline.build(root, root / "output", pdf=False)
    assert not report.failed, [str(p) for p in report.problems if p.is_error]
    lines = _read_csv(root / "output" / "programmaplan-2022" / "data" / "wmo-meerjarenperspectief.csv")
    row = next(line for line in lines if "SUM" in line["omschrijving"])
    assert row["omschrijving"] == "'@SUM(1+1)" and row["uitvoerende_partij"] == "'=HYPERLINK(\"https://example.org\")"
    assert row["2021"] == "-28000", "a negative amount is a number, not a formula: it is left as it is"
    body = json.loads((root / "output" / "programmaplan-2022" / "data" / "wmo-meerjarenperspectief.json").read_text())
    assert any(entry["omschrijving"] == "@SUM(1+1)" for entry in body["regels"]), "JSON keeps the text as written"


def test_walk_and_export_agree_on_group_paths(site: Path) -> None:
    table = _tables("programmaplan-2022")["wmo-meerjarenperspectief"]
    depth = max(line.depth for line in walk(table) if line.kind == "row")
    header = _read_csv(site / "programmaplan-2022" / "data" / "wmo-meerjarenperspectief.csv")[0]
    assert [k for k in header if k.startswith(("groep", "subgroep"))] == ["groep", "subgroep"][: depth]
