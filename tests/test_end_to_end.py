"""Both documents built end to end: the HTML's structure and the PDF's text show every published figure."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import normalise, pdf_text
from nota.model.document import load_document
from nota.text.dutch import amount

ROOT = Path(__file__).resolve().parent.parent


def _budget(html: str, table_id: str) -> str:
    match = re.search(rf'<table class="budget" id="{table_id}">.*?</table>', html, re.S)
    assert match, table_id
    return match.group(0)


def _numeric_cells(table_html: str) -> list[str]:
    cells = re.findall(r'<td\b[^>]*\bclass="num[^"]*"[^>]*>(.*?)</td>', table_html, re.S)
    return [re.sub(r"<[^>]+>", "", re.sub(r'<span class="marker">.*?</span>', "", c)).strip() for c in cells]


def _figures(table_id: str) -> list[str]:
    """Every amount of the table as the reader should see it, in reading order, from the content."""
    plan, _ = load_document(ROOT, "programmaplan-2022")
    assert plan is not None
    table = plan.tables[table_id].table
    shown: list[str] = []

    def visit(node: object) -> None:
        for row in getattr(node, "rows", []):
            shown.extend(amount(a) for a in row.amounts)
        for group in getattr(node, "groups", []):
            visit(group)

    visit(table)
    assert table.total is not None
    return shown + [amount(a) for a in table.total.amounts]


def test_html_tables_show_every_figure(built: Path) -> None:
    html = (built / "programmaplan-2022" / "programmaplan-2022.html").read_text(encoding="utf-8")
    tabel2 = _budget(html, "budgetten-sociaal-domein")
    assert "Tabel 2" in tabel2 and "<th scope=\"col\" class=\"num\">2025</th>" in tabel2
    assert _numeric_cells(tabel2) == _figures("budgetten-sociaal-domein")
    assert _numeric_cells(tabel2)[:5] == ["−60.871", "−57.942", "−56.629", "−56.447", "−57.383"]
    bijlage = _budget(html, "wmo-meerjarenperspectief")
    cells = _numeric_cells(bijlage)
    assert len(cells) == 56 * 6 and cells == _figures("wmo-meerjarenperspectief")
    assert cells[-6:] == ["−21.773.198", "−23.299.972", "−23.259.196", "−23.495.818", "−24.348.818", "−24.873.818"]
    assert bijlage.count('<tr class="row') == 55
    assert "In de gepubliceerde versie staat hier voor 2025 −113.186" in html


def test_html_structure(built: Path) -> None:
    html = (built / "programmaplan-2022" / "programmaplan-2022.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    assert html.count('<section class="chapter') == 8
    assert len(re.findall(r'<section class="focuspoint[ "]', html)) == 37
    assert 'In <a class="xref" href="#financieel-meerjarenperspectief">bijlage 1</a>' in html
    assert '<span class="letter">b.</span> Toegang en regie' in html


def test_pdf_text_shows_tabel_2_and_bijlage_1(built: Path) -> None:
    text = normalise(pdf_text(built / "programmaplan-2022" / "programmaplan-2022.pdf"))
    for figures in ("-60.871 -57.942 -56.629 -56.447 -57.383", "-118.373 -117.816 -113.131 -112.774 -114.186",
                    "-21.773.198 -23.299.972 -23.259.196 -23.495.818 -24.348.818 -24.873.818",
                    "-5.510.279 -6.008.402 -6.002.930 -6.334.240 -6.661.240 -7.099.240"):
        assert figures in text, figures
    assert "tabel 2" in text and "bijlage 1" in text and "concept" in text


def test_visie_pdf_has_numbered_chapters_and_figures(built: Path) -> None:
    text = normalise(pdf_text(built / "visie-awbz-jeugdzorg-2012" / "visie-awbz-jeugdzorg-2012.pdf"))
    for heading in ("2.1 samenvatting decentralisatie begeleiding awbz naar wmo", "4.1.3 wraparound care model",
                    "figuur 1", "figuur 2: stepped care principe"):
        assert heading in text, heading
