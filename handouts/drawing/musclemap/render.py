"""The muscle map: size and place the figures, number the muscles, lay out the callouts, build the legend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from handouts.content.wording import pgettext
from handouts.drawing.musclemap.curves import Box, Point
from handouts.drawing.musclemap.geometry import VIEWS, Body, Region, Side, View
from handouts.drawing.musclemap.layout import Callout, Column, Label, place_column
from handouts.drawing.musclemap.metrics import text_width, wrap
from handouts.drawing.musclemap.style import Colours, Lettering, Level, level_styles
from handouts.drawing.musclemap.svg import Placement, write_svg
from handouts.drawing.svg import PT_PER_MM, data_uri

FIGURE_GAP = 24.0  # between the two figures
FIGURE_PAD = 10.0  # between a figure and its label column
LABEL_GAP = 3.0
ALT_LEVEL = {"primary": "main muscle", "secondary": "helper"}
MIN_VISIBLE_MM2 = 40.0  # the least of a highlighted, not deep, muscle that must show on the printed page


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: the callout number and the muscle it names."""

    number: int
    muscle: Any
    level: Level
    deep: bool
    note: str


@dataclass(frozen=True)
class LegendGroup:
    """Legend entries under one heading (none when the legend is not grouped)."""

    title: str | None
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class MuscleMap:
    """A rendered map: the SVG, its size in points, and what was placed where (in SVG units, which are points)."""

    svg: str
    width: float
    height: float
    callouts: tuple[Callout, ...]
    legend: tuple[LegendGroup, ...]
    highlighted: dict[tuple[str, View, Side], Box]
    levels: dict[str, Level]
    placements: dict[str, Any] = None  # type: ignore[assignment]  # view → Placement, where each figure was placed

    def data_uri(self) -> str:
        """The SVG as a data: URI, for an <img> (WeasyPrint draws that far faster than the same SVG inline)."""
        return data_uri(self.svg)

    def alt_text(self) -> str:
        """A text alternative naming every numbered muscle and its level."""
        deep = pgettext("muscle map", ", deep")
        names = "; ".join(
            f"{c.number}, {' '.join(c.lines)}{deep if c.deep else ''}, {_alt_level(c.level)}"
            for c in self.callouts
        )
        return pgettext("muscle map", "Front and back views of the body with numbered muscles: %(names)s.", names=names)


def _alt_level(level: str) -> str:
    """ALT_LEVEL's words in the edition's language."""
    words = {"primary": pgettext("muscle map", "main muscle"), "secondary": pgettext("muscle map", "helper")}
    return words.get(level, ALT_LEVEL.get(level, level))


