"""The built PDFs read back (pypdf): table of contents, tables, structure tree, identification, metadata,
footnotes, bookmarks, reproducibility, and the layout checks that stop a build."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from helpers import normalise
from nota import pipeline
from nota.model.document import load_document
from nota.publish.provenance import provenance

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("programmaplan-2022", "visie-awbz-jeugdzorg-2012")
HEADINGS = ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")

pytestmark = pytest.mark.slow


# --- reading a PDF back -------------------------------------------------------------------------

def _reader(built: Path, doc: str) -> PdfReader:
    return PdfReader(built / doc / f"{doc}.pdf")


def _html(built: Path, doc: str) -> str:
    return (built / doc / f"{doc}.html").read_text(encoding="utf-8")


def _page_numbers(reader: PdfReader) -> dict[int, int]:
    """Object number of each page -> its page number (1-based)."""
    return {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages, 1)}


def _elements(reader: PdfReader) -> Iterator[tuple[DictionaryObject, int | None, list[str]]]:
    """Every element of the structure tree, depth first, with its page number and its ancestors' types."""
    pages = _page_numbers(reader)
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()

    def walk(node: Any, path: list[str]) -> Iterator[tuple[DictionaryObject, int | None, list[str]]]:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            return
        page = node.get("/Pg")
        yield node, pages.get(page.idnum) if page is not None else None, path
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and not isinstance(kid, int):
                yield from walk(kid, [*path, str(node["/S"])])

    kids = root["/K"]
    for kid in kids if isinstance(kids, list) else [kids]:
        yield from walk(kid, [])


def _children(node: DictionaryObject) -> list[DictionaryObject]:
    kids = node.get("/K")
    found = [k.get_object() for k in (kids if isinstance(kids, list) else [kids]) if isinstance(k, IndirectObject)]
    return [k for k in found if isinstance(k, DictionaryObject) and "/S" in k]


def _dest_pages(reader: PdfReader) -> dict[str, int]:
    """Named destination (an HTML id) -> page number (1-based)."""
    return {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}


def _links(reader: PdfReader) -> Iterator[tuple[int, str]]:
    """(page number, destination name) of every internal link."""
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                yield number, str(annotation["/Dest"])


def _toc(html: str) -> list[tuple[str, str]]:
    """(anchor, title) of every table-of-contents entry, in order, from the built HTML."""
    nav = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    entries = re.findall(r'<a href="#([^"]+)">(.*?)</a>', nav, re.S)
    return [(anchor, normalise(re.sub(r"<[^>]+>", " ", text))) for anchor, text in entries]


def _toc_lines(reader: PdfReader) -> list[tuple[str, int]]:
    """(text, page number) of every entry of the printed table of contents (pages 2 and 3), in order;
    an entry that wraps is joined to its line with the leader."""
    text = (reader.pages[1].extract_text() + "\n" + reader.pages[2].extract_text()).split("Inhoud", 1)[1]
    lines, pending = [], ""
    for line in text.splitlines():
        match = re.match(r"^(.*?)\s*\.{4,}\s*(\d+)\s*$", line)
        if match:
            lines.append((normalise(pending + match.group(1)), int(match.group(2))))
        pending = "" if match else pending + line + " "
    return lines


# --- table of contents, bookmarks, footnotes ------------------------------------------------------

