"""MODEL stage: validate loaded YAML against the models and explain every error in plain words."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from nota.errors import Location, Problem
from nota.yamlio import SourceFile

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], source: SourceFile, document: str = "") -> tuple[M | None, list[Problem]]:
    """Validate a file's data; return the model or the located problems."""
    try:
        return model.model_validate(source.data if source.data is not None else {}), []
    except ValidationError as exc:
        problems = [_explain(model, source, error, document) for error in exc.errors(include_url=False)]
        return None, _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for p in problems:
        key = (p.where.line, p.where.column, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _data_loc(data: Any, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop the segments pydantic adds that are not in the data (union tags such as 'focuspoint')."""
    path: list[int | str] = []
    node = data
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            continue
        path.append(key)
    return tuple(path)


def _explain(model: type[BaseModel], source: SourceFile, error: ErrorDetails, document: str) -> Problem:
    loc = _data_loc(source.data, tuple(error["loc"]))
    kind = error["type"]
    key = str(error["loc"][-1]) if error["loc"] else ""
    found = error.get("input")
    where = source.locate(loc)
    message, hint = error["msg"], ""
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message, hint = f'missing required key "{key}"', f"add {key}: with a value"
        where = source.locate(loc)
    elif kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, tuple(error["loc"][:-1])))
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5) or _translated(key, allowed)
        message = f'unknown key "{key}"'
        hint = f'did you mean "{close[0]}"?' if close else ""
        hint += f" Allowed here: {', '.join(allowed)}." if allowed else ""
        hint = hint.strip()
        where = _key_location(source, loc, key)
    elif kind == "union_tag_invalid":
        tag, expected = ctx.get("tag", found), str(ctx.get("expected_tags", ""))
        options = [t.strip(" '") for t in expected.split(",")]
        close = difflib.get_close_matches(str(tag), options, n=1, cutoff=0.5)
        message = f'unknown type "{tag}"'
        hint = (f'did you mean "{close[0]}"? ' if close else "") + f"Known types: {', '.join(options)}."
    elif kind == "union_tag_not_found":
        message, hint = "this item has no type", "add type: text, focuspoint, quote, callout, ... (see docs)"
    elif kind == "amount":
        message, hint = error["msg"], str(ctx.get("hint", ""))
    elif kind in ("string_type", "str_type"):
        written = source.token_at(where) or _show(found)
        message = f"expected text, found {_describe(found)} {written}"
        hint = f'put it between double quotes: "{written}"'
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message, hint = f"expected a whole number, found {_describe(found)} {_show(found)}", "write digits only"
    elif kind in ("bool_type", "bool_parsing"):
        message, hint = f"expected true or false, found {_show(found)}", "write true or false"
    elif kind == "literal_error":
        message = f"expected {ctx.get('expected', '')}, found {_show(found)}"
        hint = "use one of the listed values, written exactly so"
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = f"{_show(found)} is not a valid date"
        hint = "write dates as YYYY-MM-DD, e.g. 2021-10-01"
    elif kind == "string_pattern_mismatch" and "a-z0-9" in str(ctx.get("pattern", "")):
        message = f"{_show(found)} is not a valid id"
        hint = "use lower case letters, digits and hyphens, e.g. wmo-meerjarenperspectief"
    elif kind == "string_pattern_mismatch" and "\\*" in str(ctx.get("pattern", "")):
        message, hint = f"{_show(found)} is not a note marker", 'write one to four asterisks in quotes, e.g. "**"'
    elif kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        expected = "a list (lines starting with -)" if kind == "list_type" else "a mapping of keys and values"
        message, hint = f"expected {expected}, found {_describe(found)}", "check the indentation of this part"
    elif ctx.get("hint"):
        hint = str(ctx["hint"])
    return Problem(message, where, hint, code=kind, document=document)


_DUTCH = {"titel": "title", "ondertitel": "subtitle", "organisatie": "organisation", "datum": "date",
          "tekst": "text", "activiteiten": "activities", "hoofdstukken": "chapters", "bijlagen": "appendices",
          "bedragen": "amounts", "jaren": "years", "omschrijving": "description", "partij": "party",
          "totaal": "total", "voetnoten": "footnotes", "eenheid": "unit", "secties": "sections"}


def _translated(key: str, allowed: list[str]) -> list[str]:
    english = _DUTCH.get(key.lower())
    return [english] if english in allowed else []


def _key_location(source: SourceFile, loc: tuple[int | str, ...], key: str) -> Location:
    parent = source.data
    for part in loc[:-1] if loc and loc[-1] == key else loc:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            break
    lc = getattr(parent, "lc", None)
    if lc is not None and isinstance(parent, dict) and key in parent:
        line, col = lc.key(key)
        return Location(source.path, line + 1, col + 1)
    return source.locate(loc)


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(getattr(value, "source", value)).lower() \
        if isinstance(value, bool) else str(getattr(value, "source", value))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no value"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if value is None:
        return "nothing"
    return "text"


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> set[str]:
    """The keys allowed at a pydantic error location (follows lists, dicts and tagged unions)."""
    current: Any = model
    for key in loc:
        current = _step(current, key)
        if current is None:
            return set()
    models = _models_in(current)
    return set().union(*(m.model_fields for m in models)) if models else set()


def _step(annotation: Any, key: int | str) -> Any:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if isinstance(key, str) and key in candidate.model_fields:
                return candidate.model_fields[key].annotation
            continue
        origin = typing.get_origin(candidate)
        if origin is list and isinstance(key, int):
            return typing.get_args(candidate)[0]
        if origin is dict and isinstance(key, str):
            return typing.get_args(candidate)[1]
    # a union tag such as 'focuspoint': pick the member whose `type` literal matches
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            for name in ("type", "kind"):
                field = candidate.model_fields.get(name)
                if field and key in typing.get_args(field.annotation):
                    return candidate
    return None


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for arg in typing.get_args(annotation) for c in _unwrap(arg)]
    return [annotation]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    return [c for c in _unwrap(annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
