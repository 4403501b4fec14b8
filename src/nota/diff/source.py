"""LOAD stage for `diff`: the two versions to compare, each a project root with a content/ folder.

The working tree is the project itself. A git revision is read with `git ls-tree` and
`git cat-file` (fixed argument lists, no shell) into a temporary folder that is removed afterwards;
only regular files under content/ are taken, never symlinks or submodules. Another folder
(`--base-dir`) is used as it is: a project root, or a content folder on its own.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from nota.check.recipe import check_one
from nota.diff.units import Side
from nota.errors import Problem, UsageError
from nota.i18n import _
from nota.load.templates import Templates
from nota.model.document import CONTENT, document_ids

GIT_TIMEOUT = 60  # seconds; reading a revision of a content folder takes well under one


@dataclass(frozen=True)
class Version:
    """One side of the comparison: what the page calls it, and the folder holding its content/."""

    label: str
    root: Path

    def documents(self) -> list[str]:
        return document_ids(self.root)


@dataclass
class Loaded:
    """One document in one version: absent, unreadable (problems only), or loaded and checked."""

    present: bool
    side: Side | None
    problems: list[Problem]


def load(version: Version, doc_id: str, templates: Templates | None = None) -> Loaded:
    """Load, validate and check one document of a version with the check recipe every command runs
    (and its deadline: the content of a pull request is untrusted). `templates` (for the themes) are the
    working tree's when comparing: a git revision's export holds only content/."""
    if doc_id not in version.documents():
        return Loaded(False, None, [])
    checked = check_one(version.root, doc_id, templates=templates)
    if checked.document is None or checked.outline is None:
        return Loaded(True, None, checked.problems)
    return Loaded(True, Side(checked.document, checked.outline), checked.problems)


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise UsageError(_("git is not installed; compare with another folder using --base-dir")) from None
    except subprocess.TimeoutExpired:
        raise UsageError(_("git {command} took longer than {seconds} s", command=args[0],
                           seconds=GIT_TIMEOUT)) from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(_("git {command} failed: {error}", command=args[0],
                           error=message[-1] if message else done.returncode))
    return done.stdout


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names; a usage error if it names none."""
    if revision.startswith("-"):
        raise UsageError(_("{revision} is not a git revision", revision=revision))
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{revision}^{{commit}}").decode().strip()
    except UsageError:
        raise UsageError(_("{revision} is not a revision of the git repository at {root} "
                           "(hint: fetch it first, or compare with a folder using --base-dir)", revision=revision,
                           root=root)) from None


def is_revision(root: Path, name: str) -> bool:
    try:
        resolve(root, name)
    except UsageError:
        return False
    return True


def _safe(path: str) -> PurePosixPath | None:
    parts = PurePosixPath(path).parts
    if not parts or parts[0] != CONTENT or any(p in ("", ".", "..") for p in parts) or "\\" in path:
        return None
    return PurePosixPath(path)


def export(root: Path, commit: str, into: Path) -> None:
    """Write the regular files of content/ at a commit into a folder."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()  # root may be below the top
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", f"{prefix}{CONTENT}")
    blobs: list[tuple[str, PurePosixPath]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.decode("utf-8", errors="replace").partition("\t")
        mode, kind, oid = meta.split()
        path = _safe(name.removeprefix(prefix))
        if kind == "blob" and mode in ("100644", "100755") and path is not None:
            blobs.append((oid, path))
    for oid, path in blobs:
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(root, "cat-file", "blob", oid))


@contextmanager
def revision(root: Path, name: str) -> Iterator[Version]:
    """A git revision's content in a temporary folder, for the duration of the block."""
    commit = resolve(root, name)
    with tempfile.TemporaryDirectory(prefix="nota-diff-") as tmp:
        export(root, commit, Path(tmp))
        yield Version(f"{name} ({commit[:7]})", Path(tmp))


@contextmanager
def folder(path: Path) -> Iterator[Version]:
    """A project root (with content/) or a bare content folder, as a version."""
    if not path.is_dir():
        raise UsageError(_("--base-dir {folder} is not a folder", folder=path))
    if (path / CONTENT).is_dir():
        yield Version(f"map {path.as_posix()}", path)
        return
    with tempfile.TemporaryDirectory(prefix="nota-diff-") as tmp:
        shutil.copytree(path, Path(tmp) / CONTENT, symlinks=True)
        yield Version(f"map {path.as_posix()}", Path(tmp))


@dataclass(frozen=True)
class Request:
    """What the diff command was asked: BASE (a revision or a folder), HEAD (a revision or the
    working tree) and the documents."""

    base: str | None
    head: str | None
    documents: tuple[str, ...]
    base_dir: Path | None = None


def parse(root: Path, arguments: tuple[str, ...], base_dir: Path | None) -> Request:
    """Split `BASE [HEAD] [DOCUMENT...]`: after BASE, a word that names a document is a document."""
    args = list(arguments)
    base = None
    if base_dir is None:
        if not args:
            raise UsageError(_("name the revision to compare with (e.g. main, HEAD~1), or use --base-dir DIR"))
        base = args.pop(0)
    known = set(document_ids(root))
    head = None
    if args and args[0] not in known and is_revision(root, args[0]):
        head = args.pop(0)
    return Request(base, head, tuple(args), base_dir)


@contextmanager
def versions(root: Path, request: Request) -> Iterator[tuple[Version, Version]]:
    """The base and head versions of a request, cleaned up afterwards."""
    with ExitStack() as stack:
        if request.base_dir is not None:
            base = stack.enter_context(folder(request.base_dir))
        else:
            assert request.base is not None
            base = stack.enter_context(revision(root, request.base))
        head = (stack.enter_context(revision(root, request.head)) if request.head
                else Version("werkmap", root))
        yield base, head
