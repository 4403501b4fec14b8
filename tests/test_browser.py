"""The page in a browser (Selenium driving headless Chromium), from a 320 px phone to a 1280 px screen: the
contents beside the text on a wide screen, in view while reading and marking the chapter being read,
working as plain links without the script; wide tables that use the width there is at every width and,
where they must scroll, say so; pull quotes inside the layout; the figures' text at 12 px or more; the
page itself never scrolling sideways, not even beside a classic scrollbar."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import AXE, browser
from nota import pipeline

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("programmaplan-2022", "visie-awbz-jeugdzorg-2012")
# small phones, the common phone, a tablet, a laptop, a desktop
WIDTHS = (320, 360, 390, 768, 1024, 1280)
SIDE = 1120  # 70em: from here the contents stand beside the text
NARROW_DRAWING = 688  # 43em: up to here a figure is its narrow drawing
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert not pipeline.build(ROOT, out, pdf=False).failed
    return out


@pytest.fixture(scope="module")
def browsers() -> Iterator[Callable[[int], Any]]:
    """One browser per width, started when a test first asks for that width, for the whole module."""
    started: dict[int, Any] = {}

    def at(width: int) -> Any:
        if width not in started:
            started[width] = browser(width)
        return started[width]

    yield at
    for chrome in started.values():
        chrome.quit()


@pytest.fixture
def wide(browsers: Callable[[int], Any]) -> Any:
    return browsers(1280)


@pytest.fixture
def phone(browsers: Callable[[int], Any]) -> Any:
    return browsers(390)


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def driver(request: pytest.FixtureRequest, browsers: Callable[[int], Any]) -> Any:
    return browsers(request.param)


def _open(driver: Any, site: Path, doc: str) -> None:
    driver.get((site / doc / f"{doc}.html").as_uri())
    driver.execute_script("return document.fonts.ready")


def _settle(driver: Any) -> None:
    """Let the script's scroll handler run (it waits for the next animation frame)."""
    driver.execute_async_script("var done = arguments[0]; requestAnimationFrame(function () { "
                                "requestAnimationFrame(function () { done(); }); });")


def _width(driver: Any) -> int:
    return int(driver.execute_script("return window.innerWidth"))


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_the_page_never_scrolls_sideways(driver: Any, site: Path, doc: str) -> None:
    _open(driver, site, doc)
    assert driver.execute_script("return document.documentElement.scrollWidth") == _width(driver)


@pytest.mark.parametrize("width", [700, 1024])
def test_beside_a_classic_scrollbar_the_page_does_not_scroll_sideways_and_figure_text_stays_12_px(
        site: Path, width: int) -> None:
    """A desktop browser's scrollbar takes 15-17 px of the window, which 100vw would count in: the wide
    table measures itself against <main>, and the wide drawing is shown only where its column holds it."""
    chrome = browser(width, scrollbars=True)
    try:
        for doc in DOCUMENTS:
            _open(chrome, site, doc)
            page = chrome.execute_script("return [document.documentElement.clientWidth, "
                                         "document.documentElement.scrollWidth]")
            assert page[0] < width and page[1] == page[0], "a scrollbar, and nothing wider than the page beside it"
            _assert_figure_text(chrome, site)
            _assert_tables_use_the_width(chrome, doc)
    finally:
        chrome.quit()


CHAPTERS = "return Array.from(document.querySelectorAll('main > section.chapter')).map(function (c) { return c.id; })"
CURRENT = ("return Array.from(document.querySelectorAll('nav.toc [aria-current]'))"
           ".map(function (a) { return a.getAttribute('href'); })")


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_on_a_wide_screen_the_contents_stay_beside_the_text_and_mark_the_chapter_being_read(
        wide: Any, site: Path, doc: str) -> None:
    driver = wide
    _open(driver, site, doc)
    nav, main = (driver.execute_script(f"return document.querySelector('{s}').getBoundingClientRect().toJSON()")
                 for s in ("nav.toc", "main"))
    assert nav["right"] <= main["left"], "the contents stand beside the text"
    chapters = driver.execute_script(CHAPTERS)
    assert len(chapters) >= 6
    for chapter in chapters:
        driver.execute_script("window.scrollTo(0, document.getElementById(arguments[0]).offsetTop + 40)", chapter)
        _settle(driver)
        box = driver.execute_script("return document.querySelector('nav.toc').getBoundingClientRect().toJSON()")
        assert box["top"] >= -1 and box["bottom"] > 200 and box["top"] < 50, f"the contents left view at {chapter}"
        assert driver.execute_script(CURRENT) == [f"#{chapter}"]
        link = driver.execute_script("return document.querySelector('nav.toc [aria-current]')"
                                     ".getBoundingClientRect().toJSON()")
        assert box["top"] <= link["top"] and link["bottom"] <= box["bottom"], "the marked entry is in view"
    # following a link goes to its chapter and marks it
    last = chapters[-1]
    driver.execute_script("window.scrollTo(0, 0)")
    _settle(driver)  # the script has marked the first chapter and moved the contents before the click
    driver.find_element("css selector", f"nav.toc .toc-list > li > a[href='#{last}']").click()
    _settle(driver)
    top = driver.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().top", last)
    at_end = driver.execute_script("return window.scrollY + window.innerHeight >= "
                                   "document.documentElement.scrollHeight - 2")
    assert (abs(top) < 5 or (at_end and 0 < top < 900)) and driver.execute_script(CURRENT) == [f"#{last}"]
    assert driver.execute_script("return getComputedStyle(document.querySelector('nav.toc [aria-current]'))"
                                 ".textDecorationLine") == "underline", "marked by more than colour"


