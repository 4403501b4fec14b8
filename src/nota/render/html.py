"""RENDER stage: validated models in, HTML and assets out (as bytes in memory). No disk writes here.

Templates come from the project's templates/ folder. Autoescaping is on for every template whatever
its name, undefined names are errors, and no content string is ever compiled as a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from nota.check import images
from nota.check.outline import Outline, Target
from nota.errors import BuildError, Location
from nota.load.safefs import UnsafeFile, read_inside
from nota.model.content import Budget, BudgetGroup, BudgetRow, BudgetTable, Figure, Table, walk_blocks
from nota.model.document import Document
from nota.model.theme import Theme
from nota.render import figures, typography
from nota.text import dutch, markdown

FONT_FILES = ("OpenSans-Regular.ttf", "OpenSans-Italic.ttf", "OpenSans-Semibold.ttf", "OpenSans-Bold.ttf",
              "OpenSans-BoldItalic.ttf")


class Resolver:
    """Turns footnote and cross-references into links while a document renders (markdown.Resolver)."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.pending: list[str] = []
        self.uses: dict[str, int] = {}

    def footnote(self, fid: str) -> str:
        number = self.outline.footnotes[fid]
        self.uses[fid] = self.uses.get(fid, 0) + 1
        ref_id = f"fnref-{number}" if self.uses[fid] == 1 else f"fnref-{number}-{self.uses[fid]}"
        # On screen the reference links to the chapter's note list; in print to the note at the foot of
        # the page (the PDF link lets tests check that a note stands on the page of its reference).
        html = (f'<sup class="fn-ref"><a class="screen-only" href="#fn-{number}" id="{ref_id}" '
                f'role="doc-noteref"><span class="visually-hidden">voetnoot </span>{number}</a>'
                f'<a class="print-only" href="#fnbody-{number}">{number}</a></sup>')
        if self.uses[fid] == 1:
            self.pending.append(fid)
            body = markdown.render_inline(self.outline.footnote_text[fid], self)
            html += (f'<span class="fn-body" id="fnbody-{number}" data-n="{number}" aria-hidden="true">'
                     f'{body}</span>')
        return html

    def xref(self, target: str) -> tuple[str, str]:
        found = self.outline.targets[target]
        return found.label, found.anchor

    def take_notes(self) -> list[tuple[int, Markup]]:
        """The footnotes first referred to since the last call (for the end of a chapter on screen)."""
        notes = [(self.outline.footnotes[f], markdown.render_inline(self.outline.footnote_text[f], self))
                 for f in self.pending]
        self.pending = []
        return notes


# --- budget tables --------------------------------------------------------------------------------

@dataclass
class Cell:
    text: str
    numeric: bool = False
    negative: bool = False
    note: str | None = None


@dataclass
class RowView:
    kind: str  # "group" | "row" | "total"
    level: int
    label: Markup
    marker: str | None = None
    taakveld: str | None = None
    party: str | None = None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class BudgetView:
    table: BudgetTable
    target: Target
    bodies: list[list[RowView]]
    wide: bool
    columns: int
    corrections: list[tuple[int, str, str]]  # (year, published, stated)

    @property
    def unit_note(self) -> str:
        return dutch.UNIT_NOTE[self.table.unit]


def _cells(amounts: Sequence[int | str | None]) -> list[Cell]:
    return [Cell(dutch.amount(a), True, isinstance(a, int) and a < 0) for a in amounts]


def budget_view(table: BudgetTable, target: Target, resolver: Resolver) -> BudgetView:
    """Flatten a budget table into page-friendly row groups: each group's heading stays with its rows."""
    bodies: list[list[RowView]] = []
    md = _inline(resolver)

    def row_view(row: BudgetRow, level: int) -> RowView:
        return RowView("row", level, md(row.description), row.marker, row.taakveld, row.party, _cells(row.amounts))

    def visit(node: BudgetTable | BudgetGroup, level: int, pending: list[RowView]) -> None:
        if node.rows:
            bodies.append([*pending, *(row_view(r, level) for r in node.rows)])
            pending = []
        for group in node.groups:
            heading = RowView("group", level, md(group.title), group.marker)
            visit(group, level + 1, [*pending, heading])
            pending = []
        if isinstance(node, BudgetGroup) and node.total:
            bodies[-1].append(RowView("total", level, md(node.total.label), node.total.marker,
                                      cells=_cells(node.total.amounts)))

    visit(table, 0, [])
    corrections = []
    if table.total:
        total = RowView("total", 0, md(table.total.label), table.total.marker, cells=_cells(table.total.amounts))
        for year, printed in sorted(table.total.published.items()):
            index = table.years.index(year)
            total.cells[index].note = "†"
            corrections.append((year, dutch.amount(printed), total.cells[index].text))
        bodies.append([total])
    columns = len(table.years) + 1 + sum(c is not None for c in (table.columns.taakveld, table.columns.party))
    return BudgetView(table, target, bodies, _wide(table), columns, corrections)


# --- the environment and the page ----------------------------------------------------------------

def _inline(resolver: Resolver) -> Callable[[str], Markup]:
    return lambda text: markdown.render_inline(text, resolver)


