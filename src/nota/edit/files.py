"""EDIT stage, writing content files a person keeps: all of them, or none.

Every new file is first written in full to a temporary name beside its place. Only when all are
written are they renamed over the old ones; should a rename fail half-way, the files already
replaced get their old bytes back. A file keeps its permissions. Nothing here decides what to write.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def _stage(path: Path, data: bytes) -> Path:
    """`data` in full in a temporary file beside `path`, with the permissions `path` has (or 0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else 0o644
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def replace_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file (path -> bytes) all or nothing; return the paths written, sorted. OSError on failure,
    after which every file is as it was."""
    paths = sorted(files)
    old = {path: path.read_bytes() if path.is_file() else None for path in paths}
    staged: list[tuple[Path, Path]] = []
    done: list[Path] = []
    try:
        for path in paths:
            staged.append((_stage(path, files[path]), path))
        for tmp, path in staged:
            os.replace(tmp, path)
            done.append(path)
    except BaseException:
        for path in done:  # put back what was already replaced
            before = old[path]
            with contextlib.suppress(OSError):
                if before is None:
                    path.unlink()
                else:
                    os.replace(_stage(path, before), path)
        raise
    finally:
        for tmp, _path in staged:
            tmp.unlink(missing_ok=True)
    return paths
