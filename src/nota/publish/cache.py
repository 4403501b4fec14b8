"""PUBLISH stage: a content-addressed cache of built documents, under output/.cache/.

A build with nothing changed takes each document's files from here instead of rendering and
typesetting them again. `check` always runs in full before (the cache never hides a problem), and
nothing is stored for a document with errors. `nota build --no-cache` neither reads nor writes it.

The key of a document is the SHA-256 of everything that shapes its output: the files of its content
folder (chapters, tables, images), the project's templates/ (page templates, stylesheets, themes,
fonts), nota's own package (its source, its templates and fonts), the Python packages installed beside
it and the system libraries WeasyPrint typesets with (by name, size and date), the Python version, and
the build's options. Any change to any of them gives another key, so the document is built again.
No file outside the project (or outside nota's package) is read for the key: a link that leads out
is keyed by where it leads.

An entry (`entries/<document>/<key>.json`) names the document's files by the SHA-256 of their bytes,
kept once each in `blobs/`, and keeps its layout's warnings (a runt page), so a build from the cache
reports what typesetting found; the language they are in is part of the key. An entry that is not
nota's, names another key, or whose blob does not hash to its name (an interrupted write, a full disk,
an edit) is ignored; the build then builds the document and writes a good entry in its place. Files
are written whole under a temporary name, then renamed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from nota.errors import Code, Problem, Related, Severity
from nota.source import Location

FOLDER = ".cache"
FORMAT = "nota-cache 2"  # 2: the layout's warnings are kept with the files
KEEP = 4  # entries per document: a change and its undoing both stay cached
LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "freetype", "fribidi",
             "gobject-2.0", "glib-2.0")
PACKAGE = Path(__file__).resolve().parent.parent  # nota's own package: its source, templates and fonts
_SHA = re.compile(r"[0-9a-f]{64}")


def _files(folder: Path, bound: Path) -> list[tuple[Path, Path]]:
    """The regular files under a folder with their real paths, sorted (no FIFO or device is ever read;
    bytecode is not source).

    A linked folder is walked too when it lies inside `bound`, as the loader reads content through it
    (chapters/ may be a link to a folder elsewhere in the project); each real folder once, so a link
    loop ends; one that leads out of `bound` is not walked (the loader refuses what is read through it).
    Only a link is resolved: below a real folder, an entry's real path is the folder's and its name
    (resolving every path cost half of a no-op build's key).
    """
    found: list[tuple[Path, Path]] = []
    seen: set[Path] = set()

    def walk(here: Path, real: Path) -> None:
        seen.add(real)
        with os.scandir(here) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
        for entry in listed:
            path = here / entry.name
            actual = Path(os.path.realpath(path)) if entry.is_symlink() else real / entry.name
            if entry.is_dir():
                if entry.name != "__pycache__" and actual.is_relative_to(bound) and actual not in seen:
                    walk(path, actual)
            elif entry.is_file():
                found.append((path, actual))

    walk(folder, folder.resolve())
    return sorted(found)


def _hash_tree(digest: hashlib._Hash, folder: Path, label: str, within: Path) -> None:
    """Each file's name and bytes. A link is followed only to a file inside `within` (the project: all the
    build may read); one that leads out is keyed by where it leads, never read (content is untrusted: a
    link to a huge or endless file must not hang the build, and the check refuses the link if it is used)."""
    bound = within.resolve()
    if not folder.resolve().is_relative_to(bound):
        digest.update(f"{label} outside: {folder.resolve()}\0".encode())
        return
    if not folder.is_dir():
        return
    for path, real in _files(folder, bound):
        digest.update(f"{label}/{path.relative_to(folder).as_posix()}\0".encode())
        if not real.is_relative_to(bound):
            digest.update(f"outside: {real}\0".encode())
            continue
        with real.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())


@cache
def environment() -> bytes:
    """What shapes every document's output from outside the project (computed once per process)."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())
    _hash_tree(digest, PACKAGE, "nota", PACKAGE)
    digest.update("\n".join(_distributions()).encode() + b"\0")
    digest.update("\n".join(_libraries()).encode())
    return digest.digest()


