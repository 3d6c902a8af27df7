"""Check that every id a file mentions names something that exists, and every asset path is inside the project."""

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from handouts.errors import Problem, SandboxViolation
from handouts.models.base import Asset, Ref
from handouts.sourcefile import Loc, SourceFile
from handouts.validation import did_you_mean, walk

if TYPE_CHECKING:
    from handouts.content import Content

Marker = Ref | Asset


def check_references(content: "Content", located: list[tuple[BaseModel, SourceFile, Loc]]) -> list[Problem]:
    """Return a problem for each dangling id and each missing or out-of-project asset."""
    problems = []
    for obj, source, base in located:
        for loc, name, value, owner in walk(obj, base):
            marker = field_marker(type(owner), name)
            if isinstance(marker, Ref):
                problems += _check_ids(content, source, loc, marker, value)
            elif isinstance(marker, Asset) and isinstance(value, str):
                problem = asset_problem(content, value)
                if problem:
                    problems.append(source.problem(loc, problem))
    return problems


@cache
def field_marker(model: type[BaseModel], name: str) -> Marker | None:
    """Return the Ref or Asset marker on a model field, looking inside list[...] and X | None."""
    info = model.model_fields[name]
    found = [m for m in info.metadata if isinstance(m, (Ref, Asset))]
    return found[0] if found else _marker_in(info.annotation)


def _marker_in(annotation: Any) -> Marker | None:
    if get_origin(annotation) is Annotated:
        found = [m for m in annotation.__metadata__ if isinstance(m, (Ref, Asset))]
        return found[0] if found else None
    for arg in get_args(annotation):
        found = _marker_in(arg)
        if found:
            return found
    return None


def _check_ids(content: "Content", source: SourceFile, loc: Loc, ref: Ref, value: Any) -> list[Problem]:
    known = getattr(content, ref.collection)
    if isinstance(value, str):
        values = [(loc, value)]
    elif isinstance(value, (list, tuple)):
        values = [((*loc, index), item) for index, item in enumerate(value)]
    elif isinstance(value, dict):
        values = [((*loc, key), key) for key in value]
    else:
        values = []
    return [
        source.problem(at, f"unknown {ref.noun} '{ident}'{did_you_mean(ident, set(known))}")
        for at, ident in values
        if isinstance(ident, str) and ident not in known
    ]


def asset_problem(content: "Content", path: str) -> str | None:
    """Return what is wrong with an asset path, or None when it names a file inside the project."""
    try:
        target = content.project.asset(path)
    except SandboxViolation as exc:
        return str(exc)
    return None if target.is_file() else f"missing asset '{path}'"
