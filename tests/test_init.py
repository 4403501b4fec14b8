"""`nota init`: a project that builds with nothing but the installed nota.

In the test environment: the files it writes, a clean check, an HTML build, editor schemas and
settings that work in the new project, the CI workflow's commands, and never an overwritten file.
Slow: a wheel built from this repository, installed into a fresh virtual environment outside it,
runs `nota init` in an empty folder and `nota build` there, giving an HTML edition and a PDF.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path, PurePosixPath

import jsonschema
import pytest
from click.testing import CliRunner, Result

from nota import schema
from nota.cli import cli
from nota.load.templates import PACKAGE
from nota.load.yaml import load_file

ROOT = Path(__file__).resolve().parent.parent
DOC = "jaarplan-2026"
FILES = [
    ".github/workflows/nota.yml", ".gitignore", ".vscode/extensions.json", ".vscode/settings.json", "README.md",
    f"content/{DOC}/chapters/advies.yaml", f"content/{DOC}/chapters/inleiding.yaml",
    f"content/{DOC}/document.yaml", f"content/{DOC}/tables/begroting.yaml", "requirements.txt",
    "schemas/budget-table.schema.json", "schemas/chapter.schema.json", "schemas/document.schema.json",
    "schemas/theme.schema.json", "templates/themes/huisstijl.yaml",
]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def started(tmp_path: Path) -> Path:
    folder = tmp_path / "publicaties"
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    assert f"try cd {folder} && nota build" in result.stderr
    return folder


def test_init_writes_the_project_files(started: Path) -> None:
    assert tree(started) == FILES


def test_the_new_project_checks_clean_and_builds_its_html(started: Path) -> None:
    checked = run("--root", str(started), "check")
    assert checked.exit_code == 0, checked.output
    assert "content OK: 1 document, 0 errors, 0 warnings" in checked.stderr
    built = run("--root", str(started), "build", "--html-only")
    assert built.exit_code == 0, built.output
    html = (started / "output" / DOC / f"{DOC}.html").read_text(encoding="utf-8")
    assert "Jaarplan Sociaal Domein 2026" in html and "Subtotaal werk en inkomen" in html
    assert "#154273" in (started / "output" / DOC / "assets" / "theme.css").read_text(encoding="utf-8")


def test_every_content_file_names_a_schema_of_the_project_that_accepts_it(started: Path) -> None:
    yaml_files = [name for name in FILES if name.endswith(".yaml") and not name.startswith(".")]
    assert len(yaml_files) == 5
    for name in yaml_files:
        path = started / name
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == schema.expected_line(PurePosixPath(name)), name
        target = (path.parent / first.removeprefix(schema.SCHEMA_LINE)).resolve()
        assert target.is_file() and target.is_relative_to(started.resolve())
        data = json.loads(json.dumps(load_file(path, Path(name)).data, default=str))
        assert list(jsonschema.Draft7Validator(json.loads(target.read_text("utf-8"))).iter_errors(data)) == []


def test_nota_schema_in_the_project_writes_the_same_schemas(started: Path) -> None:
    before = {name: (started / name).read_bytes() for name in FILES if name.startswith("schemas/")}
    assert run("--root", str(started), "schema").exit_code == 0
    assert {name: (started / name).read_bytes() for name in before} == before


def test_nota_default_theme_names_its_schema_as_a_project_copy_needs(started: Path) -> None:
    first = (PACKAGE / "themes" / "default.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == schema.expected_line(PurePosixPath("templates/themes/default.yaml"))
    theme = (started / "templates" / "themes" / "huisstijl.yaml").read_text(encoding="utf-8")
    assert theme.splitlines()[0] == first and "name: Huisstijl" in theme


def test_the_ci_workflow_installs_this_nota_then_checks_and_builds(started: Path) -> None:
    assert f"\nnota=={metadata.version('nota')}\n" in (started / "requirements.txt").read_text(encoding="utf-8")
    workflow = load_file(started / ".github/workflows/nota.yml", Path(".github/workflows/nota.yml")).data
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "pip install -r requirements.txt" in steps
    assert steps.index("nota check --format github") < steps.index("nota build")
    assert workflow["permissions"] == {"contents": "read"}
    settings = json.loads((started / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["[yaml]"]["editor.insertSpaces"] is True
    assert ".venv" in (started / ".gitignore").read_text(encoding="utf-8")


def test_the_readme_commands_work_in_the_new_project(started: Path) -> None:
    table = started / "content" / DOC / "tables" / "begroting.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("[-45000, -45000, -45000]", "[-45000, -50000, -45000]"),
                     encoding="utf-8")
    fixed = run("--root", str(started), "fix")
    assert fixed.exit_code == 0, fixed.output
    assert fixed.stdout.count(" → ") == 2  # the subtotal and the total of 2027
    made = run("--root", str(started), "new", "jaarplan-2027", "--from", DOC)
    assert made.exit_code == 0, made.output
    assert "0 errors" in made.stderr


@pytest.mark.parametrize("existing", ["README.md", "content/notes.txt", ".gitignore"])
def test_init_never_overwrites(tmp_path: Path, existing: str) -> None:
    folder = tmp_path / "bestaand"
    (folder / existing).parent.mkdir(parents=True)
    (folder / existing).write_text("van mij\n", encoding="utf-8")
    result = run("init", str(folder))
    assert result.exit_code == 2
    assert "nota init starts a project in an empty folder" in result.output
    assert tree(folder) == [existing]
    assert (folder / existing).read_text(encoding="utf-8") == "van mij\n"


def test_init_in_the_current_folder_keeps_what_else_is_there(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # a fresh git init, say
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "init"])
    assert result.exit_code == 0, result.output
    assert tree(tmp_path) == FILES
    assert "try nota build" in result.stderr


# --- the installed package -------------------------------------------------------------------------

def _clean_env() -> dict[str, str]:
    """The environment without this repository's virtual environment or source on the path."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}


def _call(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=900,
                            check=False)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_a_wheel_installed_outside_the_repository_inits_and_builds_a_project(tmp_path: Path) -> None:
    from pypdf import PdfReader

    source = tmp_path / "source"  # a copy, so that building the wheel leaves the repository as it is
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _call([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
          tmp_path)
    wheel = next((tmp_path / "dist").glob("nota-*.whl"))
    _call([sys.executable, "-m", "venv", str(tmp_path / "venv")], tmp_path)
    bin_dir = tmp_path / "venv" / "bin"
    _call([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    where = _call([str(bin_dir / "python"), "-c", "import nota; print(nota.__file__)"], tmp_path).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")

    project = tmp_path / "leeg"
    project.mkdir()
    _call([str(bin_dir / "nota"), "init"], project)
    _call([str(bin_dir / "nota"), "build"], project)
    html, pdf = (project / "output" / DOC / f"{DOC}.{kind}" for kind in ("html", "pdf"))
    assert "Jaarplan Sociaal Domein 2026" in html.read_text(encoding="utf-8")
    assert len(PdfReader(pdf).pages) >= 3
