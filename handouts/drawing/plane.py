"""Plane geometry: points and vectors, directions in degrees, boxes, areas and smooth curves."""

import math
from dataclasses import dataclass
from typing import NamedTuple


class Point(NamedTuple):
    """A point or vector; a plain (x, y) tuple too, so tuple-based code can take it as it is."""

    x: float
    y: float

    def __add__(self, other: "Point") -> "Point":  # type: ignore[override]
        return Point(self.x + other.x, self.y + other.y)

    def __sub__(self, other: "Point") -> "Point":
        return Point(self.x - other.x, self.y - other.y)

    def __mul__(self, k: float) -> "Point":  # type: ignore[override]
        return Point(self.x * k, self.y * k)

    def length(self) -> float:
        """Return the Euclidean length."""
        return math.hypot(self.x, self.y)

    def unit(self) -> "Point":
        """Return this vector scaled to length 1 (or unchanged when it has none)."""
        n = self.length()
        return self if n == 0 else Point(self.x / n, self.y / n)

    def turned(self, degrees: float) -> "Point":
        """Return this vector rotated counter-clockwise (y up) by `degrees`."""
        a = math.radians(degrees)
        c, s = math.cos(a), math.sin(a)
        return Point(self.x * c - self.y * s, self.x * s + self.y * c)


def direction(degrees: float) -> Point:
    """Return the unit vector pointing `degrees` counter-clockwise from +x."""
    a = math.radians(degrees)
    return Point(math.cos(a), math.sin(a))


def angle_of(v: Point) -> float:
    """Return the direction of `v` in degrees, in (-180, 180]."""
    return math.degrees(math.atan2(v.y, v.x))


def lerp(a: Point, b: Point, t: float) -> Point:
    """Return the point a fraction `t` of the way from `a` to `b`."""
    return Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)


def shoelace_area(points: list[Point]) -> float:
    """Return the signed area of a closed polygon: positive when it winds counter-clockwise with y up."""
    return sum(a.x * b.y - b.x * a.y for a, b in zip(points, points[1:] + points[:1])) / 2


def catmull_rom(points: list[Point], per_piece: int = 2) -> list[Point]:
    """Return a smooth closed curve through `points`, sampled `per_piece` times between each two."""
    n = len(points)
    out = []
    for i in range(n):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i - 1], points[i], points[(i + 1) % n], points[(i + 2) % n]
        for k in range(per_piece):
            t = k / per_piece
            t2, t3 = t * t, t * t * t
            out.append(Point(
                0.5 * (2 * x1 + (x2 - x0) * t + (2 * x0 - 5 * x1 + 4 * x2 - x3) * t2
                       + (3 * x1 - x0 - 3 * x2 + x3) * t3),
                0.5 * (2 * y1 + (y2 - y0) * t + (2 * y0 - 5 * y1 + 4 * y2 - y3) * t2
                       + (3 * y1 - y0 - 3 * y2 + y3) * t3),
            ))
    return out


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle from (x0, y0) to (x1, y1)."""

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

    def overlaps(self, other: "Box", gap: float = 0.0) -> bool:
        """Return True when the boxes share area, or come closer than `gap`."""
        return (self.x0 < other.x1 + gap and other.x0 < self.x1 + gap
                and self.y0 < other.y1 + gap and other.y0 < self.y1 + gap)

    def union(self, other: "Box") -> "Box":
        """Return the smallest box holding both."""
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))
