"""The outlines of body parts as polygons: capsules (two joint circles joined), circles, smooth outlines."""

import math

from handouts.drawing.plane import Point, angle_of, catmull_rom, shoelace_area

TOLERANCE = 0.25  # how far a polygon may stray inside its true circle, in SVG user units (under 0.1 mm)


def _arc(c: Point, r: float, start: float, sweep: float, tolerance: float) -> list[Point]:
    """Return points along a circle from angle `start` through `sweep` degrees, both ends included."""
    # The fewest straight pieces whose middles stay within `tolerance` of the circle.
    step = 2 * math.degrees(math.acos(max(-1.0, 1 - tolerance / r))) if r > tolerance else 90.0
    steps = max(1, math.ceil(abs(sweep) / min(max(step, 15.0), 90.0)))
    cx, cy, first, each = c.x, c.y, math.radians(start), math.radians(sweep) / steps
    return [Point(cx + r * math.cos(first + each * i), cy + r * math.sin(first + each * i)) for i in range(steps + 1)]


def capsule_points(a: Point, ra: float, b: Point, rb: float, tolerance: float = TOLERANCE) -> list[Point]:
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


def circle_points(c: Point, r: float, tolerance: float = TOLERANCE) -> list[Point]:
    """Return a circle as a polygon, wound like capsules."""
    return _arc(c, r, 0, -360, tolerance)[:-1]


def polygon_path(points: list[Point]) -> str:
    """Return SVG path data of a closed polygon."""
    first, *rest = points
    return f"M{first.x:.1f} {first.y:.1f}L" + " ".join(f"{x:.1f} {y:.1f}" for x, y in rest) + "Z"


def clockwise(points: list[Point]) -> list[Point]:
    """Return `points` in the winding capsules and circles use (negative shoelace area in SVG space)."""
    return points if shoelace_area(points) < 0 else points[::-1]


def smooth_points(points: list[Point], per_piece: int = 2) -> list[Point]:
    """Return a smooth closed curve through `points` (Catmull-Rom), sampled `per_piece` times between each two."""
    return catmull_rom(points, per_piece)
