"""MODEL stage, the files of a document: document.yaml (`DocumentMeta`) and chapters/*.yaml (`Chapter`).

Models say what a document is made of; rules that span fields or files live in check/. The blocks a
chapter is made of are in model/blocks.py, budget tables in model/budget.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field
from pydantic.functional_validators import BeforeValidator

from nota.i18n import N_
from nota.model.base import Id, Markdown, Model, Year
from nota.model.block import Block
from nota.model.blocks import AnyBlock, text_shorthand
from nota.source import Loc

Blocks = Annotated[list[AnyBlock], BeforeValidator(text_shorthand)]


class Section(Model):
    """A (sub)section: numbered unless `numbered: false`; its focus points may be lettered a, b, c."""

    id: Id | None = None
    title: Markdown
    numbered: bool = True
    letter_focuspoints: bool = Field(False, description=N_("Label the focus points in this section a, b, c"))
    blocks: Blocks = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class Chapter(Model):
    """One file in chapters/: a chapter or appendix with its blocks, sections and footnotes."""

    title: Markdown
    lead: Markdown | None = Field(None, description=N_("Opening words set large under the title"))
    numbered: bool = True
    letter_focuspoints: bool = False
    blocks: Blocks = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    footnotes: dict[Id, Markdown] = Field(
        default_factory=dict, description=N_("Footnote texts by id; refer to one with [^id] in any text"),
    )


def walk_blocks(node: Chapter | Section, loc: Loc = ()) -> Iterator[tuple[Block, Loc]]:
    """Every block of a chapter or section and of its sub-sections, in reading order, with its key path."""
    for i, block in enumerate(node.blocks):
        yield block, (*loc, "blocks", i)
    for i, section in enumerate(node.sections):
        yield from walk_blocks(section, (*loc, "sections", i))


def walk_sections(node: Chapter | Section, loc: Loc = ()) -> Iterator[tuple[Section, Loc]]:
    """Every section below a chapter or section, in reading order, with its key path."""
    for i, section in enumerate(node.sections):
        here = (*loc, "sections", i)
        yield section, here
        yield from walk_sections(section, here)


class Numbering(Model):
    chapters: bool = Field(True, description=N_("Number chapters and sections (1, 1.1, 1.1.1)"))
    first_table: int = Field(1, ge=1, description=N_("Number of the first table, where the source starts later"))
    first_figure: int = Field(1, ge=1)


class DocumentMeta(Model):
    """document.yaml: what the document is, and the order of its chapters and appendices."""

    title: str = Field(min_length=1, max_length=200)
    subtitle: str | None = None
    organisation: str = Field(min_length=1)
    status: Literal["concept", "vastgesteld"]
    date: dt.date | None = Field(None, description=N_("Date of this version (YYYY-MM-DD)"))
    year: Year | None = Field(None, description=N_("Year shown on the cover when there is no date"))
    version: str | None = None
    budget_year: Year | None = Field(None, description=N_("Which Iv3 taakvelden list the budget tables follow"))
    subject: str | None = Field(None, description=N_("One sentence for the PDF metadata"))
    keywords: list[str] = Field(default_factory=list)
    theme: Id = Field("default", description=N_("A theme in templates/themes/ (without .yaml): default, lelystad, ..."))
    numbering: Numbering = Field(default_factory=Numbering)
    chapters: list[Id] = Field(min_length=1, description=N_("File names in chapters/, without .yaml, in order"))
    appendices: list[Id] = Field(default_factory=list, description=N_("Appendices (bijlagen), in order"))
