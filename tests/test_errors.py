"""The broken-fixture corpus: every case in tests/errors/ is a tiny project that is wrong in one way.

Each case holds its content, a hand-written case.txt (the problem code and place it must produce,
extra arguments, the exit status) and the exact text `check` prints, in each language: expected.txt
(English) and expected.nl.txt (Dutch): message, line, column, the source line with its caret, and the
hint. Regenerate them after a deliberate change of wording with
`python3 -m pytest tests/test_errors.py --update-golden` and review the diff.
"""

from __future__ import annotations

import json
import shutil
import string
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from nota import pipeline
from nota.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ERRORS = Path(__file__).resolve().parent / "errors"
CASES = sorted(p for p in ERRORS.iterdir() if p.is_dir())
GOLDEN = {"en": "expected.txt", "nl": "expected.nl.txt"}  # the exact output of `check --lang <language>`


@dataclass(frozen=True)
class Case:
    """What a case must produce, as written by hand in its case.txt."""

    code: str
    at: str
    args: tuple[str, ...]
    exit: int


def _case(folder: Path) -> Case:
    fields = dict(line.split(": ", 1) for line in (folder / "case.txt").read_text(encoding="utf-8").splitlines())
    return Case(fields["code"], fields["at"], tuple(fields.get("args", "").split()), int(fields["exit"]))


def _project(folder: Path, tmp: Path) -> Path:
    """A copy of the case with the repository's themes beside it (unless the case brings its own)."""
    root = tmp / folder.name
    shutil.copytree(folder, root, ignore=shutil.ignore_patterns("case.txt", "expected*.txt"))
    if not (root / "templates").exists():
        shutil.copytree(ROOT / "templates" / "themes", root / "templates" / "themes")
    return root


def _check(root: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), "--lang", lang, "check", *args])


def test_the_corpus_has_at_least_40_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("lang", sorted(GOLDEN))
@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES])
def test_case_prints_exactly_the_expected_text(folder: Path, lang: str, tmp_path: Path,
                                               request: pytest.FixtureRequest) -> None:
    case = _case(folder)
    result = _check(_project(folder, tmp_path), *case.args, lang=lang)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == case.exit, result.output
    golden = folder / GOLDEN[lang]
    if request.config.getoption("--update-golden"):
        golden.write_text(result.output, encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run pytest --update-golden and review the diff"
    assert result.output == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES])
def test_case_fails_for_the_reason_its_name_says(folder: Path, tmp_path: Path) -> None:
    case = _case(folder)
    result = _check(_project(folder, tmp_path), "--format", "json", *case.args)
    if "--format" in case.args:  # the case is about another format: read its problems from JSON anyway
        result = _check(_project(folder, tmp_path / "json"), "--format", "json")
    problems = json.loads(result.stdout)
    found = {(p["code"], f"{p['path']}:{p['line']}:{p['column']}") for p in problems}
    assert (case.code, case.at) in found, sorted(found)


def test_every_problem_line_starts_with_a_place_and_a_severity(tmp_path: Path) -> None:
    folder = ERRORS / "problems-in-several-files"
    output = _check(_project(folder, tmp_path)).output
    problem_lines = [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]
    assert len(problem_lines) >= 2
    assert all(line.startswith("content/doc/") and line.split(":")[1].isdigit() for line in problem_lines)
    files = [line.split(":")[0] for line in problem_lines]
    assert files == sorted(files), "grouped per file"


# --- never a traceback -----------------------------------------------------------------------------

SEED = ERRORS / "total-within-tolerance"  # a project with a document, a chapter and a budget table
YAML_CHARACTERS = string.ascii_letters + string.digits + " :-[]{}#&*!|>'\"%@`,.?\n\t\\€"


@given(file=st.sampled_from(["document.yaml", "chapters/inleiding.yaml", "tables/budget.yaml"]),
       position=st.floats(0, 1), cut=st.integers(0, 12), insert=st.text(YAML_CHARACTERS, max_size=12))
def test_no_edit_of_a_content_file_gives_a_traceback(file: str, position: float, cut: int, insert: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _project(SEED, Path(tmp))
        path = root / "content" / "doc" / file
        text = path.read_text(encoding="utf-8")
        at = int(position * len(text))
        path.write_text(text[:at] + insert + text[at + cut :], encoding="utf-8")
        checked = pipeline.check(root)  # must not raise, whatever the edit
        problems = [p for c in checked for p in c.problems]
        assert all(p.where.line >= 1 and p.where.column >= 1 for p in problems)
        # check() turns a crash into an "internal" problem: that is a bug too, not a located answer
        assert [str(p) for p in problems if p.code == "internal"] == []
