"""The body as the map draws it: the project's atlas joined with which muscles lie deep, and where each is seen.

No coordinates live here: the shapes come from `assets/body/*.svg` (see atlas.py). This module works out what
the drawing shows: each region's visible part (what later, filled shapes leave uncovered), a callout anchor well
inside it, and its area, so the map can promise every highlighted muscle can be seen or is called "deep".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path as FsPath
from typing import Any

from handouts.drawing.musclemap.atlas import VIEWS, Atlas, Shape, Side, View, load_atlas
from handouts.drawing.musclemap.curves import Box, Path, Point

__all__ = ["VIEWS", "Body", "AtlasView", "Region", "Side", "View"]

STEP = 1.0  # atlas units per scanline row when measuring visible parts


@dataclass(frozen=True)
class Region:
    """One muscle region of one view, with what of it shows."""

    id: str
    muscle: str
    view: View
    side: Side
    deep: bool
    path: Path
    anchor: Point
    visible_area: float  # atlas units², the part no later filled shape covers (the whole outline when deep)
    details: Path | None


@dataclass(frozen=True)
class AtlasView:
    """One view: the atlas shapes in drawing order, and its muscle regions."""

    view: View
    shapes: tuple[Shape, ...]
    regions: tuple[Region, ...]
    height: float
    half_width: float
    crops: dict[str, Box]
    file: str
    reach: tuple[tuple[float, float], ...] = ()  # (y, |x|) along every outline, for the body's width at a height


@dataclass(frozen=True)
class Body:
    """Both views of a project's atlas, with the data's word on depth and each muscle's main view."""

    atlas_views: dict[View, AtlasView]
    main_views: dict[str, View]

    @classmethod
    def load(cls, root: FsPath, muscles: Mapping[str, Any]) -> Body:
        """Read `root`'s atlas; `muscles` (id → Muscle) says which lie deep and which view carries each callout."""
        deep = frozenset(m for m, info in muscles.items() if getattr(info, "deep", False))
        main = {m: info.views[0] for m, info in muscles.items() if getattr(info, "views", None)}
        atlases = {view: load_atlas(root, view) for view in VIEWS}
        return cls({view: _atlas_view(atlases[view], deep) for view in VIEWS}, main)

    @property
    def height(self) -> float:
        return max(f.height for f in self.atlas_views.values())

    @property
    def half_width(self) -> float:
        return max(f.half_width for f in self.atlas_views.values())

    def atlas_view(self, view: View) -> AtlasView:
        return self.atlas_views[view]

    def half_width_between(self, y0: float, y1: float) -> float:
        """How far from the midline the muscles reach within the band y0..y1, with a margin: a band of the hips
        or legs is drawn narrower than the whole figure (whose hands set its width), and cut at the sides."""
        key = (y0, y1)
        if key not in self._reach_cache:
            reach = (r for f in self.atlas_views.values() for y, r in f.reach if y0 <= y <= y1)
            self._reach_cache[key] = min(self.half_width, max(reach, default=self.half_width) + 10)
        return self._reach_cache[key]

    @cached_property
    def _reach_cache(self) -> dict[tuple[float, float], float]:
        return {}

    @cached_property
    def _views(self) -> dict[str, tuple[View, ...]]:
        found: dict[str, list[View]] = {}
        for view in VIEWS:
            for r in self.atlas_views[view].regions:
                found.setdefault(r.muscle, [])
                if view not in found[r.muscle]:
                    found[r.muscle].append(view)
        return {m: tuple(v) for m, v in found.items()}

    def muscle_views(self) -> dict[str, tuple[View, ...]]:
        """Each drawn muscle id and the views it is drawn on."""
        return self._views

    @cached_property
    def _deep(self) -> frozenset[str]:
        return frozenset(r.muscle for f in self.atlas_views.values() for r in f.regions if r.deep)

    def is_deep(self, muscle: str) -> bool:
        return muscle in self._deep

    def main_view(self, muscle: str, shown: Iterable[View] = VIEWS) -> View:
        """The view whose drawing of `muscle` carries its callout, among the views `shown`."""
        views = [v for v in self.muscle_views().get(muscle, ()) if v in tuple(shown)]
        preferred = self.main_views.get(muscle)
        return preferred if preferred in views else views[0]

    def crops(self, name: str) -> dict[View, Box]:
        """The views that define the close-up `name`, and its box on each."""
        return {v: f.crops[name] for v, f in self.atlas_views.items() if name in f.crops}

    def crop_names(self) -> list[str]:
        return list(dict.fromkeys(n for f in self.atlas_views.values() for n in f.crops))


