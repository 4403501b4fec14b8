"""Dutch formats for amounts, money and dates: the one place they are defined (HTML, PDF and messages).

Amounts are whole euros (int). Rounding to thousands happens only in `to_unit`, half away from zero.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "nl_NL"
MINUS = "\u2212"  # a real minus sign, not a hyphen
NBSP = "\u00a0"
DASH = "\u2013"  # shown for a zero amount, as Dutch financial tables do

UNIT_FACTOR = {"euro": 1, "thousand": 1000}
UNIT_NOTE = {"euro": "Bedragen in €", "thousand": f"Bedragen x €{NBSP}1.000"}


def round_half_away(value: float) -> int:
    """The one rounding rule, for a number with a fraction: 2,5 → 3 and −2,5 → −3."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def to_unit(euros: int, unit: str) -> int:
    """Round whole euros to the table's unit, half away from zero (-23.299.972 → -23.300 thousand)."""
    factor = UNIT_FACTOR[unit]
    magnitude = (abs(euros) + factor // 2) // factor
    return -magnitude if euros < 0 else magnitude


def number(value: int) -> str:
    """1234567 → '1.234.567'; negative numbers get a real minus sign."""
    text = format_decimal(abs(value), locale=LOCALE, group_separator=True)
    return f"{MINUS}{text}" if value < 0 else text


def decimal(value: float) -> str:
    """2.5 → '2,5'; at most two decimals (chart axes)."""
    return str(format_decimal(value, format="#,##0.##", locale=LOCALE))


def amount(value: int | str | None) -> str:
    """A table cell: a number, a dash for zero, 'pm', or nothing."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return DASH if value == 0 else number(value)


def eur(value: int) -> str:
    """-1000 → '−€ 1.000' with a non-breaking space after the euro sign."""
    sign = MINUS if value < 0 else ""
    return f"{sign}€{NBSP}{number(abs(value))}"


def eur_millions(value: int) -> str:
    """2740000 → '€ 2,74 miljoen'."""
    text = format_decimal(abs(value) / 1_000_000, format="#,##0.##", locale=LOCALE)
    return f"{MINUS if value < 0 else ''}€{NBSP}{text}{NBSP}miljoen"


def date_nl(value: dt.date) -> str:
    """2021-10-01 → '1 oktober 2021'."""
    return str(format_date(value, format="long", locale=LOCALE))
