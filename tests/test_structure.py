"""The structure pass (publish/structure/) on small documents: ligatures across soft hyphens read whole
in every face, a PDF that does not match its HTML stops the build, the print stylesheet hides what the
pass skips; and the Markdown headings it tags, whose level follows the section they stand in."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

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


GENERATED = re.compile(r"^(•|FOCUSPUNT|“|”|\d+\.?)$")  # bullets, labels, quote marks, numbers the CSS sets


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["programmaplan-2022", "visie-awbz-jeugdzorg-2012"])
def test_only_the_stylesheets_own_text_is_left_unmatched_with_the_html(doc: str) -> None:
    """Text in the PDF that matches no HTML text is kept in the element that generated it. It must be
    what the stylesheet writes; a text of the content here would mean the pass skipped HTML the print
    stylesheet shows (HIDDEN_CLASSES out of step), and tagged it by guesswork."""
    from nota.check.recipe import check_one
    from nota.publish.structure import rebuild
    from nota.render.html import render_document

    root = Path(__file__).resolve().parent.parent
    checked = check_one(root, doc)
    assert checked.document and checked.outline and checked.theme
    edition = render_document(root, checked.document, checked.outline, checked.theme)
    raw, tree = pdf._weasyprint_pdf(edition.print_html, edition.files, doc, edition.places)
    fonts = {name.rsplit("/", 1)[-1]: data for name, data in edition.files.items() if name.endswith(".ttf")}
    _, report = rebuild.rebuild(raw, tree, fonts)
    assert report.generated and [t for t in report.generated if not GENERATED.match(t.strip())] == []
    assert report.annotations_dropped > 0 and report.to_unicode_fixed  # what WeasyPrint got wrong, repaired


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
