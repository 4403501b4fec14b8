"""`nota new`: the next edition of a real document builds, and every warning it has names a decision.

Programmaplan 2022 → 2023 on a copy of the real content: the years shifted, the shared years' figures
kept, each new last year carried forward and marked, taakveld codes no longer valid marked with their
replacements, published: dropped, advice back to awaiting, the summary exact (golden). Then what check
says of editions: carried-forward marks until a person acts, and a vastgesteld text that says concept.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nota.cli import cli
from nota.model import iv3
from nota.model.budget import restated, rows, walk
from nota.model.document import Document, load_document

GOLDEN = Path(__file__).resolve().parent / "golden"
OLD, NEW = "programmaplan-2022", "programmaplan-2023"
DECISIONS = {"carried-forward", "awaiting-advice"}


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def loaded(root: Path, doc_id: str) -> Document:
    doc, problems = load_document(root, doc_id)
    assert doc is not None, [str(p) for p in problems]
    return doc


def check_json(root: Path, doc_id: str) -> list[dict[str, object]]:
    result = run(root, "check", doc_id, "--format", "json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def made(project: Callable[..., Path]) -> tuple[Path, Result]:
    root = project(OLD)
    before = snapshot(root / "content" / OLD)
    result = run(root, "new", NEW, "--from", OLD)
    assert result.exit_code == 0, result.output
    assert snapshot(root / "content" / OLD) == before, "the previous edition is left as it was"
    assert sorted(p.name for p in root.iterdir()) == ["content", "templates"], "no staging folder left behind"
    return root, result


def test_the_summary_lists_what_was_made_and_every_decision(made: tuple[Path, Result],
                                                            request: pytest.FixtureRequest) -> None:
    _root, result = made
    golden = GOLDEN / "new-programmaplan-2023.txt"
    if request.config.getoption("--update-golden"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert f"{NEW}: 0 errors, " in result.stderr


def test_the_next_edition_checks_and_each_warning_names_a_decision(made: tuple[Path, Result]) -> None:
    root, _result = made
    found = check_json(root, NEW)
    assert found and all(p["severity"] == "warning" for p in found)
    assert {p["code"] for p in found} == DECISIONS
    doc = loaded(root, NEW)
    marks = sum(len(row.carried_forward) for tf in doc.tables.values() for row, _loc in rows(tf.table))
    advice_awaited = 1  # Programmaplan 2022's advice of the Cliëntenraad has not been received
    assert len(found) == marks + advice_awaited
    assert all(("carried forward" in str(p["message"]) and "delete" in str(p["hint"])) or
               "has not been received yet" in str(p["message"]) for p in found)


def test_years_move_on_shared_figures_stay_and_new_years_are_carried_and_marked(made: tuple[Path, Result]) -> None:
    root, _result = made
    old, new = loaded(root, OLD), loaded(root, NEW)
    assert (new.meta.title, new.meta.year, new.meta.budget_year, new.meta.status) == (
        "Programmaplan Sociaal Domein 2023", 2023, 2023, "concept")
    assert new.tables["budgetten-sociaal-domein"].table.years == [2022, 2023, 2024, 2025, 2026]
    assert new.tables["wmo-meerjarenperspectief"].table.years == [2022, 2023, 2024, 2025, 2026, 2027]
    for tid, tf in old.tables.items():
        table = new.tables[tid].table
        new_year = table.years[-1]
        for (was, _), (now, _) in zip(rows(tf.table), rows(table), strict=True):
            assert now.amounts[:-1] == was.amounts[1:], "the figures of the years both editions share are kept"
            if now.equals:
                other = new.tables[now.equals.removesuffix(".total")].table
                assert now.amounts[-1] == restated(other, table.unit)[new_year]
                assert new_year not in now.carried_forward
            else:
                assert now.amounts[-1] == was.amounts[-1]
                assert new_year in now.carried_forward
            invalid = now.taakveld is not None and now.taakveld not in iv3.valid_codes(2023)
            assert ("taakveld" in now.carried_forward) == invalid
        assert all(not getattr(line.node, "published", None) for line in walk(table))
    codes = {row.taakveld for tf in new.tables.values() for row, _loc in rows(tf.table)
             if "taakveld" in row.carried_forward}
    assert codes == {"6.71", "6.81"}


def test_comments_and_layout_of_the_tables_are_kept(made: tuple[Path, Result]) -> None:
    root, _result = made
    for name in ("budgetten-sociaal-domein", "wmo-meerjarenperspectief"):
        old = (root / "content" / OLD / "tables" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
        new = (root / "content" / NEW / "tables" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
        assert [line for line in old if line.lstrip().startswith("#")] == \
            [line for line in new if line.lstrip().startswith("#")]
        # only years (the table's and its chart's), amounts and the marks change; published: goes
        assert {line for line in new if line not in old} <= {line for line in new if line.lstrip().startswith(
            ("years:", "amounts:", "carried_forward:", "chart:"))}
        assert {line for line in old if line not in new} <= {line for line in old if line.lstrip().startswith(
            ("years:", "amounts:", "published:", "chart:"))}


def test_a_carried_figure_once_entered_and_unmarked_is_no_longer_reported(made: tuple[Path, Result]) -> None:
    root, _result = made
    path = root / "content" / NEW / "tables" / "budgetten-sociaal-domein.yaml"
    text = path.read_text(encoding="utf-8")
    row = "    amounts: [-57942, -56629, -56447, -57383, -57383]\n    carried_forward: [2026]\n"
    assert row in text
    before = len(check_json(root, NEW))
    path.write_text(text.replace(row, "    amounts: [-57942, -56629, -56447, -57383, -58000]\n"), encoding="utf-8")
    assert run(root, "check", NEW).exit_code == 1  # the total no longer adds up ...
    fixed = run(root, "fix", NEW)  # ... until fix rewrites it
    assert fixed.exit_code == 0, fixed.output
    assert "-114711 → -115328 (budgetten-sociaal-domein, total 2026)" in fixed.stdout
    assert len(check_json(root, NEW)) == before - 1


def test_the_next_edition_builds_html(made: tuple[Path, Result], tmp_path: Path) -> None:
    root, _result = made
    result = run(root, "build", NEW, "--html-only", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / NEW / f"{NEW}.html").read_text(encoding="utf-8")
    assert "Programmaplan Sociaal Domein 2023" in html and "2027" in html


@pytest.mark.slow
def test_the_next_edition_builds_its_pdf(made: tuple[Path, Result], tmp_path: Path) -> None:
    from pypdf import PdfReader

    root, _result = made
    result = run(root, "build", NEW, "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert len(PdfReader(tmp_path / "out" / NEW / f"{NEW}.pdf").pages) > 10


def test_two_years_on_carries_two_years(project: Callable[..., Path]) -> None:
    root = project(OLD)
    result = run(root, "new", "programmaplan-2024", "--from", OLD, "--year", "2024")
    assert result.exit_code == 0, result.output
    table = loaded(root, "programmaplan-2024").tables["wmo-meerjarenperspectief"].table
    assert table.years == [2023, 2024, 2025, 2026, 2027, 2028]
    first, _loc = next(rows(table))
    assert first.amounts == [-291151] * 6 and first.carried_forward == [2027, 2028]


def test_advice_goes_back_to_awaiting_and_a_title_without_the_year_is_a_decision(project: Callable[..., Path]
                                                                                ) -> None:
    root = project("visie-awbz-jeugdzorg-2012")
    result = run(root, "new", "visie-awbz-jeugdzorg-2013", "--from", "visie-awbz-jeugdzorg-2012")
    assert result.exit_code == 0, result.output
    assert "document.yaml:2: the title does not name 2012: give the new edition its title" in result.stdout
    assert result.stdout.count("back to awaiting") == 3
    found = check_json(root, "visie-awbz-jeugdzorg-2013")
    assert [p["code"] for p in found] == ["awaiting-advice"] * 3


def test_a_vastgesteld_edition_starts_again_as_a_concept_without_date_or_version(project: Callable[..., Path]
                                                                                ) -> None:
    root = project("visie-awbz-jeugdzorg-2012")
    meta = root / "content" / "visie-awbz-jeugdzorg-2012" / "document.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("status: concept\nyear: 2012\n",
                                                             'status: vastgesteld\ndate: 2012-06-12\nversion: "1.0"\n'),
                    encoding="utf-8")
    for chapter in (root / "content" / "visie-awbz-jeugdzorg-2012" / "chapters").glob("*.yaml"):
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace("awaiting_response: true", "response: {text: Het college neemt het over.}"),
                           encoding="utf-8")
    assert run(root, "check").exit_code == 0
    result = run(root, "new", "visie-2013", "--from", "visie-awbz-jeugdzorg-2012")
    assert result.exit_code == 0, result.output
    new = loaded(root, "visie-2013").meta
    assert (new.status, new.date, new.version, new.year) == ("concept", None, None, 2013)
    assert "date: removed (it was 2012-06-12)" in result.stdout and "version: removed (it was 1.0)" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("new", OLD, "--from", OLD), f"content/{OLD} already exists"),
    (("new", "Plan 2023", "--from", OLD), "cannot be a document's id"),
    (("new", NEW, "--from", "programmaplan-2021"), "no document programmaplan-2021"),
    (("new", NEW, "--from", OLD, "--year", "2021"), "is not after"),
])
def test_what_cannot_be_made_is_a_usage_error(project: Callable[..., Path], args: tuple[str, ...],
                                              message: str) -> None:
    root = project(OLD)
    result = run(root, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert sorted(p.name for p in (root / "content").iterdir()) == [OLD]


def test_a_previous_edition_with_errors_makes_nothing(project: Callable[..., Path]) -> None:
    root = project(OLD)
    path = root / "content" / OLD / "tables" / "wmo-meerjarenperspectief.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("-591151", "-592151", 1), encoding="utf-8")
    result = run(root, "new", NEW, "--from", OLD)
    assert result.exit_code == 1
    assert "total-mismatch" not in result.output and "error: Tabel 3" in result.stderr
    assert f"{NEW} was not made: {OLD} has errors" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["content", "templates"]
    assert sorted(p.name for p in (root / "content").iterdir()) == [OLD]


def test_a_link_in_the_previous_edition_is_copied_as_a_link_never_followed(project: Callable[..., Path]) -> None:
    root = project(OLD)
    secret = root.parent / "geheim.txt"
    secret.write_text("wachtwoord\n", encoding="utf-8")
    link = root / "content" / OLD / "notities.txt"
    link.symlink_to(secret)
    result = run(root, "new", NEW, "--from", OLD)
    assert result.exit_code == 0, result.output
    copied = root / "content" / NEW / "notities.txt"
    assert copied.is_symlink() and os.readlink(copied) == str(secret)
    assert not any(b"wachtwoord" in p.read_bytes() for p in (root / "content" / NEW).rglob("*")
                   if p.is_file() and not p.is_symlink())


# --- what check says of editions ----------------------------------------------------------------------

def test_a_vastgesteld_programmaplan_that_still_says_concept_is_warned_at_both_lines(
        project: Callable[..., Path]) -> None:
    root = project(OLD)
    meta = root / "content" / OLD / "document.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("status: concept", "status: vastgesteld"),
                    encoding="utf-8")
    result = run(root, "check", OLD, "--format", "json")
    found = [(p["path"], p["line"], p["column"]) for p in json.loads(result.stdout) if p["code"] == "still-concept"]
    assert found == [(f"content/{OLD}/chapters/inleiding.yaml", 29, 25),
                     (f"content/{OLD}/chapters/inleiding.yaml", 54, 33)]
    lines = (root / "content" / OLD / "chapters" / "inleiding.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[28][24:].startswith("Concept Programmaplan") and lines[53][32:].startswith("concept versie")


def test_a_concept_may_call_itself_concept(project: Callable[..., Path]) -> None:
    root = project(OLD)
    assert not [p for p in check_json(root, OLD) if p["code"] == "still-concept"]
