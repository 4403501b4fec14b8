"""RENDER stage, figures: charts drawn as SVG from their data (pure functions: model in, SVG text out).

Each chart is drawn twice: wide (680 units, for a page or a wide screen) and narrow (360 units, for
a phone, where the page shows it about as wide as it is drawn), so its text is never set smaller
than 13 units, which a phone shows at 12 px or more. The SVG carries its own <title> (the caption or
alt text); the HTML <img> carries the alt text, which is what reaches the PDF structure tree as the
Figure's /Alt. Labels on a coloured part are set in white or in the theme's text colour, whichever
contrasts more (theme.py refuses a colour for which neither reaches 4.5:1).
"""

from __future__ import annotations

from nota.model.figures import PyramidChart, StepsChart
from nota.model.theme import label_colour
from nota.render.svg import MUTED, RULE, TEXT, chars_in, document, line, text, wrap
from nota.text import markdown

WIDE, NARROW = 680, 360


def pyramid(chart: PyramidChart, title: str, colours: list[str], ink: str = TEXT, narrow: bool = False) -> str:
    """Layers from apex to base in bands of equal height; the share inside, the label beside each band."""
    width, base, top, left = (NARROW, 150, 12, 6) if narrow else (WIDE, 300, 12, 10)
    count = len(chart.layers)
    band = (84 if narrow else 96) if count <= 3 else (252 if narrow else 288) / count
    apex_x, label_x = left + base / 2, left + base + (30 if narrow else 44)
    label_chars = chars_in(width - label_x, 15, "600") if narrow else 60
    detail_chars = chars_in(width - label_x, 13) if narrow else 80
    body = []
    for i, layer in enumerate(chart.layers):
        y0, y1 = top + i * band, top + (i + 1) * band
        half0, half1 = i / count * base / 2, (i + 1) / count * base / 2
        fill = colours[i % len(colours)]
        body.append(f'<polygon points="{apex_x - half0:.1f},{y0:.1f} {apex_x + half0:.1f},{y0:.1f} '
                    f'{apex_x + half1:.1f},{y1:.1f} {apex_x - half1:.1f},{y1:.1f}" fill="{fill}" '
                    'stroke="#ffffff" stroke-width="3" stroke-linejoin="round"/>')
        middle = y0 + band * (0.62 if i == 0 else 0.5)  # the apex band's centre of mass sits low
        size = (14 if narrow else 15) if i == 0 else (16 if narrow else 19)
        body.append(text(apex_x, middle + size / 3, f"{layer.share}%", size, "bold", "middle",
                         label_colour(fill, ink)))
        edge = apex_x + (half0 + half1) / 2
        body.append(line(edge + 8, middle, label_x - 10, middle))
        body.append(f'<circle cx="{label_x - 10:.1f}" cy="{middle:.1f}" r="2.5" fill="{RULE}"/>')
        labels = wrap(markdown.plain(layer.label), label_chars)
        details = wrap(layer.detail, detail_chars) if layer.detail else []
        lines = [(words, 16 if not narrow else 15, "600", ink) for words in labels]
        lines += [(words, 13, "normal", MUTED) for words in details]
        # the lines centred on the band's middle (wide: one label line, the detail under it)
        y = middle + 5 - 9 * (len(lines) - 1) if narrow else middle + (-3 if details else 5)
        for words, size, weight, colour in lines:
            body.append(text(label_x, y, words, size, weight, fill=colour))
            y += 18 if narrow else 19
    bottom = top + band * count
    body.append(line(left - 4, bottom + 1.5, left + base + 4, bottom + 1.5, ink, 1.5))
    return document(width, round(bottom + 14), body, title)


def steps(chart: StepsChart, title: str, colours: list[str], ink: str = TEXT, narrow: bool = False) -> str:
    """A staircase rising left to right, each step's label at its top, an arrow along the steps."""
    if narrow:
        return _steps_narrow(chart, title, colours, ink)
    count = len(chart.steps)
    width, height, gap, head = WIDE, 290, 10, 60
    step_w = (width - gap * (count - 1)) / count
    rise = (height - head - 70) / max(count - 1, 1)
    body = []
    for i, label in enumerate(chart.steps):
        h = 70 + i * rise
        x, y = i * (step_w + gap), height - h
        fill = colours[i % len(colours)]
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step_w:.1f}" height="{h:.1f}" rx="3" fill="{fill}"/>')
        on_fill = label_colour(fill, ink)
        body.append(text(x + 12, y + 24, str(i + 1), 13, "bold", fill=on_fill))
        for j, words in enumerate(wrap(markdown.plain(label), 17)):
            body.append(text(x + step_w / 2, y + 44 + j * 19, words, 15, "600", "middle", on_fill))
    if count > 1:  # the direction of the steps: from the first to the last
        lift = 12 + rise / 2  # clear of the corners of the steps
        x0, y0 = step_w / 2, height - 70 - lift
        x1, y1 = width - step_w / 2, height - 70 - (count - 1) * rise - lift
        body.append(line(x0, y0, x1 - 6, y1 + 4, MUTED, 2))
        body.append(f'<polygon points="{x1:.1f},{y1:.1f} {x1 - 14:.1f},{y1 + 1:.1f} {x1 - 7:.1f},{y1 + 12:.1f}" '
                    f'fill="{MUTED}"/>')
    return document(width, height, body, title)


def _steps_narrow(chart: StepsChart, title: str, colours: list[str], ink: str) -> str:
    """The staircase for a phone: one step a row, each set further in, numbered from the first."""
    indent, gap, row = 22, 6, 50
    body, y = [], 0.0
    for i, label in enumerate(chart.steps):
        x = i * indent
        words = wrap(markdown.plain(label), chars_in(NARROW - x - 44, 15, "600"))
        height = row + 19 * (len(words) - 1)
        fill = colours[i % len(colours)]
        on_fill = label_colour(fill, ink)
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{NARROW - x:.1f}" height="{height:.1f}" rx="3" '
                    f'fill="{fill}"/>')
        body.append(text(x + 12, y + 30, str(i + 1), 14, "bold", fill=on_fill))
        for j, part in enumerate(words):
            body.append(text(x + 36, y + 30 + j * 19, part, 15, "600", fill=on_fill))
        y += height + gap
    return document(NARROW, round(y - gap), body, title)


def draw(chart: PyramidChart | StepsChart, title: str, colours: list[str], ink: str = TEXT,
         narrow: bool = False) -> str:
    """Draw a figure's chart, wide or narrow."""
    if isinstance(chart, PyramidChart):
        return pyramid(chart, title, colours, ink, narrow)
    return steps(chart, title, colours, ink, narrow)
