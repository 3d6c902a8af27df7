"""Which muscles a class's map highlights: its own lists, or else the muscles its exercises work."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def map_muscles(handout: Any, cls: Any, exercises: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The (primary, secondary) muscles a map highlights: the class file's lists, or else its exercises' muscles.

    A map shows what the pack trains, so by default a muscle is primary when any of the pack's exercises works
    it most, and secondary when one only uses it as a helper.
    """
    primary, secondary = handout.primary, handout.secondary
    if primary is None or secondary is None:
        trained_primary, trained_secondary = trained_muscles(cls, exercises)
        primary = trained_primary if primary is None else primary
        secondary = trained_secondary if secondary is None else secondary
    primary = list(dict.fromkeys(primary))
    return primary, [m for m in dict.fromkeys(secondary) if m not in primary]


def trained_muscles(cls: Any, exercises: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The primary and secondary muscles of every exercise the class's exercise handouts show."""
    primary: list[str] = []
    secondary: list[str] = []
    for exercise_id in pack_exercises(cls):
        exercise = exercises.get(exercise_id)
        if exercise is not None:
            primary += exercise.muscles.primary
            secondary += exercise.muscles.secondary
    primary = list(dict.fromkeys(primary))
    return primary, [m for m in dict.fromkeys(secondary) if m not in primary]


def pack_exercises(cls: Any) -> list[str]:
    """Every exercise id the class's exercise handouts show, in order."""
    ids: list[str] = []
    for handout in getattr(cls, "handouts", []):
        if getattr(handout, "type", None) == "exercises":
            ids += handout.exercises
    return list(dict.fromkeys(ids))
