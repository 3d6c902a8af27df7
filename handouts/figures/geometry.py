"""Plane geometry for the figures: points, directions and the outlines of body parts."""

import math
from typing import NamedTuple


class P(NamedTuple):
    """A point or vector in body heights, y up."""

    x: float
    y: float

    def __add__(self, other: "P") -> "P":  # type: ignore[override]
        return P(self.x + other.x, self.y + other.y)

    def __sub__(self, other: "P") -> "P":
        return P(self.x - other.x, self.y - other.y)

    def __mul__(self, k: float) -> "P":  # type: ignore[override]
        return P(self.x * k, self.y * k)

    def length(self) -> float:
        """Return the Euclidean length."""
        return math.hypot(self.x, self.y)

    def unit(self) -> "P":
        """Return this vector scaled to length 1 (or unchanged when it has none)."""
        n = self.length()
        return self if n == 0 else P(self.x / n, self.y / n)

    def turned(self, degrees: float) -> "P":
        """Return this vector rotated counter-clockwise (y up) by `degrees`."""
        a = math.radians(degrees)
        c, s = math.cos(a), math.sin(a)
        return P(self.x * c - self.y * s, self.x * s + self.y * c)


def direction(degrees: float) -> P:
    """Return the unit vector pointing `degrees` counter-clockwise from +x."""
    a = math.radians(degrees)
    return P(math.cos(a), math.sin(a))


def angle_of(v: P) -> float:
    """Return the direction of `v` in degrees, in (-180, 180]."""
    return math.degrees(math.atan2(v.y, v.x))


def lerp(a: P, b: P, t: float) -> P:
    """Return the point a fraction `t` of the way from `a` to `b`."""
    return P(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)


def fmt(v: float) -> str:
    """Format a coordinate for SVG path data (a tenth of a user unit is 0.03 mm on paper)."""
    return f"{v:.1f}"


TOLERANCE = 0.25  # how far a polygon may stray inside its true circle, in SVG user units (under 0.1 mm)


def _arc(c: P, r: float, start: float, sweep: float, tolerance: float) -> list[P]:
    """Return points along a circle from angle `start` through `sweep` degrees, both ends included."""
    # The fewest straight pieces whose middles stay within `tolerance` of the circle.
    step = 2 * math.degrees(math.acos(max(-1.0, 1 - tolerance / r))) if r > tolerance else 90.0
    steps = max(1, math.ceil(abs(sweep) / min(max(step, 15.0), 90.0)))
    cx, cy, first, each = c.x, c.y, math.radians(start), math.radians(sweep) / steps
    return [P(cx + r * math.cos(first + each * i), cy + r * math.sin(first + each * i)) for i in range(steps + 1)]


def capsule_points(a: P, ra: float, b: P, rb: float, tolerance: float = TOLERANCE) -> list[P]:
    """Return the outline of two circles joined by their outer tangents, as a polygon in SVG space (y down).

    Straight pieces instead of arcs: WeasyPrint draws an SVG arc about ten times slower than a line.
    """
    d = (b - a).length()
    if d <= abs(ra - rb) + 1e-9:
        c, r = (a, ra) if ra >= rb else (b, rb)
        return circle_points(c, r, tolerance)
    alpha = math.degrees(math.acos((ra - rb) / d))
    heading = angle_of(b - a)
    # Round the far side of b, then round the far side of a, both with decreasing angle.
    return _arc(b, rb, heading + alpha, -2 * alpha, tolerance) + _arc(
        a, ra, heading - alpha, -(360 - 2 * alpha), tolerance
    )[:-1]


def circle_points(c: P, r: float, tolerance: float = TOLERANCE) -> list[P]:
    """Return a circle as a polygon, wound like capsules."""
    return _arc(c, r, 0, -360, tolerance)[:-1]


def polygon_path(points: list[P]) -> str:
    """Return SVG path data of a closed polygon."""
    first, *rest = points
    return f"M{first.x:.1f} {first.y:.1f}L" + " ".join(f"{x:.1f} {y:.1f}" for x, y in rest) + "Z"


def clockwise(points: list[P]) -> list[P]:
    """Return `points` in the winding capsules and circles use (negative shoelace area in SVG space)."""
    area = sum(a.x * b.y - b.x * a.y for a, b in zip(points, points[1:] + points[:1]))
    return points if area < 0 else points[::-1]


def smooth_points(points: list[P], per_piece: int = 2) -> list[P]:
    """Return a smooth closed curve through `points` (Catmull-Rom), sampled `per_piece` times between each two."""
    n = len(points)
    out = []
    for i in range(n):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i - 1], points[i], points[(i + 1) % n], points[(i + 2) % n]
        for k in range(per_piece):
            t = k / per_piece
            t2, t3 = t * t, t * t * t
            out.append(P(
                0.5 * (2 * x1 + (x2 - x0) * t + (2 * x0 - 5 * x1 + 4 * x2 - x3) * t2
                       + (3 * x1 - x0 - 3 * x2 + x3) * t3),
                0.5 * (2 * y1 + (y2 - y0) * t + (2 * y0 - 5 * y1 + 4 * y2 - y3) * t2
                       + (3 * y1 - y0 - 3 * y2 + y3) * t3),
            ))
    return out
