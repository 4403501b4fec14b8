"""MODEL stage, documentation: what each key is for, where the models leave it undescribed.

Read by schema.py (tooltips in editors) and validation.py (hints for a missing key), so an editor
sees the same words while typing as `check` prints afterwards. A description written in the model
(Field(description=...)) always wins; entries here are "Model.key" first, then "key" for any model.
"""

from __future__ import annotations

DESCRIPTIONS = {
    "DocumentMeta.title": "Title on the cover and in the PDF metadata",
    "DocumentMeta.subtitle": "Shown under the title, e.g. Concept",
    "DocumentMeta.organisation": "Who publishes the document, e.g. Gemeente Lelystad",
    "DocumentMeta.status": "concept while it may still change; vastgesteld once adopted",
    "DocumentMeta.version": "Version label, in double quotes, e.g. \"1.0\"",
    "DocumentMeta.keywords": "Search words for the PDF metadata",
    "DocumentMeta.theme": "Look of the document: a theme in templates/themes/",
    "DocumentMeta.numbering": "How chapters, tables and figures are numbered",
    "Numbering.first_figure": "Number of the first figure, where the source starts later",
    "Chapter.numbered": "false for an unnumbered chapter (e.g. a foreword)",
    "Section.numbered": "false for an unnumbered (sub)heading",
    "letter_focuspoints": "Label the focus points a, b, c",
    "blocks": "The content in reading order: a plain text is a paragraph; other blocks name their type",
    "sections": "(Sub)sections, each with a title and its own blocks",
    "type": "The kind of block",
    "kind": "The kind of chart",
    "id": "Lower case letters, digits and hyphens; refer to it with [[id]]",
    "title": "Title (Markdown allowed)",
    "text": "Text in Markdown: **bold**, *italic*, lists, [links](https://...), notes [^id], references [[id]]",
    "caption": "Caption shown with the number, e.g. Tabel 3",
    "activities": "The activities planned, one bullet each",
    "Quote.source": "Who said or wrote it",
    "Quote.pull": "true: set large beside the text; false: an ordinary quotation",
    "Advice.date": "Date of the advice (YYYY-MM-DD)",
    "Advice.response": "The executive's response: text, source (default college) and date",
    "Response.source": "Who responds, e.g. college",
    "Response.date": "Date of the response (YYYY-MM-DD)",
    "Figure.chart": "The data the figure is drawn from: kind pyramid (layers) or steps",
    "PyramidLayer.label": "Words in the layer",
    "PyramidLayer.detail": "Small print beside the layer",
    "Table.columns": "Column headings",
    "Table.rows": "Rows of cells, one list per row, as many cells as columns",
    "Budget.table": "The id (file name without .yaml) of a table in tables/",
    "Definitions.items": "Terms with their explanation",
    "Definition.term": "The term explained",
    "years": "The year columns, ascending, e.g. [2021, 2022, 2023]",
    "columns": "Column headings; null hides a column",
    "ColumnLabels.taakveld": "Heading of the taakveld column; null hides it",
    "ColumnLabels.description": "Heading of the description column",
    "ColumnLabels.party": "Heading of the party column; null hides it",
    "rows": "Budget lines: description, amounts and optional taakveld, party, marker",
    "groups": "Headings with their own rows and groups, and an optional subtotal",
    "total": "The stated total: checked per year against the rows",
    "amounts": "One amount per year column in whole euros (no dots or decimals), pm or empty",
    "label": "Label of the total row",
    "marker": "Note marker in double quotes: \"*\", \"**\" or \"***\"",
    "notes": "The notes the markers refer to",
    "BudgetRow.id": "Optional id of this line",
    "BudgetGroup.title": "Heading of the group",
    "Note.text": "Text of the note",
    "Theme.name": "Name of the theme",
    "Theme.typeface": "Typeface of the text",
    "Theme.colours": "Colours as \"#rrggbb\" (in double quotes)",
    "Theme.margins": "Page margins in millimetres",
    "Margins.top": "Top margin in mm", "Margins.bottom": "Bottom margin in mm",
    "Margins.inner": "Inner margin in mm (binding side)", "Margins.outer": "Outer margin in mm",
}


def description_of(model: str, key: str) -> str:
    """The description of a key of a model (by class name), or ''."""
    return DESCRIPTIONS.get(f"{model}.{key}") or DESCRIPTIONS.get(key, "")
