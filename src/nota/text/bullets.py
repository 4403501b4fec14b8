"""TEXT, pasted bullets: the characters a word processor puts before a list item, read as Markdown's "- ".

A line that starts with one ("– wachttijden meten", "•→sneller antwoord") is a list item, exactly
as if it started with "- " (markdown.py runs `pasted_lists` as a core rule; check/markup.py reports
each such list; load/plain.py keeps the lines of such a list in a text written without `|`).
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore

# bullet characters a word processor pastes: dashes, bullets, squares, arrows, checks (and Symbol-font
# bullets from the private use area); "-", "*" or "+" followed by a non-breaking space is pasted too
BULLETS = "–—•◦▪▫‣⁃●○■□►▸➢➤✓✔·∙\uf0a7\uf0b7\uf0d8"
PASTED = re.compile(rf"^( *)([{BULLETS}]|[-*+](?=\u00a0))([ \t\u00a0]+)(?=\S)", re.MULTILINE)
# a line (stripped) that starts a list item: Markdown's own marker or a pasted one
LIST_LINE = re.compile(rf"(?:[-*+][ \t\u00a0]|[{BULLETS}][ \t\u00a0]+)\S")


def as_markdown(match: re.Match[str]) -> str:
    """A pasted bullet as Markdown's "- ", keeping the line's length (so columns stay where they were)."""
    return f"{match[1]}-{' ' * len(match[3])}"


def pasted_lists(state: StateCore) -> None:
    """Core rule: lines that start with a pasted bullet are list items (in block text only: a title or a
    table cell that starts with a dash keeps it)."""
    if not state.inlineMode:
        state.src = PASTED.sub(as_markdown, state.src)
