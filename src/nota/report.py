"""How problems are shown: text for people (grouped per file, the source line with a caret under the
spot, and a hint), JSON for tools, GitHub Actions workflow commands for pull requests.

Every problem line starts `path:line:column: severity:` so editors and CI can jump to it. Colour is
used only when the caller says the output is a terminal, and never when NO_COLOR is set.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from nota import limits
from nota.errors import Problem
from nota.i18n import _, ngettext
from nota.load.safefs import UnsafeFile, read_inside

FORMATS = ("text", "json", "github")
_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "hint": "\033[36m", "file": "\033[1m",
            "reset": "\033[0m"}
WIDTH = 100  # longer source lines are shown as a window around the column
# what a terminal shows as nothing, or reorders: controls, zero-width and bidi characters, the soft hyphen
INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
TAB = "→"


def _lines(root: Path, path: Path, cache: dict[Path, list[str] | None]) -> list[str] | None:
    if path not in cache:
        try:
            # only what the loader would read: no link out of the project (it would print a line of
            # /etc/passwd), no FIFO (it would hang), nothing over the size limit
            data = read_inside(root, root / path, limits.MAX_FILE_BYTES, _("the project"))
            cache[path] = data.decode("utf-8").splitlines()
        except (UnsafeFile, UnicodeDecodeError, ValueError):
            cache[path] = None
    return cache[path]


def excerpt(line: str, column: int, width: int = WIDTH) -> tuple[str, int]:
    """The part of a long line around a 1-based column, and the caret's offset in it. A tab is shown as →
    and every other invisible character as ·, one column each, so the caret stands under the column."""
    shown = visible(line).rstrip()
    offset = min(max(column - 1, 0), len(shown))
    if len(shown) <= width:
        return shown, offset
    start = max(0, min(offset - width // 2, len(shown) - width))
    window = shown[start : start + width]
    if start > 0:
        window = "…" + window[1:]
    if start + width < len(shown):
        window = window[:-1] + "…"
    return window, offset - start


def visible(text: str) -> str:
    """A line as a message shows it: a tab as →, another invisible character as ·."""
    return INVISIBLE.sub("·", text.replace("\t", TAB))


def counts(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    parts = [ngettext("{n} error", "{n} errors", errors)] if errors else []
    parts += [ngettext("{n} warning", "{n} warnings", warnings)] if warnings else []
    return ", ".join(parts)


def text(problems: Iterable[Problem], root: Path, colour: bool = False) -> str:
    """Per file a header, then per problem: path:line:col: severity: message, the line, a caret, the hint."""
    colour = colour and not os.environ.get("NO_COLOR")

    def paint(kind: str, words: str) -> str:
        return f"{_COLOURS[kind]}{words}{_COLOURS['reset']}" if colour else words

    out: list[str] = []
    for header, shown in files(problems, root, paint):
        if out:
            out.append("")  # a blank line between files
        out.append(paint("file", header))
        out += [line for item in shown for line in item.lines]
    return "\n".join(out)


@dataclass(frozen=True)
class Shown:
    """One problem as `text` shows it: its first line, the source line with the caret, then notes and hint."""

    problem: Problem
    headline: str
    source: list[str]
    notes: list[str]

    @property
    def lines(self) -> list[str]:
        return [self.headline, *self.source, *self.notes]


def files(problems: Iterable[Problem], root: Path, paint: Callable[[str, str], str] = lambda _kind, words: words
          ) -> Iterator[tuple[str, list[Shown]]]:
    """Per file its header ("path: 1 error") and its problems, each as `text` shows it.

    `nota preview` lists these in the page, so an editor reads there the same words as `check` prints."""
    cache: dict[Path, list[str] | None] = {}
    note, hint = _("note"), _("hint")
    for path, group in groupby(problems, key=lambda p: p.where.path):
        in_file = list(group)
        shown = []
        for p in in_file:
            notes = [f"  {r.where}: {paint('hint', note)}: {r.note}" for r in p.related]
            if p.hint:  # a hint of several lines (a block to write) is indented under its first
                first, *more = p.hint.split("\n")
                notes += [f"  {paint('hint', hint)}: {first}", *(f"    {line}" if line else "" for line in more)]
            shown.append(Shown(p, f"{p.where}: {paint(p.severity.value, p.severity.value)}: {p.message}",
                               _source(_lines(root, path, cache), p), notes))
        yield f"{path.as_posix()}: {counts(in_file)}", shown


def _source(lines: list[str] | None, p: Problem) -> list[str]:
    """The offending line with its number, and a caret under the column."""
    if lines is None or not 1 <= p.where.line <= len(lines) or not lines[p.where.line - 1].strip():
        return []
    shown, offset = excerpt(lines[p.where.line - 1], p.where.column)
    number = str(p.where.line)
    return [f"  {number} | {shown}", f"  {' ' * len(number)} | {' ' * offset}^"]


def as_json(problems: Iterable[Problem]) -> str:
    return json.dumps([
        {"path": p.where.path.as_posix(), "line": p.where.line, "column": p.where.column,
         "severity": p.severity.value, "code": str(p.code), "message": p.message, "hint": p.hint,
         "document": p.document,
         "related": [{"path": r.where.path.as_posix(), "line": r.where.line, "column": r.where.column,
                      "note": r.note} for r in p.related]}
        for p in problems
    ], ensure_ascii=False, indent=2)


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


def github(problems: Iterable[Problem]) -> str:
    """::error file=...,line=...,col=...,title=...::message (hint)."""
    lines = []
    for p in problems:
        props = (f"file={_escape(p.where.path.as_posix(), True)},line={p.where.line},col={p.where.column},"
                 f"title={_escape('nota ' + str(p.code), True)}")
        related = "".join(f" ({r.note}: {r.where})" for r in p.related)
        body = _("{message}{related}. Hint: {hint}", message=p.message, related=related, hint=p.hint) if p.hint \
            else f"{p.message}{related}"
        lines.append(f"::{p.severity.value} {props}::{_escape(body)}")
    return "\n".join(lines)


def render(problems: list[Problem], fmt: str, root: Path, colour: bool = False) -> str:
    """Problems (sorted per file and line by the caller) in one of FORMATS."""
    if fmt == "json":
        return as_json(problems)
    if fmt == "github":
        return github(problems)
    return text(problems, root, colour)
