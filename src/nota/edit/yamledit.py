"""EDIT stage, writing YAML a person keeps: figures replaced in place, structure changed by round trip.

Two ways, each checked before anything is written:

- `splice` replaces single scalars (a total's figure) where ruamel.yaml's round-trip loader says they
  stand, character for character: every other byte of the file, comments and layout included, stays
  as it was. The result is read back and must hold exactly the old data with the new figures.
- `load`/`dump` change a file's structure (a new edition's years, keys added or dropped) through
  ruamel.yaml's round-trip mode, which keeps comments, key order, quoting and flow or block style.
  The indentation is the file's own: the first of the usual layouts that reproduces it exactly.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from nota.errors import ContentError
from nota.i18n import _
from nota.load.yaml import load_text
from nota.source import Loc, SourceFile

# a scalar a figure may replace: a number, pm, null, or a quoted text
_TOKEN = re.compile(r"""-?\d+|[Pp][Mm]\b|null\b|Null\b|NULL\b|~|"[^"\n]*"|'[^'\n]*'""")
# (mapping, sequence, offset) indentation, the repository's own first
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))


class EditError(Exception):
    """An edit that cannot be made safely; the file is left as it was."""

    def __init__(self, path: Path, loc: Loc, reason: str) -> None:
        super().__init__(f"{path.as_posix()}: {reason}")
        self.path, self.loc, self.reason = path, loc, reason


@dataclass(frozen=True)
class Edit:
    """Put a whole number at a key path (an item of a list, or the value of a key)."""

    loc: Loc
    value: int


def splice(source: SourceFile, text: str, edits: Sequence[Edit]) -> str:
    """`text` (the file `source` was read from) with each edit's scalar replaced in place."""
    lines = text.splitlines(keepends=True)
    spots = sorted(((_position(source, edit.loc), edit) for edit in edits), reverse=True)
    for (line, column), edit in spots:  # from the end, so earlier positions stay valid
        current = lines[line]
        found = _TOKEN.match(current, column)
        if found:
            lines[line] = current[: found.start()] + str(edit.value) + current[found.end():]
        elif not current[column:].strip() or current[column:].lstrip().startswith("#"):  # an empty item
            lines[line] = current[:column] + ("" if current[column - 1: column] == " " else " ") + \
                str(edit.value) + current[column:]
        else:
            raise EditError(source.path, edit.loc, _("line {line}: cannot find the figure to replace", line=line + 1))
    result = "".join(lines)
    verify(source, result, edits)
    return result


def _position(source: SourceFile, loc: Loc) -> tuple[int, int]:
    """Where the scalar at a key path starts (0-based line and column), as the loader recorded it."""
    parent, key = source.node(loc[:-1]), loc[-1]
    lc = getattr(parent, "lc", None)
    if lc is None:
        raise EditError(source.path, loc, _("the place of the figure is not known"))
    if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
        line, column = lc.item(key)
    elif isinstance(parent, dict) and key in parent:
        line, column = lc.value(key)
    else:
        raise EditError(source.path, loc, _("there is no figure at this place"))
    return int(line), int(column)


def verify(source: SourceFile, text: str, edits: Sequence[Edit]) -> None:
    """The edited text must read back as the old data with exactly the edits made, and nothing else."""
    try:
        again = load_text(text, source.path)
    except ContentError as exc:
        raise EditError(source.path, (), _("the edited file does not read back: {problem}",
                                           problem=exc.problem.message)) from None
    expected = plain(source.data)
    for edit in edits:
        _set(expected, edit.loc, edit.value)
    if plain(again.data) != expected:
        raise EditError(source.path, (), _("the edited file does not hold what was meant"))


def plain(data: Any) -> Any:
    """Data as plain dicts, lists and scalars, to compare two readings of a file."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data


def _set(data: Any, loc: Loc, value: Any) -> None:
    for key in loc[:-1]:
        data = data[key]
    data[loc[-1]] = value


# --- round trip -----------------------------------------------------------------------------------

def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line a person wrapped
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


@dataclass
class Document:
    """A YAML file read for a round trip: its data (ruamel's commented mappings and lists) and layout."""

    data: Any
    layout: tuple[int, int, int]
    original: str

    def dump(self) -> str:
        out = io.StringIO()
        _yaml(self.layout).dump(self.data, out)
        return out.getvalue()


def load(text: str) -> Document:
    """Read a file for a round trip (only a file that the content loader has already accepted)."""
    for layout in LAYOUTS:
        data = _yaml(layout).load(text)
        candidate = Document(data, layout, text)
        if candidate.dump() == text:
            return candidate
    return Document(_yaml(LAYOUTS[0]).load(text), LAYOUTS[0], text)


def flow(items: Sequence[Any]) -> CommentedSeq:
    """A list written on one line, [a, b, c], as years and amounts are."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq
