"""WRITE stage: put a document's files in output/<document>/, atomically and in sorted order.

Every file is written to a temporary name in the same folder and renamed over the old one, so an
interrupted build never leaves a half-written HTML or PDF where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a published file is for every reader and web server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file (relative path -> bytes); return the paths written, sorted."""
    written = []
    for name in sorted(files):
        path = folder / name
        if not path.is_file() or path.read_bytes() != files[name]:
            write_atomic(path, files[name])
        written.append(path)
    return written


def prune(folder: Path, keep: dict[str, bytes] | set[str], pattern: str = "*.html") -> list[Path]:
    """Delete the files matching pattern directly in folder that this run did not write (stale pages)."""
    stale = sorted(p for p in folder.glob(pattern) if p.is_file() and p.name not in keep)
    for path in stale:
        path.unlink()
    return stale
