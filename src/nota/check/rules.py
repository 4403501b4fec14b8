"""CHECK stage: rules across fields and files. Each rule returns problems; none prints or raises.

Policy: an error stops the document from being built; a warning is reported and the build goes on
(`--strict` turns warnings into errors). Warnings are for things that are allowed but need a person's
eye: a rounding difference within a declared tolerance, a published figure corrected in the content,
advice still awaiting a response in a concept, a file nobody uses.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path

from nota import limits
from nota.check import images
from nota.check.outline import Outline, Place, markdown_texts
from nota.check.tables import budget_tables
from nota.errors import Location, Problem, Severity
from nota.load.yaml import SourceFile
from nota.model.content import Advice, Budget, Chapter, Section, Table, walk_blocks
from nota.model.document import Document
from nota.text import markdown

Loc = tuple[int | str, ...]


def check_document(doc: Document, outline: Outline, *, complete: bool = True) -> list[Problem]:
    """Run every rule on a loaded document; a rule that fails unexpectedly is itself a located problem.

    A document some of whose files did not load (`complete=False`) gets only the rules that judge a
    table on its own, so a typo in one chapter does not hide a total that does not add up.
    """
    problems: list[Problem] = []
    rules = (_duplicate_ids, _references, _footnotes, _tables_placed, _stray_files, _plain_tables, _advice,
             budget_tables, images.check_images, limits.document_problems) if complete else (budget_tables,)
    for rule in rules:
        try:
            problems += rule(doc, outline)
        except Exception as exc:  # never a traceback: report it at the document and go on with the others
            problems.append(Problem(f"the check {rule.__name__.strip('_')} could not finish "
                                    f"({type(exc).__name__}: {exc})", doc.meta_source.locate(()),
                                    "this is a bug in nota: please report it with the content", code="internal"))
    return [p if p.document else _with_doc(p, doc.id) for p in problems]


def _with_doc(p: Problem, doc_id: str) -> Problem:
    return Problem(p.message, p.where, p.hint, p.severity, p.code, doc_id)


def _at(place: Place) -> Location:
    return place.source.locate(place.loc)


def _spot(place: Place, needle: str) -> Location:
    """Where a piece of a text (a [[reference]], a [^note]) stands, searching only that text's own lines."""
    where, lines = _at(place), place.source.lines
    key_indent = _indent(lines[where.line - 1]) if 0 < where.line <= len(lines) else 0
    for number in range(where.line - 1, len(lines)):
        text = lines[number]
        if number >= where.line and text.strip() and _indent(text) <= key_indent:
            break  # the next key or item: the text has ended
        column = text.find(needle, where.column - 1 if number == where.line - 1 else 0)
        if column >= 0:
            return Location(where.path, number + 1, column + 1)
    return where


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" -"))


# --- ids, references and footnotes ----------------------------------------------------------------

def _id_places(doc: Document) -> Iterator[tuple[str, Location]]:
    """Every id a reference can point at, in reading order (as outline.py numbers them)."""
    for cf in doc.chapters:
        yield cf.id, doc.meta_source.locate(_listed(doc, cf.id))
        for node, loc in _containers(cf.chapter):
            if isinstance(node, Section) and node.id:
                yield node.id, cf.source.locate((*loc, "id"))
            for i, block in enumerate(node.blocks):
                key = "table" if isinstance(block, Budget) else "id"
                value = getattr(block, key, None)
                if isinstance(value, str):
                    yield value, cf.source.locate((*loc, "blocks", i, key))


def _listed(doc: Document, cid: str) -> Loc:
    if cid in doc.meta.chapters:
        return ("chapters", doc.meta.chapters.index(cid))
    return ("appendices", doc.meta.appendices.index(cid))


def _containers(node: Chapter | Section, loc: Loc = ()) -> Iterator[tuple[Chapter | Section, Loc]]:
    yield node, loc
    for i, section in enumerate(node.sections):
        yield from _containers(section, (*loc, "sections", i))


