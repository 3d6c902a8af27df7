"""Outlines as cubic Bézier paths (read from the atlas), with the transforms and boxes the map needs.

Points, boxes and number formatting come from the shared drawing kit (handouts.drawing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from handouts.drawing.plane import Box, Point
from handouts.drawing.svg import number

__all__ = ["Box", "Path", "Point", "Subpath"]


@dataclass(frozen=True)
class Subpath:
    """A start point and cubic segments (c1, c2, end); closed outlines end where they start."""

    start: Point
    segments: tuple[tuple[Point, Point, Point], ...]
    closed: bool

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

    def bbox(self) -> Box:
        """A box sure to hold the curve: a Bézier never leaves the hull of its control points."""
        xs, ys = zip(*(p for s in self.subpaths for p in s.points()))
        return Box(min(xs), min(ys), max(xs), max(ys))

    def d(self) -> str:
        """The SVG path data, rounded to 0.1 unit (0.1 pt once placed on the page)."""
        out = []
        for s in self.subpaths:
            out.append(f"M{number(s.start[0])} {number(s.start[1])}")
            for c1, c2, e in s.segments:
                out.append("C" + " ".join(number(v) for v in (*c1, *c2, *e)))
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


def _bezier(p0: Point, c1: Point, c2: Point, p1: Point, t: float) -> Point:
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return Point(a * p0[0] + b * c1[0] + c * c2[0] + d * p1[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p1[1])
