"""CHECK rules that concern one kind of block, each registered for its kind with `@rule_for`.

A rule takes the block, where it is written and the document, and yields problems. A new block kind
brings its rules here; `block_rules` runs them over every block of a document in reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from nota.check.outline import Outline
from nota.errors import Code, Problem, Severity
from nota.i18n import _, ngettext
from nota.model.block import Block
from nota.model.blocks import Advice, Table
from nota.model.document import Document
from nota.source import Place

BlockRule = Callable[[Any, Place, Document], Iterator[Problem]]
R = TypeVar("R", bound=BlockRule)
_RULES: dict[type[Block], list[BlockRule]] = {}


def rule_for(kind: type[Block]) -> Callable[[R], R]:
    """Register a rule for every block of a kind."""
    def register(rule: R) -> R:
        _RULES.setdefault(kind, []).append(rule)
        return rule
    return register


def block_rules(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Every block's own rules, in reading order."""
    for block, place in doc.blocks(Block):
        for rule in _RULES.get(type(block), ()):
            yield from rule(block, place, doc)


@rule_for(Table)
def table_shape(table: Table, place: Place, doc: Document) -> Iterator[Problem]:
    """Every row of a plain table has one cell per column, and widths (if given) one per column."""
    columns = len(table.columns)
    shown = ngettext("{n} column ({names})", "{n} columns ({names})", columns, names=", ".join(table.columns))
    for i, row in enumerate(table.rows):
        if len(row) != columns:
            cells = ngettext("{n} cell", "{n} cells", len(row))
            yield Problem(_("row {row} of table {table} has {cells}, but the table has {columns}", row=i + 1,
                            table=table.id, cells=cells, columns=shown), place.source.locate((*place.loc, "rows", i)),
                          _('give every row one cell per column, in the same order as the columns ({names}); '
                            'write "" for an empty cell', names=", ".join(table.columns)), code=Code.CELL_COUNT)
    if table.widths is not None and len(table.widths) != columns:
        yield Problem(_("widths has {count}, but the table has {columns}", columns=shown,
                        count=ngettext("{n} number", "{n} numbers", len(table.widths))),
                      place.source.locate((*place.loc, "widths")),
                      _("give one relative width per column, e.g. {example}",
                        example=f"[{', '.join(['1'] * columns)}]"), code=Code.CELL_COUNT)


@rule_for(Advice)
def advice_status(block: Advice, place: Place, doc: Document) -> Iterator[Problem]:
    """Advice received and answered; in a concept, what is still awaited is a warning, once adopted an error."""
    final = doc.meta.status == "vastgesteld"
    severity = Severity.ERROR if final else Severity.WARNING
    at = place.source.locate
    if block.text is None:
        hint = (_("a vastgesteld document cannot await advice: add it under text:, or set status: concept")
                if final else _("fine for a concept; add the advice under text: once it is received"))
        yield Problem(_("advice {id} of {source} has not been received yet", id=block.id, source=block.source),
                      place.where, hint, severity, Code.AWAITING_ADVICE)
    elif block.response is None and not block.awaiting_response:
        yield Problem(_("advice {id} has no response and is not marked as awaiting one", id=block.id),
                      at((*place.loc, "id")),
                      _("add response: with text: (the college's response), or add awaiting_response: true"),
                      code=Code.MISSING_RESPONSE)
    elif block.awaiting_response:
        hint = (_("a vastgesteld document needs every response: add response: with text:, or set status: concept")
                if final else _("fine for a concept; add the response before the status is vastgesteld"))
        yield Problem(_("advice {id} of {source} is awaiting the executive's response", id=block.id,
                        source=block.source), at((*place.loc, "awaiting_response")), hint, severity,
                      Code.AWAITING_RESPONSE)
