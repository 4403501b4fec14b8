"""COMPARE stage, units: a document as a flat list of comparable pieces (headings and blocks).

Sections are headings in the reading stream, so a paragraph moved to another section (or chapter)
is one unit found at another place, not a change to two section trees. Each unit holds its texts as
parsed lines (`Part`s); two units are equal when what a reader sees is equal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from nota.check.outline import Outline
from nota.diff.tables import table_signature
from nota.diff.text import Line, Refs, markdown_lines, plain_lines
from nota.model.block import Block, Piece
from nota.model.blocks import Budget, type_name
from nota.model.content import Chapter, Section
from nota.model.document import ChapterFile, Document
from nota.model.figures import Figure
from nota.source import Place
from nota.text import markdown


@dataclass(frozen=True)
class Part:
    """One text of a unit (a title, the text, one activity, the source of a quote)."""

    role: str
    lines: tuple[Line, ...]
    label: str = ""  # shown before it, in Dutch ("Bron")

    @property
    def key(self) -> tuple[object, ...]:
        return (self.role, self.label, tuple(line.key for line in self.lines))


@dataclass
class Unit:
    """A heading or block at its place in a document, ready to be matched and compared."""

    kind: str  # "heading" | "lead" | "footnote" | a block type: "text", "focuspoint", "budget", ...
    chapter: str
    parts: tuple[Part, ...]
    place: Place
    key: str | None = None  # a content id, when it has one: matched first
    level: int = 0  # heading level (3 = a section of a chapter)
    number: str | None = None  # shown, never compared: a renumbering is not a change
    under: str = ""  # plain title of the heading or chapter it stands under
    block: Any = None
    extra: tuple[object, ...] = ()  # what else decides equality (a budget table's figures)
    index: int = 0  # position in the document's flat list

    @cached_property
    def signature(self) -> tuple[object, ...]:
        return (self.kind, self.level, self.key, tuple(p.key for p in self.parts), self.extra)

    @cached_property
    def words(self) -> tuple[object, ...]:
        return tuple(w.ident for p in self.parts for line in p.lines for w in line.words)


@dataclass
class Side:
    """One version of a document, loaded and checked, as the comparison needs it."""

    document: Document
    outline: Outline
    refs: Refs = field(init=False)

    def __post_init__(self) -> None:
        self.refs = OutlineRefs(self.outline)


class OutlineRefs:
    """Footnote numbers and cross-reference labels of one version."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline

    def footnote(self, fid: str) -> str:
        return str(self.outline.footnotes.get(fid, "?"))

    def xref(self, target: str) -> str:
        found = self.outline.targets.get(target)
        return found.label if found else f"[[{target}]]"


def piece_part(piece: Piece, refs: Refs) -> Part:
    """One text of a block as compared: its words as a reader sees them."""
    if piece.form == "plain":
        lines = plain_lines(piece.text)
    else:
        lines = markdown_lines(piece.text, refs, inline=piece.form == "inline")
    return Part(piece.role, lines, piece.label)


def block_parts(block: Block, refs: Refs) -> tuple[Part, ...]:
    """The texts of a block in reading order (the block says which: model/blocks.py)."""
    return tuple(piece_part(piece, refs) for piece in block.pieces())


def _image_part(folder: Path, name: str) -> tuple[Part, ...]:
    """A short fingerprint of an image file, so a replaced picture under the same name is a change."""
    path = folder / name
    inside = path.resolve().is_relative_to(folder.resolve())
    if not inside or path.is_symlink() or not path.is_file():
        return ()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return (Part("source", plain_lines(f"versie {digest}"), "Bestand"),)


class _Flattener:
    def __init__(self, side: Side, cf: ChapterFile) -> None:
        self.side, self.cf = side, cf
        self.units: list[Unit] = []
        self.under = markdown.plain(cf.chapter.title)

    def add(self, kind: str, parts: tuple[Part, ...], loc: tuple[int | str, ...], **more: Any) -> None:
        self.units.append(Unit(kind, self.cf.id, parts, Place(self.cf.source, loc), under=self.under, **more))

    def chapter(self) -> list[Unit]:
        chapter, refs = self.cf.chapter, self.side.refs
        if chapter.lead:
            self.add("lead", (Part("text", markdown_lines(chapter.lead, refs)),), ("lead",))
        self.container(chapter, (), 3)
        for fid, text in chapter.footnotes.items():
            self.add("footnote", (Part("text", markdown_lines(text, refs, inline=True)),), ("footnotes", fid),
                     key=f"footnote:{fid}", number=refs.footnote(fid))
        return self.units

    def container(self, node: Chapter | Section, loc: tuple[int | str, ...], level: int) -> None:
        for i, block in enumerate(node.blocks):
            self.block(block, (*loc, "blocks", i))
        for i, section in enumerate(node.sections):
            here = (*loc, "sections", i)
            title = (Part("title", markdown_lines(section.title, self.side.refs, inline=True)),)
            self.add("heading", title, here, key=f"section:{section.id}" if section.id else None, level=level,
                     number=self.side.outline.of(section).number)
            self.under = markdown.plain(section.title)
            self.container(section, here, level + 1)

    def block(self, block: Block, loc: tuple[int | str, ...]) -> None:
        kind = type_name(type(block))
        outline = self.side.outline
        if isinstance(block, Budget):
            tf = self.side.document.table_of(block)
            title = (Part("title", markdown_lines(tf.table.title, self.side.refs, inline=True)),) if tf else ()
            self.add(kind, title, loc, key=f"budget:{block.table}", block=block,
                     number=outline.of(block).number, extra=table_signature(self.side.document, block.table))
            return
        cid = block.ref_id()
        key = f"{kind}:{cid}" if cid else None
        target = outline.by_object.get(id(block))
        number = target.letter or target.number if target else None
        parts = block_parts(block, self.side.refs)
        if isinstance(block, Figure) and block.image:
            parts += _image_part(self.side.document.folder, block.image)
        self.add(kind, parts, loc, key=key, block=block, number=number)


def chapter_units(side: Side, cf: ChapterFile) -> list[Unit]:
    """A chapter's lead, headings, blocks and footnotes in reading order."""
    return _Flattener(side, cf).chapter()


def document_units(side: Side) -> list[Unit]:
    """Every unit of a document in reading order, each knowing its position."""
    units = [u for cf in side.document.chapters for u in chapter_units(side, cf)]
    for index, unit in enumerate(units):
        unit.index = index
    return units
