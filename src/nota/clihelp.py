"""The command line's help in the run's language.

Click writes `--help` from English texts fixed when the commands are defined, before `--lang` (or
NOTA_LANG, or the locale) has chosen a language. So cli.py marks its help texts with `N_()`, and the
classes here put each text into words when the help is shown: a command's help, short help and
example, and each option's help, with Click's own words around them (Usage, Options, Commands, the
help and version options, "default" and "required").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from nota import i18n
from nota.i18n import N_, _

# Click's own words, named here so that the catalogue holds them
CLICK_WORDS = (N_("Usage:"), N_("Options"), N_("Commands"), N_("Show this message and exit."),
               N_("Show the version and exit."), N_("default:"), N_("required"))


def language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """The --lang callback: the chosen language holds from here to the end of the command, and, being
    eager, before --help is shown (`nota --lang nl --help`)."""
    if value is not None:
        ctx.with_resource(i18n.using(value))
    return value


def option_help(text: str) -> str:
    """An option's help as Click wrote it, "Skip the PDF." or "Port ...  [default: 8000; 0<=x<=65535]",
    in the run's language."""
    if not text:
        return text
    words, extra, shown = text.partition("  [")
    if not extra:
        return _(text)
    shown = shown.replace("default: ", f"{_('default:')} ").replace("required", _("required"))
    return f"{_(words)}  [{shown}"


class Formatter(click.HelpFormatter):
    """Click's formatter, with Click's own words and the options' help in the run's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=f"{_('Usage:')} ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, option_help(text)) for term, text in rows], col_max, col_spacing)


class Context(click.Context):
    formatter_class = Formatter


@contextmanager
def _translated(command: click.Command) -> Iterator[None]:
    """The command's help and example in the run's language while its help is written."""
    english = command.help, command.epilog
    command.help = _(english[0]) if english[0] else english[0]
    command.epilog = _(english[1]) if english[1] else english[1]
    try:
        yield
    finally:
        command.help, command.epilog = english


class Command(click.Command):
    context_class = Context

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self):
            super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self):
            return super().get_short_help_str(limit)


class Group(click.Group):
    context_class = Context
    command_class = Command

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self):
            super().format_help(ctx, formatter)


def group(**settings: Any) -> Callable[[Callable[..., Any]], Group]:
    """`click.group` for a group whose commands' help is shown in the run's language."""
    return click.group(cls=Group, **settings)
