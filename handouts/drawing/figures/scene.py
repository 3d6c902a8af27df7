"""Lay out a figure's frames: rest each body on the floor, mat or step, and place equipment and motion arrows."""

import math
from dataclasses import dataclass, field

from handouts.content.models.pose import Equipment, FigureSpec
from handouts.content.wording import pgettext
from handouts.drawing.figures.skeleton import PosedBody, pose_body
from handouts.drawing.plane import Box, Point, angle_of, direction, lerp

MAT = 0.022  # mat thickness
WALL = 0.05  # wall thickness drawn
ARROW_GAP = 0.075  # how far a motion arrow runs beside the moving point
MIN_ARROW = 0.16  # shortest straight arrow drawn, however small the movement
TURN_R = 0.17  # half-width of a turn arrow's ring
PLAN_PAD = 0.045  # from above: the mat's margin round the body
BAND_AT = {"knees": ("hip", "knee", 0.78), "ankles": ("knee", "ankle", 0.8)}


@dataclass(frozen=True)
class Block(Box):
    """Equipment the body rests on or stands beside, as a box in body heights: a step, a mat or a wall."""

    kind: str


@dataclass
class Panel:
    """One frame ready to draw."""

    label: str
    alt: str
    body: PosedBody
    bands: list[tuple[Point, Point]] = field(default_factory=list)  # where each band crosses the near and the far leg
    arrows: list[list[Point]] = field(default_factory=list)  # each a polyline, arrowhead at its end
    guides: list[tuple[Point, Point]] = field(default_factory=list)
    view: str = "side"
    plan_mat: Box | None = None  # from above: the mat seen flat under the whole body, instead of floor and boxes
    top: float = 0.0  # the highest thing drawn in this frame, padded: stacked frames each take only their own height


@dataclass
class Scene:
    """Every frame of a figure, sharing one window onto the world so the panels line up."""

    panels: list[Panel]
    boxes: list[Block]
    x0: float
    x1: float
    y0: float
    y1: float


def _surface(boxes: list[Block], x: float) -> float:
    return max([0.0] + [b.y1 for b in boxes if b.kind in ("mat", "step") and b.x0 <= x <= b.x1])


def _rest(body: PosedBody, boxes: list[Block], lift: float) -> PosedBody:
    underside = body.underside()
    if underside is not None:
        # A lying body is set down on its resting leg, so that leg touches the surface from hip to foot.
        hip = min((body.points[f"{side}-hip"] for side in body.resting), key=lambda p: p.y)
        return body.moved(Point(0, _surface(boxes, hip.x) - underside + lift))
    # Drop (or raise) the body until its lowest part touches whatever surface lies under it.
    dy = max(_surface(boxes, p.x) - p.y for p in body.extremes())
    return body.moved(Point(0, dy + lift))


def _lay_flat(body: PosedBody, lift: float) -> PosedBody:
    """From above nothing is under the body but the mat: set its lowest point a margin above the mat's near edge."""
    return body.moved(Point(0, PLAN_PAD - min(p.y for p in body.extremes()) + lift))


def _plan_mat(spec: FigureSpec, boxes: list[Block], body: PosedBody) -> Box | None:
    """Return the mat as seen from above: as long as the side views draw it, as wide as the body with a margin."""
    if not any(item.kind == "mat" for item in spec.equipment):
        return None
    mat = next(b for b in boxes if b.kind == "mat")
    return Box(mat.x0, 0.0, mat.x1, max(p.y for p in body.extremes()) + PLAN_PAD)


def _boxes(spec: FigureSpec, raw: list[PosedBody]) -> list[Block]:
    xs = [p.x for body in raw for p in body.extremes()]
    lo, hi = min(xs), max(xs)
    boxes = []
    for item in spec.equipment:
        if item.kind == "mat":
            x0, x1 = item.span or (lo - 0.07, hi + 0.07)
            boxes.append(Block(x0, 0.0, x1, MAT, "mat"))
        elif item.kind == "step":
            assert item.span is not None  # Equipment's validator requires a step's span
            x0, x1 = item.span
            boxes.append(Block(x0, 0.0, x1, item.height, "step"))
        elif item.kind == "wall":
            assert item.x is not None  # Equipment's validator requires a wall's x
            pelvis_x = raw[0].points["pelvis"].x
            x0, x1 = (item.x - WALL, item.x) if item.x < pelvis_x else (item.x, item.x + WALL)
            boxes.append(Block(x0, 0.0, x1, 1.15, "wall"))
    return boxes


def _band(body: PosedBody, item: Equipment) -> tuple[Point, Point]:
    top, bottom, t = BAND_AT[item.at]
    near = lerp(body.points[f"near-{top}"], body.points[f"near-{bottom}"], t)
    far = lerp(body.points[f"far-{top}"], body.points[f"far-{bottom}"], t)
    if (near - far).length() < 1e-3:
        # One leg lies over the other (seen from above): the strand crosses the top leg square to it.
        square = (body.points[f"near-{bottom}"] - body.points[f"near-{top}"]).unit().turned(90) * 5e-4
        return near + square, far - square
    return near, far


