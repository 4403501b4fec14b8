"""PUBLISH stage: put a document's files in output/<document>/, atomically and in sorted order.

Every file is first written in full to a temporary name beside its place; only when all of a
document's files are written are they renamed over the old ones. An interrupted or failed build
never leaves a half-written HTML or PDF, nor a new HTML beside an old PDF, where good ones were.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _temporary(path: Path, data: bytes) -> Path:
    """Write data in full to a temporary file beside path; return its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a published file is for every reader and web server
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file (relative path -> bytes) all or nothing; return the paths, sorted."""
    paths = {name: folder / name for name in sorted(files)}
    changed = [n for n, p in paths.items() if not p.is_file() or p.read_bytes() != files[n]]
    staged: list[tuple[Path, Path]] = []
    try:
        for name in changed:
            staged.append((_temporary(paths[name], files[name]), paths[name]))
        while staged:
            tmp, path = staged[0]
            os.replace(tmp, path)
            staged.pop(0)
    finally:
        for tmp, _ in staged:  # only after a failure: the files not yet in place
            tmp.unlink(missing_ok=True)
    return list(paths.values())


def prune(folder: Path, keep: dict[str, bytes] | set[str], pattern: str = "*.html") -> list[Path]:
    """Delete the files matching pattern directly in folder that this run did not write (stale pages)."""
    stale = sorted(p for p in folder.glob(pattern) if p.is_file() and p.name not in keep)
    for path in stale:
        path.unlink()
    return stale
