"""Checks across content that no single schema can make: map coverage and session length."""

from typing import TYPE_CHECKING

from pydantic import BaseModel

from handouts.errors import Problem
from handouts.models import HandoutClass, Muscle
from handouts.sourcefile import Loc, SourceFile

if TYPE_CHECKING:
    from handouts.content import Content

# Adherence to a home programme falls as the list grows; six is what one session should ask.
MAX_EXERCISES_PER_SESSION = 6


def coverage_problems(content: "Content", located: list[tuple[BaseModel, SourceFile, Loc]]) -> list[Problem]:
    """Return an error for each muscle the map cannot draw and each drawn region that names no muscle."""
    from handouts.musclemap import region_ids

    drawn = region_ids()
    problems = [
        source.problem((*loc, "id"), f"muscle '{obj.id}' has no region on the muscle map")
        for obj, source, loc in located
        if isinstance(obj, Muscle) and obj.id not in drawn
    ]
    listing = next((source for obj, source, _ in located if isinstance(obj, Muscle)), None)
    line = listing.line_of(("muscles",)) if listing else 1
    problems += [
        Problem("data/muscles.yaml", line, "", f"the muscle map draws '{region}', which names no muscle in the data")
        for region in sorted(drawn - set(content.muscles))
    ]
    return problems


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
