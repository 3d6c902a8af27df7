"""A home exercise, as `data/exercises.yaml` describes it."""

from typing import Literal

from pydantic import Field, model_validator

from handouts.figures.pose import FigureSpec
from handouts.models.base import AssetPath, Id, Model, MuscleId, Name, Text

# Running is forward-and-back (sagittal); the hip series fills the side-to-side, rotation and balance gap.
Plane = Literal["frontal", "transverse", "single-leg", "sagittal"]


class Dosage(Model):
    """How much to do: sets of reps, or holds of some seconds."""

    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=50)
    hold_seconds: int | None = Field(default=None, ge=1, le=300)
    unit: Name | None = Field(default=None, description="What one rep is, plural, e.g. 'steps' or 'lifts'.")
    per_side: bool = False
    each: Literal["side", "leg", "way"] = Field(default="side", description="What 'per side' counts: 'each way'.")
    days_per_week: int = Field(ge=1, le=7)

    @model_validator(mode="after")
    def _reps_or_hold(self) -> "Dosage":
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError("give either reps or hold_seconds, not both or neither")
        return self


class TargetMuscles(Model):
    """Muscle ids an exercise works, by how much."""

    primary: list[MuscleId] = Field(min_length=1)
    secondary: list[MuscleId] = Field(default_factory=list)


class Exercise(Model):
    """One exercise card."""

    id: Id
    name: Name
    short_name: Name | None = Field(default=None, description="For tight spaces such as the tracker's rows.")
    planes: list[Plane] = Field(min_length=1)
    muscles: TargetMuscles
    equipment: list[Text] = Field(default_factory=list)
    dosage: Dosage
    steps: list[Text] = Field(min_length=1, max_length=4)
    cues: list[Text] = Field(default_factory=list, max_length=3)
    mistakes: list[Text] = Field(default_factory=list, max_length=3)
    easier: Text
    harder: Text
    safety: Text
    video: str = Field(pattern=r"^https://\S+$")
    figure: FigureSpec | None = Field(default=None, description="Pose data the figure renderer draws.")
    image: AssetPath | None = Field(default=None, description="Instead of a figure: an image file in the project.")
    image_alt: Text | None = Field(default=None, description="What the image shows, for screen readers.")

    @model_validator(mode="after")
    def _figure_or_image(self) -> "Exercise":
        if self.figure is None and self.image is None:
            raise ValueError("give a figure (pose frames) or an image")
        if self.image is not None and not self.image_alt:
            raise ValueError("an image needs image_alt: what it shows, for screen readers")
        return self
