"""Numbering: chapters, sections, tables, figures and footnotes get their numbers and anchors here.

One walk over the document in reading order gives every numbered or referable thing a `Target`, so
checks can resolve references and templates can print numbers without counting anything themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from nota.load.yaml import SourceFile
from nota.model.content import (
    Advice,
    Budget,
    BudgetGroup,
    BudgetTable,
    Callout,
    Chapter,
    Definitions,
    Figure,
    FocusPoint,
    Quote,
    Section,
    Table,
    Text,
)
from nota.model.document import ChapterFile, Document
from nota.text import markdown

KIND_WORDS = {
    "chapter": "hoofdstuk", "appendix": "bijlage", "section": "paragraaf", "table": "tabel",
    "figure": "figuur", "focuspoint": "focuspunt", "advice": "advies", "callout": "kader",
}


@dataclass
class Target:
    """Something a reader can be sent to: its kind, number (if any), title and HTML anchor."""

    kind: str
    anchor: str
    title: str
    number: str | None = None
    letter: str | None = None

    @property
    def label(self) -> str:
        """How a cross-reference names it: 'paragraaf 2.1', 'bijlage 1', or 'focuspunt ‘Buurthub’'."""
        word = KIND_WORDS[self.kind]
        return f"{word} {self.number}" if self.number else f"{word} ‘{self.title}’"


@dataclass
class Place:
    """Where a Markdown text stands: its file and the key path inside it."""

    source: SourceFile
    loc: tuple[int | str, ...]


@dataclass
class Outline:
    targets: dict[str, Target] = field(default_factory=dict)   # by content id
    by_object: dict[int, Target] = field(default_factory=dict)  # by id() of the model object
    footnotes: dict[str, int] = field(default_factory=dict)     # footnote id -> number
    footnote_text: dict[str, str] = field(default_factory=dict)
    duplicates: list[tuple[str, Place]] = field(default_factory=list)

    def of(self, obj: Any) -> Target:
        return self.by_object[id(obj)]


def slug(text: str) -> str:
    """A stable anchor from a title: lower case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", markdown.plain(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "x"


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.outline = Outline()
        self.anchors: set[str] = set()
        self.tables = doc.meta.numbering.first_table
        self.figures = doc.meta.numbering.first_figure

    def anchor(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.anchors:
            candidate, n = f"{wanted}-{n}", n + 1
        self.anchors.add(candidate)
        return candidate

    def add(self, obj: Any, kind: str, title: str, cid: str | None, place: Place, number: str | None = None,
            fallback: str = "") -> Target:
        target = Target(kind, self.anchor(cid or fallback or slug(title)), markdown.plain(title), number)
        self.outline.by_object[id(obj)] = target
        if cid:
            if cid in self.outline.targets:
                self.outline.duplicates.append((cid, place))
            else:
                self.outline.targets[cid] = target
        return target

    def build(self) -> Outline:
        numbered = self.doc.meta.numbering.chapters
        main = appendix = 0
        for cf in self.doc.chapters:
            if cf.appendix:
                appendix += 1
                number: str | None = str(appendix)
            elif numbered and cf.chapter.numbered:
                main += 1
                number = str(main)
            else:
                number = None
            place = Place(cf.source, ())
            self.add(cf.chapter, "appendix" if cf.appendix else "chapter", cf.chapter.title, cf.id, place, number)
            self.outline.targets.setdefault(cf.id, self.outline.of(cf.chapter))
            self.container(cf, cf.chapter, (), None if cf.appendix else number)
        return self.outline

    def container(self, cf: ChapterFile, node: Chapter | Section, loc: tuple[int | str, ...],
                  number: str | None) -> None:
        letters = iter("abcdefghijklmnopqrstuvwxyz")
        for i, block in enumerate(node.blocks):
            lettered = node.letter_focuspoints and isinstance(block, FocusPoint)
            self.block(cf, block, (*loc, "blocks", i), next(letters) if lettered else None)
        count = 0
        for i, section in enumerate(node.sections):
            sub: str | None = None
            if number and section.numbered:
                count += 1
                sub = f"{number}.{count}"
            place = Place(cf.source, (*loc, "sections", i))
            self.add(section, "section", section.title, section.id, place, sub, f"{cf.id}-{slug(section.title)}")
            self.container(cf, section, (*loc, "sections", i), sub)

    def block(self, cf: ChapterFile, block: Any, loc: tuple[int | str, ...], letter: str | None) -> None:
        place = Place(cf.source, loc)
        if isinstance(block, FocusPoint):
            target = self.add(block, "focuspoint", block.title, block.id, place, fallback=slug(block.title))
            target.letter = letter
        elif isinstance(block, (Table, Budget)):
            title = block.caption if isinstance(block, Table) else self._table_title(block)
            cid = block.id if isinstance(block, Table) else block.table
            self.add(block, "table", title, cid, place, str(self.tables))
            self.tables += 1
        elif isinstance(block, Figure):
            self.add(block, "figure", block.caption or block.alt, block.id, place, str(self.figures))
            self.figures += 1
        elif isinstance(block, Advice):
            self.add(block, "advice", f"advies {block.source}", block.id, place)
        elif isinstance(block, Callout) and block.id:
            self.add(block, "callout", block.title or block.id, block.id, place)

    def _table_title(self, block: Budget) -> str:
        table = self.doc.tables.get(block.table)
        return table.table.title if table else block.table


def build_outline(doc: Document) -> Outline:
    """Number everything and give it an anchor; footnotes are numbered by their first reference."""
    outline = _Builder(doc).build()
    for cf in doc.chapters:
        outline.footnote_text.update(cf.chapter.footnotes)
    for text, _place in markdown_texts(doc):
        for ref in markdown.references(text):
            if ref.kind == "footnote" and ref.target not in outline.footnotes:
                outline.footnotes[ref.target] = len(outline.footnotes) + 1
    return outline


def markdown_texts(doc: Document) -> Iterator[tuple[str, Place]]:
    """Every Markdown text of the document in reading order, with where it is written."""
    for cf in doc.chapters:
        yield from _chapter_texts(doc, cf)
        for fid, text in cf.chapter.footnotes.items():
            yield text, Place(cf.source, ("footnotes", fid))


def _chapter_texts(doc: Document, cf: ChapterFile) -> Iterator[tuple[str, Place]]:
    src = cf.source
    yield cf.chapter.title, Place(src, ("title",))
    if cf.chapter.lead:
        yield cf.chapter.lead, Place(src, ("lead",))
    yield from _container_texts(doc, src, cf.chapter, ())


def _container_texts(doc: Document, src: SourceFile, node: Chapter | Section,
                     loc: tuple[int | str, ...]) -> Iterator[tuple[str, Place]]:
    for i, block in enumerate(node.blocks):
        yield from _block_texts(doc, src, block, (*loc, "blocks", i))
    for i, section in enumerate(node.sections):
        here = (*loc, "sections", i)
        yield section.title, Place(src, (*here, "title"))
        yield from _container_texts(doc, src, section, here)


def _block_texts(doc: Document, src: SourceFile, block: Any,
                 loc: tuple[int | str, ...]) -> Iterator[tuple[str, Place]]:
    def at(*keys: int | str) -> Place:
        return Place(src, (*loc, *keys))

    if isinstance(block, (Text, Quote)):
        yield block.text, at("text")
    elif isinstance(block, (FocusPoint, Callout)):
        if block.title:
            yield block.title, at("title")
        if block.text:
            yield block.text, at("text")
        for i, activity in enumerate(getattr(block, "activities", [])):
            yield activity, at("activities", i)
    elif isinstance(block, Advice):
        if block.text:
            yield block.text, at("text")
        if block.response:
            yield block.response.text, at("response", "text")
    elif isinstance(block, Figure):
        if block.caption:
            yield block.caption, at("caption")
    elif isinstance(block, Table):
        yield block.caption, at("caption")
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row):
                yield cell, at("rows", r, c)
    elif isinstance(block, Definitions):
        for i, item in enumerate(block.items):
            yield item.term, at("items", i, "term")
            yield item.text, at("items", i, "text")
    elif isinstance(block, Budget) and block.table in doc.tables:
        tf = doc.tables[block.table]
        yield from budget_texts(tf.table, tf.source)


def budget_texts(table: BudgetTable, src: SourceFile) -> Iterator[tuple[str, Place]]:
    """The Markdown texts of a budget table in reading order."""
    yield table.title, Place(src, ("title",))

    def rows_of(node: BudgetTable | BudgetGroup, loc: tuple[int | str, ...]) -> Iterator[tuple[str, Place]]:
        for i, row in enumerate(node.rows):
            yield row.description, Place(src, (*loc, "rows", i, "description"))
        for i, group in enumerate(node.groups):
            yield group.title, Place(src, (*loc, "groups", i, "title"))
            yield from rows_of(group, (*loc, "groups", i))

    yield from rows_of(table, ())
    if table.total:
        yield table.total.label, Place(src, ("total", "label"))
    for i, note in enumerate(table.notes):
        yield note.text, Place(src, ("notes", i, "text"))
    for i, remark in enumerate(table.remarks):
        yield remark, Place(src, ("remarks", i))