@pytest.mark.parametrize("width", [w for w in WIDTHS if w < SIDE])
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_below_70em_the_contents_come_first_and_are_not_fixed(browsers: Callable[[int], Any], site: Path,
                                                               doc: str, width: int) -> None:
    driver = browsers(width)
    _open(driver, site, doc)
    assert driver.execute_script("return getComputedStyle(document.querySelector('nav.toc')).position") == "static"
    nav = driver.execute_script("return document.querySelector('nav.toc').getBoundingClientRect().toJSON()")
    main = driver.execute_script("return document.querySelector('main').getBoundingClientRect().toJSON()")
    assert nav["bottom"] <= main["top"]


def test_without_the_script_the_contents_are_plain_links_that_work(site: Path) -> None:
    chrome = browser(1280, script=False)
    try:
        _open(chrome, site, "programmaplan-2022")
        assert chrome.execute_script("return typeof window.requestAnimationFrame") in ("function", None)
        target = "financieel-meerjarenperspectief"
        chrome.find_element("css selector", f"nav.toc a[href='#{target}']").click()
        top = chrome.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().top", target)
        assert abs(top) < 5 and chrome.execute_script(CURRENT) == []  # nothing marked: there is no script
        cues = chrome.execute_script("return Array.from(document.querySelectorAll('.scroll-cue'))"
                                     ".map(function (c) { return c.hidden; })")
        assert cues and all(cues), "the text cue needs the script; the shadows do not"
    finally:
        chrome.quit()


WRAPS = """var page = document.documentElement, body = getComputedStyle(document.body);
var main = document.querySelector('main'), m = getComputedStyle(main);
return {window: page.clientWidth - parseFloat(body.paddingLeft) - parseFloat(body.paddingRight),
        main: main.clientWidth - parseFloat(m.paddingLeft) - parseFloat(m.paddingRight),
        wraps: Array.from(document.querySelectorAll('.table-wrap')).map(function (w) {
  var cue = w.previousElementSibling, label = document.getElementById(w.getAttribute('aria-labelledby'));
  var box = w.getBoundingClientRect();
  return {id: w.querySelector('table').id, scrolls: w.scrollWidth > w.clientWidth + 1,
          width: box.width, left: box.left, right: box.right, page: page.clientWidth,
          cue: !!cue && cue.classList.contains('scroll-cue') && !cue.hidden && cue.offsetHeight > 0,
          region: w.getAttribute('role') === 'region' && w.tabIndex === 0 && !!label && label.textContent.length > 5,
          shadow: getComputedStyle(w).backgroundImage.indexOf('radial-gradient') >= 0,
          focusable: (w.focus(), document.activeElement === w)};
})};"""


def _assert_tables_use_the_width(driver: Any, doc: str) -> set[str]:
    """Every table in a focusable labelled region with the shadows; the cue exactly where it scrolls; a table
    that scrolls does so in a box as wide as the text's container, <main>, which below 70em is the window
    less the page's padding: a table never scrolls where the window could hold it. Returns those that scroll."""
    _settle(driver)
    found = driver.execute_script(WRAPS)
    assert found["wraps"]
    if _width(driver) < SIDE:
        assert abs(found["main"] - found["window"]) < 1, "below 70em <main> takes the width of the window"
    for wrap in found["wraps"]:
        assert wrap["region"] and wrap["focusable"] and wrap["shadow"], wrap
        assert wrap["cue"] == wrap["scrolls"], wrap  # the cue shows exactly where a table scrolls
        assert wrap["left"] >= -0.5 and wrap["right"] <= wrap["page"] + 0.5, f"{wrap['id']} runs out of the window"
        if wrap["scrolls"]:
            assert wrap["width"] >= found["main"] - 1, f"{wrap['id']} scrolls in a box narrower than there is room for"
    return {w["id"] for w in found["wraps"] if w["scrolls"]}


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_no_column_is_hidden_without_a_cue_and_no_table_scrolls_where_the_window_holds_it(
        driver: Any, site: Path, doc: str) -> None:
    _open(driver, site, doc)
    scrolling = _assert_tables_use_the_width(driver, doc)
    if doc == "programmaplan-2022" and _width(driver) in (1024, 1280):
        assert not scrolling, "Bijlage 1 takes the width there is (beside the contents at 1280): every year in view"
    if doc == "programmaplan-2022" and _width(driver) <= 390:
        assert {"budgetten-sociaal-domein", "wmo-meerjarenperspectief"} <= scrolling


