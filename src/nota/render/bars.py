"""RENDER stage, budget charts drawn as SVG (pure: a ChartView in, SVG text out; render/charts.py).

Two kinds: columns per year (a cluster per year, one bar per line, a legend above) and bars per
group (one labelled bar per line, for one year). Each is drawn wide (680 units) and narrow (300, for
a phone, render/figures.py), with no text under 13 units, so a phone shows none under 12 px.

Meaning never rests on colour alone: in a cluster each line has its own pattern as well as its own
colour, shown in the legend; a bar per group carries its label and figure in words. Every bar has a
1 px outline in the theme's text colour, so its edge stands out from the white page by far more than
the 3:1 WCAG 2.1 asks of graphics (SC 1.4.11), whatever the fill; all text is in the text colour or
the muted grey, both at least 4.5:1 on white (model/theme.py).
"""

from __future__ import annotations

from nota.model.theme import label_colour
from nota.render.charts import ChartView, tick_label, ticks
from nota.render.svg import GRID, MUTED, TEXT, chars_in, document, line, rect, text, width_of, wrap
from nota.text import dutch

WIDE, NARROW = 680, 300
LABEL, SMALL = 14, 13  # font sizes: labels and figures; axis and unit notes
# A pattern per line of a cluster, drawn in white or the text colour (whichever stands out more) over
# its fill: an 8-unit tile as SVG path data; "" is a plain fill.
PATTERNS = ("", "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "M4,4 m-1.6,0 a1.6,1.6 0 1,0 3.2,0 a1.6,1.6 0 1,0 -3.2,0",
            "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4 M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4", "M0,4 h8", "M4,0 v8")


def draw(view: ChartView, colours: list[str], ink: str = TEXT, narrow: bool = False) -> str:
    """The chart as an SVG file."""
    width = NARROW if narrow else WIDE
    if view.by == "year":
        return _columns(view, _fills(len(view.labels), colours), ink, width)
    return _bars(view, colours[0], ink, width)


def _fills(count: int, colours: list[str]) -> list[str]:
    """One theme colour per line, spread from the darkest to the lightest the theme has."""
    if count == 1:
        return [colours[0]]
    return [colours[round(i * (len(colours) - 1) / (count - 1))] for i in range(count)]


def _defs(fills: list[str], ink: str) -> str:
    tiles = []
    for i, fill in enumerate(fills):
        pattern = PATTERNS[i % len(PATTERNS)]
        if pattern:
            mark = label_colour(fill, ink)
            draw_mark = f'fill="{mark}"' if "a1.6" in pattern else f'fill="none" stroke="{mark}" stroke-width="1.6"'
            tiles.append(f'<pattern id="reeks-{i + 1}" width="8" height="8" patternUnits="userSpaceOnUse">'
                         f'<rect width="8" height="8" fill="{fill}"/><path d="{pattern}" {draw_mark}/></pattern>')
    return "".join(tiles)


def _paint(i: int, fills: list[str]) -> str:
    return f"url(#reeks-{i + 1})" if PATTERNS[i % len(PATTERNS)] else fills[i]


def _legend(view: ChartView, fills: list[str], ink: str, width: int) -> tuple[list[str], float]:
    """The legend: a swatch with the line's pattern and its label, as many to a row as fit."""
    body: list[str] = []
    x, y = 0.0, 0.0
    for i, label in enumerate(view.labels):
        lines = wrap(label, chars_in(width - 22, LABEL))
        needed = 22 + max(width_of(part, LABEL) for part in lines)
        if x > 0 and x + needed > width:
            x, y = 0.0, y + 22
        body.append(rect(x, y + 3, 14, 14, _paint(i, fills), ink))
        for j, part in enumerate(lines):
            body.append(text(x + 20, y + 15 + j * 18, part, LABEL, fill=ink))
        y += 18 * (len(lines) - 1)
        x += needed + 18
    return body, y + 22


