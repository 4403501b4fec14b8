"""LOAD stage, after a YAML syntax error: where reading can go on, so one run shows every problem.

The YAML parser stops at its first error, which would hide every other problem of the file. So the
broken part is left out and the file is read again: the list item or top-level key that holds the
error, up to the next item of the same list or the next top-level key. Its lines are blanked (kept as
empty lines, so every line and column stays where the editor sees it), and what the parser then
reads is the rest of the file with its real positions, checked against the file's schema like any
file (model/validate.validate_rest) and by the rules that can judge part of a document
(check/rules.PARTIAL_RULES: pasted text, raw HTML, amounts per year, taakvelden, references, ...;
a reference to a name the part left out mentions waits, see `Rest.left_out`). Totals wait for the fix.

Nothing that follows from leaving a part out is reported: a syntax error found again inside or
before a blanked part stops the resuming, and the model drops what the blanked part could explain
(a missing key, an empty list at the key that held it: see `Rest.explains`).
"""

from __future__ import annotations

from dataclasses import dataclass

from nota.source import Location, SourceFile


@dataclass(frozen=True)
class Rest:
    """What could be read of a file after its syntax errors, and which lines were left out."""

    source: SourceFile
    blanked: tuple[tuple[int, int], ...]  # first and last line (1-based) of each part left out

    def explains(self, where: Location) -> bool:
        """Whether a problem at this place may follow from a part left out: it lies inside one, on a
        line that held one (a key or list item whose value may now look empty or short), or where YAML
        puts a value that became empty (the next line's start, or the end of the file)."""
        if where.line > len(self.source.lines) or where.line in self.holders():
            return True
        return any(first <= where.line <= last or self._just_after(first, last, where) for first, last in self.blanked)

    def _just_after(self, first: int, last: int, where: Location) -> bool:
        lines = self.source.lines
        after = next((n for n in range(last + 1, len(lines) + 1) if _content(lines[n - 1])), len(lines) + 1)
        return where.line == after and where.column - 1 <= _indent(lines[first - 1])

    def left_out(self) -> str:
        """The text of the parts left out, as written: a name it mentions may be defined or used there."""
        return "\n".join("\n".join(self.source.lines[first - 1:last]) for first, last in self.blanked)

    def holders(self) -> set[int]:
        """The lines of the keys and list items that enclose a blanked part (`source.lines` are the
        lines as written, blanked parts included)."""
        lines, found = self.source.lines, set()
        for first, _last in self.blanked:
            depth = _indent(lines[first - 1])
            for number in range(first - 1, 0, -1):
                text = lines[number - 1]
                if depth == 0:
                    break
                if _content(text) and _indent(text) < depth:
                    found.add(number)
                    depth = _indent(text)
        return found


def _indent(text: str) -> int:
    """Leading white space, a tab counted as one column (a line indented with tabs is a broken part)."""
    return len(text) - len(text.lstrip(" \t"))


def _content(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def _item(text: str) -> bool:
    stripped = text.lstrip(" \t")
    return stripped == "-" or stripped.startswith(("- ", "-\t"))


def region(lines: list[str], line: int, structural: bool = False) -> tuple[int, int] | None:
    """The part of a file (first and last line, 1-based) that holds a problem at `line`: its list item
    or top-level key, up to the next item of that list or the next top-level key; for an indentation
    error (`structural`), the item or key that holds the line's own, so that its siblings are not each
    reported again. None when nothing of the file would be left to read after it."""
    at = _content_line(lines, line)
    if at is None:
        return None
    if structural:
        at = _holder(lines, at) or at
    start = _start(lines, at)
    end = _end(lines, at, _indent(lines[start - 1]))
    return (start, end) if end < len(lines) or start > 1 else None


def _content_line(lines: list[str], line: int) -> int | None:
    """The line itself, or the nearest line with content above it."""
    for number in range(min(line, len(lines)), 0, -1):
        if _content(lines[number - 1]):
            return number
    return None


def _holder(lines: list[str], at: int) -> int:
    """The nearest line above with less indentation: the key or item that holds this line (0: none)."""
    depth = _indent(lines[at - 1])
    return next((n for n in range(at - 1, 0, -1) if _content(lines[n - 1]) and _indent(lines[n - 1]) < depth), 0)


def _start(lines: list[str], at: int) -> int:
    """The list item or top-level key a line belongs to: the line itself, or the nearest enclosing one."""
    text = lines[at - 1]
    if _item(text) or _indent(text) == 0:
        return at
    depth = _indent(text)
    for number in range(at - 1, 0, -1):
        above = lines[number - 1]
        if not _content(above) or _indent(above) >= depth:
            continue
        depth = _indent(above)
        if _item(above) or depth == 0:
            return number
    return at


def _end(lines: list[str], at: int, depth: int) -> int:
    """The last line before the next line at the part's own indentation or less (a sibling item or an
    outer key), or the last line of the file."""
    for number in range(at + 1, len(lines) + 1):
        text = lines[number - 1]
        if _content(text) and _indent(text) <= depth:
            return number - 1
    return len(lines)


def blanked(lines: list[str], parts: list[tuple[int, int]]) -> str:
    """The text with the lines of each part emptied; every other line as it was."""
    out = list(lines)
    for first, last in parts:
        for number in range(first, last + 1):
            out[number - 1] = ""
    return "\n".join(out) + "\n"