def test_a_table_too_wide_for_any_window_scrolls_in_the_whole_width_with_its_cue(
        browsers: Callable[[int], Any], project: Callable[..., Path], tmp_path: Path) -> None:
    """A broken document: a word no column can break makes Bijlage 1 wider than any window. At every
    width it scrolls in a box as wide as there is room for, with its cue, and the page itself does not."""
    root = project("programmaplan-2022")
    table = root / "content" / "programmaplan-2022" / "tables" / "wmo-meerjarenperspectief.yaml"
    text = table.read_text(encoding="utf-8")
    assert "party: GGD Flevoland" in text
    table.write_text(text.replace("party: GGD Flevoland", "party: " + "Gezondheidsdienst" * 8), encoding="utf-8")
    out = tmp_path / "site"
    assert not pipeline.build(root, out, ("programmaplan-2022",), pdf=False).failed
    for width in (320, 1024, 1280):
        driver = browsers(width)
        _open(driver, out, "programmaplan-2022")
        assert driver.execute_script("return document.documentElement.scrollWidth") == _width(driver)
        assert "wmo-meerjarenperspectief" in _assert_tables_use_the_width(driver, "programmaplan-2022")


QUOTES = """return Array.from(document.querySelectorAll('.pull-quote')).map(function (q) {
  var body = q.closest('.chapter-body'), chapter = q.closest('section.chapter');
  var notes = chapter.querySelector('.footnotes'), r = q.getBoundingClientRect(), b = body.getBoundingClientRect();
  return {quote: r.toJSON(), body: b.toJSON(), notes: notes ? notes.getBoundingClientRect().top : null,
          page: document.documentElement.clientWidth};
});"""


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_pull_quotes_stay_inside_the_text_beside_their_own_words(driver: Any, site: Path, doc: str) -> None:
    _open(driver, site, doc)
    quotes = driver.execute_script(QUOTES)
    if doc == "programmaplan-2022":
        assert quotes
    for q in quotes:
        r, b = q["quote"], q["body"]
        assert b["left"] - 0.5 <= r["left"] and r["right"] <= b["right"] + 0.5 and r["right"] <= q["page"], q
        assert r["bottom"] <= b["bottom"] + 0.5, "a quote never reaches past its chapter's text"
        assert q["notes"] is None or r["bottom"] <= q["notes"], "a quote never stands beside the notes"


IMAGES = """return Array.from(document.querySelectorAll('figure img')).map(function (i) {
  return {src: i.currentSrc, width: i.getBoundingClientRect().width};
});"""


def _assert_figure_text(driver: Any, site: Path) -> None:
    """The smallest text of every drawn figure and chart, as the page shows it, is 12 px or more; up to 43em
    the page shows the narrow drawing."""
    images = driver.execute_script(IMAGES)
    assert images
    for image in images:
        path = Path(image["src"].removeprefix("file://"))
        svg = path.read_text(encoding="utf-8")
        drawn = float(re.search(r'<svg [^>]*width="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
        smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))
        shown = smallest * image["width"] / drawn
        assert shown >= 12, f"{path.name}: text of {shown:.1f} px at {_width(driver)} px wide"
        assert path.name.endswith("-smal.svg") == (_width(driver) <= NARROW_DRAWING), path.name


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_the_text_in_figures_and_charts_is_at_least_12_px(driver: Any, site: Path, doc: str) -> None:
    _open(driver, site, doc)
    _assert_figure_text(driver, site)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_axe_core_finds_nothing_at_exactly_these_widths(driver: Any, site: Path, doc: str) -> None:
    """test_html.py runs axe-core through `chromium --dump-dom`, whose window is at least 500 px wide;
    here it runs at exactly each of WIDTHS, after the script has done its work."""
    _open(driver, site, doc)
    _settle(driver)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = driver.execute_async_script(
        "var done = arguments[0]; axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
        " done(r.violations.map(function (v) { return [v.id, v.nodes.map(function (n) {"
        " return n.target.join(' '); })]; })); });")
    assert found == []
