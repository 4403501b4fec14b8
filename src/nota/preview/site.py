"""PREVIEW, what the server shows: per document its last good rendering, its problems and its PDF.

The session (the main thread) and the typesetter write it; the server's threads read it. One lock
guards it and one condition wakes the event streams. Every change a page shows raises the site's
version, and the document's own version becomes that number: from an event a page knows whether it
is behind, and an event stream that reconnects catches up from the versions alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from nota.errors import Problem

T = TypeVar("T")


@dataclass
class Pdf:
    """The PDF of a document as far as it is typeset."""

    data: bytes | None = None  # the last PDF typeset without problems
    of: int = 0  # the content version that PDF shows
    tried: int = 0  # the content version of the last finished attempt
    problems: list[Problem] = field(default_factory=list)  # what the layout check found in that attempt
    busy: bool = False  # being typeset now


@dataclass
class DocState:
    """One document as the preview has it."""

    id: str
    pdf: Pdf | None  # None: the preview makes no PDF (--html-only)
    title: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # the last rendering without errors ({}: none yet)
    content: int = 0  # raised each time that rendering changed
    assets: int = 0  # the content version when a file beside the HTML last changed
    problems: list[Problem] = field(default_factory=list)  # of the latest check (errors: `files` is older)
    renders: int = 0  # how often it was rendered: a burst of saves renders once
    version: int = 0  # the site version of the last change to anything its page shows

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def pdf_current(self) -> bool:
        """Whether the PDF shows what the files say now: not while they have errors (then it is, like the
        page, of the last version without errors)."""
        return self.pdf is not None and self.pdf.data is not None and self.pdf.of == self.content and not self.errors


class Site:
    """Every document's state, the site version, and the wake-up call for the event streams."""

    def __init__(self, ids: list[str], pdf: bool) -> None:
        self.documents = {doc_id: DocState(doc_id, Pdf() if pdf else None) for doc_id in ids}
        self.version = 0
        self.closing = False
        self._changed = threading.Condition()
        self._pages: dict[str, tuple[int, bytes]] = {}

    def _bump(self, doc: DocState) -> None:
        self.version += 1
        doc.version = self.version
        self._changed.notify_all()

    def rendered(self, doc_id: str, files: dict[str, bytes] | None, problems: list[Problem], title: str) -> int:
        """Record a rendering (None: the content has errors, keep the last good one); its content version."""
        with self._changed:
            doc = self.documents[doc_id]
            doc.renders += 1
            changed = problems != doc.problems
            doc.problems = problems
            if files is not None and files != doc.files:
                name = f"{doc_id}.html"
                if {k: v for k, v in files.items() if k != name} != {k: v for k, v in doc.files.items() if k != name}:
                    doc.assets = doc.content + 1
                doc.files, doc.title, doc.content, changed = files, title, doc.content + 1, True
            if changed:
                self._bump(doc)
            return doc.content

    def pdf_started(self, doc_id: str) -> None:
        with self._changed:
            doc = self.documents[doc_id]
            assert doc.pdf is not None
            doc.pdf.busy = True
            self._bump(doc)

    def pdf_done(self, doc_id: str, of: int, data: bytes | None, problems: list[Problem] | None) -> None:
        """Record the end of an attempt for content version `of`; `problems` None: it was cancelled."""
        with self._changed:
            doc = self.documents[doc_id]
            assert doc.pdf is not None
            doc.pdf.busy = False
            if problems is not None:
                doc.pdf.tried, doc.pdf.problems = of, problems
                if data is not None:
                    doc.pdf.data, doc.pdf.of = data, of
            self._bump(doc)

    def read(self, func: Callable[[Site], T]) -> T:
        """func(self) under the lock: a consistent view for the server's threads."""
        with self._changed:
            return func(self)

    def page(self, key: str, version: int, build: Callable[[], bytes]) -> bytes:
        """A page as bytes, built once per version (call within `read`)."""
        kept = self._pages.get(key)
        if kept is None or kept[0] != version:
            kept = self._pages[key] = (version, build())
        return kept[1]

    def snapshot(self) -> dict[str, Any]:
        """What an event says: the site version and, per document, its version and renders."""
        with self._changed:
            return {"site": self.version, "documents": {
                doc.id: {"version": doc.version, "content": doc.content, "renders": doc.renders,
                         "errors": doc.errors, "pdf": None if doc.pdf is None else {
                             "current": doc.pdf_current, "busy": doc.pdf.busy, "of": doc.pdf.of, "tried": doc.pdf.tried,
                             "problems": len(doc.pdf.problems)}}
                for doc in self.documents.values()}}

    def wait(self, after: int, timeout: float) -> bool:
        """Wait until the site version passes `after` (True) or `timeout` passes or the site closes (False)."""
        with self._changed:
            self._changed.wait_for(lambda: self.closing or self.version > after, timeout)
            return not self.closing and self.version > after

    def close(self) -> None:
        with self._changed:
            self.closing = True
            self._changed.notify_all()
