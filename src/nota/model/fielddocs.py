"""MODEL stage, documentation: what each key is for, where the models leave it undescribed.

Read by schema.py (tooltips in editors) and model/fields.py (hints for a missing key), so an editor
sees the same words while typing as `check` prints afterwards. A description written in the model
(Field(description=...)) always wins; entries here are "Model.key" first, then "key" for any model.
"""

from __future__ import annotations

from nota.i18n import N_

DESCRIPTIONS = {
    "DocumentMeta.title": N_("Title on the cover and in the PDF metadata"),
    "DocumentMeta.subtitle": N_("Shown under the title, e.g. Concept"),
    "DocumentMeta.organisation": N_("Who publishes the document, e.g. Gemeente Lelystad"),
    "DocumentMeta.status": N_("concept while it may still change; vastgesteld once adopted"),
    "DocumentMeta.version": N_("Version label, in double quotes, e.g. \"1.0\""),
    "DocumentMeta.keywords": N_("Search words for the PDF metadata"),
    "DocumentMeta.theme": N_("Look of the document: a theme in templates/themes/"),
    "DocumentMeta.numbering": N_("How chapters, tables and figures are numbered"),
    "Numbering.first_figure": N_("Number of the first figure, where the source starts later"),
    "Chapter.numbered": N_("false for an unnumbered chapter (e.g. a foreword)"),
    "Section.numbered": N_("false for an unnumbered (sub)heading"),
    "letter_focuspoints": N_("Label the focus points a, b, c"),
    "blocks": N_("The content in reading order: a plain text is a paragraph; other blocks name their type"),
    "sections": N_("(Sub)sections, each with a title and its own blocks"),
    "type": N_("The kind of block"),
    "kind": N_("The kind of chart"),
    "id": N_("Lower case letters, digits and hyphens; refer to it with [[id]]"),
    "title": N_("Title (Markdown allowed)"),
    "text": N_("Text in Markdown: **bold**, *italic*, lists, [links](https://...), notes [^id], references [[id]]"),
    "caption": N_("Caption shown with the number, e.g. Tabel 3"),
    "activities": N_("The activities planned, one bullet each"),
    "Quote.source": N_("Who said or wrote it"),
    "Quote.pull": N_("true: set large beside the text; false: an ordinary quotation"),
    "Advice.date": N_("Date of the advice (YYYY-MM-DD)"),
    "Advice.response": N_("The executive's response: text, source (default college) and date"),
    "Response.source": N_("Who responds, e.g. college"),
    "Response.date": N_("Date of the response (YYYY-MM-DD)"),
    "Figure.chart": N_("The data the figure is drawn from: kind pyramid (layers) or steps"),
    "PyramidLayer.label": N_("Words in the layer"),
    "PyramidLayer.detail": N_("Small print beside the layer"),
    "Table.columns": N_("Column headings"),
    "Table.rows": N_("Rows of cells, one list per row, as many cells as columns"),
    "Budget.table": N_("The id (file name without .yaml) of a table in tables/"),
    "Definitions.items": N_("Terms with their explanation"),
    "Definition.term": N_("The term explained"),
    "years": N_("The year columns, ascending, e.g. [2021, 2022, 2023]"),
    "columns": N_("Column headings; null hides a column"),
    "ColumnLabels.taakveld": N_("Heading of the taakveld column; null hides it"),
    "ColumnLabels.description": N_("Heading of the description column"),
    "ColumnLabels.party": N_("Heading of the party column; null hides it"),
    "rows": N_("Budget lines: description, amounts and optional taakveld, party, marker"),
    "groups": N_("Headings with their own rows and groups, and an optional subtotal"),
    "total": N_("The stated total: checked per year against the rows"),
    "amounts": N_("One amount per year column in whole euros (no dots or decimals), pm or empty"),
    "label": N_("Label of the total row"),
    "marker": N_("Note marker in double quotes: \"*\", \"**\" or \"***\""),
    "notes": N_("The notes the markers refer to"),
    "BudgetRow.id": N_("Optional id of this line"),
    "BudgetGroup.title": N_("Heading of the group"),
    "Note.text": N_("Text of the note"),
    "Theme.name": N_("Name of the theme"),
    "Theme.typeface": N_("Typeface of the text"),
    "Theme.colours": N_("Colours as \"#rrggbb\" (in double quotes)"),
    "Theme.margins": N_("Page margins in millimetres"),
    "Margins.top": N_("Top margin in mm"), "Margins.bottom": N_("Bottom margin in mm"),
    "Margins.inner": N_("Inner margin in mm (binding side)"), "Margins.outer": N_("Outer margin in mm"),
}


def description_of(model: str, key: str) -> str:
    """The description of a key of a model (by class name), or ''."""
    return DESCRIPTIONS.get(f"{model}.{key}") or DESCRIPTIONS.get(key, "")
