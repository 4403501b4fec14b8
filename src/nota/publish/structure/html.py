"""PUBLISH stage, structure pass: the HTML side. The typeset HTML as a tree, its text in reading order,
and the PDF structure type of each element.

The tree is WeasyPrint's own parse of the HTML (`weasyprint.HTML(...).etree_element`), so the text
matched against the PDF is exactly the text that was typeset, and nothing is parsed twice.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: Classes whose elements nota's print stylesheet hides (`@media print { ... display: none }`): their
#: text is not in the PDF. tests/test_structure.py holds this against templates/css/nota.css.
HIDDEN_CLASSES = frozenset({"screen-only", "skip-link", "footnotes", "scroll-cue", "downloads"})
NOTE_CLASS = "fn-body"  # the inline element WeasyPrint floats to the foot of the page (`float: footnote`)
NOTE_REF_CLASS = "fn-ref"  # the element that holds a footnote call
SKIP_TAGS = frozenset({"head", "script", "style", "template", "title", "meta", "link", "colgroup", "col"})
SHY = "\u00ad"
_IGNORED = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_DROP = {cp: None for cp in range(0x3100) if chr(cp).isspace()} | {ord(c): None for c in _IGNORED}
_NO_BREAKS: frozenset[int] = frozenset()


@dataclass(eq=False)
class Dom:
    """An HTML element with its text and children in document order (identity, not value, matters)."""

    tag: str
    attrs: dict[str, str]
    parent: Dom | None
    depth: int
    content: list[str | Dom] = field(default_factory=list)
    classes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.classes = frozenset(self.attrs.get("class", "").split())

    @property
    def children(self) -> list[Dom]:
        return [c for c in self.content if isinstance(c, Dom)]

    def lineage(self) -> Iterator[Dom]:
        """This element, then its ancestors."""
        node: Dom | None = self
        while node is not None:
            yield node
            node = node.parent

    def text(self) -> str:
        """The text content, whitespace collapsed, soft hyphens removed (a link's readable name)."""
        parts: list[str] = []
        stack: list[str | Dom] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
            else:
                stack.extend(reversed(item.content))
        return " ".join("".join(parts).replace(SHY, "").split())


@functools.lru_cache(maxsize=512)
def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _local(tag: Any) -> str:
    """A tag or attribute name without its namespace; "" for comments and processing instructions."""
    return _local_name(tag) if isinstance(tag, str) else ""


def body_of(root: Any) -> Dom:
    """The <body> of a parsed ElementTree document as a Dom tree."""
    body = next(el for el in root if _local(el.tag) == "body")

    def build(element: Any, parent: Dom | None, depth: int) -> Dom:
        node = Dom(_local(element.tag), {_local(k): v for k, v in element.attrib.items()}, parent, depth)
        if element.text:
            node.content.append(element.text)
        for child in element:
            if _local(child.tag):
                node.content.append(build(child, node, depth + 1))
            if child.tail:
                node.content.append(child.tail)
        return node

    return build(body, None, 0)


def normalize(text: str) -> tuple[str, frozenset[int]]:
    """Text as it is compared with the PDF: no whitespace, lower case; and where its soft hyphens were.

    Lower case because `text-transform` changes case between the HTML and the page (labels).
    """
    parts = [part.translate(_DROP) for part in text.split(SHY)]
    breaks, length = set(), 0
    for part in parts[:-1]:
        length += len(part)
        breaks.add(length)
    chars = "".join(parts)
    lower = chars.lower()
    return (lower if len(lower) == len(chars) else chars), frozenset(breaks) if breaks else _NO_BREAKS


@dataclass(eq=False)
class Run:
    """The normalized text of one HTML text node, with the positions of its soft hyphens."""

    owner: Dom
    chars: str
    breaks: frozenset[int]


@dataclass(eq=False)
class Mark:
    """A zero-width point in the reading order: where a footnote body stands in the HTML."""

    note: Dom


Item = Run | Mark


@dataclass
class Streams:
    """The HTML in reading order: the main text, each footnote's own text, the figures."""

    main: list[Item]
    notes: dict[int, list[Item]]  # id(note Dom) -> its runs
    figures: list[Dom]


def is_hidden(node: Dom) -> bool:
    return node.tag in SKIP_TAGS or "hidden" in node.attrs or bool(node.classes & HIDDEN_CLASSES)


def flatten(body: Dom) -> Streams:
    """Split the body into the streams the PDF's marked content is matched against.

    A footnote body is set at the foot of the page, not where it stands in the HTML: its text is a
    stream of its own, and a Mark keeps its place in the main text (where its Note element goes).
    """
    streams = Streams([], {}, [])

    def walk(node: Dom, out: list[Item]) -> None:
        for item in node.content:
            if isinstance(item, str):
                chars, breaks = normalize(item)
                if chars or breaks:
                    out.append(Run(node, chars, breaks))
            elif is_hidden(item):
                continue
            elif item.tag in ("img", "svg"):
                streams.figures.append(item)
            elif NOTE_CLASS in item.classes:
                out.append(Mark(item))
                note_runs: list[Item] = []
                streams.notes[id(item)] = note_runs
                walk(item, note_runs)
            else:
                walk(item, out)

    walk(body, streams.main)
    return streams


_ROLES = {"p": "P", "blockquote": "BlockQuote", "main": "Part", "section": "Sect", "article": "Art",
          "table": "Table", "thead": "THead", "tbody": "TBody", "tfoot": "TFoot", "tr": "TR", "th": "TH",
          "td": "TD", "q": "Quote", "code": "Code", "ul": "L", "ol": "L", "dl": "L", "li": "LI", "dt": "Lbl",
          "dd": "LBody", "figcaption": "Caption", "caption": "Caption", "img": "Figure", "svg": "Figure",
          "h1": "H1", "h2": "H2", "h3": "H3", "h4": "H4", "h5": "H5", "h6": "H6", "body": "Document",
          "div": "Div", "header": "Div", "footer": "Div", "nav": "Div", "aside": "Div", "figure": "Div"}


def role_of(node: Dom) -> str | None:
    """The PDF structure type of an HTML element (ISO 32000-1, 14.8.4); None: its content goes to its parent.

    A <div> directly in a <dl> groups a term with its definitions: a list item (PDF/UA-1 7.2: L holds LI).
    """
    if NOTE_CLASS in node.classes:
        return "Note"
    if NOTE_REF_CLASS in node.classes:
        return "Reference"
    if node.tag == "a":
        return "Link" if "href" in node.attrs else None
    if node.tag == "div" and node.parent is not None and node.parent.tag == "dl":
        return "LI"
    role = _ROLES.get(node.tag)
    if role is None and "lang" in node.attrs:
        return "Span"  # a change of language must stay in the tree (PDF/UA-1 7.2)
    return role
