"""Safety checks across a class: the screening comes before any exercise, and the clinical review is current."""

from pydantic import BaseModel

from handouts.content.models import HandoutClass
from handouts.content.sourcefile import Loc, SourceFile
from handouts.errors import Problem

# A reviewer signs for the content as it stood; after a year, evidence and the clinic's advice may have moved on.
REVIEW_VALID_DAYS = 365


def safety_warnings(located: list[tuple[BaseModel, SourceFile, Loc]]) -> list[Problem]:
    """Return a warning for each class that puts exercises before its screening or whose review is stale."""
    warnings = []
    for obj, source, loc in located:
        if not isinstance(obj, HandoutClass):
            continue
        first_exercise = next((i for i, h in enumerate(obj.handouts) if h.type == "exercises"), None)
        first_screening = next((i for i, h in enumerate(obj.handouts) if h.type == "screening"), None)
        if first_exercise is not None and (first_screening is None or first_screening > first_exercise):
            warnings.append(source.problem(
                (*loc, "handouts", first_exercise),
                "exercises come before any screening: add '- type: screening' above the first exercises handout, "
                "so people read the warning signs before they start",
            ))
        if obj.reviewed_on is not None and (obj.date - obj.reviewed_on).days > REVIEW_VALID_DAYS:
            warnings.append(source.problem(
                (*loc, "reviewed_on"),
                f"the clinical review ({obj.reviewed_on.isoformat()}) is more than a year older than the class "
                f"({obj.date.isoformat()}): have a clinician review it again",
            ))
    return warnings
