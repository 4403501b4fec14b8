"""RENDER stage: validated models in, HTML and assets out (as bytes in memory). No disk writes here.

Templates come from the project's templates/ folder. Autoescaping is on for every template whatever
its name, undefined names are errors, and no content string is ever compiled as a template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from nota import figures, filters, images, markdown, typography
from nota.errors import BuildError
from nota.models import Budget, BudgetGroup, BudgetRow, BudgetTable, Figure
from nota.outline import Outline, Target
from nota.project import Document
from nota.safefs import UnsafeFile, read_inside
from nota.theme import Theme

FONT_FILES = ("OpenSans-Regular.ttf", "OpenSans-Italic.ttf", "OpenSans-Semibold.ttf", "OpenSans-Bold.ttf",
              "OpenSans-BoldItalic.ttf")


class Resolver:
    """Turns footnote and cross-references into links while a document renders (markdown.Resolver)."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.emitted: list[str] = []
        self.pending: list[str] = []
        self.uses: dict[str, int] = {}

    def footnote(self, fid: str) -> str:
        number = self.outline.footnotes[fid]
        self.uses[fid] = self.uses.get(fid, 0) + 1
        ref_id = f"fnref-{number}" if self.uses[fid] == 1 else f"fnref-{number}-{self.uses[fid]}"
        html = (f'<sup class="fn-ref"><a class="screen-only" href="#fn-{number}" id="{ref_id}" '
                f'role="doc-noteref"><span class="visually-hidden">voetnoot </span>{number}</a>'
                f'<span class="print-only">{number}</span></sup>')
        if self.uses[fid] == 1:
            self.emitted.append(fid)
            self.pending.append(fid)
            body = markdown.render_inline(self.outline.footnote_text[fid], self)
            html += f'<span class="fn-body" data-n="{number}" aria-hidden="true">{body}</span>'
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
        return filters.UNIT_NOTE[self.table.unit]


def _cells(amounts: list[int | str | None]) -> list[Cell]:
    return [Cell(filters.amount(a), True, isinstance(a, int) and a < 0) for a in amounts]


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
            corrections.append((year, filters.amount(printed), total.cells[index].text))
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
    env.filters.update(amount=filters.amount, number=filters.number, eur=filters.eur, date_nl=filters.date_nl,
                       plain=markdown.plain)
    return env


CONCEPT_MARK = ('@media print{@page{@top-center{content:"CONCEPT";color:#a4000f;font-weight:700;'
                'letter-spacing:0.3em;font-size:8pt;font-family:"Open Sans",sans-serif}}}\n')


def theme_css(theme: Theme, concept: bool) -> str:
    """CSS custom properties from the typed theme (only colours and lengths reach CSS)."""
    c, m = theme.colours, theme.margins
    left = (m.inner, m.outer) if theme.mirrored else (m.outer, m.inner)
    return (f":root{{--accent:{c.accent};--accent-text:{c.accent_text};--text:{c.text};--muted:{c.muted};"
            f"--tint:{c.tint}}}\n"
            f"@media print{{@page{{margin:{m.top}mm {m.outer}mm {m.bottom}mm {m.inner}mm}}\n"
            f"@page :left{{margin:{m.top}mm {left[0]}mm {m.bottom}mm {left[1]}mm}}}}\n"
            + (CONCEPT_MARK if concept else ""))


def render_html(env: Environment, doc: Document, outline: Outline, theme: Theme) -> str:
    """The whole document as one HTML page."""
    resolver = Resolver(outline)
    md_block = lambda text: markdown.render_block(text, resolver)  # noqa: E731
    html = env.get_template("document.html.j2").render(
        doc=doc, meta=doc.meta, outline=outline, theme=theme, theme_css=Markup(theme_css(theme, doc.meta.status == "concept")),
        target=outline.of, md=md_block, md_inline=_inline(resolver), resolver=resolver,
        budget=lambda block: budget_view(doc.tables[block.table].table, outline.of(block), resolver),
        kind=lambda block: type(block).__name__.lower(), figure_src=images.src,
        toc=toc(doc, outline), wide_chapter=lambda chapter: _has_wide_table(doc, chapter),
    )
    head, body = html.split("<body", 1)
    return head + "<body" + typography.apply(body)


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
        for block in _all_blocks(cf.chapter):
            if isinstance(block, Figure) and block.chart is not None:  # an image figure shows its file
                title = markdown.plain(block.caption or block.alt)
                svg = figures.draw(block.chart, title, theme.colours.figure)
                files[f"figures/{block.id}.svg"] = svg.encode()
    return files


def _has_wide_table(doc: Document, chapter: Any) -> bool:
    return any(isinstance(b, Budget) and _wide(doc.tables[b.table].table) for b in _all_blocks(chapter))


def _wide(table: BudgetTable) -> bool:
    return len(table.years) + 1 + sum(c is not None for c in (table.columns.taakveld, table.columns.party)) >= 8


def _all_blocks(node: Any) -> list[Any]:
    blocks = list(node.blocks)
    for section in node.sections:
        blocks += _all_blocks(section)
    return blocks


def _asset(templates: Path, name: str) -> bytes:
    """A file from templates/, never through a link leading out of it (safefs.read_inside)."""
    try:
        return read_inside(templates, templates / name, 20_000_000, "templates/")
    except UnsafeFile as exc:
        raise BuildError(f"templates/{name} {exc.reason}") from None


def static_assets(templates: Path) -> dict[str, bytes]:
    """The stylesheet and the vendored fonts, by their path beside the HTML."""
    files = {"assets/nota.css": _asset(templates, "css/nota.css")}
    for name in FONT_FILES:
        files[f"assets/fonts/{name}"] = _asset(templates, f"fonts/{name}")
    return files


def render_document(root: Path, doc: Document, outline: Outline, theme: Theme, *, pdf: bool = True,
                    progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """All files of one document's edition: HTML, its assets and figures, and the PDF."""
    templates = root / "templates"
    say = progress or (lambda _message: None)
    say(f"{doc.id}: rendering HTML")
    html = render_html(make_env(templates), doc, outline, theme)
    files = {f"{doc.id}.html": html.encode(), **static_assets(templates), **figure_files(doc, outline, theme),
             **images.image_files(doc)}
    if pdf:
        from nota.pdf import html_to_pdf

        say(f"{doc.id}: typesetting PDF")
        files[f"{doc.id}.pdf"] = html_to_pdf(html, files, doc.id)
    return files

