"""Write the map as SVG: the figures, each region as one element named by its muscle, and the callouts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from handouts.content.wording import pgettext
from handouts.drawing.musclemap.curves import Box, Path, Point
from handouts.drawing.musclemap.geometry import Body, Region, View
from handouts.drawing.musclemap.layout import Callout
from handouts.drawing.musclemap.metrics import text_width
from handouts.drawing.musclemap.style import (
    BODY_FILL,
    BODY_LINE,
    CAPTION,
    EDGE,
    FONT,
    MUSCLE_LINE,
    Colours,
    Lettering,
    Level,
    LevelStyle,
    level_styles,
    pattern_defs,
    texture,
)
from handouts.drawing.svg import escape_text, number, quoted

CAPTION_PAD = 1.5  # white around a view caption, each side (points)


def _view_caption(view: str) -> str:
    """The caption under a view of the body ('FRONT', 'BACK'), in the edition's language."""
    captions = {"front": pgettext("muscle map", "FRONT"), "back": pgettext("muscle map", "BACK")}
    return captions.get(view, view.upper())


@dataclass(frozen=True)
class Placement:
    """Where one view's figure sits on the map: its midline, its top and its scale (points per unit)."""

    view: View
    cx: float
    top: float
    scale: float
    ox: float = 0.0  # the atlas x drawn at `cx`: the midline, or a close-up's middle
    clip: Box | None = None  # on the page: what of the figure shows, when cut
    fade: tuple[bool, bool] = (False, False)  # fade out at the clip's top, bottom

    def point(self, p: Point) -> Point:
        """A figure point on the page."""
        return Point(self.cx + (p[0] - self.ox) * self.scale, self.top + p[1] * self.scale)

    def path(self, path: Path) -> Path:
        """A figure path on the page."""
        return path.map(self.point)


