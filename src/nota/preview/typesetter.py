"""PREVIEW, the PDF helper process: typesets documents for `nota preview`, away from its HTML.

`nota preview` starts it (`python -m nota.preview.typesetter`) in a session of its own, so Ctrl-C in
the terminal reaches only the preview, which then stops it. Jobs come in on stdin as pickles written
by typeset.py: `(version, root, document, theme)`, or None to stop; for each job one reply goes out:
`(version, pdf, problems)`, with `problems` None when the job was cancelled. A job goes through
the live typesetter (publish/live.py): the same print HTML, copyfitting and layout check as `nota
build`, the PDF in a guarded worker that stays and keeps the chapters it laid out, so after an edit in
one chapter only that chapter is set again. SIGUSR1 cancels the job in hand: the worker is killed. Its
priority is lowered, so typing in the editor is never slowed by a PDF.

A process of its own rather than a thread of the preview: the guarded worker is forked, and forking
a process whose other threads are rendering (holding locks) may leave the child waiting forever.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from multiprocessing import active_children
from pathlib import Path
from typing import Any

from nota.check.recipe import failure
from nota.errors import Problem
from nota.model.document import Document
from nota.model.theme import Theme
from nota.publish.live import LiveTypesetter
from nota.publish.provenance import provenance

NICENESS = 10


class Cancelled(BaseException):
    """The preview asked to stop this job (a newer save). A BaseException: nothing on the way swallows it."""


_busy = False


def _cancel(signum: int, frame: Any) -> None:
    if _busy:
        raise Cancelled


_live: LiveTypesetter | None = None


def typeset(version: int, root: Path, doc: Document, theme: Theme) -> tuple[int, bytes | None, list[Problem]]:
    """The PDF of one document, from the live typesetter (publish/live.py): its worker keeps the chapters
    it laid out, so after an edit in one chapter only that chapter is set again; the same bytes as
    `nota build`. A cancelled job ends that worker (main): the next one starts afresh."""
    global _busy, _live
    _busy = True
    try:
        _live = _live or LiveTypesetter()
        typeset, _laid = _live.typeset(root, doc, theme, provenance(root, doc.id))
        return version, typeset.pdf, typeset.warnings  # the layout's warnings (a runt page) for the panel
    except Exception as exc:  # a layout problem, a limit, a bug: located problems for the panel
        return version, None, failure(doc.id, exc, "typesetting")
    finally:
        _busy = False


def main() -> None:
    """Answer jobs until stdin ends or says None; then end the live typesetter's worker."""
    try:
        _answer()
    finally:
        if _live is not None:
            _live.close()


def _answer() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else is printed goes to the terminal, never into the replies
    if hasattr(signal, "SIGUSR1"):
        signal.signal(signal.SIGUSR1, _cancel)
    jobs = sys.stdin.buffer
    while True:
        try:
            job = pickle.load(jobs)
        except EOFError:
            return
        if job is None:
            return
        try:
            reply: tuple[int, bytes | None, list[Problem] | None] = typeset(*job)
        except Cancelled:
            for child in active_children():  # the guarded worker, if cancelling came before its own cleanup
                child.kill()
            reply = (job[0], None, None)
        pickle.dump(reply, replies)
        replies.flush()


if __name__ == "__main__":
    main()
