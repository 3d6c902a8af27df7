"""A class and the ordered handouts in its pack, as `data/classes/<id>.yaml` describes it."""

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import Field

from handouts.models.base import ChecklistId, ExerciseId, Model, MuscleId, ReferenceId, Text


class Paragraph(Model):
    """A short block of participant-facing text with the references that back it."""

    heading: Text | None = None
    text: Text
    cites: list[ReferenceId] = Field(default_factory=list)


class IntroHandout(Model):
    """The cover page: class details and why the topic matters."""

    type: Literal["intro"]
    title: Text | None = None
    sections: list[Paragraph] = Field(default_factory=list)
    key_points: list[Text] = Field(default_factory=list)


class MuscleMapHandout(Model):
    """A front/back muscle map with two highlight levels."""

    type: Literal["muscle-map"]
    title: Text = "Your muscle map"
    intro: str | None = None
    primary: list[MuscleId] = Field(default_factory=list)
    secondary: list[MuscleId] = Field(default_factory=list)
    primary: list[MuscleId] | None = Field(
        default=None,
        description="Muscles drawn dark. Left out, they are the primary muscles of the pack's exercises.",
    )
    secondary: list[MuscleId] | None = Field(
        default=None,
        description="Muscles drawn light. Left out, they are the secondary muscles of the pack's exercises.",
    )
    notes: dict[MuscleId, Text] = Field(
        default_factory=dict, description="Legend lines worded for this class, instead of the muscle's in_action."
    )
    action_heading: Text | None = Field(
        default=None, description="A line over the legend naming the activity its lines describe, e.g. 'When you run'."
    )
    group_by_region: bool = False
    close_ups: list[Text] = Field(
        default_factory=list, description="Named crops of the body atlas (e.g. 'knee') shown enlarged after the map."
    )
    whole_body: bool = Field(default=True, description="Show the whole body; false shows only the close-ups.")


class ExercisesHandout(Model):
    """Exercise cards for the named exercises, in order."""

    type: Literal["exercises"]
    title: Text = "Your exercises"
    intro: str | None = None
    exercises: list[ExerciseId] = Field(min_length=1)


class TrackerHandout(Model):
    """A weekly tick-box tracker; lists the pack's exercises unless given its own."""

    type: Literal["tracker"]
    title: Text = "Your 4-week tracker"
    exercises: list[ExerciseId] = Field(default_factory=list)
    weeks: int = Field(default=4, ge=1, le=8)


class ChecklistHandout(Model):
    """A checklist from `data/checklists/`."""

    type: Literal["checklist"]
    checklist: ChecklistId


class ReferencesHandout(Model):
    """The numbered list of every reference cited earlier in the pack."""

    type: Literal["references"]
    title: Text = "Sources"


Handout = Annotated[
    Union[
        IntroHandout,
        MuscleMapHandout,
        ExercisesHandout,
        TrackerHandout,
        ChecklistHandout,
        ReferencesHandout,
    ],
    Field(discriminator="type"),
]


class HandoutClass(Model):
    """One class of the series and its pack."""

    title: Text
    subtitle: str | None = None
    date: dt.date
    time: Text = Field(description="Start and end, e.g. '18:00–19:15'.")
    place: Text
    instructor: Text
    summary: Text | None = None
    handouts: list[Handout] = Field(min_length=1)
