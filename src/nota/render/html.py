"""RENDER stage: validated models in, the HTML edition and the print HTML out (as bytes in memory).

Templates come from the project's templates/ folder, file by file before nota's own (load/templates.py).
Autoescaping is on for every template whatever
its name, undefined names are errors, and no content string is ever compiled as a template. No disk
writes here: publish/output.py writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from nota.check import images
from nota.check.outline import Outline
from nota.i18n import _, language
from nota.load.templates import Templates
from nota.model.blocks import Budget
from nota.model.document import Document
from nota.model.theme import Theme
from nota.render import assets, charts, data, layout, parts, templated, typography, views
from nota.render.edition import Download, Links, Page, Provenance
from nota.source import Location
from nota.text import dutch, markdown

CONCEPT_RED = "#a4000f"


def slash_breaks(html: str) -> Markup:
    """A line may break after a slash in a cell's text ('Welzijn Lelystad/hoofdaannemers'), never in a tag.

    For the screen only, whose page has no soft hyphens: without it one long word sets how narrow a column
    of a wide table may be. A <wbr> has no text, so a screen reader reads the word as it is written.
    """
    parts = re.split(r"(<[^>]*>)", str(escape(html)))
    return Markup("".join(part if part.startswith("<") else part.replace("/", "/<wbr>") for part in parts))


def make_env(templates: Templates) -> Environment:
    """Jinja environment: the project's templates before nota's, autoescape always on, undefined names are errors."""
    loader = ChoiceLoader([FileSystemLoader(folder) for folder in templates.folders])
    env = templated.NotaEnvironment(templates, loader=loader, undefined=StrictUndefined, autoescape=True,
                                    keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(_=_, language=language)  # nota's own templates (the preview's panel) speak the user's language
    env.filters.update(amount=dutch.amount, number=dutch.number, eur=dutch.eur, date_nl=dutch.date_nl,
                       plain=markdown.plain, slash_breaks=slash_breaks)
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
    return templated.render(env, "css/theme.css.j2", c=theme.colours, pages=pages, concept=concept,
                            concept_red=CONCEPT_RED)


def render_html(env: Environment, doc: Document, outline: Outline, theme: Theme, *, hyphens: bool = False,
                copyfit: Set[str] = frozenset(), page: Page | None = None) -> str:
    """The whole document as one HTML page; with `hyphens`, the soft hyphens for print (typography.py).

    The page for the screen has no soft hyphens: a screen reader may read a word with soft hyphens as
    its syllables, and the PDF is where line breaks are set once and for all. The chapters (ids) in
    `copyfit` are set a little tighter in print (publish/typeset.py asks for that when one ends in a runt
    page). `page` says whether it is the screen or the print edition, and what it links (render/edition.py).
    """
    html, _parts = _render(env, doc, outline, theme, copyfit=copyfit, page=page or Page(), apart=False, pages=None)
    head, body = html.split("<body", 1)
    return head + _typography("<body" + body, hyphens)


def _typography(html: str, hyphens: bool) -> str:
    return typography.apply(layout.run_in_headings(html), hyphens=hyphens)


def _render(env: Environment, doc: Document, outline: Outline, theme: Theme, *, copyfit: Set[str], page: Page,
            apart: bool, pages: Mapping[str, int] | None) -> tuple[str, list[tuple[str, str, str]]]:
    """The page template rendered, and the parts it recorded (render/parts.py). `apart`: for parts set
    on their own, with no stylesheet links and the running header's strings on <body>."""
    resolver = views.Resolver(outline)
    recorder = parts.Recorder()

    def budget(block: Budget) -> views.PrintedTable:
        table = doc.table_of(block)
        assert table is not None  # the checks refuse a budget block without its table
        return views.printed_table(table.table, outline.of(block), resolver, table.id)

    def chart(printed: views.PrintedTable) -> charts.ChartView | None:
        declared = printed.table.chart
        if declared is None or not (page.screen or declared.pdf):
            return None
        return charts.view(printed.table, printed.target)

    html = templated.render(
        env, "document.html.j2", doc=doc, meta=doc.meta, outline=outline, theme=theme, target=outline.of,
        resolver=resolver,
        md=lambda text, level=None: markdown.render_block(text, resolver, level),
        md_inline=views.inline(resolver), budget=budget,
        chart=chart, figure_src=images.src, figure_narrow=lambda f: f"figures/{f.id}-smal.svg",
        toc=views.toc(doc, outline),
        wide_chapter=lambda chapter: layout.has_wide_table(doc, chapter),
        columns=lambda chapter: layout.chapter_columns(doc, chapter, theme), widths=layout.column_widths,
        keep=layout.keep_together, publisher=theme.organisation or doc.meta.organisation, copyfit=copyfit,
        screen=page.screen, links=page.links, provenance=page.provenance,
        stylesheets=() if apart else parts.STYLESHEETS, running=apart, part=recorder,
        page_of=parts.page_attribute(pages),
    )
    return html, recorder.parts


