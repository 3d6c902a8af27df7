"""Forward kinematics: turn one frame's segment directions into joint positions and body-part shapes."""

from dataclasses import dataclass, field
from typing import Literal

from handouts.content.models.pose import Frame, Limbs, Segment
from handouts.drawing.plane import Point, direction

# Proportions in body heights (standing height = 1), rounded from average adult segment lengths.
TORSO = 0.285  # hip joint to shoulder joint
NECK = 0.03
HEAD_R = 0.062
THIGH = 0.245
SHIN = 0.24
ANKLE_H = 0.045  # ankle joint above the sole
FOOT = 0.105  # ankle to toe tip, along the sole
HEEL = 0.025  # heel behind the ankle
UPPER_ARM = 0.165
FOREARM = 0.15
HIP_HALF = 0.05  # front view: hip joints either side of the pelvis centre
SHOULDER_HALF = 0.105
FRONT_FOOT = 0.45  # a foot seen end-on from the front looks this much shorter
FRONT_FOOT_HALF = 0.028  # a forward-pointing foot seen from the front: half its width

# Half-widths (radii) of the limb capsules at each end.
R_HIP, R_KNEE_T, R_KNEE_S, R_ANKLE = 0.05, 0.034, 0.032, 0.021
R_HEEL, R_TOE = 0.021, 0.012
R_SHOULDER, R_ELBOW_U, R_ELBOW_F, R_WRIST, R_HAND = 0.03, 0.024, 0.023, 0.017, 0.02
R_NECK = 0.022

# The torso outline as (along the spine, across it) offsets from the pelvis, drawn facing right.
SIDE_TORSO = [
    (-0.05, 0.0), (-0.03, 0.05), (0.06, 0.056), (0.16, 0.064), (0.25, 0.05), (0.3, 0.02),
    (0.315, -0.02), (0.28, -0.055), (0.18, -0.058), (0.09, -0.045), (0.02, -0.06), (-0.035, -0.045),
]
_FRONT_HALF = [(-0.02, 0.066), (0.03, 0.082), (0.13, 0.068), (0.22, 0.088), (0.262, 0.094), (0.3, 0.084), (0.325, 0.04)]
FRONT_TORSO = [(-0.04, 0.0), *_FRONT_HALF, (0.333, 0.0), *[(a, -b) for a, b in reversed(_FRONT_HALF)]]

# Drawing order, back to front. From the front the hips hide the tops of both thighs; from the side the near
# thigh crosses in front of the pelvis.
ORDER = {
    "side": ["far-arm", "far-leg", "torso", "near-leg", "near-arm"],
    "front": ["far-arm", "far-leg", "near-leg", "torso", "near-arm"],
    "above": ["far-arm", "far-leg", "torso", "near-leg", "near-arm"],
}

Tone = Literal["far", "body", "near"]


@dataclass(frozen=True)
class Part:
    """One filled shape of the figure: a capsule (two circles), a circle, or a smooth outline."""

    tone: Tone
    group: str  # parts of one group share a halo, so a limb's joints read as one piece
    kind: Literal["capsule", "circle", "outline"]
    points: tuple[Point, ...]
    radii: tuple[float, ...] = ()

    def extremes(self) -> list[Point]:
        """Return points that bound the shape (lowest, highest, leftmost, rightmost candidates)."""
        if self.kind == "outline":
            return list(self.points)
        out = []
        for c, r in zip(self.points, self.radii):
            out += [Point(c.x - r, c.y), Point(c.x + r, c.y), Point(c.x, c.y - r), Point(c.x, c.y + r)]
        return out

    def moved(self, by: Point, flip: bool) -> "Part":
        """Return this part shifted by `by`, then mirrored about x = 0 when `flip`."""
        pts = tuple(p + by for p in self.points)
        if flip:
            pts = tuple(Point(-p.x, p.y) for p in pts)
        return Part(self.tone, self.group, self.kind, pts, self.radii)


