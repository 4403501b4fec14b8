"""LOAD stage: YAML syntax errors explained in plain words, at the spot a person would fix.

The YAML parser reports what it expected ("expected <block end>, but found '<scalar>'"); an editor
needs to know what to change ("text after the closing quote: put the whole value in quotes"). Each
rule below recognises one parser message and answers with a message, a hint that shows the line as
it should be typed where that can be known, and the place (line and column, 1-based).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.error import MarkedYAMLError

from nota.errors import Code
from nota.source import quoted

_KEY_PREFIX = re.compile(r"^(\s*(?:-\s+)*)([^\s#:\-\[{][^:#]*?):(?:\s+|$)")


@dataclass(frozen=True)
class Explained:
    message: str
    hint: str
    line: int  # 1-based
    column: int  # 1-based
    code: Code = Code.YAML


def quote_hint(line: str, column: int) -> str:
    """'put it between double quotes: lead: "*Let op* dit"' for the value starting at a 1-based column."""
    prefix, value = line[: column - 1], line[column - 1 :].rstrip()
    return f"put it between double quotes: {prefix.strip()} {quoted(value)}".replace(":  ", ": ").strip()


def explain(exc: MarkedYAMLError, lines: list[str]) -> Explained:
    """Turn a parser error into a located message and hint."""
    context, problem = (exc.context or "").strip(), (exc.problem or "").strip()
    for rule in _RULES:
        found = rule(exc, context, problem, lines)
        if found is not None:
            return _clamped(found, lines)
    line, column = _mark(exc.problem_mark or exc.context_mark)
    return _clamped(Explained(f"YAML syntax error: {problem or 'cannot read this'}",
                              "check the indentation and quoting on this line and the one before", line, column),
                    lines)


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _clamped(found: Explained, lines: list[str]) -> Explained:
    """A problem 'at the end of the file' is shown on the last line that has text."""
    if 1 <= found.line <= len(lines) and lines[found.line - 1].strip():
        return found
    last = max((i for i, text in enumerate(lines, 1) if text.strip() and i <= found.line), default=1)
    column = len(lines[last - 1]) + 1 if lines else 1
    return Explained(found.message, found.hint, last, column, found.code)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


# --- the rules, most specific first ---------------------------------------------------------------

def _unclosed_quote(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    if "quoted scalar" not in context or "end of stream" not in problem:
        return None
    line, column = _mark(exc.context_mark)
    mark = _line(lines, line)[column - 1 : column] or '"'
    return Explained(f"the quote {mark} that starts here is never closed",
                     f"add the closing {mark} at the end of the text", line, column)


def _unknown_escape(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    match = re.search(r"unknown escape character '(.)'", problem)
    if not match:
        return None
    line, column = _mark(exc.problem_mark)
    return Explained(f"\\{match[1]} is not allowed between double quotes",
                     "write \\\\ for a backslash, or put the text between single quotes instead", line,
                     max(column - 1, 1))


def _alias(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    if "alias" not in context and "anchor" not in context:
        return None
    line, column = _mark(exc.context_mark)
    sign = _line(lines, line)[column - 1 : column] or "*"
    return Explained(f"a value that starts with {sign} needs quotes", quote_hint(_line(lines, line), column),
                     line, column)


def _bad_start(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    match = re.search(r"found character '(.+)' that cannot start any token", problem)
    if not match:
        return None
    line, column = _mark(exc.problem_mark)
    if match[1] in ("\\t", "\t"):
        return Explained("a tab character here", "replace the tab with a space: YAML does not allow tabs",
                         line, column)
    return Explained(f"a value cannot start with {match[1]}", quote_hint(_line(lines, line), column), line, column)


def _colon_in_value(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    if "mapping values are not allowed" not in problem:
        return None
    line, column = _mark(exc.problem_mark)
    text = _line(lines, line)
    key = _KEY_PREFIX.match(text[: column - 1])
    if key:  # 'title: Nota: versie 2': a second ': ' inside the value
        value = text[key.end() :].rstrip()
        return Explained('this value contains ": " and needs quotes',
                         f"put the whole value between double quotes: {key[0].strip()} {quoted(value)}",
                         line, column)
    return _too_deep(lines, line)


def _too_deep(lines: list[str], line: int) -> Explained:
    """A key indented further than the key above it."""
    text = _line(lines, line)
    above = next((i for i in range(line - 1, 0, -1) if _line(lines, i).strip()), 0)
    start = _key_column(_line(lines, above))
    hint = "indent it like the key it belongs with"
    if above and start is not None:
        hint = (f"start it at column {start + 1}, under the key on line {above}; if it continues the text "
                "above, put that whole text between double quotes")
    return Explained("this line is indented further than the key above it", hint, line, _indent(text) + 1)


def _key_column(text: str) -> int | None:
    match = _KEY_PREFIX.match(text)
    return len(match[1]) if match else None


def _missing_colon(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    if "could not find expected ':'" not in problem:
        return None
    line, column = _mark(exc.context_mark or exc.problem_mark)
    word = _line(lines, line)[column - 1 :].split("#")[0].strip()
    return Explained(f'expected "key: value", found "{word}" without a colon',
                     f"write {word}: if it is a key; if it continues the text above, indent it further",
                     line, column)


def _flow(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    if "flow sequence" not in context and "flow mapping" not in context:
        return None
    opened, closer = ("[", "]") if "sequence" in context else ("{", "}")
    line, column = _mark(exc.problem_mark)
    if "<stream end>" in problem or not _line(lines, line).strip():
        line, column = _mark(exc.context_mark)
        return Explained(f"the {opened} that starts here is never closed",
                         f"add {closer} where the {'list ends' if opened == '[' else 'keys and values end'}",
                         line, column)
    return Explained(f"expected , or {closer} in the list that starts with {opened} on line "
                     f"{_mark(exc.context_mark)[0]}",
                     f"close it with {closer}; a text with commas, brackets or ': ' needs double quotes",
                     line, column)


def _after_quote(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    if "but found '<scalar>'" not in problem:
        return None
    line, column = _mark(exc.problem_mark)
    text = _line(lines, line)
    key = _KEY_PREFIX.match(text)
    if key is None or column - 1 <= key.end():
        return None
    value = text[key.end() :].rstrip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return Explained("text after the closing quote", f"put the whole value between double quotes: "
                     f"{key[0].strip()} {quoted(value)}", line, column)


def _block_end(exc: MarkedYAMLError, context: str, problem: str, lines: list[str]) -> Explained | None:
    match = re.search(r"expected <block end>, but found '(.+)'", problem)
    if not match:
        return None
    line, column = _mark(exc.problem_mark)
    if match[1] in ("]", "}"):
        return Explained(f"a {match[1]} without its opening bracket",
                         "remove it, or put the whole value between double quotes", line, column)
    if match[1] == "-" and column == 1:
        return Explained("a list item where keys were expected",
                         "indent the list under the key it belongs to, e.g. two spaces under blocks:", line, column)
    return _misaligned(lines, line, column)


def _misaligned(lines: list[str], line: int, column: int) -> Explained:
    """A line indented less than the block it belongs to, or less than its siblings."""
    text = _line(lines, line)
    dash = re.match(r"^(\s*)-(?=[^\s-])", text)
    if dash:  # '-title: x' is a key named '-title', not a list item
        return Explained("a dash without a space after it",
                         f"put a space after the dash: - {text[dash.end():].rstrip()}", line, len(dash[1]) + 1)
    hint = "indent it like the lines it belongs with: the same number of spaces"
    if text.lstrip().startswith("- "):
        item = next((i for i in range(line - 1, 0, -1) if _line(lines, i).lstrip().startswith("- ")
                     and _indent(_line(lines, i)) > _indent(text)), 0)
        if item:
            hint = f"start it at column {_indent(_line(lines, item)) + 1}, like the list item on line {item}"
    else:
        above = next((i for i in range(line - 1, 0, -1) if _line(lines, i).strip()), 0)
        start = _key_column(_line(lines, above))
        if start is not None and start != _indent(text):
            hint = f"start it at column {start + 1}, like the key on line {above}"
    return Explained("this line is not indented like the lines it belongs with", hint, line, column)


_RULES = (_unclosed_quote, _unknown_escape, _alias, _bad_start, _colon_in_value, _missing_colon, _flow,
          _after_quote, _block_end)


def explain_duplicate(exc: MarkedYAMLError, lines: list[str]) -> Explained:
    """'key "title" appears twice' with the line of the first one."""
    match = re.search(r'found duplicate key "([^"]*)"', str(exc.problem or exc))
    key = match[1] if match else "?"
    line, column = _mark(exc.problem_mark)
    first = next((i for i in range(_mark(exc.context_mark)[0], line)
                  if re.match(rf"^\s*(?:-\s+)?{re.escape(key)}\s*:", _line(lines, i))
                  and _key_column(_line(lines, i)) == column - 1), None)
    where = f" (first on line {first})" if first else ""
    return Explained(f'key "{key}" appears twice{where}',
                     "each key may appear once in the same place: remove or rename one of them", line, column,
                     Code.DUPLICATE_KEY)
