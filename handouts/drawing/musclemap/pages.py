"""Page planning: which muscles go on which page, and how each page's legend splits into two columns."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, get_args

from handouts.content.models.muscle import Region
from handouts.content.wording import _, pgettext
from handouts.drawing.musclemap.geometry import Body
from handouts.drawing.musclemap.pagefit import Budget, column_split, figure_room
from handouts.drawing.musclemap.render import MIN_VISIBLE_MM2, PT_PER_MM, LegendEntry, LegendGroup, figure_scale
from handouts.drawing.musclemap.style import Lettering

Groups = list[tuple[str | None, list[str]]]
REGIONS: tuple[str, ...] = get_args(Region)  # head to feet, the order a map's pages follow


def region_title(region: str) -> str:
    """A body region's heading ('Core', 'Lower legs and feet'), in the edition's language."""
    # Called, not a table built at import: each edition says them in its own language (handouts.content.wording).
    titles = {
        "upper-body": pgettext("body region", "Upper body"),
        "core": pgettext("body region", "Core"),
        "hips": pgettext("body region", "Hips"),
        "thighs": pgettext("body region", "Thighs"),
        "lower-legs-feet": pgettext("body region", "Lower legs and feet"),
    }
    return titles.get(region, region)


def group_title(group: str) -> str | None:
    """The legend heading of a muscle `group` people know by name, in the words people use; None for others.

    `group` is matched as the source content writes it: in a translated edition the group reads in the
    edition's language, so there these families are headed by their region instead.
    """
    titles = {
        "Quadriceps": pgettext("muscle group heading", "Front of thigh (quadriceps)"),
        "Hamstrings": pgettext("muscle group heading", "Back of thigh (hamstrings)"),
        "Calf": pgettext("muscle group heading", "Calf"),
    }
    return titles.get(group)

# The most pages one map may take (the least scale at which muscles stay legible is the Budget's min_scale;
# points per figure unit, the whole figure being 750 units tall).
MAX_PAGES = 4


def legend_columns(legend: tuple[LegendGroup, ...]) -> list[list[LegendGroup]]:
    """The legend cut into a left and a right column of about equal height; a cut group repeats its heading."""
    cut = column_split([(g.title, [_entry(e) for e in g.entries]) for g in legend])
    left: list[LegendGroup] = []
    right: list[LegendGroup] = []
    seen = 0
    for group in legend:
        head, tail = group.entries[: max(0, cut - seen)], group.entries[max(0, cut - seen) :]
        if head:
            left.append(LegendGroup(group.title, head))
        if tail:
            right.append(LegendGroup(group.title, tail))
        seen += len(group.entries)
    return [left, right]


def _entry(entry: LegendEntry) -> tuple[str, str, str]:
    return (entry.muscle.plain_name, entry.muscle.name + (_deep() if entry.deep else ""), entry.note)


def _deep() -> str:
    # What the legend prints after a deep muscle's anatomical name: the template's own msgid, so said the same.
    return _(", deep")


def entries(groups: Groups, muscles: Mapping[str, Any], notes: Mapping[str, str], body: Body) -> list:
    """Each group's entries as the page budget measures them: plain name, anatomical name, legend line."""
    return [
        (
            title,
            [
                (
                    muscles[m].plain_name,
                    muscles[m].name + (_deep() if getattr(muscles[m], "deep", False) or body.is_deep(m) else ""),
                    notes.get(m) or muscles[m].in_action,
                )
                for m in ids
            ],
        )
        for title, ids in groups
    ]


