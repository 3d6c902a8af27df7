"""Prepare the injury-risk checklist for `templates/handouts/checklist.html`."""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from handouts.content.edition import Edition
from handouts.content.models.checklist import Checklist, Item, ItemKind, SelfTest
from handouts.content.models.muscle import Muscle
from handouts.content.wording import N_, _
from handouts.drawing.figures import Layout, Palette, render_figure
from handouts.errors import RenderError

if TYPE_CHECKING:
    from handouts.content.load import Content
    from handouts.content.models.classes import ChecklistHandout, HandoutClass

FIELD_PREFIX = "checklist-"
# 'Deep side of the hip' and 'Front of thigh (inner)' both shorten to the part a participant can point at.
QUALIFIERS = re.compile(r"^Deep |\s*\(.*\)$")
KIND_LABELS = {
    "risk": N_("check if true"), "self-test": N_("check if not passed"), "warning": N_("check if you have it"),
}


@dataclass(frozen=True)
class FieldView:
    """A form field: its PDF name and the label a screen reader announces."""

    name: str
    label: str


@dataclass(frozen=True)
class ItemView:
    """One item as the template draws it."""

    id: str
    kind: ItemKind
    text: str
    why: str | None
    test: SelfTest | None
    injury: str | None
    muscles: list[Muscle]
    cites: list[str]
    field: FieldView
    advice: str | None
    figure: Markup | None = None  # the self-test's pictures (pass and not yet), as HTML

    @property
    def muscle_names(self) -> list[str]:
        """Plain names of the item's muscles without qualifiers, each once: 'Front of thigh', 'Side of the hip'."""
        names = (QUALIFIERS.sub("", m.plain_name) for m in self.muscles)
        return list(dict.fromkeys(name[:1].upper() + name[1:] for name in names))


@dataclass(frozen=True)
class SectionView:
    """A section heading, its intro and its items."""

    id: str
    title: str
    intro: str | None
    cites: list[str]
    items: list[ItemView]
    note: FieldView | None

    @property
    def layout(self) -> str:
        """'cards' for self-tests, 'table' for warning signs, 'rows' for anything else or a mix."""
        kinds = {item.kind for item in self.items}
        if kinds == {"self-test"}:
            return "cards"
        return "table" if kinds == {"warning"} else "rows"


def field_name(ident: str) -> str:
    """Return the PDF form field name for a checklist item or line id."""
    return f"{FIELD_PREFIX}{ident}"


# A self-test's pictures sit between its steps and its tick line; in large print their captions are 18 pt too.
TEST_FIGURE = Layout(unit_mm=30.0, max_width_mm=72.0, max_height_mm=34.0, gap_mm=8.0)
LARGE_PRINT_TEST_FIGURE = Layout(unit_mm=44.0, max_width_mm=110.0, max_height_mm=54.0, gap_mm=12.0, caption_pt=18.0,
                                 label_mm=22.0, stack_gap_mm=3.0)


def _item_view(
    item: Item, section_title: str, muscles: dict[str, Muscle], palette: Palette = Palette(),
    figure_layout: Layout = TEST_FIGURE,
) -> ItemView:
    label = f"{section_title}: {item.text} ({_(KIND_LABELS[item.kind])})"
    figure = None
    if item.test is not None and item.test.figure is not None:
        figure = Markup(render_figure(item.test.figure, item.text, palette, figure_layout).html)
    return ItemView(
        id=item.id,
        kind=item.kind,
        text=item.text,
        why=item.why,
        test=item.test,
        injury=item.injury,
        muscles=[muscles[m] for m in item.muscles if m in muscles],
        cites=list(item.cites),
        field=FieldView(field_name(item.id), label),
        advice=item.advice,
        figure=figure,
    )


def checklist_view(
    checklist: Checklist, muscles: dict[str, Muscle], clinic: str, phone: str, palette: Palette = Palette(),
    figure_layout: Layout = TEST_FIGURE,
) -> dict[str, Any]:
    """Return the template's view of `checklist`, with the clinic's name and phone filled in."""
    sections = [
        SectionView(
            s.id,
            s.title,
            s.intro,
            list(s.cites),
            [_item_view(i, s.title, muscles, palette, figure_layout) for i in s.items],
            FieldView(field_name(s.note.id), s.note.label) if s.note else None,
        )
        for s in checklist.sections
    ]
    return {
        "checklist": checklist,
        "title": checklist.title,
        "intro": checklist.intro,
        "cites": list(checklist.cites),
        "lines": [FieldView(field_name(line.id), line.label) for line in checklist.lines],
        "sections": sections,
        # No score: a warning sign says what to do now; every other item says beside its box what to work on.
        # What to do about a warning sign stands right under the warning signs.
        "warning_after": next((s.id for s in sections if s.layout == "table"), None),
        "warning_title": checklist.warning_title,
        "warning_action": checklist.warning_action,
        "work_on_label": checklist.work_on_label,
        "tips_title": checklist.tips_title,
        "tips": list(checklist.tips),
        "red_flags": checklist.red_flags,
        # Red flags say "do not do the self-tests if...", so they come just before the first self-test section.
        "red_flags_before": next((s.id for s in sections if s.layout == "cards"), None),
        "contact": checklist.contact.format(clinic=clinic, phone=phone),
        "phone": phone,
    }


def prepare(
    handout: "ChecklistHandout", content: "Content", cls: "HandoutClass", *, edition: Edition = Edition()
) -> dict[str, Any]:
    """Return the view `templates/handouts/checklist.html` renders for `handout`; large print: its CSS and figures."""
    checklist = content.checklists.get(handout.checklist)
    if checklist is None:
        raise RenderError(f"unknown checklist '{handout.checklist}'")
    clinic = content.config.clinic
    return checklist_view(
        checklist, content.muscles, clinic.name, clinic.phone, Palette.for_brand(content.config.brand),
        LARGE_PRINT_TEST_FIGURE if edition.large_print else TEST_FIGURE,
    )
