"""PREVIEW, the PDFs in the background: once saves have settled, each document whose rendering
changed is typeset by the helper process (typesetter.py), one at a time, never holding up the HTML.

A save that changes a document while its PDF is being typeset cancels that job: its PDF would be out
of date before it was done. The page says meanwhile that its PDF is out of date.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import nota
from nota.check.recipe import Checked
from nota.errors import Code, Problem
from nota.i18n import _, language
from nota.model.document import CONTENT
from nota.preview.site import Site
from nota.source import Location

SETTLE_SECONDS = 1.0  # no save for this long: the edits have settled, typeset
_SOURCE = Path(nota.__file__).resolve().parent.parent  # the helper runs the same nota as the preview


class Typesetter:
    """Hands the latest rendering of each document to the helper process once saves have settled."""

    def __init__(self, root: Path, site: Site, settle: float = SETTLE_SECONDS) -> None:
        self.root, self.site, self.settle = root, site, settle
        self._wanted: dict[str, tuple[int, Any, Any]] = {}  # document -> (content version, document, theme)
        self._done: dict[str, int] = {}  # document -> the content version last handed over
        self._running: tuple[str, int] | None = None
        self._saved = 0.0  # when the last save was rendered (time.monotonic)
        self._closing = False
        self._changed = threading.Condition()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, name="nota-preview-pdf", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def saved(self) -> None:
        """A save was rendered (with or without errors): wait for the next quiet moment."""
        with self._changed:
            self._saved = time.monotonic()
            self._changed.notify_all()

    def want(self, doc_id: str, version: int, checked: Checked) -> None:
        """The rendering of `doc_id` is now content `version`: typeset it once saves settle."""
        with self._changed:
            self._saved = time.monotonic()
            if self._done.get(doc_id) == version and doc_id not in self._wanted:
                return  # the same content as the PDF made or being made
            self._wanted[doc_id] = (version, checked.document, checked.theme)
            if self._running is not None and self._running[0] == doc_id:
                self._cancel()  # it would be out of date before it was done
            self._changed.notify_all()

    def _cancel(self) -> None:
        if self._process is not None and self._process.poll() is None and hasattr(signal, "SIGUSR1"):
            with contextlib.suppress(OSError):
                self._process.send_signal(signal.SIGUSR1)

    def _next(self) -> tuple[str, int, Any, Any] | None:
        """The next job once saves have settled; None when closing."""
        with self._changed:
            while not self._closing:
                quiet = time.monotonic() - self._saved
                if self._wanted and quiet >= self.settle:
                    doc_id = min(self._wanted)
                    version, doc, theme = self._wanted.pop(doc_id)
                    self._running, self._done[doc_id] = (doc_id, version), version
                    return doc_id, version, doc, theme
                self._changed.wait(self.settle - quiet if self._wanted else None)
            return None

    def _run(self) -> None:
        while (job := self._next()) is not None:
            doc_id, version = job[:2]
            self.site.pdf_started(doc_id)
            data, problems = self._typeset(job)
            with self._changed:
                self._running = None
                if problems is None:  # cancelled: the newer content is wanted already
                    self._done.pop(doc_id, None)
            self.site.pdf_done(doc_id, version, data, problems)

    def _helper(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            path = os.pathsep.join(p for p in (str(_SOURCE), os.environ.get("PYTHONPATH", "")) if p)
            self._process = subprocess.Popen([sys.executable, "-m", "nota.preview.typesetter"],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True,
                                             env={**os.environ, "PYTHONPATH": path, "NOTA_LANG": language()})
        return self._process

    def _typeset(self, job: tuple[str, int, Any, Any]) -> tuple[bytes | None, list[Problem] | None]:
        doc_id, version, doc, theme = job
        try:
            process = self._helper()
            stdin, stdout = process.stdin, process.stdout
            assert stdin is not None and stdout is not None
            pickle.dump((version, self.root, doc, theme), stdin)
            stdin.flush()
            _version, data, problems = pickle.load(stdout)
            return data, problems
        except (OSError, EOFError, pickle.UnpicklingError) as exc:  # the helper died
            self._stop_helper()
            if self._closing:
                return None, None
            where = Location(Path(CONTENT, doc_id, "document.yaml"))
            return None, [Problem(_("the PDF could not be typeset: its helper process stopped ({error})",
                                    error=exc or _("no reply")), where,
                                  _("save again to try once more; if it keeps happening, report it"),
                                  code=Code.INTERNAL, document=doc_id)]

    def _stop_helper(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        _close(process.stdin)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                if hasattr(os, "killpg"):
                    os.killpg(process.pid, signal.SIGKILL)  # the helper and its worker: a session of their own
                else:
                    process.kill()
            process.wait()
        _close(process.stdout)

    def close(self) -> None:
        """Cancel the job in hand, stop the helper process and the thread."""
        with self._changed:
            self._closing = True
            self._cancel()
            self._changed.notify_all()
        self._thread.join(10)
        self._stop_helper()


def _close(stream: IO[bytes] | None) -> None:
    if stream is not None:
        with contextlib.suppress(OSError):
            stream.close()
