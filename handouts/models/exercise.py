"""A home exercise, as `data/exercises.yaml` describes it."""

from typing import Any, Literal

from pydantic import Field, model_validator

from handouts.models.base import Id, Model, Text

Plane = Literal["frontal", "transverse", "single-leg"]


class Dosage(Model):
    """How much to do: sets of reps, or holds of some seconds."""

    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=50)
    hold_seconds: int | None = Field(default=None, ge=1, le=300)
    per_side: bool = False
    days_per_week: int = Field(ge=1, le=7)

    @model_validator(mode="after")
    def _reps_or_hold(self) -> "Dosage":
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError("give either reps or hold_seconds, not both or neither")
        return self


class TargetMuscles(Model):
    """Muscle ids an exercise works, by how much."""

    primary: list[Id] = Field(min_length=1)
    secondary: list[Id] = Field(default_factory=list)


class Exercise(Model):
    """One exercise card."""

    id: Id
    name: Text
    planes: list[Plane] = Field(min_length=1)
    muscles: TargetMuscles
    equipment: list[Text] = Field(default_factory=list)
    dosage: Dosage
    steps: list[Text] = Field(min_length=1, max_length=4)
    cues: list[Text] = Field(default_factory=list)
    mistakes: list[Text] = Field(default_factory=list)
    easier: Text
    harder: Text
    safety: Text
    video: str = Field(pattern=r"^https://\S+$")
    # Pose data for the figure renderer, or an image in assets/ (the exercise-sheet work refines these).
    figure: dict[str, Any] | None = None
    image: str | None = None
