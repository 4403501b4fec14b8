"""Property: any small damage to a real content file gives located problems or a clean check (and then
HTML that renders), never a traceback and never an internal error.

Mutations are what editors and bad merges do: a flipped byte, a deleted, duplicated or swapped line, a
line indented differently, a value replaced by random text or a number. The examples are derandomised
(the same ones every run, so a failure reproduces) and bounded so the suite stays fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nota import pipeline, report
from nota.load.templates import Templates
from nota.render.html import make_env, render_html

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p.relative_to(ROOT) for p in (ROOT / "content").rglob("*.yaml"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of the project; each example damages one file and puts it back."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "content", root / "content")
    yield root


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


@st.composite
def damaged(draw: st.DrawFn) -> tuple[Path, bytes]:
    """A real content file and a damaged version of its bytes."""
    rel = draw(st.sampled_from(FILES))
    data = (ROOT / rel).read_bytes()
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["flip", "delete", "duplicate", "swap", "indent", "value"]))
    if kind == "flip":
        at = draw(st.integers(0, len(data) - 1))
        byte = draw(st.one_of(st.integers(32, 126), st.integers(0, 255)))  # mostly printable: past the loader
        return rel, data[:at] + bytes([byte]) + data[at + 1 :]
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
        spaces = len(lines[i]) - len(lines[i].lstrip(b" "))
        lines[i] = b" " * shift + lines[i] if shift > 0 else lines[i][min(-shift, spaces) :]
    else:
        lines[i] = _new_value(draw, lines[i])
    return rel, b"".join(lines)


def _new_value(draw: st.DrawFn, line: bytes) -> bytes:
    """The line with what follows its first ': ' (or '- ') replaced by random text or a number."""
    value = draw(st.one_of(st.text(max_size=30), st.integers().map(str), st.floats().map(str),
                           st.sampled_from(["", "~", "yes", "[]", "{}", "- x", "pm", "1.234.567", "2021-13-45"])))
    text = line.decode("utf-8")
    for sep in (": ", "- "):
        if sep in text:
            head = text.split(sep, 1)[0] + sep
            return (head + value + "\n").encode("utf-8", "surrogatepass")
    return (value + "\n").encode("utf-8", "surrogatepass")


def _check(root: Path, rel: Path) -> None:
    doc_id = rel.parts[1]
    checked = pipeline.check_one(root, doc_id)
    lines = len(_lines((root / rel).read_bytes()))
    for p in checked.problems:
        assert p.code != "internal", str(p)
        assert p.where.line >= 1 and p.where.column >= 1, str(p)
        assert (root / p.where.path).exists(), str(p)
        if p.where.path == rel:
            assert p.where.line <= lines + 1, str(p)
        assert p.message and (p.hint or not p.is_error), str(p)
    for fmt in report.FORMATS:
        report.render(checked.problems, fmt, root)
    if checked.ok:
        assert checked.document and checked.outline and checked.theme
        render_html(make_env(Templates.of(root)), checked.document, checked.outline, checked.theme)


@given(damage=damaged())
def test_damaged_content_gives_located_problems_never_a_crash(workspace: Path, damage: tuple[Path, bytes]) -> None:
    rel, data = damage
    path = workspace / rel
    try:
        path.write_bytes(data)
        _check(workspace, rel)
    finally:
        path.write_bytes((ROOT / rel).read_bytes())
