"""The structure pass (publish/structure/) on small documents: ligatures across soft hyphens read whole
in every face, a PDF that does not match its HTML stops the build, the print stylesheet hides what the
pass skips; and the Markdown headings it tags, whose level follows the section they stand in."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from nota.errors import BuildError, Code
from nota.load.templates import PACKAGE
from nota.publish import pdf
from nota.publish.structure.html import HIDDEN_CLASSES
from nota.publish.typeset import FixedHTML
from nota.render.typography import hyphenate
from nota.text import markdown

FACES = [("OpenSans-Regular.ttf", "normal", 400), ("OpenSans-Semibold.ttf", "normal", 600),
         ("OpenSans-Bold.ttf", "normal", 700), ("OpenSans-Italic.ttf", "italic", 400)]
# ff, ffi and fl across nota's own soft hyphens: HarfBuzz forms the ligature across the hyphen
WORDS = ["effecten", "officieel", "efficiënt", "effectiever", "betreffende", "koffiefilter", "griffie",
         "inflatie", "offline", "stafafdeling"]


def _files() -> dict[str, bytes]:
    return {f"assets/fonts/{name}": (PACKAGE / "fonts" / name).read_bytes() for name, _, _ in FACES}


def _page(body: str) -> str:
    faces = "".join(f'@font-face {{ font-family: "Open Sans"; src: url("assets/fonts/{name}"); font-weight: {w}; '
                    f"font-style: {s}; }}" for name, s, w in FACES)
    return (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Ligaturen</title><style>{faces}'
            'body { font-family: "Open Sans"; hyphens: manual; hyphenate-character: "-"; }</style></head>'
            f"<body>{body}</body></html>")


def _ligature_page() -> str:
    words = " ".join(hyphenate(w) for w in WORDS)
    return _page("".join(f'<p style="font-style: {s}; font-weight: {w}">{words}</p>'
                         f'<p style="font-style: {s}; font-weight: {w}; width: 9em">{words}</p>' for _, s, w in FACES))


@pytest.mark.slow
def test_ligatures_across_soft_hyphens_read_as_their_letters_in_every_face(tmp_path: Path) -> None:
    files = _files()
    raw, tree = pdf._weasyprint_pdf(FixedHTML(_ligature_page()), files, "ligaturen", {})
    path = tmp_path / "ligaturen.pdf"
    read = []
    for data in (raw, pdf.tag(raw, tree, files, "ligaturen")):
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        found = re.findall(r"\w+", re.sub(r"-\n", "", text))
        read.append([w for w in WORDS if found.count(w) != 2 * len(FACES)])
    assert read[0], "WeasyPrint alone loses letters here (else this test proves nothing)"
    assert read[1] == [], f"not read whole after the structure pass: {read[1]}"


@pytest.mark.slow
def test_a_pdf_that_does_not_match_its_html_is_a_located_build_error() -> None:
    import weasyprint

    files = _files()
    raw, _ = pdf._weasyprint_pdf(FixedHTML(_page("<p>Alleen deze tekst staat in de PDF.</p>")), files, "ander", {})
    other = weasyprint.HTML(string=_page("<p>Alleen deze tekst staat in de PDF.</p><p>En deze niet.</p>"))
    with pytest.raises(BuildError) as error:
        pdf.tag(raw, other.etree_element, files, "ander")
    [problem] = error.value.problems
    assert problem.code == Code.RENDER and str(problem.where) == "content/ander/document.yaml:1:1"
    assert "HTML text not found in the PDF: endezeniet." in problem.message



LINKS = ('<p>Een zin met een noot<sup class="fn-ref"><a href="#n1">1</a></sup> en verder, twee noten naast'
         ' elkaar<sup class="fn-ref"><a href="#n1">2</a>,<a href="#n2">3</a></sup> en een'
         ' <a href="#n2">gewone link</a>.</p>'
         '<p style="width: 9em">Tekst met <span class="fn-ref"><a href="#n1">een link die over regels loopt</a>'
         "</span> erna.</p>"
         '<p id="n1">Noot een.</p><p id="n2">Noot twee.</p>')


@pytest.mark.slow
def test_a_link_at_line_height_0_gets_the_area_of_its_glyphs_with_a_margin(tmp_path: Path) -> None:
    """WeasyPrint sizes a link's area by its line-height: a footnote reference (line-height 0) gets
    an area of no height that no reader can click. The pass gives it its glyphs' box plus a margin
    (none where two would overlap), a wrapped link an area per line, keeps a normal link's area, and
    rewrites /QuadPoints with /Rect."""
    import pikepdf

    from clickable import link_areas, problems

    files = _files()
    style = "<style>.fn-ref { line-height: 0; } .fn-ref a { font-size: 0.75em; }</style>"
    raw, tree = pdf._weasyprint_pdf(FixedHTML(_page(LINKS).replace("</head>", style + "</head>")), files,
                                    "links", {})
    with pikepdf.open(io.BytesIO(raw)) as before:
        rects = [[float(v) for v in a.Rect] for a in before.pages[0].Annots]
        rects = [(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)) for x1, y1, x2, y2 in rects]
        flat = [a for a in before.pages[0].Annots if float(a.Rect[3]) == float(a.Rect[1])]
        flat[0].QuadPoints = pikepdf.Array([*flat[0].Rect[:2], *flat[0].Rect[:2]] * 2)
        raw = _saved(before)
    assert len(flat) >= 5, "the references and each line of the wrapped link have no height (else this proves nothing)"
    path = tmp_path / "links.pdf"
    path.write_bytes(pdf.tag(raw, tree, files, "links"))
    areas = link_areas(path)
    assert problems(areas, note_margin=0.0) == []
    assert len({a.link for a in areas if "regels" in a.label}) == 1 and sum("regels" in a.label for a in areas) >= 2
    [normal] = [a for a in areas if a.label == "gewone link"]
    assert normal.rect in rects and normal.height > 1  # a link with an area keeps it
    with pikepdf.open(path) as after:
        quad = next(a for a in after.pages[0].Annots if "/QuadPoints" in a)
        x1, y1, x2, y2 = (float(v) for v in quad.Rect)
        assert [float(v) for v in quad.QuadPoints] == [x1, y2, x2, y2, x1, y1, x2, y1]
    pair = sorted((a for a in areas if a.label in ("2", "3")), key=lambda a: a.rect[0])
    margin = next(a for a in areas if a.label == "1").rect
    assert pair[0].rect[2] <= pair[1].rect[0] and pair[0].height < margin[3] - margin[1]  # no margin there



@pytest.mark.slow
def test_the_glyph_boxes_the_pass_reads_are_where_pdfminer_finds_the_glyphs(tmp_path: Path) -> None:
    """The pass's content-stream reader (glyphs.py) against pdfminer's, on operators WeasyPrint 70 does
    not write but another version might: cm inside q/Q, Td, TD, T*, ', Tc, Tz, Ts, TJ kerning, and
    properties named in /Properties (read like the same properties given inline)."""
    import pdfplumber
    import pikepdf

    from nota.publish.structure.glyphs import glyph_boxes, union

    raw, _ = pdf._weasyprint_pdf(FixedHTML(_page("<p>Effectief</p>")), _files(), "glyphs", {})
    with pikepdf.open(io.BytesIO(raw)) as made:
        page = made.pages[0]
        font = next(iter(page.Resources.Font))
        codes = b"".join(re.findall(rb"<([0-9a-f]{4})>", page.Contents.read_bytes())[:3]).decode()  # three glyphs
        page.Resources.Properties = pikepdf.Dictionary(P0=pikepdf.Dictionary(MCID=91))
        seq = (f"BT {font} 20 Tf 150 Tz 1 Tc 3 Ts 10 20 Td 14 TL T* [<{codes}> -250 <{codes}>] TJ"
               f" 0 -16 TD <{codes}> ' ET")
        extra = (f"q 0.5 0 0 0.5 100 100 cm /Span <</MCID 90>> BDC {seq} EMC Q "
                 f"q 1 0 0 1 0 300 cm /Span /P0 BDC {seq} EMC /Span <</MCID 92>> BDC {seq} EMC Q "
                 f"BT {font} 12 Tf 1 0 0 1 50 50 Tm /Span <</MCID 93>> BDC [<{codes}>] TJ EMC"
                 f" /Span <</MCID 94>> BDC <{codes}> Tj EMC ET")
        page.obj.Contents = made.make_stream(page.Contents.read_bytes() + b"\n" + extra.encode())
        boxes = glyph_boxes(page, {90, 91, 92})
        after_other = glyph_boxes(page, {94})  # text on the same line before it, not asked for, moves it
        path = tmp_path / "glyphs.pdf"
        made.save(path)
    with pdfplumber.open(path) as plumbed:
        height = float(plumbed.pages[0].height)
        chars = [c for c in plumbed.pages[0].chars if c.get("mcid") == 90]
        after_chars = [c for c in plumbed.pages[0].chars if c.get("mcid") == 94]
    mine = union(boxes[90])
    assert mine is not None and len(boxes[90]) == 2 and len(chars) == 9
    assert mine[0] == pytest.approx(min(c["x0"] for c in chars), abs=0.05)
    assert mine[2] == pytest.approx(max(c["x1"] for c in chars), abs=0.05)
    # the page's matrix (WeasyPrint's) turns y over: the descent, risen by Ts, is the box's top edge
    assert mine[3] == pytest.approx(max(height - c["top"] for c in chars), abs=0.05)
    assert mine[3] - mine[1] == pytest.approx((1069 + 293) / 1000 * 20 * 0.5 + 16, abs=0.05)  # two lines, 16 apart
    assert boxes[91] == boxes[92]
    [(x1, _, x2, _)] = after_other[94]
    assert (x1, x2) == pytest.approx((after_chars[0]["x0"], after_chars[-1]["x1"]), abs=0.05) and x1 > 50


def _saved(pdf_file: Any) -> bytes:
    out = io.BytesIO()
    pdf_file.save(out)
    return out.getvalue()


GENERATED = re.compile(r"^(•|FOCUSPUNT|“|”|\d+\.?)$")  # bullets, labels, quote marks, numbers the CSS sets


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["programmaplan-2022", "visie-awbz-jeugdzorg-2012"])
def test_only_the_stylesheets_own_text_is_left_unmatched_with_the_html(doc: str, tmp_path: Path) -> None:
    """Text in the PDF that matches no HTML text is kept in the element that generated it. It must be
    what the stylesheet writes; a text of the content here would mean the pass skipped HTML the print
    stylesheet shows (HIDDEN_CLASSES out of step), and tagged it by guesswork. And the pass, link
    areas included, changes no pixel of any page."""
    from nota.check.recipe import check_one
    from nota.publish.structure import rebuild
    from nota.render.html import render_document

    root = Path(__file__).resolve().parent.parent
    checked = check_one(root, doc)
    assert checked.document and checked.outline and checked.theme
    edition = render_document(root, checked.document, checked.outline, checked.theme)
    raw, tree = pdf._weasyprint_pdf(edition.print_html, edition.files, doc, edition.places)
    fonts = {name.rsplit("/", 1)[-1]: data for name, data in edition.files.items() if name.endswith(".ttf")}
    tagged, report = rebuild.rebuild(raw, tree, fonts)
    assert report.generated and [t for t in report.generated if not GENERATED.match(t.strip())] == []
    assert report.annotations_dropped > 0 and report.to_unicode_fixed  # what WeasyPrint got wrong, repaired
    assert report.links_widened == edition.print_html.whole().count('class="fn-ref"') > 0 and report.links_unsized == 0
    before = _pixels(raw, tmp_path / "raw")
    assert len(before) >= 18 and _pixels(tagged, tmp_path / "tagged") == before


def _pixels(data: bytes, folder: Path) -> list[bytes]:
    """Every page rendered by poppler (annotations as a reader draws them), as raw pixels."""
    folder.mkdir()
    (folder / "file.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", str(folder / "file.pdf"), str(folder / "page")], check=True)
    return [page.read_bytes() for page in sorted(folder.glob("page*.ppm"))]


def test_the_classes_the_pass_skips_are_the_ones_the_print_stylesheet_hides() -> None:
    css = (PACKAGE / "css" / "nota.css").read_text(encoding="utf-8")
    printed = css.split("@media print", 1)[1]
    hidden = {name for rule in re.findall(r"([^{}]+)\{\s*display:\s*none;\s*\}", printed)
              for name in re.findall(r"\.([\w-]+)", rule)}
    assert hidden == HIDDEN_CLASSES


class _Resolver:
    def footnote(self, fid: str) -> str:
        return ""

    def xref(self, target: str) -> tuple[str, str]:
        return target, target


@pytest.mark.parametrize(("level", "tags"), [(3, ["h3", "h4"]), (5, ["h5", "h6"]), (6, ["h6", "h6"])])
def test_a_written_heading_is_one_level_below_its_section(level: int, tags: list[str]) -> None:
    html = markdown.render_block("# Kop\n\ntekst\n\n- ## Onderkop\n\n  meer", _Resolver(), level)
    assert re.findall(r'<(h\d) class="text-heading">', html) == tags
    assert markdown.headings("# Kop\n\ntekst\n\n- ## Onderkop") == ["Kop", "Onderkop"]
    assert markdown.headings("**Vet** is geen kop") == []
