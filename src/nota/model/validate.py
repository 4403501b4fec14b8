"""MODEL stage: validate loaded YAML against the models; every error a located problem in plain words.

Each pydantic error becomes a Problem at the line and column of the value (or key) it is about; how
each kind of error is put into words is model/explain.py. Its code is one of errors.Code, so the
JSON output names it the same way whatever pydantic calls it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from nota.errors import Code, Problem
from nota.i18n import N_, _
from nota.load.resume import Rest
from nota.model.errorat import ErrorAt
from nota.model.explain import EXPLAIN, WHERE, by_prefix, suggestion
from nota.source import Loc, Location, SourceFile

M = TypeVar("M", bound=BaseModel)

# what a file of each kind needs at least, for the message about an empty file
_MINIMAL = {"DocumentMeta": N_("document.yaml needs at least title:, organisation:, status: and chapters: "
                               "(see docs/content-format.md)"),
            "Chapter": N_("a chapter needs at least title: (see docs/content-format.md)"),
            "BudgetTable": N_("a budget table needs at least title:, unit:, years: and rows: "
                              "(see docs/content-format.md)"),
            "Theme": N_("a theme needs at least name: and colours: (see docs/content-format.md)")}
# what a part left out after a syntax error can explain: that a key or a block's type is missing
_FOLLOW_ON = {Code.MISSING_KEY, Code.MISSING_TYPE, Code.EMPTY_FILE}


def validate(model: type[M], source: SourceFile, document: str = "") -> tuple[M | None, list[Problem]]:
    """Validate a file's data; return the model or the located problems."""
    if source.data is None or source.data == {}:
        needs = _MINIMAL.get(model.__name__, N_("a file of this kind needs its keys (see docs/content-format.md)"))
        return None, [Problem(_("the file is empty"), Location(source.path), _(needs), code=Code.EMPTY_FILE,
                              document=document)]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        errors = _without_shadowed_missing(model, exc.errors(include_url=False))
        return None, _dedupe([_explain(model, source, error, document) for error in errors])
    except Exception as exc:  # never a traceback: a validator that fails unexpectedly is still located
        return None, [Problem(_("this file could not be checked ({error})", error=f"{type(exc).__name__}: {exc}"),
                              Location(source.path), _("this is a bug in nota: please report it with the file"),
                              code=Code.INTERNAL, document=document)]


def validate_rest(model: type[M], rest: Rest | None, document: str = "") -> tuple[M | None, list[Problem]]:
    """What could be read of a file after a syntax error (load/resume.py): its model, when the rest
    is valid on its own, and its problems without the ones a part left out could explain: only what
    is wrong whatever the broken part said."""
    if rest is None:
        return None, []
    found, problems = validate(model, rest.source, document)
    return found, [p for p in problems if p.code not in _FOLLOW_ON and not rest.explains(p.where)]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for p in problems:
        key = (p.where.line, p.where.column, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _without_shadowed_missing(model: type[BaseModel], errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop 'missing title' when the same mapping has an unknown key 'titel': one mistake, one message."""
    meant = {(tuple(e["loc"][:-1]), suggestion(model, e)) for e in errors if e["type"] == "extra_forbidden"}
    return [e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), str(e["loc"][-1])) in meant)]


def _data_loc(data: Any, loc: Loc) -> Loc:
    """Drop the segments pydantic adds that are not in the data (union tags such as 'focuspoint')."""
    path: list[int | str] = []
    node = data
    tag_possible = False
    for key in loc:
        if tag_possible and isinstance(node, dict) and key in (node.get("type"), node.get("kind")):
            tag_possible = False  # `- type: text` puts 'text' in the path: the tag, not the text: key
            continue
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            continue
        path.append(key)
        tag_possible = isinstance(node, dict)
    return tuple(path)


# pydantic's error types, as the codes of errors.Code
_CODES = {"missing": Code.MISSING_KEY, "extra_forbidden": Code.UNKNOWN_KEY, "union_tag_invalid": Code.UNKNOWN_TYPE,
          "union_tag_not_found": Code.MISSING_TYPE, "string_pattern_mismatch": Code.FORM, "literal_error":
          Code.NOT_A_CHOICE, "enum": Code.NOT_A_CHOICE, "amount": Code.AMOUNT, "advice": Code.ADVICE,
          "years": Code.YEARS, "figure": Code.FIGURE, "carried_forward": Code.CARRIED_FORWARD}
_CODE_PREFIXES = (("date", Code.DATE), ("string_too", Code.LENGTH), ("too_", Code.LENGTH), ("greater", Code.RANGE),
                  ("less", Code.RANGE))
_TYPES = ("string_type", "str_type", "int_", "float_", "bool_", "list_type", "dict_type", "model_type",
          "model_attributes_type")


def code_of(kind: str) -> Code:
    """The problem code of a pydantic error type."""
    if kind in _CODES:
        return _CODES[kind]
    if kind.startswith(_TYPES):
        return Code.WRONG_TYPE
    return next((code for prefix, code in _CODE_PREFIXES if kind.startswith(prefix)), Code.INVALID)


def _explain(model: type[BaseModel], source: SourceFile, details: ErrorDetails, document: str) -> Problem:
    error = ErrorAt(model, source, details, _data_loc(source.data, tuple(details["loc"])))
    kind = details["type"]
    where = WHERE[kind](error) if kind in WHERE else error.where
    explain = EXPLAIN.get(kind) or by_prefix(kind)
    message, hint = explain(error) if explain else (details["msg"], str(error.ctx.get("hint", "")))
    return Problem(message, where, hint, code=code_of(kind), document=document)
