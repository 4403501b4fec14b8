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

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from nota.i18n import _, either
from nota.model.errorat import ErrorAt, Explanation
from nota.model.explain_values import amount, bound, custom, date_value, length, pattern, value_where
from nota.model.fields import fields_at, key_description, tags_at
from nota.model.hints import YES_NO, describe, show, translated, years_problem
from nota.source import Location, quoted


def by_prefix(kind: str) -> Callable[[ErrorAt], Explanation] | None:
    return date_value if kind.startswith(("date", "datetime")) else None


# --- keys ----------------------------------------------------------------------------------------

def _missing(e: ErrorAt) -> Explanation:
    description = key_description(e.model, tuple(e.details["loc"]))
    hint = (_("add a line {key}: … ({description})", key=e.key, description=description) if description
            else _("add a line {key}: … with its value", key=e.key))
    return _('missing required key "{key}"', key=e.key), hint


def _missing_where(e: ErrorAt) -> Location:
    """Point at the mapping that lacks the key: at the top of a file its first key, else its own place."""
    return e.source.start() if not e.loc and isinstance(e.source.data, dict) else e.where


def suggestion(model: type[BaseModel], details: ErrorDetails) -> str:
    """The key an unknown key probably is: a typo's, the Dutch word's, or (`label Redt zichzelf`, a key
    written without its colon) its first word's."""
    key = str(details["loc"][-1])
    allowed = sorted(fields_at(model, tuple(details["loc"][:-1])))
    if key.split(" ", 1)[0] in allowed and " " in key:
        return key.split(" ", 1)[0]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7) or translated(key, allowed)
    return close[0] if close else ""


def _unknown_key(e: ErrorAt) -> Explanation:
    meant = suggestion(e.model, e.details)
    if meant and e.key.startswith(f"{meant} "):  # `{label Redt zichzelf, share: 80}`: the colon is missing
        return (_('a colon is missing after "{key}"', key=meant),
                _("write {line}", line=f"{meant}: {e.key[len(meant) + 1 :]}"))
    if meant:
        return (_('unknown key "{key}"', key=e.key),
                _('did you mean "{meant}"? Write {meant}: instead of {key}:', meant=meant, key=e.key))
    allowed = sorted(fields_at(e.model, tuple(e.details["loc"][:-1])))
    return _('unknown key "{key}"', key=e.key), _("remove it, or use a key allowed here: {keys}",
                                                  keys=", ".join(allowed))


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
            example = f'{e.line_key}"#1 in de regio"'
            return _("expected text, found nothing"), _("text after # is a comment: put the whole text between "
                                                        "double quotes, e.g. {line}", line=example)
        if e.line_key:
            return _("expected text, found nothing"), _("write the text after {key}", key=e.line_key.rstrip())
        return _("expected text, found nothing"), _("write the text after the dash")
    colon = _text_with_colon(e)
    if colon:
        return colon
    if isinstance(found, (list, dict)):
        message = _("expected text, found a list") if isinstance(found, list) else _("expected text, found keys "
                                                                                      "and values")
        return message, _("write the text on the same line as the key; if it starts with [ or {{, put it between "
                          "double quotes")
    written = e.written
    if isinstance(found, float) and written != show(found):
        message = _("expected text, found {what} {written} (read as the number {read})", what=describe(found),
                    written=written, read=show(found))
    else:
        message = _("expected text, found {what} {written}", what=describe(found), written=written)
    return message, _("put it between double quotes: {line}", line=f"{e.line_key}{quoted(written)}")


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
        return (_('"{key}:" followed by indented lines is read as a key, not as text', key=key),
                _('for text with a list under it, write "- |" and indent the text and the list below it'))
    return (_('this text contains ": " and is read as the key "{key}"', key=key),
            _("put the whole text between double quotes: {line}", line=f"- {quoted(text)}"))


