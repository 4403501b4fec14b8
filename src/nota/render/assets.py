"""RENDER stage, the files beside the HTML: the stylesheet and fonts from the templates, the figures drawn
from data as SVG, and the content images (read and checked again as they are read)."""

from __future__ import annotations

from nota.check import images
from nota.check.outline import Outline
from nota.errors import BuildError
from nota.i18n import _
from nota.load.safefs import UnsafeFile
from nota.load.templates import Templates
from nota.model.blocks import Budget
from nota.model.document import Document
from nota.model.figures import Figure
from nota.model.theme import Theme
from nota.render import bars, charts, figures
from nota.text import markdown

FONT_FILES = ("OpenSans-Regular.ttf", "OpenSans-Italic.ttf", "OpenSans-Semibold.ttf", "OpenSans-Bold.ttf",
              "OpenSans-BoldItalic.ttf")


def read_asset(templates: Templates, name: str) -> bytes:
    """A file from the templates (the project's, else nota's), never through a link leading out of them."""
    try:
        return templates.read(name)
    except UnsafeFile as exc:
        raise BuildError(_("{file} {reason}", file=f"templates/{name}", reason=exc.reason)) from None


def static_assets(templates: Templates) -> dict[str, bytes]:
    """The stylesheet, nota's small script and the vendored fonts, by their path beside the HTML."""
    files = {"assets/nota.css": read_asset(templates, "css/nota.css"),
             "assets/nota.js": read_asset(templates, "js/nota.js")}
    for name in FONT_FILES:
        files[f"assets/fonts/{name}"] = read_asset(templates, f"fonts/{name}")
    return files


def figure_files(doc: Document, theme: Theme) -> dict[str, bytes]:
    """Every figure drawn as an SVG file, and every content image, by its path beside the HTML."""
    files = {}
    for block, _place in doc.blocks(Figure):
        if block.chart is not None:  # an image figure shows its file
            title = markdown.plain(block.caption or block.alt)
            for narrow, name in ((False, f"figures/{block.id}.svg"), (True, f"figures/{block.id}-smal.svg")):
                svg = figures.draw(block.chart, title, theme.colours.figure, theme.colours.text, narrow)
                files[name] = svg.encode()
    return {**files, **images.image_files(doc)}


def chart_files(doc: Document, outline: Outline, theme: Theme) -> dict[str, bytes]:
    """Every budget table's chart, wide and narrow, drawn as SVG from the table's figures."""
    files = {}
    for block, _place in doc.blocks(Budget):
        table = doc.table_of(block)
        if table is None or table.table.chart is None:
            continue
        view = charts.view(table.table, outline.of(block))
        for narrow, name in ((False, view.file), (True, view.narrow_file)):
            files[name] = bars.draw(view, theme.colours.figure, theme.colours.text, narrow).encode()
    return files