def _duplicate_ids(doc: Document, outline: Outline) -> list[Problem]:
    first: dict[str, Location] = {}
    problems = []
    for cid, where in _id_places(doc):
        if cid not in first:
            first[cid] = where
            continue
        problems.append(Problem(f'id "{cid}" is used twice: also at {first[cid]}', where,
                                "give each chapter, section, table, figure, focus point and advice its own id "
                                "(a table is placed by one budget block only)", code="duplicate-id"))
    return problems


def _references(doc: Document, outline: Outline) -> list[Problem]:
    problems = []
    known = sorted(outline.targets)
    for text, place in markdown_texts(doc):
        html = markdown.RAW_HTML.search(text)
        if html:
            problems.append(Problem(f"raw HTML {html.group(0).strip()}… in the text is not allowed",
                                    _spot(place, html.group(0)), "use Markdown instead: **bold**, *italic*, "
                                    "[words](https://...); a < that is not HTML needs a space after it",
                                    code="raw-html"))
        bad_link = markdown.unsafe_link(text)
        if bad_link:
            problems.append(Problem(f"link to {bad_link} is not allowed", _spot(place, bad_link),
                                    "links may go to https://, http://, mailto: or [[an-id]] in this document",
                                    code="unsafe-link"))
        for ref in markdown.references(text):
            if ref.kind == "xref" and ref.target not in outline.targets:
                problems.append(Problem(f"reference [[{ref.target}]] points to nothing in this document",
                                        _spot(place, f"[[{ref.target}"), _suggest(ref.target, known),
                                        code="broken-reference"))
    return problems


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean [[{close[0]}]]?"
    return ("refer to the id of a chapter, section, focus point, table, figure or advice; ids in this document: "
            + ", ".join(known[:12]) + (", …" if len(known) > 12 else ""))


def _footnotes(doc: Document, outline: Outline) -> list[Problem]:
    problems = []
    defined: dict[str, Place] = {}
    for cf in doc.chapters:
        for fid in cf.chapter.footnotes:
            place = Place(cf.source, ("footnotes", fid))
            if fid in defined:
                problems.append(Problem(f'footnote "{fid}" is defined twice: also at {_key_at(defined[fid])}',
                                        _key_at(place), "footnote ids are shared by the whole document; "
                                        "rename one and its [^id]", code="duplicate-id"))
            defined.setdefault(fid, place)
    for text, place in markdown_texts(doc):
        for ref in markdown.references(text):
            if ref.kind == "footnote" and ref.target not in defined:
                close = difflib.get_close_matches(ref.target, sorted(defined), n=1, cutoff=0.6)
                hint = (f"did you mean [^{close[0]}]?" if close else
                        f"add the note under footnotes: in this chapter as {ref.target}: <text of the note>")
                problems.append(Problem(f"footnote [^{ref.target}] is not defined", _spot(place, f"[^{ref.target}]"),
                                        hint, code="broken-reference"))
    for fid, place in defined.items():
        if fid not in outline.footnotes:
            problems.append(Problem(f'footnote "{fid}" is never referred to', _key_at(place),
                                    f"put [^{fid}] in the text where the note belongs, or delete the footnote",
                                    code="unused-footnote"))
    return problems


def _key_at(place: Place) -> Location:
    """The position of the key itself (footnotes: the id before the colon)."""
    node = place.source.data
    for key in place.loc[:-1]:
        node = node[key]
    line, column = node.lc.key(place.loc[-1])
    return Location(place.source.path, line + 1, column + 1)


def _tables_placed(doc: Document, outline: Outline) -> list[Problem]:
    problems, placed = [], set()
    for cf in doc.chapters:
        for block, loc in walk_blocks(cf.chapter):
            if isinstance(block, Budget):
                placed.add(block.table)
                if block.table not in doc.tables:
                    problems.append(_missing_table(doc, cf.source.locate((*loc, "table")), block.table))
    for tid, tf in sorted(doc.tables.items()):
        if tid not in placed:
            problems.append(Problem(f"table {tid} is not placed in any chapter", tf.source.locate(()),
                                    f"add a block `- type: budget` with `table: {tid}` where it belongs, "
                                    "or delete the file", Severity.WARNING, "unused-file"))
    return problems


