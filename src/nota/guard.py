"""The guard: run work under a deadline, or in a forked worker limited in time and memory.

Content is untrusted, so checking a document runs under `deadline` (CHECK_SECONDS) and typesetting
its PDF runs in a child process (`run_limited`: RENDER_SECONDS and RENDER_MEMORY_BYTES), so a page
layout that explodes stops only that document. The numbers live in limits.py.
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
from typing import Any, TypeVar

from nota import limits
from nota.errors import BuildError, LimitExceeded, NotaError
from nota.i18n import _, decimal, number

T = TypeVar("T")


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
        raise LimitExceeded(_("{what} took longer than {seconds} s, the limit per document", what=what,
                              seconds=_seconds(seconds)),
                            _("make the document smaller or simpler (very long texts, many brackets or asterisks)")
                            ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _seconds(value: float) -> str:
    return decimal(value, 0) if value == int(value) else decimal(value, 1)


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
    seconds = limits.RENDER_SECONDS if seconds is None else seconds
    memory = limits.RENDER_MEMORY_BYTES if memory is None else memory
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
    mb = number(memory // 2**20)
    if not receiver.poll(seconds):
        raise LimitExceeded(_("{what} took longer than {seconds} s, the limit per document", what=what,
                              seconds=_seconds(seconds)),
                            _("make the document smaller (split long tables or chapters) and build again"))
    try:
        status, value = receiver.recv()
    except EOFError:
        worker.join()
        raise LimitExceeded(_("{what} stopped unexpectedly (exit status {status}); it may have needed more than "
                              "{mb} MB", what=what, status=worker.exitcode, mb=mb),
                            _("make the document smaller")) from None
    if status == "memory":
        raise LimitExceeded(_("{what} needed more than {mb} MB of memory, the limit per document", what=what, mb=mb),
                            _("make the document smaller (fewer or smaller images, shorter tables)"))
    if status == "error":
        raise BuildError(*value)
    if status == "crash":
        raise BuildError(_("{what} failed: {error}", what=what, error=value))
    return value