def write_svg(
    width: float,
    height: float,
    caption_y: float,
    placements: dict[str, Placement],
    levels: dict[str, Level],
    styles: dict[Level, LevelStyle],
    callouts: Sequence[Callout],
    colours: Colours,
    prefix: str,
    body: Body,
    lettering: Lettering = Lettering(),
) -> str:
    """The whole map as one SVG document; a placement with a clip box shows only that part of its figure."""
    names = "; ".join(f"{c.number} {' '.join(c.lines)}" for c in callouts)
    pattern_prefix = f"{prefix}mm-"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="muscle-map" viewBox="0 0 {number(width)} {number(height)}" '
        f'width="{number(width)}pt" height="{number(height)}pt" role="img" '
        f"aria-label={quoted('Front and back views of the body with these muscles marked: ' + names)}>",
        f"<defs>{pattern_defs(pattern_prefix, styles)}",
    ]
    cut = any(f.clip for f in placements.values())
    if cut:
        out.append(
            f'<linearGradient id="{pattern_prefix}fade-down" x1="0" y1="0" x2="0" y2="1">'
            f'<stop offset="0" stop-color="#ffffff" stop-opacity="0"/><stop offset="1" stop-color="#ffffff"/>'
            f"</linearGradient>"
            f'<linearGradient id="{pattern_prefix}fade-up" x1="0" y1="1" x2="0" y2="0">'
            f'<stop offset="0" stop-color="#ffffff" stop-opacity="0"/><stop offset="1" stop-color="#ffffff"/>'
            f"</linearGradient>"
        )
        for view, placement in placements.items():
            if placement.clip:
                box = placement.clip
                out.append(
                    f'<clipPath id="{pattern_prefix}crop-{view}"><rect x="{number(box.x0)}" y="{number(box.y0)}" '
                    f'width="{number(box.width)}" height="{number(box.height)}"/></clipPath>'
                )
    out.append("</defs>")
    for view, placement in placements.items():
        out.append(f'<g clip-path="url(#{pattern_prefix}crop-{view})">' if placement.clip else "<g>")
        out.append(_figure(placement, body, levels, styles, colours, prefix, pattern_prefix))
        if placement.clip:
            # A cut figure fades out at the cut rather than ending on a hard edge.
            box, fade = placement.clip, 22.0
            edges = [(box.y0, "up")] if placement.fade[0] else []
            edges += [(box.y1 - fade, "down")] if placement.fade[1] else []
            for y, way in edges:
                out.append(
                    f'<rect x="{number(box.x0)}" y="{number(y)}" width="{number(box.width)}" height="{number(fade)}" '
                    f'fill="url(#{pattern_prefix}fade-{way})"/>'
                )
        out.append("</g>")
    out.append(_callouts(callouts, styles, colours, lettering))
    # The captions come after the callouts, each on a white ground: where labels run on below a short figure
    # (large print, longer words), a leader passes behind the word instead of striking through it.
    for view, placement in placements.items():
        caption, size = _view_caption(view), lettering.caption
        spacing = size * 2 / 15
        half = (text_width(caption, size, 700) + spacing * len(caption)) / 2 + CAPTION_PAD
        out.append(
            f'<rect class="caption-ground" x="{number(placement.cx - half)}" '
            f'y="{number(caption_y - 0.8 * size)}" width="{number(2 * half)}" height="{number(1.05 * size)}" '
            f'fill="#ffffff"/>'
            f'<text x="{number(placement.cx)}" y="{number(caption_y)}" text-anchor="middle" font-family="{FONT}" '
            f'font-size="{number(size)}" font-weight="700" letter-spacing="{number(spacing)}" '
            f'fill="{CAPTION}">{escape_text(caption)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _figure(
    placement: Placement,
    body: Body,
    levels: dict[str, Level],
    styles: dict[Level, LevelStyle],
    colours: Colours,
    prefix: str,
    pattern_prefix: str,
) -> str:
    """One view in the atlas's drawing order; runs of plain underlay or lines go out as one path each."""
    fig = body.atlas_view(placement.view)
    regions = {r.id: r for r in fig.regions}
    parts = [f'<g class="figure {placement.view}">']
    textures = _Textures(pattern_prefix)
    run: tuple[str, list[str]] | None = None
    run_styles = {
        "underlay": f'fill="{BODY_FILL}" stroke="{MUSCLE_LINE}" stroke-width="0.45"',
        "lines": f'fill="none" stroke="{MUSCLE_LINE}" stroke-width="0.45"',
    }

    def end_run() -> None:
        nonlocal run
        if run:
            parts.append(f'<path d="{"".join(run[1])}" {run_styles[run[0]]}/>')
        run = None

    for shape in fig.shapes:
        if placement.clip and not placement.path(shape.path).bbox().overlaps(placement.clip):
            continue  # cut away on this page: drawing it would only add to the file
        level = levels.get(shape.muscle) if shape.muscle else None
        role = shape.role
        if role == "details" and level is None:
            role = "lines"  # an unmarked muscle's detail lines are drawn like the body's
        if role in run_styles:
            if run is None or run[0] != role:
                end_run()
                run = (role, [])
            run[1].append(placement.path(shape.path).d())
            continue
        end_run()
        if role == "outline":
            parts.append(
                f'<path d="{placement.path(shape.path).d()}" fill="{BODY_FILL}" stroke="{BODY_LINE}" '
                'stroke-width="0.9" '
                f'stroke-linejoin="round"/>'
            )
        elif role == "details" and level is not None:
            parts.append(
                f'<path d="{placement.path(shape.path).d()}" fill="none" stroke="{styles[level].stroke}" '
                'stroke-width="0.5"/>'
            )
        elif role == "region" and shape.id in regions and not regions[shape.id].deep:
            parts.append(_region(placement, regions[shape.id], level, styles, colours, prefix, textures, body))
    end_run()
    parts.append(textures.flush())
    # Deep muscles go last, as dashed outlines with no fill: they show where they lie and hide nothing on top.
    for region in (r for r in fig.regions if r.deep):
        parts.append(_region(placement, region, levels.get(region.muscle), styles, colours, prefix, textures, body))
    parts.append("</g>")
    return "".join(parts)


