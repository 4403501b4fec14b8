"""CHECK rules that concern one kind of block, each registered for its kind with `@rule_for`.

A rule takes the block, where it is written and the document, and yields problems. A new block kind
brings its rules here; `block_rules` runs them over every block of a document in reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from nota.check.outline import Outline
from nota.errors import Code, Problem, Severity
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
    shown = f"{columns} column{'s' if columns != 1 else ''} ({', '.join(table.columns)})"
    for i, row in enumerate(table.rows):
        if len(row) != columns:
            yield Problem(f"row {i + 1} of table {table.id} has {len(row)} cell{'s' if len(row) != 1 else ''}, "
                          f"but the table has {shown}", place.source.locate((*place.loc, "rows", i)),
                          'give every row one cell per column, in the order of columns:; write "" for an empty cell',
                          code=Code.CELL_COUNT)
    if table.widths is not None and len(table.widths) != columns:
        yield Problem(f"widths has {len(table.widths)} numbers, but the table has {shown}",
                      place.source.locate((*place.loc, "widths")), "give one relative width per column, e.g. "
                      f"[{', '.join(['1'] * columns)}]", code=Code.CELL_COUNT)


@rule_for(Advice)
def advice_status(block: Advice, place: Place, doc: Document) -> Iterator[Problem]:
    """Advice received and answered; in a concept, what is still awaited is a warning, once adopted an error."""
    final = doc.meta.status == "vastgesteld"
    severity = Severity.ERROR if final else Severity.WARNING
    at = place.source.locate
    if block.text is None:
        hint = ("a vastgesteld document cannot await advice: add it under text:, or set status: concept"
                if final else "fine for a concept; add the advice under text: once it is received")
        yield Problem(f"advice {block.id} of {block.source} has not been received yet", place.where, hint, severity,
                      Code.AWAITING_ADVICE)
    elif block.response is None and not block.awaiting_response:
        yield Problem(f"advice {block.id} has no response and is not marked as awaiting one", at((*place.loc, "id")),
                      "add response: with text: (the college's response), or add awaiting_response: true",
                      code=Code.MISSING_RESPONSE)
    elif block.awaiting_response:
        hint = ("a vastgesteld document needs every response: add response: with text:, or set status: concept"
                if final else "fine for a concept; add the response before the status is vastgesteld")
        yield Problem(f"advice {block.id} of {block.source} is awaiting the executive's response",
                      at((*place.loc, "awaiting_response")), hint, severity, Code.AWAITING_RESPONSE)