def _distributions() -> list[str]:
    """The installed Python packages with their versions, from their .dist-info folder names (reading
    every package's metadata with importlib.metadata takes ten times as long)."""
    found: set[str] = set()
    for entry in sys.path:
        with contextlib.suppress(OSError):
            found.update(e.name for e in os.scandir(entry or ".") if e.name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def _libraries() -> list[str]:
    """The shared libraries WeasyPrint loads: each file's real path, size and modification time."""
    import sysconfig

    arch = sysconfig.get_config_var("MULTIARCH") or ""
    folders = dict.fromkeys(["/usr/lib", f"/usr/lib/{arch}", f"/lib/{arch}", "/usr/lib64", "/usr/local/lib",
                             "/opt/homebrew/lib"])
    prefixes = tuple(f"lib{name}." for name in LIBRARIES)
    found: set[str] = set()
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name.startswith(prefixes) and (".so" in entry.name or entry.name.endswith(".dylib")):
                    with contextlib.suppress(OSError):
                        real = Path(entry.path).resolve()
                        stat = real.stat()
                        found.add(f"{real}:{stat.st_size}:{stat.st_mtime_ns}")
    return sorted(found)


def key(root: Path, doc_id: str, options: Iterable[str]) -> str:
    """The key of one document's output: its content, the project's templates, nota, the options."""
    digest = hashlib.sha256(environment())
    digest.update(("\0".join(sorted(options)) + "\0").encode())
    _hash_tree(digest, root / "content" / doc_id, "content", root)
    _hash_tree(digest, root / "templates", "templates", root)
    return digest.hexdigest()


def _entry(out: Path, doc_id: str, entry_key: str) -> Path:
    return out / FOLDER / "entries" / doc_id / f"{entry_key}.json"


def _blob(out: Path, sha: str) -> Path:
    return out / FOLDER / "blobs" / sha[:2] / sha


def load(out: Path, doc_id: str, entry_key: str) -> tuple[dict[str, bytes], list[Problem]] | None:
    """The files and layout warnings stored under this key, or None when there is no good entry (a bad
    one is ignored)."""
    try:
        entry = json.loads(_entry(out, doc_id, entry_key).read_bytes())
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != entry_key:
            return None
        files: dict[str, bytes] = {}
        for name, sha in sorted(entry["files"].items()):
            if not (isinstance(sha, str) and _SHA.fullmatch(sha) and _safe_name(name)):
                return None  # never a path: a blob's name is its hash
            data = _blob(out, sha).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha:
                return None
            files[name] = data
        return files, [_problem(item) for item in entry["warnings"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _safe_name(name: object) -> bool:
    """A file name an entry may hold: relative, inside the document's output folder."""
    return isinstance(name, str) and bool(name) and not name.startswith("/") and ".." not in name.split("/")


def _where(location: Location) -> list[object]:
    return [location.path.as_posix(), location.line, location.column]


def _location(value: list[object]) -> Location:
    path, line, column = value
    return Location(Path(str(path)), int(str(line)), int(str(column)))


def _warning(problem: Problem) -> dict[str, object]:
    """A layout warning as the entry keeps it (JSON: an entry is data, never code)."""
    return {"message": problem.message, "where": _where(problem.where), "hint": problem.hint,
            "severity": problem.severity.value, "code": problem.code.value, "document": problem.document,
            "related": [[_where(r.where), r.note] for r in problem.related]}


def _problem(item: dict[str, object]) -> Problem:
    related = item["related"]
    if not isinstance(related, list):  # a damaged entry: load() ignores it
        raise TypeError("related is not a list")
    return Problem(str(item["message"]), _location(item["where"]), str(item["hint"]),  # type: ignore[arg-type]
                   Severity(str(item["severity"])), Code(str(item["code"])), str(item["document"]),
                   tuple(Related(_location(where), str(note)) for where, note in related))


def store(out: Path, doc_id: str, entry_key: str, files: Mapping[str, bytes], warnings: list[Problem]) -> None:
    """Keep a document's files and layout warnings under its key; a cache that cannot be written is no
    error (the build stands)."""
    with contextlib.suppress(OSError):
        shas = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        for name, sha in shas.items():
            blob = _blob(out, sha)
            if not (blob.is_file() and hashlib.sha256(blob.read_bytes()).hexdigest() == sha):
                _write(blob, files[name])
        entry = {"format": FORMAT, "key": entry_key, "document": doc_id, "files": dict(sorted(shas.items())),
                 "warnings": [_warning(w) for w in warnings]}
        _write(_entry(out, doc_id, entry_key), json.dumps(entry, indent=1, ensure_ascii=False).encode())
        _prune(out, doc_id)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _prune(out: Path, doc_id: str) -> None:
    """Keep the KEEP newest entries of the document, and only the blobs some entry still names."""
    folder = out / FOLDER / "entries" / doc_id
    entries = sorted(folder.glob("*.json"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    for stale in entries[:-KEEP]:
        stale.unlink(missing_ok=True)
    named: set[str] = set()
    for path in (out / FOLDER / "entries").glob("*/*.json"):
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
            named.update(str(sha) for sha in json.loads(path.read_bytes())["files"].values())
    for blob in (out / FOLDER / "blobs").glob("*/*"):
        if blob.name not in named:
            blob.unlink(missing_ok=True)
