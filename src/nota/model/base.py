"""MODEL stage, the ground rules every content model shares: extra keys are refused, ids have one form."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Markdown = Annotated[str, Field(min_length=1)]
Year = Annotated[int, Field(ge=1900, le=2200)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, validate_default=True)
