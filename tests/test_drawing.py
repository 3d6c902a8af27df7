"""The shared drawing kit: the plane geometry and SVG writing the figures are built on."""

import base64
import math

from handouts.drawing.plane import Box, Point, catmull_rom, direction, lerp, shoelace_area
from handouts.drawing.svg import data_uri, element, number


def test_shoelace_area_is_signed_by_winding():
    square = [Point(0, 0), Point(2, 0), Point(2, 2), Point(0, 2)]
    assert shoelace_area(square) == 4.0 and shoelace_area(square[::-1]) == -4.0


def test_catmull_rom_passes_through_every_point_and_closes():
    points = [Point(0, 0), Point(10, 0), Point(10, 10), Point(0, 10)]
    curve = catmull_rom(points, per_piece=4)
    assert len(curve) == 16 and curve[::4] == points
    # Between the knots a closed curve round a square bulges a little outward.
    assert curve[2].y < 0


def test_points_are_vectors_and_plain_tuples():
    a = Point(1, 2)
    assert a + Point(1, 1) == (2, 3) and a * 2 == (2, 4) and lerp(a, Point(3, 2), 0.5) == (2, 2)
    assert math.isclose(direction(90).y, 1) and math.isclose(Point(3, 4).length(), 5)
    assert Point(0, 1).turned(90).x < -0.99


def test_box_overlap_and_union():
    a, b = Box(0, 0, 2, 2), Box(3, 0, 4, 1)
    assert not a.overlaps(b) and a.overlaps(b, gap=1.5)
    assert a.union(b) == Box(0, 0, 4, 2) and a.union(b).width == 4


def test_svg_writing_escapes_and_encodes():
    assert number(1.26) == "1.3"
    assert element("path", {"d": "M0 0", "aria-label": 'a "b" <c>', "skip": None}) == (
        '<path d="M0 0" aria-label=\'a "b" &lt;c&gt;\'/>'
    )
    uri = data_uri("<svg/>")
    assert base64.b64decode(uri.split(",", 1)[1]) == b"<svg/>"