def render_muscle_map(
    muscles: Mapping[str, Any],
    primary: Sequence[str],
    secondary: Sequence[str],
    colours: Colours,
    *,
    body: Body | None = None,
    groups: Sequence[tuple[str | None, Sequence[str]]] | None = None,
    notes: Mapping[str, str] | None = None,
    max_figure_height: float = 380.0,
    width: float = 510.0,
    crop: bool = False,
    close_up: str | None = None,
    id_prefix: str = "",
    lettering: Lettering = Lettering(),
) -> MuscleMap:
    """Draw the front and back figures with `primary` and `secondary` muscles highlighted and called out.

    `muscles` maps ids to objects with `plain_name`, `in_action` and `deep` (the content `Muscle`); `body` is the
    project's atlas (the shipped one when not given). Callouts are numbered in legend order: `groups` (heading,
    ids) when given, else main muscles then helpers. Sizes are in points; `crop` trims the figures to the band
    of the body the highlighted muscles lie in; `close_up` shows only the atlas's crop of that name; `lettering`
    sizes the type.
    """
    body = body or _shipped_body(muscles)
    levels: dict[str, Level] = {m: "secondary" for m in secondary}
    levels.update({m: "primary" for m in primary})
    drawn = body.muscle_views()
    unknown = [m for m in levels if m not in muscles or m not in drawn]
    if unknown:
        raise ValueError(f"muscle map: no muscle or no drawing for {', '.join(sorted(unknown))}")
    boxes = _boxes(body, levels, crop, close_up)
    shown = tuple(boxes)
    missing = [m for m in levels if not any(v in shown for v in drawn[m])]
    if missing:
        raise ValueError(f"muscle map: close-up '{close_up}' shows no view of {', '.join(sorted(missing))}")
    styles = level_styles(colours)

    span = (min(b.y0 for b in boxes.values()), max(b.y1 for b in boxes.values()))
    span_h = span[1] - span[0]
    half_w = max(b.width for b in boxes.values()) / 2
    scale, _ = _sizing(muscles, list(levels), body, boxes, max_figure_height, width, lettering)
    half = half_w * scale
    top = 2.0 - span[0] * scale
    cut = crop or close_up is not None
    centres = (
        {"front": width / 2 - FIGURE_GAP / 2 - half, "back": width / 2 + FIGURE_GAP / 2 + half}
        if len(boxes) == 2 else {shown[0]: width / 2}
    )
    placements: dict[str, Placement] = {}
    for view, box in boxes.items():
        ox = (box.x0 + box.x1) / 2
        placement = Placement(view, centres[view], top, scale, ox)
        if cut:
            x0, y0 = placement.point(Point(box.x0, box.y0))
            x1, y1 = placement.point(Point(box.x1, box.y1))
            placement = Placement(view, centres[view], top, scale, ox, Box(x0, y0, x1, y1),
                          (box.y0 > 0, box.y1 < body.atlas_view(view).height))
        placements[view] = placement
    height = 2.0 + span_h * scale + lettering.caption_space

    ordered = _legend_order(levels, groups, body, shown)
    numbers = {m: n for n, m in enumerate((m for _, ids in ordered for m in ids), start=1)}
    columns: dict[str, tuple[Column, float] | None] = {
        "front": ("left", placements["front"].cx - half - FIGURE_PAD) if "front" in placements else None,
        "back": ("right", placements["back"].cx + half + FIGURE_PAD) if "back" in placements else None,
    }
    if len(placements) == 1:
        # One view alone: labels on both sides of it, each muscle on the side its callout region lies.
        only = shown[0]
        columns = {only: None}
    callouts: list[Callout] = []
    for view in shown:
        mine = [m for m in numbers if body.main_view(m, shown) == view]
        column_at = columns.get(view)
        sides: list[tuple[tuple[Column, float], list[str]]]
        if column_at:
            sides = [(column_at, mine)]
        else:
            placement = placements[view]
            left = [m for m in mine if _callout_region(body, m, view, "left").anchor[0] <= placement.ox]
            sides = [(("left", placement.cx - half - FIGURE_PAD), left),
                     (("right", placement.cx + half + FIGURE_PAD), [m for m in mine if m not in left])]
        for (column, edge), ids in sides:
            want = column
            text_room = (edge if column == "left" else width - edge) - 2 * lettering.badge_r - 4
            labels = [
                _label(m, muscles[m], _callout_region(body, m, view, want), placements[view], text_room, lettering,
                       body)
                for m in ids
            ]
            knee = edge + (5 if column == "left" else -5)
            placed_all = place_column([label for label, _ in labels], column, edge, knee, 0, height, LABEL_GAP)
            for placed, (_, lines) in zip(placed_all, labels):
                region = _callout_region(body, placed.key, view, want)
                callouts.append(
                    Callout(
                        number=numbers[placed.key],
                        muscle=placed.key,
                        level=levels[placed.key],
                        view=view,
                        side=region.side,
                        box=placed.box,
                        leader=placed.leader,
                        lines=lines,
                        deep=_is_deep(placed.key, muscles[placed.key], body),
                        visible_mm2=_visible_mm2(body, placed.key, view, placements[view]),
                    )
                )
    callouts.sort(key=lambda c: c.number)
    # Too many labels for the figure's height run on below it; the map grows to hold them.
    height = max([height, *(c.box.y1 + 2 for c in callouts)])

    highlighted = {
        (r.muscle, view, r.side): placements[view].path(r.path).bbox()
        for view in shown
        for r in body.atlas_view(view).regions
        if r.muscle in levels
    }
    if cut:
        highlighted = {k: _clip_box(b, placements[k[1]].clip) for k, b in highlighted.items()}
    caption_y = 2.0 + span_h * scale + lettering.caption_space - 4
    svg = write_svg(width, height, caption_y, placements, levels, styles, callouts, colours, id_prefix, body, lettering)
    notes = notes or {}
    legend = tuple(
        LegendGroup(
            title,
            tuple(
                LegendEntry(
                    numbers[m], muscles[m], levels[m], _is_deep(m, muscles[m], body),
                    notes.get(m) or muscles[m].in_action,
                )
                for m in ids
            ),
        )
        for title, ids in ordered
    )
    return MuscleMap(svg, width, height, tuple(callouts), legend, highlighted, levels, placements)


