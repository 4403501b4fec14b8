"""The shape of the code (ARCHITECTURE.md): stages import only downward, no import cycles, modules of
a readable size, every module on ARCHITECTURE.md's map, and every problem code documented."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nota.errors import Code

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_MODULE_LINES = 300


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=project, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_the_import_contracts_hold() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line"), [
    ("text/dutch.py", "from nota import pipeline  # an import upward"),
    ("check/outline.py", "from nota.check import rules  # rules imports outline: a cycle"),
])
def test_the_contracts_fail_on_an_upward_import_or_a_cycle(tmp_path: Path, module: str, line: str) -> None:
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / "src" / "nota" / module
    text = path.read_text(encoding="utf-8")
    future = "from __future__ import annotations\n"
    path.write_text(text.replace(future, f"{future}{line}\n", 1), encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_no_module_is_over_300_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "src").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}, "split these modules by what they do"


def test_every_problem_code_is_documented_and_no_other() -> None:
    documented = re.findall(r"^\| `([a-z-]+)` \|", (ROOT / "docs" / "problem-codes.md").read_text(encoding="utf-8"),
                            re.M)
    assert documented == sorted(documented), "keep docs/problem-codes.md in alphabetical order"
    assert set(documented) == {code.value for code in Code}


def _package_rows() -> dict[str, str]:
    """ARCHITECTURE.md's table of packages: each row's text under every name its first cell gives."""
    rows: dict[str, str] = {}
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for row in re.findall(r"^\| (.+) \|$", text, re.M):
        first, _, rest = row.partition(" | ")
        for name in re.findall(r"`([a-z0-9_]+(?:/|\.py))`", first):
            rows[name] = rows.get(name, "") + rest
    return rows


def test_architecture_md_names_every_module_in_its_packages_row() -> None:
    """The map a newcomer reads is the tree as it is: a module added without a word there fails."""
    rows = _package_rows()
    missing = []
    for path in sorted((ROOT / "src" / "nota").rglob("*.py")):
        parts = path.relative_to(ROOT / "src" / "nota").parts
        if parts[-1] in ("__init__.py", "__main__.py"):
            continue
        top_level = len(parts) == 1
        if not (parts[0] in rows if top_level else f"`{parts[-1]}`" in rows.get(f"{parts[0]}/", "")):
            missing.append("/".join(parts))
    assert missing == [], "describe these modules in ARCHITECTURE.md's table of packages"
