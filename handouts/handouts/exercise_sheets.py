"""Context for the exercise-card and weekly-tracker handouts, plus the dosage wording and session checks."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from handouts.content.edition import Edition
from handouts.content.models.exercise import Dosage, Exercise
from handouts.content.wording import N_, _, ngettext, pgettext
from handouts.drawing.figures import FigureSpec, Layout, Palette, render_figure
from handouts.drawing.figures.icons import plane_icon
from handouts.drawing.figures.render import svg_img
from handouts.drawing.qr import qr_svg

DAYS = [
    ("mon", "M", "Monday"), ("tue", "T", "Tuesday"), ("wed", "W", "Wednesday"), ("thu", "T", "Thursday"),
    ("fri", "F", "Friday"), ("sat", "S", "Saturday"), ("sun", "S", "Sunday"),
]


def _day_heads() -> list[tuple[str, str, str]]:
    """(key, one-letter column head, name) of each day, in the edition's language.

    Each letter has its own context: English heads Tuesday and Thursday both "T", Spanish heads them "M" and "J".
    """
    letters = [pgettext("day letter: Monday", "M"), pgettext("day letter: Tuesday", "T"),
               pgettext("day letter: Wednesday", "W"), pgettext("day letter: Thursday", "T"),
               pgettext("day letter: Friday", "F"), pgettext("day letter: Saturday", "S"),
               pgettext("day letter: Sunday", "S")]
    names = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
    return [(key, letter, name) for (key, _letter, _name), letter, name in zip(DAYS, letters, names)]
WEEKS_PER_TABLE = 4
QR_MM = 20.0  # with its quiet zone; decodes at 150 dpi with room to spare
# Large print: one card a page leaves room for bigger figures with 18 pt captions, and 18 pt day letters
# need the width of two weeks.
LARGE_PRINT_FIGURE = Layout(unit_mm=48.0, max_width_mm=78.0, max_height_mm=58.0, gap_mm=12.0, caption_pt=18.0,
                            label_mm=22.0, stack_gap_mm=3.0)
LARGE_PRINT_WEEKS_PER_TABLE = 2


@dataclass(frozen=True)
class PlaneInfo:
    """How a plane of motion is named and explained to participants."""

    label: str
    technical: str | None
    explanation: str


# Written in English, said through `_` where used (N_ only marks them for the catalogue).
PLANES: dict[str, PlaneInfo] = {
    "frontal": PlaneInfo(N_("Side to side"), N_("frontal plane"), N_("moving sideways, or holding your hips level")),
    "transverse": PlaneInfo(N_("Rotation"), N_("transverse plane"),
                            N_("turning, or stopping your hip and knee from twisting")),
    "single-leg": PlaneInfo(N_("Single-leg balance"), None,
                            N_("steadying your hip and knee while you stand on one leg")),
    "sagittal": PlaneInfo(N_("Forward and back"), N_("sagittal plane"),
                          N_("bending and straightening, as in walking or squatting")),
}


def _seconds(s: int) -> str:
    if s >= 60 and s % 60 == 0:
        return ngettext("%(num)d minute", "%(num)d minutes", s // 60)
    return ngettext("%(num)d second", "%(num)d seconds", s)


def _times(n: int) -> str:
    if n == 1:
        return _("once")
    if n == 2:
        return _("twice")
    return ngettext("%(num)d time", "%(num)d times", n)


def _days(n: int) -> str:
    if n == 7:
        return _("every day")
    return _("once a week") if n == 1 else ngettext("%(num)d day a week", "%(num)d days a week", n)


def _each(each: str) -> str:
    """'each side', 'each leg' or 'each way', in the edition's language."""
    words = {"side": _("each side"), "leg": _("each leg"), "way": _("each way")}
    return words[each]


def dosage_words(d: Dosage) -> str:
    """Say a dosage in plain words: '3 sets of 12, each side, 3 days a week' or 'Hold 30 seconds, 3 times'."""
    side = f", {_each(d.each)}" if d.per_side else ""
    days = _days(d.days_per_week)
    if d.reps is not None:
        what = f"{d.reps} {d.unit}" if d.unit else str(d.reps)
        sets = ngettext("%(num)d set", "%(num)d sets", d.sets)
        # Translators: "3 sets" "of" "12 steps", ", each side", ", 3 days a week".
        return _("%(sets)s of %(what)s%(side)s, %(days)s", sets=sets, what=what, side=side, days=days)
    hold = _seconds(d.hold_seconds or 0)
    # Translators: "Hold" "30 seconds", "3 times", ", each side", ", 3 days a week".
    return _("Hold %(hold)s, %(times)s%(side)s, %(days)s", hold=hold, times=_times(d.sets), side=side, days=days)


def dosage_short(d: Dosage) -> str:
    """Say a dosage compactly for the tracker: '3 × 12 each side', '3 × 30 s'."""
    side = f" {_each(d.each)}" if d.per_side else ""
    if d.reps is not None:
        return f"{d.sets} × {d.reps}{' ' + d.unit if d.unit else ''}{side}"
    return f"{d.sets} × {d.hold_seconds} s{side}"