@dataclass
class PosedBody:
    """A posed figure: named joint positions and the shapes to draw, in body heights with y up."""

    points: dict[str, Point] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    order: list[str] = field(default_factory=lambda: ORDER["side"])
    resting: list[str] = field(default_factory=list)  # sides whose leg lies on the surface (Limbs.rests)

    def underside(self) -> float | None:
        """Return the level of a resting leg's underside, or None when no leg rests."""
        if not self.resting:
            return None
        return min(self.points[f"{side}-hip"].y for side in self.resting) - R_HIP

    def extremes(self) -> list[Point]:
        """Return the bounding candidates of every part."""
        return [p for part in self.parts for p in part.extremes()]

    def moved(self, by: Point, flip: bool = False) -> "PosedBody":
        """Return the body shifted by `by`, then mirrored about x = 0 when `flip`."""
        def place(p: Point) -> Point:
            q = p + by
            return Point(-q.x, q.y) if flip else q

        points = {k: place(p) for k, p in self.points.items()}
        return PosedBody(points, [part.moved(by, flip) for part in self.parts], self.order, list(self.resting))


def _seg(segment: Segment) -> tuple[float, float]:
    return (float(segment), 1.0) if isinstance(segment, (int, float)) else (segment[0], segment[1])


def _offset(origin: Point, along: Point, across: Point, a: float, b: float) -> Point:
    return origin + along * a + across * b


def pose_body(frame: Frame, view: str) -> PosedBody:
    """Return the body of `frame` seen from `view` ('side', 'front' or 'above'), pelvis at (frame.x, 0).

    From the side the figure faces right; from above its chest faces the bottom of the page.
    """
    body = PosedBody(order=ORDER[view])
    pelvis = Point(frame.x, 0.0)
    up = direction(frame.torso)
    across = up.turned(-90)  # side view: the chest side; front view: towards the near limbs
    if view == "above" and up.turned(90).y < across.y:
        # From above, the viewer of the figure's front view stands at the bottom of the page: the chest faces them.
        across = up.turned(90)
    hips_across = across.turned(frame.tilt)
    body.points["pelvis"] = pelvis
    if view in ("side", "above"):
        outline = [_offset(pelvis, up, across, a, b) for a, b in SIDE_TORSO]
        shoulder = pelvis + up * TORSO
        hips = {"near": pelvis, "far": pelvis}
        shoulders = {"near": shoulder, "far": shoulder}
    else:
        outline = [
            _offset(pelvis, up, hips_across if a < 0.1 else across, a, b) for a, b in FRONT_TORSO
        ]
        shoulder = pelvis + up * TORSO
        hips = {"near": pelvis + hips_across * HIP_HALF, "far": pelvis - hips_across * HIP_HALF}
        shoulders = {"near": shoulder + across * SHOULDER_HALF, "far": shoulder - across * SHOULDER_HALF}
    neck = shoulder + up * 0.02
    head = neck + direction(frame.head if frame.head is not None else frame.torso) * (NECK + HEAD_R)
    body.points.update(neck=neck, head=head)

    for side in ("far", "near"):
        limbs: Limbs = getattr(frame, side)
        outward = across if view == "above" else hips_across if side == "near" else hips_across * -1
        _leg(body, side, hips[side], limbs, view, outward)
        _arm(body, side, shoulders[side], limbs)
    body.parts.append(Part("body", "torso", "outline", tuple(outline)))
    body.parts.append(Part("body", "torso", "capsule", (neck, head), (R_NECK, R_NECK)))
    body.parts.append(Part("body", "torso", "circle", (head,), (HEAD_R,)))
    return body


