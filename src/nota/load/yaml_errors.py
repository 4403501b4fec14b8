"""LOAD stage: YAML syntax errors explained in plain words, at the spot a person would fix.

The YAML parser reports what it expected ("expected <block end>, but found '<scalar>'"); an editor
needs to know what to change ("text after the closing quote: put the whole value in quotes"). Each
rule below recognises one parser message and answers with a message, a hint that shows the line as
it should be typed where that can be known, and the place (line and column, 1-based).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from ruamel.yaml.error import MarkedYAMLError

from nota.errors import Code
from nota.i18n import _
from nota.load.yaml_indent import KEY_PREFIX, Explained, indent, key_column, line_above, line_at, misaligned, too_deep
from nota.source import quoted
from nota.text.bullets import LIST_LINE

# a line that is a key without its colon: `title Toegang en regie`, `- type focuspoint`, `amounts = [1, 2]`
_KEY_WITHOUT_COLON = re.compile(r"^(\s*(?:-\s+)?)([a-z_]+)([ \t]*=[ \t]*|[ \t]+)(\S.*?)\s*$")


def quote_hint(line: str, column: int) -> str:
    """'put it between double quotes: lead: "*Let op* dit"' for the value starting at a 1-based column."""
    prefix, value = line[: column - 1], line[column - 1 :].rstrip()
    shown = f"{prefix.strip()} {quoted(value)}".replace(":  ", ": ").strip()
    return _("put it between double quotes: {line}", line=shown)


def explain(exc: MarkedYAMLError, lines: list[str], keys: Collection[str] = (), last: Any = None) -> Explained:
    """Turn a parser error into a located message and hint; `keys` are the keys content has, so a key
    written without its colon can be told from text; `last` is the last value the parser read."""
    context, problem = (exc.context or "").strip(), (exc.problem or "").strip()
    ran_on = _quote_ran_on(exc, lines, last)
    if ran_on is not None:
        return _clamped(ran_on, lines)
    for rule in _RULES:
        found = rule(exc, context, problem, lines, keys)
        if found is not None:
            return _clamped(found, lines)
    line, column = _mark(exc.problem_mark or exc.context_mark)
    return _clamped(Explained(_("YAML syntax error: {problem}", problem=problem or _("cannot read this")),
                              _("check the indentation and quoting on this line and the one before"), line, column,
                              structural=True), lines)


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _clamped(found: Explained, lines: list[str]) -> Explained:
    """A problem 'at the end of the file' is shown on the last line that has text."""
    if 1 <= found.line <= len(lines) and lines[found.line - 1].strip():
        return found
    last = max((i for i, text in enumerate(lines, 1) if text.strip() and i <= found.line), default=1)
    column = len(lines[last - 1]) + 1 if lines else 1
    return Explained(found.message, found.hint, last, column, found.code, found.structural)


def _quote_ran_on(exc: MarkedYAMLError, lines: list[str], last: Any) -> Explained | None:
    """A quote left open: the last value the parser read is a quoted text that ran on over lines that
    look like keys and list items, to the next quote. Content hardly ever holds such a text; a quote
    left open often does, and the error the parser then gives comes later, somewhere else."""
    if last is None or getattr(last, "style", None) not in ('"', "'") or exc.problem_mark is None:
        return None
    start, end = last.start_mark, last.end_mark
    swallowed = [line_at(lines, n + 1) for n in range(start.line + 1, end.line + 1)]
    if not any(KEY_PREFIX.match(text) or text.lstrip().startswith("- ") for text in swallowed):
        return None
    mark = last.style
    return Explained(_("the quote {mark} that starts here is not closed on its line", mark=mark),
                     _("add the closing {mark} at the end of the text", mark=mark), start.line + 1, start.column + 1)


# --- the rules, most specific first ---------------------------------------------------------------

Keys = Collection[str]


def _unclosed_quote(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
                    ) -> Explained | None:
    if "quoted scalar" not in context or "end of stream" not in problem:
        return None
    line, column = _mark(exc.context_mark)
    mark = line_at(lines, line)[column - 1 : column] or '"'
    return Explained(_("the quote {mark} that starts here is never closed", mark=mark),
                     _("add the closing {mark} at the end of the text", mark=mark), line, column)


def _unknown_escape(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
                    ) -> Explained | None:
    match = re.search(r"unknown escape character '(.)'", problem)
    if not match:
        return None
    line, column = _mark(exc.problem_mark)
    return Explained(_("\\{letter} is not allowed between double quotes", letter=match[1]),
                     _("write \\\\ for a backslash, or put the text between single quotes instead"), line,
                     max(column - 1, 1))


def _alias(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys) -> Explained | None:
    if "alias" not in context and "anchor" not in context:
        return None
    line, column = _mark(exc.context_mark)
    sign = line_at(lines, line)[column - 1 : column] or "*"
    return Explained(_("a value that starts with {sign} needs quotes", sign=sign),
                     quote_hint(line_at(lines, line), column), line, column)


def _bad_start(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
               ) -> Explained | None:
    match = re.search(r"found character '(.+)' that cannot start any token", problem)
    if not match:
        return None
    line, column = _mark(exc.problem_mark)
    if match[1] in ("\\t", "\t"):
        return Explained(_("a tab (shown as →) at column {column}", column=column),
                         _("replace the tab with a space: YAML does not allow tabs"), line, column)
    return Explained(_("a value cannot start with {sign}", sign=match[1]), quote_hint(line_at(lines, line), column),
                     line, column)


def _colon_in_value(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
                    ) -> Explained | None:
    if "mapping values are not allowed" not in problem:
        return None
    line, column = _mark(exc.problem_mark)
    text = line_at(lines, line)
    key = KEY_PREFIX.match(text[: column - 1])
    if key:  # 'title: Nota: versie 2': a second ': ' inside the value
        value = text[key.end() :].rstrip()
        return Explained(_('this value contains ": " and needs quotes'),
                         _("put the whole value between double quotes: {line}",
                           line=f"{key[0].strip()} {quoted(value)}"), line, column)
    above = line_above(lines, line)
    colonless = _colonless_key(lines, above, keys) if above else None
    if colonless is not None:  # `- type focuspoint` above `title: x`: the colon is missing up there
        return colonless
    return too_deep(lines, line)


def _colonless_key(lines: list[str], line: int, keys: Keys) -> Explained | None:
    """A line that is a known key followed by its value, without the colon between them."""
    match = _KEY_WITHOUT_COLON.match(line_at(lines, line))
    if match is None or match[2] not in keys or ":" in match[4]:
        return None
    written = f"{match[1].strip()} {match[2]}: {match[4]}".strip()
    return Explained(_('a colon is missing after "{key}"', key=match[2]), _("write {line}", line=written), line,
                     len(match[1]) + len(match[2]) + 1)


def _missing_colon(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
                   ) -> Explained | None:
    if "could not find expected ':'" not in problem:
        return None
    line, column = _mark(exc.context_mark or exc.problem_mark)
    colonless = _colonless_key(lines, line, keys)
    if colonless is not None:  # `title Toegang en regie`: write `title: Toegang en regie`
        return colonless
    word = line_at(lines, line)[column - 1 :].split("#")[0].strip()
    above = line_above(lines, line)
    key = KEY_PREFIX.match(line_at(lines, above)) if above else None
    if key and not line_at(lines, above)[key.end() :].strip() and LIST_LINE.match(word):
        # `- Dit willen we:` with pasted bullets under it: the text's colon made it a key
        return Explained(_('"{text}:" ends with a colon, so it is read as a key and the list under it cannot follow',
                           text=key[2]), _('for text with a list under it, write "- |" on a line of its own and '
                                           'indent the text and the list below it'), above, key.end(2) + 1)
    if " " in word:
        return Explained(_('expected "key: value", found "{word}" without a colon', word=word),
                         _("if it continues the text above, indent it further; a key has a colon after it, as in "
                           '"title: Inleiding"'), line, column)
    return Explained(_('expected "key: value", found "{word}" without a colon', word=word),
                     _("write {word}: if it is a key; if it continues the text above, indent it further", word=word),
                     line, column)


def _empty_in_list(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
                   ) -> Explained | None:
    """`amounts: [500, , 700]`: a figure deleted, its comma left."""
    if "expected the node content, but found ','" not in problem:
        return None
    line, column = _mark(exc.problem_mark)
    return Explained(_("a value is missing before this comma"),
                     _("write the value (for an amount: 0 in a year without money), or remove the comma"), line, column)


def _flow(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys) -> Explained | None:
    if "flow sequence" not in context and "flow mapping" not in context:
        return None
    opened, closer = ("[", "]") if "sequence" in context else ("{", "}")
    line, column = _mark(exc.problem_mark)
    if "<stream end>" in problem or not line_at(lines, line).strip():
        line, column = _mark(exc.context_mark)
        where = _("where the list ends") if opened == "[" else _("where the keys and values end")
        return Explained(_("the {bracket} that starts here is never closed", bracket=opened),
                         _("add {bracket} {where}", bracket=closer, where=where), line, column)
    return Explained(_("expected , or {closer} in the list that starts with {opened} on line {line}", closer=closer,
                       opened=opened, line=_mark(exc.context_mark)[0]),
                     _("close it with {closer}; a text with commas, brackets or ': ' needs double quotes",
                       closer=closer), line, column)


def _after_quote(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
                 ) -> Explained | None:
    if "but found '<scalar>'" not in problem:
        return None
    line, column = _mark(exc.problem_mark)
    text = line_at(lines, line)
    key = KEY_PREFIX.match(text)
    if key is None or column - 1 <= key.end():
        return None
    value = text[key.end() :].rstrip()
    hint = _("put the whole value between double quotes: {line}", line=f"{key[0].strip()} {quoted(value)}")
    if value[:1] in ("[", "{"):  # `description: [concept] advies`: the brackets were read as a list
        return Explained(_("a value that starts with {sign} needs quotes", sign=value[0]), hint, line,
                         key.end() + 1)
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
        hint = _("put the whole value between double quotes: {line}", line=f"{key[0].strip()} {quoted(value)}")
    return Explained(_("text after the closing quote"), hint, line, column)


def _block_end(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
               ) -> Explained | None:
    match = re.search(r"expected <block end>, but found '(.+)'", problem)
    if not match:
        return None
    line, column = _mark(exc.problem_mark)
    if match[1] in ("]", "}"):
        return Explained(_("a {bracket} without its opening bracket", bracket=match[1]),
                         _("remove it, or put the whole value between double quotes"), line, column)
    if match[1] == "-" and column == 1:
        return Explained(_("a list item where keys were expected"),
                         _("indent the list under the key it belongs to, e.g. two spaces under blocks:"), line, column,
                         structural=True)
    return misaligned(lines, line, column)


def _indented_start(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
                    ) -> Explained | None:
    """The file's first key is indented, so the keys after it, at the start of their lines, seem to
    begin a second document."""
    if "expected '<document start>'" not in problem:
        return None
    first = next((n for n, text in enumerate(lines, 1) if text.strip() and not text.lstrip().startswith("#")), 0)
    if not first or not indent(line_at(lines, first)):
        return None
    return Explained(_("the first line is indented, the lines after it are not"),
                     _("start it at column 1: the keys of a file start at the beginning of the line"), first,
                     indent(line_at(lines, first)) + 1, structural=True)


def _after_block_indicator(exc: MarkedYAMLError, context: str, problem: str, lines: list[str], keys: Keys
                           ) -> Explained | None:
    """Text on the same line as | or >, which start a text on the lines below."""
    if "expected a comment or a line break" not in problem:
        return None
    line, column = _mark(exc.problem_mark)
    return Explained(_("after | or > the text starts on the next line"),
                     _("put the text on the lines below it, indented further than this line"), line, column)


_RULES = (_indented_start, _after_block_indicator, _unclosed_quote, _unknown_escape, _alias, _bad_start,
          _colon_in_value, _missing_colon, _empty_in_list, _flow, _after_quote, _block_end)


def explain_duplicate(exc: MarkedYAMLError, lines: list[str]) -> Explained:
    """'key "title" appears twice', with the first one as a place beside it."""
    match = re.search(r'found duplicate key "([^"]*)"', str(exc.problem or exc))
    key = match[1] if match else "?"
    line, column = _mark(exc.problem_mark)
    first = next((i for i in range(_mark(exc.context_mark)[0], line)
                  if re.match(rf"^\s*(?:-\s+)?{re.escape(key)}\s*:", line_at(lines, i))
                  and key_column(line_at(lines, i)) == column - 1), None)
    return Explained(_('key "{key}" appears twice', key=key),
                     _("each key may appear once in the same place: remove or rename one of them"),
                     line, column, Code.DUPLICATE_KEY, first=(first, column) if first else None)
