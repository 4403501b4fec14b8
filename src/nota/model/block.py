"""MODEL stage, what every block kind shares: its texts as `Piece`s, and what it says of itself.

A block kind is one model class here, one template macro (templates/blocks.html.j2) and the check
rules that concern it (check/blocks.py). The class says what the other stages need to know of it,
so that the outline, the reference checks and the diff never tell the kinds apart themselves:

- `pieces()`: its texts in reading order, each with its key path and how it is written (Markdown
  paragraphs, one Markdown line, or plain text); the reference checks, footnote numbering, the diff
  and the copyfitting read these;
- `kind`, `noun`: what a cross-reference calls it ("figuur 2", "focuspunt ‘Buurthub’"); `kind` is
  None for a block nobody refers to;
- `ref_id()`, `ref_title()`, `id_key`: the id a reference names it by, its title in the outline, and
  the key the id is written under;
- `numbered`: tables and figures get a number, counted per kind;
- `spans_columns`: in a chapter set in two columns, it needs the full width (tables, figures).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

from nota.model.base import Model
from nota.source import Loc

Form = Literal["block", "inline", "plain"]


@dataclass(frozen=True)
class Piece:
    """One text of a block: its role (title, text, item, ...), the text, and where it is written."""

    role: str
    text: str
    loc: Loc = ()  # key path inside the block; () for a text the block says itself (a status line)
    form: Form = "block"  # Markdown paragraphs, one line of Markdown, or plain text (a name, a date)
    label: str = ""  # what the review page shows before it, in Dutch ("Bron")

    @property
    def markdown(self) -> bool:
        """Whether this is Markdown written in the content (checked for references, raw HTML, links)."""
        return self.form != "plain" and bool(self.loc)


class Block(Model):
    """What every block kind shares."""

    kind: ClassVar[str | None] = None  # what the outline calls it; None: not referable
    noun: ClassVar[str] = "alinea"  # how a reader names the kind, in Dutch
    numbered: ClassVar[bool] = False
    spans_columns: ClassVar[bool] = False
    id_key: ClassVar[str] = "id"  # the key that holds the id a reference uses

    def pieces(self) -> Iterator[Piece]:
        """Its texts in reading order."""
        return iter(())

    def ref_id(self) -> str | None:
        """The id a [[reference]] uses for it, if it has one."""
        value = getattr(self, "id", None)
        return value if isinstance(value, str) else None

    def ref_title(self) -> str:
        """Its title in the outline (for a reference to a block without a number)."""
        return self.ref_id() or ""

    def texts(self) -> Iterator[Piece]:
        """Its Markdown texts as written in the content."""
        return (piece for piece in self.pieces() if piece.markdown)


def md(role: str, text: str | None, *loc: int | str) -> list[Piece]:
    return [Piece(role, text, loc)] if text else []


def line(role: str, text: str | None, *loc: int | str) -> list[Piece]:
    return [Piece(role, text, loc, "inline")] if text else []


def plain(role: str, text: str | None, label: str, *loc: int | str) -> list[Piece]:
    return [Piece(role, text, loc, "plain", label)] if text else []
