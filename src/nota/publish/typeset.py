"""PUBLISH stage: lay a document out with WeasyPrint part by part, and put the pages together.

Every chapter starts on a new page, so nota lays out the front matter (cover and contents) and each
chapter as a WeasyPrint document of its own (render/parts.py) and joins their pages into one, which
`write_pdf` turns into the same PDF, byte for byte, as the whole document laid out at once
(tests/test_speed.py compares them): WeasyPrint resolves links, bookmarks and the tagged structure
over the joined pages, and its fonts are keyed by font, so their subsets merge.

Why: the cost of WeasyPrint grows faster than its pages (a 300-page document took 3.6 times as long
as a 100-page one, and over 1 GiB); copyfitting had to lay the whole document out a second time to
tighten one chapter, and now sets again only that chapter; and in a long-running process (`nota
preview`) a document edited in one chapter is set again from that chapter only (`Typesetter` keeps
what it laid out, keyed by the part's HTML and its first page).

A part is given what it needs from the rest: its first page's number and side (a small page
stylesheet here), the running header's strings (on its <body>), and, for the contents, the page
numbers of the chapters (written in once they are set; the contents are laid out again if that
changed their length). The stylesheets are parsed once per document and given as user stylesheets:
nota's HTML has no author style but its `style` attributes, which win over both origins alike, and
nota's stylesheets use no `!important`, so the cascade is the same.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from typing import Any, Protocol

from nota.publish import layoutcheck
from nota.render.parts import STYLESHEETS, PrintParts

PLACEHOLDER_PAGE = 888  # the contents are first set with this number for every page: three digits wide
MAX_FRONT_PASSES = 4  # the contents' length settles in two passes (digits of the page numbers)


@dataclass(frozen=True)
class Laid:
    """A laid-out document: WeasyPrint's Document of all its pages, and the whole print HTML it is."""

    document: Any
    html: str  # the whole print HTML the pages were set from (the copyfitted chapters tighter)


class PrintSource(Protocol):
    """Where the print HTML comes from (render.html.PrintHTML): whole, or in parts, some chapters tighter."""

    def whole(self, tight: Set[str] = frozenset()) -> str: ...

    def parts(self, tight: Set[str] = frozenset(), pages: Mapping[str, int] | None = None) -> PrintParts | None: ...


@dataclass(frozen=True)
class FixedHTML:
    """Print HTML given as it is: one document, no parts, nothing to copyfit (tests, tools)."""

    html: str

    def whole(self, tight: Set[str] = frozenset()) -> str:
        return self.html

    def parts(self, tight: Set[str] = frozenset(), pages: Mapping[str, int] | None = None) -> PrintParts | None:
        return None


class _Every(Mapping[str, int]):
    """The same page number for every anchor: the contents before the chapters are set."""

    def __init__(self, page: int) -> None:
        self.page = page

    def __getitem__(self, key: str) -> int:
        return self.page

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0