def _missing_table(doc: Document, where: Location, name: str) -> Problem:
    rel = f"{doc.id}/tables/{name}.yaml"
    close = difflib.get_close_matches(name, sorted(doc.tables), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else (
        f"create content/{rel}, or correct the name; tables: {', '.join(sorted(doc.tables)) or 'none yet'}")
    return Problem(f"table {name} does not exist (no content/{rel})", where, hint, code="missing-file")


def _stray_files(doc: Document, outline: Outline) -> list[Problem]:
    """YAML files the build never reads: a table saved as .yml, a folder named tabellen/ (chapters/ is
    project.py's: it reports chapter files that document.yaml does not list)."""
    problems = []
    for path in _yaml_files(doc.folder):
        parts = path.relative_to(doc.folder).parts
        if _read_by_build(parts):
            continue
        rel = doc.meta_source.path.parent / path.relative_to(doc.folder)
        problems.append(Problem(f"{rel.as_posix()} is not read by the build", Location(rel), _stray_hint(parts),
                                Severity.WARNING, "unused-file"))
    return problems


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
        return f"rename it to {name.stem}.yaml: nota reads only files ending in .yaml"
    if len(parts) == 1:
        return "put chapters in chapters/ and tables in tables/, or delete the file"
    return f"nota reads chapters/ and tables/ only; move it there, or delete it (found in {'/'.join(parts[:-1])}/)"


def _plain_tables(doc: Document, outline: Outline) -> list[Problem]:
    """Every row of a plain table has one cell per column, and widths (if given) one per column."""
    problems = []
    for cf in doc.chapters:
        for block, loc in walk_blocks(cf.chapter):
            if isinstance(block, Table):
                problems += _table_shape(block, cf.source, loc)
    return problems


def _table_shape(table: Table, source: SourceFile, loc: Loc) -> list[Problem]:
    columns = len(table.columns)
    shown = f"{columns} column{'s' if columns != 1 else ''} ({', '.join(table.columns)})"
    problems = [Problem(f"row {i + 1} of table {table.id} has {len(row)} cell{'s' if len(row) != 1 else ''}, but "
                        f"the table has {shown}", source.locate((*loc, "rows", i)),
                        'give every row one cell per column, in the order of columns:; write "" for an empty cell',
                        code="cell-count")
                for i, row in enumerate(table.rows) if len(row) != columns]
    if table.widths is not None and len(table.widths) != columns:
        problems.append(Problem(f"widths has {len(table.widths)} numbers, but the table has {shown}",
                                source.locate((*loc, "widths")), "give one relative width per column, e.g. "
                                f"[{', '.join(['1'] * columns)}]", code="cell-count"))
    return problems


def _advice(doc: Document, outline: Outline) -> list[Problem]:
    problems = []
    for cf in doc.chapters:
        for block, loc in walk_blocks(cf.chapter):
            if isinstance(block, Advice):
                problems += _advice_problems(doc, block, cf.source, loc)
    return problems


def _advice_problems(doc: Document, block: Advice, source: SourceFile, loc: Loc) -> list[Problem]:
    final = doc.meta.status == "vastgesteld"
    where, id_at = source.locate(loc), source.locate((*loc, "id"))
    severity = Severity.ERROR if final else Severity.WARNING
    if block.text is None:
        hint = ("a vastgesteld document cannot await advice: add it under text:, or set status: concept"
                if final else "fine for a concept; add the advice under text: once it is received")
        return [Problem(f"advice {block.id} of {block.source} has not been received yet", where, hint, severity,
                        "awaiting-advice")]
    if block.response is None and not block.awaiting_response:
        return [Problem(f"advice {block.id} has no response and is not marked as awaiting one", id_at,
                        "add response: with text: (the college's response), or add awaiting_response: true",
                        code="missing-response")]
    if block.awaiting_response:
        hint = ("a vastgesteld document needs every response: add response: with text:, or set status: concept"
                if final else "fine for a concept; add the response before the status is vastgesteld")
        return [Problem(f"advice {block.id} of {block.source} is awaiting the executive's response",
                        source.locate((*loc, "awaiting_response")), hint, severity, "awaiting-response")]
    return []