def _columns(view: ChartView, fills: list[str], ink: str, width: int) -> str:
    """A cluster of bars per year; the years stand at the zero line, on the side away from the bars."""
    body, y = _legend(view, fills, ink, width)
    body.append(text(0, y + 14, view.unit_note, SMALL, fill=MUTED))
    values = [v for line in view.values for v in line if v is not None]
    marks = ticks(values)
    step = marks[1] - marks[0]
    names = [tick_label(mark, view.unit, step) for mark in marks]
    left = max(width_of(name, SMALL) for name in names) + 10
    low, high = marks[0], marks[-1]
    years_above = high == 0  # every bar hangs below the zero line: the years go above it
    top = y + 26 + (22 if years_above else 6)
    height = 170 if width == NARROW else 210

    def at(value: float) -> float:
        return top + (high - value) / (high - low) * height

    for mark, name in zip(marks, names, strict=True):
        body.append(line(left, at(mark), width, at(mark), GRID))
        body.append(text(left - 6, at(mark) + 4.5, name, SMALL, anchor="end", fill=MUTED))
    cluster = (width - left) / len(view.years)
    bar = cluster * 0.78 / len(view.labels)
    for j, year in enumerate(view.years):
        x = left + j * cluster + cluster * 0.11
        for i, figures in enumerate(view.values):
            value = figures[j]
            if value is not None and value != 0:
                y0, y1 = sorted((at(0), at(value)))
                body.append(rect(x + i * bar, y0, bar, y1 - y0, _paint(i, fills), ink))
        year_y = at(0) - 8 if years_above else top + height + 18
        body.append(text(left + (j + 0.5) * cluster, year_y, str(year), SMALL if width == NARROW else LABEL,
                         "600", "middle", ink))
    body.append(line(left, at(0), width, at(0), ink, 1.5))
    return document(width, round(top + height + (8 if years_above else 26)), body, view.alt, _defs(fills, ink))


def _bars(view: ChartView, fill: str, ink: str, width: int) -> str:
    """One bar per line, its label above it and its figure at the end of the label's line (on a line of its
    own where a word of the label leaves no room for it); the year the bars are of stands with the unit,
    as a table of several years does not say which one is drawn."""
    body = [text(0, 14, f"{view.unit_note}, {view.years[0]}", SMALL, fill=MUTED)]
    values = [line_values[0] for line_values in view.values]
    marks = ticks([v for v in values if v is not None], 3 if width == NARROW else 4)
    low, high = marks[0], marks[-1]
    pad = 4

    def at(value: float) -> float:
        return pad + (value - low) / (high - low) * (width - 2 * pad)

    y, rows, bars = 30.0, [], []
    for label, value in zip(view.labels, values, strict=True):
        figure = "pm" if value is None else dutch.number(value)
        room = width - width_of(figure, LABEL, "600") - 14
        parts = wrap(label, chars_in(room, LABEL, "600"))
        # a word too long to share its line with the figure: the figure gets a line of its own, under it
        alone = bool(parts) and width_of(parts[0], LABEL, "600") > room
        figure_at = len(parts) if alone else 0
        for k, part in enumerate([*parts, ""] if alone else parts):
            if part:
                body.append(text(0, y + 14, part, LABEL, "600", fill=ink))
            if k == figure_at:
                body.append(text(width, y + 14, figure, LABEL, "600", "end", ink))
            y += 19
        y += 3
        rows.append(y)
        if value:
            x0, x1 = sorted((at(0), at(value)))
            bars.append(rect(x0, y, x1 - x0, 18, fill, ink))
        y += 18 + 14
    for mark in marks:  # the grid and the zero line run through the bars' rows only, not their labels
        for row in rows:
            body.append(line(at(mark), row - 4, at(mark), row + 22, GRID))
    body += bars
    for row in rows:
        body.append(line(at(0), row - 4, at(0), row + 22, ink, 1.5))
    step = marks[1] - marks[0]
    for k, mark in enumerate(marks):
        anchor = "start" if k == 0 else "end" if k == len(marks) - 1 else "middle"
        body.append(text(at(mark), y + 4, tick_label(mark, view.unit, step), SMALL, anchor=anchor, fill=MUTED))
    return document(width, round(y + 12), body, view.alt)
