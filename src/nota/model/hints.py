"""MODEL stage, helper: how a value is shown in a message, and what an editor probably meant by it.

Pure functions on values (no pydantic, no files): a Dutch key name's English key, a text in the YAML
quotes that keep it, a Dutch date (1-10-2021) as the date meant, a title as an id.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from nota.i18n import _
from nota.text import dutch
from nota.text.markdown import slug

DUTCH = {"titel": "title", "ondertitel": "subtitle", "organisatie": "organisation", "datum": "date",
          "tekst": "text", "activiteiten": "activities", "hoofdstukken": "chapters", "bijlagen": "appendices",
          "bedragen": "amounts", "jaren": "years", "omschrijving": "description", "partij": "party",
          "totaal": "total", "voetnoten": "footnotes", "eenheid": "unit", "secties": "sections",
          "paragrafen": "sections", "blokken": "blocks", "bron": "source", "reactie": "response",
          "kolommen": "columns", "rijen": "rows", "groepen": "groups", "onderschrift": "caption",
          "bijschrift": "caption", "soort": "type", "naam": "name", "kleuren": "colours", "marges": "margins",
          "begrotingsjaar": "budget_year", "jaar": "year", "versie": "version", "onderwerp": "subject",
          "trefwoorden": "keywords", "thema": "theme", "nummering": "numbering", "eenheden": "unit",
          "opmerkingen": "remarks", "noten": "notes", "label": "label", "inleiding": "lead"}


def translated(key: str, allowed: list[str]) -> list[str]:
    english = DUTCH.get(key.lower())
    return [english] if english in allowed else []


SHOWN_CHARACTERS = 60  # a longer text is shown cut short in a message: the line itself is quoted below it


def show(value: Any) -> str:
    """A value as a message shows it: a text in quotes (a long one cut short), a number as written."""
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= SHOWN_CHARACTERS else f'"{value[: SHOWN_CHARACTERS - 1]}…"'
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, dict)) or value is None:
        return ""
    return str(getattr(value, "source", value))


def describe(value: Any) -> str:
    """What a value is, as a message names it before showing it: "the number" (6.10)."""
    if isinstance(value, bool):
        return _("the yes/no value")
    if isinstance(value, (int, float)):
        return _("the number")
    if isinstance(value, dt.date):
        return _("the date")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("keys and values")
    if value is None:
        return _("nothing")
    return _("the text")


YES_NO = {"ja": "true", "nee": "false", "yes": "true", "no": "false", "waar": "true", "onwaar": "false",
           "aan": "true", "uit": "false", "on": "true", "off": "false"}


DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                 "oktober", "november", "december"]


def meant_date(text: str) -> dt.date | None:
    """1-10-2021, 01/10/2021 or 1 oktober 2021 as the date an editor meant."""
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text.strip())
    month_name = re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", text.strip().lower())
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if month_name and month_name[2] in DUTCH_MONTHS:
            return dt.date(int(month_name[3]), DUTCH_MONTHS.index(month_name[2]) + 1, int(month_name[1]))
    except ValueError:
        return None
    return None


def date_problem(found: Any, line_key: str) -> tuple[str, str]:
    """What is wrong with a date as written, and the date to type when it can be known."""
    text = str(getattr(found, "isoformat", lambda: found)())
    meant = meant_date(text)
    if meant:
        return (_("{date} is not a date in the form YYYY-MM-DD", date=text),
                _("write {line}", line=f"{line_key}{meant.isoformat()}"))
    parts = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if parts and not 1 <= int(parts[2]) <= 12:
        return (_("{date} is not a valid date: there is no month {month}", date=text, month=int(parts[2])),
                _("write the date as YYYY-MM-DD"))
    if parts:
        return (_("{date} is not a valid date: that month has no day {day}", date=text, day=int(parts[3])),
                _("check the day of the month"))
    return _("{date} is not a valid date", date=show(found)), _("write the date as YYYY-MM-DD, e.g. 2021-10-01")


def pattern_problem(pattern: str, found: str, line_key: str) -> tuple[str, str]:
    """A value that does not have the required form: an id, a note marker, a table's total, a colour."""
    if "a-z0-9][a-z0-9-]" in pattern:
        fixed = slug(found)
        hint = (_("ids use lower case letters, digits and hyphens: write {line}", line=f"{line_key}{fixed}") if fixed
                else _("ids use lower case letters, digits and hyphens, e.g. wmo-meerjarenperspectief"))
        return _('"{value}" is not a valid id', value=found), hint
    if "\\*" in pattern:
        return (_('"{value}" is not a note marker', value=found),
                _("write one to four asterisks in double quotes: {line}", line=f'{line_key}"*"'))
    if "total" in pattern:
        return (_('"{value}" does not name a table\'s total', value=found),
                _("write the other table's id followed by .total, e.g. {line}",
                  line=f"{line_key}wmo-meerjarenperspectief.total"))
    if "0-9a-fA-F" in pattern:
        return (_('"{value}" is not a colour', value=found),
                _('write a colour as "#rrggbb" in double quotes, e.g. {line}', line=f'{line_key}"#154273"'))
    return _('"{value}" is not in the expected form', value=found), _("the expected form is {pattern}",
                                                                      pattern=pattern)


def amount_hint(found: Any, hint: str, why: str = "") -> str:
    """Sharpen models.parse_amount's hint with what only the written form shows (cents, a letter O)."""
    if isinstance(found, float) and math.isfinite(found) and why == "decimal":
        hint = _("amounts are whole euros, without cents: write {value} (rounded)", value=dutch.round_half_away(found))
    letter_o = str(found).replace("O", "0").replace("o", "0") if isinstance(found, str) else ""
    if re.fullmatch(r"-?\d+", letter_o):
        hint = _("the letter O is used for a zero: write {value}", value=int(letter_o))
    return hint


def years_problem(found: Any) -> tuple[str, str]:
    """Years out of order or repeated, and the list to type."""
    years = found if isinstance(found, list) else []
    fixed = sorted({y for y in years if isinstance(y, int)})
    shown = ", ".join(map(str, years))
    return (_("years must ascend without repeats, found {years}", years=shown),
            _("write {line}", line=f"years: [{', '.join(map(str, fixed))}]"))
