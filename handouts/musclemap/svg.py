"""Write the map as SVG: the figures, each region as one element named by its muscle, and the callouts."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from handouts.musclemap import geometry
from handouts.musclemap.curves import Box, Path, Point, num
from handouts.musclemap.geometry import Region, View
from handouts.musclemap.style import (
    BODY_FILL,
    BODY_LINE,
    DEEP_WASH,
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

if TYPE_CHECKING:
    from handouts.musclemap.render import Callout


def data_uri(svg: str) -> str:
    """An SVG document as a data: URI for an <img>; WeasyPrint draws that several times faster than inline SVG."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass(frozen=True)
class Frame:
    """Where one view's figure sits on the map: its midline, its top and its scale (points per unit)."""

    view: View
    cx: float
    top: float
    scale: float

    def point(self, p: Point) -> Point:
        """A figure point on the page."""
        return (self.cx + p[0] * self.scale, self.top + p[1] * self.scale)

    def path(self, path: Path) -> Path:
        """A figure path on the page."""
        return path.map(self.point)


def write_svg(
    width: float,
    height: float,
    caption_y: float,
    frames: dict[str, Frame],
    levels: dict[str, Level],
    styles: dict[Level, LevelStyle],
    callouts: Sequence[Callout],
    colours: Colours,
    prefix: str,
    cut: tuple[Box, tuple[float, float]] | None,
    lettering: Lettering = Lettering(),
) -> str:
    """The whole map as one SVG document; `cut` is the box the figures are clipped to and the band they show."""
    names = "; ".join(f"{c.number} {' '.join(c.lines)}" for c in callouts)
    pattern_prefix = f"{prefix}mm-"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="muscle-map" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'width="{_f(width)}pt" height="{_f(height)}pt" role="img" '
        f"aria-label={quoteattr('Front and back views of the body with these muscles marked: ' + names)}>",
        f"<defs>{pattern_defs(pattern_prefix, styles)}",
    ]
    if cut:
        box = cut[0]
        out.append(
            f'<clipPath id="{pattern_prefix}crop"><rect x="{_f(box.x0)}" y="{_f(box.y0)}" width="{_f(box.width)}" '
            f'height="{_f(box.height)}"/></clipPath>'
            f'<linearGradient id="{pattern_prefix}fade-down" x1="0" y1="0" x2="0" y2="1">'
            f'<stop offset="0" stop-color="#ffffff" stop-opacity="0"/><stop offset="1" stop-color="#ffffff"/>'
            f"</linearGradient>"
            f'<linearGradient id="{pattern_prefix}fade-up" x1="0" y1="1" x2="0" y2="0">'
            f'<stop offset="0" stop-color="#ffffff" stop-opacity="0"/><stop offset="1" stop-color="#ffffff"/>'
            f"</linearGradient>"
        )
    out.append("</defs>")
    out.append(f'<g clip-path="url(#{pattern_prefix}crop)">' if cut else "<g>")
    for view in geometry.VIEWS:
        out.append(_figure(frames[view], levels, styles, colours, prefix, pattern_prefix))
    if cut:
        # A cut figure fades out at the cut rather than ending on a hard edge.
        box, (top, bottom) = cut
        fade = 22.0
        edges = [(box.y0, "up")] if top > 0 else []
        edges += [(box.y1 - fade, "down")] if bottom < geometry.HEIGHT else []
        for y, way in edges:
            out.append(
                f'<rect x="{_f(box.x0)}" y="{_f(y)}" width="{_f(box.width)}" height="{_f(fade)}" '
                f'fill="url(#{pattern_prefix}fade-{way})"/>'
            )
    out.append("</g>")
    for view in geometry.VIEWS:
        frame = frames[view]
        out.append(
            f'<text x="{_f(frame.cx)}" y="{_f(caption_y)}" text-anchor="middle" font-family="{FONT}" '
            f'font-size="{_f(lettering.caption)}" font-weight="700" letter-spacing="{_f(lettering.caption * 2 / 15)}" '
            f'fill="{BODY_LINE}">{view.upper()}</text>'
        )
    out.append(_callouts(callouts, styles, colours, lettering))
    out.append("</svg>")
    return "".join(out)


def _figure(
    frame: Frame,
    levels: dict[str, Level],
    styles: dict[Level, LevelStyle],
    colours: Colours,
    prefix: str,
    pattern_prefix: str,
) -> str:
    fig = geometry.figure(frame.view)
    parts = [f'<g class="figure {frame.view}">']
    parts.extend(
        f'<path d="{frame.path(p).d()}" fill="{BODY_FILL}" stroke="{BODY_LINE}" stroke-width="0.9" '
        f'stroke-linejoin="round"/>'
        for p in fig.silhouette
    )
    parts += [
        f'<path d="{"".join(frame.path(p).d() for p in fig.underlay)}" fill="{BODY_FILL}" stroke="{MUSCLE_LINE}" '
        f'stroke-width="0.45"/>',
        f'<path d="{"".join(frame.path(p).d() for p in fig.lines)}" fill="none" stroke="{MUSCLE_LINE}" '
        f'stroke-width="0.45"/>',
    ]
    textures = _Textures(pattern_prefix)
    shallow = [r for r in fig.regions if not r.deep]
    for region in shallow:
        parts.append(_region(frame, region, levels.get(region.muscle), styles, colours, prefix, textures))
    plain_details = "".join(frame.path(r.details).d() for r in shallow if r.details and r.muscle not in levels)
    if plain_details:
        parts.append(f'<path d="{plain_details}" fill="none" stroke="{MUSCLE_LINE}" stroke-width="0.45"/>')
    parts.append(textures.flush())
    # Deep muscles go last so a highlighted one shows through what covers it, outlined in dashes.
    for region in (r for r in fig.regions if r.deep):
        parts.append(_region(frame, region, levels.get(region.muscle), styles, colours, prefix, textures))
    parts.append(textures.flush())
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


