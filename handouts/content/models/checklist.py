"""The injury-risk checklist, as `data/checklists/*.yaml` describes it.

It gives no score: no study backs cut-offs that add up training habits, pain and self-tests. Instead a warning
sign says what to do now, and every other tick points to the pack's advice for it.
"""

from string import Formatter
from typing import Literal

from pydantic import Field, model_validator

from handouts.content.models.base import Id, Model, MuscleId, ReferenceId, TName, TStr, TText
from handouts.content.models.pose import FigureSpec

ItemKind = Literal["risk", "self-test", "warning"]
# Form field names the template adds besides one per item, line and note; no id may take them.
RESERVED_IDS: frozenset[str] = frozenset()
CONTACT_PLACEHOLDERS = frozenset({"phone", "clinic"})


class SelfTest(Model):
    """How to do a self-test safely at home, and what passing and not passing look like."""

    steps: list[TText] = Field(min_length=1, max_length=4, description="Short steps, in order.")
    pass_if: TText = Field(description="What a pass looks like.")
    fail_if: TText = Field(description="What to tick for: the signs of not passing yet.")
    figure: FigureSpec | None = Field(
        default=None,
        description="Pose frames drawn like an exercise figure: usually a pass and a not-yet, labelled so.",
    )


class Item(Model):
    """One box to tick: a training risk, a self-test not passed or a warning sign."""

    id: Id = Field(description="Stable id; the PDF form field is named 'checklist-<id>'.")
    kind: ItemKind = "risk"
    text: TText = Field(description="What the participant ticks (a self-test's name for kind 'self-test').")
    why: TText | None = Field(default=None, description="One or two plain sentences on why it matters.")
    test: SelfTest | None = Field(default=None, description="Required for, and only for, kind 'self-test'.")
    injury: TName | None = Field(default=None, description="The injury a warning sign may point to.")
    muscles: list[MuscleId] = Field(default_factory=list, description="Muscle ids the item is about.")
    cites: list[ReferenceId] = Field(default_factory=list, description="Reference ids backing `text` and `why`.")
    advice: TStr | None = Field(
        default=None, description="What to work on when ticked; required for risks and self-tests."
    )

    @model_validator(mode="after")
    def _fits_kind(self) -> "Item":
        if (self.kind == "self-test") != (self.test is not None):
            raise ValueError("give 'test' for a self-test item, and only for one")
        if self.kind == "warning" and not (self.injury and self.muscles):
            raise ValueError("a warning sign needs the 'injury' it points to and the 'muscles' involved")
        if self.kind != "warning" and not self.advice:
            raise ValueError("a risk or self-test needs 'advice': what to work on when it is ticked")
        if self.kind == "risk" and not self.cites:
            raise ValueError("a risk needs a source in 'cites'; put uncited advice in the checklist's 'tips'")
        return self


class Line(Model):
    """A short line to write on, such as the participant's name."""

    id: Id = Field(description="The PDF form field is named 'checklist-<id>'.")
    label: TName


class Section(Model):
    """A group of items under one heading."""

    id: Id
    title: TName
    intro: TText | None = None
    cites: list[ReferenceId] = Field(default_factory=list, description="References backing the intro.")
    items: list[Item] = Field(min_length=1)
    note: Line | None = Field(default=None, description="A line under the items for the participant's own words.")


class RedFlags(Model):
    """Signs that need a clinician today, and those that need emergency care now."""

    title: TName
    intro: TText
    signs: list[TText] = Field(min_length=1)
    emergency_title: TText = "Call 911 or go to the emergency department now if…"
    emergency: list[TText] = Field(default_factory=list, description="Signs that need emergency care.")


class Checklist(Model):
    """A self-check: ticks lead to advice, never to a score."""

    id: Id
    title: TName
    intro: TText
    cites: list[ReferenceId] = Field(default_factory=list, description="References backing the intro.")
    lines: list[Line] = Field(default_factory=list, description="Lines at the top, e.g. name and date.")
    sections: list[Section] = Field(min_length=1)
    warning_title: TText = "If you checked a warning sign"
    warning_action: TText = Field(description="What to do now about any warning sign ticked.")
    work_on_label: TText = Field(default="If checked:", description="Leads each item's advice, beside its box.")
    tips_title: TText = "Good habits"
    tips: list[TText] = Field(default_factory=list, description="Advice without a scored risk behind it.")
    red_flags: RedFlags
    contact: TText = Field(description="Contact line; '{phone}' and '{clinic}' are filled in from handouts.toml.")

    @property
    def items(self) -> list[Item]:
        """Every item, in page order."""
        return [item for section in self.sections for item in section.items]

    @model_validator(mode="after")
    def _consistent(self) -> "Checklist":
        notes = [section.note.id for section in self.sections if section.note]
        ids = [item.id for item in self.items] + [line.id for line in self.lines] + notes
        clashes = sorted({i for i in ids if ids.count(i) > 1} | (set(ids) & RESERVED_IDS))
        if clashes:
            raise ValueError(f"item, line and note ids must be unique and not {sorted(RESERVED_IDS)}: {clashes}")
        names = {name for _, name, _, _ in Formatter().parse(self.contact) if name is not None}
        if not names <= CONTACT_PLACEHOLDERS:
            others = sorted(names - CONTACT_PLACEHOLDERS)
            raise ValueError(f"contact may only use {{phone}} and {{clinic}}, not {others}")
        return self
