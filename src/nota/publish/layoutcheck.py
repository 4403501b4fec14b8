"""PUBLISH stage: check WeasyPrint's laid-out pages before the PDF is written.

CSS alone cannot promise what a publication needs, so the boxes are inspected after layout:

- a table wider than its page (or text running out of its column) would be cut off at the paper's
  edge: an error naming the table, never a silent cut;
- a table row split over two pages, or a group heading left as the last row of a page;
- a footnote set on another page than its reference (WeasyPrint defers a note it cannot fit);
- a character the vendored typeface does not have (a system font would be used for it, and the
  layout would then depend on the machine);
- a runt: a chapter or appendix whose last page holds only a few lines, such as the end of a table
  (rows, total, notes). typeset.py first sets such a chapter a little tighter; the rest are warnings.

Boxes are recognised by class name (TableBox, TextBox, ...), so WeasyPrint stays imported by pdf.py only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from nota.i18n import _
from nota.render.layout import CHAR_PLACE, END_PLACE, NOTES_PLACE

TOLERANCE = 0.5  # CSS px: rounding, never a visible overflow
PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class LayoutProblem:
    anchor: str  # HTML id of the table, CHAR_PLACE + a character, or "" (see render/layout.table_places)
    message: str
    hint: str


def _kinds(box: Any) -> set[str]:
    return {cls.__name__ for cls in type(box).__mro__}


def _walk(box: Any, table: Any = None, cell: Any = None) -> Iterator[tuple[Any, Any, Any]]:
    """Every box below `box`, with the table and the cell it stands in."""
    kinds = _kinds(box)
    if "TableBox" in kinds:
        table = box
    if "TableCellBox" in kinds:
        cell = box
    yield box, table, cell
    for child in getattr(box, "children", None) or []:
        yield from _walk(child, table, cell)


def _right(box: Any) -> float:
    return float(box.position_x + box.margin_width())


def _classes(box: Any) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def table_name(table: Any) -> str:
    """How a reader names a table: its caption ("Tabel 1: Planning AWBZ/Wmo"), else its id."""
    element = table.element
    for child in element:
        if str(child.tag).endswith("caption"):
            return " ".join("".join(child.itertext()).replace("\u00ad", "").split())
    return str(element.get("id") or _("a table"))


def _anchor(table: Any) -> str:
    return str(table.element.get("id") or "") if table is not None else ""


def overflow(pages: list[Any]) -> list[LayoutProblem]:
    """Tables wider than the page, and text that runs out of its table column or off the page."""
    found: dict[tuple[str, str], LayoutProblem] = {}
    for number, page in enumerate(pages, 1):
        box = page._page_box
        page_right = box.content_box_x() + box.width
        for item, table, cell in _walk(box):
            kinds = _kinds(item)
            if "TableBox" in kinds and item.position_x + item.width > page_right + TOLERANCE:
                excess = (item.position_x + item.width - page_right) / PX_PER_MM
                found.setdefault((_anchor(item), "table"), LayoutProblem(
                    _anchor(item), _("{table} is {excess} mm wider than the text area of page {page} and would be "
                                     "cut off", table=table_name(item), excess=f"{excess:.0f}", page=number),
                    _("give the table fewer or narrower columns, shorter words in its header, or widths: that add "
                      "up; a budget table with 8 or more columns is set on landscape pages")))
            elif "TextBox" in kinds and cell is not None and _right(item) > _cell_right(cell) + TOLERANCE:
                found.setdefault((_anchor(table), "cell"), LayoutProblem(
                    _anchor(table), _("text “{text}” runs out of its column in {table} (page {page})",
                                      text=item.text.strip()[:40], table=table_name(table), page=number),
                    _("make the column wider (widths:), or break the long word or number")))
            elif "TextBox" in kinds and _right(item) > page_right + TOLERANCE and table is None:
                found.setdefault(("", item.text), LayoutProblem(
                    "", _("text “{text}” runs off page {page}", text=item.text.strip()[:40], page=number),
                    _("break the long word or link text")))
    return list(found.values())


def _cell_right(cell: Any) -> float:
    return float(cell.content_box_x() + cell.width + cell.padding_right)


def _rows(page: Any) -> Iterator[tuple[Any, Any]]:
    """Body rows with their table; the header rows repeated on every page are not rows of the page."""
    for item, table, _cell in _walk(page._page_box):
        if "TableRowGroupBox" in _kinds(item) and not (item.is_header or item.is_footer):
            yield from ((row, table) for row in item.children if row.element is not None)


def rows(pages: list[Any]) -> list[LayoutProblem]:
    """A row on two pages (split), or a group heading as the last row of a page."""
    problems = []
    seen: dict[int, int] = {}
    for number, page in enumerate(pages, 1):
        last: dict[int, tuple[Any, Any]] = {}
        for row, table in _rows(page):
            key = id(row.element)
            if seen.get(key, number) != number:
                problems.append(LayoutProblem(_anchor(table), _("a row of {table} is split over pages {first} and "
                                                                "{second}", table=table_name(table), first=seen[key],
                                                                second=number),
                                              _("the row is taller than a page: shorten it")))
            seen[key] = number
            last[id(table.element)] = (row, table)
        for row, table in last.values():
            if "group" in _classes(row) and number < len(pages):
                problems.append(LayoutProblem(_anchor(table), _("the group heading “{heading}” of {table} stands "
                                                                "alone at the foot of page {page}", heading=_text(row),
                                                                table=table_name(table), page=number),
                                              _("a layout fault: report it with the document")))
    return problems


def _text(box: Any) -> str:
    return " ".join("".join(box.element.itertext()).replace("\u00ad", "").split())


def footnotes(pages: list[Any]) -> list[LayoutProblem]:
    """Footnote bodies set on another page than their reference (links to #fnbody-N)."""
    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for number, page in enumerate(pages, 1):
        for item, _table, _cell in _walk(page._page_box):
            element = getattr(item, "element", None)
            if element is None or not item.element_tag or "::" in item.element_tag:
                continue
            href = element.get("href") or ""
            if item.element_tag == "a" and href.startswith("#fnbody-"):
                calls.setdefault(href[1:], number)
            elif (element.get("id") or "").startswith("fnbody-"):
                bodies.setdefault(element.get("id"), number)
    return [LayoutProblem("", _("footnote {note} is set on page {body}, its reference on page {page}",
                                note=note.removeprefix("fnbody-"), body=bodies.get(note), page=page),
                          _("shorten the footnote, or move its reference"))
            for note, page in sorted(calls.items()) if bodies.get(note) != page]


def _face(style: Any) -> str:
    """The vendored font file a text style is set in (the names of templates/fonts/)."""
    bold, semibold, italic = style["font_weight"] >= 700, style["font_weight"] >= 600, style["font_style"] != "normal"
    if italic:
        return "OpenSans-BoldItalic.ttf" if semibold else "OpenSans-Italic.ttf"
    return "OpenSans-Bold.ttf" if bold else "OpenSans-Semibold.ttf" if semibold else "OpenSans-Regular.ttf"


def glyphs(pages: list[Any], coverage: dict[str, set[int]]) -> list[LayoutProblem]:
    """Characters missing from the font file they are set in (`coverage`: file name -> code points)."""
    missing: dict[tuple[str, str], int] = {}
    for number, page in enumerate(pages, 1):
        for item, _table, _cell in _walk(page._page_box):
            if "TextBox" not in _kinds(item):
                continue
            face = _face(item.style)
            for char in set(item.text) - {" ", "\n", "\t", "\u00ad", "\u200b"}:
                if face in coverage and ord(char) not in coverage[face]:
                    missing.setdefault((char, face), number)
    return [LayoutProblem(CHAR_PLACE + char,
                          _("the character {char} (U+{code}) on page {page} is not in {face}; a system font "
                            "would be used for it", char=char, code=f"{ord(char):04X}", page=page, face=face),
                          _("write another character, or vendor a typeface that has it in templates/fonts/"))
            for (char, face), page in sorted(missing.items())]


RUNT_SHARE = 0.2  # a last page holding less than this share of its text area's longer side is a runt
NOTES = {"table-notes", "table-remark"}  # what stands under a table: its notes and remarks (blocks.html.j2)


@dataclass(frozen=True)
class Runt:
    """A chapter whose last page holds only a few lines: its anchor, how a reader names it, the page,
    and, when that page holds nothing of the chapter but the end of a table, that table: `rows` when
    its last rows (and total) are there too, else the page holds only the notes or remarks under it."""

    chapter: str
    name: str
    page: int
    table: str = ""
    table_name: str = ""
    rows: bool = False


def runt_limit(box: Any) -> float:
    """How far down a page's text area (CSS px) a chapter's last page must be filled not to be a runt.

    "A few lines" is an amount, not a share of the page: measured against the page's height, the same
    total row, notes and NB (48 mm) were a runt on a portrait page (19%) and not on a landscape one
    (27%). So the limit is a fifth of the text area's longer side: on a portrait page its height, as it
    always was (about nine lines of text); on a landscape page its width, nearly the same length
    (53 mm against 50 mm on A4, which is 30% of the landscape page's height)."""
    return RUNT_SHARE * max(float(box.width), float(box.height))


def runts(pages: list[Any]) -> list[str]:
    """Ids of the chapters that end on a page of their own holding only a few lines."""
    return sorted(runt.chapter for runt in runt_pages(pages))


def runt_pages(pages: list[Any]) -> list[Runt]:
    """Every chapter that ends on a page of its own holding only a few lines, with what that page holds."""
    extent: dict[str, tuple[int, bool, int, Any]] = {}  # chapter id -> pages seen, a runt?, last page, box
    tables: list[tuple[int, str, str]] = []  # (page, table id, its name) in reading order
    for number, page in enumerate(pages, 1):
        box = page._page_box
        for item, _table, _cell in _walk(box):
            if "TableBox" in _kinds(item) and _anchor(item):
                tables.append((number, _anchor(item), table_name(item)))
            if item.element_tag == "section" and "chapter" in _classes(item) and item.element.get("id"):
                used = item.position_y + item.margin_height() - box.content_box_y()
                count = extent.get(item.element.get("id"), (0, False, 0, None))[0]
                extent[item.element.get("id")] = (count + 1, used < runt_limit(box), number, item)
    found = []
    for chapter, (count, runt, number, section) in sorted(extent.items(), key=lambda e: e[1][2]):
        if count > 1 and runt:
            found.append(_runt(chapter, section, number, tables))
    return found


def _runt(chapter: str, section: Any, number: int, tables: list[tuple[int, str, str]]) -> Runt:
    """What a runt page holds: the notes under a table set on the pages before; the end of a table
    begun on a page before (its last rows, the total, the notes); or else the chapter's own text."""
    kinds = set(_text_kinds(section))
    before = [(tid, name) for page, tid, name in tables if page < number]
    if kinds == {"notes"} and before:
        return Runt(chapter, _chapter_name(section), number, *before[-1])
    here = [(tid, name) for page, tid, name in tables if page == number]
    if kinds <= {"table", "notes"} and here and here[-1] in before:
        return Runt(chapter, _chapter_name(section), number, *here[-1], rows=True)
    return Runt(chapter, _chapter_name(section), number)


def _text_kinds(box: Any, notes: bool = False, table: bool = False) -> Iterator[str]:
    """For each line of text in a box: "notes" (under a table), "table" (in one) or "text"."""
    notes = notes or bool(_classes(box) & NOTES)
    table = table or "TableBox" in _kinds(box)
    if "TextBox" in _kinds(box) and box.text.strip():
        yield "notes" if notes else "table" if table else "text"
    for child in getattr(box, "children", None) or []:
        yield from _text_kinds(child, notes, table)


def _chapter_name(section: Any) -> str:
    """How a reader names a chapter: its heading as printed ("Bijlage 1 Financieel meerjarenperspectief")."""
    heading = next((child for child in section.element if "chapter-title" in (child.get("class") or "")), None)
    return " ".join("".join(heading.itertext()).replace("\u00ad", "").split()) if heading is not None else ""


def runt_problems(found: list[Runt]) -> list[LayoutProblem]:
    """The runts that setting tighter could not pull back, as warnings a person should look at."""
    return [_runt_problem(runt) for runt in found]


def _runt_problem(runt: Runt) -> LayoutProblem:
    """A runt's warning, at the place to fix it: a table's total (or its notes) when the page holds
    only the end of that table, else the chapter's title."""
    if runt.rows:
        return LayoutProblem(f"{runt.table}{END_PLACE}",
                             _("page {page} holds only the end of {table}", page=runt.page, table=runt.table_name),
                             _("shorten the text before the table or the notes under it a little, so the table "
                               "ends on the page before, or add a paragraph after it; the total stays with the "
                               "rows above it"))
    if runt.table:
        return LayoutProblem(f"{runt.table}{NOTES_PLACE}",
                             _("page {page} holds only the end of the notes under {table}", page=runt.page,
                               table=runt.table_name),
                             _("shorten the notes or the remarks a little, or the text before the table, so they "
                               "fit on the page before; nota already set it tighter"))
    return LayoutProblem(runt.chapter,
                         _("the last page of {chapter} (page {page}) holds only a few lines", chapter=runt.name,
                           page=runt.page),
                         _("shorten the chapter a little, or add to it, so its last page is not nearly empty; "
                           "nota already set it tighter"))


def check(pages: list[Any], coverage: dict[str, set[int]] | None = None) -> list[LayoutProblem]:
    """All layout problems of a rendered document."""
    return overflow(pages) + rows(pages) + footnotes(pages) + glyphs(pages, coverage or {})
