"""MODEL stage, helper: one pydantic error with what its explanation needs (model/explain*.py).

The place of the value in the file, the key it is under, the value as written (6.10, not 6.1), and
the key as a hint shows it before a value to type (`title: `).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from nota.model.hints import show
from nota.source import Loc, Location, SourceFile


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
