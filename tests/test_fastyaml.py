"""libyaml (load/fastyaml.py) reads content exactly as the pure parser does: the same values of the same
types at the same lines and columns, or the same problem at the same place, for every YAML file in the
repository (the real content, every error and hostile case) and for damaged versions of the real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from nota.errors import ContentError
from nota.load import fastyaml
from nota.load.yaml import load_text
from test_fuzz import damaged

ROOT = Path(__file__).resolve().parent.parent


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # refused before parsing (tests/errors/file-not-utf8)
        return False
    return True


FILES = sorted(p.relative_to(ROOT) for folder in ("content", "tests", "templates", "src/nota/templates")
               for p in (ROOT / folder).rglob("*.yaml") if p.is_file() and _utf8(p))


def _shape(value: Any) -> Any:
    """A value with its type and, for mappings and lists, the positions of it and of its items."""
    lc = getattr(value, "lc", None)
    where = None if lc is None else (lc.line, lc.col, sorted((str(k), tuple(v)) for k, v in (lc.data or {}).items())
                                     if isinstance(lc.data, dict) else [tuple(v) for v in lc.data or []])
    if isinstance(value, dict):
        return type(value).__name__, where, [(_shape(k), _shape(v)) for k, v in value.items()]
    if isinstance(value, list):
        return type(value).__name__, where, [_shape(v) for v in value]
    return type(value).__name__, str(value), getattr(value, "source", None)


def _outcome(text: str) -> Any:
    try:
        return "ok", _shape(load_text(text, Path("x.yaml")).data)
    except ContentError as exc:
        return "problem", str(exc)


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = _outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(fastyaml, "usable", lambda _text: False)
        pure = _outcome(text)
    return fast, pure


def test_libyaml_is_installed_and_reads_the_real_content() -> None:
    assert fastyaml.usable((ROOT / FILES[0]).read_text(encoding="utf-8"))
    assert len(FILES) > 200


@pytest.mark.parametrize("rel", FILES, ids=str)
def test_libyaml_and_the_pure_parser_read_every_file_alike(rel: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, pure = _both((ROOT / rel).read_text(encoding="utf-8"), monkeypatch)
    assert fast == pure


@given(damaged())
def test_libyaml_and_the_pure_parser_read_damaged_files_alike(case: tuple[Path, bytes]) -> None:
    _rel, data = case
    text = data.decode("utf-8", errors="replace")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, pure = _both(text, monkeypatch)
    assert fast == pure


@pytest.mark.parametrize("text", ["a:\n", "a: 1\r\nb: 2\r\n", "--- \na: 1\n...\n", "a:\tb\n", "a: x\u2028y\n"],
                         ids=["empty value", "CRLF", "document markers", "tab", "line separator"])
def test_texts_where_the_parsers_differ_are_read_by_the_pure_parser(text: str, monkeypatch: pytest.MonkeyPatch,
                                                                    ) -> None:
    declined = not fastyaml.usable(text)
    if not declined:
        with pytest.raises(fastyaml.Declined):
            list(fastyaml.events(text))
    fast, pure = _both(text, monkeypatch)
    assert fast == pure
