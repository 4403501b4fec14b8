"""LOAD stage: read a YAML content file safely, keeping every value's line and column.

Content is untrusted. The loader builds only plain mappings, lists, strings, numbers, booleans, dates
and null: explicit tags, anchors and aliases, directives and extra documents are refused before
anything is constructed, and so are oversized files, deep nesting and invisible control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from nota.errors import ContentError, Location, Problem

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 24
# C0/C1 controls except tab, newline, carriage return; bidi overrides and isolates; zero-width characters
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


class SourceFloat(float):
    """A float that remembers how it was written, so '-291.151' can be explained as -291151."""

    source: str

    def __new__(cls, value: float, source: str) -> SourceFloat:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


class _Constructor(RoundTripConstructor):  # type: ignore[misc]
    def construct_yaml_float(self, node: Any) -> Any:
        return SourceFloat(float(super().construct_yaml_float(node)), node.value)

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:  # an impossible date such as 2021-13-45: validation explains it at its place
            return node.value


_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _Replay:
    """A parser that hands out events already parsed and checked, so each file is scanned only once."""

    def __init__(self, events: list[Any]) -> None:
        self._events = deque(events)

    def check_event(self, *choices: Any) -> bool:
        return bool(self._events) and (not choices or isinstance(self._events[0], choices))

    def peek_event(self) -> Any:
        return self._events[0]

    def get_event(self) -> Any:
        return self._events.popleft()

    def dispose(self) -> None:
        self._events.clear()


@dataclass
class SourceFile:
    """A loaded content file: its data (with positions) and its lines, for located messages."""

    path: Path  # as shown to the user: relative to the project root
    data: Any
    lines: list[str] = field(repr=False)

    def locate(self, loc: tuple[int | str, ...]) -> Location:
        """Map ('rows', 2, 'amounts', 1) to that value's line and column; stop at the deepest node found."""
        return Location(self.path, *_position(self.data, loc))

    def token_at(self, where: Location) -> str:
        """The plain scalar written at a location, e.g. '-291.151' (for hints)."""
        if not 1 <= where.line <= len(self.lines):
            return ""
        rest = self.lines[where.line - 1][where.column - 1 :]
        match = re.match(r"""("[^"]*"|'[^']*'|[^,\]}#]*)""", rest)
        return match.group(1).strip() if match else ""


def _position(data: Any, loc: tuple[int | str, ...]) -> tuple[int, int]:
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


def _problem(rel: Path, message: str, hint: str, line: int = 1, column: int = 1, code: str = "yaml") -> ContentError:
    return ContentError(Problem(message, Location(rel, line, column), hint, code=code))


def _decode(raw: bytes, rel: Path) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _problem(rel, f"file is {len(raw):,} bytes, more than the limit of {MAX_FILE_BYTES:,}",
                       "split the content over more files", code="limit")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _problem(rel, "file is not UTF-8", "save the file as UTF-8 (most editors: 'Save with encoding')",
                       line) from None
    return text.removeprefix("\ufeff")


def _check_characters(text: str, rel: Path) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        match = _FORBIDDEN.search(line)
        if match:
            name = unicodedata.name(match.group(), f"U+{ord(match.group()):04X}")
            raise _problem(rel, f"invisible character {name} in the text",
                           "delete it: it can hide or reorder text", number, match.start() + 1, "characters")
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            raise _problem(rel, "tab used for indentation", "indent with spaces; YAML does not allow tabs",
                           number, line.index("\t") + 1, "yaml")


def _check_events(yaml: YAML, text: str, rel: Path) -> list[Any]:
    """Refuse tags, anchors, aliases, directives, deep nesting and extra documents before constructing."""
    depth, documents, events = 0, 0, []
    for event in yaml.parse(text):
        events.append(event)
        mark = event.start_mark
        here = (mark.line + 1, mark.column + 1)
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if event.explicit and getattr(event, "version", None) or getattr(event, "tags", None):
                raise _problem(rel, "YAML directive (%YAML or %TAG) in content", "remove the line starting with %",
                               *here)
            if documents > 1:
                raise _problem(rel, "more than one YAML document in this file",
                               "remove the '---' line; one file holds one document", *here)
        elif isinstance(event, AliasEvent):
            raise _problem(rel, f"alias *{event.anchor} in content",
                           "write the value out in full; anchors and aliases are not allowed", *here)
        elif isinstance(event, NodeEvent):
            if event.anchor:
                raise _problem(rel, f"anchor &{event.anchor} in content",
                               "remove the &name; anchors and aliases are not allowed", *here)
            tag = getattr(event, "tag", None)
            if tag and tag not in _PLAIN_TAGS and tag != "!":
                raise _problem(rel, f"explicit tag {tag} in content",
                               "remove the tag (the word starting with !); write plain values", *here)
            if isinstance(event, ScalarEvent):
                continue
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _problem(rel, f"nesting deeper than {MAX_DEPTH} levels",
                                   "flatten the structure; content never needs this depth", *here, "limit")
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, StreamEndEvent):
            break
    return events


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def load_text(text: str, rel: Path) -> SourceFile:
    """Parse YAML text safely; raise ContentError with a located problem if it cannot be used."""
    _check_characters(text, rel)
    yaml = _yaml()
    try:
        events = _check_events(yaml, text, rel)
        loader = _yaml()
        loader._parser = _Replay(events)  # construct from the checked events instead of parsing again
        data = loader.load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        key = re.search(r'found duplicate key "([^"]*)"', str(exc))
        name = key.group(1) if key else "a key"
        raise _problem(rel, f'duplicate key "{name}"', "each key may appear once; remove or rename one of them",
                       mark.line + 1, mark.column + 1, "duplicate-key") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or "YAML syntax error").strip()
        raise _problem(rel, f"YAML syntax error: {message}", _syntax_hint(message), line, col) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise _problem(rel, f"YAML could not be read: {exc}".splitlines()[0],
                       "check the indentation and quoting around this line") from None
    return SourceFile(rel, data, text.splitlines())


def _syntax_hint(message: str) -> str:
    if "mapping values are not allowed" in message:
        return 'a value with ": " in it needs quotes: put the whole text between double quotes'
    if "could not find expected ':'" in message:
        return "a key needs a colon after it, e.g. title: ..."
    if "found character" in message and "cannot start any token" in message:
        return "this character cannot start a value: put the value between double quotes"
    return "check the indentation and quoting on this line and the one before"


def load_file(path: Path, rel: Path) -> SourceFile:
    """Read and parse one content file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _problem(rel, f"cannot read file: {exc.strerror}", "check that the file exists and is readable",
                       code="file") from None
    return load_text(_decode(raw, rel), rel)
