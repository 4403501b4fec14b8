"""RENDER stage, the print HTML in parts: the front matter (cover and contents) and each chapter as an
HTML document of its own, for the typesetter to set one by one (publish/typeset.py).

Every chapter starts on a new page, so the pages of a chapter depend only on the chapter, the number
of its first page (left or right, its number in the footer) and the running header's strings. Setting
chapters apart is what lets copyfitting set again only the chapter that ends in a runt page, a long
document be typeset in time linear in its pages, and a preview set again only the chapter edited.

The parts are recorded by the page template itself while it renders (`part(...)` in
document.html.j2), in the same pass that renders the whole document, so a part holds exactly the text
the whole document holds there (footnote numbers, references) and nothing is cut out of HTML afterwards.
What a part needs from the rest of the document the template writes in, when asked: the running
header's strings on the chapter's <body> (`running`), and the contents' page numbers (`page_of`),
once the chapters are set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

STYLESHEETS = ("assets/nota.css", "assets/theme.css")  # in cascade order; the page template links them
MAIN = "inhoud"  # the id of <main>: the skip link's target, a named destination once, at the first chapter


@dataclass
class Recorder:
    """Collects the parts the template hands to `part(kind, html, anchor)`: "front" (cover, contents),
    "chapter" (with its anchor) and "back" (the colophon, on a page of its own after the chapters)."""

    parts: list[tuple[str, str, str]] = field(default_factory=list)

    def __call__(self, kind: str, html: str, anchor: str = "") -> Markup:
        self.parts.append((kind, anchor, str(html)))
        return Markup(html)


def page_attribute(pages: Mapping[str, int] | None) -> Callable[[str], Markup]:
    """What the template writes into a link of the contents: the target's page number, once known."""
    if pages is None:
        return lambda _anchor: Markup("")
    return lambda anchor: Markup(' data-page="{}"').format(pages[anchor])


@dataclass(frozen=True)
class PrintParts:
    """The print HTML as separate documents: the front matter, the chapters, the back matter."""

    head: str  # everything before <body>, without stylesheet links
    body: str  # the <body> start tag, with the running header's strings
    front: str  # cover and contents (an HTML fragment)
    chapters: tuple[tuple[str, str], ...]  # (chapter anchor, its <section>), typography applied
    back: str  # what follows <main> (the colophon), "" when nothing does

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(anchor for anchor, _ in self.chapters)

    def front_document(self) -> str:
        return self._document(self.front)

    def chapter_document(self, index: int) -> str:
        """Chapter `index` inside <main> as in the whole document; only the first has main's id."""
        main = f'<main id="{MAIN}">' if index == 0 else "<main>"
        return self._document(f"{main}\n{self.chapters[index][1]}</main>\n")

    def back_document(self) -> str | None:
        return self._document(self.back) if self.back else None

    def _document(self, fragment: str) -> str:
        return f"{self.head}{self.body}\n{fragment}</body>\n</html>\n"


def split_parts(html: str, recorded: list[tuple[str, str, str]], finish: Callable[[str], str]) -> PrintParts | None:
    """The parts of a rendering; None when the template recorded none as expected (a project's own page
    template that does not call `part` is typeset as one document). `finish` applies the typography."""
    kinds = [kind for kind, _anchor, _html in recorded]
    if not kinds or kinds[0] != "front" or set(kinds[1:]) - {"chapter", "back"} or "back" in kinds[1:-1]:
        return None
    head, rest = html.split("<body", 1)
    body = "<body" + rest[: rest.index(">") + 1]
    chapters = tuple((anchor, finish(fragment)) for kind, anchor, fragment in recorded if kind == "chapter")
    back = "".join(finish(fragment) for kind, _anchor, fragment in recorded if kind == "back")
    return PrintParts(head, body, finish(recorded[0][2]), chapters, back)