class Typesetter:
    """Lays out documents part by part with one font configuration and stylesheets parsed once.

    `files` are the build's own files (stylesheets, fonts, figures); `fetcher` serves them to
    WeasyPrint. What was laid out is kept for the next `typeset` of the same document (preview).
    """

    def __init__(self, files: Mapping[str, bytes], fetcher: Any, base_url: str) -> None:
        import weasyprint
        from weasyprint.css.counters import CounterStyle
        from weasyprint.text.fonts import FontConfiguration

        self._weasyprint, self._files, self._fetcher, self._base_url = weasyprint, files, fetcher, base_url
        self._fonts, self._counters = FontConfiguration(), CounterStyle()
        self._stylesheets: list[Any] | None = None
        self._kept: dict[tuple[str, int], Any] = {}
        self._used: dict[tuple[str, int], Any] = {}
        self.fresh: list[tuple[str, int]] = []  # the parts (HTML, first page) the last `typeset` laid out anew
        self.between: Callable[[], None] = lambda: None  # run after each part (publish/pdf.py: memory)

    def adopt(self, files: Mapping[str, bytes]) -> bool:
        """Take a new rendering's files, keeping what was laid out if they allow it: False when the
        stylesheets or fonts changed (make a new Typesetter); when only figures changed, nothing laid
        out is kept (a part may show them). The fetcher must serve the mapping given at the start."""
        if any(files.get(name) != self._files.get(name) for name in {*files, *self._files} if _shapes_all(name)):
            return False
        if dict(files) != dict(self._files):
            assert isinstance(self._files, dict)
            self._files.clear()
            self._files.update(files)
            self._kept = {}
        return True

    def lay_out(self, html: str, first_page: int = 1) -> Any:
        """One part as a WeasyPrint Document, its first page numbered `first_page` (and on that side)."""
        key = (html, first_page)
        document = self._kept.get(key) or self._used.get(key)
        if document is None:
            sheets = self._sheets() + ([] if first_page == 1 else [self._page_sheet(first_page)])
            document = self._weasyprint.HTML(string=html, base_url=self._base_url, url_fetcher=self._fetcher).render(
                font_config=self._fonts, counter_style=self._counters, stylesheets=sheets)
            self.fresh.append(key)
            self.between()
        self._used[key] = document
        return document

    def _sheets(self) -> list[Any]:
        """nota's stylesheets, parsed once (their fonts loaded once) for all parts."""
        if self._stylesheets is None:
            self._stylesheets = [
                self._weasyprint.CSS(string=self._files[name].decode(), base_url=self._base_url + name,
                                     url_fetcher=self._fetcher, font_config=self._fonts, counter_style=self._counters)
                for name in STYLESHEETS]
        return self._stylesheets

    def _page_sheet(self, first_page: int) -> Any:
        side = "right" if first_page % 2 else "left"
        css = f"@page :first {{ counter-reset: page {first_page} }} html {{ break-before: {side} }}"
        return self._weasyprint.CSS(string=css, font_config=self._fonts, counter_style=self._counters)

    def typeset(self, print_html: PrintSource) -> Laid:
        """The document laid out part by part (as one document when its template gives no parts)."""
        self._used, self.fresh = {}, []
        try:
            parts = print_html.parts()
            return self._whole(print_html) if parts is None else self._by_part(print_html, parts)
        finally:
            self._kept, self._used = self._used, {}  # keep only what this document used

    def _by_part(self, print_html: PrintSource, parts: PrintParts) -> Laid:
        front_pages = len(self._front(print_html, _Every(PLACEHOLDER_PAGE)).pages)
        for _pass in range(MAX_FRONT_PASSES):
            chapters, tight = self._chapters(print_html, parts, front_pages + 1)
            front = self._front(print_html, _pages(chapters, front_pages + 1))
            if len(front.pages) == front_pages:
                break
            front_pages = len(front.pages)  # the contents changed length: the chapters start elsewhere
        back = parts.back_document()
        if back is not None:  # the colophon, on pages of its own after the chapters
            chapters.append(self.lay_out(back, front_pages + 1 + sum(len(d.pages) for d in chapters)))
        pages = [*front.pages, *(page for document in chapters for page in document.pages)]
        return Laid(front.copy(pages), print_html.whole(tight))

    def _front(self, print_html: PrintSource, pages: Mapping[str, int]) -> Any:
        parts = print_html.parts(pages=pages)
        assert parts is not None
        return self.lay_out(parts.front_document())

    def _chapters(self, print_html: PrintSource, parts: PrintParts, first_page: int) -> tuple[list[Any], set[str]]:
        """Every chapter from its first page; one that ends in a runt page set again tighter (copyfitting)."""
        chapters: list[Any] = []
        tight: set[str] = set()
        tighter: PrintParts | None = None
        for index, anchor in enumerate(parts.anchors):
            document = self.lay_out(parts.chapter_document(index), first_page)
            runts = len(layoutcheck.runts(document.pages))
            if runts:
                tighter = tighter or print_html.parts(tight=set(parts.anchors))
                assert tighter is not None
                fitted = self.lay_out(tighter.chapter_document(index), first_page)
                if len(layoutcheck.runts(fitted.pages)) < runts:
                    document = fitted
                    tight.add(anchor)
            chapters.append(document)
            first_page += len(document.pages)
        return chapters, tight

    def _whole(self, print_html: PrintSource) -> Laid:
        """A page template without parts: the whole document at once, copyfitted as a whole."""
        html = print_html.whole()
        document = self._whole_document(html)
        runts = layoutcheck.runts(document.pages)
        if runts:
            tighter = print_html.whole(set(runts))
            fitted = self._whole_document(tighter)
            if len(layoutcheck.runts(fitted.pages)) < len(runts):
                return Laid(fitted, tighter)
        return Laid(document, html)

    def _whole_document(self, html: str) -> Any:
        return self._weasyprint.HTML(string=html, base_url=self._base_url, url_fetcher=self._fetcher).render()


def _shapes_all(name: str) -> bool:
    """Whether a file shapes every part: the stylesheets and the fonts (parsed once per Typesetter)."""
    return name in STYLESHEETS or name.startswith("assets/fonts/")


def _pages(chapters: list[Any], first_page: int) -> dict[str, int]:
    """The page number of every anchor in the chapters (its first occurrence)."""
    numbers: dict[str, int] = {}
    for document in chapters:
        for page in document.pages:
            for anchor in page.anchors:
                numbers.setdefault(anchor, first_page)
            first_page += 1
    return numbers


def freeze_between_parts() -> None:
    """After a part: collect, then freeze what is left (the laid-out pages stay until the PDF is
    written), so the collector does not scan them again for every later part: 3-10% of the CPU time."""
    gc.collect()
    gc.freeze()
