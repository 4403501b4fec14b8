"""`nota fix`: the figures the rows determine are rewritten in place, in dependency order, all files or none.

On a copy of the real Programmaplan: one Bijlage 1 amount changed, fix makes check pass, its changes
touch only total and equals: lines, every other byte (comments included) stays, and a second run
changes nothing. On fixture projects: nested subtotals and a chain of equals: across three tables,
tolerance and published: kept, broken documents left alone, a failed write leaving every file as it was.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nota.cli import cli
from nota.edit import files
from nota.model.budget import BudgetRow, walk
from nota.model.document import load_document
from nota.text import dutch

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
PLAN = "programmaplan-2022"
BIJLAGE = Path("content", PLAN, "tables", "wmo-meerjarenperspectief.yaml")
TABEL2 = Path("content", PLAN, "tables", "budgetten-sociaal-domein.yaml")
ROW = "amounts: [-291151, -591151, -291151, -291151, -291151, -291151]"  # Bijlage 1, inzet personeel


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def problems(root: Path) -> list[dict[str, object]]:
    result = run(root, "check", "--format", "json")
    assert "Traceback" not in result.output
    return list(json.loads(result.stdout))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*"))
            if p.is_file()}


def changed_lines(before: str, after: str) -> set[int]:
    """The 1-based numbers of the lines that differ (fix never adds or removes a line)."""
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return {i for i, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b}


def total_and_equals_lines(root: Path) -> dict[Path, set[int]]:
    """Per table file, the lines of the amounts of every total and of every row with equals:."""
    doc, found = load_document(root, PLAN)
    assert doc is not None, found
    lines: dict[Path, set[int]] = {}
    for tf in doc.tables.values():
        for line in walk(tf.table):
            if line.kind == "total" or (isinstance(line.node, BudgetRow) and line.node.equals):
                lines.setdefault(tf.source.path, set()).add(tf.source.locate((*line.loc, "amounts")).line)
    return lines


def amount_lines(root: Path) -> dict[str, int]:
    """The lines the three changed figures stand on, as the loader places them (not typed into the test)."""
    doc, found = load_document(root, PLAN)
    assert doc is not None, found
    wmo, tabel2 = doc.tables["wmo-meerjarenperspectief"], doc.tables["budgetten-sociaal-domein"]
    wmo_row = next(line.loc for line in walk(tabel2.table)
                   if isinstance(line.node, BudgetRow) and line.node.equals == "wmo-meerjarenperspectief.total")
    return {"wmo total": wmo.source.locate(("total", "amounts")).line,
            "wmo row": tabel2.source.locate((*wmo_row, "amounts")).line,
            "tabel 2 total": tabel2.source.locate(("total", "amounts")).line}


@pytest.fixture
def changed_plan(project: Callable[..., Path]) -> Path:
    """A copy of the real Programmaplan with one Bijlage 1 amount (2022) made 1.000 euro more."""
    root = project(PLAN)
    path = root / BIJLAGE
    text = path.read_text(encoding="utf-8")
    assert text.count(ROW) == 1
    path.write_text(text.replace(ROW, ROW.replace("-591151", "-592151")), encoding="utf-8")
    return root


def test_one_bijlage_1_amount_changed_fix_makes_check_pass(changed_plan: Path) -> None:
    root = changed_plan
    before = snapshot(root)
    codes = {p["code"] for p in problems(root) if p["severity"] == "error"}
    assert codes == {"total-mismatch"}
    result = run(root, "fix")
    assert result.exit_code == 0, result.output
    assert not [p for p in problems(root) if p["severity"] == "error"]
    assert run(root, "check").exit_code == 0
    # every figure as check computes it: the Wmo total 1.000 euro more, Tabel 2's Wmo row that total
    # rounded to thousands, Tabel 2's total the sum of its rows
    wmo_2022 = -23299972 - 1000
    row_2022 = dutch.to_unit(wmo_2022, "thousand")
    total_2022 = -117816 - -23300 + row_2022
    at = amount_lines(root)
    expected = [f"{BIJLAGE.as_posix()}:{at['wmo total']}: -23299972 → {wmo_2022} (wmo-meerjarenperspectief, "
                "total 2022)",
                f"{TABEL2.as_posix()}:{at['wmo row']}: -23300 → {row_2022} (budgetten-sociaal-domein, row “Saldo "
                "baten en lasten Wmo” 2022, equals wmo-meerjarenperspectief.total)",
                f"{TABEL2.as_posix()}:{at['tabel 2 total']}: -117816 → {total_2022} (budgetten-sociaal-domein, "
                "total 2022)"]
    assert result.stdout.splitlines() == expected
    after = snapshot(root)
    allowed = total_and_equals_lines(root)
    for name in before:
        if before[name] == after[name]:
            continue
        old, new = before[name].decode(), after[name].decode()
        assert changed_lines(old, new) <= allowed[Path(name)], name
        comments = [line for line in old.splitlines() if line.lstrip().startswith("#") or " # " in line]
        assert comments == [line for line in new.splitlines() if line.lstrip().startswith("#") or " # " in line]
    assert sorted(n for n in before if before[n] != after[n]) == [TABEL2.as_posix(), BIJLAGE.as_posix()]


def test_a_second_fix_changes_nothing(changed_plan: Path) -> None:
    assert run(changed_plan, "fix").exit_code == 0
    settled = snapshot(changed_plan)
    again = run(changed_plan, "fix")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "nothing to fix" in again.stderr
    assert snapshot(changed_plan) == settled


def test_dry_run_prints_the_diff_fix_would_make_and_writes_nothing(changed_plan: Path, tmp_path: Path) -> None:
    before = snapshot(changed_plan)
    dry = run(changed_plan, "fix", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert snapshot(changed_plan) == before
    assert "would change 3 figures in 2 files" in dry.stderr
    assert run(changed_plan, "fix").exit_code == 0
    after = snapshot(changed_plan)
    expected = "".join("".join(difflib.unified_diff(
        before[name].decode().splitlines(keepends=True), after[name].decode().splitlines(keepends=True),
        f"a/{name}", f"b/{name}")) for name in sorted(before) if before[name] != after[name])
    assert dry.stdout == expected
    assert dry.stdout.count("\n-  amounts:") + dry.stdout.count("\n-    amounts:") == 3


def test_a_document_whose_file_does_not_load_is_left_alone(changed_plan: Path) -> None:
    chapter = changed_plan / "content" / PLAN / "chapters" / "inleiding.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("title: Inleiding", "title Inleiding"),
                       encoding="utf-8")
    before = snapshot(changed_plan)
    result = run(changed_plan, "fix")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(rf"content/{PLAN}/chapters/inleiding.yaml:\d+:\d+: error: ", result.stderr)
    assert f"not changed: {PLAN}" in result.stderr
    assert snapshot(changed_plan) == before


def test_published_corrections_are_kept_and_named_figures_follow(project: Callable[..., Path]) -> None:
    root = project(PLAN)
    path = root / TABEL2
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[-60871, -57942, -56629, -56447, -57383]",
                                 "[-60871, -57942, -56629, -56447, -57384]"), encoding="utf-8")
    result = run(root, "fix")
    assert result.exit_code == 0, result.output
    line = amount_lines(root)["tabel 2 total"]
    assert result.stdout.splitlines() == [f"{TABEL2.as_posix()}:{line}: -114186 → -114187 (budgetten-sociaal-domein, "
                                          "total 2025)"]
    fixed = path.read_text(encoding="utf-8")
    assert "  published: {2025: -113186}\n" in fixed
    assert [p["code"] for p in problems(root) if p["path"] == TABEL2.as_posix()] == ["published-corrected"]


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    root = tmp_path / "nested"
    shutil.copytree(ROOT / "tests" / "projects" / "fix-nested", root)
    return root


def test_subtotals_settle_bottom_up_and_equals_follow_across_tables(nested: Path, request: pytest.FixtureRequest
                                                                    ) -> None:
    assert run(nested, "check").exit_code == 0
    detail = nested / "content" / "plan" / "tables" / "detail.yaml"
    text = detail.read_text(encoding="utf-8")
    detail.write_text(text.replace("amounts: [-1000, -1000]}", "amounts: [-1000, -201000]}"), encoding="utf-8")
    result = run(nested, "fix")
    assert result.exit_code == 0, result.output
    golden = GOLDEN / "fix-nested.txt"
    if request.config.getoption("--update-golden"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert run(nested, "check").exit_code == 0
    assert "# a flow mapping stays one line" in detail.read_text(encoding="utf-8")


def test_a_difference_within_the_tolerance_is_kept_and_said(nested: Path) -> None:
    detail = nested / "content" / "plan" / "tables" / "detail.yaml"
    text = detail.read_text(encoding="utf-8")
    detail.write_text(text.replace("amounts: [400, 400]\n    total", "amounts: [402, 400]\n    total"),
                      encoding="utf-8")
    before = snapshot(nested)
    result = run(nested, "fix")
    assert result.exit_code == 0, result.output
    assert snapshot(nested) == before
    assert re.search(r"detail.yaml:\d+:\d+: warning: detail, subtotal “Baten” 2023: kept 400, within the declared "
                     r"tolerance of 5 from 402", result.stderr)


def test_a_pm_total_becomes_the_figure_its_rows_add_up_to(nested: Path) -> None:
    detail = nested / "content" / "plan" / "tables" / "detail.yaml"
    text = detail.read_text(encoding="utf-8")
    detail.write_text(text.replace("amounts: [-3100, -2600]", "amounts: [-3100, pm]"), encoding="utf-8")
    result = run(nested, "fix")
    assert result.exit_code == 0, result.output
    assert "detail.yaml:32: pm → -2600 (detail, total 2024)" in result.stdout
    assert "  amounts: [-3100, -2600]   # the total of the subtotals\n" in detail.read_text(encoding="utf-8")


def test_a_circle_of_equals_is_reported_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "circle"
    shutil.copytree(ROOT / "tests" / "errors" / "equals-cycle", root,
                    ignore=shutil.ignore_patterns("case.txt", "expected.txt"))
    before = snapshot(root)
    result = run(root, "fix")
    assert result.exit_code == 1
    assert "its equals: rows go round in a circle (budget.total → samenvatting.total → budget.total)" in result.stderr
    assert snapshot(root) == before


def test_a_failed_write_leaves_every_file_as_it_was(changed_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(changed_plan)
    real = os.replace
    calls: list[str] = []

    def fail_the_second(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", fail_the_second)
    result = run(changed_plan, "fix")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "No space left on device" in result.stderr
    assert snapshot(changed_plan) == before
    assert not list((changed_plan / "content").rglob("*.tmp"))
