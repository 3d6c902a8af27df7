"""The body atlas: the project's `assets/body/front.svg` and `back.svg`, read into shapes the map draws.

The atlas is content a clinic edits in any SVG editor, so every shape lives there and none in Python. An element's
id says what it is:

- `outline…`, `underlay…`, `lines…`: the body under the muscles (silhouette, unmarked muscles, landmarks);
- `<muscle>` or `<muscle>--<anything>`: a region of that muscle; an unfilled one (`fill="none"`) holds its
  detail lines;
- `crop--<name>` on a rect, or `<view id="<name>" viewBox="…">`: a close-up a class can ask for.

Document order is drawing order. The file is read with defusedxml (no entities, no DTD tricks) and may not point
outside itself: an `href` or `url()` must name something in the same file (`#id`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path as FsPath
from typing import Literal
from xml.etree.ElementTree import Element

from handouts.content.atlas_index import (
    ATLAS_DIR,
    BODY_ROLES,
    CROP_PREFIX,
    SHAPE_TAGS,
    SVG_NS,
    VIEWS,
    AtlasError,
    View,
    atlas_path,
    elements,
    muscle_of,
    parse_tree,
    read_index,
)
from handouts.drawing.musclemap.curves import Box, Path, Point, Subpath

Side = Literal["l", "r"]

__all__ = ["VIEWS", "Atlas", "AtlasError", "Shape", "Side", "View", "load_atlas", "muscle_of", "read_index"]


@dataclass(frozen=True)
class Shape:
    """One drawn element of the atlas, in atlas units (the viewBox's)."""

    id: str
    role: str  # "outline", "underlay", "lines", "region" or "details"
    muscle: str | None
    path: Path
    line: int

    def side(self, view: View) -> Side:
        """The body side the shape lies on: x > 0 is the body's left seen from the front, its right from behind."""
        box = self.path.bbox()
        return "l" if (box.x0 + box.x1 > 0) == (view == "front") else "r"


@dataclass(frozen=True, eq=False)  # compared by identity: one parsed file is one atlas, cached by its bytes
class Atlas:
    """One view of the body: its shapes in drawing order, its named crops, and the figure's height."""

    view: View
    file: str  # as shown in messages, e.g. "assets/body/back.svg"
    shapes: tuple[Shape, ...]
    crops: dict[str, Box]
    height: float
    half_width: float

    def regions(self) -> tuple[Shape, ...]:
        return tuple(s for s in self.shapes if s.role == "region")

    def muscles(self) -> list[str]:
        """Muscle ids with a region on this view, in drawing order."""
        return list(dict.fromkeys(s.muscle for s in self.regions() if s.muscle))


def load_atlas(root: FsPath, view: View) -> Atlas:
    """Read one view of the project's atlas; raise AtlasError as one `file:line: message` line."""
    path = atlas_path(root, view)
    shown = f"{ATLAS_DIR}/{view}.svg"
    if not path.is_file():
        raise AtlasError(shown, None, "file is missing; the muscle map draws the body from it")
    data = path.read_bytes()
    return _parse(hashlib.sha256(data).hexdigest(), data, view, shown)


@lru_cache(maxsize=16)
def _parse(digest: str, data: bytes, view: View, shown: str) -> Atlas:
    from svgelements import Matrix

    root = parse_tree(data, shown)
    box = _viewbox(root, shown)
    shapes: list[Shape] = []
    crops: dict[str, Box] = {}
    for el, line, matrix in elements(root, shown):
        tag = el.tag.removeprefix(SVG_NS)
        element_id = el.get("id") or ""
        if tag == "view" and element_id:
            crops[element_id] = _box_of(el.get("viewBox", ""), shown, line)
            continue
        if tag not in SHAPE_TAGS:
            continue
        if element_id.startswith(CROP_PREFIX):
            crops[element_id.removeprefix(CROP_PREFIX)] = _shape_path(el, Matrix(matrix), shown, line).bbox()
            continue
        path = _shape_path(el, Matrix(matrix), shown, line)
        muscle = muscle_of(element_id)
        unfilled = (el.get("fill") or "").strip() == "none" or "fill:none" in (el.get("style") or "").replace(" ", "")
        if muscle:
            role = "details" if unfilled else "region"
        else:
            base = element_id.split("--", 1)[0]
            role = next((r for r in BODY_ROLES if base.startswith(r)), "lines" if unfilled else "underlay")
        shapes.append(Shape(element_id, role, muscle, path, line))
    boxes = [s.path.bbox() for s in shapes] or [box]
    half = max(max(abs(b.x0), abs(b.x1)) for b in boxes)
    return Atlas(view, shown, tuple(shapes), crops, max(b.y1 for b in boxes), half)


def _viewbox(root: Element, shown: str) -> Box:
    value = root.get("viewBox")
    if not value:
        raise AtlasError(shown, int(root.get("data-atlas-line", "1")), "the <svg> needs a viewBox in figure units")
    return _box_of(value, shown, int(root.get("data-atlas-line", "1")))


def _box_of(value: str, shown: str, line: int) -> Box:
    try:
        x, y, w, h = (float(v) for v in value.replace(",", " ").split())
    except ValueError:
        raise AtlasError(shown, line, f"viewBox '{value}' is not four numbers") from None
    return Box(x, y, x + w, y + h)


def _shape_path(el: Element, matrix, shown: str, line: int) -> Path:  # type: ignore[no-untyped-def]
    """The element as cubic Bézier subpaths, with its transforms applied."""
    import svgelements as se

    tag = el.tag.removeprefix(SVG_NS)
    a = el.attrib
    try:
        if tag == "path":
            shape = se.Path(a.get("d", ""))
        elif tag == "rect":
            shape = se.Path(se.Rect(a.get("x", 0), a.get("y", 0), a.get("width", 0), a.get("height", 0)))
        elif tag == "circle":
            shape = se.Path(se.Circle(a.get("cx", 0), a.get("cy", 0), a.get("r", 0)))
        elif tag == "ellipse":
            shape = se.Path(se.Ellipse(a.get("cx", 0), a.get("cy", 0), a.get("rx", 0), a.get("ry", 0)))
        elif tag == "line":
            shape = se.Path(se.SimpleLine(a.get("x1", 0), a.get("y1", 0), a.get("x2", 0), a.get("y2", 0)))
        else:
            points = a.get("points", "")
            shape = se.Path(se.Polygon(points) if tag == "polygon" else se.Polyline(points))
        shape = shape * matrix
        shape.reify()
    except (ValueError, TypeError, IndexError) as exc:
        raise AtlasError(shown, line, f"cannot read this <{tag}>: {exc}") from None
    return _to_curves(shape, shown, line)


def _to_curves(shape, shown: str, line: int) -> Path:  # type: ignore[no-untyped-def]
    import svgelements as se

    subpaths: list[Subpath] = []
    start: Point | None = None
    segments: list[tuple[Point, Point, Point]] = []

    def flush(closed: bool) -> None:
        nonlocal start, segments
        if start is not None and segments:
            subpaths.append(Subpath(start, tuple(segments), closed))
        start, segments = None, []

    for seg in shape.segments():
        if isinstance(seg, se.Move):
            flush(False)
            start = Point(float(seg.end.x), float(seg.end.y))
        elif isinstance(seg, se.Close):
            if start is not None and segments and segments[-1][2] != start:
                segments.append(_line(segments[-1][2], start))
            flush(True)
        elif isinstance(seg, se.Arc):
            for cubic in seg.as_cubic_curves():
                segments.append(_pts(cubic.control1, cubic.control2, cubic.end))
        elif isinstance(seg, se.CubicBezier):
            segments.append(_pts(seg.control1, seg.control2, seg.end))
        elif isinstance(seg, se.QuadraticBezier):
            p0, q, p1 = seg.start, seg.control, seg.end
            segments.append(
                (Point(p0.x + 2 / 3 * (q.x - p0.x), p0.y + 2 / 3 * (q.y - p0.y)),
                 Point(p1.x + 2 / 3 * (q.x - p1.x), p1.y + 2 / 3 * (q.y - p1.y)), Point(float(p1.x), float(p1.y)))
            )
        elif isinstance(seg, se.Line):
            a, b = seg.start, seg.end
            segments.append(_line(Point(float(a.x), float(a.y)), Point(float(b.x), float(b.y))))
    flush(False)
    if not subpaths:
        raise AtlasError(shown, line, "this shape draws nothing")
    return Path(tuple(subpaths))


def _pts(c1, c2, end) -> tuple[Point, Point, Point]:  # type: ignore[no-untyped-def]
    return Point(float(c1.x), float(c1.y)), Point(float(c2.x), float(c2.y)), Point(float(end.x), float(end.y))


def _line(a: Point, b: Point) -> tuple[Point, Point, Point]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    return Point(a[0] + dx / 3, a[1] + dy / 3), Point(a[0] + 2 * dx / 3, a[1] + 2 * dy / 3), b
