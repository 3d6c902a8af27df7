"""The pose data an exercise's `figure:` key holds: frames of segment directions, plus equipment and motion."""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from handouts.content.models.base import Model

# Angles are degrees in the picture, drawn facing right: 0 points right (forward), 90 up, 270 (or -90) down.
# A segment is its angle, or [angle, length factor] to shorten a limb that points toward or away from the viewer.
Segment = float | tuple[float, Annotated[float, Field(gt=0, le=1.2)]]
# Which way the figure is seen; not the muscle map's atlas view (front or back of the body). "above" is from the
# ceiling, for a body lying on its side: it is the only view that shows how far the hips and knees bend while the
# thighs point at a viewer standing in front (a clamshell). Its joints lie as in the side view, but the chest faces
# the bottom of the page, toward where the front view's viewer stands, and the body lies on the mat, not above it.
Viewpoint = Literal["side", "front", "above"]
# The joints and body points a motion arrow or a guide line can name.
Joint = Literal[
    "pelvis", "neck", "head",
    "near-hip", "near-knee", "near-ankle", "near-toe", "near-shoulder", "near-elbow", "near-hand",
    "far-hip", "far-knee", "far-ankle", "far-toe", "far-shoulder", "far-elbow", "far-hand",
]


class Limbs(Model):
    """One side's segment directions; an omitted segment hangs straight down (legs) or beside the body (arms)."""

    thigh: Segment = Field(default=270, description="Hip to knee.")
    shin: Segment = Field(default=270, description="Knee to ankle.")
    foot: Segment | None = Field(
        default=None,
        description="Heel-to-toe direction; default flat, pointing forward (side view), at the viewer (front view) "
        "or square to the shin the way the chest faces (from above).",
    )
    rests: bool = Field(
        default=False,
        description=(
            "Lying down: this leg lies on the surface under the body from hip to foot. Thigh, shin and foot are "
            "laid flat along the surface, toward the side `thigh` points (left or right), keeping their length "
            "factors (a thigh bent 45 degrees toward the viewer shows as [0, 0.71]), and the body is set down "
            "on this leg, so the leg touches the mat whatever the other angles are. Not from above, where the "
            "mat lies under the whole body and the leg keeps its angles."
        ),
    )
    arm: Segment = Field(default=270, description="Shoulder to elbow.")
    forearm: Segment = Field(default=270, description="Elbow to hand.")


class Frame(Model):
    """One position of the movement."""

    label: str | None = Field(default=None, description="Caption under the figure; default 'Start' / 'Finish'.")
    alt: str = Field(min_length=1, description="What this figure shows, for screen readers.")
    view: Viewpoint | None = Field(
        default=None,
        description="Overrides the figure's view for this frame. `above` looks down from the ceiling on a body "
        "lying on its side, chest toward the bottom of the page: the way to show a bend the front view hides.",
    )
    x: float = Field(default=0, description="Where the pelvis is across the picture, in body heights.")
    lift: float = Field(default=0, ge=0, description="Raise the body this far above where it would rest.")
    torso: float = Field(default=90, description="Direction from the hips to the shoulders.")
    head: float | None = Field(default=None, description="Direction from the neck to the head; default the torso's.")
    tilt: float = Field(default=0, description="Front view: how far the hip line tips from square, in degrees.")
    near: Limbs = Field(default_factory=Limbs, description="The limbs nearer the viewer, drawn darker.")
    far: Limbs = Field(default_factory=Limbs, description="The limbs further away, drawn lighter.")


class Equipment(Model):
    """Something drawn with the figure: a mat or a step under it, a wall beside it, a band around the legs."""

    kind: Literal["mat", "step", "wall", "band"]
    span: tuple[float, float] | None = Field(default=None, description="Step or mat: from and to x, body heights.")
    height: float = Field(default=0.1, gt=0, le=0.5, description="Step: how high its top is.")
    x: float | None = Field(default=None, description="Wall: where its face is.")
    at: Literal["knees", "ankles"] = Field(default="knees", description="Band: where it loops around both legs.")

    @model_validator(mode="after")
    def _placed(self) -> "Equipment":
        if self.kind == "step" and self.span is None:
            raise ValueError("a step needs span: [from, to]")
        if self.kind == "wall" and self.x is None:
            raise ValueError("a wall needs x")
        return self


class Motion(Model):
    """An arrow on the last frame: how a point travels from the first frame to the last, or a turn."""

    kind: Literal["move", "turn"] = Field(
        default="move", description="move: follow `point`; turn: a ring arrow round the line from `point` to `around`."
    )
    point: Joint
    around: Joint | None = Field(default=None, description="move: curve round this point (default straight).")

    @model_validator(mode="after")
    def _turn_has_axis(self) -> "Motion":
        if self.kind == "turn" and self.around is None:
            raise ValueError("a turn needs around: the other end of the line it turns about")
        return self


class Guide(Model):
    """A dashed line through two points on every frame, e.g. across the hips to show them tip."""

    through: tuple[Joint, Joint]
    extend: float = Field(default=0.08, ge=0, le=0.5, description="How far past each point to draw.")


class FigureSpec(Model):
    """The figures of one exercise card: usually a start and a finish frame."""

    view: Viewpoint = "side"
    mirror: bool = Field(default=False, description="Draw the whole figure facing left.")
    compare: bool = Field(
        default=False,
        description="The frames are alternatives side by side (a pass and a not-yet), not steps of one "
        "movement: no arrow between them.",
    )
    frames: list[Frame] = Field(min_length=2, max_length=3)
    equipment: list[Equipment] = Field(default_factory=list)
    motion: list[Motion] = Field(default_factory=list)
    guides: list[Guide] = Field(default_factory=list)
