"""PUBLISH stage, structure pass: matching the text of the PDF's marked content with the HTML's text, in
reading order, to learn which HTML element each sequence was set from.

Both sides are normalized (no whitespace, lower case). A hyphen at the end of a sequence matches a
soft hyphen of the HTML: WeasyPrint sets the hyphenate-character where it breaks a line there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from nota.publish.structure.html import Dom, Item, Mark, Run, Streams

LEADER_CHARS = re.compile(r"^[\s.·…_\-]+$")
LOOKAHEAD_RUNS = 4  # how many HTML text runs a match may skip (text the print edition does not show)


@dataclass
class Cursor:
    """A position in a stream: item index, and offset in its characters."""

    item: int = 0
    offset: int = 0


@dataclass
class Match:
    cursor: Cursor  # where the stream continues
    owner: Dom  # the element of the first character matched
    marks: list[Mark]  # the footnote places passed


def match(items: Sequence[Item], start: Cursor, text: str) -> Match | None:
    """Does `text` continue the stream at `start`? None if not."""
    i, offset, k = start.item, start.offset, 0
    if i < len(items):
        item = items[i]
        if isinstance(item, Run) and item.chars.startswith(text, offset):  # the usual case: within one run
            return Match(Cursor(i, offset + len(text)), item.owner, [])
    marks: list[Mark] = []
    owner: Dom | None = None
    while k < len(text):
        if i >= len(items):
            return None
        item = items[i]
        if isinstance(item, Mark):
            marks.append(item)
            i, offset = i + 1, 0
            continue
        hyphen = k == len(text) - 1 and text[k] == "-" and offset in item.breaks
        if hyphen and (offset >= len(item.chars) or item.chars[offset] != "-"):
            k += 1
            owner = owner or item.owner
            continue
        if offset >= len(item.chars):
            i, offset = i + 1, 0
            continue
        if item.chars[offset] != text[k]:
            return None
        owner = owner or item.owner
        k, offset = k + 1, offset + 1
    return Match(Cursor(i, offset), owner, marks) if owner is not None else None


class Aligner:
    """Matches marked-content text with the HTML streams, in order: the main text, then the open footnotes."""

    def __init__(self, streams: Streams, on_mark: Callable[[Dom], None]):
        self.streams = streams
        self.main = Cursor()
        self.notes: dict[int, Cursor] = {}
        self.open_notes: list[Dom] = []
        self.on_mark = on_mark
        self.skipped: list[str] = []

    def main_text(self, text: str) -> Dom | None:
        """The element the text was set from, if it continues the main text (after a few skipped runs)."""
        found = match(self.streams.main, self.main, text) or self._skip_ahead(text)
        if found is None:
            return None
        self._pass(found.marks)
        self.main = found.cursor
        return found.owner

    def note_text(self, text: str) -> Dom | None:
        """The element the text was set from, if it continues the first unfinished footnote."""
        self._pass_pending_marks()
        for note in self.open_notes:
            runs, cursor = self.streams.notes[id(note)], self.notes[id(note)]
            if not rest(runs, cursor):
                continue
            found = match(runs, cursor, text)
            if found is not None:
                self.notes[id(note)] = found.cursor
                return found.owner
            break  # notes are set in order: only the first unfinished one can continue
        return None

    def unmatched(self) -> list[str]:
        """HTML text that no marked content matched (main stream and footnotes)."""
        left = rest(self.streams.main, self.main)
        for note_id, runs in self.streams.notes.items():
            left += rest(runs, self.notes.get(note_id, Cursor()))
        return left

    def _pass(self, marks: Iterable[Mark]) -> None:
        for mark in marks:
            self.open_notes.append(mark.note)
            self.notes[id(mark.note)] = Cursor()
            self.on_mark(mark.note)

    def _skip_ahead(self, text: str) -> Match | None:
        """A match after skipping a few runs the PDF does not show; the skipped text is recorded (an error)."""
        items = self.streams.main
        if LEADER_CHARS.match(text):
            return None  # a lone dot or dash is no evidence that text was skipped
        for skip in range(1, LOOKAHEAD_RUNS + 1):
            start = self.main.item + skip
            if start >= len(items):
                return None
            candidate = items[start]
            if isinstance(candidate, Run) and not candidate.chars.startswith(text[:1]):
                continue
            found = match(items, Cursor(start, 0), text)
            if found is not None:
                skipped = items[self.main.item:start]
                lost = "".join(r.chars for r in skipped if isinstance(r, Run))[self.main.offset:]
                if lost:
                    self.skipped.append(lost)
                return Match(found.cursor, found.owner, [m for m in skipped if isinstance(m, Mark)] + found.marks)
        return None

    def _pass_pending_marks(self) -> None:
        """Open the footnotes right at the main cursor: the foot of a page can come before its next line."""
        items, i, offset = self.streams.main, self.main.item, self.main.offset
        marks: list[Mark] = []
        while i < len(items):
            item = items[i]
            if isinstance(item, Mark):
                marks.append(item)
            elif offset < len(item.chars):
                break
            i, offset = i + 1, 0
        if marks:
            self._pass(marks)
            self.main = Cursor(i, 0)


def rest(items: Sequence[Item], cursor: Cursor) -> list[str]:
    """The text of a stream from the cursor on."""
    out = []
    for index in range(cursor.item, len(items)):
        item = items[index]
        if isinstance(item, Run):
            chars = item.chars[cursor.offset:] if index == cursor.item else item.chars
            if chars:
                out.append(chars)
    return out


def lowest_common(a: Dom | None, b: Dom | None) -> Dom | None:
    """The lowest element that contains both (either may be None)."""
    if a is None or b is None:
        return a or b
    while a is not None and b is not None and a.depth > b.depth:
        a = a.parent
    while a is not None and b is not None and b.depth > a.depth:
        b = b.parent
    while a is not None and b is not None and a is not b:
        a, b = a.parent, b.parent
    return a