@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_toc_page_number_is_the_page_of_its_heading(built: Path, doc: str) -> None:
    reader, entries = _reader(built, doc), _toc(_html(built, doc))
    printed, dests = _toc_lines(reader), _dest_pages(reader)
    assert len(printed) == len(entries) >= 8
    pages = [normalise(page.extract_text()) for page in reader.pages]
    for (anchor, title), (line, number) in zip(entries, printed, strict=True):
        assert line.startswith(title[:25]), (line, title)
        assert dests[anchor] == number, f"{title}: the contents say page {number}, the heading is on {dests[anchor]}"
        assert title.split(" ", 1)[-1][:30] in pages[number - 1], f"{title} is not on page {number}"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_toc_entries_link_to_their_headings(built: Path, doc: str) -> None:
    reader = _reader(built, doc)
    toc_links = {dest for page, dest in _links(reader) if page == 2}
    assert toc_links == {anchor for anchor, _ in _toc(_html(built, doc))}


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_bookmarks_hold_every_chapter_with_its_sections_on_the_toc_page(built: Path, doc: str) -> None:
    reader = _reader(built, doc)
    printed = dict(_toc_lines(reader))
    chapters = [item for item in reader.outline if not isinstance(item, list)]
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert len(chapters) == len(load_document(ROOT, doc)[0].chapters)  # type: ignore[union-attr]
    assert nested, "sections are bookmarked under their chapter"
    for bookmark in chapters:
        page = reader.get_destination_page_number(bookmark) + 1
        title = normalise(bookmark.title)
        assert "\u00ad" not in bookmark.title
        assert printed[title] == page, title


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_footnote_stands_at_the_foot_of_the_page_of_its_reference(built: Path, doc: str) -> None:
    reader = _reader(built, doc)
    dests = _dest_pages(reader)
    calls = [(page, dest) for page, dest in _links(reader) if dest.startswith("fnbody-")]
    assert len(calls) >= 4
    for page, dest in calls:
        assert dests[dest] == page, f"footnote {dest} is on page {dests[dest]}, its reference on page {page}"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_page_is_marked_concept_and_carries_title_publisher_and_number(built: Path, doc: str) -> None:
    meta = load_document(ROOT, doc)[0].meta  # type: ignore[union-attr]
    assert meta.status == "concept"
    for number, page in enumerate(_reader(built, doc).pages, 1):
        text = page.extract_text()
        squeezed = re.sub(r"\s+", "", text)  # CONCEPT is letter-spaced
        assert "CONCEPT" in squeezed, f"page {number} is not marked CONCEPT"
        if number > 1:  # the running header and footer, not on the cover
            assert re.sub(r"\s+", "", meta.title) in squeezed and meta.organisation in text, f"page {number}"
            assert re.search(rf"(^|\s){number}(\s|$)", text), f"page {number} shows no page number"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_no_chapter_ends_with_a_few_lines_on_a_page_of_their_own(built: Path, doc: str) -> None:
    reader = _reader(built, doc)
    chapters = load_document(ROOT, doc)[0].chapters  # type: ignore[union-attr]
    starts = sorted(_dest_pages(reader)[cf.id] for cf in chapters)  # a chapter's id is its section's id
    ends = [start - 1 for start in starts[1:]] + [len(reader.pages)]
    for start, end in zip(starts, ends, strict=True):
        if end > start:
            lines = [line for line in reader.pages[end - 1].extract_text().splitlines() if line.strip()]
            assert len(lines) - 3 >= 6, f"the chapter starting on page {start} ends with {len(lines) - 3} lines"


# --- tables --------------------------------------------------------------------------------------

def _landscape(reader: PdfReader) -> set[int]:
    return {i for i, page in enumerate(reader.pages, 1) if page.mediabox.width > page.mediabox.height}


def test_bijlage_1_is_on_landscape_pages_with_its_header_row_on_each(built: Path) -> None:
    reader = _reader(built, "programmaplan-2022")
    landscape = sorted(_landscape(reader))
    assert len(landscape) >= 2 and _dest_pages(reader)["financieel-meerjarenperspectief"] == landscape[0]
    heads = [page for node, page, _ in _elements(reader) if node["/S"] == "/THead" and page in landscape]
    # one table, one THead where it starts; the header row repeated on the later pages is an Artifact
    # (tests/test_pdfua.py), not a table of its own
    assert heads == [landscape[0]], "Bijlage 1 is one table with one header row in its structure"
    for page in landscape:
        text = reader.pages[page - 1].extract_text()
        assert all(word in text for word in ("Taakveld", "Onderdeel", "Uitvoerende partij", "2021", "2026"))