class _Textures:
    """Pattern overlays held back and drawn together, one path per pattern.

    WeasyPrint paints a pattern anew for every element that uses it, so each level's hatch or dots is
    drawn once over all its regions, as late as it can be: just before any region that could cover one.
    """

    def __init__(self, pattern_prefix: str):
        self.prefix = pattern_prefix
        self.pending: dict[str, list[str]] = {}
        self.boxes: list[Box] = []

    def before(self, box: Box) -> str:
        """Flush the held overlays if a region drawn at `box` could cover any of them."""
        return self.flush() if any(box.overlaps(b) for b in self.boxes) else ""

    def add(self, fill_url: str, d: str, box: Box) -> None:
        self.pending.setdefault(fill_url, []).append(d)
        self.boxes.append(box)

    def flush(self) -> str:
        out = "".join(
            f'<path class="texture" d="{"".join(ds)}" fill="{url}"/>' for url, ds in self.pending.items()
        )
        self.pending, self.boxes = {}, []
        return out


def _region_id(region: Region, prefix: str, body: Body) -> str:
    view = "" if body.main_view(region.muscle) == region.view else f"{region.view}-"
    # A muscle may have several regions on one side; the atlas id tells them apart.
    part = region.id.split("--", 1)[1] if "--" in region.id else ""
    extra = "" if part in ("", "left", "right") else f"-{part}"
    return f"{prefix}{region.muscle}-{view}{region.side}{extra}"


def _region(
    placement: Placement,
    region: Region,
    level: Level | None,
    styles: dict[Level, LevelStyle],
    colours: Colours,
    prefix: str,
    textures: _Textures,
    body: Body,
) -> str:
    """One region as one element carrying its ids and level (its pattern overlay is batched in `textures`)."""
    attrs = (
        f'id="{_region_id(region, prefix, body)}" class="region {region.muscle}{" deep" if region.deep else ""}'
        f'{f" level-{level}" if level else ""}" data-muscle="{region.muscle}" data-side="{region.side}"'
        f' data-view="{region.view}"{f" data-level={chr(34)}{level}{chr(34)}" if level else ""}'
    )
    if level is None and region.deep:
        # Listed for lookups, but not drawn: an unmarked deep muscle is hidden under the others.
        return f"<g {attrs}/>"
    path = placement.path(region.path)
    d, box = path.d(), path.bbox()
    flushed = textures.before(box)
    if level is None:
        return (
            f'{flushed}<path {attrs} d="{d}" fill="{BODY_FILL}" stroke="{MUSCLE_LINE}" stroke-width="0.5" '
            f'stroke-linejoin="round"/>'
        )
    style = styles[level]
    if region.deep:
        # No fill, so what covers the deep muscle stays as it is; the dash colour and weight carry the level
        # (dark and heavy for a main muscle, the helper colour for a helper), over a white halo that keeps the
        # dashes readable on a dark muscle as well as a pale one.
        ink, weight = (style.fill, 1.3) if level == "primary" else (style.stroke, 1.0)
        return (
            f'{flushed}<path d="{d}" fill="none" stroke="#ffffff" stroke-width="{number(weight + 1.2)}" '
            f'stroke-opacity="0.9"/>'
            f'<path {attrs} d="{d}" fill="none" stroke="{ink}" stroke-width="{number(weight)}" '
            f'stroke-dasharray="2.6 1.6" stroke-linejoin="round"/>'
        )
    textures.add(texture(textures.prefix, level), d, box)
    return flushed + (
        f'<path {attrs} d="{d}" fill="{style.fill}" stroke="{style.stroke}" stroke-width="{EDGE[level]}" '
        f'stroke-linejoin="round"/>'
    )