def plan_pages(
    handout: Any,
    primary: list[str],
    secondary: list[str],
    muscles: Mapping[str, Any],
    notes: Mapping[str, str],
    lettering: Lettering = Lettering(),
    budget: Budget = Budget(),
    *,
    body: Body,
) -> list[tuple[str | None, Groups]]:
    """Pages as (subtitle, legend groups): the fewest pages on which the figures keep a legible size."""
    if not handout.group_by_region:
        # Ungrouped muscles split evenly in their listed order; there is no region boundary to respect.
        units = [[m] for m in primary + secondary]
        splitter = _even_splits

        def groups_of(part: list[list[str]]) -> Groups:
            ids = [m for unit in part for m in unit]
            return [(None, [m for m in ids if m in primary]), (None, [m for m in ids if m in secondary])]

        def subtitle_of(part: list[list[str]], pages: int) -> str | None:
            return None
    else:
        splitter = _splits
        by_region: dict[str, list[str]] = {}
        for m in primary + secondary:
            by_region.setdefault(muscles[m].region, []).append(m)
        regions = [r for r in REGIONS if r in by_region] + [r for r in by_region if r not in REGIONS]
        units = [by_region[r] for r in regions]
        titles = {id(by_region[r]): region_title(r) for r in regions}

        def groups_of(part: list[list[str]]) -> Groups:
            # Within a region, families people know by name (quadriceps, hamstrings, calf) get their own heading.
            out: Groups = []
            for unit in part:
                headed: dict[str, list[str]] = {}
                for m in unit:
                    headed.setdefault(group_title(muscles[m].group) or titles[id(unit)], []).append(m)
                named = [t for t in headed if t != titles[id(unit)]]
                out += [(t, headed[t]) for t in named] + [(t, ids) for t, ids in headed.items() if t not in named]
            return out

        def subtitle_of(part: list[list[str]], pages: int) -> str | None:
            return _join([titles[id(unit)] for unit in part]) if pages > 1 else None

    best: list[tuple[str | None, Groups]] = []
    for count in range(1, min(len(units), MAX_PAGES) + 1):
        scored = []
        for parts in splitter(units, count):
            scales = []
            for i, part in enumerate(parts):
                groups = groups_of(part)
                intro = handout.intro if i == 0 else None
                heading = budget.leading + 4 if getattr(handout, "action_heading", None) else 0.0
                room = figure_room(subtitle_of(part, count), intro, entries(groups, muscles, notes, body),
                                   lettering.caption_space + 2 + heading, budget)
                ids = [m for unit in part for m in unit]
                scale = figure_scale(muscles, ids, room, crop=count > 1, lettering=lettering, body=body)
                # Below 1, the page's figures would be too small: illegible, or a muscle showing too little.
                wanted = max([budget.min_scale, *(_visible_scale(body, m, muscles) for m in ids)])
                scales.append(scale / wanted)
            scored.append((min(scales), parts))
        fit, parts = max(scored, key=lambda item: item[0])
        best = [(subtitle_of(part, count), [g for g in groups_of(part) if g[1]]) for part in parts]
        if fit >= 1:
            break
    return best or [(None, [])]


def _visible_scale(body: Body, muscle: str, muscles: Mapping[str, Any]) -> float:
    """The least scale at which `muscle` shows MIN_VISIBLE_MM2 on the page (a deep muscle is called "deep")."""
    if getattr(muscles[muscle], "deep", False) or body.is_deep(muscle):
        return 0.0
    view = body.main_view(muscle)
    area = sum(r.visible_area for r in body.atlas_view(view).regions if r.muscle == muscle)
    return math.sqrt(MIN_VISIBLE_MM2 * PT_PER_MM**2 / area) if area else 0.0


def _even_splits(units: list[list[str]], count: int) -> list[list[list[list[str]]]]:
    """The one cut of `units` into `count` runs of (nearly) equal length."""
    size, extra = divmod(len(units), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(units[start:end])
        start = end
    return [out]


def _splits(units: list[list[str]], count: int) -> list[list[list[list[str]]]]:
    """Every way to cut `units` into `count` runs, keeping their order."""
    if count == 1:
        return [[units]]
    out = []
    for cut in range(1, len(units) - count + 2):
        for rest in _splits(units[cut:], count - 1):
            out.append([units[:cut], *rest])
    return out


def _join(titles: list[str]) -> str:
    """'Core and hips'; 'Thighs, lower legs and feet' (no second 'and' when the last title has one)."""
    # Translators: the word joining the last two body regions in a map page's subtitle, as in "Core and hips".
    word = pgettext("body region", "and")
    conjunction = f" {word} "
    if len(titles) == 1:
        text = titles[0]
    elif conjunction in titles[-1]:
        text = ", ".join(titles)
    else:
        text = ", ".join(titles[:-1]) + conjunction + titles[-1]
    return text[0] + text[1:].lower()
