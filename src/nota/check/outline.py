"""CHECK stage, numbering: chapters, sections, tables, figures and footnotes get their numbers and anchors.

One walk over the document in reading order gives every numbered or referable thing a `Target`, so
checks can resolve references and templates can print numbers without counting anything themselves.
What a block is called, whether it is numbered and what its title is, the block says itself
(model/blocks.py); the outline only counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from nota.model.block import Block
from nota.model.blocks import KINDS, Budget, FocusPoint
from nota.model.budget import BudgetTable, walk
from nota.model.content import Chapter, Section
from nota.model.document import ChapterFile, Document
from nota.source import Loc, Place, SourceFile
from nota.text import markdown

# what a cross-reference calls each kind of target, in Dutch
KIND_WORDS = {"chapter": "hoofdstuk", "appendix": "bijlage", "section": "paragraaf",
              **{cls.kind: cls.noun for cls in KINDS if cls.kind}}


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
class Outline:
    targets: dict[str, Target] = field(default_factory=dict)   # by content id
    by_object: dict[int, Target] = field(default_factory=dict)  # by id() of the model object
    footnotes: dict[str, int] = field(default_factory=dict)     # footnote id -> number
    footnote_text: dict[str, str] = field(default_factory=dict)

    def of(self, obj: Any) -> Target:
        return self.by_object[id(obj)]


def slug(text: str) -> str:
    """A stable anchor from a title: lower case ASCII words joined by hyphens."""
    return markdown.slug(text) or "x"


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.outline = Outline()
        self.anchors: set[str] = set()
        self.counters = {"table": doc.meta.numbering.first_table, "figure": doc.meta.numbering.first_figure}

    def anchor(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.anchors:
            candidate, n = f"{wanted}-{n}", n + 1
        self.anchors.add(candidate)
        return candidate

    def add(self, obj: Any, kind: str, title: str, cid: str | None, number: str | None = None,
            fallback: str = "") -> Target:
        target = Target(kind, self.anchor(cid or fallback or slug(title)), markdown.plain(title), number)
        self.outline.by_object[id(obj)] = target
        if cid:
            self.outline.targets.setdefault(cid, target)  # a second use of an id is check/references' to report
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
            self.add(cf.chapter, "appendix" if cf.appendix else "chapter", cf.chapter.title, cf.id, number)
            self.container(cf, cf.chapter, None if cf.appendix else number)
        return self.outline

    def container(self, cf: ChapterFile, node: Chapter | Section, number: str | None) -> None:
        letters = iter("abcdefghijklmnopqrstuvwxyz")
        for block in node.blocks:
            lettered = node.letter_focuspoints and isinstance(block, FocusPoint)
            self.block(block, next(letters) if lettered else None)
        count = 0
        for section in node.sections:
            sub: str | None = None
            if number and section.numbered:
                count += 1
                sub = f"{number}.{count}"
            self.add(section, "section", section.title, section.id, sub, f"{cf.id}-{slug(section.title)}")
            self.container(cf, section, sub)

    def block(self, block: Block, letter: str | None) -> None:
        kind, cid = block.kind, block.ref_id()
        if kind is None or (cid is None and kind != "focuspoint"):  # nothing to refer to or number
            return
        number = None
        if block.numbered:
            number = str(self.counters[kind])
            self.counters[kind] += 1
        target = self.add(block, kind, block.ref_title(), cid, number, fallback=slug(block.ref_title()))
        target.letter = letter


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


# --- the texts of a document -----------------------------------------------------------------------

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


def _container_texts(doc: Document, src: SourceFile, node: Chapter | Section, loc: Loc) -> Iterator[tuple[str, Place]]:
    for i, block in enumerate(node.blocks):
        here = (*loc, "blocks", i)
        for piece in block.texts():
            yield piece.text, Place(src, (*here, *piece.loc))
        table = doc.table_of(block) if isinstance(block, Budget) else None
        if table is not None:  # a budget table's texts are in its own file
            yield from budget_texts(table.table, table.source)
    for i, section in enumerate(node.sections):
        here = (*loc, "sections", i)
        yield section.title, Place(src, (*here, "title"))
        yield from _container_texts(doc, src, section, here)


def budget_texts(table: BudgetTable, src: SourceFile) -> Iterator[tuple[str, Place]]:
    """The Markdown texts of a budget table in reading order."""
    yield table.title, Place(src, ("title",))
    for line in walk(table):
        yield line.text, Place(src, (*line.loc, line.text_key))
    for i, note in enumerate(table.notes):
        yield note.text, Place(src, ("notes", i, "text"))
    for i, remark in enumerate(table.remarks):
        yield remark, Place(src, ("remarks", i))