def _whole_number(e: ErrorAt) -> Explanation:
    found = e.found
    if isinstance(found, float) and found.is_integer():
        return _("expected a whole number, found {written}", written=e.written), _("write {value}", value=int(found))
    digits = re.sub(r"\D", "", str(found)) if isinstance(found, str) else ""
    hint = (_("write digits only: {line}", line=f"{e.line_key}{int(digits)}") if digits
            else _("write digits only, e.g. 2022"))
    return _("expected a whole number, found {what} {value}", what=describe(found), value=show(found)), hint


def _number(e: ErrorAt) -> Explanation:
    return (_("expected a number, found {what} {value}", what=describe(e.found), value=show(e.found)),
            _("write digits only, e.g. 25"))


def _boolean(e: ErrorAt) -> Explanation:
    meant = YES_NO.get(str(e.found).strip().lower())
    hint = _("write {line}", line=f"{e.line_key}{meant}") if meant else _("write true or false")
    return _("expected true or false, found {what} {value}", what=describe(e.found), value=show(e.found)), hint


def _collection(e: ErrorAt) -> Explanation:
    kind = e.details["type"]
    if kind == "list_type":
        return (_("expected a list, found {what} {value}", what=describe(e.found), value=show(e.found)).rstrip(),
                _('put each item on its own line starting with "- ", or write them between [ and ]'))
    return (_("expected keys and values, found {what} {value}", what=describe(e.found), value=show(e.found)).rstrip(),
            _("write key: value lines, indented under this line (see docs/content-format.md)"))


def _choice(e: ErrorAt) -> Explanation:
    options = re.findall(r"'([^']*)'|(\d+)", str(e.ctx.get("expected", "")))
    values = [a or b for a, b in options]
    close = difflib.get_close_matches(str(e.found).lower(), values, n=1, cutoff=0.5)
    message = _("expected {choices}, found {value}", choices=either(values), value=show(e.found))
    if close:
        return message, _('did you mean "{meant}"? Write {line}', meant=close[0], line=f"{e.line_key}{close[0]}")
    return message, _("write one of: {choices} (exactly so, in lower case)", choices=", ".join(values))


def _tag(e: ErrorAt) -> Explanation:
    expected = [t.strip(" '") for t in str(e.ctx.get("expected_tags", "")).split(",")]
    field = str(e.ctx.get("discriminator", "'type'")).strip("'")
    tag = str(e.ctx.get("tag", ""))
    close = difflib.get_close_matches(tag, expected, n=1, cutoff=0.5)
    known = ", ".join(expected)
    hint = (_('did you mean "{meant}"? Known: {known}.', meant=close[0], known=known) if close
            else _("Known: {known}.", known=known))
    return _('unknown {field} "{value}"', field=field, value=tag), hint


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
        return (_("expected a block, found {what} {value}", what=describe(e.found), value=show(e.found)).rstrip(),
                _("write text between double quotes, or a block with {field}: …", field=field))
    return (_("this item has no {field}", field=field),
            _("add {field}: with one of: {choices}", field=field, choices=", ".join(tags)))


def _model_type(e: ErrorAt) -> Explanation:
    if isinstance(e.found, (int, float, bool)) and "blocks" in e.loc:
        return (_("expected text or a block, found {what} {written}", what=describe(e.found), written=e.written),
                _("put it between double quotes: {line}", line=f"- {quoted(e.written)}"))
    return _collection(e)


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
    "string_pattern_mismatch": pattern,
    "string_too_short": length, "string_too_long": length, "too_short": length, "too_long": length,
    "greater_than_equal": bound, "less_than_equal": bound, "greater_than": bound, "less_than": bound,
    "amount": amount, "advice": custom, "years": lambda e: years_problem(e.found),
}
def _pattern_where(e: ErrorAt) -> Location:
    """A key of the wrong form (a footnote id) is shown at the key, a value at the value."""
    return e.source.key(e.loc) if e.details["loc"][-1:] == ("[key]",) else e.where


WHERE: dict[str, Callable[[ErrorAt], Location]] = {
    "missing": _missing_where, "extra_forbidden": _key_where, "union_tag_invalid": _tag_where,
    "years": value_where, "string_type": value_where, "string_pattern_mismatch": _pattern_where,
}
