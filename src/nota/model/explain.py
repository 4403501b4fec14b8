"""MODEL stage: each kind of pydantic error explained in plain words, at the spot to fix.

An explanation says what was found, what was expected, and a hint that says what to type. The
words are for communications staff, not programmers: "expected text, found the number 6.10", not
"str_type". `EXPLAIN` maps pydantic's error type to its explanation, `WHERE` to the place it is
shown at where that is not the value itself (a missing key: the mapping that lacks it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from nota.model.fields import fields_at, key_description, tags_at
from nota.model.hints import (
    YES_NO,
    amount_hint,
    date_problem,
    describe,
    pattern_problem,
    show,
    translated,
    years_problem,
)
from nota.source import Loc, Location, SourceFile, quoted


@dataclass
class ErrorAt:
    """One pydantic error with everything an explanation needs."""

    model: type[BaseModel]
    source: SourceFile
    details: ErrorDetails
    loc: Loc  # the path in the data

    @property
    def key(self) -> str:
        loc = [k for k in self.details["loc"] if k != "[key]"]
        return str(loc[-1]) if loc else ""

    @property
    def found(self) -> Any:
        return self.details.get("input")

    @property
    def ctx(self) -> dict[str, Any]:
        return dict(self.details.get("ctx") or {})

    @property
    def where(self) -> Location:
        return self.source.locate(self.loc)

    @property
    def written(self) -> str:
        """The value as it stands in the file (6.10, not 6.1)."""
        return self.source.token_at(self.where) or show(self.found)

    @property
    def line_key(self) -> str:
        """'title: ' when the value stands after a key on its line, for hints that show the whole line."""
        return f"{self.loc[-1]}: " if self.loc and isinstance(self.loc[-1], str) else ""


Explanation = tuple[str, str]  # message, hint


def by_prefix(kind: str) -> Callable[[ErrorAt], Explanation] | None:
    return _date if kind.startswith(("date", "datetime")) else None


# --- keys ----------------------------------------------------------------------------------------

def _missing(e: ErrorAt) -> Explanation:
    description = key_description(e.model, tuple(e.details["loc"]))
    return f'missing required key "{e.key}"', f"add a line {e.key}: … " + (f"({description})" if description
                                                                          else "with its value")


def _missing_where(e: ErrorAt) -> Location:
    """Point at the mapping that lacks the key: at the top of a file its first key, else its own place."""
    return e.source.start() if not e.loc and isinstance(e.source.data, dict) else e.where


def suggestion(model: type[BaseModel], details: ErrorDetails) -> str:
    key = str(details["loc"][-1])
    allowed = sorted(fields_at(model, tuple(details["loc"][:-1])))
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7) or translated(key, allowed)
    return close[0] if close else ""


def _unknown_key(e: ErrorAt) -> Explanation:
    meant = suggestion(e.model, e.details)
    if meant:
        return f'unknown key "{e.key}"', f'did you mean "{meant}"? Write {meant}: instead of {e.key}:'
    allowed = sorted(fields_at(e.model, tuple(e.details["loc"][:-1])))
    return f'unknown key "{e.key}"', f"remove it, or use a key allowed here: {', '.join(allowed)}"


def _key_where(e: ErrorAt) -> Location:
    """Point at the unknown key itself."""
    parent = e.loc[:-1] if e.loc and e.loc[-1] == e.key else e.loc
    return e.source.key((*parent, e.key))


# --- types ---------------------------------------------------------------------------------------


def _text_expected(e: ErrorAt) -> Explanation:
    found = e.found
    if found is None:
        line = e.source.line(e.where.line)
        if "#" in line:
            return "expected text, found nothing", ("text after # is a comment: put the whole text between "
                                                   f'double quotes, e.g. {e.line_key}"#1 in de regio"')
        return "expected text, found nothing", f"write the text after {e.line_key or 'the dash'}".rstrip()
    colon = _text_with_colon(e)
    if colon:
        return colon
    if isinstance(found, (list, dict)):
        shown = "a list" if isinstance(found, list) else "keys and values"
        return f"expected text, found {shown}", ("write the text on the same line as the key; if it starts "
                                                 "with [ or {, put it between double quotes")
    written = e.written
    read_as = f" (read as the number {show(found)})" if isinstance(found, float) and written != show(found) else ""
    return (f"expected text, found {describe(found)} {written}{read_as}",
            f"put it between double quotes: {e.line_key}{quoted(written)}")


def _text_with_colon(e: ErrorAt) -> Explanation | None:
    """'- Doel: meer mensen aan het werk.' is read as a key Doel; say so, and show the line quoted."""
    found = e.found
    if not (isinstance(found, dict) and len(found) == 1 and "type" not in found):
        return None
    key = str(next(iter(found)))
    line = e.source.line(e.where.line)
    text = line.strip().removeprefix("- ")
    if not text.startswith(key):
        return None
    if isinstance(found[key], (list, dict)):
        return (f'"{key}:" followed by indented lines is read as a key, not as text',
                'for text with a list under it, write "- |" and indent the text and the list below it')
    return (f'this text contains ": " and is read as the key "{key}"',
            f"put the whole text between double quotes: - {quoted(text)}")


def _whole_number(e: ErrorAt) -> Explanation:
    found = e.found
    if isinstance(found, float) and found.is_integer():
        return f"expected a whole number, found {e.written}", f"write {int(found)}"
    digits = re.sub(r"\D", "", str(found)) if isinstance(found, str) else ""
    hint = f"write digits only: {e.line_key}{int(digits)}" if digits else "write digits only, e.g. 2022"
    return f"expected a whole number, found {describe(found)} {show(found)}", hint


def _number(e: ErrorAt) -> Explanation:
    return f"expected a number, found {describe(e.found)} {show(e.found)}", "write digits only, e.g. 25"


def _boolean(e: ErrorAt) -> Explanation:
    meant = YES_NO.get(str(e.found).strip().lower())
    hint = f"write {e.line_key}{meant}" if meant else "write true or false"
    return f"expected true or false, found {describe(e.found)} {show(e.found)}", hint


def _collection(e: ErrorAt) -> Explanation:
    kind = e.details["type"]
    if kind == "list_type":
        return (f"expected a list, found {describe(e.found)} {show(e.found)}".rstrip(),
                "put each item on its own line starting with \"- \", or write them between [ and ]")
    return (f"expected keys and values, found {describe(e.found)} {show(e.found)}".rstrip(),
            "write key: value lines, indented under this line (see docs/content-format.md)")


def _choice(e: ErrorAt) -> Explanation:
    options = re.findall(r"'([^']*)'|(\d+)", str(e.ctx.get("expected", "")))
    values = [a or b for a, b in options]
    close = difflib.get_close_matches(str(e.found).lower(), values, n=1, cutoff=0.5)
    message = f"expected {' or '.join(values)}, found {show(e.found)}"
    if close:
        return message, f'did you mean "{close[0]}"? Write {e.line_key}{close[0]}'
    return message, f"write one of: {', '.join(values)} (exactly so, in lower case)"


def _tag(e: ErrorAt) -> Explanation:
    expected = [t.strip(" '") for t in str(e.ctx.get("expected_tags", "")).split(",")]
    field = str(e.ctx.get("discriminator", "'type'")).strip("'")
    tag = str(e.ctx.get("tag", ""))
    close = difflib.get_close_matches(tag, expected, n=1, cutoff=0.5)
    hint = f'did you mean "{close[0]}"? ' if close else ""
    return f'unknown {field} "{tag}"', hint + f"Known: {', '.join(expected)}."


def _tag_where(e: ErrorAt) -> Location:
    field = str(e.ctx.get("discriminator", "'type'")).strip("'")
    return e.source.locate((*e.loc, field))


def _no_tag(e: ErrorAt) -> Explanation:
    field = str(e.ctx.get("discriminator", "'type'")).strip("'")
    colon = _text_with_colon(e)
    if colon:
        return colon
    tags = sorted(tags_at(e.model, tuple(e.details["loc"]), field))
    if isinstance(e.found, (int, float, bool)) or e.found is None:
        return (f"expected a block, found {describe(e.found)} {show(e.found)}".rstrip(),
                f"write text between double quotes, or a block with {field}: …")
    return f"this item has no {field}", f"add {field}: with one of: {', '.join(tags)}"


def _model_type(e: ErrorAt) -> Explanation:
    if isinstance(e.found, (int, float, bool)) and "blocks" in e.loc:
        return (f"expected text or a block, found {describe(e.found)} {e.written}",
                f"put it between double quotes: - {quoted(e.written)}")
    return _collection(e)


# --- values --------------------------------------------------------------------------------------


def _date(e: ErrorAt) -> Explanation:
    return date_problem(e.found, e.line_key)


def _pattern(e: ErrorAt) -> Explanation:
    return pattern_problem(str(e.ctx.get("pattern", "")), str(e.found), e.line_key)


def _length(e: ErrorAt) -> Explanation:
    kind, ctx = e.details["type"], e.ctx
    description = key_description(e.model, tuple(e.details["loc"]))
    unit = "characters" if kind.startswith("string") else "items"
    size = len(e.found) if isinstance(e.found, (str, list, dict)) else 0
    if "min_length" in ctx:
        message = f"too short: {size} {unit}, at least {ctx['min_length']} needed"
    else:
        message = f"too long: {size} {unit}, at most {ctx.get('max_length')} allowed"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "expected text, found an empty text", "write the text between the quotes, or remove the line"
    todo = f"write at least {ctx['min_length']} {unit}" if "min_length" in ctx else f"shorten it to " \
        f"{ctx.get('max_length')} {unit}"
    return message, todo + (f" ({description})" if description else "")


def _bound(e: ErrorAt) -> Explanation:
    ctx = e.ctx
    limits = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
              "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}
    words, name = limits[e.details["type"]]
    description = key_description(e.model, tuple(e.details["loc"]))
    if "year" in e.key or "years" in e.loc:
        todo = "write the year in four digits, e.g. 2022"
    else:
        todo = f"write a number of {words} {ctx.get(name)}" + (f" ({description})" if description else "")
    return f"{show(e.found)} is too {'small' if name[0] == 'g' else 'large'}: expected {words} {ctx.get(name)}", todo


def _custom(e: ErrorAt) -> Explanation:
    return e.details["msg"], str(e.ctx.get("hint", ""))


def _amount(e: ErrorAt) -> Explanation:
    message, hint = _custom(e)
    return message, amount_hint(e.found, hint)


def _value_where(e: ErrorAt) -> Location:
    """A list or mapping value written on its key's line ([2022, 2021]) is shown at the value."""
    return e.source.value(e.loc) if e.loc else e.where


EXPLAIN: dict[str, Callable[[ErrorAt], Explanation]] = {
    "missing": _missing, "extra_forbidden": _unknown_key,
    "string_type": _text_expected, "str_type": _text_expected,
    "int_type": _whole_number, "int_parsing": _whole_number, "int_from_float": _whole_number,
    "float_type": _number, "float_parsing": _number,
    "bool_type": _boolean, "bool_parsing": _boolean,
    "list_type": _collection, "dict_type": _collection,
    "model_type": _model_type, "model_attributes_type": _model_type,
    "literal_error": _choice, "enum": _choice,
    "union_tag_invalid": _tag, "union_tag_not_found": _no_tag,
    "string_pattern_mismatch": _pattern,
    "string_too_short": _length, "string_too_long": _length, "too_short": _length, "too_long": _length,
    "greater_than_equal": _bound, "less_than_equal": _bound, "greater_than": _bound, "less_than": _bound,
    "amount": _amount, "advice": _custom, "years": lambda e: years_problem(e.found),
}
WHERE: dict[str, Callable[[ErrorAt], Location]] = {
    "missing": _missing_where, "extra_forbidden": _key_where, "union_tag_invalid": _tag_where,
    "years": _value_where, "string_type": _value_where,
}