def _content_pages(node: DictionaryObject, pages: dict[int, int]) -> set[int]:
    """The pages an element's marked content (its own and its descendants') is on."""
    found: set[int] = set()
    own = node.get("/Pg")
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(kid, int) and own is not None:
            found.add(pages[own.idnum])
        elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
            found.add(pages[(kid.get("/Pg") or own).idnum])
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            found |= _content_pages(kid, pages)
    return found


def _body_rows(reader: PdfReader, pages: set[int]) -> dict[int, list[DictionaryObject]]:
    """The body rows of the tables on these pages, by the page their content is on."""
    numbers = _page_numbers(reader)
    rows: dict[int, list[DictionaryObject]] = {}
    for node, _, path in _elements(reader):
        if node["/S"] == "/TR" and path[-1] == "/TBody":
            on = _content_pages(node, numbers)
            assert len(on) == 1, f"a table row is split over pages {sorted(on)}"
            if on <= pages:
                rows.setdefault(on.pop(), []).append(node)
    return rows


def test_no_row_of_bijlage_1_is_split_and_no_group_heading_ends_a_page(built: Path) -> None:
    reader = _reader(built, "programmaplan-2022")
    landscape = _landscape(reader)
    rows = _body_rows(reader, landscape)
    html = _html(built, "programmaplan-2022")
    table = re.search(r'<table class="budget" id="wmo-meerjarenperspectief">.*?</table>', html, re.S)
    assert table is not None
    html_rows = table.group(0).split("</thead>", 1)[1].count("<tr")
    assert sum(len(page_rows) for page_rows in rows.values()) == html_rows
    assert set(rows) == landscape
    for page, page_rows in rows.items():
        cells = _children(page_rows[-1])
        is_group = len(cells) == 1 and "/ColSpan" in cells[0].get("/A", {})
        assert not is_group or page == max(landscape), f"a group heading ends page {page}"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_table_has_header_cells(built: Path, doc: str) -> None:
    reader = _reader(built, doc)
    tables = [node for node, _, _ in _elements(reader) if node["/S"] == "/Table"]
    assert tables
    for table in tables:
        header_cells = [c for part in _children(table) for row in _children(part) for c in _children(row)
                        if c["/S"] == "/TH"]
        assert header_cells, "a table without header cells"


# --- structure, identification, metadata ----------------------------------------------------------

@pytest.mark.parametrize("doc", DOCUMENTS)
def test_headings_are_tagged_in_order_without_skipping_a_level(built: Path, doc: str) -> None:
    levels = [int(str(node["/S"])[2]) for node, _, _ in _elements(_reader(built, doc)) if node["/S"] in HEADINGS]
    assert levels[:2] == [1, 2] and levels.count(1) == 1
    for before, after in pairwise(levels):
        assert after <= before + 1, f"heading level {after} follows level {before}"
    chapters = len(load_document(ROOT, doc)[0].chapters)  # type: ignore[union-attr]
    assert levels.count(2) == chapters + 2  # the chapters, "Inhoud" and "Colofon"; one H2 each, never split


def test_figures_carry_their_alternative_text(built: Path) -> None:
    reader = _reader(built, "visie-awbz-jeugdzorg-2012")
    alts = [str(node.get("/Alt", "")) for node, _, _ in _elements(reader) if node["/S"] == "/Figure"]
    doc, _ = load_document(ROOT, "visie-awbz-jeugdzorg-2012")
    assert doc is not None
    expected = [b.alt for cf in doc.chapters for b in _blocks(cf.chapter) if type(b).__name__ == "Figure"]
    assert alts == expected and len(alts) == 2