def _clip_box(box: Box, clip: Box | None) -> Box:
    if clip is None:
        return box
    return Box(max(box.x0, clip.x0), max(box.y0, clip.y0), min(box.x1, clip.x1), min(box.y1, clip.y1))


def _visible_mm2(body: Body, muscle: str, view: View, placement: Placement) -> float:
    """How much of `muscle` shows on `view` once placed, in mm² of the printed page (the SVG is in points)."""
    area = sum(r.visible_area for r in body.atlas_view(view).regions if r.muscle == muscle)
    return area * placement.scale**2 / PT_PER_MM**2


@lru_cache(maxsize=4)
def _shipped_body_for(key: frozenset) -> Body:  # type: ignore[type-arg]
    from handouts.content.project import default_project_root

    return Body.load(default_project_root(), dict(key))


def _shipped_body(muscles: Mapping[str, Any]) -> Body:
    key = frozenset((m, _Info(getattr(i, "deep", False), tuple(i.views))) for m, i in muscles.items())
    return _shipped_body_for(key)


@dataclass(frozen=True)
class _Info:
    deep: bool
    views: tuple[str, ...]


def _boxes(body: Body, levels: Iterable[str], crop: bool, close_up: str | None) -> dict[View, Box]:
    """The part of each shown view the map draws: whole figures, the band of the marked muscles, or a close-up."""
    if close_up is not None:
        boxes = body.crops(close_up)
        if not boxes:
            known = ", ".join(body.crop_names()) or "none"
            raise ValueError(f"muscle map: the atlas has no close-up '{close_up}' (it has: {known})")
        return boxes
    y0, y1 = _span(body, levels) if crop else (0.0, body.height)
    half = body.half_width_between(y0, y1) if crop else body.half_width
    return {view: Box(-half, y0, half, y1) for view in VIEWS}


def figure_scale(
    muscles: Mapping[str, Any],
    ids: Iterable[str],
    max_figure_height: float,
    crop: bool,
    width: float = 510.0,
    lettering: Lettering = Lettering(),
    body: Body | None = None,
    close_up: str | None = None,
) -> float:
    """Points per figure unit the map will use for `ids` within `max_figure_height` points."""
    body = body or _shipped_body(muscles)
    ids = list(ids)
    boxes = _boxes(body, ids, crop, close_up)
    return _sizing(muscles, ids, body, boxes, max_figure_height, width, lettering)[0]


def _sizing(
    muscles: Mapping[str, Any], ids: list[str], body: Body, boxes: dict[View, Box], max_figure_height: float,
    width: float, lettering: Lettering,
) -> tuple[float, float]:
    """The largest scale, and the label text width that allows it.

    Narrower label columns leave more width to the figures but wrap names onto more lines; a width is
    usable while each column's labels still stack within the figure's height (with `lettering.overhang`,
    within the map's whole room).
    """
    span_h = max(b.y1 for b in boxes.values()) - min(b.y0 for b in boxes.values())
    figures_w = sum(b.width for b in boxes.values())
    shown = tuple(boxes)
    size = lettering.label
    natural = max((text_width(muscles[m].plain_name, size, 600) for m in ids), default=0.0)
    # No narrower than the longest word, which would stick out of its column.
    longest = max((text_width(w, size, 600) for m in ids for w in muscles[m].plain_name.split()), default=0.0)

    def scale_for(text_room: float) -> float:
        column = 2 * lettering.badge_r + 4 + text_room
        gaps = FIGURE_GAP * (len(boxes) - 1) + 2 * FIGURE_PAD
        return min(max_figure_height / span_h, (width - 2 * column - gaps) / figures_w)

    usable = []
    for text_room in sorted({max(longest, min(natural, w)) for w in range(60, 125, 6)}, reverse=True):
        scale = scale_for(text_room)
        stacks: dict[str, float] = {}
        for m in ids:
            view = body.main_view(m, shown)
            # With one view shown, its labels split over two columns; count them as one to stay on the safe side.
            stacks[view] = stacks.get(view, 0.0) + _label_height(muscles[m], m, text_room, lettering, body) + LABEL_GAP
        reach = max(span_h * scale, max_figure_height) if lettering.overhang else span_h * scale
        if max(stacks.values(), default=0.0) <= reach + lettering.caption_space:
            usable.append((scale, text_room))
    if not usable:
        # Too many labels for any width: take wide columns and let the labels run past the figure.
        text_room = max(longest, min(natural, 118.0))
        return scale_for(text_room), text_room
    # Wrapped names cost legibility, so take the widest columns that give up little of the best size.
    top = max(scale for scale, _ in usable)
    return next((scale, room) for scale, room in usable if scale >= 0.88 * top)


