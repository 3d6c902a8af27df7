"""A home exercise, as `data/exercises.yaml` describes it."""

from typing import Literal

from pydantic import Field, model_validator

from handouts.content.models.base import AssetPath, Id, Model, MuscleId, TName, TText
from handouts.content.models.pose import FigureSpec

# Running is forward-and-back (sagittal); the hip series fills the side-to-side, rotation and balance gap.
Plane = Literal["frontal", "transverse", "single-leg", "sagittal"]


class Dosage(Model):
    """How much to do: sets of reps, or holds of some seconds."""

    sets: int = Field(ge=1, le=10, description="How many sets.")
    reps: int | None = Field(default=None, ge=1, le=50, description="Reps per set; give reps or hold_seconds.")
    hold_seconds: int | None = Field(default=None, ge=1, le=300, description="Seconds per hold, instead of reps.")
    unit: TName | None = Field(default=None, description="What one rep is, plural, e.g. 'steps' or 'lifts'.")
    per_side: bool = Field(default=False, description="The dose is for each side (or leg, or way).")
    each: Literal["side", "leg", "way"] = Field(default="side", description="What 'per side' counts: 'each way'.")
    days_per_week: int = Field(ge=1, le=7, description="How many days a week.")

    @model_validator(mode="after")
    def _reps_or_hold(self) -> "Dosage":
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError("give either reps or hold_seconds, not both or neither")
        return self


class TargetMuscles(Model):
    """Muscle ids an exercise works, by how much."""

    primary: list[MuscleId] = Field(min_length=1, description="Muscles it works most.")
    secondary: list[MuscleId] = Field(default_factory=list, description="Muscles that help.")


class Exercise(Model):
    """One exercise card."""

    id: Id = Field(description="Stable id that classes list.")
    name: TName = Field(description="The card's heading.")
    short_name: TName | None = Field(default=None, description="For tight spaces such as the tracker's rows.")
    planes: list[Plane] = Field(min_length=1, description="Planes of motion, shown as badges.")
    muscles: TargetMuscles
    equipment: list[TText] = Field(default_factory=list, description="What to have ready, in plain words.")
    dosage: Dosage
    steps: list[TText] = Field(min_length=1, max_length=4, description="How to do it, in order.")
    cues: list[TText] = Field(default_factory=list, max_length=3, description="The card's 'Do' list.")
    mistakes: list[TText] = Field(default_factory=list, max_length=3, description="The card's 'Avoid' list.")
    easier: TText = Field(description="A gentler version.")
    harder: TText = Field(description="A harder version.")
    safety: TText = Field(description="When to stop.")
    video: str = Field(pattern=r"^https://\S+$", description="A video of it; printed as a QR code.")
    figure: FigureSpec | None = Field(default=None, description="Pose data the figure renderer draws.")
    image: AssetPath | None = Field(default=None, description="Instead of a figure: an image file in the project.")
    image_alt: TText | None = Field(default=None, description="What the image shows, for screen readers.")

    @model_validator(mode="after")
    def _figure_or_image(self) -> "Exercise":
        if self.figure is None and self.image is None:
            raise ValueError("give a figure (pose frames) or an image")
        if self.image is not None and not self.image_alt:
            raise ValueError("an image needs image_alt: what it shows, for screen readers")
        return self
