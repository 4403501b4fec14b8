"""RENDER stage, figures: charts drawn as SVG from their data (pure functions: model in, SVG text out).

The SVG carries its own <title> (the caption or alt text); the HTML <img> carries the alt text, which
is what reaches the PDF structure tree as the Figure's /Alt. Labels on a coloured part are set in
white or in the theme's text colour, whichever contrasts more (theme.py refuses a colour for which
neither reaches 4.5:1). Coordinates are rounded to one decimal, so the output is the same everywhere.
"""

from __future__ import annotations

from markupsafe import escape

from nota.model.figures import PyramidChart, StepsChart
from nota.model.theme import label_colour
from nota.text import markdown

FONT = "font-family=\"'Open Sans', 'DejaVu Sans', sans-serif\""
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
RULE = "#8c8c8c"


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img"><title>{escape(title)}</title>{"".join(body)}</svg>\n'
    )


def _text(x: float, y: float, text: str, size: int = 15, weight: str = "normal", anchor: str = "start",
          fill: str = TEXT) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" '
            f'fill="{fill}" {FONT}>{escape(text)}</text>')


def _line(x1: float, y1: float, x2: float, y2: float, colour: str = RULE, width: float = 1) -> str:
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{width}"/>')


def pyramid(chart: PyramidChart, title: str, colours: list[str], text: str = TEXT) -> str:
    """Layers from apex to base in bands of equal height; the share inside, the label beside each band."""
    width, base, top, left = 680, 300, 12, 10
    band = 96 if len(chart.layers) <= 3 else 288 / len(chart.layers)
    height = top + band * len(chart.layers) + 14
    apex_x, label_x = left + base / 2, left + base + 44
    body = []
    for i, layer in enumerate(chart.layers):
        y0, y1 = top + i * band, top + (i + 1) * band
        half0, half1 = i / len(chart.layers) * base / 2, (i + 1) / len(chart.layers) * base / 2
        fill = colours[i % len(colours)]
        body.append(f'<polygon points="{apex_x - half0:.1f},{y0:.1f} {apex_x + half0:.1f},{y0:.1f} '
                    f'{apex_x + half1:.1f},{y1:.1f} {apex_x - half1:.1f},{y1:.1f}" fill="{fill}" '
                    'stroke="#ffffff" stroke-width="3" stroke-linejoin="round"/>')
        middle = y0 + band * (0.62 if i == 0 else 0.5)  # the apex band's centre of mass sits low
        size = 15 if i == 0 else 19
        body.append(_text(apex_x, middle + size / 3, f"{layer.share}%", size, "bold", "middle",
                          label_colour(fill, text)))
        edge = apex_x + (half0 + half1) / 2
        body.append(_line(edge + 8, middle, label_x - 10, middle))
        body.append(f'<circle cx="{label_x - 10:.1f}" cy="{middle:.1f}" r="2.5" fill="{RULE}"/>')
        body.append(_text(label_x, middle + (-3 if layer.detail else 5), markdown.plain(layer.label), 16, "600",
                          fill=text))
        if layer.detail:
            body.append(_text(label_x, middle + 16, layer.detail, 13, fill=MUTED))
    body.append(_line(left - 4, top + band * len(chart.layers) + 1.5, left + base + 4,
                      top + band * len(chart.layers) + 1.5, text, 1.5))
    return _svg(width, round(height), body, title)


def steps(chart: StepsChart, title: str, colours: list[str], text: str = TEXT) -> str:
    """A staircase rising left to right, each step's label at its top, an arrow along the steps."""
    count = len(chart.steps)
    width, height, gap, head = 680, 290, 10, 60
    step_w = (width - gap * (count - 1)) / count
    rise = (height - head - 70) / max(count - 1, 1)
    body = []
    for i, label in enumerate(chart.steps):
        h = 70 + i * rise
        x, y = i * (step_w + gap), height - h
        fill = colours[i % len(colours)]
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step_w:.1f}" height="{h:.1f}" rx="3" fill="{fill}"/>')
        ink = label_colour(fill, text)
        body.append(_text(x + 12, y + 24, str(i + 1), 13, "bold", fill=ink))
        for j, line in enumerate(_wrap(markdown.plain(label), 17)):
            body.append(_text(x + step_w / 2, y + 44 + j * 19, line, 15, "600", "middle", ink))
    if count > 1:  # the direction of the steps: from the first to the last
        lift = 12 + rise / 2  # clear of the corners of the steps
        x0, y0 = step_w / 2, height - 70 - lift
        x1, y1 = width - step_w / 2, height - 70 - (count - 1) * rise - lift
        body.append(_line(x0, y0, x1 - 6, y1 + 4, MUTED, 2))
        body.append(f'<polygon points="{x1:.1f},{y1:.1f} {x1 - 14:.1f},{y1 + 1:.1f} {x1 - 7:.1f},{y1 + 12:.1f}" '
                    f'fill="{MUTED}"/>')
    return _svg(width, height, body, title)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.replace("/", "/ ").split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]}{'' if lines[-1].endswith('/') else ' '}{word}"
        else:
            lines.append(word)
    return lines


def draw(chart: PyramidChart | StepsChart, title: str, colours: list[str], text: str = TEXT) -> str:
    """Draw a figure's chart."""
    if isinstance(chart, PyramidChart):
        return pyramid(chart, title, colours, text)
    return steps(chart, title, colours, text)
