"""Checks across content that no single schema can make: map coverage and session length."""

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from handouts.content.models import HandoutClass
from handouts.content.sourcefile import Loc, SourceFile
from handouts.errors import Problem

if TYPE_CHECKING:
    from handouts.content.corpus import Content

# Adherence to a home programme falls as the list grows; six is what one session should ask.
MAX_EXERCISES_PER_SESSION = 6


def coverage_problems(
    content: "Content", located: list[tuple[BaseModel, SourceFile, Loc]]
) -> tuple[list[Problem], list[Problem]]:
    """Return (errors, warnings) about the body atlas and the maps that use it.

    Checks follow use: a muscle a class puts on a map needs a shape in the views that map draws (an error at
    the class file's line); a muscle nobody maps needs none; a shape whose id names no muscle is a warning.
    Only the atlas's ids are read here, not its drawing.
    """
    from handouts.content.atlas_index import VIEWS, AtlasError, AtlasIndex, View, read_index
    from handouts.content.map_selection import map_muscles

    maps = [
        (obj, source, loc, index, handout)
        for obj, source, loc in located
        if isinstance(obj, HandoutClass)
        for index, handout in enumerate(obj.handouts)
        if handout.type == "muscle-map"
    ]
    indexes: dict[View, AtlasIndex] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for view in VIEWS:
        try:
            indexes[view] = read_index(content.root, view)
        except AtlasError as exc:
            # A broken atlas only matters to a project that draws a map, but it is worth saying either way.
            (errors if maps else warnings).append(Problem(exc.path, exc.line, "", exc.message))
    if len(indexes) < len(VIEWS):
        return errors, warnings
    for atlas in indexes.values():
        for muscle, line in atlas.regions.items():
            if muscle not in content.muscles:
                warnings.append(Problem(atlas.file, line, f"id '{_index_id(atlas, muscle)}'",
                                        f"'{muscle}' names no muscle in data/muscles.yaml, so no map can mark it"))
    for obj, source, loc, index, handout in maps:
        where = (*loc, "handouts", index)
        shown = list(VIEWS) if handout.whole_body else []
        for name in handout.close_ups:
            views = [v for v in VIEWS if name in indexes[v].crops]
            if not views:
                known = ", ".join(sorted(indexes["front"].crops | indexes["back"].crops)) or "none"
                errors.append(source.problem((*where, "close_ups", handout.close_ups.index(name)),
                                             f"the body atlas has no close-up '{name}' (it has: {known})"))
            shown += views
        primary, secondary = map_muscles(handout, obj, content.exercises)
        for level, ids in (("primary", primary), ("secondary", secondary)):
            listed = getattr(handout, level)
            for muscle in ids:
                info = content.muscles.get(muscle)
                if info is None:
                    continue  # an unknown id is reported by the cross-reference check
                wanted = [v for v in info.views if v in shown] or shown
                missing = [v for v in dict.fromkeys(wanted) if muscle not in indexes[v].regions]
                if missing:
                    at = (*where, level, listed.index(muscle)) if listed and muscle in listed else where
                    files = " and ".join(indexes[v].file for v in missing)
                    errors.append(source.problem(at, f"muscle '{muscle}' has no shape in {files}; add an element "
                                                     f"with id '{muscle}' (or '{muscle}--left', …) there"))
        warnings += _override_warnings(obj, source, where, handout, content)
    return errors, warnings


def _index_id(index: Any, muscle: str) -> str:
    """The id of the first shape of `muscle` in an atlas index, as the author wrote it."""
    return next(i for i, line in index.ids.items() if line == index.regions[muscle] and i.split("--")[0] == muscle)


def _override_warnings(
    cls: HandoutClass, source: SourceFile, where: Loc, handout: Any, content: "Content"
) -> list[Problem]:
    """A map that lists its own muscles in a pack with exercises may drift from what the exercises train."""
    from handouts.content.map_selection import pack_exercises, trained_muscles

    if not pack_exercises(cls):
        return []
    trained = trained_muscles(cls, content.exercises)
    out = []
    for level, default in zip(("primary", "secondary"), trained):
        listed = getattr(handout, level)
        if listed is not None and list(dict.fromkeys(listed)) != default:
            extra = [m for m in listed if m not in default]
            left_out = [m for m in default if m not in listed]
            detail = "; ".join(
                part for part in (
                    f"not trained as {level}: {', '.join(extra)}" if extra else "",
                    f"left out: {', '.join(left_out)}" if left_out else "",
                ) if part
            ) or "a different order"
            out.append(source.problem((*where, level), f"overrides the {level} muscles of the pack's exercises "
                                                       f"({detail}); leave '{level}' out to follow the exercises"))
    return out


def session_warnings(located: list[tuple[BaseModel, SourceFile, Loc]]) -> list[Problem]:
    """Return a warning for each exercises handout that asks more than six exercises of one session."""
    warnings = []
    for obj, source, loc in located:
        if not isinstance(obj, HandoutClass):
            continue
        for index, handout in enumerate(obj.handouts):
            count = len(dict.fromkeys(getattr(handout, "exercises", []))) if handout.type == "exercises" else 0
            if count > MAX_EXERCISES_PER_SESSION:
                warnings.append(source.problem(
                    (*loc, "handouts", index, "exercises"),
                    f"{count} exercises in one session; people keep up with {MAX_EXERCISES_PER_SESSION} or fewer, "
                    "so split them over two handouts or drop some",
                ))
    return warnings
