"""MODEL stage, values explained: a size or number out of bounds, a date, a form, an amount.

Each takes one pydantic error (`ErrorAt`) and gives the message and the hint, in plain words and in
the user's language; model/explain.py maps pydantic's error types to them.
"""

from __future__ import annotations

import re

from nota.i18n import N_, _
from nota.model.base import ID_PATTERN
from nota.model.errorat import ErrorAt, Explanation
from nota.model.fields import key_description
from nota.model.hints import amount_hint, date_problem, pattern_problem, show
from nota.source import Location


def date_value(e: ErrorAt) -> Explanation:
    return date_problem(e.found, e.line_key)


def pattern(e: ErrorAt) -> Explanation:
    found, form = str(e.found), str(e.ctx.get("pattern", ""))
    first, _space, rest = found.partition(" ")
    if rest and re.fullmatch(ID_PATTERN, first) and ID_PATTERN in form:
        line = e.source.line(e.where.line).strip().removeprefix("- ")
        if line.startswith(found):  # `aanpak-sociaal-domein "Zie: ..."`: the key's colon is missing
            return (_('a colon is missing after "{key}"', key=first),
                    _("write {line}", line=f"{first}: {line[len(first):].strip()}"))
    return pattern_problem(form, found, e.line_key)


def length(e: ErrorAt) -> Explanation:
    kind, ctx = e.details["type"], e.ctx
    description = key_description(e.model, tuple(e.details["loc"]))
    characters = kind.startswith("string")
    size = len(e.found) if isinstance(e.found, (str, list, dict)) else 0
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return _("expected text, found an empty text"), _("write the text between the quotes, or remove the line")
    if "min_length" in ctx:
        least = ctx["min_length"]
        message = (_("too short: {size} characters, at least {least} needed", size=size, least=least) if characters
                   else _("too short: {size} items, at least {least} needed", size=size, least=least))
        todo = (_("write at least {least} characters", least=least) if characters
                else _("write at least {least} items", least=least))
    else:
        most = ctx.get("max_length")
        message = (_("too long: {size} characters, at most {most} allowed", size=size, most=most) if characters
                   else _("too long: {size} items, at most {most} allowed", size=size, most=most))
        todo = (_("shorten it to {most} characters", most=most) if characters
                else _("shorten it to {most} items", most=most))
    return message, _("{todo} ({description})", todo=todo, description=description) if description else todo


_BOUNDS = {"greater_than_equal": ("ge", N_("{value} is too small: expected at least {limit}"),
                                  N_("write a number of at least {limit}")),
           "less_than_equal": ("le", N_("{value} is too large: expected at most {limit}"),
                               N_("write a number of at most {limit}")),
           "greater_than": ("gt", N_("{value} is too small: expected more than {limit}"),
                            N_("write a number of more than {limit}")),
           "less_than": ("lt", N_("{value} is too large: expected less than {limit}"),
                         N_("write a number of less than {limit}"))}


def bound(e: ErrorAt) -> Explanation:
    name, message, todo = _BOUNDS[e.details["type"]]
    limit = e.ctx.get(name)
    description = key_description(e.model, tuple(e.details["loc"]))
    if "year" in e.key or "years" in e.loc:
        hint = _("write the year in four digits, e.g. 2022")
    else:
        hint = _(todo, limit=limit)
        hint = _("{todo} ({description})", todo=hint, description=description) if description else hint
    return _(message, value=show(e.found), limit=limit), hint


def custom(e: ErrorAt) -> Explanation:
    return e.details["msg"], str(e.ctx.get("hint", ""))


def amount(e: ErrorAt) -> Explanation:
    message, hint = custom(e)
    return message, amount_hint(e.found, hint, str(e.ctx.get("why", "")))


def value_where(e: ErrorAt) -> Location:
    """A list or mapping value written on its key's line ([2022, 2021]) is shown at the value."""
    return e.source.value(e.loc) if e.loc else e.where
