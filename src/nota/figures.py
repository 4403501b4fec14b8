"""Figures drawn as SVG from their data (pure functions: model in, SVG text out)."""

from __future__ import annotations

from markupsafe import escape

from nota import markdown
from nota.models import PyramidChart, StepsChart

FONT = "font-family=\"'Open Sans', 'DejaVu Sans', sans-serif\""


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img"><title>{escape(title)}</title>{"".join(body)}</svg>\n'
    )


def _text(x: float, y: float, text: str, size: int = 15, weight: str = "normal", anchor: str = "start",
          fill: str = "#1a1a1a") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" '
            f'fill="{fill}" {FONT}>{escape(text)}</text>')


def pyramid(chart: PyramidChart, title: str, colours: list[str]) -> str:
    """Layers from apex to base, equal heights, the share and label beside each band."""
    width, height, left, base = 680, 330, 20, 330
    band = (height - 20) / len(chart.layers)
    apex_x = left + base / 2
    body = []
    for i, layer in enumerate(chart.layers):
        top, bottom = 10 + i * band, 10 + (i + 1) * band
        half_top, half_bottom = (top - 10) / (height - 20) * base / 2, (bottom - 10) / (height - 20) * base / 2
        points = (f"{apex_x - half_top:.1f},{top:.1f} {apex_x + half_top:.1f},{top:.1f} "
                  f"{apex_x + half_bottom:.1f},{bottom:.1f} {apex_x - half_bottom:.1f},{bottom:.1f}")
        colour = colours[i % len(colours)]
        body.append(f'<polygon points="{points}" fill="{colour}" stroke="#ffffff" stroke-width="3"/>')
        middle = (top + bottom) / 2
        body.append(_text(apex_x, middle + 6 + (8 if i == 0 else 0), f"{layer.share}%", 17 if i else 14, "bold",
                          "middle", "#ffffff"))
        label_x = left + base + 24
        body.append(f'<line x1="{apex_x + half_bottom - 10:.1f}" y1="{middle:.1f}" x2="{label_x - 6}" '
                    f'y2="{middle:.1f}" stroke="#8a8a8a" stroke-width="1"/>')
        body.append(_text(label_x, middle + (0 if layer.detail else 5), markdown.plain(layer.label), 15, "600"))
        if layer.detail:
            body.append(_text(label_x, middle + 19, layer.detail, 13, fill="#4a4a4a"))
    return _svg(width, height, body, title)


def steps(chart: StepsChart, title: str, colours: list[str]) -> str:
    """A staircase: each step higher than the one before, its label on the riser."""
    count = len(chart.steps)
    width, height, gap = 680, 260, 8
    step_w = (width - gap * (count - 1)) / count
    body = []
    for i, label in enumerate(chart.steps):
        h = 70 + i * (height - 90) / max(count - 1, 1)
        x, y = i * (step_w + gap), height - h
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step_w:.1f}" height="{h:.1f}" rx="4" '
                    f'fill="{colours[i % len(colours)]}"/>')
        for j, line in enumerate(_wrap(markdown.plain(label), 16)):
            body.append(_text(x + step_w / 2, y + 26 + j * 19, line, 15, "600", "middle", "#ffffff"))
    if count > 1:
        body.append(f'<path d="M {step_w / 2:.1f} {height - 80} L {width - step_w / 2:.1f} 22" stroke="#1a1a1a" '
                    'stroke-width="0" fill="none"/>')
    return _svg(width, height, body, title)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.replace("/", "/ ").split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]}{'' if lines[-1].endswith('/') else ' '}{word}"
        else:
            lines.append(word)
    return lines


def draw(chart: PyramidChart | StepsChart, title: str, colours: list[str]) -> str:
    """Draw a figure's chart."""
    if isinstance(chart, PyramidChart):
        return pyramid(chart, title, colours)
    return steps(chart, title, colours)
