"""Turn raw file data into models, reporting schema errors and unknown keys at their lines."""

from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handouts.content.sourcefile import Loc, SourceFile
from handouts.errors import Problem

M = TypeVar("M", bound=BaseModel)


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    """Return ' (did you mean 'x'?)' for a near miss, else ''."""
    close = get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def validate(model: type[M], data: Any, source: SourceFile, loc: Loc = ()) -> tuple[M | None, list[Problem]]:
    """Validate `data` found at `loc` in `source`; return the model (or None) and its problems."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(source, loc, error) for error in exc.errors(include_url=False)]


def _problem(source: SourceFile, base: Loc, error: Mapping[str, Any]) -> Problem:
    loc = _strip_union_tags(source.data, (*base, *error["loc"]))
    kind, message = error["type"], error["msg"]
    if kind == "missing":
        message = "missing required key"
    elif kind == "union_tag_invalid":
        context = error["ctx"]
        kind = context["discriminator"].strip(chr(39))
        message = f"unknown {kind} '{context['tag']}'; expected one of {context['expected_tags']}"
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind == "string_too_long":
        message = f"{len(error['input']):,} characters is too long; the limit is {error['ctx']['max_length']:,}"
    elif "input" in error and not isinstance(error["input"], (dict, list)):
        message = f"{message} (got {_shortened(error['input'])})"
    return source.problem(loc, message[0].lower() + message[1:])


def _shortened(value: Any, limit: int = 60) -> str:
    # A wrong value may be a whole pasted page; the line must stay one readable line.
    shown = repr(value)
    return shown if len(shown) <= limit else f"{shown[: limit - 5]}…{shown[-4:]}"


def _strip_union_tags(data: Any, loc: Loc) -> Loc:
    # Pydantic puts a discriminated union's tag ('muscle-map') into the location; the file has no such key.
    # The tag may equal a real key (an 'exercises' handout has an 'exercises' list), so skip it once per node.
    kept: list[str | int] = []
    node, skipped = data, None
    for part in loc:
        if isinstance(node, dict) and node.get("type") == part and skipped is not node:
            skipped = node
            continue
        kept.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(kept)


def walk(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str, Any, BaseModel]]:
    """Yield (location, field name, field value, owning model) for every field under `value`."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            field_value = getattr(value, name)
            yield (*loc, name), name, field_value, value
            yield from walk(field_value, (*loc, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk(item, (*loc, index))


def models_in(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, BaseModel]]:
    """Yield (location, model) for `value` and every model nested in it."""
    if isinstance(value, BaseModel):
        yield loc, value
        for name in type(value).model_fields:
            yield from models_in(getattr(value, name), (*loc, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from models_in(item, (*loc, index))


def unknown_keys(value: Any, source: SourceFile, loc: Loc = ()) -> list[Problem]:
    """Return one problem per key the schema does not know, anywhere under `value`."""
    problems = []
    for at, model in models_in(value, loc):
        known = set(type(model).model_fields)
        for key in model.model_extra or {}:
            problems.append(source.problem((*at, key), f"unknown key '{key}'{did_you_mean(key, known)}"))
    return problems
