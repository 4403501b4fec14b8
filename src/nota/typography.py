"""Dutch typography applied to the text of rendered HTML: non-breaking spaces and trema-safe hyphenation.

A Dutch word broken at a trema loses it (cliënten → cli-enten). CSS cannot change letters at a line
break, so nota never breaks there: words with a trema get soft hyphens at every other hyphenation
point, and a word with soft hyphens is only broken at those (CSS Text 3, `hyphens: auto`).
"""

from __future__ import annotations

import re
from functools import cache

import pyphen

SHY = "\u00ad"
NBSP = "\u00a0"
_TREMA = "äëïöüÄËÏÖÜ"
_TREMA_WORD = re.compile(rf"\w*[aeiouyAEIOUY][{_TREMA}]\w*")
_EURO = re.compile(r"(\bx )?€ (?=[\d−-])")
_TEXT_NODE = re.compile(r">([^<]+)<")


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL", left=2, right=2)


def hyphenate_trema(word: str) -> str:
    """Insert soft hyphens at every hyphenation point that is not directly before a trema."""
    points = [len(start) for start, _ in _dictionary().iterate(word)]
    allowed = sorted(p for p in points if word[p] not in _TREMA)
    for offset, point in enumerate(allowed):
        word = word[: point + offset] + SHY + word[point + offset :]
    return word


def _text(text: str) -> str:
    text = _EURO.sub(lambda m: f"x{NBSP}€{NBSP}" if m.group(1) else f"€{NBSP}", text)
    return _TREMA_WORD.sub(lambda m: hyphenate_trema(m.group(0)), text)


def apply(html_body: str) -> str:
    """Apply Dutch typography to every text node of an HTML fragment (no <style> or <script> in it)."""
    return _TEXT_NODE.sub(lambda m: f">{_text(m.group(1))}<", html_body)
