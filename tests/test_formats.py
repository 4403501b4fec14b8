"""Dutch number, money and date formats, and the one rounding rule."""

from __future__ import annotations

import datetime as dt

import pytest

from nota.text import dutch


@pytest.mark.parametrize(("value", "shown"), [
    (-21773198, "−21.773.198"), (146300, "146.300"), (0, "–"), ("pm", "pm"), (None, ""), (-5000, "−5.000"),
])
def test_amount_cells(value: int | str | None, shown: str) -> None:
    assert dutch.amount(value) == shown


def test_money_has_non_breaking_space_and_real_minus() -> None:
    assert dutch.eur(1000) == "€\u00a01.000"
    assert dutch.eur(-291151) == "\u2212€\u00a0291.151"
    assert dutch.eur_millions(2_740_000) == "€\u00a02,74\u00a0miljoen"
    assert dutch.eur_millions(8_190_000) == "€\u00a08,19\u00a0miljoen"


def test_dates_in_dutch() -> None:
    assert dutch.date_nl(dt.date(2012, 4, 2)) == "2 april 2012"


@pytest.mark.parametrize(("euros", "thousands"), [
    (-23_299_972, -23_300), (-21_773_198, -21_773), (-24_348_818, -24_349), (1_500, 2), (-1_500, -2),
    (1_499, 1), (-499, 0), (0, 0),
])
def test_rounding_to_thousands_is_half_away_from_zero(euros: int, thousands: int) -> None:
    assert dutch.to_unit(euros, "thousand") == thousands
    assert dutch.to_unit(euros, "euro") == euros


@pytest.mark.parametrize(("value", "rounded"), [(2.5, 3), (-2.5, -3), (2.49, 2), (1234.56, 1235), (-0.4, 0)])
def test_the_one_rounding_rule_for_fractions(value: float, rounded: int) -> None:
    assert dutch.round_half_away(value) == rounded
