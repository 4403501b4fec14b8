"""PUBLISH stage: three changes around WeasyPrint 70 that make typesetting faster and leave every byte
of the PDF as it was (tests/test_speed.py typesets with and without them and compares the bytes).

Profiling the real documents (docs/publishing.md, "Speed") found:

- Line breaking: WeasyPrint sets the same text in the same box width again and again (column
  balancing lays out each column of a page three to thirty times; a table measures its cells before it
  sets them): 55% of the calls of `split_first_line` repeat an earlier one exactly. It is a pure
  function of its arguments, so `memoised_line_breaking` keeps its results while one part is laid out.
- pydyf's `PDF.page_references` builds the list of every page's reference each time it is read, and
  the PDF tagger reads it for every structure element: quadratic in pages (8 million steps for 191
  pages). `memoised_line_breaking` also keeps that list while the page count stays the same.
- `import weasyprint` looks each system library up under several names, and each look-up runs
  ldconfig (and gcc, when that fails): about 50 processes, 0.1-0.2 s per build. `one_ldconfig` reads
  ldconfig's listing once while WeasyPrint is imported.

The first two replace WeasyPrint internals, so they apply only to the code they were written for:
WeasyPrint 70 (pyproject.toml pins weasyprint 70.0 and pydyf 0.13.0) whose line breaking, and the pydyf whose
`page_references`, hash to `FINGERPRINT`. With any other code (another release, a patch release, a
newer pydyf) nothing is replaced and the PDF is WeasyPrint's own; tests/test_speed.py then fails,
so that someone reads the replacements against the new code before `FINGERPRINT` is updated.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

SUPPORTED = "70."  # the WeasyPrint version whose internals these replacements match
# SHA-256 of the source the replacements were checked against (`fingerprint`)
FINGERPRINT = "c3730ea223bb9716cd1af71356e9ff0b0550b00a4a3ce745c2ef8041469f68ad"
LDCONFIG = Path("/sbin/ldconfig")


def fingerprint() -> str:
    """The SHA-256 of what the replacements stand in for and rely on: WeasyPrint's line breaking
    (text/line_break.py), the two modules whose `split_first_line` is replaced and the callers' use
    of its result (layout/inline.py, layout/preferred.py), and pydyf's `PDF.page_references`."""
    import pydyf  # type: ignore[import-untyped]
    import weasyprint.layout.inline as inline
    import weasyprint.layout.preferred as preferred
    import weasyprint.text.line_break as line_break

    digest = hashlib.sha256()
    for source in (inspect.getsource(line_break), inspect.getsource(inline), inspect.getsource(preferred),
                   inspect.getsource(pydyf.PDF.page_references.fget)):
        digest.update(source.encode() + b"\0")
    return digest.hexdigest()


@cache
def supported() -> bool:
    """Whether WeasyPrint and pydyf are the code the replacements were written for (see the docstring)."""
    import weasyprint

    if not str(weasyprint.__version__).startswith(SUPPORTED):
        return False
    try:
        return fingerprint() == FINGERPRINT
    except (OSError, TypeError, AttributeError):  # no source to read, or page_references is no property
        return False


class LineBreaks:
    """`split_first_line` with its results kept: one store per part laid out (`clear` in between), as
    styles are per part and the store would otherwise keep every line of a long document alive."""

    def __init__(self, original: Any) -> None:
        self.original = original
        self.memo: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def __call__(self, text: str, style: Any, context: Any, max_width: Any, justification_spacing: Any,
                 is_line_start: bool = True, minimum: bool = False) -> Any:
        key = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
        hit = self.memo.get(key)
        if hit is None:  # the style is kept with the result, so its id cannot be reused meanwhile
            result = self.original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
            self.memo[key] = hit = (result, style)
        layout, *rest = hit[0]
        return (copy.copy(layout), *rest)  # the caller may change its layout (an ellipsis): give it its own

    def clear(self) -> None:
        self.memo.clear()


def _page_references(original: Any) -> property:
    def page_references(pdf: Any) -> Any:
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_nota_page_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_nota_page_references"] = (count, original.fget(pdf))
        return kept[1]

    return property(page_references)


@contextmanager
def memoised_line_breaking() -> Iterator[LineBreaks | None]:
    """While typesetting: line breaking and page references kept (see the module's docstring).

    Yields the line-break store (to be cleared between parts), or None when WeasyPrint is not the
    supported version and nothing was replaced."""
    if not supported():
        yield None
        return
    import pydyf
    import weasyprint.layout.inline as inline
    import weasyprint.layout.preferred as preferred

    original, references = inline.split_first_line, pydyf.PDF.page_references
    breaks = LineBreaks(original)
    inline.split_first_line = preferred.split_first_line = breaks
    pydyf.PDF.page_references = _page_references(references)
    try:
        yield breaks
    finally:
        inline.split_first_line = preferred.split_first_line = original
        pydyf.PDF.page_references = references
        breaks.clear()


@contextmanager
def one_ldconfig() -> Iterator[None]:
    """While WeasyPrint is imported: libraries found in one `ldconfig -p` listing, not dozens of runs.

    The answer is the one ctypes.util.find_library would give on Linux (the entry of this machine's
    ABI); elsewhere, or without ldconfig, the standard function is left in place. A library that is
    not in ldconfig's cache is not found this way: `import_weasyprint` then imports with the standard."""
    import ctypes.util

    listing = _ldconfig_listing()
    if listing is None:
        yield
        return
    standard = ctypes.util.find_library
    abi = _abi()

    def find_library(name: str) -> str | None:
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(abi)}", listing)
        return found.group(1) if found else None  # cffi then tries WeasyPrint's next name for it

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = standard


def _ldconfig_listing() -> str | None:
    if not sys.platform.startswith("linux") or not LDCONFIG.is_file():
        return None
    try:
        return subprocess.run([str(LDCONFIG), "-p"], capture_output=True, text=True, check=True, timeout=10,
                              env={"LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _abi() -> str:
    """The ABI tag ldconfig prints for this machine's libraries (as ctypes.util._findSoname_ldconfig)."""
    machine = os.uname().machine + ("-64" if struct.calcsize("l") == 8 else "-32")
    return {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
            "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(machine, "libc6")


def import_weasyprint() -> None:
    """Import WeasyPrint (once per process: the PDF workers fork with it imported), with `one_ldconfig`."""
    if "weasyprint" in sys.modules:
        return
    try:
        with one_ldconfig():
            import weasyprint
    except OSError:  # a library outside ldconfig's cache: look again the standard way
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint  # noqa: F401
