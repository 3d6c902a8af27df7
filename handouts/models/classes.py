"""A class and the ordered handouts in its pack, as `data/classes/<id>.yaml` describes it."""

from typing import Annotated, Literal, Union

from pydantic import Field

from handouts.models.base import ChecklistId, Date, ExerciseId, Model, MuscleId, Name, ReferenceId, Text, TName, TText


class Paragraph(Model):
    """A short block of participant-facing text with the references that back it."""

    heading: TName | None = None
    text: TText
    cites: list[ReferenceId] = Field(default_factory=list, description="References backing the text.")


class IntroHandout(Model):
    """The cover page: class details and why the topic matters."""

    type: Literal["intro"]
    title: TName | None = Field(default=None, description="Default: the class title.")
    sections: list[Paragraph] = Field(default_factory=list)
    key_points: list[TText] = Field(default_factory=list, description="The 'Take home' box.")


class MuscleMapHandout(Model):
    """A front/back muscle map with two highlight levels."""

    type: Literal["muscle-map"]
    title: TName = "Your muscle map"
    intro: TText | None = None
    primary: list[MuscleId] | None = Field(
        default=None,
        description="Muscles drawn dark and hatched. Left out, they are the primary muscles of the pack's exercises.",
    )
    secondary: list[MuscleId] | None = Field(
        default=None,
        description="Muscles drawn light and dotted. Left out, they are the secondary muscles of the pack's exercises.",
    )
    notes: dict[MuscleId, TText] = Field(
        default_factory=dict, description="Legend lines worded for this class, instead of the muscle's in_action."
    )
    action_heading: TText | None = Field(
        default=None, description="A line over the legend naming the activity its lines describe, e.g. 'When you run'."
    )
    group_by_region: bool = Field(default=False, description="Legend grouped under region headings.")
    close_ups: list[Name] = Field(
        default_factory=list, description="Named crops of the body atlas (e.g. 'knee') shown enlarged after the map."
    )
    whole_body: bool = Field(default=True, description="Show the whole body; false shows only the close-ups.")


class ExercisesHandout(Model):
    """Exercise cards for the named exercises, in order."""

    type: Literal["exercises"]
    title: TName = "Your exercises"
    intro: TText | None = None
    exercises: list[ExerciseId] = Field(min_length=1, description="Exercise ids, one card each, in order.")


class TrackerHandout(Model):
    """A weekly tick-box tracker; lists the pack's exercises unless given its own."""

    type: Literal["tracker"]
    title: TName = "Your 4-week tracker"
    exercises: list[ExerciseId] = Field(default_factory=list, description="Default: every exercise in the pack.")
    weeks: int = Field(default=4, ge=1, le=8, description="Weeks of tick boxes.")


class ChecklistHandout(Model):
    """A checklist from `data/checklists/`."""

    type: Literal["checklist"]
    checklist: ChecklistId


class ReferencesHandout(Model):
    """The numbered list of every reference cited earlier in the pack."""

    type: Literal["references"]
    title: TName = "Sources"


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

    title: TName
    subtitle: TName | None = Field(default=None, description="One line under the title on the cover.")
    date: Date = Field(description="The class date, YYYY-MM-DD.")
    time: Text = Field(description="Start and end, e.g. '18:00–19:15'.")
    place: Name
    instructor: Name
    summary: TText | None = Field(default=None, description="A short paragraph for the cover and the email.")
    handouts: list[Handout] = Field(min_length=1, description="The pack's handouts, in print order.")
