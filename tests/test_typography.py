"""Dutch typography: soft hyphens never before a trema, non-breaking spaces in amounts, and what is left
unhyphenated; checked on strings, on WeasyPrint's line breaks, and on the built PDFs."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from helpers import pdf_text
from nota.render import typography
from nota.render.typography import NBSP, SHY, TREMA, apply, break_points, hyphenate

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("programmaplan-2022", "visie-awbz-jeugdzorg-2012")
# words whose dictionary break points include the one right before the trema
WORDS = ["cliënten", "Cliëntenraad", "financiële", "geïnformeerd", "coördinatie", "ideeën", "knieën", "reëel",
         "geëvalueerd", "beïnvloeden", "patiënten", "categorieën", "zoëven", "naïeve", "egoïsme",
         "verblijfsgeïndiceerden", "oriënterende", "België"]


def _content_trema_words() -> set[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.yaml"))
    return set(re.findall(rf"\w*[{TREMA}]\w*", text))


def test_the_dictionary_would_break_before_a_trema_and_nota_does_not() -> None:
    dictionary = typography._dictionary()
    before_trema = [w for w in WORDS if any(w[p] in TREMA for p in dictionary.positions(w))]
    assert len(before_trema) >= 10, "the words under test must be ones the patterns would break wrongly"
    for word in WORDS + sorted(_content_trema_words()):
        assert all(word[p] not in TREMA for p in break_points(word)), word
        assert not re.search(rf"{SHY}[{TREMA}]", hyphenate(word)), word
        assert hyphenate(word).replace(SHY, "") == word


def test_other_break_points_of_a_trema_word_are_kept() -> None:
    assert hyphenate("cliënten") == f"cliën{SHY}ten"
    assert hyphenate("financiële") == f"fi{SHY}nan{SHY}cië{SHY}le"
    assert hyphenate("ideeën") == "ideeën"  # its only point is before the trema: not broken at all


@pytest.mark.slow
def test_weasyprint_breaks_trema_words_only_where_nota_allows() -> None:
    """Every word set in boxes from 14 to 90 px wide: no line may end in a hyphen before a trema."""
    import weasyprint

    boxes = "".join(f'<div style="width:{w}px">{hyphenate(word)}</div>' for word in WORDS for w in range(14, 91, 4))
    html = (f'<html lang="nl"><body style="font: 12px sans-serif; hyphens: manual">{boxes}</body></html>')
    document = weasyprint.HTML(string=html).render()
    lines = [_line_text(line) for page in document.pages for line in _line_boxes(page._page_box)]
    pairs = list(pairwise(lines))
    assert any(a.endswith(("-", "\u2010")) for a, _ in pairs), "words must actually be broken in this test"
    wrong = [(a, b) for a, b in pairs if a.endswith(("-", "\u2010")) and b[:1] in TREMA]
    assert wrong == []


def _line_boxes(box: object) -> list[object]:
    if type(box).__name__ == "LineBox":
        return [box]
    return [line for child in getattr(box, "children", []) for line in _line_boxes(child)]


def _line_text(line: object) -> str:
    return "".join(getattr(c, "text", "") for c in getattr(line, "children", [])).strip()


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_no_word_in_the_built_pdf_is_broken_before_a_trema(built: Path, doc: str) -> None:
    text = pdf_text(built / doc / f"{doc}.pdf")  # pypdf keeps the hyphen at a line break (pdftotext joins)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    broken = [(a, b) for a, b in pairwise(lines) if a.endswith(("-", "\u2010"))]
    assert len(broken) > 50, "the PDF is hyphenated"
    assert [(a, b) for a, b in broken if b[0] in TREMA] == []


def test_amounts_keep_their_euro_sign_and_x_on_the_line() -> None:
    assert apply("<p>Bedragen x € 1.000 en € −291.151</p>", hyphens=False) == (
        f"<p>Bedragen x{NBSP}€{NBSP}1.000 en €{NBSP}−291.151</p>")
    assert apply("<p>€ en meer</p>") == "<p>€ en meer</p>"  # a sign without an amount stays as written


def test_headings_labels_captions_and_markup_are_never_hyphenated() -> None:
    html = ('<body class="status-concept"><h2 id="a">Cliëntenraad <span class="number">1</span>Financiële</h2>'
            '<p class="callout-title label">Inburgering</p><table><caption>Planning Jeugdzorg</caption>'
            '<thead><tr><th>Toelichting</th></tr></thead><tbody><tr><td>Toelichting</td></tr></tbody></table>'
            '<img src="a.svg" alt="Zelfredzaamheid"><p>Zie &hellip; financiële</p></body>')
    result = apply(html)
    unhyphenated, rest = result.split("<tbody>")
    assert SHY not in unhyphenated and 'class="status-concept"' in unhyphenated
    assert f"Toe{SHY}lich{SHY}ting" in rest and "&hellip;" in rest and f"fi{SHY}nan{SHY}cië{SHY}le" in rest
    assert 'alt="Zelfredzaamheid"' in rest


def test_screen_text_gets_no_soft_hyphens() -> None:
    assert apply("<p>Zelfredzaamheid van cliënten</p>", hyphens=False) == "<p>Zelfredzaamheid van cliënten</p>"