def _blocks(node: Any) -> list[Any]:
    return [*node.blocks, *(b for s in node.sections for b in _blocks(s))]


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_lists_are_tagged(built: Path, doc: str) -> None:
    kinds = {str(node["/S"]) for node, _, _ in _elements(_reader(built, doc))}
    assert {"/L", "/LI", "/LBody", "/Sect", "/P", "/Table", "/TR", "/TH", "/TD"} <= kinds


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_declares_pdf_a_2a_and_pdf_ua_1_with_language_and_title_display(built: Path, doc: str) -> None:
    reader = _reader(built, doc)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalog["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    xmp = catalog["/Metadata"].get_object().get_data()
    rdf = ElementTree.fromstring(xmp.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    attributes = {key: value for element in rdf.iter() for key, value in element.attrib.items()}
    assert attributes["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
    assert attributes["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "A"
    assert attributes["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_metadata_come_from_the_content_and_no_date_from_the_clock(built: Path, doc: str) -> None:
    meta = load_document(ROOT, doc)[0].meta  # type: ignore[union-attr]
    info = _reader(built, doc).metadata
    assert info is not None
    assert info["/Title"].startswith(meta.title)
    assert info["/Author"] == meta.organisation
    assert info["/Subject"] == meta.subject
    assert info["/Keywords"] == ", ".join(meta.keywords)
    assert info["/CreationDate"] == f"D:{meta.date.strftime('%Y%m%d') if meta.date else meta.year}"
    assert "/ModDate" not in info


# --- reproducible ----------------------------------------------------------------------------------

def test_two_builds_in_different_folders_are_byte_identical(built: Path, tmp_path: Path) -> None:
    """Another folder stands in for another machine: no path, clock or random id may reach the files.

    The copy is no git checkout, so it is told the source the real build read from git (the colophon's
    commit); tests/test_colophon.py shows that a clone elsewhere reads the same one itself.
    """
    elsewhere = tmp_path / "elders" / "project"
    shutil.copytree(ROOT / "templates", elsewhere / "templates")
    shutil.copytree(ROOT / "content", elsewhere / "content")
    report = pipeline.build(elsewhere, tmp_path / "output", source=lambda _root, doc: provenance(ROOT, doc))
    assert not report.failed
    for doc in DOCUMENTS:
        names = sorted(p.relative_to(built / doc) for p in (built / doc).rglob("*") if p.is_file())
        assert names == sorted(p.relative_to(tmp_path / "output" / doc)
                               for p in (tmp_path / "output" / doc).rglob("*") if p.is_file())
        for name in names:  # the HTML and PDF, and the stylesheets, figures, charts and data beside them
            again = (tmp_path / "output" / doc / name).read_bytes()
            assert again == (built / doc / name).read_bytes(), f"{name} differs between two builds"
            assert str(elsewhere).encode() not in again and str(ROOT).encode() not in again


# --- the layout checks stop a build -------------------------------------------------------------

VISIE = "visie-awbz-jeugdzorg-2012"
WIDE_TABLE = """      - type: table
        id: te-breed
        caption: Veel te breed
        columns: [Wanneer, Wat, Toelichting, A, B, C, D, E, F, G, H, I]{widths}
        rows:
          - [a, b, c, NL91ABNA0417164300, NL91ABNA0417164300, NL91ABNA0417164300, NL91ABNA0417164300,
             NL91ABNA0417164300, NL91ABNA0417164300, NL91ABNA0417164300, NL91ABNA0417164300, NL91ABNA0417164300]
"""


def _with_wide_table(project: Callable[..., Path], widths: str = "") -> tuple[Path, Path]:
    root = project(VISIE)
    chapter = root / "content" / VISIE / "chapters" / "op-weg-naar-uitwerking.yaml"
    text = chapter.read_text(encoding="utf-8")
    marker = "      - type: table\n        id: planning-awbz-wmo"
    chapter.write_text(text.replace(marker, WIDE_TABLE.format(widths=widths) + marker, 1), encoding="utf-8")
    return root, chapter.relative_to(root)


def test_a_table_wider_than_its_page_is_a_located_error_naming_it(project: Callable[..., Path]) -> None:
    root, chapter = _with_wide_table(project)
    report = pipeline.build(root, root / "output")
    assert report.failed == [VISIE]
    errors = [p for p in report.problems if p.is_error]
    assert [str(p.where) for p in errors] == [f"{chapter.as_posix()}:12:9"]
    assert re.fullmatch(r"Tabel 1: Veel te breed is \d+ mm wider than the text area of page \d+ and would be cut off",
                        errors[0].message)
    assert not (root / "output" / VISIE / f"{VISIE}.pdf").exists()


def test_text_running_out_of_a_fixed_column_is_a_located_error(project: Callable[..., Path]) -> None:
    root, chapter = _with_wide_table(project, "\n        widths: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]")
    report = pipeline.build(root, root / "output")
    errors = [p for p in report.problems if p.is_error]
    assert [str(p.where) for p in errors] == [f"{chapter.as_posix()}:12:9"]
    assert "runs out of its column in Tabel 1: Veel te breed" in errors[0].message


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_only_the_vendored_typeface_is_embedded(built: Path, doc: str) -> None:
    fonts = set()
    for page in _reader(built, doc).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    assert fonts and all(name.startswith("Open-Sans") for name in fonts), fonts


def test_a_character_missing_from_the_typeface_stops_the_build(project: Callable[..., Path]) -> None:
    root = project(VISIE)
    chapter = root / "content" / VISIE / "chapters" / "inleiding.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("Hierbij bieden wij u", "Hierbij ✓ bieden wij u", 1), encoding="utf-8")
    report = pipeline.build(root, root / "output")
    errors = [p for p in report.problems if p.is_error]
    assert report.failed == [VISIE] and len(errors) == 1
    assert re.fullmatch(r"the character ✓ \(U\+2713\) on page 3 is not in OpenSans-Regular\.ttf; a system font "
                        r"would be used for it", errors[0].message)
    line = next(n for n, text in enumerate(chapter.read_text(encoding="utf-8").splitlines(), 1) if "✓" in text)
    column = chapter.read_text(encoding="utf-8").splitlines()[line - 1].index("✓") + 1
    assert (errors[0].where.path.as_posix(), errors[0].where.line, errors[0].where.column) == (
        f"content/{VISIE}/chapters/inleiding.yaml", line, column)  # at the text to change, not the document


# --- a runt page is a located warning -----------------------------------------------------------

PLAN = "programmaplan-2022"
RUNT_NB = "Dit is een extra zin in de toelichting bij de tabel. " * 16  # pushes the NB's last lines over


def _runt_warnings(root: Path, lang: str, *holds: str) -> list[str]:
    """The runt warnings of the plan, its page number written {page}; that page must hold each of
    `holds` and little else (the page before it is full)."""
    from nota.i18n import using

    with using(lang):
        report = pipeline.build(root, root / "output", (PLAN,))
    assert not report.failed, [str(p) for p in report.problems if p.is_error]
    found = [f"{p.where}: {p.message} | {p.hint}" for p in report.problems if p.code == "runt"]
    pages = {int(n) for line in found for n in re.findall(r"\b(?:page|pagina) (\d+)", line)}
    reader = PdfReader(root / "output" / PLAN / f"{PLAN}.pdf")
    for page in pages:
        text = normalise(reader.pages[page - 1].extract_text() or "")
        assert all(words in text for words in holds) and len(text) < 1500, text
    return [re.sub(r"\b(page|pagina) \d+", r"\1 {page}", line) for line in found]


def test_a_page_holding_only_the_end_of_a_tables_notes_is_a_located_warning(project: Callable[..., Path]) -> None:
    root = project(PLAN)
    table = root / "content" / PLAN / "tables" / "wmo-meerjarenperspectief.yaml"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("remarks:\n  - >-\n", "remarks:\n  - >-\n    " + RUNT_NB + "\n", 1), encoding="utf-8")
    where = f"content/{PLAN}/tables/wmo-meerjarenperspectief.yaml:{text[:text.index('remarks:')].count(chr(10)) + 1}:1"
    holds = "aanvullende afspraken met de hoofdaannemers"  # the last words of the NB
    assert _runt_warnings(root, "en", holds) == [
        f"{where}: page {{page}} holds only the end of the notes under Tabel 3: Onderdelen Wmo Programmaplan "
        "(Bedragen in €) | shorten the notes or the remarks a little, or the text before the table, so they fit on "
        "the page before; nota already set it tighter"]
    assert _runt_warnings(root, "nl", holds) == [
        f"{where}: op pagina {{page}} staat alleen het eind van de noten onder Tabel 3: Onderdelen Wmo Programmaplan "
        "(Bedragen in €) | maak de noten of opmerkingen iets korter, of de tekst voor de tabel, zodat ze op de "
        "pagina ervoor passen; nota heeft het al krapper gezet"]
    assert (root / "output" / PLAN / f"{PLAN}.pdf").exists()  # a warning: the document is built


WMO = "wmo-meerjarenperspectief"
TOTAL = "totaal beschikbaar voor wmo"  # the total row of Bijlage 1
LAST_ROW = "prijsstijgingen (doorzetten inflatiecompensatie)"  # the row above it


def _bijlage_1(root: Path, rows: int, remarks: bool = True) -> str:
    """Bijlage 1 with `rows` rows more (as the audit added them), without its NB unless `remarks`;
    returns the table file's new text."""
    table = root / "content" / PLAN / "tables" / f"{WMO}.yaml"
    text = table.read_text(encoding="utf-8")
    row = ('      - {taakveld: "6.1", description: extra regel, party: gemeente Lelystad, '
           "amounts: [0, 0, 0, 0, 0, 0]}\n")
    anchor = "        amounts: [-28000, -28000, -28000, -28000, -28000, -28000]\n"
    text = text.replace(anchor, anchor + row * rows, 1)
    table.write_text(text if remarks else text[: text.index("remarks:")], encoding="utf-8")
    return text


def _pages_holding(pdf: Path, *words: str) -> list[set[int]]:
    """For each of `words`, the pages whose text holds them."""
    texts = [normalise(page.extract_text() or "") for page in PdfReader(pdf).pages]
    return [{n for n, text in enumerate(texts, 1) if word in text} for word in words]


def test_the_total_of_bijlage_1_stays_with_its_last_rows_when_rows_are_added(project: Callable[..., Path]) -> None:
    """The audit's case: two rows more sent the Totaal row alone to the last landscape page."""
    root = project(PLAN)
    _bijlage_1(root, 2)
    report = pipeline.build(root, root / "output", (PLAN,))
    assert not report.failed, [str(p) for p in report.problems if p.is_error]
    pdf = root / "output" / PLAN / f"{PLAN}.pdf"
    total, last, group, first = _pages_holding(pdf, TOTAL, LAST_ROW, "onvoorzien/pm", "inzet personeel, mediation")
    assert len(total) == 1 and total == last == group, (total, last, group)  # with its group, heading and all
    assert max(first) < min(total)  # the table did run over: the test sets the case it is about
    # three rows, the total, the notes and the NB fill a third of the page: not a runt
    assert [str(p) for p in report.problems if p.code == "runt"] == []


def test_a_page_holding_only_the_end_of_a_table_is_a_located_warning_at_its_total(
        project: Callable[..., Path]) -> None:
    """The same two rows more without the NB: the last landscape page holds only the last group, the
    total and two notes, a quarter of the page; on a portrait page that much would be a fifth of it."""
    root = project(PLAN)
    text = _bijlage_1(root, 2, remarks=False)
    where = f"content/{PLAN}/tables/{WMO}.yaml:{text[:text.index(chr(10) + 'total:')].count(chr(10)) + 2}:1"
    assert _runt_warnings(root, "en", TOTAL, LAST_ROW) == [
        f"{where}: page {{page}} holds only the end of Tabel 3: Onderdelen Wmo Programmaplan (Bedragen in €) | "
        "shorten the text before the table or the notes under it a little, so the table ends on the page before, "
        "or add a paragraph after it; the total stays with the rows above it"]
    assert _runt_warnings(root, "nl", TOTAL, LAST_ROW) == [
        f"{where}: op pagina {{page}} staat alleen het eind van Tabel 3: Onderdelen Wmo Programmaplan (Bedragen "
        "in €) | maak de tekst voor de tabel of de noten eronder iets korter, zodat de tabel op de pagina ervoor "
        "eindigt, of voeg er een alinea na toe; het totaal blijft bij de rijen erboven"]


def test_an_appendix_ending_with_a_few_lines_on_a_page_of_their_own_is_a_located_warning(
        project: Callable[..., Path]) -> None:
    root = project(PLAN)
    chapter = root / "content" / PLAN / "chapters" / "financieel-meerjarenperspectief.yaml"
    closing = "De bedragen zijn afgerond op hele euro's en staan ook in een spreadsheet bij deze bijlage. "
    chapter.write_text(chapter.read_text(encoding="utf-8") + "  - >-\n    " + closing * 3 + "\n", encoding="utf-8")
    where = f"content/{PLAN}/chapters/financieel-meerjarenperspectief.yaml:2:1"
    holds = "staan ook in een spreadsheet bij deze bijlage"
    assert _runt_warnings(root, "en", holds) == [
        f"{where}: the last page of Bijlage 1 Financieel meerjarenperspectief Sociaal Domein (page {{page}}) holds "
        "only a few lines | shorten the chapter a little, or add to it, so its last page is not nearly empty; nota "
        "already set it tighter"]
    assert _runt_warnings(root, "nl", holds) == [
        f"{where}: op de laatste pagina van Bijlage 1 Financieel meerjarenperspectief Sociaal Domein (pagina "
        "{page}) staan maar een paar regels | maak het hoofdstuk iets korter, of vul het aan, zodat de laatste "
        "pagina niet bijna leeg is; nota heeft het al krapper gezet"]


def test_the_total_of_a_table_without_groups_keeps_its_last_two_rows(project: Callable[..., Path]) -> None:
    """Tabel 2 with 31 rows more ends at the foot of a page: its total would start the next page alone.
    It takes the last two rows along, and the rest of the table stays where it began. (The chart and
    the caption's footnote go: a chart shows at most six rows, and WeasyPrint 70 fails on a footnote
    in a caption of a table that breaks in a chapter set in two columns.)"""
    root = project(PLAN)
    table = root / "content" / PLAN / "tables" / "budgetten-sociaal-domein.yaml"
    text = table.read_text(encoding="utf-8").replace("chart: {by: year, pdf: true}\n", "")
    first = "    amounts: [-60871, -57942, -56629, -56447, -57383]\n"
    text = text.replace(first, first + "  - description: extra regel\n    amounts: [0, 0, 0, 0, 0]\n" * 31, 1)
    table.write_text(text.replace("[^goedkeuring-begroting]", ""), encoding="utf-8")
    chapter = root / "content" / PLAN / "chapters" / "budgetten.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").split("footnotes:")[0], encoding="utf-8")
    report = pipeline.build(root, root / "output", (PLAN,))
    assert not report.failed, [str(p) for p in report.problems if p.is_error]
    total, before_last, last, first_row = _pages_holding(root / "output" / PLAN / f"{PLAN}.pdf", "totaal -118.373",
                                                         "saldo lasten jeugdwet", "saldo baten en lasten wmo",
                                                         "saldo lasten participatiewet")
    assert len(total) == 1 and total == before_last == last, (total, before_last, last)
    assert max(first_row) < min(total)  # the table is split, not moved to the next page whole
