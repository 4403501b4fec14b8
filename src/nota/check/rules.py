"""CHECK stage: the rules across fields and files, in the order they run. Each yields problems; none
prints or raises.

Policy: an error stops the document from being built; a warning is reported and the build goes on
(`--strict` turns warnings into errors). Warnings are for things that are allowed but need a person's
eye: a rounding difference within a declared tolerance, a published figure corrected in the content,
advice still awaiting a response in a concept, a figure carried forward by `nota new`, a file nobody
uses, a vastgesteld document that still calls itself a concept.

To add a rule: write a function (doc, outline) -> Iterator[Problem] in the module of its subject,
and name it in RULES below (or, for a rule about one kind of block, register it in check/blocks.py);
name it in PARTIAL_RULES too if what it finds holds whatever the files that did not load say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from nota.check import blocks, carried, charts, files, images, markup, references, size, tablerefs, tables, wording
from nota.check.outline import Outline, build_outline
from nota.errors import Code, Problem
from nota.i18n import _
from nota.model.document import Document

Rule = Callable[[Document, Outline], Iterable[Problem]]

RULES: tuple[Rule, ...] = (
    references.duplicate_ids,
    references.references,
    references.text_safety,
    references.headings,
    references.footnotes,
    markup.pasted_text,
    files.tables_placed,
    files.stray_files,
    blocks.block_rules,
    tables.budget_tables,
    tablerefs.taakveld_codes,
    tablerefs.restated_totals,
    charts.budget_charts,
    carried.carried_forward,
    wording.concept_wording,
    images.check_images,
    size.size,
)
# what can be judged of a document some of whose files did not load. The rules below judge the files
# that loaded together with what could be read of the others after their syntax error: the rules
# about one place at a time (a text, a block, a row, a picture) find what is wrong whatever the rest
# says; the rules about names (ids, references, footnotes) do not judge a name that the parts left
# out may define or use (Document.may_mention). Each table that loaded is also added up
# (TABLE_RULES), so a typo in one chapter does not hide a total that does not add up.
PARTIAL_RULES: tuple[Rule, ...] = (references.duplicate_ids, references.references, references.text_safety,
                                   references.headings, references.footnotes, markup.pasted_text, blocks.block_rules,
                                   tables.row_amounts, tablerefs.taakveld_codes, images.check_images)
TABLE_RULES: tuple[Rule, ...] = (tables.table_sums, tablerefs.restated_totals, charts.budget_charts,
                                 carried.carried_forward)


def check_document(doc: Document, outline: Outline) -> list[Problem]:
    """Run every rule on a loaded document."""
    return _run(RULES, doc, outline)


def check_partial(doc: Document) -> list[Problem]:
    """Run what can be judged of a document some of whose files did not load (see PARTIAL_RULES)."""
    whole = doc.with_parts_read()
    found = [p for p in _run(PARTIAL_RULES, whole, build_outline(whole)) if not doc.explained(p)]
    return found + _run(TABLE_RULES, doc, build_outline(doc))


def _run(rules: Iterable[Rule], doc: Document, outline: Outline) -> list[Problem]:
    """Each rule in turn; a rule that fails unexpectedly is itself a located problem."""
    problems: list[Problem] = []
    for rule in rules:
        try:
            problems += rule(doc, outline)
        except Exception as exc:  # never a traceback: report it at the document and go on with the others
            problems.append(Problem(_("the check {rule} could not finish ({error})", rule=rule.__name__.strip("_"),
                                      error=f"{type(exc).__name__}: {exc}"), doc.meta_source.locate(()),
                                    _("this is a bug in nota: please report it with the content"), code=Code.INTERNAL))
    return [p.of(doc.id) for p in problems]
