"""Editor support: one JSON Schema per kind of content file, generated from the models.

`python build.py schema` writes them into schemas/. Every content file names its schema on its first
line (`# yaml-language-server: $schema=...`), so VS Code with the YAML extension completes keys,
shows what each key is for, and underlines mistakes while typing. The schemas declare JSON Schema
draft-07: the draft the YAML language server supports fully.

The models stay the single source of truth for shape; this module adds only what an editor needs
on top: a plain string is a paragraph in a block list, and a short description for keys that the
models leave undescribed.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from nota.model.budget import BudgetTable
from nota.model.content import Chapter, DocumentMeta
from nota.model.fielddocs import description_of
from nota.model.theme import Theme

SCHEMAS = "schemas"
DRAFT = "http://json-schema.org/draft-07/schema#"
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "document": (DocumentMeta, "document.yaml of a nota document: what it is and the order of its chapters"),
    "chapter": (Chapter, "A chapter or appendix of a nota document (chapters/<id>.yaml)"),
    "budget-table": (BudgetTable, "A budget table of a nota document (tables/<id>.yaml)"),
    "theme": (Theme, "A nota theme: colours, margins and page style (templates/themes/<name>.yaml)"),
}
SCHEMA_LINE = "# yaml-language-server: $schema="

def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file, ready for the YAML language server."""
    model, title = KINDS[kind]
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    _describe(schema, model.__name__)
    for name, definition in definitions.items():
        _describe(definition, name)
    schema = {"$schema": DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}
    if definitions:
        schema["definitions"] = dict(sorted(definitions.items()))
    _paragraph_shorthand(schema)
    return schema


def _describe(schema: dict[str, Any], model: str) -> None:
    """Fill in descriptions for undescribed keys; wrap a bare $ref so the description is not ignored."""
    for key, prop in schema.get("properties", {}).items():
        if "description" in prop:
            continue
        text = description_of(model, key)
        if not text:
            continue
        if "$ref" in prop:  # draft-07 ignores keywords beside $ref
            prop["allOf"] = [{"$ref": prop.pop("$ref")}]
        prop["description"] = text


def _paragraph_shorthand(node: Any) -> None:
    """A plain string in `blocks:` is a paragraph (models._text_shorthand); say so in the schema."""
    if isinstance(node, dict):
        blocks = node.get("properties", {}).get("blocks")
        if blocks and "items" in blocks:
            paragraph = {"type": "string", "minLength": 1, "description": "A paragraph of Markdown text"}
            blocks["items"] = {"anyOf": [paragraph, blocks["items"]]}
        for value in node.values():
            _paragraph_shorthand(value)
    elif isinstance(node, list):
        for value in node:
            _paragraph_shorthand(value)


def render_schema(kind: str) -> str:
    """The schema as the committed file holds it: sorted keys would scramble the reading order, so not sorted."""
    return json.dumps(build_schema(kind), ensure_ascii=False, indent=2) + "\n"


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into a folder; return the files, in order."""
    from nota.publish.output import write_files

    files = {schema_file(kind): render_schema(kind).encode() for kind in KINDS}
    write_files(folder, files)
    return [folder / schema_file(kind) for kind in KINDS]


def kind_of(rel: PurePosixPath) -> str | None:
    """Which schema a project file follows, from where it stands; None for files without one."""
    parts = rel.parts
    if rel.suffix != ".yaml":
        return None
    if len(parts) == 3 and parts[0] == "content" and parts[2] == "document.yaml":
        return "document"
    if len(parts) == 4 and parts[0] == "content" and parts[2] in ("chapters", "tables"):
        return "chapter" if parts[2] == "chapters" else "budget-table"
    if len(parts) == 3 and parts[:2] == ("templates", "themes"):
        return "theme"
    return None


def expected_line(rel: PurePosixPath) -> str | None:
    """The first line a content file should have: its schema, relative to the file."""
    kind = kind_of(rel)
    if kind is None:
        return None
    up = "../" * (len(rel.parts) - 1)
    return f"{SCHEMA_LINE}{up}{SCHEMAS}/{schema_file(kind)}"
