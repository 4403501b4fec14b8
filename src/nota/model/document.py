"""MODEL stage, a document: every content file of one document folder read into typed models.

All problems are collected (a broken chapter does not hide a broken table); a document is returned
only when every file it needs loaded and validated, or with `partial`, with the files that did and
what could be read of the others after their syntax error (`Document.read_in_part`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from nota.errors import Code, ContentError, Problem, Severity, UsageError
from nota.i18n import _
from nota.load.resume import Rest
from nota.load.yaml import load_file
from nota.model.block import Block
from nota.model.blocks import Budget
from nota.model.budget import BudgetTable
from nota.model.content import Chapter, DocumentMeta, walk_blocks
from nota.model.fields import keys_of
from nota.model.validate import validate, validate_rest
from nota.source import Location, Place, SourceFile

B = TypeVar("B", bound=Block)
M = TypeVar("M", bound=BaseModel)

CONTENT = "content"


@dataclass
class ChapterFile:
    id: str
    chapter: Chapter
    source: SourceFile
    appendix: bool


@dataclass
class TableFile:
    id: str
    table: BudgetTable
    source: SourceFile


@dataclass
class Document:
    """All validated content of one document folder."""

    id: str
    folder: Path
    meta: DocumentMeta
    meta_source: SourceFile
    chapters: list[ChapterFile] = field(default_factory=list)
    tables: dict[str, TableFile] = field(default_factory=dict)
    # tables whose file is there but could not be read: what refers to them is not reported while it is
    broken_tables: set[str] = field(default_factory=set)
    # what could be read of the files with a syntax error (load/resume.py), by the path shown in messages:
    # the rules that can judge part of a document judge it (check/rules.PARTIAL_RULES)
    read_in_part: dict[Path, tuple[ChapterFile | TableFile, Rest]] = field(default_factory=dict)
    # the chapters and tables of which nothing could be read (or that are missing)
    unread: list[str] = field(default_factory=list)

    def blocks(self, kind: type[B]) -> Iterator[tuple[B, Place]]:
        """Every block of a kind (Block: all of them) in reading order, with where it is written."""
        for cf in self.chapters:
            for block, loc in walk_blocks(cf.chapter):
                if isinstance(block, kind):
                    yield block, Place(cf.source, loc)

    def table_of(self, block: Budget) -> TableFile | None:
        """The budget table a budget block places, if it exists."""
        return self.tables.get(block.table)

    def with_parts_read(self) -> Document:
        """This document with what could be read of its broken files in their places."""
        read = [part for part, _rest in self.read_in_part.values()]
        order = {cid: i for i, cid in enumerate([*self.meta.chapters, *self.meta.appendices])}
        chapters = [*self.chapters, *(part for part in read if isinstance(part, ChapterFile))]
        tables = {**self.tables, **{part.id: part for part in read if isinstance(part, TableFile)}}
        return replace(self, chapters=sorted(chapters, key=lambda cf: order[cf.id]),
                       tables=dict(sorted(tables.items())))

    def may_mention(self, name: str) -> bool:
        """Whether what could not be read may define or use a name (an id, a footnote), so that a
        reference to it or a note nobody refers to is not judged yet. False when every file loaded."""
        if self.unread:
            return True
        whole_word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        return any(whole_word.search(rest.left_out()) for _part, rest in self.read_in_part.values())

    def explained(self, problem: Problem) -> bool:
        """Whether a problem in a file read only in part may follow from the part left out."""
        part = self.read_in_part.get(problem.where.path)
        return part is not None and part[1].explains(problem.where)


def document_ids(root: Path) -> list[str]:
    """Every folder under content/ that holds a document.yaml, sorted."""
    content = root / CONTENT
    if not content.is_dir():
        return []
    return sorted(p.name for p in content.iterdir() if (p / "document.yaml").is_file() and not p.is_symlink())


def select(root: Path, names: tuple[str, ...] | list[str]) -> list[str]:
    """The documents named on the command line, or all of them; unknown names are a usage error."""
    if not (root / CONTENT).is_dir():
        raise UsageError(_("{folder} is not a folder: run nota in the project folder, or give --root",
                           folder=root / CONTENT))
    known = document_ids(root)
    if not names:
        return known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(_("no document {names} in {folder}/; known: {known}", names=", ".join(unknown),
                           folder=CONTENT, known=", ".join(known) or _("none")))
    return list(dict.fromkeys(names))


@dataclass
class Loaded(Generic[M]):
    """One file after LOAD and MODEL. After a syntax error, `rest` is what could be read of the rest
    of the file (load/resume.py) and `source` and `model` are that, when it is valid on its own."""

    source: SourceFile | None
    model: M | None
    problems: list[Problem]
    rest: Rest | None = None


def _load(path: Path, root: Path, document: str, model: type[M]) -> Loaded[M]:
    """Load and validate one file; after a syntax error, also what the rest of the file shows."""
    try:
        source = load_file(path, path.relative_to(root), _KEYS)
    except ContentError as exc:
        rest: Rest | None = exc.rest
        found, problems = validate_rest(model, rest, document)
        if rest is None or found is None:
            return Loaded(None, None, [p.of(document) for p in exc.problems] + problems)
        return Loaded(rest.source, found, [p.of(document) for p in exc.problems] + problems, rest)
    found, problems = validate(model, source, document)
    return Loaded(source, found, problems)


_KEYS = keys_of(DocumentMeta, Chapter, BudgetTable)  # the keys content has, for hints about a missing colon


def load_document(root: Path, doc_id: str, partial: bool = False) -> tuple[Document | None, list[Problem]]:
    """Load and validate one document; return it only if no file had an error.

    With `partial`, a document whose document.yaml is valid is returned with the files that were and
    what could be read of the others, so the rules that need only those can still run in the same pass.
    """
    folder = root / CONTENT / doc_id
    loaded = _load(folder / "document.yaml", root, doc_id, DocumentMeta)
    source, meta, problems = loaded.source, loaded.model, loaded.problems
    if source is None or meta is None or loaded.rest is not None:
        # document.yaml is unusable, but the other files can still be checked in the same run
        return None, problems + _validate_chapter_files(root, folder, doc_id) + _load_tables(root, folder, doc_id)[1]
    doc = Document(doc_id, folder, meta, source)
    problems += _load_chapters(root, doc)
    tables, table_problems = _load_tables(root, folder, doc_id)
    doc.tables = {tf.id: tf for tf, rest in tables if rest is None}
    doc.read_in_part |= {tf.source.path: (tf, rest) for tf, rest in tables if rest is not None}
    doc.broken_tables = {p.stem for p in (folder / "tables").glob("*.yaml")} - set(doc.tables)
    parts = [part for part, _rest in doc.read_in_part.values()]
    chapters_read = {cf.id for cf in (*doc.chapters, *parts) if isinstance(cf, ChapterFile)}
    tables_read = {tf.id for tf in parts if isinstance(tf, TableFile)}
    doc.unread = [*(cid for cid in [*meta.chapters, *meta.appendices] if cid not in chapters_read),
                  *sorted(doc.broken_tables - tables_read)]
    problems += table_problems + _unused_files(root, doc)
    for block, _place in doc.blocks(Budget):  # a reference to a table names it by its title
        table = doc.table_of(block)
        block._title = table.table.title if table else ""
    if any(p.is_error for p in problems) and not partial:
        return None, problems
    return doc, problems


def _validate_chapter_files(root: Path, folder: Path, doc_id: str) -> list[Problem]:
    """Every chapter file on its own, for when document.yaml cannot say which ones are used."""
    problems: list[Problem] = []
    for path in sorted((folder / "chapters").glob("*.yaml")):
        problems += _load(path, root, doc_id, Chapter).problems
    return problems


def _load_chapters(root: Path, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    listed = [(cid, False, ("chapters", i)) for i, cid in enumerate(doc.meta.chapters)]
    listed += [(cid, True, ("appendices", i)) for i, cid in enumerate(doc.meta.appendices)]
    seen: set[str] = set()
    for cid, appendix, loc in listed:
        where = doc.meta_source.locate(loc)
        if cid in seen:
            problems.append(Problem(_('chapter "{id}" is listed twice', id=cid), where, _("list each chapter once"),
                                    code=Code.DUPLICATE_ID, document=doc.id))
            continue
        seen.add(cid)
        path = doc.folder / "chapters" / f"{cid}.yaml"
        if not path.is_file():
            problems.append(_missing_file(root, doc, path, where))
            continue
        loaded = _load(path, root, doc.id, Chapter)
        problems += loaded.problems
        if loaded.source is not None and loaded.model is not None:
            part = ChapterFile(cid, loaded.model, loaded.source, appendix)
            if loaded.rest is None:
                doc.chapters.append(part)
            else:
                doc.read_in_part[loaded.source.path] = (part, loaded.rest)
    return problems


def _missing_file(root: Path, doc: Document, path: Path, where: Location) -> Problem:
    rel = path.relative_to(root).as_posix()
    present = sorted(p.stem for p in path.parent.glob("*.yaml"))
    hint = (_("create {file}, or correct the name; files there: {files}", file=rel, files=", ".join(present))
            if present else _("create {file}, or correct the name", file=rel))
    return Problem(_("{file} does not exist", file=rel), where, hint, code=Code.MISSING_FILE, document=doc.id)


def _load_tables(root: Path, folder: Path, doc_id: str) -> tuple[list[tuple[TableFile, Rest | None]], list[Problem]]:
    """Every table file, with its Rest when only part of it could be read."""
    tables: list[tuple[TableFile, Rest | None]] = []
    problems: list[Problem] = []
    for path in sorted((folder / "tables").glob("*.yaml")):
        loaded = _load(path, root, doc_id, BudgetTable)
        problems += loaded.problems
        if loaded.source is not None and loaded.model is not None:
            tables.append((TableFile(path.stem, loaded.model, loaded.source), loaded.rest))
    return tables, problems


def _unused_files(root: Path, doc: Document) -> list[Problem]:
    listed = {f"{cid}.yaml" for cid in [*doc.meta.chapters, *doc.meta.appendices]}
    chapters = doc.folder / "chapters"
    unused = sorted(p for p in chapters.glob("*.y*ml") if p.name not in listed) if chapters.is_dir() else []
    return [
        Problem(_("{file} is not used by document.yaml", file=p.relative_to(root).as_posix()),
                Location(p.relative_to(root)),
                _unused_hint(p, listed), Severity.WARNING, Code.UNUSED_FILE, doc.id)
        for p in unused
    ]


def _unused_hint(path: Path, listed: set[str]) -> str:
    if path.suffix != ".yaml":
        if f"{path.stem}.yaml" in listed:
            return _("chapter files end in .yaml: rename it to {name}.yaml", name=path.stem)
        return _("chapter files end in .yaml: rename it to {name}.yaml and add {name} to chapters: or appendices:",
                 name=path.stem)
    return _("add {name} to chapters: or appendices: in document.yaml, or delete the file", name=path.stem)
