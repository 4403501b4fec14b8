"""Editor support: the committed JSON Schemas are what `schema` generates, every content file names the
right one on its first line, and the schemas accept the real content and refuse what check refuses."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from nota import schema
from nota.cli import cli
from nota.load.yaml import load_file

ROOT = Path(__file__).resolve().parent.parent
CONTENT_FILES = sorted(
    p.relative_to(ROOT) for pattern in ("content/*/document.yaml", "content/*/*/*.yaml", "templates/themes/*.yaml")
    for p in ROOT.glob(pattern)
)


def _validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((ROOT / "schemas" / schema.schema_file(kind)).read_text("utf-8")))


def _as_json(path: Path) -> Any:
    """The file's data as the YAML language server sees it: dates are text, keys are strings."""
    return json.loads(json.dumps(load_file(ROOT / path, path).data, default=str))


@pytest.mark.parametrize("kind", list(schema.KINDS))
def test_committed_schema_is_what_schema_generates(kind: str) -> None:
    committed = (ROOT / "schemas" / schema.schema_file(kind)).read_text(encoding="utf-8")
    assert committed == schema.render_schema(kind), "schemas/ is stale: run python build.py schema and commit it"


def test_schema_command_writes_every_kind(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "schema"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(
        schema.schema_file(kind) for kind in schema.KINDS)


@pytest.mark.parametrize("kind", list(schema.KINDS))
def test_schema_is_valid_draft_07_with_a_description_for_every_top_level_key(kind: str) -> None:
    generated = schema.build_schema(kind)
    jsonschema.Draft7Validator.check_schema(generated)
    assert generated["$schema"] == schema.DRAFT
    undescribed = [key for key, prop in generated["properties"].items() if not prop.get("description")]
    assert undescribed == []


def test_every_content_file_names_its_schema_on_the_first_line() -> None:
    assert len(CONTENT_FILES) >= 19  # both documents and the project's own theme
    for path in CONTENT_FILES:
        first = (ROOT / path).read_text(encoding="utf-8").splitlines()[0]
        expected = schema.expected_line(PurePosixPath(path.as_posix()))
        assert first == expected, f"{path}: first line should be {expected}"
        target = (ROOT / path).parent / first.removeprefix(schema.SCHEMA_LINE)
        assert target.resolve().is_file(), f"{path}: {target} does not exist"


PACKAGE_THEMES = sorted(p.relative_to(ROOT) for p in ROOT.glob("src/nota/templates/themes/*.yaml"))


@pytest.mark.parametrize("path", CONTENT_FILES + PACKAGE_THEMES, ids=str)
def test_schema_accepts_the_real_content(path: Path) -> None:
    kind = "theme" if path in PACKAGE_THEMES else schema.kind_of(PurePosixPath(path.as_posix()))
    assert kind is not None
    errors = [e.message for e in _validator(kind).iter_errors(_as_json(path))]
    assert errors == []


@pytest.mark.parametrize(("kind", "data", "complaint"), [
    ("document", {"titel": "x", "organisation": "x", "status": "concept", "chapters": ["a"]}, "titel"),
    ("document", {"title": "x", "organisation": "x", "status": "concep", "chapters": ["a"]}, "concep"),
    ("chapter", {"title": "x", "blocks": [{"type": "focuspunt", "title": "y"}]}, "focuspunt"),
    ("budget-table", {"title": "x", "unit": "euro", "years": [2021], "rows": [
        {"description": "a", "amounts": ["1.000"]}]}, "1.000"),
    ("theme", {"name": "x", "colours": {"accent": "blue"}}, "blue"),
])
def test_schema_underlines_what_check_refuses(kind: str, data: dict[str, Any], complaint: str) -> None:
    messages = " ".join(str(e.message) for e in schema_errors(kind, data))
    assert complaint in messages


def schema_errors(kind: str, data: dict[str, Any]) -> list[jsonschema.ValidationError]:
    validator = jsonschema.Draft7Validator(schema.build_schema(kind))
    return [leaf for error in validator.iter_errors(data) for leaf in _leaves(error)]


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    return [leaf for sub in error.context for leaf in _leaves(sub)] if error.context else [error]


def test_a_plain_string_is_a_paragraph_in_any_block_list() -> None:
    data = {"title": "x", "blocks": ["Een alinea."], "sections": [{"title": "y", "blocks": ["Nog een."]}]}
    assert schema_errors("chapter", data) == []
