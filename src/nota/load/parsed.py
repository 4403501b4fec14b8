"""LOAD stage, parsed files kept between runs: a long-running command (`nota preview`) parses again
only the files whose text changed since the last run.

A file's parse depends on nothing but its path and its text (a `SourceFile`, or the located problem
that refuses it), so an entry is reused only for the same path with the same text. It is off unless
a command turns it on with `reuse`: the one-shot commands (build, check, diff) parse every file,
each under its deadline, as before. One entry per path, so it holds no more than the project has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from nota.errors import ContentError
from nota.i18n import language
from nota.source import SourceFile


class ParseCache:
    """The last parse of each content file, by its path from the project root, with the text it was parsed from."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[str, str, SourceFile | ContentError]] = {}

    def load(self, text: str, rel: Path, parse: Callable[[str, Path], SourceFile]) -> SourceFile:
        """The parse of `text` at `rel`: the kept one if the text (and the language its messages are in)
        is the same, else a new one (kept). A file that is refused keeps all its problems and what
        could still be read of it."""
        entry = self._entries.get(rel)
        if entry is None or entry[0] != text or entry[1] != language():
            try:
                result: SourceFile | ContentError = parse(text, rel)
            except ContentError as exc:
                result = exc
            entry = self._entries[rel] = (text, language(), result)
        if isinstance(entry[2], ContentError):
            raise ContentError(entry[2].problems, entry[2].rest)
        return entry[2]


_CURRENT: ContextVar[ParseCache | None] = ContextVar("nota_parse_cache", default=None)


@contextmanager
def reuse(cache: ParseCache) -> Iterator[None]:
    """Within this block (in this thread), parse content files through `cache`."""
    token = _CURRENT.set(cache)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> ParseCache | None:
    """The cache turned on by `reuse` around this call, if any."""
    return _CURRENT.get()
