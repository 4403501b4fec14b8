"""LOAD stage helper: read a file only if it is a regular file inside a given folder.

Content comes from pull requests, and git stores symbolic links: `chapters/x.yaml` or
`figures/foto.png` could point at /etc/passwd or /proc/self/environ, and a FIFO would make a read
hang. Every content file, image and template asset is read through `read_inside`, which resolves
links first, refuses anything that ends up outside the folder or is not a regular file, and never
reads more than the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from nota.i18n import _, number


class UnsafeFile(Exception):
    """A file that may not be read: missing, outside the folder, not a regular file, or too large."""

    def __init__(self, reason: str, hint: str, size: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.hint, self.size = reason, hint, size


def inside(folder: Path, path: Path, label: str) -> Path:
    """The real path of `path` (links resolved), provided it exists and lies inside `folder`."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise UnsafeFile(_("does not exist"), _("check the file name and folder")) from None
    except (OSError, RuntimeError):  # a link loop, or no permission to look
        raise UnsafeFile(_("cannot be opened"), _("make it a plain file, not a link")) from None
    if not real.is_relative_to(folder.resolve()):
        raise UnsafeFile(_("leads outside {folder} (it is a link to a file elsewhere)", folder=label),
                         _("put the file itself inside {folder}; links out of it are not followed", folder=label))
    return real


def read_inside(folder: Path, path: Path, limit: int, label: str) -> bytes:
    """Read a regular file inside `folder` (called `label` in messages), at most `limit` bytes."""
    real = inside(folder, path, label)
    try:  # O_NOFOLLOW: the resolved path must not turn into a link between resolving and opening
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise UnsafeFile(_("cannot be read ({error})", error=exc.strerror),
                         _("check that the file is readable")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(_("is not a regular file"), _("replace it with an ordinary file"))
        if info.st_size > limit:
            raise UnsafeFile(_("is {size} bytes, more than the limit of {limit}", size=number(info.st_size),
                               limit=number(limit)), _("make the file smaller or split it"), info.st_size)
        return _read_at_most(fd, limit)
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:  # the file grew while being read
        raise UnsafeFile(_("is more than the limit of {limit} bytes", limit=number(limit)),
                         _("make the file smaller or split it"), size)
    return b"".join(chunks)
