"""Text pasted from a word processor reads as its writer meant it, and nothing is changed unsaid: lists
with dashes and bullets become lists (with a warning at their line), non-breaking spaces, soft hyphens
and curly quotes stay as they are, in the HTML and in the PDF (tests/projects/pasted-from-word)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import html_text, normalise, pdf_text
from nota import pipeline
from nota.load.yaml import load_text
from nota.text import markdown, pasted

DOC = "plakken"


def _html(text: str) -> str:
    return str(markdown.MD.render(text, {}))


def test_lines_starting_with_a_pasted_bullet_are_a_list_and_said_so() -> None:
    text = "Dit willen we:\n– wachttijden meten\n—\tminder formulieren\n• sneller antwoord\n"
    assert _html(text) == ("<p>Dit willen we:</p>\n<ul>\n<li>wachttijden meten</li>\n<li>minder formulieren</li>\n"
                           "<li>sneller antwoord</li>\n</ul>\n")
    assert [(p.marker, p.first, p.count) for p in pasted.pasted_lists(text)] == [
        ("–", "– wachttijden meten", 1), ("—", "—\tminder formulieren", 1), ("•", "• sneller antwoord", 1)]


def test_markdowns_own_list_and_a_dash_inside_a_sentence_are_left_alone() -> None:
    assert pasted.pasted_lists("Dit willen we:\n- wachttijden meten\n- sneller antwoord\n") == []
    assert _html("De periode 2022 – 2025 en –10 graden.") == "<p>De periode 2022 – 2025 en –10 graden.</p>\n"
    assert pasted.pasted_lists("De periode 2022 – 2025.\n–10 graden") == []  # no space after the dash
    # a title or a table cell is one line: a dash it starts with stays
    assert str(markdown.MD.renderInline("– Een kop", {})) == "– Een kop"


def test_a_text_without_bar_keeps_the_line_breaks_of_its_list() -> None:
    yaml = ("blocks:\n  - Wij willen\n    – wachttijden meten\n    •\ttevredenheid meten\n"
            "  - Een gewone tekst die\n    over twee regels loopt.\n  - Met Markdown's eigen\n    - lijst\n")
    blocks = load_text(yaml, Path("x.yaml")).data["blocks"]
    assert blocks == ["Wij willen\n– wachttijden meten\n• tevredenheid meten",
                      "Een gewone tekst die over twee regels loopt.", "Met Markdown's eigen\n- lijst"]
    assert "<li>wachttijden meten</li>" in _html(blocks[0]) and "<li>lijst</li>" in _html(blocks[2])


def test_pasted_markdown_tables_and_pictures_are_found_with_what_they_hold() -> None:
    text = "Zie:\n\n| Wanneer | Wat |\n|---|---|\n| mei | Kadernota |\n\nen ![de wijk](https://x.nl/wijk.png)."
    [table] = pasted.tables(text)
    assert (table.first, table.columns, table.rows) == ("| Wanneer | Wat |", ["Wanneer", "Wat"], [["mei", "Kadernota"]])
    [image] = pasted.images(text)
    assert (image.src, image.alt, image.written) == ("https://x.nl/wijk.png", "de wijk", "![de wijk](https://x.nl/wijk.png)")
    assert "<table" not in _html(text) and "<img" not in _html(text)  # neither is rendered: the check refuses both


@pytest.mark.slow
def test_pasted_word_text_renders_as_the_writer_meant_in_html_and_pdf(fixture_project: Callable[[str], Path]) -> None:
    root = fixture_project("pasted-from-word")
    report = pipeline.build(root, root / "output")
    assert not report.failed, [str(p) for p in report.problems]
    chapter = f"content/{DOC}/chapters/{DOC}.yaml"
    assert sorted((str(p.where), p.code) for p in report.problems) == [
        (f"{chapter}:5:5", "pasted-list"), (f"{chapter}:8:5", "pasted-list")]
    html = (root / "output" / DOC / f"{DOC}.html").read_text(encoding="utf-8")
    for item in ("wachttijden meten", "tevredenheid van inwoners meten", "minder wachttijd in de wijk",
                 "sneller antwoord op een vraag"):
        assert f"<li>{item}</li>" in html  # a list item, its bullet not in the text
    text = html_text(html)
    assert "in de periode 2022 – 2025:" in text  # a dash inside a sentence stays
    assert "€\u00a01.000 per wijk, 12\u00a0procent" in text  # non-breaking, as typed
    # the writer's break points
    assert "De ge\u00admeen\u00adte\u00adraad be\u00adsluit in de\u00adcem\u00adber." in text
    assert "“Samen sterk”, en wij ‘de aanpak’; „een goed plan”, zegt de raad." in text  # quotes as typed
    assert "– Een kop die met een streepje begint" in text and "Inwoners “stimuleren”" in text
    pdf = pdf_text(root / "output" / DOC / f"{DOC}.pdf")
    lines = [normalise(line) for line in pdf.splitlines()]
    for item in ("wachttijden meten", "tevredenheid van inwoners meten", "minder wachttijd in de wijk"):
        assert any(re.fullmatch(rf"\W?\s*{item}", line) for line in lines), (item, lines)  # a line of its own
    flat = normalise(pdf)
    assert "€ 1.000 per wijk, 12 procent meer" in flat and "de gemeenteraad besluit in december." in flat
    assert "“samen sterk”, en wij ‘de aanpak’; „een goed plan”, zegt de raad." in pdf.lower().replace("\n", " ")
