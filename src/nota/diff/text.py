"""COMPARE stage, words: Markdown to lines of styled words, and a word-by-word diff of two lines.

Texts are compared as the reader sees them, not as they are typed: Markdown is parsed with the one
configured parser, so a re-wrapped line, other YAML quoting or a folded block scalar changes nothing,
while a word that became bold, a changed link target or a changed reference does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Protocol, TypeVar

from markdown_it.token import Token

from nota.text import markdown

# A word keeps its inner punctuation (1-1-2015, 312.000, e-health); other punctuation stands alone
_WORD = re.compile(r"\w+(?:[.,'’\-/:]\w+)*|\S")
T = TypeVar("T")
PAIR_RATIO = 0.4  # below this, two lines are a deletion and an insertion, not one edited line


class Refs(Protocol):
    """How one version names its footnotes and cross-references."""

    def footnote(self, fid: str) -> str:
        """Return the footnote's number in this version."""

    def xref(self, target: str) -> str:
        """Return what [[target]] reads as in this version ('bijlage 1')."""


@dataclass(frozen=True)
class Word:
    """One word (or punctuation mark) with its inline style and whether a space goes before it."""

    text: str
    style: tuple[str, ...] = ()
    space: bool = False
    key: str = ""  # what is compared: the text, or the id of a reference whose number may shift

    @property
    def ident(self) -> tuple[str, tuple[str, ...]]:
        return (self.key or self.text, self.style)


@dataclass(frozen=True)
class Line:
    """A paragraph, list item, heading or code block of a text: the unit that is word-diffed."""

    tag: str  # "p" | "li" | "oli" | "h" | "pre"
    words: tuple[Word, ...]
    depth: int = 1

    @property
    def key(self) -> tuple[object, ...]:
        return (self.tag, self.depth, tuple(w.ident for w in self.words))


@dataclass(frozen=True)
class Segment:
    op: str  # "equal" | "insert" | "delete"
    words: tuple[Word, ...]


@dataclass(frozen=True)
class LineDiff:
    """One line of the redline: its tag, whether it changed, and its segments."""

    tag: str
    depth: int
    status: str  # "same" | "changed" | "inserted" | "deleted"
    segments: tuple[Segment, ...]
    role: str = ""
    label: str = ""


# --- text to lines --------------------------------------------------------------------------------

def split_words(text: str, style: tuple[str, ...], space: bool) -> tuple[list[Word], bool]:
    """Split text into words; `space` says whether white space came just before the text.

    Return the words and whether the text ended in white space."""
    words = []
    for match in _WORD.finditer(text):
        start = match.start()
        words.append(Word(match.group(), style, text[start - 1].isspace() if start else space))
    return words, bool(text) and text[-1].isspace()


class _Inline:
    """Walk the inline tokens of one paragraph, keeping a stack of styles."""

    def __init__(self, refs: Refs) -> None:
        self.refs = refs
        self.styles: list[str] = []
        self.words: list[Word] = []
        self.space = False

    def text(self, content: str) -> None:
        words, trailing = split_words(content, tuple(self.styles), self.space)
        self.words += words
        self.space = trailing if words else self.space or trailing

    def add(self, word: Word) -> None:
        self.words.append(word)
        self.space = False

    def token(self, tok: Token) -> None:
        kind = tok.type
        if kind in ("text", "code_inline"):
            if kind == "code_inline":
                self.styles.append("code")
            self.text(tok.content)
            if kind == "code_inline":
                self.styles.pop()
        elif kind in ("softbreak", "hardbreak"):
            self.space = True
        elif kind.endswith("_open"):
            style = kind.removesuffix("_open")
            self.styles.append(f"a {tok.attrs.get('href', '')}" if style == "link" else style)
        elif kind.endswith("_close") and self.styles:
            self.styles.pop()
        elif kind == "footnote_ref":
            fid = tok.meta["id"]
            self.add(Word(self.refs.footnote(fid), (*self.styles, "fn"), self.space, f"[^{fid}]"))
        elif kind == "xref":
            target, own = tok.meta["id"], tok.meta["text"]
            words, _ = split_words(own or self.refs.xref(target), (*self.styles, f"xref {target}"), self.space)
            self.words += [Word(w.text, w.style, w.space, f"{w.text}@{target}" if own else target) for w in words]
            self.space = False


def inline_words(tokens: Sequence[Token], refs: Refs) -> tuple[Word, ...]:
    walker = _Inline(refs)
    for tok in tokens:
        walker.token(tok)
    return tuple(walker.words)


