"""RENDER stage: validated models in, the HTML edition and the print HTML out (as bytes in memory).

Templates come from the project's templates/ folder, file by file before nota's own (load/templates.py).
Autoescaping is on for every template whatever
its name, undefined names are errors, and no content string is ever compiled as a template. No disk
writes here: publish/output.py writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from nota.check import images
from nota.check.outline import Outline
from nota.load.templates import Templates
from nota.model.blocks import Budget
from nota.model.document import Document
from nota.model.theme import Theme
from nota.render import assets, layout, typography, views
from nota.source import Location
from nota.text import dutch, markdown

CONCEPT_RED = "#a4000f"


def make_env(templates: Templates) -> Environment:
    """Jinja environment: the project's templates before nota's, autoescape always on, undefined names are errors."""
    loader = ChoiceLoader([FileSystemLoader(folder) for folder in templates.folders])
    env = Environment(loader=loader, undefined=StrictUndefined, autoescape=True,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(amount=dutch.amount, number=dutch.number, eur=dutch.eur, date_nl=dutch.date_nl,
                       plain=markdown.plain)
    return env


@dataclass(frozen=True)
class _PageSide:
    selector: str  # "" for right-hand pages, " :left" for left-hand ones
    margin: str
    outer: str  # the edge the title and page number stand at
    inner: str


def theme_css(env: Environment, theme: Theme, concept: bool) -> str:
    """assets/theme.css: the theme's colours, the page margins and the running header and footer."""
    m = theme.margins
    left = (m.outer, m.inner) if theme.mirrored else (m.inner, m.outer)
    pages = [_PageSide("", f"{m.top}mm {m.outer}mm {m.bottom}mm {m.inner}mm", "right", "left"),
             _PageSide(" :left", f"{m.top}mm {left[1]}mm {m.bottom}mm {left[0]}mm",
                       *(("left", "right") if theme.mirrored else ("right", "left")))]
    return env.get_template("css/theme.css.j2").render(c=theme.colours, pages=pages, concept=concept,
                                                       concept_red=CONCEPT_RED)


def render_html(env: Environment, doc: Document, outline: Outline, theme: Theme, *, hyphens: bool = False,
                copyfit: set[str] | frozenset[str] = frozenset()) -> str:
    """The whole document as one HTML page; with `hyphens`, the soft hyphens for print (typography.py).

    The page for the screen has no soft hyphens: a screen reader may read a word with soft hyphens as
    its syllables, and the PDF is where line breaks are set once and for all. The chapters (ids) in
    `copyfit` are set a little tighter in print (publish/pdf.py asks for that when one ends in a runt page).
    """
    resolver = views.Resolver(outline)

    def budget(block: Budget) -> views.PrintedTable:
        table = doc.table_of(block)
        assert table is not None  # the checks refuse a budget block without its table
        return views.printed_table(table.table, outline.of(block), resolver)

    html = env.get_template("document.html.j2").render(
        doc=doc, meta=doc.meta, outline=outline, theme=theme, target=outline.of, resolver=resolver,
        md=lambda text: markdown.render_block(text, resolver), md_inline=views.inline(resolver), budget=budget,
        figure_src=images.src, toc=views.toc(doc, outline),
        wide_chapter=lambda chapter: layout.has_wide_table(doc, chapter),
        columns=lambda chapter: layout.chapter_columns(doc, chapter, theme), widths=layout.column_widths,
        keep=layout.keep_together, publisher=theme.organisation or doc.meta.organisation, copyfit=copyfit,
    )
    head, body = html.split("<body", 1)
    return head + typography.apply(layout.run_in_headings("<body" + body), hyphens=hyphens)


@dataclass
class Edition:
    """A rendered document: the files of its HTML edition, and what typesetting its PDF needs."""

    files: dict[str, bytes]
    print_html: str  # the same content with soft hyphens for print (see typography.py)
    places: dict[str, Location]  # where each table is defined, for located layout problems
    refit: Callable[[set[str]], str]  # the print HTML again, with the named chapters set tighter


def render_document(root: Path, doc: Document, outline: Outline, theme: Theme) -> Edition:
    """The HTML edition of one document (with its assets and figures), and its print HTML."""
    templates = Templates.of(root)
    env = make_env(templates)
    html = render_html(env, doc, outline, theme)
    files = {f"{doc.id}.html": html.encode(), **assets.static_assets(templates), **assets.figure_files(doc, theme),
             "assets/theme.css": theme_css(env, theme, doc.meta.status == "concept").encode()}
    return Edition(files, render_html(env, doc, outline, theme, hyphens=True), layout.table_places(doc, outline),
                   lambda chapters: render_html(env, doc, outline, theme, hyphens=True, copyfit=chapters))
