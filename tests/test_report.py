"""How problems are shown: text for people, JSON for tools, GitHub workflow commands; exit statuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nota import report
from nota.cli import cli
from nota.errors import Code, Problem, Severity
from nota.source import Location

ROOT = Path(__file__).resolve().parent.parent
ERRORS = Path(__file__).resolve().parent / "errors"


def _problem(line: int = 2, column: int = 8, severity: Severity = Severity.ERROR, path: str = "a.yaml",
             message: str = "expected text, found the number 1.0") -> Problem:
    return Problem(message, Location(Path(path), line, column), 'put it between double quotes: "1.0"', severity,
                   Code.WRONG_TYPE, "doc")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").write_text("title: x\nversion: 1.0\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("title: y\n", encoding="utf-8")
    return tmp_path


def test_text_shows_the_line_a_caret_under_the_column_and_the_hint(root: Path) -> None:
    assert report.text([_problem(column=10)], root).splitlines() == [
        "a.yaml: 1 error",
        "a.yaml:2:10: error: expected text, found the number 1.0",
        "  2 | version: 1.0",
        "    |          ^",
        '  hint: put it between double quotes: "1.0"',
    ]


def test_text_groups_per_file_with_counts_and_a_blank_line_between(root: Path) -> None:
    problems = [_problem(1, 1), _problem(2, 1, Severity.WARNING), _problem(1, 1, path="b.yaml")]
    lines = report.text(problems, root).splitlines()
    assert lines[0] == "a.yaml: 1 error, 1 warning"
    assert lines[lines.index("") + 1] == "b.yaml: 1 error"
    assert [line.split(": ")[0] for line in lines if ": error: " in line or ": warning: " in line] == [
        "a.yaml:1:1", "a.yaml:2:1", "b.yaml:1:1"]


def test_no_source_line_when_the_file_cannot_be_read_or_the_line_is_past_the_end(root: Path) -> None:
    shown = report.text([_problem(9, 1), _problem(1, 1, path="missing.yaml")], root)
    assert "|" not in shown and shown.count("hint:") == 2


def test_a_long_line_is_shown_as_a_window_with_the_caret_still_under_the_spot() -> None:
    line = "text: " + "a" * 150 + "[[ontbreekt]]" + "b" * 150
    column = line.index("[[") + 1
    shown, offset = report.excerpt(line, column)
    assert len(shown) == report.WIDTH and shown.startswith("…") and shown.endswith("…")
    assert shown[offset : offset + 2] == "[["


def test_tabs_and_invisible_characters_are_shown_visibly_one_column_each() -> None:
    shown, offset = report.excerpt("\tx\x1b[31my\u200bz\u202e!", 3)
    assert shown == "→x·[31my·z·!" and offset == 2


def test_colour_only_when_asked_and_never_with_no_color(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\033[" not in report.text([_problem()], root)
    assert "\033[1;31merror\033[0m" in report.text([_problem()], root, colour=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in report.text([_problem()], root, colour=True)


def test_check_writes_no_colour_when_not_a_terminal(tmp_path: Path) -> None:
    result = _check(_case("total-mismatch", tmp_path))
    assert "\033[" not in result.output


def test_json_has_every_field_for_tools() -> None:
    [item] = json.loads(report.as_json([_problem()]))
    assert item == {"path": "a.yaml", "line": 2, "column": 8, "severity": "error", "code": "wrong-type",
                    "message": "expected text, found the number 1.0",
                    "hint": 'put it between double quotes: "1.0"', "document": "doc",
                    "related": []}


def test_github_workflow_command_escapes_properties_and_data() -> None:
    problem = Problem("50% done, 1: x\nnext", Location(Path("dir,a:b.yaml"), 3, 4), "", Severity.WARNING,
                      Code.INVALID)
    assert report.github([problem]) == (
        "::warning file=dir%2Ca%3Ab.yaml,line=3,col=4,title=nota invalid::50%25 done, 1: x%0Anext")


def test_github_message_carries_the_hint() -> None:
    assert report.github([_problem()]).endswith('::expected text, found the number 1.0. Hint: put it between double '
                                                'quotes: "1.0"')


# --- exit statuses --------------------------------------------------------------------------------

def _case(name: str, tmp: Path) -> Path:
    root = tmp / name
    shutil.copytree(ERRORS / name, root, ignore=shutil.ignore_patterns("case.txt", "expected.txt"))
    shutil.copytree(ROOT / "templates" / "themes", root / "templates" / "themes")
    return root


def _check(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), "check", *args])


@pytest.mark.parametrize(("case", "args", "status"), [
    ("total-mismatch", (), 1),                      # an error
    ("table-not-placed", (), 0),                    # warnings only
    ("table-not-placed", ("--strict",), 1),         # --strict: warnings count as errors
    ("total-mismatch", ("--format", "xml"), 2),     # usage error
    ("total-mismatch", ("no-such-document",), 2),   # usage error
])
def test_exit_status(case: str, args: tuple[str, ...], status: int, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(_case(case, tmp_path)), "check", *args])
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output


def test_strict_reports_the_warning_as_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(_case("table-not-placed", tmp_path)), "check", "--strict"])
    assert "content/doc/tables/budget.yaml:1:1: error: table budget is not placed in any chapter" in result.output


def test_json_and_github_go_to_stdout_for_tools(tmp_path: Path) -> None:
    root = _case("total-mismatch", tmp_path)
    as_json = CliRunner().invoke(cli, ["--root", str(root), "check", "--format", "json"])
    assert [p["code"] for p in json.loads(as_json.stdout)] == ["total-mismatch"]
    github = CliRunner().invoke(cli, ["--root", str(root), "check", "--format", "github"])
    assert github.stdout.startswith("::error file=content/doc/tables/budget.yaml,line=13,col=19,")
