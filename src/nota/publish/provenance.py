"""PUBLISH stage: where a build comes from, for the colophon: the source commit, read from git.

Read here, once per document, and handed to the render as a value (render/edition.Provenance); no
template or render function runs a program. git is called with a fixed list of arguments, never a
shell and never a word of the content, and with a time limit. A project that is not a git checkout
(a copied folder, an unpacked archive), or a machine without git, gets no commit: the colophon then
leaves the line out, so a build from a copy is the same bytes wherever the copy is.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from nota import __version__
from nota.render.edition import Provenance

GIT_SECONDS = 10.0
_COMMIT = re.compile(r"^[0-9a-f]{40}$|^[0-9a-f]{64}$")


def _git(root: Path, *args: str) -> str | None:
    """The output of one git command in the project folder, or None when it fails or git is missing."""
    command = ["git", "-c", "core.fsmonitor=false", "-C", str(root), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=GIT_SECONDS, check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def provenance(root: Path, doc_id: str) -> Provenance:
    """nota's version, and the commit the project folder is checked out at (if it is in a git checkout),
    with whether the document's content or the templates differ from it (changed or new files)."""
    commit = (_git(root, "rev-parse", "--verify", "HEAD") or "").strip()
    if not _COMMIT.match(commit):
        return Provenance(__version__)  # a repository without a commit yet
    changes = _git(root, "status", "--porcelain", "--untracked-files=all", "--", f"content/{doc_id}", "templates")
    return Provenance(__version__, commit, modified=bool(changes and changes.strip()))
