"""The guard: run work under a deadline, or in a forked worker limited in time and memory.

Content is untrusted, so checking a document runs under `deadline` (CHECK_SECONDS) and typesetting
its PDF runs in a child process (`run_limited`: RENDER_SECONDS and RENDER_MEMORY_BYTES), so a page
layout that explodes stops only that document. The numbers live in limits.py.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from nota import limits
from nota.errors import BuildError, LimitExceeded, NotaError
from nota.i18n import _, decimal, number

if TYPE_CHECKING:  # imported where a worker starts: `nota check` never starts one (10 ms less)
    from multiprocessing.connection import Connection

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


def _limit_memory(memory: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard), hard))


def _outcome(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return "ok", func(*args)
    except MemoryError:
        return "memory", ""
    except NotaError as exc:  # the located problems travel with the message (Problem pickles)
        return "error", (str(exc), getattr(exc, "problems", []))
    except BaseException as exc:
        return "crash", f"{type(exc).__name__}: {exc}"


def _send(sender: Connection, outcome: tuple[str, Any]) -> None:
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", ""))


def _work(sender: Connection, memory: int, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _limit_memory(memory)
    _send(sender, _outcome(func, args))
    sender.close()


def _serve(connection: Connection, memory: int) -> None:
    """A `Worker`'s process: one call after another, until the pipe closes."""
    _limit_memory(memory)
    while True:
        try:
            func, args = connection.recv()
        except (EOFError, OSError):
            return
        _send(connection, _outcome(func, args))


class Worker:
    """A limited worker that stays, for work that keeps what it made between calls (the live typesetter
    of a preview keeps the chapters it laid out): forked once under its memory limit, then given one
    call at a time, each under its own time limit. A call over its time ends the worker, and so does a
    worker that dies; the next call starts a new one, with nothing kept."""

    def __init__(self, what: str, memory: int | None = None) -> None:
        self.what, self.memory = what, limits.RENDER_MEMORY_BYTES if memory is None else memory
        self._process: Any = None
        self._connection: Any = None

    def call(self, func: Callable[..., T], *args: Any, seconds: float | None = None) -> T:
        """func(*args) in the worker (func and args are sent, so they must pickle; func by its name)."""
        import multiprocessing

        seconds = limits.RENDER_SECONDS if seconds is None else seconds
        if "fork" not in multiprocessing.get_all_start_methods():  # no fork (Windows): run unguarded
            return func(*args)
        if self._process is None or not self._process.is_alive():
            self._start(multiprocessing.get_context("fork"))
        try:
            self._connection.send((func, args))
            return _receive(self._connection, self._process, self.what, seconds, self.memory, seconds)  # type: ignore[no-any-return]
        except (LimitExceeded, OSError):
            self.close()
            raise

    def _start(self, context: Any) -> None:
        self.close()
        self._connection, child = context.Pipe(duplex=True)
        self._process = context.Process(target=_serve, args=(child, self.memory), daemon=True)
        _flush_std_streams()
        self._process.start()
        child.close()

    def close(self) -> None:
        """End the worker and what it kept."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._connection.close()
        self._process = self._connection = None


class Pending(Generic[T]):
    """Work started in a forked worker (`start_limited`); `result()` waits for it, within its limits."""

    def __init__(self, what: str, seconds: float, memory: int, worker: Any = None, receiver: Any = None,
                 value: Any = None) -> None:
        self.what, self.seconds, self.memory = what, seconds, memory
        self.worker, self.receiver, self.value = worker, receiver, value
        self.started = time.monotonic()

    def result(self) -> T:
        """The worker's result, or the LimitExceeded or BuildError it ended with; the worker is gone after."""
        if self.worker is None:  # no fork on this system: it ran when it was started
            return self.value  # type: ignore[no-any-return]
        try:
            left = max(0.0, self.seconds - (time.monotonic() - self.started))
            return _receive(self.receiver, self.worker, self.what, left, self.memory, self.seconds)  # type: ignore[no-any-return]
        finally:
            self.stop()

    def stop(self) -> None:
        """End the worker (if it still runs) and release it."""
        if self.worker is None:
            return
        if self.worker.is_alive():
            self.worker.kill()
        self.worker.join()
        self.receiver.close()
        self.worker = None


def start_limited(func: Callable[..., T], *args: Any, what: str, seconds: float | None = None,
                  memory: int | None = None) -> Pending[T]:
    """Start func(*args) in a forked worker under a time and memory budget (default: the RENDER_ limits).

    The time counts from the start, so workers started together each have all of it, and each worker
    has its own memory limit: `--jobs` runs several at once, each as limited as one alone."""
    import multiprocessing

    seconds = limits.RENDER_SECONDS if seconds is None else seconds
    memory = limits.RENDER_MEMORY_BYTES if memory is None else memory
    if "fork" not in multiprocessing.get_all_start_methods():  # no fork (Windows): run unguarded
        return Pending(what, seconds, memory, value=func(*args))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, memory, func, args), daemon=True)
    _flush_std_streams()
    worker.start()
    sender.close()
    return Pending(what, seconds, memory, worker, receiver)


def run_limited(func: Callable[..., T], *args: Any, what: str, seconds: float | None = None,
                memory: int | None = None) -> T:
    """Run func(*args) in a forked worker under a time and memory budget (default: the RENDER_ limits)."""
    return start_limited(func, *args, what=what, seconds=seconds, memory=memory).result()


def _receive(receiver: Connection, worker: Any, what: str, seconds: float, memory: int, limit: float) -> Any:
    mb = number(memory // 2**20)
    if not receiver.poll(seconds):
        raise LimitExceeded(_("{what} took longer than {seconds} s, the limit per document", what=what,
                              seconds=_seconds(limit)),
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
