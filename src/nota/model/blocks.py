"""MODEL stage, blocks: what a chapter is made of, one class per kind (see model/block.py for what a
kind says of itself, and model/figures.py for figures and the charts they are drawn from).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from nota.i18n import N_, _
from nota.model.base import Id, Markdown, Model
from nota.model.block import Block, Piece, line, md, plain
from nota.model.figures import Figure
from nota.text import dutch


class Text(Block):
    """Prose in Markdown: paragraphs, lists, emphasis, links, footnote references [^id], references [[id]]."""

    type: Literal["text"] = "text"
    text: Markdown

    def pieces(self) -> Iterator[Piece]:
        yield from md("text", self.text, "text")


class FocusPoint(Block):
    """A focus point (focuspunt): a title, what it is about, and the activities planned."""

    kind: ClassVar[str | None] = "focuspoint"
    noun: ClassVar[str] = "focuspunt"
    type: Literal["focuspoint"]
    id: Id | None = None
    title: Markdown
    text: Markdown | None = None
    activities: list[Markdown] = Field(default_factory=list)

    def pieces(self) -> Iterator[Piece]:
        yield from line("title", self.title, "title")
        yield from md("text", self.text, "text")
        for i, activity in enumerate(self.activities):
            yield from line("item", activity, "activities", i)

    def ref_title(self) -> str:
        return self.title


class Quote(Block):
    """A quotation; `pull` quotes are set large beside the text."""

    noun: ClassVar[str] = "citaat"
    type: Literal["quote"]
    text: Markdown
    source: str | None = None
    pull: bool = True

    def pieces(self) -> Iterator[Piece]:
        yield from md("text", self.text, "text")
        yield from plain("source", self.source, "Bron", "source")


class Callout(Block):
    """A box set apart from the text (e.g. a law explained, a reading guide)."""

    kind: ClassVar[str | None] = "callout"
    noun: ClassVar[str] = "kader"
    type: Literal["callout"]
    id: Id | None = None
    title: Markdown | None = None
    text: Markdown

    def pieces(self) -> Iterator[Piece]:
        yield from line("title", self.title, "title")
        yield from md("text", self.text, "text")

    def ref_title(self) -> str:
        return self.title or self.id or ""


class Response(Model):
    text: Markdown
    source: str = "college"
    date: dt.date | None = None


class Advice(Block):
    """Advice of a council (e.g. the Wmo-cliëntenraad) with the executive's response."""

    kind: ClassVar[str | None] = "advice"
    noun: ClassVar[str] = "advies"
    type: Literal["advice"]
    id: Id
    source: str = Field(description=N_("Who gives the advice, e.g. Wmo-cliëntenraad"))
    text: Markdown | None = Field(None, description=N_("The advice; leave out while it has not been received"))
    date: dt.date | None = None
    response: Response | None = None
    awaiting_response: bool = Field(False, description=N_("true while the executive's response is still to come"))

    @model_validator(mode="after")
    def _response_or_awaiting(self) -> Advice:
        if self.response is not None and self.awaiting_response:
            raise PydanticCustomError(
                "advice", _("advice has a response and is marked awaiting_response"),
                {"hint": _("remove awaiting_response: true now that the response is there")},
            )
        if self.text is None and self.response is not None:
            raise PydanticCustomError(
                "advice", _("a response to advice that has no text"),
                {"hint": _("add the advice under text:, or remove the response")},
            )
        return self

    @property
    def status_text(self) -> str:
        """What the document says in place of what has not come yet ('' when nothing is awaited)."""
        if self.text is None:
            return (f"Het advies van de {self.source} is nog niet ontvangen. Het wordt hier opgenomen met de "
                    "reactie van het college.")
        if self.response is None and self.awaiting_response:
            return "De reactie van het college op dit advies volgt."
        return ""

    def pieces(self) -> Iterator[Piece]:
        yield from plain("source", self.source, "Advies van", "source")
        yield from plain("source", dutch.date_nl(self.date) if self.date else None, "Datum", "date")
        yield from md("text", self.text, "text")
        if self.response:
            yield from plain("source", self.response.source, "Reactie van", "response", "source")
            yield from md("response", self.response.text, "response", "text")
        yield from plain("status", self.status_text, "")

    def ref_title(self) -> str:
        return f"advies {self.source}"


class Table(Block):
    """A plain table (e.g. a planning timeline); cells are Markdown."""

    kind: ClassVar[str | None] = "table"
    noun: ClassVar[str] = "tabel"
    numbered: ClassVar[bool] = True
    spans_columns: ClassVar[bool] = True
    type: Literal["table"]
    id: Id
    caption: Markdown
    columns: list[str] = Field(min_length=1, max_length=12)
    rows: list[list[str]] = Field(min_length=1)
    widths: list[int] | None = Field(None, description=N_("Relative column widths, e.g. [1, 2, 4]"))

    def pieces(self) -> Iterator[Piece]:
        yield from line("title", self.caption, "caption")
        for i, column in enumerate(self.columns):
            yield from plain("column", column, "", "columns", i)
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                yield from md("cell", cell, "rows", r, c)

    def ref_title(self) -> str:
        return self.caption


class Budget(Block):
    """Places a budget table from tables/<table>.yaml."""

    kind: ClassVar[str | None] = "table"
    noun: ClassVar[str] = "tabel"
    numbered: ClassVar[bool] = True
    spans_columns: ClassVar[bool] = True
    id_key: ClassVar[str] = "table"
    type: Literal["budget"]
    table: Id
    _title: str = PrivateAttr("")  # the table's title, set when the document is loaded

    def ref_id(self) -> str:
        return self.table

    def ref_title(self) -> str:
        return self._title or self.table


class Definition(Model):
    term: Markdown
    text: Markdown


class Definitions(Block):
    """Terms with their explanation (e.g. the 0e, 1e and 2e lijn)."""

    noun: ClassVar[str] = "begrippenlijst"
    type: Literal["definitions"]
    items: list[Definition] = Field(min_length=1)

    def pieces(self) -> Iterator[Piece]:
        for i, item in enumerate(self.items):
            yield from line("term", item.term, "items", i, "term")
            yield from md("definition", item.text, "items", i, "text")


Block_ = Text | FocusPoint | Quote | Callout | Advice | Figure | Table | Budget | Definitions
KINDS: tuple[type[Block], ...] = (Text, FocusPoint, Quote, Callout, Advice, Figure, Table, Budget, Definitions)
AnyBlock = Annotated[Block_, Field(discriminator="type")]


def type_name(kind: type[Block]) -> str:
    """The `type:` a block kind is written with in the content ('focuspoint')."""
    return str(typing.get_args(kind.model_fields["type"].annotation)[0])


NOUNS = {type_name(kind): kind.noun for kind in KINDS}  # 'focuspoint' -> 'focuspunt'


def text_shorthand(blocks: Any) -> Any:
    """A plain string in a block list is a Text block."""
    if isinstance(blocks, list):
        return [{"type": "text", "text": b} if isinstance(b, str) else b for b in blocks]
    return blocks
