"""The muscle map handout's template context: pages of figures, callouts and legend for one class."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from handouts.content.edition import Edition
from handouts.content.map_selection import map_muscles
from handouts.content.wording import CLOSE_UP_CONTEXT, close_up_words, pgettext
from handouts.drawing.musclemap import pagefit, style
from handouts.drawing.musclemap.geometry import Body
from handouts.drawing.musclemap.pagefit import figure_room
from handouts.drawing.musclemap.pages import entries, legend_columns, plan_pages
from handouts.drawing.musclemap.render import render_muscle_map
from handouts.drawing.musclemap.style import Colours, badge_styles
from handouts.drawing.musclemap.svg import key_swatches
from handouts.drawing.svg import data_uri


def prepare(handout: Any, content: Any, cls: Any, *, edition: Edition = Edition()) -> dict:
    """Return the template context for a muscle-map handout."""
    muscles: Mapping[str, Any] = content.muscles
    body = Body.load(content.root, muscles)
    colours = Colours.from_brand(content.config.brand)
    notes = _notes(handout)
    primary, secondary = map_muscles(handout, cls, getattr(content, "exercises", {}))
    large = edition.large_print
    lettering = style.LARGE_PRINT if large else style.Lettering()
    budget = pagefit.LARGE_PRINT if large else pagefit.Budget()
    plan = plan_pages(handout, primary, secondary, muscles, notes, lettering, budget, body=body)
    sheets: list[tuple[str | None, Any, str | None]] = []
    if getattr(handout, "whole_body", True):
        sheets += [(subtitle, groups, None) for subtitle, groups in plan]
    for name in getattr(handout, "close_ups", []):
        wanted = set(_in_close_up(body, name, primary + secondary))
        groups = [(t, [m for m in ids if m in wanted]) for _, page in plan for t, ids in page]
        # The crop's name is an id from the atlas; `handouts i18n extract` lists it for translators.
        words = pgettext(CLOSE_UP_CONTEXT, close_up_words(name))
        title = pgettext("muscle map", "Close-up: %(name)s", name=words)
        sheets.append((title, [g for g in groups if g[1]], name))
    pages = []
    for number, (subtitle, groups, close_up) in enumerate(sheets, start=1):
        ids = {m for _, members in groups for m in members}
        intro = handout.intro if number == 1 else None
        # A close-up's callouts name its muscles and the map pages explain them, so it needs no legend of its own
        # and its figures take the whole page.
        legend_groups = [] if close_up else entries(groups, muscles, notes, body)
        heading = budget.leading + 4 if legend_groups and getattr(handout, "action_heading", None) else 0.0
        room = figure_room(subtitle, intro, legend_groups, lettering.caption_space + 2 + heading, budget)
        muscle_map = render_muscle_map(
            muscles,
            [m for m in primary if m in ids],
            [m for m in secondary if m in ids],
            colours,
            body=body,
            groups=groups,
            notes=notes,
            max_figure_height=room,
            crop=close_up is None and len(plan) > 1,
            close_up=close_up,
            id_prefix="" if number == 1 else f"page{number}-",
            lettering=lettering,
        )
        pages.append(
            {
                "subtitle": subtitle,
                "map": muscle_map,  # what was placed where, for checks and tests
                "src": muscle_map.data_uri(),
                "alt": muscle_map.alt_text(),
                "svg": Markup(muscle_map.svg),
                # Large print keeps to one column.
                "columns": (
                    [] if close_up else [list(muscle_map.legend)] if large else legend_columns(muscle_map.legend)
                ),
                # Group headings, unless the page's subtitle already names its only group.
                "grouped": handout.group_by_region and [subtitle] != [title for title, _ in groups],
            }
        )
    # The same swatch images on every page, so WeasyPrint reads each only once.
    key = {name: data_uri(svg) for name, svg in key_swatches(colours).items()}
    return {"pages": pages, "key": key, "badges": badge_styles(colours)}


def _in_close_up(body: Body, name: str, ids: list[str]) -> list[str]:
    """The muscles among `ids` with a region inside the close-up `name` on a view that has it."""
    boxes = body.crops(name)
    if not boxes:
        known = ", ".join(body.crop_names()) or "none"
        raise ValueError(f"the body atlas has no close-up '{name}' (it has: {known})")
    inside = []
    for m in ids:
        for view, box in boxes.items():
            if any(r.muscle == m and _mostly_inside(r.path.bbox(), box) for r in body.atlas_view(view).regions):
                inside.append(m)
                break
    return inside


def _mostly_inside(region, box) -> bool:  # type: ignore[no-untyped-def]
    w = max(0.0, min(region.x1, box.x1) - max(region.x0, box.x0))
    h = max(0.0, min(region.y1, box.y1) - max(region.y0, box.y0))
    return w * h >= 0.75 * region.width * region.height


def _notes(handout: Any) -> dict[str, str]:
    # A class may word a muscle's legend line for its own topic; the model may not have the field yet.
    notes = getattr(handout, "notes", None)
    if notes is None:
        notes = (getattr(handout, "model_extra", None) or {}).get("notes")
    return dict(notes or {})