def _span(body: Body, levels: Iterable[str]) -> tuple[float, float]:
    """The band of the figure (top, bottom in figure units) holding every highlighted muscle, with some margin."""
    wanted = set(levels)
    boxes = [r.path.bbox() for v in VIEWS for r in body.atlas_view(v).regions if r.muscle in wanted]
    if not boxes:
        return (0.0, body.height)
    y0 = max(0.0, min(b.y0 for b in boxes) - 40)
    y1 = min(body.height, max(b.y1 for b in boxes) + 40)
    # Keep the head or the feet rather than cutting just short of them.
    y0 = 0.0 if y0 < 140 else y0
    y1 = body.height if y1 > body.height - 140 else y1
    return (y0, y1)


def _is_deep(muscle: str, info: Any, body: Body) -> bool:
    return bool(getattr(info, "deep", False)) or body.is_deep(muscle)


def _legend_order(
    levels: dict[str, Level],
    groups: Sequence[tuple[str | None, Sequence[str]]] | None,
    body: Body,
    shown: Sequence[View] = VIEWS,
) -> list[tuple[str | None, list[str]]]:
    if groups is None:
        groups = [
            (pgettext("muscle map", "Main muscles"), [m for m in levels if levels[m] == "primary"]),
            (pgettext("muscle map", "Helpers and steadiers"), [m for m in levels if levels[m] == "secondary"]),
        ]

    def reading(m: str) -> tuple[int, int, float]:
        view = body.main_view(m, shown)
        region = _callout_region(body, m, view, "left" if view == "front" else "right")
        return (0 if levels[m] == "primary" else 1, VIEWS.index(view), region.anchor[1])

    out = []
    for title, ids in groups:
        chosen = sorted((m for m in dict.fromkeys(ids) if m in levels), key=reading)
        if chosen:
            out.append((title, chosen))
    return out


def _callout_region(body: Body, muscle: str, view: View, column: str) -> Region:
    """The region a callout points at: on the half of the figure nearer its label column, the most visible one."""
    regions = [r for r in body.atlas_view(view).regions if r.muscle == muscle]
    if not regions:
        raise LookupError(f"no {view} region for {muscle}")
    near = [r for r in regions if (r.anchor[0] < 0) == (column == "left")] or regions
    return max(near, key=lambda r: r.visible_area)


def _label(
    muscle: str, info: Any, region: Region, placement: Placement, text_room: float, lettering: Lettering, body: Body
) -> tuple[Label, tuple[str, ...]]:
    lines = tuple(wrap(info.plain_name, lettering.label, text_room, 600))
    text_w = max(text_width(line, lettering.label, 600) for line in lines)
    width = 2 * lettering.badge_r + 4 + text_w
    height = _label_height(info, muscle, text_room, lettering, body)
    return Label(muscle, placement.point(region.anchor), width, height, lettering.badge_r), lines


def _label_height(info: Any, muscle: str, text_room: float, lettering: Lettering, body: Body) -> float:
    rows = len(wrap(info.plain_name, lettering.label, text_room, 600)) + (1 if _is_deep(muscle, info, body) else 0)
    return (rows - 1) * lettering.leading + 2 * lettering.badge_r
