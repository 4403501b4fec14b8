"""CHECK rule: a document within its size limits (limits.py): characters in all its files, rows per table.

The same measures give a document's typesetting budget (`render_limits`): the time and memory its PDF
worker may take grow with its estimated pages, so a 400-page begroting gets the time it needs while a
small hostile document is still stopped soon.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nota import limits
from nota.check.outline import Outline
from nota.errors import Code, Problem
from nota.i18n import _, number
from nota.model.blocks import Table
from nota.model.budget import rows
from nota.model.document import Document
from nota.source import Location


@dataclass(frozen=True)
class Size:
    """How much a document holds: characters in all its content files, rows in all its tables."""

    chars: int
    rows: int

    @property
    def estimated_pages(self) -> float:
        return self.chars / limits.CHARS_PER_PAGE + self.rows / limits.ROWS_PER_PAGE


def _chars(doc: Document) -> int:
    sources = [doc.meta_source, *(cf.source for cf in doc.chapters), *(tf.source for tf in doc.tables.values())]
    return sum(len(line) + 1 for source in sources for line in source.lines)


def measure(doc: Document) -> Size:
    """The size of a checked document."""
    plain = sum(len(block.rows) for block, _place in doc.blocks(Table))
    budget = sum(sum(1 for _ in rows(tf.table)) for tf in doc.tables.values())
    return Size(_chars(doc), plain + budget)


def render_limits(doc: Document) -> tuple[float, int]:
    """The time (s) and memory (bytes) the PDF worker of this document may use (guard.start_limited)."""
    pages = measure(doc).estimated_pages
    return (limits.RENDER_SECONDS + limits.RENDER_SECONDS_PER_PAGE * pages,
            int(limits.RENDER_MEMORY_BYTES + limits.RENDER_MEMORY_PER_PAGE * pages))


def size(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Text per document and rows per table over their limits, as located errors."""
    chars = _chars(doc)
    if chars > limits.MAX_DOCUMENT_CHARS:
        yield Problem(_("the document's content files hold {size} characters, more than the limit of {limit}",
                        size=number(chars), limit=number(limits.MAX_DOCUMENT_CHARS)),
                      Location(Path(doc.meta_source.path)), _("split the content into several documents"),
                      code=Code.LIMIT)
    for block, place in doc.blocks(Table):
        if len(block.rows) > limits.MAX_TABLE_ROWS:
            yield _too_many(len(block.rows), place.source.locate((*place.loc, "rows")))
    for tf in doc.tables.values():
        count = sum(1 for _ in rows(tf.table))
        if count > limits.MAX_TABLE_ROWS:
            yield _too_many(count, tf.source.locate(()))


def _too_many(rows: int, where: Location) -> Problem:
    return Problem(_("table has {rows} rows, more than the limit of {limit}", rows=number(rows),
                     limit=number(limits.MAX_TABLE_ROWS)), where, _("split it into several tables"), code=Code.LIMIT)
