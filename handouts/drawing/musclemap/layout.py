"""Callout placement: label columns beside a figure, spaced apart, with leader lines that never cross."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from handouts.drawing.musclemap.atlas import Side, View
from handouts.drawing.musclemap.curves import Box, Point
from handouts.drawing.musclemap.style import Level

Column = Literal["left", "right"]
Segment = tuple[Point, Point]


@dataclass(frozen=True)
class Callout:
    """A numbered label beside a figure and the leader to its muscle."""

    number: int
    muscle: str
    level: Level
    view: View
    side: Side
    box: Box
    leader: tuple[Point, ...]
    lines: tuple[str, ...]
    deep: bool
    visible_mm2: float = 0.0  # how much of the muscle shows on the page (its outline's area when deep)


@dataclass(frozen=True)
class Label:
    """A label to place: its size, and where on it the leader attaches (distance below its top)."""

    key: str
    anchor: Point
    width: float
    height: float
    attach: float


@dataclass(frozen=True)
class Placed:
    """A placed label: its box and its leader, from the label's edge to the anchor."""

    key: str
    anchor: Point
    box: Box
    leader: tuple[Point, ...]


def stack(desired: Sequence[float], heights: Sequence[float], gap: float, top: float, bottom: float) -> list[float]:
    """Tops for boxes kept in the given order, as near their desired tops as they can be without overlapping.

    Boxes that would collide are pooled into a block sitting at its members' mean wish (least squares), and
    blocks are kept inside [top, bottom] when they fit.
    """
    blocks: list[list[int]] = []
    tops: list[float] = []

    def offsets(block: list[int]) -> list[float]:
        out, y = [], 0.0
        for i in block:
            out.append(y)
            y += heights[i] + gap
        return out

    def place(block: list[int]) -> float:
        offs = offsets(block)
        wish = sum(desired[i] - o for i, o in zip(block, offs)) / len(block)
        size = offs[-1] + heights[block[-1]]
        return max(top, min(wish, bottom - size)) if size <= bottom - top else top

    for i in range(len(desired)):
        blocks.append([i])
        tops.append(place([i]))
        while len(blocks) > 1:
            prev = blocks[-2]
            prev_end = tops[-2] + offsets(prev)[-1] + heights[prev[-1]] + gap
            if prev_end <= tops[-1] + 1e-9:
                break
            merged = prev + blocks.pop()
            tops.pop()
            blocks[-1] = merged
            tops[-1] = place(merged)
    result = [0.0] * len(desired)
    for block, block_top in zip(blocks, tops):
        for i, o in zip(block, offsets(block)):
            result[i] = block_top + o
    return result


def segments_cross(a: Segment, b: Segment) -> bool:
    """True when two segments meet (touching counts)."""
    (p1, p2), (p3, p4) = a, b

    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    def on(p: Point, q: Point, r: Point) -> bool:
        return min(p[0], q[0]) - 1e-9 <= r[0] <= max(p[0], q[0]) + 1e-9 and min(p[1], q[1]) - 1e-9 <= r[1] <= max(
            p[1], q[1]
        ) + 1e-9

    d1, d2, d3, d4 = orient(p3, p4, p1), orient(p3, p4, p2), orient(p1, p2, p3), orient(p1, p2, p4)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    eps = 1e-9
    return (
        (abs(d1) < eps and on(p3, p4, p1))
        or (abs(d2) < eps and on(p3, p4, p2))
        or (abs(d3) < eps and on(p1, p2, p3))
        or (abs(d4) < eps and on(p1, p2, p4))
    )


def polylines_cross(a: Sequence[Point], b: Sequence[Point]) -> bool:
    """True when any segment of one polyline meets any segment of the other."""
    return any(
        segments_cross((a[i], a[i + 1]), (b[j], b[j + 1])) for i in range(len(a) - 1) for j in range(len(b) - 1)
    )


def place_column(
    labels: Sequence[Label],
    column: Column,
    edge: float,
    knee: float,
    top: float,
    bottom: float,
    gap: float = 3.0,
) -> list[Placed]:
    """Place labels in a column whose inner edge is at x = `edge`, leaders bending once at x = `knee`.

    Labels start in the order of their anchors' heights; whenever two leaders cross, the two labels swap
    places. With equal label heights a swap always shortens the leaders, so the swapping settles; the loop is
    bounded anyway, and the tests check many random selections for crossings.
    """
    order = sorted(range(len(labels)), key=lambda i: (labels[i].anchor[1], labels[i].anchor[0]))
    placed = _placed(labels, order, column, edge, knee, top, bottom, gap)
    for _ in range(len(labels) ** 2 * 2 + 1):
        pair = _first_crossing(placed)
        if pair is None:
            break
        a, b = order.index(pair[0]), order.index(pair[1])
        order[a], order[b] = order[b], order[a]
        placed = _placed(labels, order, column, edge, knee, top, bottom, gap)
    return [placed[i] for i in range(len(labels))]


def _placed(
    labels: Sequence[Label],
    order: list[int],
    column: Column,
    edge: float,
    knee: float,
    top: float,
    bottom: float,
    gap: float,
) -> dict[int, Placed]:
    desired = [labels[i].anchor[1] - labels[i].attach for i in order]
    tops = stack(desired, [labels[i].height for i in order], gap, top, bottom)
    out = {}
    for i, y in zip(order, tops):
        label = labels[i]
        x0 = edge - label.width if column == "left" else edge
        box = Box(x0, y, x0 + label.width, y + label.height)
        ya = y + label.attach
        start = Point(edge, ya)
        leader = (start, Point(knee, ya), label.anchor) if abs(knee - edge) > 1e-9 else (start, label.anchor)
        out[i] = Placed(label.key, label.anchor, box, leader)
    return out


def _first_crossing(placed: dict[int, Placed]) -> tuple[int, int] | None:
    keys = list(placed)
    for n, i in enumerate(keys):
        for j in keys[n + 1 :]:
            if polylines_cross(placed[i].leader, placed[j].leader):
                return i, j
    return None
