"""A class and the ordered handouts in its pack, as `data/classes/<id>.yaml` describes it."""

from typing import Annotated, Literal

from pydantic import Field

from handouts.content.models.base import (
    ChecklistId,
    Date,
    ExerciseId,
    Model,
    MuscleId,
    Name,
    ReferenceId,
    Text,
    TName,
    TText,
)


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


class PainRule(Model):
    """One band of the 0-10 pain scale and what to do in it."""

    range: TText = Field(description="The scores it covers, e.g. '0–2'.")
    label: TText = Field(description="One or two words, e.g. 'Fine'.")
    advice: TText


# Exercise pain monitoring as physical therapists teach it: a little discomfort is allowed, rising pain is not.
DEFAULT_PAIN_RULES = [
    PainRule(range="0–2", label="Fine", advice="Keep going."),
    PainRule(range="3–5", label="Ease off", advice="Do fewer, go slower or try the easier way."),
    PainRule(range="6–10", label="Stop", advice="Stop. Call us if it is more than 5, or still worse the next morning."),
]


class ExercisesHandout(Model):
    """Exercise cards for the named exercises, in order, with how to do them safely."""

    type: Literal["exercises"]
    title: TName = "Your exercises"
    intro: TText | None = None
    plane_lead: TText = Field(
        default="Each card shows which way the exercise moves you:",
        description="The sentence above the key to the direction badges; say here why these directions matter.",
    )
    warm_up: TText = Field(
        default="Warm up first: walk or march in place for 5 minutes, until you feel warm.",
        description="How to warm up before the exercises.",
    )
    tips: list[TText] = Field(
        default_factory=list,
        description="Short how-to lines: rest between sets, when to make it harder, equipment, what comes next.",
    )
    pain_rules: list[PainRule] = Field(default_factory=lambda: list(DEFAULT_PAIN_RULES), min_length=1)
    exercises: list[ExerciseId] = Field(min_length=1, description="Exercise ids, one card each, in order.")


class TrackerHandout(Model):
    """A weekly tick-box tracker; lists the pack's exercises unless given its own."""

    type: Literal["tracker"]
    title: TName = "Your 4-week tracker"
    exercises: list[ExerciseId] = Field(default_factory=list, description="Default: every exercise in the pack.")
    weeks: int = Field(default=4, ge=1, le=8, description="Weeks of tick boxes.")
    how: TText = Field(
        default="Check a box each day you do an exercise. Aim for the number of days in parentheses. "
        "You can check the boxes on screen too.",
        description="How to fill in the tracker.",
    )
    tips: list[TText] = Field(
        default_factory=list, description="Lines under the grid, e.g. what to do after the last week."
    )
    pain_rules: list[PainRule] = Field(default_factory=lambda: list(DEFAULT_PAIN_RULES), min_length=1)
    stop_signs: list[TText] = Field(
        default_factory=lambda: [
            "Pain lasts more than 2 hours after exercise, or is worse the next day.",
            "You see new swelling in a joint.",
            "You start to limp, or pain changes how you move.",
        ],
        description="When to stop and call the clinic.",
    )


class ScreeningHandout(Model):
    """Before the first exercise: who should check with the clinic first, and the signs that need help now."""

    type: Literal["screening"]
    title: TName = "Before you start: is it safe for you?"
    intro: TText = "Read this page before you try any exercise in this pack."
    check_first_title: TText = "Check with us first if…"
    check_first: list[TText] = Field(
        default_factory=lambda: [
            "You had surgery in the last 6 months.",
            "You are pregnant, or had a baby in the last 3 months.",
            "You have a heart or lung problem.",
            "You have weak bones (osteoporosis), or broke a bone from a small fall.",
            "You get dizzy, or you fell in the last year.",
        ],
        min_length=1,
    )
    urgent_title: TText = "Stop and call us today if…"
    urgent: list[TText] = Field(
        default_factory=lambda: [
            "You have pain at rest, or pain that wakes you at night.",
            "A joint or your calf is swollen, hot or red.",
            "You cannot put weight on your leg, or you limp.",
            "You have numbness, tingling or weakness in a leg or foot.",
            "One spot on a bone hurts when you press it.",
        ],
        min_length=1,
    )
    emergency_title: TText = "Call 911 or go to the emergency department now if…"
    emergency: list[TText] = Field(
        default_factory=lambda: [
            "You have chest pain, or you are suddenly short of breath, most of all with a swollen, hot calf.",
            "You feel numb between your legs (the saddle area), or you have new problems holding or passing urine "
            "or stool.",
            "You have a fever and a hot, swollen joint.",
        ],
        min_length=1,
    )


class ChecklistHandout(Model):
    """A checklist from `data/checklists/`."""

    type: Literal["checklist"]
    checklist: ChecklistId


class ReferencesHandout(Model):
    """The numbered list of every reference cited earlier in the pack."""

    type: Literal["references"]
    title: TName = "Sources"


Handout = Annotated[
    IntroHandout
    | MuscleMapHandout
    | ScreeningHandout
    | ExercisesHandout
    | TrackerHandout
    | ChecklistHandout
    | ReferencesHandout,
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
    keywords: list[TText] = Field(
        default_factory=list, description="Words a search would use for the PDF's keywords, e.g. 'running'."
    )
    reviewed_by: Name | None = Field(
        default=None, description="Who checked the content, with credentials: 'Maya Lindqvist, PT, DPT'."
    )
    reviewed_on: Date | None = Field(default=None, description="When; `check` warns once it is a year old.")
    handouts: list[Handout] = Field(min_length=1, description="The pack's handouts, in print order.")