@lru_cache(maxsize=16)
def _atlas_view(atlas: Atlas, deep: frozenset[str]) -> AtlasView:
    shapes = atlas.shapes
    polys = [_polygons(s.path) for s in shapes]
    scans = [_scanlines(p) for p in polys]
    # What can hide a region: any filled shape drawn after it, except deep muscles, which are drawn unfilled.
    covers = [s.role in ("outline", "underlay") or (s.role == "region" and s.muscle not in deep) for s in shapes]
    details: dict[tuple[str, Side], list[Path]] = {}
    for s in shapes:
        if s.role == "details" and s.muscle:
            details.setdefault((s.muscle, s.side(atlas.view)), []).append(s.path)
    regions = []
    for i, s in enumerate(shapes):
        if s.role != "region" or not s.muscle:
            continue
        is_deep = s.muscle in deep
        box = s.path.bbox()
        above = [] if is_deep else [
            scans[j] for j in range(i + 1, len(shapes)) if covers[j] and shapes[j].path.bbox().overlaps(box)
        ]
        rows = _visible_rows(scans[i], above)
        area = sum(b - a for row in rows.values() for a, b in row) * STEP
        side = s.side(atlas.view)
        extra = details.get((s.muscle, side))
        regions.append(
            Region(
                s.id, s.muscle, atlas.view, side, is_deep, s.path, _anchor(rows, box), area,
                Path(tuple(sp for p in extra for sp in p.subpaths)) if extra else None,
            )
        )
    reach = tuple(
        (y, abs(x))
        for shape, shape_polys in zip(shapes, polys)
        if shape.role == "region"
        for poly in shape_polys
        for x, y in poly
    )
    return AtlasView(atlas.view, shapes, tuple(regions), atlas.height, atlas.half_width, atlas.crops, atlas.file, reach)


def _polygons(path: Path) -> list[list[Point]]:
    return path.sample(6)


def _scanlines(polys: list[list[Point]]) -> dict[int, list[tuple[float, float]]]:
    """Per scanline row k (at y = (k + 0.5) * STEP), the x spans inside the outline (even-odd rule)."""
    crossings: dict[int, list[float]] = {}
    for poly in polys:
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
            if y0 == y1:
                continue
            lo, hi = min(y0, y1), max(y0, y1)
            # Rows whose middle line y satisfies lo <= y < hi.
            for k in range(math.ceil(lo / STEP - 0.5), math.ceil(hi / STEP - 0.5)):
                y = (k + 0.5) * STEP
                crossings.setdefault(k, []).append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    rows = {}
    for k, xs in crossings.items():
        xs.sort()
        rows[k] = [(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
    return rows


def _subtract(spans: list[tuple[float, float]], holes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    for h0, h1 in holes:
        out = []
        for a, b in spans:
            if h1 <= a or h0 >= b:
                out.append((a, b))
                continue
            if a < h0:
                out.append((a, h0))
            if h1 < b:
                out.append((h1, b))
        spans = out
    return spans


def _visible_rows(
    rows: dict[int, list[tuple[float, float]]], covering: list[dict[int, list[tuple[float, float]]]]
) -> dict[int, list[tuple[float, float]]]:
    """Per scanline row, the x spans of the region that no covering shape hides."""
    out = {}
    for k, spans in rows.items():
        for cover in covering:
            if spans and k in cover:
                spans = _subtract(spans, cover[k])
        spans = [(a, b) for a, b in spans if b - a > 1e-6]
        if spans:
            out[k] = spans
    return out


def _anchor(rows: dict[int, list[tuple[float, float]]], box: Box) -> Point:
    """The point of the visible part farthest (roughly) from its edges: where a callout's leader should land."""
    if not rows:
        return Point((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)

    def inside(k: int, x: float) -> bool:
        return any(a <= x <= b for a, b in rows.get(k, ()))

    best, best_score = None, -1.0
    for k, spans in rows.items():
        for a, b in spans:
            x = (a + b) / 2
            half = (b - a) / 2
            if half <= best_score:
                continue
            up = down = 0
            while up * STEP < half and inside(k - up - 1, x):
                up += 1
            while down * STEP < half and inside(k + down + 1, x):
                down += 1
            score = min(half, (up + 0.5) * STEP, (down + 0.5) * STEP)
            if score > best_score:
                best, best_score = (x, (k + 0.5) * STEP), score
    return best  # type: ignore[return-value]
