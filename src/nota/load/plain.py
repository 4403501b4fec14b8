"""LOAD stage, texts written without `|`: a list in them keeps its lines.

YAML folds the lines of a plain (unquoted) text into one line, so a list pasted under a paragraph,

    - Wij willen
      – wachttijden meten
      – tevredenheid meten

reads as "Wij willen – wachttijden meten – tevredenheid meten": one run-on paragraph, and the writer
sees nothing wrong in the file. Where a line of such a text starts with a list marker (Markdown's
"- ", "* ", "+ ", or a bullet character pasted from a word processor) its line break is kept, so the
Markdown parser sees the list the writer sees. Every other line is folded as YAML folds it. Pasted
bullet characters are then reported at their line by the check (check/markup.py).

A word processor puts a tab after its bullet ("•→sneller antwoord"), which YAML refuses in such a
text; that tab is read as the space it stands for (`untab_bullets`), keeping every column.
"""

from __future__ import annotations

import re
from typing import Any

from nota.text.bullets import BULLETS, LIST_LINE

_BULLET_TAB = re.compile(rf"^( *[{BULLETS}])\t", re.MULTILINE)


def untab_bullets(text: str) -> str:
    """The text with the tab after a pasted bullet at the start of a line read as a space."""
    return _BULLET_TAB.sub(r"\1 ", text)


def keep_list_lines(text: str, event: Any) -> str:
    """The value of a plain scalar event, with a line break kept before each list line."""
    start, end = event.start_mark, event.end_mark
    value = str(event.value)
    if start.line == end.line:
        return value
    lines = [line.strip() for line in text[start.index : end.index].split("\n")]
    if not any(LIST_LINE.match(line) for line in lines[1:]):
        return value
    if _fold(lines, lambda line: " ") != value:  # not folded the way this reads it: leave it as YAML read it
        return value
    return _fold(lines, lambda line: "\n" if LIST_LINE.match(line) else " ")


def _fold(lines: list[str], join: Any) -> str:
    """YAML's folding of a plain scalar's lines (an empty line is a line break), joined by `join(line)`."""
    out, breaks = lines[0], 0
    for line in lines[1:]:
        if not line:
            breaks += 1
            continue
        out += "\n" * breaks if breaks else join(line)
        out += line
        breaks = 0
    return out
