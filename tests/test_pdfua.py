"""The built PDFs against PDF/UA-1 and PDF/A-2a: an independent validator (page-validation, which
implements veraPDF's rule profiles) and one test of its own for each point the structure pass
(publish/structure/) makes right, read back by a path of their own (tests/tagged.py, pdftotext)."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from importlib.metadata import version
from pathlib import Path

import pikepdf
import pytest
from packaging.version import Version

from helpers import html_text
from tagged import Tagged, is_element, kids

DOCUMENTS = ("programmaplan-2022", "visie-awbz-jeugdzorg-2012")
PROGRAMMAPLAN, VISIE = DOCUMENTS
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")

pytestmark = pytest.mark.slow


def _pdf(built: Path, doc: str) -> Path:
    return built / doc / f"{doc}.pdf"


def _html(built: Path, doc: str) -> str:
    return (built / doc / f"{doc}.html").read_text(encoding="utf-8")


def _squeeze(text: str) -> str:
    """Text compared across HTML and PDF: no spaces, no hyphens (line breaks set them), lower case."""
    return re.sub(r"[\s\u00ad-]+", "", text).lower()


@pytest.fixture(scope="module")
def tagged(built: Path) -> dict[str, Tagged]:
    return {doc: Tagged(_pdf(built, doc)) for doc in DOCUMENTS}


# --- the independent validator ------------------------------------------------------------------

@pytest.mark.parametrize("profile", ["ua1", "2a"], ids=["PDF/UA-1", "PDF/A-2a"])
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_page_validation_finds_no_failed_rule(built: Path, doc: str, profile: str) -> None:
    import page  # page-validation: a PDF/UA and PDF/A validator implementing veraPDF's rule profiles

    assert Version(version("page-validation")) >= Version("0.11")
    report = page.validate_pdf(str(_pdf(built, doc)), profile=profile)
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert failures == [] and report.is_compliant
    assert report.rules.total >= 100 and report.checks.failed == 0  # the profile's rules did run


# --- text: every glyph reads as its letters -------------------------------------------------------

@pytest.mark.parametrize("doc", DOCUMENTS)
def test_no_glyph_maps_to_empty_text_or_a_soft_hyphen(tagged: dict[str, Tagged], doc: str) -> None:
    from tagged import to_unicode_map

    pdf = tagged[doc].pdf
    fonts = {font.objgen: font for page in pdf.pages for font in page.Resources.Font.values()}
    bad = {f"{font.BaseFont}:{code:#06x}={text!r}" for font in fonts.values()
           for code, text in to_unicode_map(font).items() if not text or "\u00ad" in text}
    assert fonts and not bad


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_pdftotext_reads_every_ff_ffi_fi_and_fl_word_of_the_html(built: Path, doc: str) -> None:
    """WeasyPrint mapped a ligature formed across a soft hyphen to "" ("effecten" read as "eecten")."""
    words = set(re.findall(r"\w*f[fil]\w*", html_text(_html(built, doc)), re.I))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(_pdf(built, doc)), "-"], capture_output=True,
                          text=True, check=True).stdout
    joined = text + "\n" + re.sub(r"-\n", "", text)  # a word hyphenated at a line break, read whole
    assert sum("ff" in w.lower() for w in words) >= 4  # test_ligatures_across_soft_hyphens has every ligature
    assert sorted(w for w in words if not re.search(rf"(?<!\w){w}(?!\w)", joined)) == []


# --- one element per logical element, across page breaks -----------------------------------------

def test_bijlage_1_is_one_table_whose_repeated_header_rows_are_artifacts(built: Path,
                                                                         tagged: dict[str, Tagged]) -> None:
    pdf = tagged[PROGRAMMAPLAN]
    tables = [e for e, _ in pdf.elements() if e.S == "/Table"]
    assert len(tables) == _html(built, PROGRAMMAPLAN).count("<table ")
    bijlage = [t for t in tables if "onderdelenwmoprogrammaplan" in _squeeze(pdf.text(t))]
    assert len(bijlage) == 1, "Bijlage 1 must be one Table element"
    table = bijlage[0]
    parts = [str(k.S) for k in kids(table) if is_element(k)]
    assert parts.count("/THead") == 1
    rows = [e for e, path in pdf.elements(table) if e.S == "/TR" and path[-1] == "/TBody"]
    html = _html(built, PROGRAMMAPLAN)
    table_html = html.split('id="wmo-meerjarenperspectief"', 1)[1].split("</table>", 1)[0]
    assert len(rows) == table_html.split("</thead>", 1)[1].count("<tr")
    pages = sorted(pdf.pages_of(table))
    assert len(pages) == 3
    head = next(k for k in kids(table) if is_element(k) and k.S == "/THead")
    assert pdf.pages_of(head) == {pages[0]}
    for page in pages[1:]:  # the header row WeasyPrint repeats on each page: Pagination artifacts
        artifacts = _squeeze(" ".join(pdf.pages[page].artifacts))
        assert all(w in artifacts for w in ("taakveld", "onderdeel", "uitvoerendepartij", "2021", "2026"))


def test_bijlage_1_cells_name_every_level_of_their_headers(tagged: dict[str, Tagged]) -> None:
    pdf = tagged[PROGRAMMAPLAN]
    ids = pdf.ids()
    table = next(t for t, _ in pdf.elements() if t.S == "/Table" and
                 "onderdelenwmoprogrammaplan" in _squeeze(pdf.text(t)))
    cells = [e for e, _ in pdf.elements(table) if e.S == "/TD"]
    deepest = 0
    for cell in cells:
        headers = [str(h) for h in cell.A.Headers]
        assert all(h in ids and ids[h].S == "/TH" for h in headers)
        deepest = max(deepest, sum("-g" in h for h in headers))
    assert len(cells) > 400 and deepest >= 2, "rows under a group in a group name both group labels"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_paragraph_is_one_element_also_across_a_page_break(built: Path, tagged: dict[str, Tagged],
                                                                 doc: str) -> None:
    """WeasyPrint cut a paragraph at a page break into two P elements: each P must be a whole <p>."""
    pdf = tagged[doc]
    html = re.sub(r'<span class="fn-body".*?</span>|<a class="screen-only".*?</a>', "", _html(built, doc), flags=re.S)
    paragraphs = [_squeeze(unescape(re.sub(r"<[^>]+>", "", p))) for p in re.findall(r"<p\b[^>]*>(.*?)</p>", html, re.S)]
    elements = [p for p, _ in pdf.elements() if p.S == "/P"]
    crossing = 0
    for element in elements:
        notes = {m for e, _ in pdf.elements(element) if e.S == "/Note" for m in pdf.content(e)}
        text = "".join(pdf.pages[p].mcids[m] for p, m in pdf.content(element) if (p, m) not in notes)
        squeezed = _squeeze(text)  # the stylesheet may add a quotation mark: a few characters more
        assert any(p and p in squeezed and len(squeezed) - len(p) <= 2 for p in paragraphs), text
        crossing += len(pdf.pages_of(element)) > 1
    assert len(elements) <= len(paragraphs)
    if doc == VISIE:
        assert crossing >= 3, "the Visie's paragraphs that continue on the next page are one element each"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_one_part_and_every_list_item_has_a_body(tagged: dict[str, Tagged], doc: str) -> None:
    elements = list(tagged[doc].elements())
    assert [str(e.S) for e, _ in elements].count("/Part") == 1  # <main>, not one per page
    for element, _ in elements:
        roles = [str(k.S) for k in kids(element) if is_element(k)]
        if element.S == "/L":
            assert set(roles) <= {"/LI", "/Caption"}, roles
        if element.S == "/LI":
            assert "/LBody" in roles and set(roles) <= {"/Lbl", "/LBody"}, roles


# --- page furniture, notes, links, ids ----------------------------------------------------------

@pytest.mark.parametrize("doc", DOCUMENTS)
def test_running_head_footer_page_number_and_concept_mark_are_artifacts(tagged: dict[str, Tagged],
                                                                        doc: str) -> None:
    pdf = tagged[doc]
    held = [m for e, _ in pdf.elements() for m in pdf.own_content(e)]
    assert len(held) == len(set(held)), "each marked-content sequence is in one element"
    title = _squeeze(str(pdf.pdf.docinfo.Title))
    for index, page in enumerate(pdf.pages):
        assert set(page.mcids) == {m for p, m in held if p == index}, "every MCID is tagged or an artifact"
        furniture = _squeeze(" ".join(page.artifacts))
        if index > 0:  # the cover's CONCEPT stamp and publisher are content
            assert "concept" in furniture
            assert title[:30] in furniture and "gemeentelelystad" in furniture
            assert re.search(rf"(^|\D){index + 1}($|\D)", " ".join(page.artifacts))


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_footnotes_are_notes_beside_their_reference(built: Path, tagged: dict[str, Tagged], doc: str) -> None:
    pdf = tagged[doc]
    html = _html(built, doc)
    notes = [(e, path) for e, path in pdf.elements() if e.S == "/Note"]
    bodies = re.findall(r'<span class="fn-body" id="(fnbody-\d+)"[^>]*>(.*?)</span>', html, re.S)
    assert len(notes) == len(bodies) >= 4
    ids = pdf.ids()
    for (note, path), (ident, body) in zip(notes, bodies, strict=True):
        assert str(note.ID) == ident and ids[ident].objgen == note.objgen
        assert path[-1] != "/Document", "a note stands in the text, not at document level"
        siblings = [k for k in kids(note.P) if is_element(k)]
        reference = siblings[[s.objgen for s in siblings].index(note.objgen) - 1]
        assert reference.S == "/Reference"
        links = [e for e, _ in pdf.elements(reference) if e.S == "/Link"]
        annots = [k.Obj for link in links for k in kids(link) if isinstance(k, pikepdf.Dictionary) and "/Obj" in k]
        assert [str(a.Dest) for a in annots] == [ident] and str(annots[0].Contents).startswith("Voetnoot")
        text, number = _squeeze(pdf.text(note)), ident.removeprefix("fnbody-")
        assert text.replace(_squeeze(unescape(re.sub(r"<[^>]+>", "", body))), "", 1) == number  # its text, its number


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_link_annotation_is_in_one_link_element_with_words(tagged: dict[str, Tagged], doc: str) -> None:
    pdf = tagged[doc]
    nums = list(pdf.root.ParentTree.Nums)
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    links = [(e, path) for e, path in pdf.elements() if e.S == "/Link"]
    assert links and not any("/Link" in path for _, path in links), "no Link inside a Link"
    annots = [a for page in pdf.pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
    assert len(annots) <= 2 * len(links), "one annotation per link (two where it wraps)"
    for annot in annots:
        owner = parents[int(annot.StructParent)]
        assert owner.S == "/Link"
        assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Obj") == annot for k in kids(owner))
        contents = str(annot.Contents)
        assert contents.strip() and not SLUG.fullmatch(contents), contents


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_link_area_can_be_clicked_and_holds_its_glyphs(built: Path, doc: str) -> None:
    """WeasyPrint sizes a link's area by its line-height, and a footnote reference has line-height 0:
    its area had no height (/Rect [280.1 571.5 284.2 571.5]). Every area is now at least 4 pt each way
    and holds the glyphs of its link, found by pdfplumber in the marked content of its Link element;
    a footnote reference's the whole glyph with a margin; and no two links' areas overlap."""
    from clickable import link_areas, problems

    areas = link_areas(_pdf(built, doc))
    references = [a for a in areas if a.note_reference]
    assert len(references) == len(re.findall(r'class="print-only" href="#fnbody-', _html(built, doc))) >= 4
    assert all(a.glyphs for a in areas)
    assert problems(areas, smallest=4.0, note_margin=1.0) == []
    assert min(a.height for a in references) >= 12 and min(a.width for a in references) >= 8


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_the_idtree_holds_every_id_and_every_headers_entry_points_into_it(tagged: dict[str, Tagged],
                                                                          doc: str) -> None:
    pdf = tagged[doc]
    ids = pdf.ids()
    with_id = [e for e, _ in pdf.elements() if "/ID" in e]
    assert with_id and {str(e.ID) for e in with_id} == set(ids)
    assert all(ids[str(e.ID)].objgen == e.objgen for e in with_id)
    headers = [str(h) for e, _ in pdf.elements() if isinstance(e.get("/A"), pikepdf.Dictionary)
               for h in e.A.get("/Headers", [])]
    assert headers and set(headers) <= set(ids)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_xmp_describes_pdfuaid_in_a_pdf_a_extension_schema(tagged: dict[str, Tagged], doc: str) -> None:
    """ISO 19005-2, 6.6.2.3.1: a property of a schema XMP does not define needs an extension schema."""
    xmp = tagged[doc].pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1</pdfuaid:part>" in xmp
    schema = xmp.split("<pdfaExtension:schemas>", 1)[1]
    assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in schema
    assert "<pdfaProperty:name>part</pdfaProperty:name>" in schema
