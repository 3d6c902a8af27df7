"""The injury-risk checklist, as `data/checklists/*.yaml` describes it."""

from string import Formatter
from typing import Literal

from pydantic import Field, model_validator

from handouts.figures.pose import FigureSpec
from handouts.models.base import Id, Model, MuscleId, ReferenceId, TName, TText

ItemKind = Literal["risk", "self-test", "warning"]
# Form field names the template adds besides one per item, line and note; no id may take them.
RESERVED_IDS = frozenset({"score"})
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
    """One box to tick: a training risk, a self-test not passed or a warning sign; each tick scores one point."""

    id: Id = Field(description="Stable id; the PDF form field is named 'checklist-<id>'.")
    kind: ItemKind = "risk"
    text: TText = Field(description="What the participant ticks (a self-test's name for kind 'self-test').")
    why: TText | None = Field(default=None, description="One or two plain sentences on why it matters.")
    test: SelfTest | None = Field(default=None, description="Required for, and only for, kind 'self-test'.")
    injury: TName | None = Field(default=None, description="The running injury a warning sign points to.")
    muscles: list[MuscleId] = Field(default_factory=list, description="Muscle ids the item is about.")
    cites: list[ReferenceId] = Field(default_factory=list, description="Reference ids backing `text` and `why`.")

    @model_validator(mode="after")
    def _fits_kind(self) -> "Item":
        if (self.kind == "self-test") != (self.test is not None):
            raise ValueError("give 'test' for a self-test item, and only for one")
        if self.kind == "warning" and not (self.injury and self.muscles):
            raise ValueError("a warning sign needs the 'injury' it points to and the 'muscles' involved")
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


class Band(Model):
    """A score range and what to do about it."""

    min: int = Field(ge=0)
    max: int | None = Field(default=None, description="Inclusive; none means 'and above'.")
    label: TName
    advice: TText

    @model_validator(mode="after")
    def _ordered(self) -> "Band":
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


class RedFlags(Model):
    """Signs that need a clinician now, whatever the score; never scored."""

    title: TName
    intro: TText
    signs: list[TText] = Field(min_length=1)


class Checklist(Model):
    """A scored self-check with red flags."""

    id: Id
    title: TName
    intro: TText
    cites: list[ReferenceId] = Field(default_factory=list, description="References backing the intro.")
    lines: list[Line] = Field(default_factory=list, description="Lines at the top, e.g. name and date.")
    sections: list[Section] = Field(min_length=1)
    score_label: TText = "Your score"
    score_help: TText = "Count your ticks and write the total here."
    bands: list[Band] = Field(min_length=1)
    score_note: TText | None = Field(default=None, description="A rule that applies whatever the score.")
    red_flags: RedFlags
    contact: TText = Field(description="Contact line; '{phone}' and '{clinic}' are filled in from handouts.toml.")

    @property
    def items(self) -> list[Item]:
        """Every item, in page order."""
        return [item for section in self.sections for item in section.items]

    @property
    def max_score(self) -> int:
        """The highest possible score: one point per item."""
        return len(self.items)

    @model_validator(mode="after")
    def _consistent(self) -> "Checklist":
        notes = [section.note.id for section in self.sections if section.note]
        ids = [item.id for item in self.items] + [line.id for line in self.lines] + notes
        clashes = sorted({i for i in ids if ids.count(i) > 1} | (set(ids) & RESERVED_IDS))
        if clashes:
            raise ValueError(f"item, line and note ids must be unique and not {sorted(RESERVED_IDS)}: {clashes}")
        _check_bands(self.bands, self.max_score)
        names = {name for _, name, _, _ in Formatter().parse(self.contact) if name is not None}
        if not names <= CONTACT_PLACEHOLDERS:
            raise ValueError(f"contact may only use {{phone}} and {{clinic}}, not {sorted(names - CONTACT_PLACEHOLDERS)}")
        return self


def _check_bands(bands: list[Band], max_score: int) -> None:
    """Bands must run from 0, in order, without gaps or overlaps, and cover the highest possible score."""
    expected = 0
    for index, band in enumerate(bands):
        if band.min != expected:
            raise ValueError(f"band '{band.label}' starts at {band.min}; expected {expected} (no gaps or overlaps)")
        if band.max is None:
            if index != len(bands) - 1:
                raise ValueError(f"only the last band may be open-ended, not '{band.label}'")
            return
        expected = band.max + 1
    if expected <= max_score:
        raise ValueError(f"the bands stop at {expected - 1} but the score can reach {max_score}")