def _turn(body: PosedBody, point: str, around: str) -> list[Point]:
    """Return a ring arrow round the line from `point` to `around`, seen side-on as a flat ellipse."""
    a, b = body.points[point], body.points[around]
    axis = (b - a).unit()
    across = axis.turned(90)
    centre = lerp(a, b, 0.5)
    steps = 40
    # Start behind the body, come round the front and stop short of a full turn so the head shows.
    return [
        centre + across * (TURN_R * math.cos(math.radians(t))) + axis * (TURN_R * 0.3 * math.sin(math.radians(t)))
        for t in (200 - 290 * i / steps for i in range(steps + 1))
    ]


def _arrow(first: PosedBody, last: PosedBody, point: str, around: str | None) -> list[Point]:
    """Return the polyline of an arrow from where `point` starts to where it ends, beside the moving limb."""
    start, end = first.points[point], last.points[point]
    if around is not None:
        c0, c1 = first.points[around], last.points[around]
        a0, a1 = angle_of(start - c0), angle_of(end - c1)
        sweep = (a1 - a0 + 180) % 360 - 180
        if abs(sweep) >= 8:
            radius = ((start - c0).length() + (end - c1).length()) / 2 + ARROW_GAP
            steps = max(6, int(abs(sweep) / 4))
            return [c1 + direction(a0 + sweep * i / steps) * radius for i in range(steps + 1)]
    along = (end - start).unit()
    if (end - start).length() < MIN_ARROW:
        # A small movement still gets an arrow long enough to see, centred on it.
        middle = (start + end) * 0.5
        start, end = middle - along * (MIN_ARROW / 2), middle + along * (MIN_ARROW / 2)
    # Run the arrow on the side of the movement away from the body, so it never crosses the figure.
    away = along.turned(90)
    from_body = (start + end) * 0.5 - last.points["pelvis"]
    if from_body.x * away.x + from_body.y * away.y < 0:
        away = away * -1
    shift = away * ARROW_GAP
    return [start + along * 0.02 + shift, end - along * 0.02 + shift]


def _guide(body: PosedBody, through: tuple[str, str], extend: float) -> tuple[Point, Point]:
    a, b = body.points[through[0]], body.points[through[1]]
    along = (b - a).unit()
    return a - along * extend, b + along * extend


def build_scene(spec: FigureSpec) -> Scene:
    """Pose, rest and mirror every frame of `spec`, and work out the shared window."""
    views = [frame.view or spec.view for frame in spec.frames]
    raw = [pose_body(frame, view) for frame, view in zip(spec.frames, views)]
    boxes = _boxes(spec, raw)
    bodies = [
        _lay_flat(body, frame.lift) if view == "above" else _rest(body, boxes, frame.lift)
        for body, frame, view in zip(raw, spec.frames, views)
    ]
    plans = [_plan_mat(spec, boxes, body) if view == "above" else None for body, view in zip(bodies, views)]
    # A motion runs from the first frame drawn from the same side as the last: a set-up frame seen from
    # another side (the bend of the knees from the side, then the step from the front) has no place in it.
    last_view = spec.frames[-1].view or spec.view
    first = next(b for b, f in zip(bodies, spec.frames) if (f.view or spec.view) == last_view)
    arrows = [
        _turn(bodies[-1], m.point, m.around) if m.kind == "turn" and m.around else
        _arrow(first, bodies[-1], m.point, m.around)
        for m in spec.motion
    ]
    if spec.mirror:
        bodies = [b.moved(Point(0, 0), flip=True) for b in bodies]
        boxes = [Block(-b.x1, b.y0, -b.x0, b.y1, b.kind) for b in boxes]
        arrows = [[Point(-p.x, p.y) for p in a] for a in arrows]
        plans = [p and Box(-p.x1, p.y0, -p.x0, p.y1) for p in plans]
    bands = [[_band(body, item) for item in spec.equipment if item.kind == "band"] for body in bodies]
    guides = [[_guide(body, g.through, g.extend) for g in spec.guides] for body in bodies]
    start, then = pgettext("figure caption", "Start"), pgettext("figure caption", "Then")
    finish = pgettext("figure caption", "Finish")
    default_labels = [start, finish] if len(spec.frames) == 2 else [start, then, finish]
    panels = [
        Panel(frame.label or default_labels[i], frame.alt, body, bands[i],
              arrows if i == len(bodies) - 1 else [], guides[i], views[i], plans[i])
        for i, (frame, body) in enumerate(zip(spec.frames, bodies))
    ]
    pts = [p for body in bodies for p in body.extremes()] + [p for a in arrows for p in a]
    pts += [p for panel_guides in guides for g in panel_guides for p in g]
    xs = [p.x for p in pts] + [x for b in boxes for x in (b.x0, b.x1)]
    ys = [p.y for p in pts] + [b.y1 for b in boxes if b.kind == "step"] + [p.y1 for p in plans if p]
    pad = 0.05
    step_tops = [b.y1 for b in boxes if b.kind == "step"]
    for panel in panels:
        own = [p.y for p in panel.body.extremes()] + [p.y for a in panel.arrows for p in a]
        own += [p.y for g in panel.guides for p in g] + step_tops
        # A mat seen from above already frames the body with its own margin: the panel ends at its edge.
        panel.top = max(max(own) + pad, panel.plan_mat.y1 + 0.01) if panel.plan_mat else max(own) + pad
    return Scene(panels, boxes, min(xs) - pad, max(xs) + pad, -0.03, max(ys) + pad)
