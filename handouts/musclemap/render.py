"""The muscle map: size and place the figures, number the muscles, lay out the callouts, build the legend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from handouts.musclemap import geometry
from handouts.musclemap.curves import Box, Point
from handouts.musclemap.geometry import Region, Side, View
from handouts.musclemap.layout import Label, place_column
from handouts.musclemap.metrics import text_width, wrap
from handouts.musclemap.style import Colours, Lettering, Level, level_styles
from handouts.musclemap.svg import Frame, data_uri, write_svg

FIGURE_GAP = 24.0  # between the two figures
FIGURE_PAD = 10.0  # between a figure and its label column
LABEL_GAP = 3.0
ALT_LEVEL = {"primary": "main muscle", "secondary": "helper"}
HALF_WIDTH = 134.0  # the figure's widest point (the hands), in figure units


@dataclass(frozen=True)
class Callout:
    """A numbered label beside a figure and the leader to its muscle."""

    number: int
    muscle: str
    level: Level
    view: View
    side: Side
    box: Box
    leader: tuple[Point, ...]
    lines: tuple[str, ...]
    deep: bool


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

    def data_uri(self) -> str:
        """The SVG as a data: URI, for an <img> (WeasyPrint draws that far faster than the same SVG inline)."""
        return data_uri(self.svg)

    def alt_text(self) -> str:
        """A text alternative naming every numbered muscle and its level."""
        names = "; ".join(
            f"{c.number}, {' '.join(c.lines)}{', deep' if c.deep else ''}, {ALT_LEVEL[c.level]}" for c in self.callouts
        )
        return f"Front and back views of the body with numbered muscles: {names}."


def render_muscle_map(
    muscles: Mapping[str, Any],
    primary: Sequence[str],
    secondary: Sequence[str],
    colours: Colours,
    *,
    groups: Sequence[tuple[str | None, Sequence[str]]] | None = None,
    notes: Mapping[str, str] | None = None,
    max_figure_height: float = 380.0,
    width: float = 510.0,
    crop: bool = False,
    id_prefix: str = "",
    lettering: Lettering = Lettering(),
) -> MuscleMap:
    """Draw the front and back figures with `primary` and `secondary` muscles highlighted and called out.

    `muscles` maps ids to objects with `plain_name`, `in_running` and `deep` (the content `Muscle`). Callouts
    are numbered in legend order: `groups` (heading, ids) when given, else main muscles then helpers. Sizes
    are in points; `crop` trims the figures to the band of the body the highlighted muscles lie in; `lettering`
    sizes the type.
    """
    levels: dict[str, Level] = {m: "secondary" for m in secondary}
    levels.update({m: "primary" for m in primary})
    unknown = [m for m in levels if m not in muscles or m not in geometry.muscle_views()]
    if unknown:
        raise ValueError(f"muscle map: no muscle or no drawing for {', '.join(sorted(unknown))}")
    styles = level_styles(colours)

    span = _span(levels) if crop else (0.0, geometry.HEIGHT)
    span_h = span[1] - span[0]
    scale, _ = _sizing(muscles, list(levels), max_figure_height, crop, width, lettering)
    half = HALF_WIDTH * scale
    top = 2.0 - span[0] * scale
    frames = {
        "front": Frame("front", width / 2 - FIGURE_GAP / 2 - half, top, scale),
        "back": Frame("back", width / 2 + FIGURE_GAP / 2 + half, top, scale),
    }
    height = 2.0 + span_h * scale + lettering.caption_space

    ordered = _legend_order(levels, groups)
    numbers = {m: n for n, m in enumerate((m for _, ids in ordered for m in ids), start=1)}
    columns = {
        "front": ("left", frames["front"].cx - half - FIGURE_PAD),
        "back": ("right", frames["back"].cx + half + FIGURE_PAD),
    }
    callouts: list[Callout] = []
    for view in geometry.VIEWS:
        column, edge = columns[view]
        text_room = (edge if column == "left" else width - edge) - 2 * lettering.badge_r - 4
        labels = [
            _label(m, muscles[m], _callout_region(m, view), frames[view], text_room, lettering)
            for m in numbers
            if geometry.main_view(m) == view
        ]
        knee = edge + (5 if column == "left" else -5)
        placed_all = place_column([label for label, _ in labels], column, edge, knee, 0, height, LABEL_GAP)
        for placed, (_, lines) in zip(placed_all, labels):
            callouts.append(
                Callout(
                    number=numbers[placed.key],
                    muscle=placed.key,
                    level=levels[placed.key],
                    view=view,
                    side=_callout_region(placed.key, view).side,
                    box=placed.box,
                    leader=placed.leader,
                    lines=lines,
                    deep=_is_deep(placed.key, muscles[placed.key]),
                )
            )
    callouts.sort(key=lambda c: c.number)
    # Too many labels for the figure's height run on below it; the map grows to hold them.
    height = max([height, *(c.box.y1 + 2 for c in callouts)])

    highlighted = {
        (r.muscle, view, r.side): frames[view].path(r.path).bbox()
        for view in geometry.VIEWS
        for r in geometry.figure(view).regions
        if r.muscle in levels
    }
    cut = (Box(0.0, 2.0, width, 2.0 + span_h * scale), span) if crop else None
    caption_y = 2.0 + span_h * scale + lettering.caption_space - 4
    svg = write_svg(width, height, caption_y, frames, levels, styles, callouts, colours, id_prefix, cut, lettering)
    notes = notes or {}
    legend = tuple(
        LegendGroup(
            title,
            tuple(
                LegendEntry(
                    numbers[m], muscles[m], levels[m], _is_deep(m, muscles[m]), notes.get(m) or muscles[m].in_running
                )
                for m in ids
            ),
        )
        for title, ids in ordered
    )
    return MuscleMap(svg, width, height, tuple(callouts), legend, highlighted, levels)


def figure_scale(
    muscles: Mapping[str, Any],
    ids: Iterable[str],
    max_figure_height: float,
    crop: bool,
    width: float = 510.0,
    lettering: Lettering = Lettering(),
) -> float:
    """Points per figure unit the map will use for `ids` within `max_figure_height` points."""
    return _sizing(muscles, list(ids), max_figure_height, crop, width, lettering)[0]


def _sizing(
    muscles: Mapping[str, Any], ids: list[str], max_figure_height: float, crop: bool, width: float, lettering: Lettering
) -> tuple[float, float]:
    """The largest scale, and the label text width that allows it.

    Narrower label columns leave more width to the figures but wrap names onto more lines; a width is
    usable while each column's labels still stack within the figure's height (with `lettering.overhang`,
    within the map's whole room).
    """
    span = _span(ids) if crop else (0.0, geometry.HEIGHT)
    span_h = span[1] - span[0]
    size = lettering.label
    natural = max((text_width(muscles[m].plain_name, size, 600) for m in ids), default=0.0)
    # No narrower than the longest word, which would stick out of its column.
    longest = max((text_width(w, size, 600) for m in ids for w in muscles[m].plain_name.split()), default=0.0)

    def scale_for(text_room: float) -> float:
        column = 2 * lettering.badge_r + 4 + text_room
        return min(max_figure_height / span_h, (width - 2 * column - FIGURE_GAP - 2 * FIGURE_PAD) / (4 * HALF_WIDTH))

    usable = []
    for text_room in sorted({max(longest, min(natural, w)) for w in range(60, 125, 6)}, reverse=True):
        scale = scale_for(text_room)
        stacks = {view: 0.0 for view in geometry.VIEWS}
        for m in ids:
            stacks[geometry.main_view(m)] += _label_height(muscles[m], m, text_room, lettering) + LABEL_GAP
        reach = max(span_h * scale, max_figure_height) if lettering.overhang else span_h * scale
        if max(stacks.values()) <= reach + lettering.caption_space:
            usable.append((scale, text_room))
    if not usable:
        # Too many labels for any width: take wide columns and let the labels run past the figure.
        text_room = max(longest, min(natural, 118.0))
        return scale_for(text_room), text_room
    # Wrapped names cost legibility, so take the widest columns that give up little of the best size.
    top = max(scale for scale, _ in usable)
    return next((scale, room) for scale, room in usable if scale >= 0.88 * top)


def _span(levels: Iterable[str]) -> tuple[float, float]:
    """The band of the figure (top, bottom in figure units) holding every highlighted muscle, with some margin."""
    return _span_of(frozenset(levels))


@lru_cache(maxsize=256)
def _span_of(wanted: frozenset[str]) -> tuple[float, float]:
    boxes = [r.path.bbox() for v in geometry.VIEWS for r in geometry.figure(v).regions if r.muscle in wanted]
    if not boxes:
        return (0.0, geometry.HEIGHT)
    y0 = max(0.0, min(b.y0 for b in boxes) - 40)
    y1 = min(geometry.HEIGHT, max(b.y1 for b in boxes) + 40)
    # Keep the head or the feet rather than cutting just short of them.
    y0 = 0.0 if y0 < 140 else y0
    y1 = geometry.HEIGHT if y1 > geometry.HEIGHT - 140 else y1
    return (y0, y1)


def _is_deep(muscle: str, info: Any) -> bool:
    return bool(getattr(info, "deep", False)) or geometry.is_deep(muscle)


def _legend_order(
    levels: dict[str, Level],
    groups: Sequence[tuple[str | None, Sequence[str]]] | None,
) -> list[tuple[str | None, list[str]]]:
    if groups is None:
        groups = [
            ("Main muscles", [m for m in levels if levels[m] == "primary"]),
            ("Helpers and steadiers", [m for m in levels if levels[m] == "secondary"]),
        ]

    def reading(m: str) -> tuple[int, int, float]:
        view = geometry.main_view(m)
        region = _callout_region(m, view)
        return (0 if levels[m] == "primary" else 1, geometry.VIEWS.index(view), region.anchor[1])

    out = []
    for title, ids in groups:
        chosen = sorted((m for m in dict.fromkeys(ids) if m in levels), key=reading)
        if chosen:
            out.append((title, chosen))
    return out


def _callout_region(muscle: str, view: View) -> Region:
    # Labels sit left of the front figure and right of the back one: point at the copy on that side.
    want_negative = view == "front"
    for region in geometry.figure(view).regions:
        if region.muscle == muscle and (region.anchor[0] < 0) == want_negative:
            return region
    raise LookupError(f"no {view} region for {muscle}")


def _label(
    muscle: str, info: Any, region: Region, frame: Frame, text_room: float, lettering: Lettering
) -> tuple[Label, tuple[str, ...]]:
    lines = tuple(wrap(info.plain_name, lettering.label, text_room, 600))
    text_w = max(text_width(line, lettering.label, 600) for line in lines)
    width = 2 * lettering.badge_r + 4 + text_w
    height = _label_height(info, muscle, text_room, lettering)
    return Label(muscle, frame.point(region.anchor), width, height, lettering.badge_r), lines


def _label_height(info: Any, muscle: str, text_room: float, lettering: Lettering) -> float:
    rows = len(wrap(info.plain_name, lettering.label, text_room, 600)) + (1 if _is_deep(muscle, info) else 0)
    return (rows - 1) * lettering.leading + 2 * lettering.badge_r
