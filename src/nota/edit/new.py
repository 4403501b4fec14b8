"""EDIT stage, `nota new NEW --from OLD`: the next edition of a document, and every decision left for a person.

The previous edition must check without errors. Its folder is copied into a staging folder inside
the project; document.yaml, the budget tables and the chapters with advice are changed there
(edit/nextyear.py, ruamel round trip: comments and layout kept); then the figures the rows determine
are settled (edit/settle.py, the same arithmetic as `nota fix`) and the new document is checked as
`check` checks it. Only a new edition without errors is moved into content/ (one rename: all or
nothing); otherwise nothing is made and its problems are returned.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nota.check.outline import build_outline, markdown_texts
from nota.check.recipe import Checked, check_one
from nota.edit import nextyear, yamledit
from nota.edit.fix import texts
from nota.edit.nextyear import Edition, Note
from nota.edit.settle import settle
from nota.errors import Problem, UsageError
from nota.i18n import _, ngettext
from nota.load.templates import Templates
from nota.model.base import ID_PATTERN
from nota.model.blocks import Advice
from nota.model.document import CONTENT, Document, load_document, select
from nota.source import Location, Place


@dataclass
class NewReport:
    """What `new` did: the new document's id, what it changed, what it left to decide, and its check."""

    doc_id: str
    edition: Edition | None = None
    made: list[tuple[Location, str]] = field(default_factory=list)
    decisions: list[tuple[Location, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the new document's (or, if refused, the old one's)
    created: bool = False

    def lines(self, old_id: str) -> list[str]:
        """The summary a person reads: what was made, then every decision left, each at its line."""
        assert self.edition is not None
        made = [_("made {folder} from {old} ({old_year} → {new_year}):", folder=f"{CONTENT}/{self.doc_id}", old=old_id,
                  old_year=self.edition.old_year, new_year=self.edition.new_year)]
        made += [f"  {where.path.as_posix()}:{where.line}: {text}" for where, text in self.made]
        left = [_("left for you to decide ({count}):", count=len(self.decisions))]
        left += [f"  {where.path.as_posix()}:{where.line}: {text}" for where, text in self.decisions]
        return made + left


def new(root: Path, new_id: str, old_id: str, year: int | None = None) -> NewReport:
    """Make content/<new_id> as the next edition of content/<old_id> (in `year`: default the next year)."""
    _names(root, new_id, old_id)
    old = check_one(root, old_id)
    report = NewReport(new_id)
    if old.document is None or not old.ok:
        report.problems = [p for p in old.problems if p.is_error]
        return report
    report.edition = edition = _edition(old.document, year)
    stage = Path(tempfile.mkdtemp(prefix=".nota-new-", dir=root))
    try:
        folder = stage / CONTENT / new_id
        shutil.copytree(old.document.folder, folder, symlinks=True)  # a link is copied as a link, never followed
        notes = _rewrite(folder, old.document, edition)
        _settle(stage, new_id)
        checked = check_one(stage, new_id, templates=Templates.of(root))
        report.problems = checked.problems
        if checked.ok:
            _summary(report, checked, notes, new_id)
            folder.rename(root / CONTENT / new_id)
            report.created = True
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return report


def _names(root: Path, new_id: str, old_id: str) -> None:
    select(root, (old_id,))  # a usage error if there is no such document
    if not re.fullmatch(ID_PATTERN, new_id):
        raise UsageError(_("{id} cannot be a document's id: use lower case letters, digits and hyphens, "
                           "e.g. programmaplan-2023", id=new_id))
    if (root / CONTENT / new_id).exists():
        raise UsageError(_("{folder} already exists: choose another id, or remove it first",
                           folder=f"{CONTENT}/{new_id}"))


def _edition(doc: Document, year: int | None) -> Edition:
    meta = doc.meta
    old_year = meta.year or (meta.date.year if meta.date else None) or meta.budget_year
    if old_year is None:
        raise UsageError(_("{id} names no year (year:, date: or budget_year:): give the new one with --year",
                           id=doc.id))
    new_year = year if year is not None else old_year + 1
    if new_year <= old_year:
        raise UsageError(_("--year {year} is not after {id}'s year {old}", year=new_year, id=doc.id, old=old_year))
    budget_year = meta.budget_year + new_year - old_year if meta.budget_year is not None else None
    return Edition(old_year, new_year, budget_year)


def _rewrite(folder: Path, old: Document, edition: Edition) -> list[Note]:
    """Change the files of the copied folder that the new edition changes; leave every other byte alone."""
    notes: list[Note] = []
    meta = _load(folder / "document.yaml")
    notes += nextyear.document_meta(meta.data, old.meta, edition)
    _save(folder / "document.yaml", meta)
    for tid, tf in sorted(old.tables.items()):
        path = folder / "tables" / f"{tid}.yaml"
        table = _load(path)
        notes += nextyear.budget_table(table.data, tf.table, f"tables/{tid}.yaml", edition)
        _save(path, table)
    for cf in old.chapters:
        blocks = [(block, place) for block, place in old.blocks(Advice) if place.source is cf.source]
        if not blocks:
            continue
        path = folder / "chapters" / f"{cf.id}.yaml"
        chapter = _load(path)
        for block, place in blocks:
            notes += nextyear.advice(chapter.data, place, block, f"chapters/{cf.id}.yaml")
        if any(block.text is not None for block, _place in blocks):  # else the file stays byte for byte
            _save(path, chapter)
    return notes


def _load(path: Path) -> yamledit.Document:
    return yamledit.load(path.read_text(encoding="utf-8").removeprefix("\ufeff"))


def _save(path: Path, document: yamledit.Document) -> None:
    path.write_text(document.dump(), encoding="utf-8")


def _settle(stage: Path, new_id: str) -> None:
    """The totals and equals: rows of the new edition, settled as `nota fix` settles them."""
    doc, _problems = load_document(stage, new_id)
    if doc is None:  # the check that follows reports why
        return
    changes, _notes = settle(doc, build_outline(doc))
    for path, (_before, after) in texts(stage, doc, changes).items():
        (stage / path).write_text(after, encoding="utf-8")


def _summary(report: NewReport, checked: Checked, notes: list[Note], new_id: str) -> None:
    """Each note at its line in the new files; then the lines whose text still names the old year."""
    doc = checked.document
    assert doc is not None and report.edition is not None
    sources = {"document.yaml": doc.meta_source}
    sources.update({f"chapters/{cf.id}.yaml": cf.source for cf in doc.chapters})
    sources.update({f"tables/{tid}.yaml": tf.source for tid, tf in sorted(doc.tables.items())})
    for note in notes:
        where = sources[note.file].locate(note.loc) if note.file in sources else Location(Path(note.file))
        (report.decisions if note.decision else report.made).append((where, note.text))
    report.decisions += _old_year_lines(doc, report.edition)
    rank = {source.path: i for i, source in enumerate(sources.values())}  # files in reading order, then lines
    for found in (report.made, report.decisions):
        found.sort(key=lambda item: (rank.get(item[0].path, len(rank)), item[0].line))


def _old_year_lines(doc: Document, edition: Edition) -> list[tuple[Location, str]]:
    """Per file, the lines of text (not years:, not comments) that still name the previous edition's year."""
    word = re.compile(rf"\b{edition.old_year}\b")
    meta = [(text, Place(doc.meta_source, (key,))) for key in ("title", "subtitle", "subject")
            if isinstance(text := getattr(doc.meta, key), str)]
    lines: dict[Path, set[int]] = {}
    for text, place in [*meta, *markdown_texts(doc)]:
        if word.search(text):
            where = place.spot(str(edition.old_year))
            lines.setdefault(where.path, set()).add(where.line)
    found = []
    for path, numbers in lines.items():
        ordered = sorted(numbers)
        shown = ", ".join(map(str, ordered[:12])) + (", …" if len(ordered) > 12 else "")
        found.append((Location(path, ordered[0]), ngettext(
            "{n} text here names {old} (at line {lines}): read it again for {new}",
            "{n} texts here name {old} (at lines {lines}): read them again for {new}", len(ordered),
            old=edition.old_year, lines=shown, new=edition.new_year)))
    return found
