"""LOAD stage, YAML syntax errors explained: the located answer, the lines it is read from, and the
answers about indentation (a line indented further or less than the lines it belongs with).

yaml_errors.py recognises the parser's messages; the rules about indentation are here, beside the
small helpers both use to read the lines around an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nota.errors import Code
from nota.i18n import _

KEY_PREFIX = re.compile(r"^(\s*(?:-\s+)*)([^\s#:\-\[{][^:#]*?):(?:\s+|$)")


@dataclass(frozen=True)
class Explained:
    message: str
    hint: str
    line: int  # 1-based
    column: int  # 1-based
    code: Code = Code.YAML
    # an indentation error confuses what holds the line, not just the line: reading on (load/resume.py)
    # leaves out the structure that holds it, so its siblings are not reported once each
    structural: bool = False
    first: tuple[int, int] | None = None  # line and column of the first of two (a key written twice)


def line_at(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def line_above(lines: list[str], line: int) -> int:
    """The nearest line above with text, 0 if there is none."""
    return next((i for i in range(line - 1, 0, -1) if line_at(lines, i).strip()), 0)


def too_deep(lines: list[str], line: int) -> Explained:
    """A key indented further than the key above it; or, at the same depth, text that goes on from the
    line above and holds ': '."""
    text = line_at(lines, line)
    above = line_above(lines, line)
    start = key_column(line_at(lines, above))
    if above and start is None and indent(line_at(lines, above)) >= indent(text):
        return Explained(_('the text of line {above} goes on here, and ": " in it is read as a key', above=above),
                         _("put that whole text between double quotes; if line {above} is a key, put a colon "
                           "after it", above=above), line, indent(text) + 1)
    hint = _("indent it like the key it belongs with")
    if above and start is not None:
        hint = _("start it at column {column}, under the key on line {above}; if it continues the text above, "
                 "put that whole text between double quotes", column=start + 1, above=above)
    return Explained(_("this line is indented further than the key above it"), hint, line, indent(text) + 1,
                     structural=True)


def key_column(text: str) -> int | None:
    match = KEY_PREFIX.match(text)
    return len(match[1]) if match else None


def misaligned(lines: list[str], line: int, column: int) -> Explained:
    """A line indented less than the block it belongs to, or less than its siblings."""
    text = line_at(lines, line)
    dash = re.match(r"^(\s*)-(?=[^\s-])", text)
    if dash:  # '-title: x' is a key named '-title', not a list item
        return Explained(_("a dash without a space after it"),
                         _("put a space after the dash: {line}", line=f"- {text[dash.end():].rstrip()}"), line,
                         len(dash[1]) + 1)
    hint = _("indent it like the lines it belongs with: the same number of spaces")
    if text.lstrip().startswith("- "):
        item = next((i for i in range(line - 1, 0, -1) if line_at(lines, i).lstrip().startswith("- ")
                     and indent(line_at(lines, i)) > indent(text)), 0)
        if item and _out_of_step(lines, item, line):  # the first item is the one out of step, not the others
            return Explained(_("this line is indented further than the lines below it"),
                             _("start it at column {column}, like the lines below it", column=indent(text) + 1),
                             item, indent(line_at(lines, item)) + 1, structural=True)
        if item:
            hint = _("start it at column {column}, like the list item on line {item}",
                     column=indent(line_at(lines, item)) + 1, item=item)
    else:
        above = line_above(lines, line)
        start = key_column(line_at(lines, above))
        if start is not None and start != indent(text):
            hint = _("start it at column {column}, like the key on line {above}", column=start + 1, above=above)
        elif above and start is None and indent(line_at(lines, above)) > indent(text):  # a line of a text
            hint = _("start it at column {column}, like line {above} of the same text", above=above,
                     column=indent(line_at(lines, above)) + 1)
    return Explained(_("this line is not indented like the lines it belongs with"), hint, line, column,
                     structural=True)


def _out_of_step(lines: list[str], item: int, line: int) -> bool:
    """Whether the list item on line `item` is alone at its indentation, while the lines from `line` on
    (two items or more) share another: then the first one is out of step."""
    depth, own = indent(line_at(lines, line)), indent(line_at(lines, item))
    if any(line_at(lines, i).strip() and indent(line_at(lines, i)) <= own for i in range(item + 1, line)):
        return False
    following = [i for i in range(line, len(lines) + 1) if line_at(lines, i).strip()]
    siblings = 0
    for i in following:
        if indent(line_at(lines, i)) < depth:
            break
        siblings += indent(line_at(lines, i)) == depth and line_at(lines, i).lstrip().startswith("- ")
    return siblings >= 2
