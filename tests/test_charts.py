"""Charts of the money: a budget table's `chart:` drawn as SVG from the table's own figures, with a text
alternative written from the same figures, colours from the theme that pass contrast, and patterns so
meaning never rests on colour alone; the figures' text readable on a phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from nota import pipeline
from nota.check.recipe import check_one
from nota.model.budget import BudgetTable, computed_totals
from nota.model.charts import series
from nota.model.theme import contrast
from nota.render import bars, charts, figures, svg
from nota.text import dutch

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
WHITE = "#ffffff"


@pytest.fixture(scope="module")
def plan() -> Any:
    checked = check_one(ROOT, "programmaplan-2022")
    assert checked.ok
    return checked


def _view(plan: Any, table_id: str) -> charts.ChartView:
    return charts.view(plan.document.tables[table_id].table, plan.outline.targets[table_id])


def test_tabel_2_is_charted_as_the_three_laws_per_year_from_its_own_figures(plan: Any) -> None:
    table = plan.document.tables["budgetten-sociaal-domein"].table
    view = _view(plan, "budgetten-sociaal-domein")
    assert view.by == "year" and view.years == (2021, 2022, 2023, 2024, 2025) and view.table == "tabel 2"
    assert view.labels == ("Saldo lasten participatiewet", "Saldo lasten Jeugdwet", "Saldo baten en lasten Wmo")
    assert [list(v) for v in view.values] == [list(row.amounts) for row in table.rows]


def test_the_text_alternative_names_every_figure_the_chart_draws(plan: Any) -> None:
    view = _view(plan, "budgetten-sociaal-domein")
    assert view.alt.startswith("Staafdiagram bij tabel 2, Budgetten Sociaal Domein, per jaar van 2021 tot en met "
                               "2025 (bedragen x €\u00a01.000). Saldo lasten participatiewet: 2021 −60.871, 2022 "
                               "−57.942, 2023 −56.629, 2024 −56.447 en 2025 −57.383. Saldo lasten Jeugdwet: ")
    figures_in_alt = re.findall(r"−\d{1,3}(?:\.\d{3})*", view.alt)
    assert figures_in_alt == [dutch.number(v) for line in view.values for v in line if v is not None]
    assert view.alt.endswith("De cijfers staan in tabel 2.")


def test_a_chart_by_group_sums_a_group_without_subtotal_and_says_so(plan: Any) -> None:
    table = plan.document.tables["wmo-meerjarenperspectief"].table
    view = _view(plan, "wmo-meerjarenperspectief")
    assert view.by == "group" and view.years == (2022,)
    sums = computed_totals(table)
    assert [v[0] for v in view.values] == [sums[("groups", i)][1] for i in range(len(table.groups))]
    assert view.labels[2] == "Maatwerkvoorzieningen" and view.values[2] == (-19831976,)
    assert "Maatwerkvoorzieningen −19.831.976;" in view.alt
    assert view.alt.endswith("De bedragen per onderdeel zijn opgeteld uit de regels van tabel 3.")


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "narrow"])
def test_a_chart_by_group_says_which_year_it_shows_where_it_can_be_seen(plan: Any, narrow: bool) -> None:
    """Tabel 3 has six years and its chart one: the caption and the drawing name it, not only the alt."""
    view = _view(plan, "wmo-meerjarenperspectief")
    assert view.caption == "Grafiek bij tabel 3: Onderdelen Wmo Programmaplan in 2022"
    drawn = [t.text for t in _parse(bars.draw(view, ["#00693c"], narrow=narrow)).iter(f"{SVG}text")]
    assert drawn[0] == "Bedragen in €, 2022"
    by_year = _view(plan, "budgetten-sociaal-domein")  # a chart by year shows its years on the axis already
    assert by_year.caption == "Grafiek bij tabel 2: Budgetten Sociaal Domein"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "narrow"])
@pytest.mark.parametrize("table_id", ["budgetten-sociaal-domein", "wmo-meerjarenperspectief"])
def test_charts_are_legible_and_pass_contrast(plan: Any, table_id: str, narrow: bool) -> None:
    colours = plan.theme.colours
    svg = bars.draw(_view(plan, table_id), colours.figure, colours.text, narrow)
    root = _parse(svg)
    texts = list(root.iter(f"{SVG}text"))
    assert texts and _smallest_on_a_phone(root, narrow) >= 12
    _assert_text_apart(root)
    for t in texts:  # text: 4.5:1 on the white page (WCAG 1.4.3)
        assert contrast(t.get("fill", ""), WHITE) >= 4.5, t.get("fill")
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("stroke")]
    assert rects and {r.get("stroke") for r in rects} == {colours.text}  # every bar outlined
    assert contrast(colours.text, WHITE) >= 3  # graphics: 3:1 against their background (WCAG 1.4.11)
    fills = {r.get("fill") for r in rects}
    plain = {f for f in fills if f and f.startswith("#")}
    assert plain <= set(colours.figure), "the colours come from the theme"
    assert svg == bars.draw(_view(plan, table_id), colours.figure, colours.text, narrow), "deterministic"


# The narrowest column a drawing is shown in: a 320 px phone less the page's padding (1em a side); the
# wide drawing is shown from 43em (688 px) up, in a column of at least 628 px beside a 17 px scrollbar.
PHONE_COLUMN, WIDE_COLUMN = 320 - 2 * 16, 628


def _smallest_on_a_phone(root: ElementTree.Element, narrow: bool) -> float:
    """The smallest text of a drawing in px, shown as wide as the narrowest column it is shown in."""
    smallest = min(int(t.get("font-size", "0")) for t in root.iter(f"{SVG}text"))
    return smallest * min(PHONE_COLUMN if narrow else WIDE_COLUMN, int(root.get("width", "0"))) / \
        int(root.get("width", "1"))


def _box(t: ElementTree.Element) -> tuple[float, float, float, float]:
    """A text's estimated box (left, top, right, bottom), from the widths the drawing code estimates with."""
    size, words = int(t.get("font-size", "0")), t.text or ""
    wide = svg.width_of(words, size, t.get("font-weight", "normal"))
    x, y = float(t.get("x", "0")), float(t.get("y", "0"))
    left = {"start": x, "middle": x - wide / 2, "end": x - wide}[t.get("text-anchor", "start")]
    return left, y - 0.75 * size, left + wide, y + 0.25 * size


