"""RENDER stage, figures: charts drawn as SVG from their data (pure functions: model in, SVG text out).

Each chart is drawn twice: wide (680 units, for a page or a wide screen) and narrow (300 units, for
a phone: the page shows it as wide as the column, from 288 px on a 320 px phone up to 360 px), with
no text under 13 units, so a phone shows none under 12 px (12.5 px at 320 px). The SVG carries its
own <title> (the caption or alt text); the HTML <img> carries the alt text, which is what reaches the
PDF structure tree as the Figure's /Alt. Labels on a coloured part are set in white or in the theme's
text colour, whichever contrasts more (theme.py refuses a colour for which neither reaches 4.5:1).
"""

from __future__ import annotations

from nota.model.figures import PyramidChart, PyramidLayer, StepsChart
from nota.model.theme import label_colour
from nota.render.svg import MUTED, RULE, TEXT, chars_in, document, line, text, wrap
from nota.text import markdown

WIDE, NARROW = 680, 300


def pyramid(chart: PyramidChart, title: str, colours: list[str], ink: str = TEXT, narrow: bool = False) -> str:
    """Layers from apex to base in bands of equal height; the share inside, the label beside each band.
    Narrow, the pyramid is slimmer, so its labels have room for their longest word, and the bands are as
    tall as the layer with the most lines of label and detail needs."""
    width, base, top, left = (NARROW, 130, 12, 4) if narrow else (WIDE, 300, 12, 10)
    count = len(chart.layers)
    apex_x, label_x = left + base / 2, left + base + (24 if narrow else 44)
    texts = [_layer_lines(layer, ink, width - label_x, narrow) for layer in chart.layers]
    band = (96 if count <= 3 else 288 / count) if not narrow else \
        max(84 if count <= 3 else 252 / count, 18 * max(len(lines) for lines in texts) + 14)
    body = []
    for i, (layer, lines) in enumerate(zip(chart.layers, texts, strict=True)):
        y0, y1 = top + i * band, top + (i + 1) * band
        half0, half1 = i / count * base / 2, (i + 1) / count * base / 2
        fill = colours[i % len(colours)]
        body.append(f'<polygon points="{apex_x - half0:.1f},{y0:.1f} {apex_x + half0:.1f},{y0:.1f} '
                    f'{apex_x + half1:.1f},{y1:.1f} {apex_x - half1:.1f},{y1:.1f}" fill="{fill}" '
                    'stroke="#ffffff" stroke-width="3" stroke-linejoin="round"/>')
        middle = y0 + band * ((0.66 if narrow else 0.62) if i == 0 else 0.5)  # the apex band's mass sits low
        size = (13 if narrow else 15) if i == 0 else (16 if narrow else 19)
        body.append(text(apex_x, middle + size / 3, f"{layer.share}%", size, "bold", "middle",
                         label_colour(fill, ink)))
        edge = apex_x + (half0 + half1) / 2
        body.append(line(edge + 8, middle, label_x - 10, middle))
        body.append(f'<circle cx="{label_x - 10:.1f}" cy="{middle:.1f}" r="2.5" fill="{RULE}"/>')
        # the lines centred on the band's middle (wide: one label line, the detail under it)
        detailed = any(weight == "normal" for _, _, weight, _ in lines)
        y = middle + 5 - 9 * (len(lines) - 1) if narrow else middle + (-3 if detailed else 5)
        for words, size, weight, colour in lines:
            body.append(text(label_x, y, words, size, weight, fill=colour))
            y += 18 if narrow else 19
    bottom = top + band * count
    body.append(line(left - 4, bottom + 1.5, left + base + 4, bottom + 1.5, ink, 1.5))
    return document(width, round(bottom + 14), body, title)


def _layer_lines(layer: PyramidLayer, ink: str, room: float, narrow: bool) -> list[tuple[str, int, str, str]]:
    """A layer's label (semibold) and detail (muted), wrapped to the room beside the pyramid."""
    label_chars = chars_in(room, 15, "600") if narrow else 60
    detail_chars = chars_in(room, 13) if narrow else 80
    labels = wrap(markdown.plain(layer.label), label_chars)
    details = wrap(layer.detail, detail_chars) if layer.detail else []
    return [(words, 15 if narrow else 16, "600", ink) for words in labels] + \
        [(words, 13, "normal", MUTED) for words in details]


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
