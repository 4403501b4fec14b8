"""RENDER stage, layout decisions the templates ask for: how many text columns a chapter is set in,
which boxes are kept whole on a page, table column widths, and where each table is defined (so a
layout problem found in the PDF can point at its content).
"""

from __future__ import annotations

import re
from typing import Any

from nota.check.outline import Outline
from nota.model.block import Block
from nota.model.blocks import Budget, Table
from nota.model.content import Chapter, walk_blocks
from nota.model.document import Document
from nota.model.theme import Theme
from nota.render.views import WIDE_COLUMNS, column_count
from nota.source import Location

NOTES_PLACE = "-notes"  # the key of the place of what stands under a table (its remarks or notes)
END_PLACE = "-end"  # the key of the place of a table's end (a budget table's total, else the table)
CHAR_PLACE = "char:"  # the key of where a character is first written: CHAR_PLACE + the character
SHORT_CHAPTER_WORDS = 150  # two balanced columns of a few lines each look like a fragment
KEEP_WORDS = 80  # about a third of a column: a longer box may continue in the next column or page


def chapter_columns(doc: Document, chapter: Chapter, theme: Theme) -> int:
    """Columns of a chapter's body text in print: the theme's, but one for a short chapter, a chapter
    whose tables or figures sit inside its sections (only the chapter's own blocks can span both
    columns), or one that holds a wide table (set on landscape pages)."""
    if theme.columns == 1 or has_wide_table(doc, chapter):
        return 1
    if any(block.spans_columns for section in chapter.sections for block, _ in walk_blocks(section)):
        return 1
    return 1 if _words(chapter.model_dump()) < SHORT_CHAPTER_WORDS else 2


def _words(value: Any) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        value = list(value.values())
    return sum(_words(v) for v in value) if isinstance(value, list) else 0


def keep_together(block: Block) -> bool:
    """Whether a box (focus point, callout, advice) is short enough to be kept on one page or column.

    A long box that may not break leaves a column half empty in front of it, and makes WeasyPrint's
    column balancing step through heights a pixel at a time (seconds per page).
    """
    return sum(len(piece.text.split()) for piece in block.texts()) <= KEEP_WORDS


def column_widths(widths: list[int] | None) -> list[str]:
    """Relative column widths as CSS percentages (numbers only; nothing from content reaches CSS)."""
    total = sum(widths or [])
    if not widths or total <= 0 or min(widths) < 0:  # the content checks report such widths
        return []
    return [f"{100 * w / total:.2f}%" for w in widths]


def has_wide_table(doc: Document, chapter: Chapter) -> bool:
    """Whether a chapter holds a budget table too wide for a portrait page."""
    for block, _ in walk_blocks(chapter):
        table = doc.table_of(block) if isinstance(block, Budget) else None
        if table is not None and column_count(table.table) >= WIDE_COLUMNS:
            return True
    return False


def table_places(doc: Document, outline: Outline) -> dict[str, Location]:
    """Where each table and chapter is defined, by its HTML id: a plain table at its block, a budget
    table at its years (its columns) in tables/<id>.yaml, what stands under it at its remarks or
    notes, its end at its total; a chapter at its title; and where each
    character beyond ASCII is first written (CHAR_PLACE). Layout problems of the PDF point there."""
    places = {outline.of(cf.chapter).anchor: cf.source.key(("title",)) for cf in doc.chapters}
    for block, place in doc.blocks(Block):
        table = doc.table_of(block) if isinstance(block, Budget) else None
        if isinstance(block, Table):
            places[outline.of(block).anchor] = place.where
        elif table is not None:
            places[outline.of(block).anchor] = table.source.locate(("years",))
            under = "remarks" if table.table.remarks else "notes" if table.table.notes else "years"
            places[f"{outline.of(block).anchor}{NOTES_PLACE}"] = table.source.key((under,))
            places[f"{outline.of(block).anchor}{END_PLACE}"] = table.source.key(("total" if table.table.total
                                                                                  else "years",))
    return places | _char_places(doc)


def _char_places(doc: Document) -> dict[str, Location]:
    """Where each character beyond ASCII is first written, in reading order: a character the typeface
    lacks is reported there, at the text to change."""
    places: dict[str, Location] = {}
    for source in (doc.meta_source, *(cf.source for cf in doc.chapters), *(tf.source for tf in doc.tables.values())):
        for number, line in enumerate(source.lines, 1):
            for column, char in enumerate(line, 1):
                if ord(char) > 0x7E and CHAR_PLACE + char not in places:
                    places[CHAR_PLACE + char] = Location(source.path, number, column)
    return places


_BOLD_PARAGRAPH = re.compile(r"<p><strong>((?:(?!</?p\b)[^<]|<(?!/?strong\b)[^>]*>)*)</strong></p>")


def run_in_headings(html: str) -> str:
    """A paragraph that is bold from start to end works as a heading: keep it with what follows in print."""
    return _BOLD_PARAGRAPH.sub(r'<p class="bold-heading"><strong>\1</strong></p>', html)
