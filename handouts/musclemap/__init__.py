"""The muscle map handout: front and back figures with the class's muscles highlighted, called out and explained."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from handouts.musclemap import geometry, pagefit, style
from handouts.musclemap.pagefit import figure_room
from handouts.musclemap.pages import entries, legend_columns, plan_pages
from handouts.musclemap.render import MuscleMap, render_muscle_map
from handouts.musclemap.style import Colours, badge_styles
from handouts.musclemap.svg import data_uri, key_swatches
from handouts.variant import Variant

__all__ = ["Colours", "MuscleMap", "coverage_problems", "prepare", "region_ids", "render_muscle_map"]


def region_ids() -> set[str]:
    """Every muscle id the drawing has a region for."""
    return set(geometry.muscle_views())


def coverage_problems(muscle_ids: Iterable[str]) -> list[str]:
    """Muscles with no region on the map, and regions naming no muscle, as one message each."""
    wanted, drawn = set(muscle_ids), region_ids()
    problems = [f"muscle '{m}' has no region on the muscle map" for m in sorted(wanted - drawn)]
    problems += [f"the muscle map draws '{m}', which names no muscle in the data" for m in sorted(drawn - wanted)]
    return problems


def prepare(handout: Any, content: Any, cls: Any, *, variant: Variant = Variant()) -> dict:
    """Return the template context for a muscle-map handout."""
    muscles: Mapping[str, Any] = content.muscles
    colours = Colours.from_brand(content.config.brand)
    notes = _notes(handout)
    primary = list(dict.fromkeys(handout.primary))
    secondary = [m for m in dict.fromkeys(handout.secondary) if m not in primary]
    large = variant.large_print
    lettering = style.LARGE_PRINT if large else style.Lettering()
    budget = pagefit.LARGE_PRINT if large else pagefit.Budget()
    plan = plan_pages(handout, primary, secondary, muscles, notes, lettering, budget)
    pages = []
    for number, (subtitle, groups) in enumerate(plan, start=1):
        ids = {m for _, members in groups for m in members}
        intro = handout.intro if number == 1 else None
        room = figure_room(subtitle, intro, entries(groups, muscles, notes), lettering.caption_space + 2, budget)
        muscle_map = render_muscle_map(
            muscles,
            [m for m in primary if m in ids],
            [m for m in secondary if m in ids],
            colours,
            groups=groups,
            notes=notes,
            max_figure_height=room,
            crop=len(plan) > 1,
            id_prefix="" if number == 1 else f"page{number}-",
            lettering=lettering,
        )
        pages.append(
            {
                "subtitle": subtitle,
                "src": muscle_map.data_uri(),
                "alt": muscle_map.alt_text(),
                "svg": Markup(muscle_map.svg),
                # Large print keeps to one column.
                "columns": [list(muscle_map.legend)] if large else legend_columns(muscle_map.legend),
                # Group headings, unless the page's subtitle already names its only group.
                "grouped": handout.group_by_region and [subtitle] != [title for title, _ in groups],
            }
        )
    # The same swatch images on every page, so WeasyPrint reads each only once.
    key = {name: data_uri(svg) for name, svg in key_swatches(colours).items()}
    return {"pages": pages, "key": key, "badges": badge_styles(colours)}


def _notes(handout: Any) -> dict[str, str]:
    # A class may word a muscle's legend line for its own topic; the model may not have the field yet.
    notes = getattr(handout, "notes", None)
    if notes is None:
        notes = (getattr(handout, "model_extra", None) or {}).get("notes")
    return dict(notes or {})