def _assert_text_apart(root: ElementTree.Element) -> None:
    """No text runs past the drawing's edges or into another text."""
    width = float(root.get("width", "0"))
    boxes = [(t.text, _box(t)) for t in root.iter(f"{SVG}text")]
    for i, (words, (left, top, right, bottom)) in enumerate(boxes):
        assert left >= -0.5 and right <= width + 0.5, f"{words!r} runs past the edge"
        for other, (left2, top2, right2, bottom2) in boxes[i + 1:]:
            apart = right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top
            assert apart, f"{words!r} runs into {other!r}"


def test_each_line_of_a_cluster_has_its_own_pattern_shown_in_the_legend(plan: Any) -> None:
    colours = plan.theme.colours
    view = _view(plan, "budgetten-sociaal-domein")
    root = _parse(bars.draw(view, colours.figure, colours.text))
    patterns = {p.get("id"): p.find(f"{SVG}path").get("d") for p in root.iter(f"{SVG}pattern")}  # type: ignore[union-attr]
    assert len(set(patterns.values())) == len(patterns) == 2  # the first line solid, the others patterned
    paints = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("stroke")]
    legend = paints[:3]  # the swatches come first, one per line, then the bars
    assert len(set(legend)) == 3 and paints.count(legend[0]) == 1 + 5  # the swatch and a bar a year
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert all(label in labels for label in view.labels)


def test_value_axis_ticks_are_round_and_cover_zero_and_every_figure() -> None:
    assert charts.ticks([-60871]) == [-75000, -50000, -25000, 0]  # not [-80000, ..., 0]: less empty axis
    assert charts.ticks([-19831976, 450000], 3) == [-20000000, -10000000, 0, 10000000]
    assert charts.ticks([3, 7]) == [0, 2, 4, 6, 8]
    assert charts.tick_label(-2_500_000, "euro", 2_500_000) == "−2,5 mln" and charts.tick_label(0, "euro", 1) == "0"


def test_mixed_signs_draw_bars_on_both_sides_of_the_zero_line(plan: Any) -> None:
    table = BudgetTable.model_validate({
        "title": "Saldi", "unit": "euro", "years": [2021, 2022], "chart": {"by": "year"},
        "rows": [{"description": "Baten", "amounts": [500, 400]}, {"description": "Lasten", "amounts": [-300, "pm"]}],
    })
    target = plan.outline.targets["budgetten-sociaal-domein"]
    view = charts.view(table, target)
    assert view.values == ((500, 400), (-300, None))
    assert "Lasten: 2021 −300 en 2022 pm" in view.alt
    root = _parse(bars.draw(view, plan.theme.colours.figure, plan.theme.colours.text))
    zero = [float(line.get("y1", "0")) for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "1.5"]
    bars_y = [(float(r.get("y", 0)), float(r.get("height", 0))) for r in root.iter(f"{SVG}rect")
              if r.get("stroke") and float(r.get("height", 0)) > 14]
    assert len(zero) == 1 and len(bars_y) == 3  # no bar for pm
    assert any(y + h <= zero[0] + 0.1 for y, h in bars_y) and any(y >= zero[0] - 0.1 for y, h in bars_y)


