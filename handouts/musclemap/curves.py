"""Smooth closed and open outlines as cubic Bézier paths, with the transforms and boxes the map needs."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Point = tuple[float, float]
# An authored point: (x, y) on a smooth curve, or (x, y, "c") where the outline has a corner.
Knot = tuple[float, float] | tuple[float, float, str]


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """True when the boxes share area, or come closer than `gap`."""
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )

    def union(self, other: Box) -> Box:
        """The smallest box holding both."""
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass(frozen=True)
class Subpath:
    """A start point and cubic segments (c1, c2, end); closed outlines end where they start."""

    start: Point
    segments: tuple[tuple[Point, Point, Point], ...]
    closed: bool

    def reversed(self) -> Subpath:
        """The same curve traced the other way."""
        if not self.segments:
            return self
        ends = [self.start] + [e for _, _, e in self.segments]
        segments = tuple((c2, c1, ends[i]) for i, (c1, c2, _) in reversed(list(enumerate(self.segments))))
        return Subpath(ends[-1], segments, self.closed)

    def area(self) -> float:
        """Signed area enclosed (positive when traced clockwise on a y-down page), from the knots alone."""
        pts = [self.start] + [e for _, _, e in self.segments]
        return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(pts, pts[1:] + pts[:1])) / 2

    def points(self) -> Iterable[Point]:
        yield self.start
        for c1, c2, end in self.segments:
            yield c1
            yield c2
            yield end


@dataclass(frozen=True)
class Path:
    """One or more subpaths drawn as a single SVG path."""

    subpaths: tuple[Subpath, ...]

    def map(self, f: Callable[[Point], Point]) -> Path:
        """Apply `f` to every point and control point."""
        return Path(
            tuple(
                Subpath(f(s.start), tuple((f(c1), f(c2), f(e)) for c1, c2, e in s.segments), s.closed)
                for s in self.subpaths
            )
        )

    def mirrored(self) -> Path:
        """The mirror image across the figure's midline (x = 0), traced the same way round as the original."""
        return Path(tuple(s.reversed() for s in self.map(lambda p: (-p[0], p[1])).subpaths))

    def bbox(self) -> Box:
        """A box sure to hold the curve: a Bézier never leaves the hull of its control points."""
        xs, ys = zip(*(p for s in self.subpaths for p in s.points()))
        return Box(min(xs), min(ys), max(xs), max(ys))

    def d(self) -> str:
        """The SVG path data, rounded to 0.1 unit (0.1 pt once placed on the page)."""
        out = []
        for s in self.subpaths:
            out.append(f"M{num(s.start[0])} {num(s.start[1])}")
            for c1, c2, e in s.segments:
                out.append(f"C{num(c1[0])} {num(c1[1])} {num(c2[0])} {num(c2[1])} {num(e[0])} {num(e[1])}")
            if s.closed:
                out.append("Z")
        return "".join(out)

    def sample(self, steps: int = 8) -> list[list[Point]]:
        """Points along each subpath, for area and containment checks."""
        polys = []
        for s in self.subpaths:
            pts = [s.start]
            p0 = s.start
            for c1, c2, e in s.segments:
                for i in range(1, steps + 1):
                    pts.append(_bezier(p0, c1, c2, e, i / steps))
                p0 = e
            polys.append(pts)
        return polys


def num(v: float) -> str:
    """A coordinate as SVG writes it: at most one decimal, no "-0"."""
    # Adding 0.0 turns -0.0 into 0.0, so no "-0" is written.
    return f"{round(v, 1) + 0.0:g}"


def _bezier(p0: Point, c1: Point, c2: Point, p1: Point, t: float) -> Point:
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * p0[0] + b * c1[0] + c * c2[0] + d * p1[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p1[1])


def smooth(knots: Sequence[Knot], closed: bool = True) -> Subpath:
    """A curve through `knots` (Catmull-Rom, handles scaled by chord length so uneven spacing never loops)."""
    pts = [(float(k[0]), float(k[1])) for k in knots]
    corner = [len(k) > 2 for k in knots]
    n = len(pts)
    if not closed:
        corner[0] = corner[-1] = True

    def at(i: int) -> Point:
        return pts[i % n] if closed else pts[max(0, min(n - 1, i))]

    def tangent(i: int) -> Point:
        if corner[i % n]:
            return (0.0, 0.0)
        prev, here, nxt = at(i - 1), at(i), at(i + 1)
        span = math.dist(prev, here) + math.dist(here, nxt) or 1.0
        return ((nxt[0] - prev[0]) / span, (nxt[1] - prev[1]) / span)

    segments = []
    for i in range(n if closed else n - 1):
        p1, p2 = at(i), at(i + 1)
        length = math.dist(p1, p2)
        t1, t2 = tangent(i), tangent(i + 1)
        # A corner's handle points along the chord, so the curve leaves the corner straight.
        c1 = (p1[0] + t1[0] * length / 3, p1[1] + t1[1] * length / 3) if t1 != (0.0, 0.0) else _lerp(p1, p2, 0.3)
        c2 = (p2[0] - t2[0] * length / 3, p2[1] - t2[1] * length / 3) if t2 != (0.0, 0.0) else _lerp(p2, p1, 0.3)
        segments.append((c1, c2, p2))
    return Subpath(pts[0], tuple(segments), closed)


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def shape(*outlines: Sequence[Knot]) -> Path:
    """A closed path from one or more knot loops, each traced clockwise so overlapping shapes fill as a union."""
    loops = (smooth(o, closed=True) for o in outlines)
    return Path(tuple(loop if loop.area() > 0 else loop.reversed() for loop in loops))


def line(*strokes: Sequence[Knot]) -> Path:
    """An open path from one or more knot runs."""
    return Path(tuple(smooth(s, closed=False) for s in strokes))


def symmetric(half: Sequence[Knot]) -> Path:
    """A closed outline from its right half, listed top to bottom from the midline (x = 0) back to it."""
    mirrored = [(-k[0], k[1], *k[2:]) for k in reversed(half[1:-1])]
    return shape([*half, *mirrored])
