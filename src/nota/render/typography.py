"""RENDER stage, Dutch typography on the text of rendered HTML: hyphenation points and non-breaking spaces.

nota hyphenates the text for print itself, with the Dutch patterns of Pyphen (the dictionary
WeasyPrint would use), and the stylesheet says `hyphens: manual`: a line then breaks inside a word only
at a soft hyphen (U+00AD) placed here. The HTML page for the screen gets no soft hyphens (and no
hyphenation): a screen reader may read a word with soft hyphens as separate syllables.

The Dutch rule for a trema: a word broken at its trema loses it (cliënten → cli-enten, ideeën →
idee-en). CSS cannot change letters at a line break, so nota never breaks a word directly before a
letter with a trema: those hyphenation points are left out, the others are kept (cliën-ten,
fi-nan-cië-le). WeasyPrint's own `hyphens: auto` would break there (it breaks "ideeën" as idee-ën,
and hyphenates the part after the last soft hyphen of a word), which is why it is not used.

Headings, the cover, the table of contents, captions, table headers, labels (class="label") and
words under five letters are not hyphenated. "€ 1.000" and
"x € 1.000" get non-breaking spaces, so an amount never starts a line without its sign.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen  # type: ignore[import-untyped]

SHY = "\u00ad"
NBSP = "\u00a0"
TREMA = "äëïöüÿÄËÏÖÜŸ"
MIN_WORD = 5  # as WeasyPrint's hyphenate-limit-chars: auto (5 2 2)
_WORD = re.compile(rf"(?<![&\w])[^\W\d_]{{{MIN_WORD},}}")  # not an entity name like &hellip;
_EURO = re.compile(r"(\bx )?€ (?=[\d−-])")
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
# headings, the cover, the table of contents, captions and table headers, and class="label" (letter-spaced
# labels: WeasyPrint spaces a soft hyphen like a letter)
_NOT_HYPHENATED = {"h1", "h2", "h3", "h4", "h5", "h6", "nav", "header", "caption", "thead", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_CLASS = re.compile(r'\bclass="([^"]*)"')


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL", left=2, right=2)


def break_points(word: str) -> list[int]:
    """Where the word may be broken: the dictionary's points, except directly before a trema."""
    points = _dictionary().positions(word)
    return [p for p in points if word[p] not in TREMA]


@cache
def hyphenate(word: str) -> str:
    """The word with a soft hyphen at every allowed break point."""
    for point in reversed(break_points(word)):
        word = word[:point] + SHY + word[point:]
    return word


def _text(text: str, hyphens: bool) -> str:
    text = _EURO.sub(lambda m: f"x{NBSP}€{NBSP}" if m.group(1) else f"€{NBSP}", text)
    return _WORD.sub(lambda m: hyphenate(m.group(0)), text) if hyphens else text


def apply(html_body: str, hyphens: bool = True) -> str:
    """Apply Dutch typography to every text node of an HTML fragment (no <style> or <script> in it):
    non-breaking spaces always, soft hyphens when `hyphens`."""
    parts = _TAG.split(html_body)  # text, tag, text, tag, ...
    open_elements: list[bool] = []  # per open element: whether hyphenation stops inside it
    for i, part in enumerate(parts):
        if i % 2:
            _follow(part, open_elements)
        elif part:
            parts[i] = _text(part, hyphens=hyphens and not any(open_elements))
    return "".join(parts)


def _follow(tag: str, open_elements: list[bool]) -> None:
    """Track the open elements through one tag (templates and Markdown give well-formed HTML)."""
    match = _TAG_NAME.match(tag)
    if not match or match.group(2).lower() in _VOID or tag.endswith("/>"):
        return
    if match.group(1):
        if open_elements:
            open_elements.pop()
        return
    classes = _CLASS.search(tag)
    open_elements.append(match.group(2).lower() in _NOT_HYPHENATED
                         or bool(classes and "label" in classes.group(1).split()))