def _leg(body: PosedBody, side: Tone, hip: Point, limbs: Limbs, view: str, outward: Point) -> None:
    """Pose one leg. `outward`: from the front, the way this leg's hip lies from the pelvis; from above, the chest's."""
    thigh, thigh_k = _seg(limbs.thigh)
    shin, shin_k = _seg(limbs.shin)
    if limbs.rests and view != "above":  # from above the mat lies under the whole body, not just one leg
        _resting_leg(body, side, hip, limbs)
        return
    knee = hip + direction(thigh) * (THIGH * thigh_k)
    ankle = knee + direction(shin) * (SHIN * shin_k)
    if view == "above":
        # The figure may face either way across the page, so the toes turn toward the chest and the sole's
        # underside away from the knee, whichever side of the shin that is.
        if limbs.foot is not None:
            foot, foot_k = _seg(limbs.foot)
            sole = direction(foot)
        else:
            foot_k, sole = 1.0, direction(shin + 90)
            if sole.x * outward.x + sole.y * outward.y < 0:
                sole = sole * -1
        shin_way = direction(shin)
        below = sole.turned(-90)
        if below.x * shin_way.x + below.y * shin_way.y < 0:
            below = below * -1
        heel = ankle + sole * -(HEEL * foot_k) + below * (ANKLE_H - R_HEEL)
        toe = ankle + sole * (FOOT * foot_k) + below * (ANKLE_H - R_TOE)
    elif limbs.foot is not None:
        foot, foot_k = _seg(limbs.foot)
        sole = direction(foot)
        below = sole.turned(-90)
        heel = ankle + sole * -(HEEL * foot_k) + below * (ANKLE_H - R_HEEL)
        toe = ankle + sole * (FOOT * foot_k) + below * (ANKLE_H - R_TOE)
    elif view == "side":
        sole = direction(shin + 90)
        below = sole.turned(-90)
        heel = ankle + sole * -HEEL + below * (ANKLE_H - R_HEEL)
        toe = ankle + sole * FOOT + below * (ANKLE_H - R_TOE)
    else:
        # Seen from the front, a foot whose toes point forward points at the viewer: a short rounded shape as
        # wide as the foot, centred under the ankle, so neither side reads as a toe turned out.
        sole = Point(1.0 if outward.x >= 0 else -1.0, 0.0)  # level, however the hips tip
        heel = ankle - sole * FRONT_FOOT_HALF + Point(0, R_HEEL - ANKLE_H)
        toe = ankle + sole * FRONT_FOOT_HALF + Point(0, R_TOE - ANKLE_H)
    _leg_parts(body, side, hip, knee, ankle, heel, toe)


def _resting_leg(body: PosedBody, side: Tone, hip: Point, limbs: Limbs) -> None:
    """Lay a leg flat on the surface: the undersides of hip, knee and foot on one level line.

    Joints get thinner toward the foot, so each sits a little lower than the one before for their
    undersides to line up; the foot is flat on its side, toes along the leg.
    """
    along = 1.0 if direction(_seg(limbs.thigh)[0]).x >= 0 else -1.0
    floor = hip.y - R_HIP

    def reach(start: Point, length: float, height: float) -> Point:
        drop = start.y - height
        return Point(start.x + along * (max(length * length - drop * drop, 0.0) ** 0.5), height)

    knee = reach(hip, THIGH * _seg(limbs.thigh)[1], floor + R_KNEE_T)
    ankle = reach(knee, SHIN * _seg(limbs.shin)[1], floor + ANKLE_H)
    foot_k = _seg(limbs.foot)[1] if limbs.foot is not None else FRONT_FOOT
    heel = Point(ankle.x - along * HEEL * foot_k, floor + R_HEEL)
    toe = Point(ankle.x + along * FOOT * foot_k, floor + R_TOE)
    _leg_parts(body, side, hip, knee, ankle, heel, toe)
    body.resting.append(side)


def _leg_parts(body: PosedBody, side: Tone, hip: Point, knee: Point, ankle: Point, heel: Point, toe: Point) -> None:
    body.points.update({f"{side}-hip": hip, f"{side}-knee": knee, f"{side}-ankle": ankle, f"{side}-toe": toe})
    group = f"{side}-leg"
    body.parts += [
        Part(side, group, "capsule", (hip, knee), (R_HIP, R_KNEE_T)),
        Part(side, group, "capsule", (knee, ankle), (R_KNEE_S, R_ANKLE)),
        Part(side, group, "capsule", (heel, toe), (R_HEEL, R_TOE)),
    ]


def _arm(body: PosedBody, side: Tone, shoulder: Point, limbs: Limbs) -> None:
    arm, arm_k = _seg(limbs.arm)
    forearm, forearm_k = _seg(limbs.forearm)
    elbow = shoulder + direction(arm) * (UPPER_ARM * arm_k)
    wrist = elbow + direction(forearm) * (FOREARM * forearm_k)
    hand = wrist + direction(forearm) * (R_HAND * 0.6)
    body.points.update({f"{side}-shoulder": shoulder, f"{side}-elbow": elbow, f"{side}-hand": hand})
    group = f"{side}-arm"
    body.parts += [
        Part(side, group, "capsule", (shoulder, elbow), (R_SHOULDER, R_ELBOW_U)),
        Part(side, group, "capsule", (elbow, wrist), (R_ELBOW_F, R_WRIST)),
        Part(side, group, "circle", (hand,), (R_HAND,)),
    ]
