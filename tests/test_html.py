"""The built HTML pages: WCAG 2.1 AA by axe-core and by pa11y (HTML_CodeSniffer) in headless Chromium,
valid HTML by the Nu HTML Checker, the page's structure, and themes refused for too little contrast."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import AXE, CHROMIUM, VNU, pa11y_errors
from nota import pipeline
from nota.load.templates import PACKAGE
from nota.model.theme import MINIMUM_CONTRAST, contrast

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("programmaplan-2022", "visie-awbz-jeugdzorg-2012")

# Runs axe-core on the page once it has loaded, and writes what it found into the page, where
# `chromium --dump-dom` returns it (the virtual time budget lets the promise settle first).
RUNNER = """<script src="axe.min.js"></script><script>
axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
  var page = document.documentElement, wraps = document.querySelectorAll(".table-wrap");
  var report = {violations: result.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(function (n) { return n.target.join(" "); })};
    }),
    pageScrollsSideways: page.scrollWidth > window.innerWidth,
    tablesScrollingInside: Array.prototype.filter.call(wraps, function (w) { return w.scrollWidth > w.clientWidth; })
      .map(function (w) { return getComputedStyle(w).overflowX; })};
  var out = document.createElement("pre");
  out.id = "axe-report";
  out.textContent = JSON.stringify(report);
  page.appendChild(out);
});
</script>"""


def _axe(built: Path, doc: str, width: int, tmp_path: Path) -> dict[str, Any]:
    site = tmp_path / f"{doc}-{width}"
    shutil.copytree(built / doc, site)
    shutil.copy(AXE, site / "axe.min.js")
    page = site / f"{doc}.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", RUNNER + "</body>"), encoding="utf-8")
    profile = tmp_path / f"profile-{width}"
    result = subprocess.run([*CHROMIUM, f"--user-data-dir={profile}", f"--window-size={width},1200",
                             "--virtual-time-budget=60000", "--dump-dom", page.as_uri()],
                            capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r'<pre id="axe-report">(.*?)</pre>', result.stdout, re.S)
    assert found, f"axe-core did not report: {result.stderr[-2000:]}"
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    report: dict[str, Any] = json.loads(text)
    return report


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_axe_core_finds_no_violation(built: Path, doc: str, width: int, tmp_path: Path) -> None:
    report = _axe(built, doc, width, tmp_path)
    assert report["violations"] == []
    assert not report["pageScrollsSideways"], "the page itself must never scroll sideways"
    if width == 390 and doc == "programmaplan-2022":
        # the budget tables are wider than a phone: each scrolls inside its own box
        assert report["tablesScrollingInside"] and set(report["tablesScrollingInside"]) == {"auto"}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_pa11y_html_codesniffer_finds_no_error(built: Path, doc: str, tmp_path: Path) -> None:
    assert pa11y_errors(built / doc / f"{doc}.html", tmp_path) == []


@pytest.mark.slow
def test_nu_html_checker_finds_nothing(built: Path) -> None:
    pages = [str(built / doc / f"{doc}.html") for doc in DOCUMENTS]
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages == []


# --- structure -------------------------------------------------------------------------------------

def _page(built: Path, doc: str) -> str:
    return (built / doc / f"{doc}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_footnotes_are_linked_both_ways(built: Path, doc: str) -> None:
    html = _page(built, doc)
    references = re.findall(r'<a class="screen-only" href="#fn-(\d+)" id="fnref-(\d+)"', html)
    notes = re.findall(r'<li id="fn-(\d+)"[^>]*>.*?<a href="#fnref-(\d+)" class="fn-back"', html, re.S)
    assert references and all(a == b for a, b in references + notes)
    assert sorted(n for n, _ in references) == sorted(n for n, _ in notes)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_toc_links_resolve_and_page_is_for_a_phone(built: Path, doc: str) -> None:
    html = _page(built, doc)
    assert '<html lang="nl">' in html and html.count("<h1") == 1
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    nav = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    anchors = re.findall(r'href="#([^"]+)"', nav)
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert anchors and set(anchors) <= ids
    assert "\u00ad" not in html, "soft hyphens are for print; a screen reader may spell them out"


def test_budget_table_cells_are_tied_to_every_level_of_their_headers(built: Path) -> None:
    """Bijlage 1's group labels head the rows below them: each cell names its groups (outer first), its
    row and its column in `headers`, and no th claims a scope it does not have (colgroup)."""
    html = _page(built, "programmaplan-2022")
    table = html.split('<table class="budget" id="wmo-meerjarenperspectief">', 1)[1].split("</table>", 1)[0]
    ids = dict(re.findall(r'<th id="([^"]+)"(?: headers="([^"]*)")?', table))
    assert "scope=" not in table and len(ids) > 80
    columns = re.findall(r'<th id="([^"]+-c\d+)"', table)
    assert len(columns) == 9
    open_groups: dict[int, str] = {}
    for level, row in re.findall(r'<tr class="[a-z]+ level-(\d+)">(.*?)</tr>', table, re.S):
        depth = int(level)
        group = re.match(r'<th id="([^"]+-g\d+)"', row)
        if group:
            open_groups = {d: g for d, g in open_groups.items() if d < depth}
            assert ids[group.group(1)].split() == [open_groups[d] for d in sorted(open_groups)]
            open_groups[depth] = group.group(1)
            continue
        row_id = re.search(r'<th id="([^"]+-r\d+)"', row)
        assert row_id
        around = [g for d, g in sorted(open_groups.items()) if d < depth]  # a row's groups, or a subtotal's
        cells = re.findall(r'<td headers="([^"]+)"', row)
        expected = [[*around, row_id.group(1), column] for column in [columns[0], *columns[2:]]]
        assert [h.split() for h in cells] == expected
        assert ids[row_id.group(1)].split() == [*around, columns[1]]
    assert max(len(h.split()) for h in re.findall(r'<td headers="([^"]+)"', table)) >= 4  # two group levels


def test_the_visie_writes_its_run_in_headings_as_headings(built: Path) -> None:
    """Bold paragraphs that head what follows were marked up as paragraphs; they are h5/h6 headings."""
    html = _page(built, "visie-awbz-jeugdzorg-2012")
    headings = re.findall(r'<(h\d) class="text-heading">([^<]+)</h\d>', html)
    assert len(headings) == 14 and {tag for tag, _ in headings} == {"h5", "h6"}
    assert ("h5", "Meer participatie en zelfredzaamheid") in headings
    assert ("h6", "Opvoeden door ouders versterken") in headings
    assert not re.search(r"<p[^>]*><strong>[^<]*</strong></p>", html), "a bold paragraph left as a heading"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_print_footnote_links_say_what_they_are(built: Path, doc: str) -> None:
    html = _page(built, doc)
    links = re.findall(r'<a class="print-only" href="#fnbody-(\d+)" aria-label="Voetnoot (\d+)">(\d+)</a>', html)
    assert links and all(a == b == c for a, b, c in links)
    assert len(links) == html.count('class="print-only" href="#fnbody-')


def test_wide_tables_scroll_in_their_own_focusable_region(built: Path) -> None:
    html = _page(built, "programmaplan-2022")
    wraps = re.findall(r'<div class="table-wrap[^"]*" role="region" aria-labelledby="([^"]+)" tabindex="0">', html)
    assert len(wraps) == 2 and all(f'id="{label}"' in html for label in wraps)
    css = (built / "programmaplan-2022" / "assets" / "nota.css").read_text(encoding="utf-8")
    screen = css.split("@media screen", 1)[1].split("@media print", 1)[0]
    assert re.search(r"\.table-wrap \{[^}]*\boverflow-x: auto;", screen)


# --- theme contrast ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["default", "lelystad"])
def test_shipped_themes_meet_the_contrast_minimum(name: str) -> None:
    from nota.load.templates import Templates
    from nota.model.theme import load_theme

    templates = Templates.of(ROOT)
    path = templates.find(f"themes/{name}.yaml")
    assert path is not None
    theme, problems = load_theme(path, templates.shown(path))
    assert problems == [] and theme is not None
    assert contrast(theme.colours.accent, "#ffffff") >= MINIMUM_CONTRAST


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the well-known just-failing grey
    assert contrast("#00693c", "#ffffff") == contrast("#ffffff", "#00693c")


def test_a_theme_with_a_pale_accent_is_refused_at_its_line(project: Callable[..., Path]) -> None:
    root = project("visie-awbz-jeugdzorg-2012")
    theme = root / "templates" / "themes" / "default.yaml"  # the project's own copy of nota's default theme
    lines = (PACKAGE / "themes" / "default.yaml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("accent:"))
    lines[number] = lines[number].replace('"#154273"', '"#8eb3da"')
    theme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for checked in pipeline.check(root) for p in checked.problems if p.code == "contrast"]
    column = lines[number].index('"#8eb3da"') + 1
    on_white = [p for p in problems if "on #ffffff" in p.message]
    assert [str(p.where) for p in on_white] == [f"templates/themes/default.yaml:{number + 1}:{column}"]
    assert on_white[0].message == ("colour accent #8eb3da on #ffffff (headings and links on the page) has "
                                   "contrast 2.19:1, less than 4.5:1")
    assert on_white[0].hint.startswith("choose a darker accent")
    assert not pipeline.build(root, root / "output").written


@pytest.mark.parametrize(("mistake", "message"), [
    ("{% if %}", "TemplateSyntaxError: Expected an expression, got 'end of statement block'"),
    ("{{ onbekend.veld }}", "UndefinedError: 'onbekend' is undefined"),
])
def test_a_mistake_in_the_projects_own_template_is_a_problem_at_its_line(
        project: Callable[..., Path], mistake: str, message: str) -> None:
    """A copied and edited template is the project's file: its mistake is shown at its line, with a hint,
    not as an internal error of nota at document.yaml:1:1."""
    root = project("visie-awbz-jeugdzorg-2012")
    lines = (PACKAGE / "document.html.j2").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("<footer"))
    lines[number] = mistake + lines[number]
    (root / "templates" / "document.html.j2").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = pipeline.build(root, root / "output", pdf=False)
    errors = [p for p in report.problems if p.is_error]
    assert [(str(p.where), p.code, p.document) for p in errors] == [
        (f"templates/document.html.j2:{number + 1}:1", "render", "visie-awbz-jeugdzorg-2012")]
    assert errors[0].message == f"error in this template: {message}"
    assert errors[0].hint.startswith("this file replaces nota's own document.html.j2")
    assert report.failed == ["visie-awbz-jeugdzorg-2012"] and not report.written
