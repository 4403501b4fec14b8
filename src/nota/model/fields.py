"""MODEL stage, helper: find what the models say about a place in a file (allowed keys, block kinds,
the description of a key), following lists, dicts and tagged unions the way pydantic does."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from nota.i18n import gettext
from nota.model.fielddocs import description_of

Loc = tuple[int | str, ...]


def owner_of(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that has the last key of a location as one of its fields, or None."""
    current: Any = model
    for key in loc[:-1]:
        current = _step(current, key)
        if current is None:
            return None
    return next((c for c in _models_in(current) if loc[-1] in c.model_fields), None)


def key_description(model: type[BaseModel], loc: Loc) -> str:
    """What the key at a location is for ("Text alternative: what the figure shows, in words"), in the
    user's language."""
    for end in range(len(loc), 0, -1):
        key = loc[end - 1]
        owner = owner_of(model, loc[:end]) if isinstance(key, str) else None
        if owner is not None and isinstance(key, str):
            description = str(owner.model_fields[key].description or description_of(owner.__name__, key))
            return gettext(description) if description else ""
    return ""


def fields_at(model: type[BaseModel], loc: Loc) -> set[str]:
    """The keys allowed at a pydantic error location (follows lists, dicts and tagged unions)."""
    current: Any = model
    for key in loc:
        current = _step(current, key)
        if current is None:
            return set()
    models = _models_in(current)
    return set().union(*(m.model_fields for m in models)) if models else set()


def tags_at(model: type[BaseModel], loc: Loc, field: str) -> set[str]:
    """The values the tag field (type, kind) may take at a location: the block kinds."""
    current: Any = model
    for key in loc:
        current = _step(current, key)
        if current is None:
            return set()
    tags: set[str] = set()
    for member in _models_in(current):
        info = member.model_fields.get(field)
        if info is not None:
            tags.update(str(a) for a in typing.get_args(info.annotation))
    return tags


def _step(annotation: Any, key: int | str) -> Any:
    members = [c for c in _unwrap(annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
    if len(members) > 1:  # a tagged union: pydantic's path names the member ('text'), not a key
        tagged = _tagged_member(members, key)
        if tagged is not None:
            return tagged
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if isinstance(key, str) and key in candidate.model_fields:
                return candidate.model_fields[key].annotation
            continue
        origin = typing.get_origin(candidate)
        if origin is list and isinstance(key, int):
            return typing.get_args(candidate)[0]
        if origin is dict and isinstance(key, (str, int)):
            return typing.get_args(candidate)[1]
    # a union tag such as 'focuspoint': pick the member whose `type` literal matches
    return _tagged_member(members, key)


def _tagged_member(members: list[type[BaseModel]], key: int | str) -> type[BaseModel] | None:
    for candidate in members:
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


def keys_of(*models: type[BaseModel]) -> frozenset[str]:
    """Every key the models and the models inside them have (for telling a key without its colon from text)."""
    seen: set[type[BaseModel]] = set()
    todo = list(models)
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            todo += _models_in_deep(info.annotation)
    return frozenset(key for model in seen for key in model.model_fields)


def _models_in_deep(annotation: Any) -> list[type[BaseModel]]:
    """The models anywhere inside an annotation: list[X], dict[str, X], X | None, Annotated[...]."""
    found = []
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            found.append(candidate)
        else:
            for arg in typing.get_args(candidate):
                found += _models_in_deep(arg)
    return found
