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

from nota.check.outline import Outline, Place
from nota.diff.tables import table_signature
from nota.diff.text import Line, Refs, markdown_lines, plain_lines
from nota.model.content import (
    Advice,
    Budget,
    Callout,
    Chapter,
    Definitions,
    Figure,
    FocusPoint,
    PyramidChart,
    Quote,
    Section,
    Table,
    Text,
)
from nota.model.document import ChapterFile, Document
from nota.text import dutch, markdown


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


def block_parts(block: Any, refs: Refs) -> tuple[Part, ...]:
    """The texts of a block in reading order."""
    def md(text: str | None, role: str = "text", label: str = "") -> list[Part]:
        return [Part(role, markdown_lines(text, refs), label)] if text else []

    def inline(text: str | None, role: str = "title", label: str = "") -> list[Part]:
        return [Part(role, markdown_lines(text, refs, inline=True), label)] if text else []

    def plain(text: str | None, role: str, label: str = "") -> list[Part]:
        return [Part(role, plain_lines(text), label)] if text else []

    if isinstance(block, Text):
        return tuple(md(block.text))
    if isinstance(block, FocusPoint):
        return (*inline(block.title), *md(block.text), *(p for a in block.activities for p in inline(a, "item")))
    if isinstance(block, Quote):
        return (*md(block.text), *plain(block.source, "source", "Bron"))
    if isinstance(block, Callout):
        return (*inline(block.title), *md(block.text))
    if isinstance(block, Advice):
        return tuple(_advice_parts(block, md, plain))
    if isinstance(block, Figure):
        return (*inline(block.caption), *plain(block.alt, "source", "Tekstalternatief"), *_chart_parts(block, refs))
    if isinstance(block, Table):
        rows = [Part("row", tuple(line for cell in row for line in markdown_lines(cell, refs))) for row in block.rows]
        return (*inline(block.caption), *(p for c in block.columns for p in plain(c, "column")), *rows)
    if isinstance(block, Definitions):
        return tuple(p for item in block.items for p in (*inline(item.term, "term"), *md(item.text, "definition")))
    return ()


def _advice_parts(block: Advice, md: Any, plain: Any) -> list[Part]:
    parts: list[Part] = [*plain(block.source, "source", "Advies van"),
                         *plain(dutch.date_nl(block.date) if block.date else None, "source", "Datum")]
    if block.text is None:
        return [*parts, *plain("Het advies is nog niet ontvangen.", "status")]
    parts += md(block.text)
    if block.response:
        parts += plain(block.response.source, "source", "Reactie van")
        parts += md(block.response.text, "response")
    elif block.awaiting_response:
        parts += plain("De reactie van het college volgt.", "status")
    return parts


def _chart_parts(block: Figure, refs: Refs) -> list[Part]:
    chart = block.chart
    if chart is None:
        return [Part("source", plain_lines(block.image), "Afbeelding")]
    if isinstance(chart, PyramidChart):
        texts = [f"{layer.label} ({layer.share}%{f', {layer.detail}' if layer.detail else ''})"
                 for layer in chart.layers]
    else:
        texts = list(chart.steps)
    return [Part("item", markdown_lines(text, refs, inline=True)) for text in texts]


def _image_part(folder: Path, name: str) -> tuple[Part, ...]:
    """A short fingerprint of an image file, so a replaced picture under the same name is a change."""
    path = folder / name
    inside = path.resolve().is_relative_to(folder.resolve())
    if not inside or path.is_symlink() or not path.is_file():
        return ()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return (Part("source", plain_lines(f"versie {digest}"), "Bestand"),)


_KEYED = (FocusPoint, Callout, Advice, Figure, Table)


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

    def block(self, block: Any, loc: tuple[int | str, ...]) -> None:
        kind = type(block).__name__.lower()
        outline = self.side.outline
        if isinstance(block, Budget):
            tf = self.side.document.tables.get(block.table)
            title = (Part("title", markdown_lines(tf.table.title, self.side.refs, inline=True)),) if tf else ()
            self.add(kind, title, loc, key=f"budget:{block.table}", block=block,
                     number=outline.of(block).number, extra=table_signature(self.side.document, block.table))
            return
        key = f"{kind}:{block.id}" if isinstance(block, _KEYED) and block.id else None
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
