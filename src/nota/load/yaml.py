"""LOAD stage: read a YAML content file safely, keeping every value's line and column.

Content is untrusted. The loader builds only plain mappings, lists, strings, numbers, booleans, dates
and null: explicit tags, anchors and aliases, directives and extra documents are refused before
anything is constructed, and so are oversized files, deep nesting and invisible control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
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
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import ScalarNode

from nota import limits
from nota.errors import Code, ContentError, Problem
from nota.load import parsed
from nota.load.safefs import UnsafeFile, read_inside
from nota.load.yaml_errors import explain, explain_duplicate, quote_hint
from nota.source import Location, SourceFile

# C0/C1 controls except tab, newline, carriage return; bidi overrides and isolates; zero-width characters
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class SourceFloat(float):
    """A float that remembers how it was written, so '-291.151' can be explained as -291151."""

    source: str

    def __new__(cls, value: float, source: str) -> SourceFloat:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


class _Constructor(RoundTripConstructor):
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


def _problem(rel: Path, message: str, hint: str, line: int = 1, column: int = 1,
             code: Code = Code.YAML) -> ContentError:
    return ContentError(Problem(message, Location(rel, line, column), hint, code=code))


def _decode(raw: bytes, rel: Path) -> str:
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
                           "delete it: it can hide or reorder text", number, match.start() + 1, Code.CHARACTERS)
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            raise _problem(rel, "tab used for indentation", "indent with spaces; YAML does not allow tabs",
                           number, line.index("\t") + 1)


class _EventCheck:
    """One pass over the parse events, refusing what content never needs before anything is built."""

    def __init__(self, rel: Path, resolver: Any, lines: list[str] | None = None) -> None:
        self.rel, self.resolver = rel, resolver
        self.lines = lines or []  # for hints that show the line as it should be typed
        self.documents = 0
        self.values = 0
        self.open: list[list[int]] = []  # per open collection: [is a mapping, items seen so far]

    def refuse(self, event: Any, message: str, hint: str, code: Code = Code.YAML) -> ContentError:
        mark = event.start_mark
        return _problem(self.rel, message, hint, mark.line + 1, mark.column + 1, code)

    def quote_hint(self, event: Any) -> str:
        mark = event.start_mark
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        return quote_hint(line, mark.column + 1)

    def __call__(self, event: Any) -> None:
        if isinstance(event, DocumentStartEvent):
            self.document(event)
        elif isinstance(event, AliasEvent):
            raise self.refuse(event, "a value that starts with * needs quotes (YAML aliases are not allowed)",
                              self.quote_hint(event))
        elif isinstance(event, NodeEvent):
            self.node(event)
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            self.open.pop()

    def document(self, event: DocumentStartEvent) -> None:
        self.documents += 1
        if getattr(event, "version", None) or getattr(event, "tags", None):  # point at the % line, not at ---
            line = next((i for i, text in enumerate(self.lines) if text.startswith("%")), event.start_mark.line)
            raise _problem(self.rel, "YAML directive (%YAML or %TAG) in content", "remove the line starting with %",
                           line + 1, 1)
        if self.documents > 1:
            raise self.refuse(event, "more than one YAML document in this file",
                              "remove the '---' line; one file holds one document")

    def node(self, event: NodeEvent) -> None:
        is_key = bool(self.open) and self.open[-1][0] == 1 and self.open[-1][1] % 2 == 0
        if self.open:
            self.open[-1][1] += 1
        self.values += 1
        if self.values > limits.MAX_VALUES_PER_FILE:
            raise self.refuse(event, f"more than {limits.MAX_VALUES_PER_FILE:,} values in one file",
                              "split the content over more files", Code.LIMIT)
        if event.anchor:
            raise self.refuse(event, "a value that starts with & needs quotes (YAML anchors are not allowed)",
                              self.quote_hint(event))
        tag = getattr(event, "tag", None)  # set only when written: plain values carry no tag
        if tag is not None:
            raise self.refuse(event, f"explicit tag {_shown_tag(str(tag))} in content",
                              "remove the tag (the word starting with !); write plain values")
        if isinstance(event, ScalarEvent):
            self.scalar(event, is_key)
        elif isinstance(event, CollectionStartEvent):
            self.collection(event, is_key)

    def scalar(self, event: ScalarEvent, is_key: bool) -> None:
        if len(event.value) > limits.MAX_FIELD_CHARS:
            raise self.refuse(event, f"text of {len(event.value):,} characters, more than the limit of "
                              f"{limits.MAX_FIELD_CHARS:,} for one value",
                              "split it into several paragraphs or blocks", Code.LIMIT)
        if is_key and event.value == "<<" and event.style is None:
            raise self.refuse(event, "merge key << in content", "write the keys out in full; << is not allowed")
        if event.style is None and len(event.value) > limits.MAX_NUMBER_CHARS and self.is_number(event.value):
            raise self.refuse(event, f"number of {len(event.value):,} characters, more than the limit of "
                              f"{limits.MAX_NUMBER_CHARS}", "write the amount in whole euros; put text between "
                              "double quotes", Code.LIMIT)

    def is_number(self, value: str) -> bool:
        # Python refuses to convert ints of over 4,300 digits; no amount needs more than a dozen
        return str(self.resolver.resolve(ScalarNode, value, (True, False))) in _NUMBER_TAGS

    def collection(self, event: CollectionStartEvent, is_key: bool) -> None:
        if is_key:
            raise self.refuse(event, "a list or mapping used as a key", "a key is a plain word, e.g. title:")
        if len(self.open) >= limits.MAX_DEPTH:
            raise self.refuse(event, f"nesting deeper than {limits.MAX_DEPTH} levels",
                              "flatten the structure; content never needs this depth", Code.LIMIT)
        self.open.append([int(isinstance(event, MappingStartEvent)), 0])


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _check_events(yaml: YAML, text: str, rel: Path) -> list[Any]:
    """Refuse tags, anchors, aliases, directives, deep nesting and extra documents before constructing."""
    check, events = _EventCheck(rel, yaml.resolver, text.splitlines()), []
    for event in yaml.parse(text):
        events.append(event)
        check(event)
        if isinstance(event, StreamEndEvent):
            break
    return events


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def load_text(text: str, rel: Path) -> SourceFile:
    """Parse YAML text safely; raise ContentError with a located problem if it cannot be used.

    Inside `parsed.reuse` (nota preview) a file whose text has not changed is not parsed again."""
    cache = parsed.current()
    return _parse(text, rel) if cache is None else cache.load(text, rel, _parse)


def _parse(text: str, rel: Path) -> SourceFile:
    _check_characters(text, rel)
    yaml = _yaml()
    try:
        events = _check_events(yaml, text, rel)
        loader = _yaml()
        loader._parser = _Replay(events)  # type: ignore[attr-defined]  # construct from the checked events instead of parsing again
        data = loader.load(text)
    except MarkedYAMLError as exc:  # explained in plain words at the spot to fix (yamlsyntax.py)
        dup = isinstance(exc, DuplicateKeyError)
        found = (explain_duplicate if dup else explain)(exc, text.splitlines())
        raise _problem(rel, found.message, found.hint, found.line, found.column, found.code) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise _problem(rel, f"YAML could not be read: {exc}".splitlines()[0],
                       "check the indentation and quoting around this line") from None
    return SourceFile(rel, data, text.splitlines())


def load_file(path: Path, rel: Path) -> SourceFile:
    """Read and parse one content file; `rel` is its path from the project root, which it must stay inside."""
    root = path.parents[len(rel.parts) - 1] if rel.parts and path.parts[-len(rel.parts):] == rel.parts else path.parent
    try:
        raw = read_inside(root, path, limits.MAX_FILE_BYTES, "the project")
    except UnsafeFile as exc:
        if exc.size is not None:
            raise _problem(rel, f"file is {exc.size:,} bytes, more than the limit of {limits.MAX_FILE_BYTES:,}",
                           "split the content over more files", code=Code.LIMIT) from None
        raise _problem(rel, f"file {exc.reason}", exc.hint, code=Code.FILE) from None
    return load_text(_decode(raw, rel), rel)