@dataclass(frozen=True)
class PrintHTML:
    """The print HTML of one document on demand: whole, or in parts (render/parts.py), with the chapters
    in `tight` set a little tighter (copyfitting, asked for by the typesetter)."""

    env: Environment
    doc: Document
    outline: Outline
    theme: Theme
    page: Page

    def whole(self, tight: Set[str] = frozenset()) -> str:
        """The whole print HTML: what a PDF set in parts is, and what its structure is read from."""
        return render_html(self.env, self.doc, self.outline, self.theme, hyphens=True, copyfit=tight, page=self.page)

    def parts(self, tight: Set[str] = frozenset(), pages: Mapping[str, int] | None = None) -> parts.PrintParts | None:
        """The front matter, chapters and back matter as documents of their own; `pages`: the contents'
        page numbers."""
        html, recorded = _render(self.env, self.doc, self.outline, self.theme, copyfit=tight, page=self.page,
                                 apart=True, pages=pages)
        return parts.split_parts(html, recorded, lambda fragment: _typography(fragment, True))


@dataclass
class Edition:
    """A rendered document: the files of its HTML edition, and what typesetting its PDF needs.

    The screen page itself is made last, by `screen`, once the PDF it links (and its size) is known.
    """

    files: dict[str, bytes]
    print_html: PrintHTML  # the same content with soft hyphens for print (typography.py), whole or in parts
    places: dict[str, Location]  # where each table is defined, for located layout problems
    screen: Callable[[int | None], str]  # the screen page, given the PDF's size (None: no PDF was made)


def _files(env: Environment, templates: Templates, doc: Document, outline: Outline, theme: Theme,
           exports: list[data.Export]) -> dict[str, bytes]:
    """The files beside the page: stylesheets, fonts, figures, charts and open data."""
    return {**assets.static_assets(templates), **assets.figure_files(doc, theme),
            **assets.chart_files(doc, outline, theme), **data.files(doc, outline, exports),
            "assets/theme.css": theme_css(env, theme, doc.meta.status == "concept").encode()}


def _screen(env: Environment, doc: Document, outline: Outline, theme: Theme, provenance: Provenance,
            exports: list[data.Export], files: dict[str, bytes], pdf_size: int | None) -> str:
    return render_html(env, doc, outline, theme, page=Page(True, provenance, _links(doc, exports, files, pdf_size)))


def edition_files(env: Environment, templates: Templates, doc: Document, outline: Outline, theme: Theme,
                  provenance: Provenance) -> dict[str, bytes]:
    """The HTML edition as `build --html-only` writes it (no print HTML, no PDF linked).

    `nota preview` calls this alone on every save, with an environment it keeps between saves."""
    exports = data.exports(doc, outline)
    files = _files(env, templates, doc, outline, theme, exports)
    files[f"{doc.id}.html"] = _screen(env, doc, outline, theme, provenance, exports, files, None).encode()
    return files


def render_document(root: Path, doc: Document, outline: Outline, theme: Theme,
                    provenance: Provenance | None = None) -> Edition:
    """The HTML edition of one document (with its assets, figures, charts and data), and its print HTML."""
    templates = Templates.of(root)
    env = make_env(templates)
    provenance = provenance or Provenance()
    exports = data.exports(doc, outline)
    files = _files(env, templates, doc, outline, theme, exports)
    return Edition(files, PrintHTML(env, doc, outline, theme, Page(screen=False, provenance=provenance)),
                   layout.table_places(doc, outline),
                   lambda pdf_size: _screen(env, doc, outline, theme, provenance, exports, files, pdf_size))


def _links(doc: Document, exports: list[data.Export], files: dict[str, bytes], pdf_size: int | None) -> Links:
    """The downloads the screen page offers: the PDF (when made), each table's CSV and JSON, all of them
    in one ZIP, and the package that describes them."""
    pdf = Download(f"{doc.id}.pdf", doc.meta.title, "pdf", pdf_size, save=False) if pdf_size is not None else None
    tables = {e.id: [Download(e.csv_file, f"{e.name} voor een spreadsheet", "csv", len(e.csv)),
                     Download(e.json_file, f"{e.name} als gegevens", "json", len(e.json))] for e in exports}
    if data.PACKAGE not in files:
        return Links(pdf, tables)
    zipped = data.archive_file(doc)
    return Links(pdf, tables, Download(data.PACKAGE, "Beschrijving van de open data, Frictionless-datapakket", "json",
                                       len(files[data.PACKAGE])),
                 Download(zipped, "Alle tabellen als open data, met hun beschrijving", "zip", len(files[zipped])))
