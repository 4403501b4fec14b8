"""PREVIEW, the session: render every document at start and again after each burst of saves, and
`run`, which starts the preview and stops it cleanly on Ctrl-C or SIGTERM.

Rendering happens in the main thread, so the CHECK_SECONDS and RENDER_SECONDS deadlines hold as in
`nota build` (they need the main thread), and it goes through the same recipe (`check_one`) and the
same HTML (`edition_files`): the preview judges and shows content exactly as `build` does. Between
saves it keeps the parsed files (load/parsed.py) and the Jinja environment, so a save parses again
only the file that changed. A content error is a problem in the page, never the end of the preview.
"""

from __future__ import annotations

import queue
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nota import guard, limits, report
from nota.check.recipe import check_one, failure
from nota.errors import Problem
from nota.i18n import _, decimal
from nota.load import parsed
from nota.load.templates import Templates
from nota.model.document import select
from nota.preview.server import bind
from nota.preview.site import Site
from nota.preview.typeset import Typesetter
from nota.preview.watch import Watcher, affected, folders
from nota.publish.provenance import provenance
from nota.render.html import edition_files, make_env

Say = Callable[[str], None]


class Session:
    """Renders documents into the site, and the PDF helper hears of each new rendering."""

    def __init__(self, root: Path, site: Site, typesetter: Typesetter | None, say: Say) -> None:
        self.root, self.site, self.typesetter, self.say = root, site, typesetter, say
        self.templates = Templates.of(root)
        self.env = make_env(self.templates)
        self.parsed = parsed.ParseCache()
        self._shown: dict[str, list[Problem]] = {}

    def render(self, ids: list[str], templates_changed: bool = False) -> None:
        if templates_changed:  # a new file may now replace one of nota's: look templates up afresh
            self.env = make_env(self.templates)
        for doc_id in ids:
            self._render(doc_id)

    def _render(self, doc_id: str) -> None:
        started = time.perf_counter()
        with parsed.reuse(self.parsed):
            checked = check_one(self.root, doc_id)
        problems, files, title = list(checked.problems), None, ""
        if checked.ok and checked.document and checked.outline and checked.theme:
            try:
                with guard.deadline(limits.RENDER_SECONDS, "rendering"):
                    files = edition_files(self.env, self.templates, checked.document, checked.outline, checked.theme,
                                          provenance(self.root, doc_id))
                title = checked.document.meta.title
            except Exception as exc:  # a refused asset, a limit or a bug: a problem of this document
                problems += failure(doc_id, exc, "rendering")
        content = self.site.rendered(doc_id, files, problems, title)
        if self.typesetter is not None:
            if files is not None:
                self.typesetter.want(doc_id, content, checked)
            else:
                self.typesetter.saved()
        self._tell(doc_id, problems, files is not None, time.perf_counter() - started)

    def _tell(self, doc_id: str, problems: list[Problem], ok: bool, seconds: float) -> None:
        """One line per render; the problems in full when they differ from the last ones shown."""
        state = report.counts(problems) or _("no problems")
        shown = decimal(seconds, 2)
        self.say(_("{document}: rendered in {seconds} s, {state}", document=doc_id, seconds=shown, state=state) if ok
                 else _("{document}: not rendered (the page keeps the last good version) in {seconds} s, {state}",
                        document=doc_id, seconds=shown, state=state))
        if problems and problems != self._shown.get(doc_id):
            self.say(report.text(problems, self.root, colour=sys.stderr.isatty()))
        self._shown[doc_id] = problems

    def follow(self, changes: queue.Queue[set[Path]], ids: list[str]) -> None:
        """Render again after every burst of saves (and all that came in meanwhile, as one), for ever."""
        while True:
            try:
                batch = changes.get(timeout=1.0)
            except queue.Empty:
                continue
            while True:
                try:
                    batch |= changes.get_nowait()
                except queue.Empty:
                    break
            touched, templates_changed = affected(batch, self.root, ids)
            self.render(touched, templates_changed)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run(root: Path, names: tuple[str, ...], *, host: str, port: int, open_browser: bool, pdf: bool,
        say: Say) -> None:
    """Serve the preview until Ctrl-C or SIGTERM; raise UsageError for an unknown document or address."""
    ids = select(root, names)
    site = Site(ids, pdf)
    templates = Templates.of(root)
    server = bind(host, port, site, root, make_env(templates))
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None))
                if sig is not None}
    changes: queue.Queue[set[Path]] = queue.Queue()
    watcher = Watcher(folders(root, templates.folders), changes)
    typesetter = Typesetter(root, site) if pdf else None
    session = Session(root, site, typesetter, say)
    serving = threading.Thread(target=server.serve_forever, name="nota-preview-http", daemon=True)
    try:
        watcher.start()
        session.render(ids)
        serving.start()
        if port and server.server_address[1] != port:
            say(_("port {port} is in use; using {other}", port=port, other=server.server_address[1]))
        say(_("nota preview: {url} (Ctrl-C stops it)", url=server.url))
        if typesetter is not None:
            typesetter.start()
        if open_browser:
            webbrowser.open(server.url)
        session.follow(changes, ids)
    except KeyboardInterrupt:
        say(_("nota preview: stopping"))
    finally:
        for sig in (signal.SIGINT, *previous):  # a second Ctrl-C must not break off the cleaning up
            signal.signal(sig, signal.SIG_IGN)
        site.close()
        if serving.is_alive():
            server.shutdown()
        server.server_close()
        watcher.stop()
        if typesetter is not None:
            typesetter.close()
        for sig, handler in {signal.SIGINT: signal.default_int_handler, **previous}.items():
            signal.signal(sig, handler)
    say(_("nota preview: stopped"))
