"""LOAD stage: read a YAML content file safely, keeping every value's line and column.

Content is untrusted. The loader builds only plain mappings, lists, strings, numbers, booleans, dates
and null: explicit tags, anchors and aliases, directives and extra documents are refused before
anything is constructed, and so are oversized files, deep nesting and invisible control characters.
A syntax error does not hide the rest of the file: it is read again without the broken part
(load/resume.py), and a text written without `|` keeps the line breaks of its list (load/plain.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import ScalarEvent

from nota import limits
from nota.errors import Code, ContentError, Problem
from nota.i18n import _, number
from nota.load import fastyaml, parsed, resume
from nota.load.events import Refused, Replay, check_events, refused
from nota.load.plain import untab_bullets
from nota.load.safefs import UnsafeFile, read_inside
from nota.load.yaml_errors import explain, explain_duplicate
from nota.source import SourceFile

# C0/C1 controls except tab, newline, carriage return; bidi overrides and isolates; zero-width characters
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


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


def _decode(raw: bytes, rel: Path) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(refused(rel, _("file is not UTF-8"),
                                    _("save the file as UTF-8 (most editors: 'Save with encoding')"), line).problem
                           ) from None
    return text.removeprefix("\ufeff")


def _character_problems(lines: list[str], rel: Path) -> tuple[list[Problem], list[int]]:
    """Every line with an invisible character or a tab used for indentation, and the lines with tabs
    (YAML cannot read those: they are left out when the rest of the file is read)."""
    problems, tabs = [], []
    for at, line in enumerate(lines, 1):
        match = _FORBIDDEN.search(line)
        if match:
            char = match.group()
            name = unicodedata.name(char, "")
            problems.append(refused(rel, _("invisible character {name} (U+{code}, shown as ·) at column {column}",
                                            name=name or _("without a name"), code=f"{ord(char):04X}",
                                            column=match.start() + 1),
                                     _("delete it: it can hide or reorder text"), at, match.start() + 1,
                                     Code.CHARACTERS).problem)
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            column = line.index("\t") + 1
            problems.append(refused(rel, _("a tab (shown as →) at column {column} is used for indentation",
                                            column=column),
                                     _("indent with spaces; YAML does not allow tabs"), at, column).problem)
            tabs.append(at)
    return problems, tabs


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _parse_checked(text: str, rel: Path, keys: Collection[str]) -> Any:
    """The data of a YAML text, checked event by event; Refused with the first problem.

    libyaml's events are used where they are the pure parser's (load/fastyaml.py): what is refused in
    them is refused at the same place either way; a text libyaml declines or cannot read is read with
    the pure parser, whose errors the messages explain (yaml_errors.py)."""
    if fastyaml.usable(text):
        try:
            return _construct(text, check_events(_yaml(), text, rel, [], fastyaml.events(text)))
        except Refused:
            raise
        except (fastyaml.Declined, YAMLError, RecursionError, ValueError):  # read and explained again below
            pass
    yaml, events = _yaml(), list[Any]()
    try:
        check_events(yaml, text, rel, events)
        return _construct(text, events)
    except MarkedYAMLError as exc:  # explained in plain words at the spot to fix (yaml_errors.py)
        lines = text.splitlines()
        last = next((e for e in reversed(events) if isinstance(e, ScalarEvent)), None)
        found = explain_duplicate(exc, lines) if isinstance(exc, DuplicateKeyError) else explain(exc, lines, keys,
                                                                                                  last)
        raise refused(rel, found.message, found.hint, found.line, found.column, found.code, resumable=True,
                      structural=found.structural, first=found.first) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise refused(rel, _("YAML could not be read: {error}", error=str(exc).splitlines()[0] if str(exc) else ""),
                       _("check the indentation and quoting around this line")) from None


def _construct(text: str, events: list[Any]) -> Any:
    """The data built from checked events (constructing from them, not parsing again)."""
    loader = _yaml()
    loader._parser = Replay(events)  # type: ignore[attr-defined]  # construct from the checked events instead of parsing again
    return loader.load(text)


def load_text(text: str, rel: Path, keys: Collection[str] = ()) -> SourceFile:
    """Parse YAML text safely; raise ContentError with every located problem if it cannot be used.

    `keys` are the keys content files have (title, type, ...), so that a hint can tell a key written
    without its colon from text. After a syntax error the rest of the file is read where that can be
    done (load/resume.py): the ContentError then carries it, for the model to check too. Inside
    `parsed.reuse` (nota preview) a file whose text has not changed is not parsed again.
    """
    cache = parsed.current()
    return _parse(text, rel, keys) if cache is None else cache.load(text, rel, lambda t, r: _parse(t, r, keys))


def _parse(text: str, rel: Path, keys: Collection[str] = ()) -> SourceFile:
    """The file as load_text reads it, without the cache (nota preview's cache calls this)."""
    text = untab_bullets(text)  # "•→item" pasted from a word processor (load/plain.py): same columns
    lines = text.splitlines()
    problems, tabs = _character_problems(lines, rel)
    parts = [part for part in (resume.region(lines, line) for line in tabs) if part is not None]
    data, read = _read_on(text, lines, rel, keys, problems, parts) if len(parts) == len(tabs) else (None, False)
    if not problems:
        return SourceFile(rel, data, lines)
    rest = resume.Rest(SourceFile(rel, data, lines), tuple(parts)) if read else None
    raise ContentError(problems, rest)


def _read_on(text: str, lines: list[str], rel: Path, keys: Collection[str], problems: list[Problem],
             parts: list[tuple[int, int]]) -> tuple[Any, bool]:
    """Parse the text; after each syntax error, leave out its part and parse again. The problems and
    parts found are added to the lists; return the data and whether the rest of the file could be read."""
    previous: Refused | None = None
    for attempt in range(limits.MAX_YAML_RESUMES + 1):
        if attempt and (attempt + 1) * len(text) > limits.MAX_RESUME_CHARS:
            return None, False  # a large file full of errors: what was found is enough
        try:
            return _parse_checked(resume.blanked(lines, parts) if parts else text, rel, keys), True
        except Refused as refused:
            if _follows(refused, previous, parts):
                return None, False
            problems.append(refused.problem)
            part = resume.region(lines, refused.problem.where.line, refused.structural) if refused.resumable else None
            if part is None:
                return None, False
            parts.append(part)
            previous = refused
    return None, False


def _follows(refused: Refused, previous: Refused | None, parts: list[tuple[int, int]]) -> bool:
    """Whether an error found on reading on follows from what was left out, not from the file: it is
    met again inside or before a part left out, or the same indentation error once more (a sibling)."""
    line = refused.problem.where.line
    if any(first <= line <= last for first, last in parts):
        return True
    if previous is None:
        return False
    same = refused.structural and previous.structural and refused.problem.message == previous.problem.message
    return line <= previous.problem.where.line or same


def load_file(path: Path, rel: Path, keys: Collection[str] = ()) -> SourceFile:
    """Read and parse one content file; `rel` is its path from the project root, which it must stay inside."""
    root = path.parents[len(rel.parts) - 1] if rel.parts and path.parts[-len(rel.parts):] == rel.parts else path.parent
    try:
        raw = read_inside(root, path, limits.MAX_FILE_BYTES, _("the project"))
    except UnsafeFile as exc:
        if exc.size is not None:
            raise ContentError(refused(rel, _("file is {size} bytes, more than the limit of {limit}",
                                               size=number(exc.size), limit=number(limits.MAX_FILE_BYTES)),
                                        _("split the content over more files"), code=Code.LIMIT).problem) from None
        raise ContentError(refused(rel, _("file {reason}", reason=exc.reason), exc.hint,
                                    code=Code.FILE).problem) from None
    return load_text(_decode(raw, rel), rel, keys)