def short_url(url: str) -> str:
    """Return a URL as people type it: without the scheme or a trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def plain_list(names: list[str]) -> str:
    """Join names into running text, lower-casing the capital that starts each later name ('Deep' → 'deep')."""
    words = [n if i == 0 or n[1:2].isupper() else n[:1].lower() + n[1:] for i, n in enumerate(names)]
    return ", ".join(words)


def _muscle(content: Any, muscle_id: str) -> dict[str, str]:
    muscle = content.muscles.get(muscle_id)
    if muscle is None:
        return {"id": muscle_id, "plain": muscle_id.replace("-", " ").capitalize(), "name": ""}
    return {"id": muscle_id, "plain": muscle.plain_name, "name": muscle.name}


def _palette(content: Any) -> Palette:
    brand = content.config.brand
    return Palette(arrow=brand.accent, between=brand.primary, text=brand.text)


def plane_badges(planes: list[str], colour: str) -> list[dict[str, Any]]:
    """Return badge data (label, technical name, explanation, icon) for each plane."""
    return [
        {
            "key": p,
            "label": _(PLANES[p].label),
            "technical": _(technical) if (technical := PLANES[p].technical) else None,
            "explanation": _(PLANES[p].explanation),
            "icon": Markup(plane_icon(p, colour)),
        }
        for p in planes
    ]


@lru_cache(maxsize=128)
def _figure_html(spec_json: str, title: str, palette: Palette, layout: Layout = Layout(), language: str = "") -> str:
    # Keyed on the pose data itself, so a process that builds many packs (per participant) draws each once;
    # and on the language, whose default captions ('Start', 'Finish') differ between editions.
    return render_figure(FigureSpec.model_validate_json(spec_json), title, palette, layout).html


@lru_cache(maxsize=256)
def _qr_html(url: str, alt: str) -> str:
    return svg_img(qr_svg(url, size_mm=QR_MM, label=alt), alt, QR_MM, QR_MM, "qr")


def exercise_card(
    exercise: Exercise, number: int, content: Any, *, figures: bool = True, qr: bool = True, layout: Layout = Layout()
) -> dict:
    """Return everything one exercise card shows, its figure drawn to `layout`."""
    colour = content.config.brand.primary
    figure = None
    if exercise.figure is not None and figures:
        figure = Markup(_figure_html(exercise.figure.model_dump_json(), exercise.name, _palette(content), layout,
                                    content.config.series.language))
    url = short_url(exercise.video)
    host, _slash, path = url.partition("/")
    return {
        "id": exercise.id,
        "number": number,
        "name": exercise.name,
        "planes": plane_badges(list(exercise.planes), colour),
        "primary": [_muscle(content, m) for m in exercise.muscles.primary],
        "secondary": [_muscle(content, m) for m in exercise.muscles.secondary],
        "works": plain_list([_muscle(content, m)["plain"] for m in exercise.muscles.primary]),
        "equipment": list(exercise.equipment),
        "equipment_text": plain_list(list(exercise.equipment)),
        "dosage": dosage_words(exercise.dosage),
        "steps": list(exercise.steps),
        "cues": list(exercise.cues),
        "mistakes": list(exercise.mistakes),
        "easier": exercise.easier,
        "harder": exercise.harder,
        "safety": exercise.safety,
        "figure": figure,
        "image": {"src": exercise.image, "alt": exercise.image_alt} if exercise.image and not figure else None,
        "qr": Markup(_qr_html(exercise.video, _("QR code: video of %(name)s", name=exercise.name))) if qr else None,
        "video": exercise.video,
        "video_host": host,
        "video_path": f"/{path}" if path else "",
    }


def prepare_exercises(
    handout: Any, content: Any, cls: Any, *, figures: bool = True, qr: bool = True, edition: Edition = Edition()
) -> dict:
    """Return the context of an exercises handout: one card per exercise, and the plane key."""
    layout = LARGE_PRINT_FIGURE if edition.large_print else Layout()
    cards = [
        exercise_card(content.exercises[ex_id], i, content, figures=figures, qr=qr, layout=layout)
        for i, ex_id in enumerate(handout.exercises, start=1)
    ]
    used = [p for p in PLANES if any(p in content.exercises[e].planes for e in handout.exercises)]
    return {
        "cards": cards,
        "planes": plane_badges(used, content.config.brand.primary),
    }


def tracked_exercises(handout: Any, cls: Any) -> list[str]:
    """Return the ids a tracker lists: its own, else every exercise of the class's exercise handouts."""
    if handout.exercises:
        return list(handout.exercises)
    ids: list[str] = []
    for other in cls.handouts:
        if other.type == "exercises":
            ids += [e for e in other.exercises if e not in ids]
    return ids


def _field_prefix(handout: Any, cls: Any) -> str:
    # Field names must be unique across the pack, so a second tracker gets its own prefix.
    trackers = [h for h in cls.handouts if h.type == "tracker"]
    index = next((i for i, h in enumerate(trackers) if h is handout), 0)
    return "tracker" if index == 0 else f"tracker{index + 1}"


def prepare_tracker(handout: Any, content: Any, cls: Any, *, edition: Edition = Edition()) -> dict:
    """Return the context of a weekly tracker: rows of exercises, weeks of day columns, unique field names."""
    prefix = _field_prefix(handout, cls)
    rows = []
    for ex_id in tracked_exercises(handout, cls):
        exercise = content.exercises[ex_id]
        rows.append({
            "id": ex_id,
            "name": exercise.short_name or exercise.name,
            "dosage": dosage_short(exercise.dosage),
            "days_per_week": exercise.dosage.days_per_week,
        })
    weeks = list(range(1, handout.weeks + 1))
    per_table = LARGE_PRINT_WEEKS_PER_TABLE if edition.large_print else WEEKS_PER_TABLE
    tables = [weeks[i:i + per_table] for i in range(0, len(weeks), per_table)]
    return {
        "rows": rows,
        "tables": tables,
        "days": [{"key": k, "letter": letter, "name": name} for k, letter, name in _day_heads()],
        "prefix": prefix,
        "phone": content.config.clinic.phone,
        "clinic": content.config.clinic.name,
    }
