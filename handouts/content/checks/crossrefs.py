"""Check that every id a file mentions names something that exists, and every asset path is inside the project."""

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from handouts.content.models.base import Asset, Ref
from handouts.content.parse import did_you_mean, walk
from handouts.content.sourcefile import Loc, SourceFile
from handouts.errors import Problem, SandboxViolation

if TYPE_CHECKING:
    from handouts.content.corpus import Content

Marker = Ref | Asset


@dataclass
class Unloaded:
    """What a collection lacks because a file failed to load: a whole file, or single entries by id."""

    files: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)

    def failed_source(self, ident: str) -> str | None:
        """Return the file that failing to load explains `ident` being unknown, or None if nothing does."""
        return self.ids.get(ident) or (self.files[0] if self.files else None)


@dataclass
class _KnockOn:
    count: int
    line: int | None
    ids: list[str]


def check_references(
    content: "Content",
    located: list[tuple[BaseModel, SourceFile, Loc]],
    unloaded: dict[str, Unloaded] | None = None,
) -> list[Problem]:
    """Return a problem for each dangling id and each missing or out-of-project asset.

    Ids that are unknown only because the file holding them failed to load are not the user's mistake: they are
    summed up as one line per using file, listed after the failing file's own errors.
    """
    problems: list[Problem] = []
    knock_ons: dict[tuple[str, str, str], _KnockOn] = {}
    for obj, source, base in located:
        for loc, name, value, owner in walk(obj, base):
            marker = field_marker(type(owner), name)
            if isinstance(marker, Ref):
                lacking = (unloaded or {}).get(marker.collection)
                problems += _check_ids(content, source, loc, marker, value, lacking, knock_ons)
            elif isinstance(marker, Asset) and isinstance(value, str):
                problem = asset_problem(content, value)
                if problem:
                    problems.append(source.problem(loc, problem))
    for (path, noun, failed), seen in knock_ons.items():
        uses = f"{seen.count} use{'' if seen.count == 1 else 's'}"
        shown = ", ".join(seen.ids[:3]) + (", …" if len(seen.ids) > 3 else "")
        message = f"{uses} of {noun}s from {failed}, which failed to load ({shown})"
        problems.append(Problem(path, seen.line, "", message, knock_on=True))
    return problems


@cache
def field_marker(model: type[BaseModel], name: str) -> Marker | None:
    """Return the Ref or Asset marker on a model field, looking inside list[...] and X | None."""
    info = model.model_fields[name]
    found = [m for m in info.metadata if isinstance(m, (Ref, Asset))]
    return found[0] if found else _marker_in(info.annotation)


def _marker_in(annotation: Any) -> Marker | None:
    if get_origin(annotation) is Annotated:
        markers = [m for m in annotation.__metadata__ if isinstance(m, (Ref, Asset))]
        return markers[0] if markers else None
    for arg in get_args(annotation):
        found = _marker_in(arg)
        if found:
            return found
    return None


def _check_ids(
    content: "Content", source: SourceFile, loc: Loc, ref: Ref, value: Any, unloaded: Unloaded | None,
    knock_ons: dict[tuple[str, str, str], _KnockOn],
) -> list[Problem]:
    known = getattr(content, ref.collection)
    if isinstance(value, str):
        values = [(loc, value)]
    elif isinstance(value, (list, tuple)):
        values = [((*loc, index), item) for index, item in enumerate(value)]
    elif isinstance(value, dict):
        values = [((*loc, key), key) for key in value]
    else:
        values = []
    problems = []
    for at, ident in values:
        if not isinstance(ident, str) or ident in known:
            continue
        failed = unloaded.failed_source(ident) if unloaded else None
        if failed is None:
            problems.append(source.problem(at, f"unknown {ref.noun} '{ident}'{did_you_mean(ident, set(known))}"))
            continue
        seen = knock_ons.setdefault((source.path, ref.noun, failed), _KnockOn(0, None, []))
        line = source.line_of(at)
        seen.count += 1
        seen.line = line if seen.line is None or (line is not None and line < seen.line) else seen.line
        if ident not in seen.ids:
            seen.ids.append(ident)
    return problems


def asset_problem(content: "Content", path: str) -> str | None:
    """Return what is wrong with an asset path, or None when it names a file inside the project."""
    try:
        target = content.project.asset(path)
    except SandboxViolation as exc:
        return str(exc)
    return None if target.is_file() else f"missing asset '{path}'"
