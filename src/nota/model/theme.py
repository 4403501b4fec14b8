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
from nota.i18n import N_, _, decimal
from nota.load.yaml import load_file
from nota.model.base import Model
from nota.model.fields import keys_of
from nota.model.validate import validate, validate_rest
from nota.source import SourceFile

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description=N_("A colour as #rrggbb"))]
Millimetres = Annotated[float, Field(ge=5, le=60)]
WHITE = "#ffffff"
MINIMUM_CONTRAST = 4.5  # WCAG 2.1 AA, SC 1.4.3, for text of normal size


class Colours(Model):
    accent: Colour = Field(description=N_("Headings, rules, links and the cover band"))
    accent_text: Colour = Field(description=N_("Text on the accent colour (cover band, callout title bar)"))
    text: Colour = Field("#1a1a1a", description=N_("Body text"))
    muted: Colour = Field("#595959", description=N_("Running header, captions, notes"))
    tint: Colour = Field(description=N_("Light background of focus points, advice and the table of contents"))
    figure: list[Colour] = Field(min_length=2, max_length=8, description=N_("Fill colours of figure parts"))


class Margins(Model):
    top: Millimetres = 25
    bottom: Millimetres = 25
    inner: Millimetres = Field(25, description=N_("Margin at the binding (left on right-hand pages)"))
    outer: Millimetres = 20


class Theme(Model):
    name: str = Field(min_length=1, max_length=40)
    organisation: str | None = Field(None, max_length=80, description=N_("Publisher named in the running footer; "
                                     "the document's organisation when left out"))
    logo_text: str | None = Field(None, max_length=40, description=N_("Word mark on the cover (text, not an image)"))
    typeface: Literal["Open Sans"] = Field("Open Sans", description=N_("Vendored in templates/fonts/ with its licence"))
    colours: Colours
    margins: Margins = Field(default_factory=Margins)
    mirrored: bool = Field(True, description=N_("Mirror header and footer on left and right pages"))
    columns: Literal[1, 2] = Field(1, description=N_("Columns of body text in print"))


def load_theme(path: Path, shown: Path) -> tuple[Theme | None, list[Problem]]:
    """Read a theme file (shown in messages as `shown`, e.g. templates/themes/lelystad.yaml) and check
    its contrast."""
    try:
        source = load_file(path, shown, keys_of(Theme))
    except ContentError as exc:
        return None, exc.problems + validate_rest(Theme, exc.rest)[1]
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
    return [("accent", c.accent, WHITE, N_("headings and links on the page")),
            ("accent", c.accent, c.tint, N_("headings in focus points on the tint")),
            ("accent_text", c.accent_text, c.accent, N_("the cover band and callout titles")),
            ("text", c.text, WHITE, N_("body text")),
            ("text", c.text, c.tint, N_("text in focus points and advice")),
            ("muted", c.muted, WHITE, N_("captions and notes")),
            ("muted", c.muted, c.tint, N_("notes on the tint"))]


def contrast_problems(theme: Theme, source: SourceFile) -> list[Problem]:
    """Every text colour that fails 4.5:1 against its background, located at the colour's line."""
    problems = []
    for key, fg, bg, use in _pairs(theme.colours):
        ratio = contrast(fg, bg)
        if ratio < MINIMUM_CONTRAST:
            hint = (_("choose a darker {key}, or another background; WCAG 2.1 AA asks 4.5:1 for text", key=key)
                    if luminance(bg) > 0.18 else
                    _("choose a lighter {key}, or another background; WCAG 2.1 AA asks 4.5:1 for text", key=key))
            problems.append(Problem(
                _("colour {key} {colour} on {background} ({use}) has contrast {ratio}:1, less than {minimum}:1",
                  key=key, colour=fg, background=bg, use=_(use), ratio=decimal(ratio, 2),
                  minimum=decimal(MINIMUM_CONTRAST, 1)),
                source.locate(("colours", key)), hint, code=Code.CONTRAST))
    for index, fill in enumerate(theme.colours.figure):
        ratio = contrast(label_colour(fill, theme.colours.text), fill)
        if ratio < MINIMUM_CONTRAST:
            problems.append(Problem(
                _("figure colour {colour} has contrast {ratio}:1 with both white and the text colour", colour=fill,
                  ratio=decimal(ratio, 2)),
                source.locate(("colours", "figure", index)), _("choose a darker or a lighter colour: figure "
                                                               "labels are set in white or in the text colour on it"),
                code=Code.CONTRAST))
    return problems
