"""RENDER stage, SVG: the few drawing primitives the charts share (figures.py, bars.py).

Every coordinate is written with one decimal, so a drawing is the same bytes on every machine. Text
is escaped; nothing from the content reaches an attribute other than as a number or a theme colour
(#rrggbb, checked by model/theme.py).
"""

from __future__ import annotations

from markupsafe import escape

FONT = "font-family=\"'Open Sans', 'DejaVu Sans', sans-serif\""
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
RULE = "#8c8c8c"
GRID = "#d9d9d9"
# The width of a character as a share of the font size: a little more than the average of the fonts a
# drawing may be set in (Open Sans where it is installed, else DejaVu Sans, which is wider), so an
# estimated line is not shorter than the set one. An SVG shown as an image cannot use the page's fonts.
CHAR_WIDTH = {"normal": 0.6, "600": 0.66, "bold": 0.68}


def document(width: int, height: int, body: list[str], title: str, defs: str = "") -> str:
    """A whole SVG file: its size, its own title (for when it is opened on its own), the drawing."""
    defs = f"<defs>{defs}</defs>" if defs else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img"><title>{escape(title)}</title>{defs}{"".join(body)}</svg>\n'
    )


def text(x: float, y: float, words: str, size: int = 15, weight: str = "normal", anchor: str = "start",
         fill: str = TEXT) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" '
            f'fill="{fill}" {FONT}>{escape(words)}</text>')


def line(x1: float, y1: float, x2: float, y2: float, colour: str = RULE, width: float = 1) -> str:
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{width}"/>')


def rect(x: float, y: float, width: float, height: float, fill: str, stroke: str = TEXT) -> str:
    """A bar: filled, with a 1 px outline that sets it off from the white page (3:1 and more)."""
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1"/>')


def width_of(words: str, size: int, weight: str = "normal") -> float:
    """The estimated width of a line of text (no font metrics in a pure function)."""
    return len(words) * size * CHAR_WIDTH[weight]


def chars_in(width: float, size: int, weight: str = "normal") -> int:
    """How many characters fit on a line of `width` at most."""
    return max(8, int(width / (size * CHAR_WIDTH[weight])))


def wrap(words: str, width: int) -> list[str]:
    """Lines of at most `width` characters; a slash may end a line ('Vrijwilligers/')."""
    lines: list[str] = []
    for word in words.replace("/", "/ ").split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]}{'' if lines[-1].endswith('/') else ' '}{word}"
        else:
            lines.append(word)
    return lines