def markdown_lines(text: str, refs: Refs, inline: bool = False) -> tuple[Line, ...]:
    """The lines of a Markdown text as a reader sees them (inline: one line, no block structure)."""
    if inline:
        return (Line("p", inline_words(markdown.MD.parseInline(text, {})[0].children or [], refs)),)
    lines: list[Line] = []
    lists: list[str] = []
    heading = False
    for tok in markdown.MD.parse(text, {}):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("oli" if tok.type == "ordered_list_open" else "li")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type in ("heading_open", "heading_close"):
            heading = tok.type == "heading_open"
        elif tok.type == "inline":
            tag = "h" if heading else (lists[-1] if lists else "p")
            lines.append(Line(tag, inline_words(tok.children or [], refs), max(len(lists), 1)))
        elif tok.type in ("fence", "code_block"):
            lines.append(Line("pre", tuple(split_words(tok.content, ("code",), False)[0])))
    return tuple(line for line in lines if line.words)


def plain_lines(text: str | None) -> tuple[Line, ...]:
    """A value that is not Markdown (a name, a source, an alt text) as one line of words."""
    if not text:
        return ()
    return (Line("p", tuple(split_words(text, (), False)[0])),)


# --- diffs ----------------------------------------------------------------------------------------

def ratio(a: Sequence[object], b: Sequence[object]) -> float:
    """How alike two sequences are, 0..1 (difflib's ratio, without its junk heuristic)."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, list(a), list(b), autojunk=False).ratio()


def diff_words(a: Sequence[Word], b: Sequence[Word]) -> tuple[Segment, ...]:
    """Word-by-word difference of two lines: equal, deleted and inserted runs, deletions first."""
    matcher = SequenceMatcher(None, [w.ident for w in a], [w.ident for w in b], autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in _merge_islands(matcher.get_opcodes(), a):
        if op == "equal":
            segments.append(Segment("equal", tuple(b[j1:j2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", tuple(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", tuple(b[j1:j2])))
    return tuple(segments)


def _merge_islands(opcodes: Sequence[tuple[str, int, int, int, int]],
                   a: Sequence[Word]) -> list[tuple[str, int, int, int, int]]:
    """Fold a lone short word left equal between two changes into them: 'x <del>a</del> de <del>b</del>'
    reads better as one change."""
    merged: list[tuple[str, int, int, int, int]] = []
    for k, code in enumerate(opcodes):
        op, i1, i2, j1, j2 = code
        between = 0 < k < len(opcodes) - 1 and op == "equal" and merged and merged[-1][0] != "equal"
        if between and i2 - i1 == 1 and len(a[i1].text) <= 3:
            op = "replace"
        if merged and op != "equal" and merged[-1][0] != "equal":
            _, p1, _, q1, _ = merged.pop()
            i1, j1, op = p1, q1, "replace"
        merged.append((op, i1, i2, j1, j2))
    return merged


def whole(line: Line, op: str, role: str = "", label: str = "") -> LineDiff:
    """A line that is only in one version (op "insert" or "delete"), or in both unchanged ("equal")."""
    status = {"insert": "inserted", "delete": "deleted", "equal": "same"}[op]
    return LineDiff(line.tag, line.depth, status, (Segment(op, line.words),), role, label)


def diff_line(a: Line, b: Line, role: str = "", label: str = "") -> LineDiff:
    if a.key == b.key:
        return whole(b, "equal", role, label)
    return LineDiff(b.tag, b.depth, "changed", diff_words(a.words, b.words), role, label)


def diff_lines(a: Sequence[Line], b: Sequence[Line], role: str = "", label: str = "") -> list[LineDiff]:
    """Align the lines of two texts; lines alike enough are word-diffed, the rest inserted or deleted."""
    def alike(x: Line, y: Line) -> bool:
        return ratio([w.ident for w in x.words], [w.ident for w in y.words]) >= PAIR_RATIO

    out: list[LineDiff] = []
    for x, y in align(a, b, lambda line: line.key, alike):
        if x is not None and y is not None:
            out.append(diff_line(x, y, role, label))
        else:
            out.append(whole(y, "insert", role, label) if y is not None else whole(x, "delete", role, label))  # type: ignore[arg-type]
    return out


def align(a: Sequence[T], b: Sequence[T], key: Callable[[T], object],
          alike: Callable[[T, T], bool]) -> list[tuple[T | None, T | None]]:
    """Pair two sequences in order: equal keys pair; in a changed stretch, alike items pair in order."""
    pairs: list[tuple[T | None, T | None]] = []
    matcher = SequenceMatcher(None, [key(x) for x in a], [key(x) for x in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs += list(zip(a[i1:i2], b[j1:j2], strict=True))
            continue
        j = j1
        for old in a[i1:i2]:
            found = next((k for k in range(j, j2) if alike(old, b[k])), None)
            if found is None:
                pairs.append((old, None))
                continue
            pairs += [(None, new) for new in b[j:found]]
            pairs.append((old, b[found]))
            j = found + 1
        pairs += [(None, new) for new in b[j:j2]]
    return pairs
