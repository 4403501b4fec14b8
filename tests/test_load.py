"""LOAD and MODEL: positions are kept, amounts are whole euros, both real documents load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nota.errors import ContentError
from nota.load.yaml import load_text
from nota.model.budget import BudgetRow
from nota.model.document import document_ids, load_document
from nota.model.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def test_values_keep_their_line_and_column() -> None:
    source = load_text("title: x\nrows:\n  - amounts: [1, 2, -3]\n", Path("t.yaml"))
    where = source.locate(("rows", 0, "amounts", 2))
    assert (where.line, where.column) == (3, 21)


def test_dutch_thousands_dot_is_refused_with_the_number_meant() -> None:
    source = load_text("description: x\namounts: [-291.151, 1.000]\n", Path("t.yaml"))
    row, problems = validate(BudgetRow, source)
    assert row is None
    assert [(p.where.line, p.where.column, p.message) for p in problems] == [
        (2, 11, "-291.151 is not a whole number of euros"), (2, 21, "1.000 is not a whole number of euros")]
    assert "write -291151" in problems[0].hint and "write 1000" in problems[1].hint


@pytest.mark.parametrize(("written", "meant"), [('"€ 1.000"', "1000"), ('"1.234,56"', "1235"), ('"1 000"', "1000")])
def test_amount_strings_get_a_hint(written: str, meant: str) -> None:
    row, problems = validate(BudgetRow, load_text(f"description: x\namounts: [{written}]\n", Path("t.yaml")))
    assert row is None and f"write the plain number {meant}" in problems[0].hint


def test_amounts_are_ints_never_floats() -> None:
    row, _ = validate(BudgetRow, load_text("description: x\namounts: [-291151, pm, 0]\n", Path("t.yaml")))
    assert row is not None and row.amounts == [-291151, "pm", 0]
    assert type(row.amounts[0]) is int


def test_syntax_error_is_located() -> None:
    with pytest.raises(ContentError) as caught:
        load_text("title: Nota: versie 2\n", Path("t.yaml"))
    assert str(caught.value.problem.where) == "t.yaml:1:12"
    assert "double quotes" in caught.value.problem.hint


def test_both_documents_load_with_all_their_parts() -> None:
    assert document_ids(ROOT) == ["programmaplan-2022", "visie-awbz-jeugdzorg-2012"]
    plan, problems = load_document(ROOT, "programmaplan-2022")
    assert plan is not None and not [p for p in problems if p.is_error]
    assert [c.id for c in plan.chapters if c.appendix] == ["financieel-meerjarenperspectief", "advies-clientenraad"]
    assert sorted(plan.tables) == ["budgetten-sociaal-domein", "wmo-meerjarenperspectief"]


def _rows(group: object) -> list[object]:
    rows = list(getattr(group, "rows", []))
    for sub in getattr(group, "groups", []):
        rows += _rows(sub)
    return rows


def test_bijlage_1_has_all_55_lines_and_adds_up() -> None:
    plan, _ = load_document(ROOT, "programmaplan-2022")
    assert plan is not None
    table = plan.tables["wmo-meerjarenperspectief"].table
    rows = _rows(table)
    assert len(rows) == 55
    assert table.total is not None
    sums = [sum(r.amounts[i] for r in rows if isinstance(r.amounts[i], int)) for i in range(6)]  # type: ignore[attr-defined]
    assert sums == table.total.amounts == [-21773198, -23299972, -23259196, -23495818, -24348818, -24873818]


def test_a_broken_document_yaml_does_not_hide_problems_in_chapters(project: Callable[..., Path]) -> None:
    root = project("visie-awbz-jeugdzorg-2012")
    folder = root / "content" / "visie-awbz-jeugdzorg-2012"
    (folder / "document.yaml").write_text("titel: Visie\n", encoding="utf-8")
    chapter = folder / "chapters" / "inleiding.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("title: Inleiding", "titel: Inleiding"))
    _, problems = load_document(root, "visie-awbz-jeugdzorg-2012")
    files = {p.where.path.name for p in problems if p.message == 'unknown key "titel"'}
    assert files == {"document.yaml", "inleiding.yaml"}


def test_a_chapter_saved_as_yml_is_told_to_be_renamed(project: Callable[..., Path]) -> None:
    root = project("visie-awbz-jeugdzorg-2012")
    chapters = root / "content" / "visie-awbz-jeugdzorg-2012" / "chapters"
    (chapters / "extra.yml").write_text("title: Extra\n", encoding="utf-8")
    _, problems = load_document(root, "visie-awbz-jeugdzorg-2012")
    hints = [p.hint for p in problems if p.where.path.name == "extra.yml"]
    assert hints and hints[0].startswith("chapter files end in .yaml: rename it to extra.yaml")


def test_an_unnumbered_chapter_takes_no_number(project: Callable[..., Path]) -> None:
    from nota.check.outline import build_outline

    root = project("visie-awbz-jeugdzorg-2012")
    chapter = root / "content" / "visie-awbz-jeugdzorg-2012" / "chapters" / "inleiding.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("title: Inleiding", "title: Inleiding\nnumbered: false"), encoding="utf-8")
    doc, _ = load_document(root, "visie-awbz-jeugdzorg-2012")
    assert doc is not None
    outline = build_outline(doc)
    assert [outline.of(cf.chapter).number for cf in doc.chapters] == [None, "1", "2", "3", "4", "5"]
    assert outline.targets["samenvatting-begeleiding"].number == "1.1"
