"""Resource limits: how much content one file and one document may hold, and what rendering may cost.

Content is untrusted, so every quantity that costs time or memory has a ceiling, named here once.
The numbers are generous multiples of what the real documents need (measured on both, noted beside
each limit), so they stop hostile or broken input, never a real document. A document over a limit
gets a located error and is not built; the other documents still build.

The PDF of each document is typeset in a child process with an address-space limit and a time
budget (`run_limited`), so a page layout that explodes stops only that document.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from nota.errors import BuildError, Location, NotaError, Problem

if TYPE_CHECKING:  # project imports yamlio, which imports this module
    from nota.check.outline import Outline
    from nota.model.document import ChapterFile, Document

T = TypeVar("T")

# --- LOAD: one content file (yamlio) -------------------------------------------------------------
MAX_FILE_BYTES = 512_000  # the largest real content file is 20 kB; parsing costs ~1 s per 500 kB
MAX_DEPTH = 24  # nesting of lists and mappings; real content goes 9 deep
MAX_VALUES_PER_FILE = 10_000  # YAML values in one file; the largest real file has ~1,000 (~25 µs each)
MAX_FIELD_CHARS = 20_000  # one text value; the longest real paragraph has ~2,000 characters
MAX_NUMBER_CHARS = 40  # a plain number; real amounts have at most 9 digits

# --- CHECK: one document -------------------------------------------------------------------------
MAX_DOCUMENT_CHARS = 1_000_000  # all content files of a document together; the real ones have ~50,000
MAX_TABLE_ROWS = 500  # rows of one budget table (all groups) or plain table; the largest real one has 56
MAX_TABLE_YEARS = 20  # year columns of a budget table; real tables have 4 to 6

# --- content images (images.py) ------------------------------------------------------------------
MAX_IMAGE_BYTES = 5_000_000  # one PNG or JPEG file
MAX_IMAGE_SIDE = 10_000  # pixels, width or height
MAX_IMAGE_PIXELS = 25_000_000  # width × height: ~100 MB once decoded (4 bytes a pixel)
MAX_DOCUMENT_IMAGE_BYTES = 50_000_000  # all images of one document

# --- time per document ---------------------------------------------------------------------------
CHECK_SECONDS = 20.0  # load, validate and check; the real documents take 0.2 s, a hostile one within
#                       the limits above up to ~40 s (Markdown worst cases), so this bounds it
RENDER_SECONDS = 120.0  # HTML and PDF together; the larger real document takes ~8 s
RENDER_MEMORY_BYTES = 2 * 1024**3  # address space of the worker; the real documents peak at ~330 MB


class LimitExceeded(BuildError):
    """Rendering one document went over its time or memory budget."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class _Expired(BaseException):
    """Time is up. A BaseException, so that `except Exception` on the way cannot swallow it."""


@contextlib.contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise LimitExceeded in this (main) thread once `seconds` have passed; elsewhere, no limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise LimitExceeded(f"{what} took longer than {seconds:g} s, the limit per document",
                            "make the document smaller or simpler (very long texts, many brackets or asterisks)"
                            ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _flush_std_streams() -> None:
    # a forked child would otherwise write out a copy of whatever the parent still had buffered
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()


def _work(sender: Connection, memory: int, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    budget = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (budget, hard))
    try:
        outcome: tuple[str, Any] = ("ok", func(*args))
    except MemoryError:
        outcome = ("memory", "")
    except NotaError as exc:  # the located problems travel with the message (Problem pickles)
        outcome = ("error", (str(exc), getattr(exc, "problems", [])))
    except BaseException as exc:
        outcome = ("crash", f"{type(exc).__name__}: {exc}")
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", ""))
    sender.close()


def run_limited(func: Callable[..., T], *args: Any, what: str, seconds: float | None = None,
                memory: int | None = None) -> T:
    """Run func(*args) in a forked worker under a time and memory budget (default: the RENDER_ limits)."""
    seconds = RENDER_SECONDS if seconds is None else seconds
    memory = RENDER_MEMORY_BYTES if memory is None else memory
    if "fork" not in multiprocessing.get_all_start_methods():  # no fork (Windows): run unguarded
        return func(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, memory, func, args), daemon=True)
    _flush_std_streams()
    worker.start()
    sender.close()
    try:
        return _receive(receiver, worker, what, seconds, memory)  # type: ignore[no-any-return]
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()


def _receive(receiver: Connection, worker: Any, what: str, seconds: float, memory: int) -> Any:
    mb = memory // 2**20
    if not receiver.poll(seconds):
        raise LimitExceeded(f"{what} took longer than {seconds:g} s, the limit per document",
                            "make the document smaller (split long tables or chapters) and build again")
    try:
        status, value = receiver.recv()
    except EOFError:
        worker.join()
        raise LimitExceeded(f"{what} stopped unexpectedly (exit status {worker.exitcode}); "
                            f"it may have needed more than {mb:,} MB", "make the document smaller") from None
    if status == "memory":
        raise LimitExceeded(f"{what} needed more than {mb:,} MB of memory, the limit per document",
                            "make the document smaller (fewer or smaller images, shorter tables)")
    if status == "error":
        raise BuildError(*value)
    if status == "crash":
        raise BuildError(f"{what} failed: {value}")
    return value


# --- per-document limits (a CHECK rule) ----------------------------------------------------------

def document_problems(doc: Document, outline: Outline | None = None) -> list[Problem]:
    """CHECK rule: text per document and rows per table over their limits, as located errors."""
    from nota.model.content import walk_rows  # models imports this module for its limits

    problems = list(_document_size(doc))
    for cf in doc.chapters:
        problems += _plain_table_rows(cf)
    for tf in doc.tables.values():
        rows = sum(1 for _ in walk_rows(tf.table))
        if rows > MAX_TABLE_ROWS:
            problems.append(Problem(f"table has {rows:,} rows, more than the limit of {MAX_TABLE_ROWS:,}",
                                    tf.source.locate(()), "split it into several tables", code="limit"))
    return problems


def _document_size(doc: Document) -> Iterator[Problem]:
    sources = [doc.meta_source, *(cf.source for cf in doc.chapters), *(tf.source for tf in doc.tables.values())]
    chars = sum(len(line) + 1 for source in sources for line in source.lines)
    if chars > MAX_DOCUMENT_CHARS:
        yield Problem(f"the document's content files hold {chars:,} characters, more than the limit of "
                      f"{MAX_DOCUMENT_CHARS:,}", Location(Path(doc.meta_source.path)),
                      "split the content into several documents", code="limit")


def _plain_table_rows(cf: ChapterFile) -> Iterator[Problem]:
    from nota.model.content import Table, walk_blocks  # models imports this module for its limits

    for block, loc in walk_blocks(cf.chapter):
        if isinstance(block, Table) and len(block.rows) > MAX_TABLE_ROWS:
            yield Problem(f"table has {len(block.rows):,} rows, more than the limit of {MAX_TABLE_ROWS:,}",
                          cf.source.locate((*loc, "rows")), "split it into several tables", code="limit")
