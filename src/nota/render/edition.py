"""RENDER stage, what a rendering of the page is for and what it links to: the screen or print edition,
where the build comes from (the colophon), and the downloads with their format and size.

These are explicit inputs of the render, never looked up while rendering: the source commit is read
from git by publish/provenance.py, the PDF's size is known only once pipeline.py has typeset it (so
the screen page is rendered last; the print page never links the PDF, a CSV or itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nota import __version__
from nota.text import dutch

MEDIA_TYPES = {"pdf": "application/pdf", "csv": "text/csv", "json": "application/json", "zip": "application/zip"}


@dataclass(frozen=True)
class Provenance:
    """Where a build comes from: nota's version, and the source commit when the project is a git checkout.

    `modified` says that the document's files (or the templates) differ from that commit.
    """

    nota_version: str = __version__
    commit: str | None = None
    modified: bool = False


@dataclass(frozen=True)
class Download:
    """A file the page links for downloading: its address, its name in words, its format and size."""

    href: str
    label: str
    format: str  # "pdf", "csv", "json", "zip"
    size: int  # bytes
    save: bool = True  # the browser saves it rather than shows it (a data file; not the PDF)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def size_text(self) -> str:
        return file_size(self.size)

    @property
    def text(self) -> str:
        """The link's whole text: 'Programmaplan 2022 (pdf, 1,2 MB)'."""
        return f"{self.label} ({self.format}, {self.size_text})"


def file_size(size: int) -> str:
    """A file size as a reader sees it: whole kilobytes below a megabyte, then megabytes with one decimal
    (decimal units: 1 kB = 1000 bytes; halves rounded up; a small file is '1 kB', never '0 kB')."""
    kilobytes = dutch.round_half_away(size / 1000)
    if kilobytes < 1000:
        return f"{max(1, kilobytes)} kB"
    return f"{dutch.decimal(dutch.round_half_away(size / 100_000) / 10)} MB"


@dataclass(frozen=True)
class Links:
    """What the screen page links: the PDF (None when it was not made), each table's data, all tables in
    one ZIP and the package that describes them."""

    pdf: Download | None = None
    tables: dict[str, list[Download]] = field(default_factory=dict)
    package: Download | None = None
    archive: Download | None = None


@dataclass(frozen=True)
class Page:
    """One rendering of the document: for the screen (with its links) or for print (the PDF's source)."""

    screen: bool = True
    provenance: Provenance = field(default_factory=Provenance)
    links: Links = field(default_factory=Links)
