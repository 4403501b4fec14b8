"""CHECK rules, files: budget tables placed and existing, and no YAML file the build would silently skip."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path

from nota.check.outline import Outline
from nota.errors import Code, Problem, Severity
from nota.i18n import _
from nota.model.blocks import Budget
from nota.model.document import Document
from nota.source import Location


def tables_placed(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Every budget block places a table that exists, and every table file is placed."""
    placed = set()
    for block, place in doc.blocks(Budget):
        placed.add(block.table)
        if block.table not in doc.tables and block.table not in doc.broken_tables:
            yield _missing_table(doc, place.source.locate((*place.loc, "table")), block.table)
    for tid, tf in sorted(doc.tables.items()):
        if tid not in placed:
            yield Problem(_("table {id} is not placed in any chapter", id=tid), tf.source.locate(()),
                          _("add a block `- type: budget` with `table: {id}` where it belongs, or delete the file",
                            id=tid), Severity.WARNING, Code.UNUSED_FILE)


def _missing_table(doc: Document, where: Location, name: str) -> Problem:
    rel = f"{doc.id}/tables/{name}.yaml"
    close = difflib.get_close_matches(name, sorted(doc.tables), n=1, cutoff=0.6)
    hint = _("did you mean {meant}?", meant=close[0]) if close else _(
        "create content/{file}, or correct the name; tables: {tables}", file=rel,
        tables=", ".join(sorted(doc.tables)) or _("none yet"))
    return Problem(_("table {id} does not exist (no content/{file})", id=name, file=rel), where, hint,
                   code=Code.MISSING_FILE)


def stray_files(doc: Document, outline: Outline) -> Iterator[Problem]:
    """YAML files the build never reads: a table saved as .yml, a folder named tabellen/ (chapters/ is
    model/document.py's: it reports chapter files that document.yaml does not list)."""
    for path in _yaml_files(doc.folder):
        parts = path.relative_to(doc.folder).parts
        if _read_by_build(parts):
            continue
        rel = doc.meta_source.path.parent / path.relative_to(doc.folder)
        yield Problem(_("{file} is not read by the build", file=rel.as_posix()), Location(rel), _stray_hint(parts),
                      Severity.WARNING, Code.UNUSED_FILE)


def _read_by_build(parts: tuple[str, ...]) -> bool:
    if parts == ("document.yaml",) or parts[0] == "chapters":
        return True
    return len(parts) == 2 and parts[0] == "tables" and parts[1].endswith(".yaml")


def _yaml_files(folder: Path) -> list[Path]:
    """Every .yaml or .yml file under a folder, sorted; links are not followed."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        found += [Path(here) / f for f in sorted(files) if f.endswith((".yaml", ".yml"))]
    return found


def _stray_hint(parts: tuple[str, ...]) -> str:
    name = Path(parts[-1])
    if name.suffix == ".yml":
        return _("rename it to {name}.yaml: nota reads only files ending in .yaml", name=name.stem)
    if len(parts) == 1:
        return _("put chapters in chapters/ and tables in tables/, or delete the file")
    return _("nota reads chapters/ and tables/ only; move it there, or delete it (found in {folder}/)",
             folder="/".join(parts[:-1]))
