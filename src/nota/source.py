"""Places in content files: the one location type, and the loaded file that maps key paths to it.

A `SourceFile` is a content file as LOAD read it: its data (mappings and lists that remember where
each key and value was written) and its lines. Every stage that reports a problem asks it where a
key path such as ('rows', 2, 'amounts', 1) stands; nothing else reads positions from the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Loc = tuple[int | str, ...]  # a key path inside a file's data: ('groups', 0, 'rows', 3, 'amounts', 1)


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file; line and column are 1-based, as editors count."""

    path: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path.as_posix()}:{self.line}:{self.column}"


@dataclass
class SourceFile:
    """A loaded content file: its data (with positions) and its lines, for located messages."""

    path: Path  # as shown to the user: relative to the project root
    data: Any
    lines: list[str] = field(repr=False)

    def locate(self, loc: Loc) -> Location:
        """Where the value at a key path stands (a mapping or list: its key); stop at the deepest node found."""
        return Location(self.path, *_position(self.data, loc))

    def start(self, loc: Loc = ()) -> Location:
        """Where the mapping or list at a key path begins (its first key or item)."""
        node = self.node(loc)
        lc = getattr(node, "lc", None)
        if lc is None:
            return self.locate(loc)
        return Location(self.path, lc.line + 1, lc.col + 1)

    def key(self, loc: Loc) -> Location:
        """Where the key that ends a key path is written (`titel` in `titel: ...`)."""
        parent, key = self.node(loc[:-1]), loc[-1] if loc else None
        lc = getattr(parent, "lc", None)
        if lc is None or not isinstance(parent, dict) or key not in parent:
            return self.locate(loc)
        line, column = lc.key(key)
        return Location(self.path, line + 1, column + 1)

    def value(self, loc: Loc) -> Location:
        """Where the value of a key is written, even a list or mapping on the key's line (`years: [...]`);
        for `title:` with nothing after it, the spot just after the colon."""
        parent, key = self.node(loc[:-1]), loc[-1] if loc else None
        lc = getattr(parent, "lc", None)
        if lc is None or not isinstance(parent, dict) or key not in parent:
            return self.locate(loc)
        if parent[key] is None:
            line, column = lc.key(key)
            return Location(self.path, line + 1, column + len(str(key)) + 2)
        line, column = lc.value(key)
        return Location(self.path, line + 1, column + 1)

    def node(self, loc: Loc) -> Any:
        """The data at a key path, or None where the path leads nowhere."""
        node = self.data
        for key in loc:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def line(self, number: int) -> str:
        """The text of a 1-based line ('' past the end)."""
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def token_at(self, where: Location) -> str:
        """The plain scalar written at a location, e.g. '-291.151' (for hints)."""
        rest = self.line(where.line)[where.column - 1 :]
        match = re.match(r"""("[^"]*"|'[^']*'|[^,\]}#]*)""", rest)
        return match.group(1).strip() if match else ""


def _position(data: Any, loc: Loc) -> tuple[int, int]:
    node, line, col = data, 0, 0
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                if isinstance(node, dict):
                    line, col = lc.value(key) if not isinstance(node[key], (dict, list)) else lc.key(key)
                else:
                    line, col = lc.item(key)
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line + 1, col + 1


@dataclass(frozen=True)
class Place:
    """Where a value stands: its file and its key path there (resolved to a line only when shown)."""

    source: SourceFile
    loc: Loc

    @property
    def where(self) -> Location:
        return self.source.locate(self.loc)

    def spot(self, needle: str) -> Location:
        """Where a piece of this text (a [[reference]], a [^note]) stands, searching only its own lines:
        the lines of a text written over several lines (`|`, or plain) are indented further than the
        key or the dash that holds it."""
        where, lines = self.where, self.source.lines
        owner = self._owner_column()
        for number in range(where.line - 1, len(lines)):
            text = lines[number]
            if number >= where.line and text.strip() and _indent(text) <= owner:
                break  # the next key or item: the text has ended
            column = text.find(needle, where.column - 1 if number == where.line - 1 else 0)
            if column >= 0:
                return Location(where.path, number + 1, column + 1)
        return where

    def _owner_column(self) -> int:
        """The column (0-based) of the key this text is the value of, or of the dash of its list item."""
        parent, key = self.source.node(self.loc[:-1]), self.loc[-1] if self.loc else None
        lc = getattr(parent, "lc", None)
        if isinstance(parent, dict) and key in parent and lc is not None:
            return int(lc.key(key)[1])
        line = self.source.line(self.where.line)
        dash = line.rfind("-", 0, max(self.where.column - 1, 0))
        return dash if dash >= 0 else _indent(line)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def quoted(text: str) -> str:
    """Text in YAML quotes that keep it exactly as written (for hints that show a line to type)."""
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