def make_env(templates: Path) -> Environment:
    """Jinja environment: project templates, autoescape always on, undefined names are errors."""
    env = Environment(loader=FileSystemLoader(templates), undefined=StrictUndefined, autoescape=True,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(amount=dutch.amount, number=dutch.number, eur=dutch.eur, date_nl=dutch.date_nl,
                       plain=markdown.plain)
    return env


CONCEPT_RED = "#a4000f"


def _margin_boxes(theme: Theme, concept: bool, page_side: str) -> str:
    """The four margin boxes of one page side: title and CONCEPT above, page number and publisher below.

    The document title and the page number stand at the outer edge; with `mirrored: false` every page
    is set as a right-hand page. Colours are literal here: custom properties do not reach margin boxes.
    """
    outer, inner = ("left", "right") if page_side == "left" and theme.mirrored else ("right", "left")
    c = theme.colours
    plain = f"color:{c.muted};font-weight:400;letter-spacing:normal;font-size:7.5pt"
    boxes = {f"top-{outer}": f"content:string(doctitle);{plain}",
             f"top-{inner}": (f'content:"CONCEPT";color:{CONCEPT_RED};font-weight:700;letter-spacing:0.25em;'
                              "font-size:7.5pt" if concept else "content:none"),
             f"bottom-{outer}": f"content:counter(page);color:{c.accent};font-weight:700;letter-spacing:normal;"
                                "font-size:9pt",
             f"bottom-{inner}": f"content:string(organisation);{plain}"}
    # every box states all its properties: the left-page rules must not inherit the right-page ones
    return "".join(f"@{name}{{{rules};text-align:{name.split('-')[1]}}}" for name, rules in sorted(boxes.items()))


def theme_css(theme: Theme, concept: bool) -> str:
    """CSS from the typed theme: custom properties, page margins and the running header and footer."""
    c, m = theme.colours, theme.margins
    left = (m.outer, m.inner) if theme.mirrored else (m.inner, m.outer)
    return (f":root{{--accent:{c.accent};--accent-text:{c.accent_text};--text:{c.text};--muted:{c.muted};"
            f"--tint:{c.tint}}}\n"
            f"@media print{{\n"
            f"@page{{margin:{m.top}mm {m.outer}mm {m.bottom}mm {m.inner}mm;{_margin_boxes(theme, concept, 'right')}}}\n"
            f"@page :left{{margin:{m.top}mm {left[1]}mm {m.bottom}mm {left[0]}mm;"
            f"{_margin_boxes(theme, concept, 'left')}}}\n}}\n")


def render_html(env: Environment, doc: Document, outline: Outline, theme: Theme, *, hyphens: bool = False,
                copyfit: set[str] | frozenset[str] = frozenset()) -> str:
    """The whole document as one HTML page; with `hyphens`, the soft hyphens for print (typography.py).

    The page for the screen has no soft hyphens: a screen reader may read a word with soft hyphens as
    its syllables, and the PDF is where line breaks are set once and for all. The chapters (ids) in
    `copyfit` are set a little tighter in print (pdf.py asks for that when one ends in a runt page).
    """
    resolver = Resolver(outline)
    md_block = lambda text: markdown.render_block(text, resolver)  # noqa: E731
    html = env.get_template("document.html.j2").render(
        doc=doc, meta=doc.meta, outline=outline, theme=theme,
        target=outline.of, md=md_block, md_inline=_inline(resolver), resolver=resolver,
        budget=lambda block: budget_view(doc.tables[block.table].table, outline.of(block), resolver),
        kind=lambda block: type(block).__name__.lower(), figure_src=images.src,
        toc=toc(doc, outline), wide_chapter=lambda chapter: _has_wide_table(doc, chapter),
        columns=lambda chapter: chapter_columns(doc, chapter, theme), widths=column_widths, keep=keep_together,
        publisher=theme.organisation or doc.meta.organisation, copyfit=copyfit,
    )
    head, body = html.split("<body", 1)
    return head + typography.apply(_run_in_headings("<body" + body), hyphens=hyphens)


_BOLD_PARAGRAPH = re.compile(r"<p><strong>((?:(?!</?p\b)[^<]|<(?!/?strong\b)[^>]*>)*)</strong></p>")


def _run_in_headings(html: str) -> str:
    """A paragraph that is bold from start to end works as a heading: keep it with what follows in print."""
    return _BOLD_PARAGRAPH.sub(r'<p class="bold-heading"><strong>\1</strong></p>', html)


@dataclass
class TocEntry:
    target: Target
    level: int
    children: list[TocEntry] = field(default_factory=list)


def toc(doc: Document, outline: Outline) -> list[TocEntry]:
    """Chapters and appendices with their numbered sections (two levels)."""
    entries = []
    for cf in doc.chapters:
        entry = TocEntry(outline.of(cf.chapter), 1)
        entry.children = [TocEntry(outline.of(s), 2) for s in cf.chapter.sections]
        entries.append(entry)
    return entries


def figure_files(doc: Document, outline: Outline, theme: Theme) -> dict[str, bytes]:
    """Every figure drawn as an SVG file, by its path beside the HTML."""
    files = {}
    for cf in doc.chapters:
        for block in _blocks_of(cf.chapter):
            if isinstance(block, Figure) and block.chart is not None:  # an image figure shows its file
                title = markdown.plain(block.caption or block.alt)
                svg = figures.draw(block.chart, title, theme.colours.figure, theme.colours.text)
                files[f"figures/{block.id}.svg"] = svg.encode()
    return files


SHORT_CHAPTER_WORDS = 150  # two balanced columns of a few lines each look like a fragment


def chapter_columns(doc: Document, chapter: Any, theme: Theme) -> int:
    """Columns of a chapter's body text in print: the theme's, but one for a short chapter, a chapter
    whose tables or figures sit inside its sections (only the chapter's own blocks can span both
    columns), or one that holds a wide table (set on landscape pages)."""
    if theme.columns == 1 or _has_wide_table(doc, chapter):
        return 1
    nested = [b for s in chapter.sections for b in _blocks_of(s)]
    if any(isinstance(b, (Table, Budget, Figure)) for b in nested):
        return 1
    return 1 if _words(chapter.model_dump()) < SHORT_CHAPTER_WORDS else 2


def _words(value: Any) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        value = list(value.values())
    return sum(_words(v) for v in value) if isinstance(value, list) else 0


KEEP_WORDS = 80  # about a third of a column: a longer box may continue in the next column or page


def keep_together(block: Any) -> bool:
    """Whether a box (focus point, callout, advice) is short enough to be kept on one page or column.

    A long box that may not break leaves a column half empty in front of it, and makes WeasyPrint's
    column balancing step through heights a pixel at a time (seconds per page).
    """
    texts = [getattr(block, name, None) or "" for name in ("title", "text")]
    texts += list(getattr(block, "activities", []))
    response = getattr(block, "response", None)
    texts.append(response.text if response else "")
    return sum(len(text.split()) for text in texts) <= KEEP_WORDS


def column_widths(widths: list[int] | None) -> list[str]:
    """Relative column widths as CSS percentages (numbers only; nothing from content reaches CSS)."""
    total = sum(widths or [])
    if not widths or total <= 0 or min(widths) < 0:  # the content checks report such widths
        return []
    return [f"{100 * w / total:.2f}%" for w in widths]


def _blocks_of(node: Any) -> list[Any]:
    return [block for block, _ in walk_blocks(node)]


def _has_wide_table(doc: Document, chapter: Any) -> bool:
    return any(isinstance(b, Budget) and _wide(doc.tables[b.table].table) for b in _blocks_of(chapter))


def _wide(table: BudgetTable) -> bool:
    return len(table.years) + 1 + sum(c is not None for c in (table.columns.taakveld, table.columns.party)) >= 8


def _asset(templates: Path, name: str) -> bytes:
    """A file from templates/, never through a link leading out of it (safefs.read_inside)."""
    try:
        return read_inside(templates, templates / name, 20_000_000, "templates/")
    except UnsafeFile as exc:
        raise BuildError(f"templates/{name} {exc.reason}") from None


def table_places(doc: Document, outline: Outline) -> dict[str, Location]:
    """Where each table is defined, by its HTML id: a plain table at its block, a budget table at its
    years (its columns) in tables/<id>.yaml. Layout problems of the PDF point there."""
    places = {}
    for cf in doc.chapters:
        for block, loc in walk_blocks(cf.chapter):
            if isinstance(block, Table):
                places[outline.of(block).anchor] = cf.source.locate(loc)
            elif isinstance(block, Budget) and block.table in doc.tables:
                places[outline.of(block).anchor] = doc.tables[block.table].source.locate(("years",))
    return places


def static_assets(templates: Path) -> dict[str, bytes]:
    """The stylesheet and the vendored fonts, by their path beside the HTML."""
    files = {"assets/nota.css": _asset(templates, "css/nota.css")}
    for name in FONT_FILES:
        files[f"assets/fonts/{name}"] = _asset(templates, f"fonts/{name}")
    return files


@dataclass
class Edition:
    """A rendered document: the files of its HTML edition, and what typesetting its PDF needs."""

    files: dict[str, bytes]
    print_html: str  # the same content with soft hyphens for print (see typography.py)
    places: dict[str, Location]  # where each table is defined, for located layout problems
    refit: Callable[[set[str]], str]  # the print HTML again, with the named chapters set tighter


def render_document(root: Path, doc: Document, outline: Outline, theme: Theme) -> Edition:
    """The HTML edition of one document (with its assets and figures), and its print HTML."""
    templates = root / "templates"
    env = make_env(templates)
    html = render_html(env, doc, outline, theme)
    files = {f"{doc.id}.html": html.encode(), **static_assets(templates), **figure_files(doc, outline, theme),
             **images.image_files(doc),
             "assets/theme.css": theme_css(theme, doc.meta.status == "concept").encode()}
    return Edition(files, render_html(env, doc, outline, theme, hyphens=True), table_places(doc, outline),
                   lambda chapters: render_html(env, doc, outline, theme, hyphens=True, copyfit=chapters))
