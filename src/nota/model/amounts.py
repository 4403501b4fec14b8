"""MODEL stage, amounts: whole euros, 'pm' or nothing; anything else explained with the number meant.

A Dutch editor writes -291.151 for minus 291 thousand. YAML reads that as the decimal -291.151, so
every amount is checked against how it was written (load/yaml.py keeps the written form of a float)
and refused with the plain number to type.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import StrictInt
from pydantic.functional_validators import BeforeValidator
from pydantic_core import PydanticCustomError

from nota.i18n import _
from nota.text import dutch

PM = "pm"
_DUTCH_THOUSANDS = re.compile(r"^[-−]?\d{1,3}(\.\d{3})+$")


def _amount_error(found: str, hint: str, why: str = "") -> PydanticCustomError:
    """The error for an amount that is not whole euros; `why` "decimal" lets the hint show the rounded amount."""
    # pydantic fills in only the {names} of the context (hint, why): the written amount goes in already
    return PydanticCustomError("amount", _("{found} is not a whole number of euros", found=found),
                               {"hint": hint, "why": why})


def _meant_from_text(text: str) -> int | None:
    """Read a number as a Dutch editor writes it: 1.234.567,89 or € 1 000; None if it is no number."""
    cleaned = text.strip().replace("−", "-").replace("€", "").replace("\u00a0", " ").replace(" ", "")
    if not re.fullmatch(r"-?[\d.]+(,\d+)?", cleaned):
        return None
    euros = float(cleaned.replace(".", "").replace(",", "."))
    if math.isinf(euros):  # hundreds of digits: no number meant
        return None
    return dutch.round_half_away(euros)


def _plain_int(value: int) -> bool:
    """Whether YAML read the integer from plain digits (ruamel keeps the form of 0x10, 010 and 1_000)."""
    if type(value) is int:
        return True
    width, underscore = getattr(value, "_width", None), getattr(value, "_underscore", None)
    return type(value).__name__ == "ScalarInt" and not underscore and width in (None, len(str(abs(value))))


def parse_amount(value: Any) -> int | str | None:
    """Accept whole euros (int), 'pm' or nothing; explain anything else with the number probably meant."""
    if value is None or (isinstance(value, str) and value == PM):
        return value
    if isinstance(value, bool):
        raise _amount_error(str(value).lower(), _("a yes/no value is no amount: write the number of euros, or pm"))
    if isinstance(value, int):
        if not _plain_int(value):  # YAML read 0x10, 0o17, 010 or 1_000: a plain number was not written
            raise PydanticCustomError("amount", _("the amount is not written as plain digits"), {
                "hint": _("YAML reads it as {value}; write {value} if that is meant", value=int(value))})
        return value
    if isinstance(value, float):
        source = getattr(value, "source", repr(value))
        if math.isnan(value) or math.isinf(value):
            raise _amount_error(source, _("write the amount in whole euros, or pm when it is not yet known"))
        if _DUTCH_THOUSANDS.match(source):
            thousands = int(source.replace(".", "").replace("−", "-"))
            hint = _("YAML reads the dots as a decimal point; write {value} (no thousands dots)", value=thousands)
            raise _amount_error(source, hint)
        meant = _meant_from_text(source.replace(".", ","))
        raise _amount_error(source, _("amounts are whole euros; write {value}", value=meant), "decimal")
    if isinstance(value, str):
        meant = _meant_from_text(value)
        if meant is not None:
            raise _amount_error(f'"{value}"', _("write the plain number {value}: no quotes, € sign, dots or spaces",
                                                value=meant))
        raise _amount_error(f'"{value}"', _("write the amount in whole euros (e.g. -291151), or pm"))
    raise _amount_error(type(value).__name__, _("write the amount in whole euros (e.g. -291151), or pm"))


Amount = Annotated[int | Literal["pm"] | None, BeforeValidator(parse_amount)]
# A figure that must be a number: the same explanations as Amount, but no pm and no empty value.
WholeEuros = Annotated[StrictInt, BeforeValidator(parse_amount)]


