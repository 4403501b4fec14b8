"""CHECK stage, what a document's text says of itself: once vastgesteld, it no longer calls itself a concept.

A concept says so in its own words ("Voor u ligt het Concept Programmaplan", "Er is nu nog sprake
van een concept versie"); setting `status: vastgesteld` changes the cover, not those sentences. Each
text that still does is a warning at its line: the sentence needs rewriting for the adopted version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nota.check.outline import Outline, markdown_texts
from nota.errors import Code, Problem, Severity
from nota.i18n import _
from nota.model.document import Document
from nota.source import Place

# "concept" as a word of its own, or joined to a word for a document ("conceptversie", "concept-nota");
# not a word that merely contains it ("woonconcepten", "conceptueel") or its plural ("concepten")
_DOCUMENT_WORDS = ("versie", "tekst", "nota", "plan", "programmaplan", "visie", "begroting", "document",
                   "rapport", "besluit", "uitgave", "editie")
CONCEPT = re.compile(r"\bconcept(?:[- ]?(?:" + "|".join(_DOCUMENT_WORDS) + r"))?\b", re.IGNORECASE)


def concept_wording(doc: Document, outline: Outline) -> Iterator[Problem]:
    """In a vastgesteld document, every text that still calls the document a concept."""
    if doc.meta.status != "vastgesteld":
        return
    meta = [(text, Place(doc.meta_source, (key,))) for key in ("title", "subtitle", "subject")
            if isinstance(text := getattr(doc.meta, key), str)]
    for text, place in [*meta, *markdown_texts(doc)]:
        found = CONCEPT.search(text)
        if found is None:
            continue
        word = found.group(0).split()[0]  # a phrase may be folded over two lines: find its first word
        yield Problem(_("the document is vastgesteld, but this text still calls it a concept (“{words}”)",
                        words=found.group(0)), place.spot(word),
                      _("rewrite the sentence for the adopted version (or leave out the word); if the document is "
                        "not adopted yet, set status: concept"), Severity.WARNING, Code.STILL_CONCEPT)
