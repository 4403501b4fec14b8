"""CHECK rules, what editors paste into a text: lists with bullet characters, Markdown tables, pictures.

Nothing is changed behind the writer's back. A list pasted with "–" or "•" is read as the list it
is (text/markdown.py), and said so with a warning at its first line, which writing Markdown's own
"- " silences. A Markdown table or picture is not rendered: a table and a picture are blocks of their
own, with a number, a caption, header cells or a text alternative. Each is an error at its line
whose hint is the block to write, made from what the text holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from nota.check.outline import Outline, markdown_texts
from nota.errors import Code, Problem, Severity
from nota.i18n import _, ngettext
from nota.model.block import Block
from nota.model.document import Document
from nota.source import Place, quoted
from nota.text import markdown, pasted

SHOWN_ROWS = 3  # rows of a Markdown table written out in the hint; the rest are counted
_PLAIN_ITEM = re.compile(r"[^\s,\[\]{}:#&*!|>'\"%@`?-][^,\[\]{}:#]*")
_NOT_TEXT = re.compile(r"[-+]?[\d.,]+|true|false|yes|no|null|~", re.IGNORECASE)
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(?:png|jpe?g)", re.IGNORECASE)


def paragraph_texts(doc: Document) -> Iterator[tuple[str, Place]]:
    """The texts set as paragraphs (Markdown blocks, not one line): where a list or a table can stand."""
    for cf in doc.chapters:
        if cf.chapter.lead:
            yield cf.chapter.lead, Place(cf.source, ("lead",))
    for block, place in doc.blocks(Block):
        for piece in block.texts():
            if piece.form == "block":
                yield piece.text, Place(place.source, (*place.loc, *piece.loc))
    for tf in doc.tables.values():
        for i, remark in enumerate(tf.table.remarks):
            yield remark, Place(tf.source, ("remarks", i))


def pasted_text(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Lists with pasted bullets (a warning), Markdown tables and pictures (errors), in reading order."""
    for text, place in paragraph_texts(doc):
        for found in pasted.pasted_lists(text):
            yield _pasted_list(found, place)
        for table in pasted.tables(text):
            yield Problem(_("a table written in Markdown is not shown as a table"), place.spot(table.first),
                          _table_hint(table), code=Code.MARKDOWN_TABLE)
    for text, place in markdown_texts(doc):
        for image in pasted.images(text):
            shown = image.written if len(image.written) <= 60 else image.written[:59] + "…"
            yield Problem(_("a picture written in the text is not shown: {written}", written=shown),
                          place.spot(image.written[:2]) if image.written.startswith("![") else place.where,
                          _figure_hint(image), code=Code.MARKDOWN_IMAGE)


def _pasted_list(found: pasted.PastedList, place: Place) -> Problem:
    marker = found.marker if found.marker not in "-*+" else _("{marker} and a non-breaking space",
                                                                 marker=found.marker)
    message = ngettext("a line starting with “{marker}” is read as a list item",
                       "{n} lines starting with “{marker}” are read as a list", found.count, marker=marker)
    return Problem(message, place.spot(found.first), _('to write the list yourself, start each item with "- " '
                                                       "(a hyphen and a space); this warning then goes away"),
                   Severity.WARNING, Code.PASTED_LIST)


def _item(text: str) -> str:
    """A cell as an item of a YAML list written between [ and ]: plain where that reads back the same."""
    text = text.strip()
    if _PLAIN_ITEM.fullmatch(text) and not _NOT_TEXT.fullmatch(text):
        return text
    return quoted(text)


def _row(cells: list[str]) -> str:
    return "[" + ", ".join(_item(cell) for cell in cells) + "]"


def _table_hint(table: pasted.TextTable) -> str:
    rows = [f"    - {_row(cells)}" for cells in table.rows[:SHOWN_ROWS]]
    rest = len(table.rows) - SHOWN_ROWS
    if rest > 0:
        rows.append("    # " + ngettext("… and {n} more row", "… and {n} more rows", rest))
    ident, caption = _("table-id"), _("what the table shows")
    block = ["- type: table", f"  id: {ident}", f"  caption: {caption}",
             f"  columns: {_row(table.columns)}", "  rows:", *rows]
    return "\n".join([_("a table is a block of its own, with a number, a caption and header cells; put it after "
                        "this text as:"), *block])


def _figure_hint(image: pasted.TextImage) -> str:
    name = PurePosixPath(image.src.split("?")[0]).name
    file = f"figures/{name.lower()}" if _FILE_NAME.fullmatch(name) else "figures/foto.png"
    ident = markdown.slug(image.alt) or "foto"
    alt = image.alt if len(image.alt) >= 10 else _("what the picture shows, in words")
    block = ["- type: figure", f"  id: {ident}", f"  image: {file}", f"  alt: {_item(alt)}"]
    online = image.src.lower().startswith(("http:", "https:", "//"))
    intro = (_("a picture is a figure block of its own, with a number and a text alternative; nota does not "
               "fetch pictures from the internet: save it in this document's folder as {file} and put this "
               "after the text:", file=file) if online else
             _("a picture is a figure block of its own, with a number and a text alternative; save it in this "
               "document's folder as {file} and put this after the text:", file=file))
    return "\n".join([intro, *block])
