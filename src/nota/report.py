"""How problems are shown: text for people (with the source line and a caret), JSON for tools,
GitHub Actions workflow commands for pull requests."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from nota.errors import Problem

FORMATS = ("text", "json", "github")
_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "hint": "\033[36m", "reset": "\033[0m"}


def _source_line(root: Path, problem: Problem) -> str | None:
    try:
        lines = (root / problem.where.path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not 1 <= problem.where.line <= len(lines):
        return None
    return lines[problem.where.line - 1]


def text(problems: Iterable[Problem], root: Path, colour: bool = False) -> str:
    """path:line:col: error: message, the line with a caret under the spot, and the hint."""
    def paint(kind: str, words: str) -> str:
        return f"{_COLOURS[kind]}{words}{_COLOURS['reset']}" if colour else words

    out: list[str] = []
    for p in problems:
        out.append(f"{p.where}: {paint(p.severity.value, p.severity.value)}: {p.message}")
        line = _source_line(root, p)
        if line is not None:
            shown = line.replace("\t", " ")
            out.append(f"    {shown}")
            out.append("    " + " " * min(p.where.column - 1, len(shown)) + "^")
        if p.hint:
            out.append(f"    {paint('hint', 'hint')}: {p.hint}")
    return "\n".join(out)


def as_json(problems: Iterable[Problem]) -> str:
    return json.dumps([
        {"path": p.where.path.as_posix(), "line": p.where.line, "column": p.where.column,
         "severity": p.severity.value, "code": p.code, "message": p.message, "hint": p.hint,
         "document": p.document}
        for p in problems
    ], ensure_ascii=False, indent=2)


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


def github(problems: Iterable[Problem]) -> str:
    """::error file=...,line=...,col=...,title=...::message (hint)."""
    lines = []
    for p in problems:
        props = (f"file={_escape(p.where.path.as_posix(), True)},line={p.where.line},col={p.where.column},"
                 f"title={_escape('nota ' + p.code, True)}")
        body = f"{p.message}. Hint: {p.hint}" if p.hint else p.message
        lines.append(f"::{p.severity.value} {props}::{_escape(body)}")
    return "\n".join(lines)


def render(problems: list[Problem], fmt: str, root: Path, colour: bool = False) -> str:
    if fmt == "json":
        return as_json(problems)
    if fmt == "github":
        return github(problems)
    return text(problems, root, colour)
