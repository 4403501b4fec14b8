"""CHECK rule: a document within its size limits (limits.py): characters in all its files, rows per table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from nota import limits
from nota.check.outline import Outline
from nota.errors import Code, Problem
from nota.i18n import _, number
from nota.model.blocks import Table
from nota.model.budget import rows
from nota.model.document import Document
from nota.source import Location


def size(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Text per document and rows per table over their limits, as located errors."""
    sources = [doc.meta_source, *(cf.source for cf in doc.chapters), *(tf.source for tf in doc.tables.values())]
    chars = sum(len(line) + 1 for source in sources for line in source.lines)
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