def test_a_word_too_long_to_share_its_line_puts_the_figure_under_it_on_a_phone(plan: Any) -> None:
    table = BudgetTable.model_validate({
        "title": "Lange namen", "unit": "euro", "years": [2022], "chart": {"by": "group", "year": 2022},
        "rows": [{"description": "Maatwerkvoorzieningenbudgetten", "amounts": [-19831976]},
                 {"description": "Kort", "amounts": [-48500]}],
    })
    view = charts.view(table, plan.outline.targets["wmo-meerjarenperspectief"])
    root = _parse(bars.draw(view, plan.theme.colours.figure, plan.theme.colours.text, narrow=True))
    _assert_text_apart(root)
    y = {t.text: float(t.get("y", "0")) for t in root.iter(f"{SVG}text")}
    assert y[dutch.number(-19831976)] > y["Maatwerkvoorzieningenbudgetten"], "the figure on a line of its own"
    assert y[dutch.number(-48500)] == y["Kort"], "a short label keeps its figure beside it"
    wide = _parse(bars.draw(view, plan.theme.colours.figure, plan.theme.colours.text))
    y = {t.text: float(t.get("y", "0")) for t in wide.iter(f"{SVG}text")}
    assert y[dutch.number(-19831976)] == y["Maatwerkvoorzieningenbudgetten"], "wide, there is room beside it"


def test_series_are_the_top_level_rows_and_groups(plan: Any) -> None:
    table = plan.document.tables["wmo-meerjarenperspectief"].table
    found = series(table)
    assert [s.label for s in found] == [g.title for g in table.groups] and all(s.summed for s in found)
    assert found[0].amounts[0] == -291151 - 22000 - 28000  # Algemeen in 2021: what its rows add up to
    tabel2 = series(plan.document.tables["budgetten-sociaal-domein"].table)
    assert [s.loc for s in tabel2] == [("rows", 0), ("rows", 1), ("rows", 2)] and not any(s.summed for s in tabel2)


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "narrow"])
def test_figures_are_drawn_for_a_phone_too(narrow: bool) -> None:
    checked = check_one(ROOT, "visie-awbz-jeugdzorg-2012")
    assert checked.ok and checked.document and checked.theme
    from nota.model.figures import Figure

    for block, _ in checked.document.blocks(Figure):
        assert block.chart is not None
        root = _parse(figures.draw(block.chart, "t", checked.theme.colours.figure, checked.theme.colours.text, narrow))
        assert _smallest_on_a_phone(root, narrow) >= 12
        if narrow:  # the wide pyramid's labels are set on one line, well inside 680 units by the real fonts
            _assert_text_apart(root)


def test_the_page_shows_the_charts_and_the_print_page_only_those_asked_for(tmp_path: Path) -> None:
    report = pipeline.build(ROOT, tmp_path, ("programmaplan-2022",), pdf=False)
    assert not report.failed
    plan = check_one(ROOT, "programmaplan-2022")
    html = (tmp_path / "programmaplan-2022" / "programmaplan-2022.html").read_text(encoding="utf-8")
    for table_id in ("budgetten-sociaal-domein", "wmo-meerjarenperspectief"):
        view = _view(plan, table_id)
        figure = re.search(rf'<figure class="chart" id="{view.anchor}">\s*<picture><source media="\(max-width: '
                           rf'43em\)" srcset="{view.narrow_file}"><img src="{view.file}" alt="([^"]+)"></picture>',
                           html)
        assert figure and figure.group(1) == view.alt
        assert (tmp_path / "programmaplan-2022" / view.file).is_file()
        assert (tmp_path / "programmaplan-2022" / view.narrow_file).is_file()
        assert html.index(f'id="{view.anchor}"') < html.index(f'<table class="budget" id="{table_id}"')
    from nota.render.html import render_document

    assert plan.document and plan.outline and plan.theme
    printed = render_document(ROOT, plan.document, plan.outline, plan.theme).print_html.whole()
    assert 'id="budgetten-sociaal-domein-grafiek"' in printed  # pdf: true
    assert 'id="wmo-meerjarenperspectief-grafiek"' not in printed  # on the web page only
    assert "<picture>" not in printed and "-smal.svg" not in printed


def test_tabel_2_chart_is_a_tagged_figure_with_its_alternative_in_the_pdf(built: Path, plan: Any) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built / "programmaplan-2022" / "programmaplan-2022.pdf")
    alts: list[str] = []

    def visit(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            for kid in node.get("/K", []) if isinstance(node.get("/K"), list) else [node.get("/K")]:
                if kid is not None and hasattr(kid, "get_object"):
                    visit(kid)

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    assert alts == [_view(plan, "budgetten-sociaal-domein").alt]


def test_the_review_page_sees_a_chart_added_or_changed(plan: Any) -> None:
    from nota.diff.tables import _NoRefs, note_lines, table_signature

    doc = plan.document
    before = table_signature(doc, "budgetten-sociaal-domein")
    table = doc.tables["budgetten-sociaal-domein"].table
    shown = ["".join((" " if w.space else "") + w.text for w in line.words).strip()
             for line in note_lines(table, _NoRefs())]
    assert "Grafiek: per jaar, op de webpagina en in de pdf" in shown
    table.chart = table.chart.model_copy(update={"pdf": False})  # type: ignore[union-attr]
    try:
        assert table_signature(doc, "budgetten-sociaal-domein") != before
    finally:
        table.chart = table.chart.model_copy(update={"pdf": True})  # type: ignore[union-attr]
