"""Messages in the user's language: English (the msgids written in the source) or Dutch (a catalogue).

Every message and hint nota shows goes through `_()` or `ngettext()`, with named placeholders:
`_("table has {rows} rows, more than the limit of {limit}", rows=..., limit=...)`. The English text
in the source is the msgid; `src/nota/locale/nl/LC_MESSAGES/nota.po` holds its Dutch, managed with
Babel (`scripts/messages.py`; CONTRIBUTING.md says how to add a message).

The language follows `--lang` (the CLI sets it for the run with `using`), then NOTA_LANG, then the
locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them): Dutch where that is Dutch,
English otherwise.

Translation is eager: a message is put into words when the problem is made, in the language active
then. Messages are built from parts in many stages (a table's name, a list of years, a hint that
quotes the line to type), and a finished string travels everywhere a problem goes (sorting, JSON, the
forked PDF worker, the comparison of two versions on the review page) without a rendering step in
each. The review page, whose language is always Dutch, runs its checks inside `using("nl")`.

This module is the ground floor (it imports only the standard library), so every stage can use it;
the catalogue is read on first use, never at import, so `nota check` starts as fast as before.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gettext import NullTranslations

LANGUAGES = ("en", "nl")
DEFAULT = "en"
DOMAIN = "nota"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# where gettext looks for the user's language, in its order; NOTA_LANG goes before all of them
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: ContextVar[str | None] = ContextVar("nota_language", default=None)
# the choice made in the main thread, for the threads a command starts while it runs (nota preview's
# server and typesetter): a new thread does not inherit the context of the one that started it
_process: list[str] = []


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language NOTA_LANG or the locale asks for: "nl" for any Dutch locale (nl, nl_NL.UTF-8,
    nl_BE), else "en"."""
    environ = os.environ if environ is None else environ
    for name in ("NOTA_LANG", *LOCALE_VARIABLES):
        value = environ.get(name, "").strip()
        if value:
            first = value.split(":")[0]  # LANGUAGE may list several: nl:en
            return "nl" if first.lower().startswith("nl") else DEFAULT
    return DEFAULT


def language() -> str:
    """The language of messages now: the one chosen for this run, else what the environment asks."""
    return _chosen.get() or (_process[-1] if _process else None) or from_environment()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Put every message made inside the block into `lang` ("en" or "nl")."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    token = _chosen.set(lang)
    main = threading.current_thread() is threading.main_thread()
    if main:
        _process.append(lang)
    try:
        yield
    finally:
        _chosen.reset(token)
        if main:
            _process.pop()


@cache
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue of a language (read once, on first use: gettext is not even imported before);
    English needs none: its texts are the msgids."""
    import gettext

    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if lang == DEFAULT or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


def _format(translated: str, msgid: str, params: Mapping[str, object]) -> str:
    try:
        return translated.format_map(params)
    except (KeyError, IndexError, ValueError):  # a broken translation: the English still says it
        return msgid.format_map(params)


def gettext(msgid: str) -> str:
    """The translation of a text, unformatted (for templates that others fill in, such as pydantic's)."""
    return catalogue(language()).gettext(msgid)


def _(msgid: str, /, **params: object) -> str:
    """The message in the current language, its {placeholders} filled in. Literal braces are doubled."""
    return _format(gettext(msgid), msgid, params)


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    """One of two forms by the number `n` (also available as {n}), in the current language."""
    translated = catalogue(language()).ngettext(singular, plural, n)
    return _format(translated, singular if n == 1 else plural, {"n": number(n), **params})


def N_(msgid: str) -> str:
    """Mark a text for translation where it is defined; translate it with `_()` where it is used."""
    return msgid


def number(value: int) -> str:
    """A whole number with grouped thousands as the language writes it: 12,000 or 12.000."""
    text = f"{value:,}"
    return text.replace(",", ".") if language() == "nl" else text


def decimal(value: float, places: int = 1) -> str:
    """A number with a fraction as the language writes it: 7.9 or 7,9."""
    text = f"{value:,.{places}f}"
    return text.translate(str.maketrans(",.", ".,")) if language() == "nl" else text


def seconds(value: float) -> str:
    """A duration as a run reports it: '7.9 s' ('7,9 s')."""
    return f"{decimal(value)} s"


def either(items: Iterable[object]) -> str:
    """'a, b or c' ('a, b of c')."""
    shown = [str(item) for item in items]
    return _("{rest} or {last}", rest=", ".join(shown[:-1]), last=shown[-1]) if len(shown) > 1 else "".join(shown)


def each(items: Iterable[object]) -> str:
    """'a, b and c' ('a, b en c')."""
    shown = [str(item) for item in items]
    return _("{rest} and {last}", rest=", ".join(shown[:-1]), last=shown[-1]) if len(shown) > 1 else "".join(shown)


def placeholders(text: str) -> set[str]:
    """The named placeholders of a message ({rows}, {limit}); ValueError for a malformed one."""
    import string

    return {name for _text, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}
