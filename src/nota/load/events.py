"""LOAD stage, the event pass: every parse event checked before anything is constructed.

Content is untrusted, so what it never needs is refused while the parser's events go by: explicit
tags, anchors and aliases, directives, more than one document, merge keys, keys that are lists, deep
nesting, and values over their size limit. The checked events are then replayed to the constructor
(`Replay`), so each file is scanned once.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
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
from nota.errors import Code, Problem, Related
from nota.i18n import _, number
from nota.load.plain import keep_list_lines
from nota.load.yaml_errors import quote_hint
from nota.source import Location

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
# after a value without quotes, " #" starts a YAML comment; "#" right before a word or number ("#1",
# "#Lelystad") is text a writer meant, which YAML would silently leave out ("# note" is a comment)
_CUT_BY_HASH = re.compile(r"[ \t]+(#[^\s#].*)$")
_COMMENT = re.compile(r"[ \t]+(#(?:\s.*)?)$")  # "# note" (or a lone #) after the text: a comment meant as one


class Replay:
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


class Refused(Exception):
    """One located problem that stops a parse; `resumable` when the rest of the file can still be read,
    `structural` when what holds the line is confused too (an indentation error)."""

    def __init__(self, problem: Problem, resumable: bool = False, structural: bool = False) -> None:
        super().__init__(str(problem))
        self.problem, self.resumable, self.structural = problem, resumable, structural


def refused(rel: Path, message: str, hint: str, line: int = 1, column: int = 1, code: Code = Code.YAML,
            resumable: bool = False, structural: bool = False, first: tuple[int, int] | None = None) -> Refused:
    """A problem that stops the parse; `first`, the line and column of the first of two (a key twice)."""
    related = (Related(Location(rel, *first), _("first here")),) if first else ()
    return Refused(Problem(message, Location(rel, line, column), hint, code=code, related=related), resumable,
                   structural)


class _EventCheck:
    """One pass over the parse events, refusing what content never needs before anything is built."""

    def __init__(self, rel: Path, resolver: Any, text: str, lines: list[str]) -> None:
        self.rel, self.resolver = rel, resolver
        self.text, self.lines = text, lines  # for hints that show the line as it should be typed
        self.documents = 0
        self.values = 0
        self.open: list[list[int]] = []  # per open collection: [is a mapping, items seen so far]

    def refuse(self, event: Any, message: str, hint: str, code: Code = Code.YAML, resumable: bool = False) -> Refused:
        mark = event.start_mark
        return refused(self.rel, message, hint, mark.line + 1, mark.column + 1, code, resumable)

    def quote_hint(self, event: Any) -> str:
        mark = event.start_mark
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        return quote_hint(line, mark.column + 1)

    def __call__(self, event: Any) -> None:
        if isinstance(event, DocumentStartEvent):
            self.document(event)
        elif isinstance(event, AliasEvent):  # `- *Let op* dit`: an editor's emphasis, not an alias
            raise self.refuse(event, _("a value that starts with * needs quotes (YAML aliases are not allowed)"),
                              self.quote_hint(event), resumable=True)
        elif isinstance(event, NodeEvent):
            self.node(event)
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            self.open.pop()

    def document(self, event: DocumentStartEvent) -> None:
        self.documents += 1
        if getattr(event, "version", None) or getattr(event, "tags", None):  # point at the % line, not at ---
            line = next((i for i, text in enumerate(self.lines) if text.startswith("%")), event.start_mark.line)
            raise refused(self.rel, _("YAML directive (%YAML or %TAG) in content"),
                           _("remove the line starting with %"), line + 1, 1)
        if self.documents > 1:
            raise self.refuse(event, _("more than one YAML document in this file"),
                              _("remove the '---' line; one file holds one document"))

    def node(self, event: NodeEvent) -> None:
        is_key = bool(self.open) and self.open[-1][0] == 1 and self.open[-1][1] % 2 == 0
        if self.open:
            self.open[-1][1] += 1
        self.values += 1
        if self.values > limits.MAX_VALUES_PER_FILE:
            raise self.refuse(event, _("more than {limit} values in one file",
                                       limit=number(limits.MAX_VALUES_PER_FILE)),
                              _("split the content over more files"), Code.LIMIT)
        if event.anchor:  # refused at the first one, without going on: a billion laughs has one on every line
            raise self.refuse(event, _("a value that starts with & needs quotes (YAML anchors are not allowed)"),
                              self.quote_hint(event))
        tag = getattr(event, "tag", None)  # set only when written: plain values carry no tag
        if tag is not None:
            raise self.refuse(event, _("explicit tag {tag} in content", tag=_shown_tag(str(tag))),
                              _("remove the tag (the word starting with !); write plain values"))
        if isinstance(event, ScalarEvent):
            self.scalar(event, is_key)
        elif isinstance(event, CollectionStartEvent):
            self.collection(event, is_key)

    def scalar(self, event: ScalarEvent, is_key: bool) -> None:
        length = len(event.value) - event.value.count("\a")  # the pure parser marks a folded line's end with \a
        if length > limits.MAX_FIELD_CHARS:
            raise self.refuse(event, _("text of {size} characters, more than the limit of {limit} for one value",
                                       size=number(length), limit=number(limits.MAX_FIELD_CHARS)),
                              _("split it into several paragraphs or blocks"), Code.LIMIT)
        if is_key and event.value == "<<" and event.style is None:
            raise self.refuse(event, _("merge key << in content"), _("write the keys out in full; << is not allowed"))
        if event.style is None and len(event.value) > limits.MAX_NUMBER_CHARS and self.is_number(event.value):
            raise self.refuse(event, _("number of {size} characters, more than the limit of {limit}",
                                       size=number(len(event.value)), limit=limits.MAX_NUMBER_CHARS),
                              _("write the amount in whole euros; put text between double quotes"), Code.LIMIT)
        if event.style is None and not is_key:
            self.cut_by_hash(event)
            if self.open and not self.open[-1][0]:
                self.sibling_in_text(event)
            event.value = keep_list_lines(self.text, event)

    def cut_by_hash(self, event: ScalarEvent) -> None:
        """`- Wij zijn de nummer #1 gemeente`: YAML reads "Wij zijn de nummer" and drops the rest as a
        comment. Refuse it at the #, rather than publish a text cut short without a word. A real
        comment after it ("# note", with a space) stays a comment in the hint."""
        end = event.end_mark
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        cut = _CUT_BY_HASH.match(line, end.column)
        if cut is None:
            return
        comment = _COMMENT.search(line, cut.start(1))
        text_end = comment.start() if comment else len(line)
        start = event.start_mark
        if start.line != end.line:  # a text over several lines: the hint cannot show it on one line
            hint = _("put the whole text between double quotes")
        else:
            hint = quote_hint(line[:text_end], start.column + 1) + (f" {comment[1]}" if comment else "")
        raise refused(self.rel, _("“{text}” would be left out: after a space, # starts a comment that is not shown",
                                  text=_shortened(line[cut.start(1) : text_end])),
                      hint, end.line + 1, cut.start(1) + 1, resumable=True)

    def sibling_in_text(self, event: ScalarEvent) -> None:
        """A list item indented one step too far is read as the text of the item above it: refuse it,
        at its own line, rather than let it join that text (`- jeugdzorg` under `- focuspunten`)."""
        start, end = event.start_mark, event.end_mark
        for at in range(start.line + 1, end.line + 1):
            line = self.lines[at] if at < len(self.lines) else ""
            depth = len(line) - len(line.lstrip(" "))
            if line.lstrip().startswith("- ") and depth < start.column:
                dash = self.lines[start.line].rfind("-", 0, start.column)
                raise refused(self.rel, _("this list item is indented further than the one above it, so it is read "
                                          "as part of its text"),
                              _("start it at column {column}, like the list item on line {line}", column=dash + 1,
                                line=start.line + 1), at + 1, depth + 1, resumable=True, structural=True)

    def is_number(self, value: str) -> bool:
        # Python refuses to convert ints of over 4,300 digits; no amount needs more than a dozen
        return str(self.resolver.resolve(ScalarNode, value, (True, False))) in _NUMBER_TAGS

    def collection(self, event: CollectionStartEvent, is_key: bool) -> None:
        if is_key:
            raise self.refuse(event, _("a list or mapping used as a key"), _("a key is a plain word, e.g. title:"))
        if len(self.open) >= limits.MAX_DEPTH:
            raise self.refuse(event, _("nesting deeper than {limit} levels", limit=limits.MAX_DEPTH),
                              _("flatten the structure; content never needs this depth"), Code.LIMIT)
        self.open.append([int(isinstance(event, MappingStartEvent)), 0])


def _shortened(text: str, most: int = 40) -> str:
    text = text.rstrip()
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def check_events(yaml: YAML, text: str, rel: Path, events: list[Any], source: Iterable[Any] | None = None
                 ) -> list[Any]:
    """Refuse tags, anchors, aliases, directives, deep nesting and extra documents before constructing.
    `events` collects them: after a syntax error, the ones before it tell what the parser had read.
    `source`: the events already parsed (libyaml's, load/fastyaml.py), else the pure parser's."""
    check = _EventCheck(rel, yaml.resolver, text, text.splitlines())
    for event in yaml.parse(text) if source is None else source:
        events.append(event)
        check(event)
        if isinstance(event, StreamEndEvent):
            break
    return events
