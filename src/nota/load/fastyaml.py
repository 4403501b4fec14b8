"""LOAD stage: parse events from libyaml (ruamel.yaml.clib), where they are the pure parser's events.

Parsing is most of what `nota check` costs: ruamel's pure-Python round-trip parser took 0.10 of the
0.15 s that checking both real documents took, libyaml takes 0.003 s. load/yaml.py builds the data
from these events exactly as from the pure parser's (same values, same lines and columns, so every
message and position stays as it was), and uses the pure parser for every file this module declines
and for every file libyaml cannot read, so a syntax error is always explained by the one parser the
messages were written for (load/yaml_errors.py). The events are the pure parser's, so what the loader
refuses in them (a tag, an anchor, a limit) it refuses at the same place with either.

libyaml is declined where the two parsers are known to differ: line breaks other than \\n (YAML 1.1
counts NEL, LS and PS as line breaks), tabs, an empty plain value (the two place it differently),
explicit document markers and directives. Folded scalars (>) differ only in the marks the pure parser
puts at its folds (\\a, which the constructor removes; the length limit counts without them). tests/test_load.py
holds both parsers' results equal on every content file of the repository and on generated ones.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import DocumentEndEvent, DocumentStartEvent, ScalarEvent, StreamEndEvent

_DECLINED = re.compile("[\t\r\x85\u2028\u2029]")


class Declined(Exception):
    """libyaml's events would not be the pure parser's here (or libyaml found something wrong)."""


def usable(text: str) -> bool:
    """Whether libyaml is installed and may read this text."""
    return _parser() is not None and not _DECLINED.search(text)


def _parser() -> Any:
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # re-exported from ruamel.yaml.clib
    except ImportError:  # no compiled libyaml on this system: the pure parser does all
        return None
    return CParser


def events(text: str) -> Iterator[Any]:
    """The parse events of a `usable` text, one at a time (so a limit stops the parse at once);
    Declined where they would differ from the pure parser's or libyaml finds the text wrong."""
    try:
        source = _parser()(io.StringIO(text))
        while True:
            event = source.get_event()
            if not _same_as_pure(event):
                raise Declined
            yield event
            if isinstance(event, StreamEndEvent):
                return
    except MarkedYAMLError:  # any problem is found and explained by the pure parser
        raise Declined from None


def _same_as_pure(event: Any) -> bool:
    """Whether the event is as the pure parser gives it (made so for a plain scalar's style)."""
    if isinstance(event, ScalarEvent):
        if event.style == "":
            event.style = None  # the pure parser's plain style
        return not (event.value == "" and event.style is None)
    if isinstance(event, DocumentStartEvent):
        return not (event.explicit or event.version or event.tags)
    if isinstance(event, DocumentEndEvent):
        return not event.explicit
    return True
