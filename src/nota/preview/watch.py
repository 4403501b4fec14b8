"""PREVIEW, watching: the folders whose files make the documents, and which documents a change touches.

watchfiles (the Rust `notify` crate: inotify, FSEvents, ReadDirectoryChangesW) does the watching. It
gathers a burst of changes (an editor's swap file and rename, a `git checkout` of many files) into
one set: it hands the set over only once no change has come for STEP_MS, so a burst gives one
render. Its default filter already ignores editors' swap and backup files (.swp, ~) and .git.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

import watchfiles

from nota.i18n import _, decimal
from nota.model.document import CONTENT

STEP_MS = 50  # quiet time that ends a burst; editors and git write a burst's files within a few ms
DEBOUNCE_MS = 1600  # a burst that never goes quiet is handed over after this long anyway
POLL_MS = 300  # where the system cannot notify: look for changes this often


def folders(root: Path, template_folders: Iterable[Path]) -> list[Path]:
    """What to watch: content/, and every template folder (the project's own and nota's) that exists."""
    wanted = [(root / CONTENT).absolute(), *(folder.absolute() for folder in template_folders)]
    return [folder for folder in dict.fromkeys(wanted) if folder.is_dir()]


def affected(changed: Iterable[Path], root: Path, ids: list[str]) -> tuple[list[str], bool]:
    """The documents a set of changed paths touches, and whether a template changed (then: all of them).

    The paths are as the watcher reports them: under the folders `folders` gave it."""
    content = (root / CONTENT).absolute()
    touched: set[str] = set()
    for path in changed:
        if not path.is_relative_to(content):
            return list(ids), True
        parts = path.relative_to(content).parts
        if parts and parts[0] in ids:
            touched.add(parts[0])
    return [doc_id for doc_id in ids if doc_id in touched], False


class Watcher:
    """Watches `paths` in a thread of its own and puts each burst of changes on `changes`."""

    def __init__(self, paths: list[Path], changes: queue.Queue[set[Path]]) -> None:
        self.paths, self.changes = paths, changes
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="nota-preview-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.ready.wait(10)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        polling = None  # watchfiles chooses (it polls where the system cannot notify)
        while not self._stop.is_set():
            try:
                self._watch(polling)
                return
            except Exception as exc:  # e.g. the system's limit of watched folders: poll instead
                if polling:
                    print(_("nota preview: watching stopped: {error}; saves are no longer followed", error=exc),
                          file=sys.stderr)
                    return
                print(_("nota preview: cannot be notified of saves ({error}); checking for them every {seconds} s",
                        error=exc, seconds=decimal(0.3)), file=sys.stderr)
                polling = True

    def _watch(self, polling: bool | None) -> None:
        self.ready.set()  # the watcher starts within a moment of this; startup renders meanwhile
        for batch in watchfiles.watch(*self.paths, stop_event=self._stop, step=STEP_MS, debounce=DEBOUNCE_MS,
                                      raise_interrupt=False, force_polling=polling, poll_delay_ms=POLL_MS):
            self.changes.put({Path(path) for _change, path in batch})
