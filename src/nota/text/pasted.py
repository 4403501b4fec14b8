"""TEXT, what an editor pasted into a Markdown text: lists with bullet characters, tables, pictures.

The one configured parser (markdown.py) renders neither tables nor pictures, and reads pasted bullets
as a list; these functions find them all, with what they hold, for the check (check/markup.py) to
report each at its line with the block to write instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from nota.text.bullets import PASTED
from nota.text.markdown import PROBE


@dataclass(frozen=True)
class PastedList:
    """Consecutive lines of a text that start with the same pasted bullet: one list."""

    marker: str
    first: str  # the first line as written, for finding it in the file
    count: int


def pasted_lists(text: str) -> list[PastedList]:
    """The lists in a text written with pasted bullets, in order (what bullets.pasted_lists makes lists of)."""
    found: list[PastedList] = []
    previous = -2
    for number, line in enumerate(text.split("\n")):
        match = PASTED.match(line)
        if match is None:
            continue
        if found and previous == number - 1 and found[-1].marker == match[2]:
            last = found[-1]
            found[-1] = PastedList(last.marker, last.first, last.count + 1)
        else:
            found.append(PastedList(match[2], line.strip(), 1))
        previous = number
    return found


@dataclass(frozen=True)
class TextTable:
    """A Markdown table in a text: its first line as written, its header cells and its rows."""

    first: str
    columns: list[str]
    rows: list[list[str]]


def tables(text: str) -> list[TextTable]:
    """The Markdown tables in a text (MD does not render them). A table's rows are written with "|": a
    text without one holds none and is not parsed (a check asks this of every text)."""
    if "|" not in text:
        return []
    tokens, found, lines = PROBE.parse(text, {}), [], text.split("\n")
    for k, token in enumerate(tokens):
        if token.type != "table_open" or not token.map:
            continue
        rows: list[list[str]] = []
        for inner in tokens[k + 1 :]:
            if inner.type == "table_close":
                break
            if inner.type == "tr_open":
                rows.append([])
            elif inner.type == "inline" and rows:
                rows[-1].append(inner.content)
        found.append(TextTable(lines[token.map[0]].strip(), rows[0] if rows else [], rows[1:]))
    return found


@dataclass(frozen=True)
class TextImage:
    """Markdown image syntax in a text: the picture's address, its words and the syntax as written."""

    src: str
    alt: str
    written: str


def images(text: str) -> list[TextImage]:
    """Every ![words](address) in a text, in order (MD does not render them: a picture is a figure block).
    Each is written with "![": a text without one holds none and is not parsed."""
    if "![" not in text:
        return []
    found, start = [], 0
    for token in _inline_tokens(PROBE.parse(text, {})):
        if token.type != "image":
            continue
        alt = "".join(child.content for child in token.children or [])
        start = text.find("![", start)
        end = text.find(")", start) + 1 if start >= 0 else 0
        written = text[start:end] if 0 <= start < end else f"![{alt}]"
        found.append(TextImage(str(token.attrs.get("src", "")), alt, written))
        start = max(start, 0) + 2
    return found


def _inline_tokens(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _inline_tokens(token.children)
