"""MODEL stage, themes (templates/themes/<name>.yaml): the house style the communications team edits.

Colours, word mark, organisation, typeface, margins, mirrored pages and columns. Every value that
reaches CSS is typed (colours as #rrggbb, lengths in mm, enumerated choices), so a theme can change the
look but never inject CSS. A theme whose text colours do not reach WCAG 2.1 AA contrast (4.5:1 against
the background they are set on) is refused with the line of the colour at fault.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from nota.errors import Code, ContentError, Problem
from nota.load.yaml import load_file
from nota.model.base import Model
from nota.model.validate import validate
from nota.source import SourceFile

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="A colour as #rrggbb")]
Millimetres = Annotated[float, Field(ge=5, le=60)]
WHITE = "#ffffff"
MINIMUM_CONTRAST = 4.5  # WCAG 2.1 AA, SC 1.4.3, for text of normal size


class Colours(Model):
    accent: Colour = Field(description="Headings, rules, links and the cover band")
    accent_text: Colour = Field(description="Text on the accent colour (cover band, callout title bar)")
    text: Colour = Field("#1a1a1a", description="Body text")
    muted: Colour = Field("#595959", description="Running header, captions, notes")
    tint: Colour = Field(description="Light background of focus points, advice and the table of contents")
    figure: list[Colour] = Field(min_length=2, max_length=8, description="Fill colours of figure parts")


class Margins(Model):
    top: Millimetres = 25
    bottom: Millimetres = 25
    inner: Millimetres = Field(25, description="Margin at the binding (left on right-hand pages)")
    outer: Millimetres = 20


class Theme(Model):
    name: str = Field(min_length=1, max_length=40)
    organisation: str | None = Field(None, max_length=80, description="Publisher named in the running footer; "
                                     "the document's organisation when left out")
    logo_text: str | None = Field(None, max_length=40, description="Word mark on the cover (text, not an image)")
    typeface: Literal["Open Sans"] = Field("Open Sans", description="Vendored in templates/fonts/ with its licence")
    colours: Colours
    margins: Margins = Field(default_factory=Margins)
    mirrored: bool = Field(True, description="Mirror header and footer on left and right pages")
    columns: Literal[1, 2] = Field(1, description="Columns of body text in print")


def load_theme(path: Path, shown: Path) -> tuple[Theme | None, list[Problem]]:
    """Read a theme file (shown in messages as `shown`, e.g. templates/themes/lelystad.yaml) and check
    its contrast."""
    try:
        source = load_file(path, shown)
    except ContentError as exc:
        return None, [exc.problem]
    theme, problems = validate(Theme, source)
    if theme is None:
        return None, problems
    problems = contrast_problems(theme, source)
    return (None if problems else theme), problems


# --- contrast (WCAG 2.1 relative luminance) ---------------------------------------------------------

def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of #rrggbb."""
    r, g, b = (_channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Contrast ratio between two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def label_colour(fill: str, text: str) -> str:
    """The colour for a label on a figure part: white or the text colour, whichever contrasts more."""
    return WHITE if contrast(WHITE, fill) >= contrast(text, fill) else text


def _pairs(c: Colours) -> list[tuple[str, str, str, str]]:
    """(key, foreground, background, where the pair is used) for every text colour on its background."""
    return [("accent", c.accent, WHITE, "headings and links on the page"),
            ("accent", c.accent, c.tint, "headings in focus points on the tint"),
            ("accent_text", c.accent_text, c.accent, "the cover band and callout titles"),
            ("text", c.text, WHITE, "body text"),
            ("text", c.text, c.tint, "text in focus points and advice"),
            ("muted", c.muted, WHITE, "captions and notes"),
            ("muted", c.muted, c.tint, "notes on the tint")]


def contrast_problems(theme: Theme, source: SourceFile) -> list[Problem]:
    """Every text colour that fails 4.5:1 against its background, located at the colour's line."""
    problems = []
    for key, fg, bg, use in _pairs(theme.colours):
        ratio = contrast(fg, bg)
        if ratio < MINIMUM_CONTRAST:
            problems.append(Problem(
                f"colour {key} {fg} on {bg} ({use}) has contrast {ratio:.2f}:1, less than {MINIMUM_CONTRAST}:1",
                source.locate(("colours", key)), f"choose a {'darker' if luminance(bg) > 0.18 else 'lighter'} "
                f"{key}, or another background; WCAG 2.1 AA asks 4.5:1 for text", code=Code.CONTRAST))
    for index, fill in enumerate(theme.colours.figure):
        ratio = contrast(label_colour(fill, theme.colours.text), fill)
        if ratio < MINIMUM_CONTRAST:
            problems.append(Problem(
                f"figure colour {fill} has contrast {ratio:.2f}:1 with both white and the text colour",
                source.locate(("colours", "figure", index)), "choose a darker or a lighter colour: figure "
                "labels are set in white or in the text colour on it", code=Code.CONTRAST))
    return problems
