"""Themes: colours, typeface, margins and page style in a YAML file the communications team can edit.

Every value that reaches CSS is typed (colours as #rrggbb, lengths in mm, enumerated choices), so a
theme can change the look but never inject CSS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from nota.errors import ContentError, Problem
from nota.models import Model
from nota.validation import validate
from nota.yamlio import load_file

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="A colour as #rrggbb")]
Millimetres = Annotated[float, Field(ge=5, le=60)]


class Colours(Model):
    accent: Colour = Field(description="Headings, rules and the cover band")
    accent_text: Colour = Field(description="Text on the accent colour (must contrast 4.5:1)")
    text: Colour = "#1a1a1a"
    muted: Colour = "#595959"
    tint: Colour = Field(description="Light background of callouts and focus points")
    figure: list[Colour] = Field(min_length=2, max_length=8, description="Fill colours of figure parts")


class Margins(Model):
    top: Millimetres = 25
    bottom: Millimetres = 25
    inner: Millimetres = 25
    outer: Millimetres = 20


class Theme(Model):
    name: str = Field(min_length=1, max_length=40)
    typeface: Literal["Open Sans"] = "Open Sans"
    colours: Colours
    margins: Margins = Field(default_factory=Margins)
    mirrored: bool = Field(True, description="Mirror header and footer on left and right pages")
    columns: Literal[1, 2] = Field(1, description="Columns of body text in print")
    logo_text: str | None = Field(None, max_length=40, description="Word mark on the cover (text, not an image)")


def load_theme(root: Path, name: str) -> tuple[Theme | None, list[Problem]]:
    """Read templates/themes/<name>.yaml."""
    path = root / "templates" / "themes" / f"{name}.yaml"
    try:
        source = load_file(path, path.relative_to(root))
    except ContentError as exc:
        return None, [exc.problem]
    return validate(Theme, source)
