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
    parent: str = ""  # the code it was split from (6.71a from 6.71), as the list records it

    def valid_in(self, year: int) -> bool:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.valid_from <= last and (self.valid_to is None or self.valid_to >= first)


@cache
def taakvelden() -> tuple[Taakveld, ...]:
    """All codes of the shipped list (see data/README.md for its provenance)."""
    text = resources.files("nota.model").joinpath("data/iv3-taakvelden.csv").read_text(encoding="utf-8")
    return tuple(
        Taakveld(row["code"], row["name"], dt.date.fromisoformat(row["valid_from"]),
                 dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None, row["parent"])
        for row in csv.DictReader(text.splitlines())
        if row["valid_from"]  # a code whose start year is unknown cannot be placed in time: not used
    )


@cache
def valid_codes(year: int) -> dict[str, str]:
    """Code -> name of every taakveld valid in the given budget year."""
    return {t.code: t.name for t in taakvelden() if t.valid_in(year)}


def replacements(code: str, year: int) -> dict[str, str]:
    """The codes valid in `year` that take over from `code` (code -> name), as the list records the split.

    First the codes split from it (6.71 -> 6.71a ... 6.71d in 2023); else, for a code that was itself
    split from another, the one of its parent's new codes with its name (6.71a Hulp bij het huishouden
    -> 6.711 in 2025), or all of them. Empty when the list says nothing; the caller then lists the near codes.
    """
    valid = [t for t in taakvelden() if t.valid_in(year)]
    children = {t.code: t.name for t in valid if t.parent == code}
    if children:
        return children
    mine = [t for t in taakvelden() if t.code == code]
    parents = {t.parent for t in mine if t.parent}
    siblings = [t for t in valid if t.parent in parents]
    same_name = {t.code: t.name for t in siblings if t.name in {m.name for m in mine}}
    return same_name or {t.code: t.name for t in siblings}