def _callouts(
    callouts: Iterable[Callout], styles: dict[Level, LevelStyle], colours: Colours, lettering: Lettering
) -> str:
    parts = ['<g class="callouts">']
    for c in callouts:
        style = styles[c.level]
        pts = " ".join(f"{number(x)},{number(y)}" for x, y in c.leader)
        ax, ay = c.leader[-1]
        parts.append(
            f'<g class="callout" data-muscle="{c.muscle}" data-number="{c.number}" data-level="{c.level}">'
            f'<polyline points="{pts}" fill="none" stroke="{colours.text}" stroke-width="0.6" stroke-linejoin="round"/>'
            f'<circle cx="{number(ax)}" cy="{number(ay)}" r="1.5" fill="{colours.text}" stroke="#ffffff" '
            'stroke-width="0.5"/>'
        )
        # The badge sits on the edge the leader leaves from, the one facing the figure.
        badge_first = c.leader[0][0] <= c.box.x0 + 1e-6
        r = lettering.badge_r
        bx = c.box.x0 + r if badge_first else c.box.x1 - r
        by = c.box.y0 + r
        # A baseline about a third of the type size below the badge's centre centres the number in it.
        parts.append(
            f'<circle cx="{number(bx)}" cy="{number(by)}" r="{number(r - 0.4)}" fill="{style.badge_fill}" '
            f'stroke="{style.badge_ring}" stroke-width="0.8"/>'
            f'<text x="{number(bx)}" y="{number(by + round(lettering.badge * 0.35, 1))}" text-anchor="middle" '
            f'font-family="{FONT}" font-size="{number(lettering.badge)}" '
            f'font-weight="700" fill="{style.badge_text}">{c.number}</text>'
        )
        tx = bx + r + 4 if badge_first else bx - r - 4
        anchor = "start" if badge_first else "end"
        rows = [(line, 600, "normal", lettering.label, colours.text) for line in c.lines]
        if c.deep:
            rows.append((pgettext("muscle map", "deep"), 400, lettering.note_style, lettering.note, CAPTION))
        for i, (text, weight, style_name, size, fill) in enumerate(rows):
            y = by + round(lettering.label * 0.343, 1) + i * lettering.leading
            parts.append(
                f'<text x="{number(tx)}" y="{number(y)}" text-anchor="{anchor}" font-family="{FONT}" '
                f'font-size="{size}" '
                f'font-weight="{weight}" font-style="{style_name}" fill="{fill}">{escape_text(text)}</text>'
            )
        parts.append("</g>")
    parts.append("</g>")
    return "".join(parts)


def key_swatches(colours: Colours, prefix: str = "key-") -> dict[str, str]:
    """Small SVG documents showing how each level and a deep muscle are drawn, for the key above the map."""
    styles = level_styles(colours)
    out: dict[str, str] = {}
    for level in ("primary", "secondary"):
        style = styles[level]
        level_prefix = f"{prefix}{level}-"
        out[level] = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="mm-swatch" width="22pt" height="14pt" '
            f'viewBox="0 0 22 14" aria-hidden="true"><defs>{pattern_defs(level_prefix, styles)}</defs>'
            f'<rect x="0.5" y="0.5" width="21" height="13" rx="2" fill="{style.fill}"/>'
            f'<rect x="0.5" y="0.5" width="21" height="13" rx="2" fill="{texture(level_prefix, level)}" '
            f'stroke="{style.stroke}" stroke-width="0.8"/></svg>'
        )
    out["deep"] = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="mm-swatch" width="22pt" height="14pt" viewBox="0 0 22 14" '
        f'aria-hidden="true"><rect x="0.5" y="0.5" width="21" height="13" rx="2" fill="#ffffff" '
        f'stroke="{colours.text}" stroke-width="0.9" stroke-dasharray="2.4 1.6"/></svg>'
    )
    return out
