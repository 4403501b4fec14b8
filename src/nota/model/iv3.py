"""MODEL stage, the Iv3 taakvelden list: which budget classification codes are valid in which budget year."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Taakveld:
    code: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None

    def valid_in(self, year: int) -> bool:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.valid_from <= last and (self.valid_to is None or self.valid_to >= first)


@cache
def taakvelden() -> tuple[Taakveld, ...]:
    """All codes of the shipped list (see data/README.md for its provenance)."""
    text = resources.files("nota.model").joinpath("data/iv3-taakvelden.csv").read_text(encoding="utf-8")
    return tuple(
        Taakveld(row["code"], row["name"], dt.date.fromisoformat(row["valid_from"]),
                 dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None)
        for row in csv.DictReader(text.splitlines())
        if row["valid_from"]  # a code whose start year is unknown cannot be placed in time: not used
    )


@cache
def valid_codes(year: int) -> dict[str, str]:
    """Code -> name of every taakveld valid in the given budget year."""
    return {t.code: t.name for t in taakvelden() if t.valid_in(year)}