def _region_id(region: Region, prefix: str) -> str:
    view = "" if geometry.main_view(region.muscle) == region.view else f"{region.view}-"
    return f"{prefix}{region.muscle}-{view}{region.side}"


def _region(
    frame: Frame,
    region: Region,
    level: Level | None,
    styles: dict[Level, LevelStyle],
    colours: Colours,
    prefix: str,
    textures: _Textures,
) -> str:
    """One region as one element carrying its ids and level (its pattern overlay is batched in `textures`)."""
    attrs = (
        f'id="{_region_id(region, prefix)}" class="region {region.muscle}{" deep" if region.deep else ""}'
        f'{f" level-{level}" if level else ""}" data-muscle="{region.muscle}" data-side="{region.side}"'
        f' data-view="{region.view}"{f" data-level={chr(34)}{level}{chr(34)}" if level else ""}'
    )
    if level is None and region.deep:
        # Listed for lookups, but not drawn: an unmarked deep muscle is hidden under the others.
        return f"<g {attrs}/>"
    path = frame.path(region.path)
    d, box = path.d(), path.bbox()
    flushed = textures.before(box)
    if level is None:
        return (
            f'{flushed}<path {attrs} d="{d}" fill="{BODY_FILL}" stroke="{MUSCLE_LINE}" stroke-width="0.5" '
            f'stroke-linejoin="round"/>'
        )
    style = styles[level]
    if region.deep:
        # A light wash and the level's marks, dashed: what covers the deep muscle stays visible through it.
        textures.add(texture(textures.prefix, level, deep=True), d, box)
        # A white halo under the dashes keeps the outline readable over a dark muscle as well as a pale one.
        return (
            f'{flushed}<path d="{d}" fill="none" stroke="#ffffff" stroke-width="1.9" stroke-opacity="0.85"/>'
            f'<path {attrs} d="{d}" fill="{style.fill}" fill-opacity="{DEEP_WASH[level]}" '
            f'stroke="{colours.text}" stroke-width="0.85" stroke-dasharray="2.4 1.6" stroke-linejoin="round"/>'
        )
    textures.add(texture(textures.prefix, level), d, box)
    element = (
        f'<path {attrs} d="{d}" fill="{style.fill}" stroke="{style.stroke}" stroke-width="{EDGE[level]}" '
        f'stroke-linejoin="round"/>'
    )
    if region.details:
        details = frame.path(region.details).d()
        element += f'<path d="{details}" fill="none" stroke="{style.stroke}" stroke-width="0.5"/>'
    return flushed + element


def _callouts(
    callouts: Iterable[Callout], styles: dict[Level, LevelStyle], colours: Colours, lettering: Lettering
) -> str:
    parts = ['<g class="callouts">']
    for c in callouts:
        style = styles[c.level]
        pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in c.leader)
        ax, ay = c.leader[-1]
        parts.append(
            f'<g class="callout" data-muscle="{c.muscle}" data-number="{c.number}" data-level="{c.level}">'
            f'<polyline points="{pts}" fill="none" stroke="{colours.text}" stroke-width="0.6" stroke-linejoin="round"/>'
            f'<circle cx="{_f(ax)}" cy="{_f(ay)}" r="1.5" fill="{colours.text}" stroke="#ffffff" stroke-width="0.5"/>'
        )
        # The badge sits on the edge the leader leaves from, the one facing the figure.
        badge_first = c.leader[0][0] <= c.box.x0 + 1e-6
        r = lettering.badge_r
        bx = c.box.x0 + r if badge_first else c.box.x1 - r
        by = c.box.y0 + r
        # A baseline about a third of the type size below the badge's centre centres the number in it.
        parts.append(
            f'<circle cx="{_f(bx)}" cy="{_f(by)}" r="{_f(r - 0.4)}" fill="{style.badge_fill}" '
            f'stroke="{style.badge_ring}" stroke-width="0.8"/>'
            f'<text x="{_f(bx)}" y="{_f(by + round(lettering.badge * 0.35, 1))}" text-anchor="middle" '
            f'font-family="{FONT}" font-size="{_f(lettering.badge)}" '
            f'font-weight="700" fill="{style.badge_text}">{c.number}</text>'
        )
        tx = bx + r + 4 if badge_first else bx - r - 4
        anchor = "start" if badge_first else "end"
        rows = [(line, 600, "normal", lettering.label, colours.text) for line in c.lines]
        if c.deep:
            rows.append(("deep", 400, lettering.note_style, lettering.note, BODY_LINE))
        for i, (text, weight, style_name, size, fill) in enumerate(rows):
            y = by + round(lettering.label * 0.343, 1) + i * lettering.leading
            parts.append(
                f'<text x="{_f(tx)}" y="{_f(y)}" text-anchor="{anchor}" font-family="{FONT}" font-size="{size}" '
                f'font-weight="{weight}" font-style="{style_name}" fill="{fill}">{escape(text)}</text>'
            )
        parts.append("</g>")
    parts.append("</g>")
    return "".join(parts)


def _f(v: float) -> str:
    return num(v)


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
