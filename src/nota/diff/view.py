"""COMPARE stage, chapters: the redline of each chapter as views a template can print.

A `UnitView` is one heading or block with its lines (each already word-diffed), its table view if it
is a table, and where it moved from or to. Nothing here knows HTML; diff/render.py prints the views.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from nota.diff.match import Row, layout
from nota.diff.plaintable import PlainTableView, plain_table_view
from nota.diff.tables import RedlineTable, redline_table
from nota.diff.text import PAIR_RATIO, LineDiff, Word, align, diff_lines, markdown_lines, ratio, whole
from nota.diff.units import Part, Side, Unit, document_units
from nota.model.blocks import Table
from nota.model.document import ChapterFile

SINGLE_ROLES = {"title", "text", "source", "response", "status"}  # one per block: always paired


@dataclass
class UnitView:
    kind: str
    status: str  # "same" | "changed" | "inserted" | "deleted" | "moved" | "moved-away"
    lines: list[LineDiff]
    level: int = 0
    number: str | None = None
    edited: bool = False  # a moved unit whose text also changed
    under: str = ""  # where it stands in this version (moved: where it came from / went to)
    table: RedlineTable | PlainTableView | None = None
    anchor: str = ""
    link: str = ""  # the other end of a move
    old: Unit | None = None
    new: Unit | None = None
    problems: list[Any] = field(default_factory=list)


@dataclass
class ChapterView:
    id: str
    status: str  # "same" | "changed" | "added" | "removed"
    kind: str  # "chapter" | "appendix"
    number: str | None
    title: LineDiff
    units: list[UnitView]
    anchor: str = ""
    moved: bool = False  # its place among the chapters changed

    @property
    def has_problems(self) -> bool:
        return any(u.problems or (u.table is not None and getattr(u.table, "problems", None)) for u in self.units)

    @property
    def plain_title(self) -> str:
        """The title as it reads now; a removed chapter's title as it read."""
        return excerpt([self.title], 1000)


def diff_parts(a: Sequence[Part], b: Sequence[Part]) -> list[LineDiff]:
    """The lines of two versions of a block, part by part (title with title, activity with activity)."""
    def alike(x: Part, y: Part) -> bool:
        if (x.role, x.label) != (y.role, y.label):
            return False
        words = [[w.ident for line in p.lines for w in line.words] for p in (x, y)]
        return x.role in SINGLE_ROLES or ratio(*words) >= PAIR_RATIO

    out: list[LineDiff] = []
    for x, y in align(a, b, lambda p: p.key, alike):
        if x is not None and y is not None:
            out += diff_lines(x.lines, y.lines, y.role, y.label)
        else:
            part, op = (y, "insert") if y is not None else (x, "delete")
            assert part is not None
            out += [whole(line, op, part.role, part.label) for line in part.lines]
    return out


class _Builder:
    def __init__(self, old: Side | None, new: Side | None) -> None:
        self.old, self.new = old, new

    def unit(self, row: Row) -> UnitView:
        old, new = row.old, row.new
        shown = new if row.status not in ("deleted", "moved-away") else old
        assert shown is not None
        if row.status in ("changed", "moved") and old and new:
            lines = diff_parts(old.parts, new.parts)
        else:
            op = {"same": "equal", "inserted": "insert"}.get(row.status, "delete")
            lines = [whole(line, op, p.role, p.label) for p in shown.parts for line in p.lines]
        view = UnitView(shown.kind, row.status, lines, shown.level, shown.number, under=shown.under,
                        old=old, new=new)
        view.edited = row.status == "moved" and any(line.status != "same" for line in lines)
        if row.status == "moved" and old:
            view.under = old.under
        view.table = self.table(row)
        if view.table is not None and row.status == "moved":
            view.edited = view.edited or _table_changed(view.table)
        return view

    def table(self, row: Row) -> RedlineTable | PlainTableView | None:
        unit = row.new or row.old
        assert unit is not None
        gone = row.status in ("deleted", "moved-away")
        old = row.old if row.status != "inserted" else None
        new = None if gone else row.new
        if unit.kind == "budget":
            tid = unit.block.table
            before, after = self._table_file(self.old, old, tid), self._table_file(self.new, new, tid)
            if before is None and after is None:
                return None  # the table file is missing: the check says so
            return redline_table(tid, before, after, *self._refs(), self._table_names())
        if unit.kind == "table":
            a: Table | None = old.block if old else None
            b: Table | None = new.block if new else None
            return plain_table_view(a, b, *self._refs())
        return None

    def _table_names(self) -> dict[str, str]:
        """'tabel 3 ‘Onderdelen Wmo Programmaplan’' by table id, as the newer version numbers them."""
        names: dict[str, str] = {}
        for side in (self.old, self.new):
            if side is not None:
                for tid in side.document.tables:
                    target = side.outline.targets.get(tid)
                    if target is not None:
                        names[tid] = f"tabel {target.number} ‘{target.title}’" if target.number else target.title
        return names

    def _refs(self) -> tuple[Any, Any]:
        return (self.old or self.new).refs, (self.new or self.old).refs  # type: ignore[union-attr]

    @staticmethod
    def _table_file(side: Side | None, unit: Unit | None, tid: str) -> Any:
        if side is None or unit is None or tid not in side.document.tables:
            return None
        return side.document, side.document.tables[tid]


