"""PUBLISH stage: typesetting that stays, for a long-running process (`nota preview`): after an edit in
one chapter, only that chapter is set again.

Every chapter starts on a new page and is laid out as a part of its own (publish/typeset.py), kept by
its HTML and the number of its first page. A worker process that stays (guard.Worker, under the same
memory limit as any PDF worker, and the document's time limit per call) keeps one Typesetter per
document; each call renders the document again (cheap), lays out the parts whose HTML or first page
changed (the edited chapter; the chapters after it only if its length changed; the contents only if a
page number in them changed), and writes the PDF from all pages, with page numbers, contents, running
heads, links and the structure tree made over the whole document as in any build. The PDF is the same
bytes a build makes (tests/test_speed.py). Laid-out pages cannot leave the process that made them, so
what is kept lives in the worker; a call over its time ends the worker, and the next starts afresh.

    live = LiveTypesetter()
    typeset, laid = live.typeset(root, checked.document, checked.theme, origin)  # every part laid out
    ...                                                    # one chapter edited, checked again
    typeset, laid = live.typeset(root, checked.document, checked.theme, origin)  # laid == 1: that chapter
    live.close()

`nota preview` typesets with it in its PDF helper process (preview/typesetter.py).
"""

from __future__ import annotations

from pathlib import Path

from nota import guard
from nota.check import size
from nota.check.outline import build_outline
from nota.model.document import Document
from nota.model.theme import Theme
from nota.publish import pdf, speedups
from nota.publish.typeset import Typesetter
from nota.render.edition import Provenance
from nota.render.html import render_document

_KEPT: dict[tuple[Path, str], Typesetter] = {}  # in the worker: one typesetter per document


def _typeset_kept(root: Path, doc: Document, theme: Theme, origin: Provenance) -> tuple[pdf.Typeset, int]:
    """In the worker: the typeset document (its PDF and layout warnings), and how many parts were laid
    out anew for it. The
    outline is built again here: it is keyed by the objects of this process."""
    outline = build_outline(doc)
    edition = render_document(root, doc, outline, theme, origin)
    files = dict(edition.files)
    setter = _KEPT.get((root, doc.id))
    if setter is None or not setter.adopt(files):
        setter = _KEPT[(root, doc.id)] = Typesetter(files, pdf.fetcher(files), pdf.BASE_URL)
    return pdf._typeset(edition.print_html, files, doc.id, edition.places, setter), len(setter.fresh)


class LiveTypesetter:
    """PDFs of checked documents from a worker that keeps what it laid out (see the module docstring)."""

    def __init__(self, memory: int | None = None) -> None:
        speedups.import_weasyprint()  # the worker forks with it imported
        self._worker = guard.Worker("typesetting the PDF", memory)

    def typeset(self, root: Path, doc: Document, theme: Theme, origin: Provenance | None = None
                ) -> tuple[pdf.Typeset, int]:
        """The typeset document (`.pdf`, `.warnings`) of a document `check` found without errors, and
        the number of parts laid out anew for it; the time limit is that of a build of the document
        (check/size.py). A layout problem or a limit raises BuildError, as in a build."""
        seconds, _memory = size.render_limits(doc)
        return self._worker.call(_typeset_kept, root, doc, theme, origin or Provenance(), seconds=seconds)

    def close(self) -> None:
        self._worker.close()