def _table_changed(view: RedlineTable | PlainTableView) -> bool:
    if isinstance(view, RedlineTable):
        return any(r.status != "same" for r in view.all_rows) or bool(view.notes) or view.title.status != "same"
    return any(status != "same" for status, _ in view.rows)


def _title(side: Side | None, cf: ChapterFile | None) -> Any:
    if side is None or cf is None:
        return ()
    return markdown_lines(cf.chapter.title, side.refs, inline=True)


def chapters(old: Side | None, new: Side | None) -> list[ChapterView]:
    """Every chapter of either version, in the new order; removed chapters after their old neighbour."""
    old_units = document_units(old) if old else []
    new_units = document_units(new) if new else []
    order = [cf.id for cf in new.document.chapters] if new else []
    plan = layout(old_units, new_units, order)
    builder = _Builder(old, new)
    old_files = {cf.id: cf for cf in old.document.chapters} if old else {}
    views = [_chapter(builder, old_files.get(cf.id), cf, plan.chapters[cf.id], old, new)
             for cf in (new.document.chapters if new else [])]
    for position, cf in enumerate(old.document.chapters if old else []):
        if new and any(c.id == cf.id for c in new.document.chapters):
            continue
        view = _chapter(builder, cf, None, plan.removed.get(cf.id, []), old, new)
        before = [c.id for c in (old.document.chapters[:position] if old else [])]
        at = max((i + 1 for i, v in enumerate(views) if v.id in before), default=0)
        views.insert(at, view)
    return views


def _chapter(builder: _Builder, a: ChapterFile | None, b: ChapterFile | None, rows: list[Row],
             old: Side | None, new: Side | None) -> ChapterView:
    shown = b or a
    assert shown is not None
    title = diff_lines(_title(old, a), _title(new, b))
    units = [builder.unit(row) for row in rows]
    if a is None or b is None:
        status = "added" if a is None else "removed"
    else:
        changed = any(u.status != "same" for u in units) or title[0].status != "same" or a.appendix != b.appendix
        status = "changed" if changed else "same"
    side = new if b is not None else old
    target = side.outline.of(shown.chapter) if side else None
    return ChapterView(shown.id, status, "appendix" if shown.appendix else "chapter",
                       target.number if target else None, title[0], units)


def excerpt(lines: Sequence[LineDiff], words: int = 8) -> str:
    """The first words of a unit as it reads now (or read, if deleted), for the list of changes; the
    lines of a unit (its source, then its text) are parted by a space, never run together."""
    found: list[Word] = []
    for line in lines:
        kept = [w for s in line.segments if s.op != "delete" or line.status == "deleted" for w in s.words]
        found += [replace(w, space=True) if k == 0 and found else w for k, w in enumerate(kept)]
    text = "".join((" " if w.space and i else "") + w.text for i, w in enumerate(found[:words]))
    return text + (" …" if len(found) > words else "")
