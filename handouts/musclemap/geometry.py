"""The drawing: a standing figure seen from the front and the back, and one region per muscle per side.

Units are a tenth of the figure's head height (the figure is 7.5 heads, 750 units, tall), y grows downward and
x = 0 is the midline. Only the viewer's right half (x > 0) is authored; the left half is its mirror image, so
the figure is symmetric by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from handouts.musclemap.curves import Path, Point, line, shape, symmetric

View = Literal["front", "back"]
Side = Literal["l", "r"]
VIEWS: tuple[View, ...] = ("front", "back")
HEIGHT = 750.0


@dataclass(frozen=True)
class RegionSpec:
    """One muscle on one view, authored on the viewer's right half."""

    muscle: str
    view: View
    outline: Path
    anchor: Point
    deep: bool = False
    details: Path | None = None


@dataclass(frozen=True)
class Region:
    """One muscle on one side of one view, in figure units."""

    muscle: str
    view: View
    side: Side
    deep: bool
    path: Path
    anchor: Point
    details: Path | None


@dataclass(frozen=True)
class Figure:
    """Everything drawn for one view, bottom layer first."""

    view: View
    silhouette: tuple[Path, ...]  # each filled and outlined in turn: ears, body, then the head over the neck
    underlay: tuple[Path, ...]
    lines: tuple[Path, ...]
    regions: tuple[Region, ...]


# Where a muscle seen on both views gets its callout.
MAIN_VIEW: dict[str, View] = {"deltoids": "front", "trapezius": "back"}

# --- Silhouette -------------------------------------------------------------------------------------------------

HEAD = symmetric([(0, 0), (18, 2.5), (30, 11), (36, 26), (37, 44), (35, 62), (30, 77), (22, 90), (11, 98), (0, 101)])
EAR = shape([(33, 42), (39, 39), (42, 45), (41, 56), (38, 64), (33, 67)])

# Neck, trunk, arm and leg as one outline, so the silhouette is a single path: down the neck and shoulder, round
# the arm and hand, into the armpit, down the flank and the outside of the leg, back up the inside to the crotch.
BODY = symmetric(
    [
        (0, 80), (17, 84), (20, 108), (23, 124), (40, 134), (60, 142), (76, 147), (90, 151), (101, 158), (109, 172),
        (112, 192), (112, 212), (115, 234), (119, 256), (122, 278), (125, 296), (131, 318), (133, 340), (130, 362),
        (127, 380), (131, 398), (133, 420), (131, 442), (125, 460), (118, 466), (112, 460), (109, 440), (106, 420),
        (103, 404), (104, 390), (107, 378), (104, 355), (101, 330), (99, 310), (97, 292), (92, 272), (86, 250),
        (82, 228), (80, 212), (77, 204, "c"), (74, 226), (71, 252), (66, 276), (63, 294), (65, 318), (70, 342),
        (76, 368), (78, 398), (76, 440), (71, 480), (63, 512), (58, 534), (58, 552), (62, 578), (61, 606),
        (55, 640), (48, 672), (45, 696), (47, 712), (50, 730), (52, 742), (46, 750), (30, 752), (22, 749),
        (21, 738), (23, 722), (24, 708), (22, 690), (18, 660), (14, 626), (14, 596), (17, 568), (19, 550),
        (16, 530), (12, 505), (10, 470), (7, 434), (4, 404), (2, 390, "c"), (0, 389, "c"),
    ]
)

# --- Front view -------------------------------------------------------------------------------------------------

FRONT_UNDERLAY = (
    # Sartorius, the strap from the front of the pelvis to the inside of the knee.
    shape([(60, 346), (67, 352), (52, 400), (34, 462), (24, 512), (20, 530), (16, 524), (22, 470), (40, 404)]),
    # Tensor fasciae latae at the front of the hip.
    shape([(66, 348), (74, 362), (77, 388), (70, 398), (63, 372)]),
    # Kneecap.
    shape([(32, 520), (40, 514), (47, 522), (46, 536), (39, 542), (32, 536)]),
    # Serratus anterior fingers between the chest and the obliques.
    shape([(66, 212), (74, 214), (73, 226), (66, 224)], [(66, 226), (73, 229), (72, 240), (65, 237)]),
    # Forearm muscle bulk, tapering from the elbow to the wrist.
    shape([(103, 298), (114, 294), (125, 302), (131, 322), (129, 344), (121, 364), (113, 372, "c"), (107, 352),
           (102, 324)]),
    # Inner calf, and the fibularis strip on the outside of the shin.
    shape([(17, 560), (22, 580), (22, 620), (20, 650), (16, 640), (14, 610), (14, 585)]),
    shape([(54, 560), (60, 580), (59, 612), (52, 650), (48, 672), (47, 660), (52, 620), (55, 590)]),
)

FRONT_LINES = (
    line([(6, 142), (28, 138), (50, 141), (72, 147)]),  # collarbone
    line([(0, 296), (3, 300), (0, 304)]),  # navel
    line([(36, 560), (34, 620), (32, 700)]),  # shin bone
    line([(32, 735), (35, 747)], [(40, 736), (42, 748)]),  # toes
)

FRONT = (
    RegionSpec(
        "trapezius", "front",
        shape([(19, 112), (23, 124), (40, 134), (60, 142), (78, 149, "c"), (62, 146), (42, 141), (26, 135), (20, 124)]),
        anchor=(40, 137),
    ),
    RegionSpec(
        "pectoralis-major", "front",
        shape([(5, 147), (26, 143), (50, 146), (66, 152), (78, 164), (90, 182, "c"), (86, 192), (76, 206), (62, 220),
               (44, 230), (24, 233), (10, 229), (5, 216), (4, 190), (4, 165)]),
        anchor=(38, 188),
    ),
    RegionSpec(
        "pectoralis-minor", "front",
        shape([(74, 164, "c"), (60, 190), (52, 218), (46, 222), (40, 214), (44, 196)]),
        anchor=(54, 200),
        deep=True,
    ),
    RegionSpec(
        "deltoids", "front",
        shape([(62, 146), (80, 146), (96, 152), (106, 164), (111, 182), (111, 200), (107, 216), (102, 232, "c"),
               (95, 216), (88, 198), (80, 178), (70, 160)]),
        anchor=(100, 186),
    ),
    RegionSpec(
        "biceps", "front",
        shape([(96, 206, "c"), (104, 210), (112, 228), (116, 252), (115, 274), (110, 290, "c"), (104, 276), (98, 256),
               (94, 232)]),
        anchor=(106, 252),
    ),
    RegionSpec(
        "rectus-abdominis", "front",
        shape([(3, 230), (24, 232), (27, 262), (26, 300), (23, 338), (16, 366), (6, 380, "c"), (3, 370)]),
        anchor=(15, 300),
        # The tendinous bands that make the "six-pack".
        details=line(
            [(3, 258), (14, 260), (26, 258)], [(3, 286), (14, 288), (26, 286)], [(3, 316), (14, 317), (25, 315)]
        ),
    ),
    RegionSpec(
        "internal-obliques", "front",
        shape([(30, 282), (52, 296), (66, 326), (61, 344), (42, 360), (27, 354), (28, 318)]),
        anchor=(46, 330),
        deep=True,
    ),
    RegionSpec(
        "external-obliques", "front",
        shape([(34, 240), (44, 232), (52, 235, "c"), (58, 228), (64, 231, "c"), (71, 224), (73, 250), (67, 280),
               (63, 304), (67, 332), (62, 344, "c"), (46, 326), (38, 292), (35, 264)]),
        anchor=(54, 270),
    ),
    RegionSpec(
        "iliopsoas", "front",
        shape([(10, 288), (19, 288), (25, 312), (38, 330), (52, 326), (62, 336), (56, 352), (42, 380), (35, 404),
               (30, 416, "c"), (25, 408), (20, 376), (13, 336)]),
        anchor=(36, 372),
        deep=True,
    ),
    RegionSpec(
        "hip-adductors", "front",
        shape([(6, 388), (20, 382), (30, 394), (34, 424), (28, 462), (21, 500, "c"), (14, 478), (9, 440)]),
        anchor=(20, 436),
    ),
    RegionSpec(
        "vastus-intermedius", "front",
        shape([(46, 400), (58, 404), (60, 450), (52, 500), (42, 512), (38, 480), (40, 430)]),
        anchor=(52, 456),
        deep=True,
    ),
    RegionSpec(
        "rectus-femoris", "front",
        shape([(52, 366, "c"), (60, 386), (61, 420), (57, 464), (49, 500), (40, 520, "c"), (35, 504), (36, 456),
               (41, 412), (46, 384)]),
        anchor=(48, 430),
    ),
    RegionSpec(
        "vastus-lateralis", "front",
        shape([(64, 392, "c"), (76, 410), (77, 440), (72, 478), (63, 508), (52, 526, "c"), (50, 514), (55, 490),
               (60, 456), (62, 424)]),
        anchor=(68, 452),
    ),
    RegionSpec(
        "vastus-medialis", "front",
        shape([(26, 470, "c"), (33, 484), (37, 504), (35, 520), (29, 528), (20, 522), (16, 506), (18, 488)]),
        anchor=(27, 508),
    ),
    RegionSpec(
        "tibialis-anterior", "front",
        shape([(44, 554), (53, 558), (56, 584), (52, 630), (44, 670), (37, 702, "c"), (38, 680), (40, 640), (42, 600),
               (41, 570)]),
        anchor=(48, 600),
    ),
)

# --- Back view --------------------------------------------------------------------------------------------------

BACK_UNDERLAY = (
    # Infraspinatus and teres major over the shoulder blade.
    shape([(36, 182), (58, 176), (80, 178), (84, 196), (70, 208), (50, 214), (38, 206)]),
    shape([(58, 212), (74, 204), (86, 206), (82, 216), (66, 224)]),
    # Adductor magnus on the inside of the back of the thigh.
    shape([(6, 416), (18, 414), (20, 460), (16, 500), (12, 498), (8, 450)]),
    # Forearm muscle bulk, tapering from the elbow to the wrist.
    shape([(103, 298), (114, 294), (125, 302), (131, 322), (129, 344), (121, 364), (113, 372, "c"), (107, 352),
           (102, 324)]),
)

BACK_LINES = (
    line([(0, 100), (0, 380)]),  # spine
    line([(40, 560), (28, 540), (18, 552)]),  # back of the knee
    line([(30, 660), (31, 700)], [(38, 660), (37, 700)]),  # Achilles tendon
    line([(62, 400), (64, 470), (58, 520)]),  # iliotibial band
)

BACK = (
    RegionSpec(
        "rhomboids", "back",
        shape([(3, 150), (30, 160), (40, 222), (35, 228), (3, 206)]),
        anchor=(22, 192),
        deep=True,
    ),
    RegionSpec(
        "erector-spinae", "back",
        shape([(3, 236), (14, 232), (22, 258), (24, 300), (22, 340), (16, 372), (6, 384), (3, 350)]),
        anchor=(14, 330),
    ),
    RegionSpec(
        "latissimus-dorsi", "back",
        shape([(24, 240), (44, 216), (64, 206), (86, 200, "c"), (80, 220), (74, 250), (68, 278), (64, 304), (52, 318),
               (36, 322), (24, 314), (25, 276)]),
        anchor=(56, 262),
    ),
    RegionSpec(
        "trapezius", "back",
        shape([(2, 86), (12, 96), (20, 118), (40, 133), (64, 144), (86, 156, "c"), (78, 166), (58, 170), (38, 182),
               (22, 226), (8, 274), (2, 286, "c")]),
        anchor=(24, 160),
    ),
    RegionSpec(
        "deltoids", "back",
        shape([(62, 168), (74, 158), (88, 153), (100, 158), (108, 172), (111, 192), (108, 214), (102, 232, "c"),
               (94, 214), (82, 194), (70, 180)]),
        anchor=(100, 190),
    ),
    RegionSpec(
        "triceps", "back",
        shape([(92, 212), (104, 210), (113, 230), (118, 256), (117, 278), (110, 294, "c"), (104, 284), (98, 262),
               (93, 238)]),
        anchor=(108, 252),
    ),
    RegionSpec(
        "gluteus-medius", "back",
        shape([(24, 340), (40, 330), (56, 328), (69, 336), (76, 354), (79, 376), (78, 392), (66, 384), (50, 372),
               (34, 360), (24, 352)]),
        anchor=(46, 336),
    ),
    RegionSpec(
        "gluteus-maximus", "back",
        shape([(8, 350), (26, 356), (44, 362), (60, 372), (72, 384), (78, 400), (78, 416), (72, 428), (56, 435),
               (38, 437), (20, 433), (8, 424), (4, 404), (5, 376)]),
        anchor=(42, 414),
    ),
    RegionSpec(
        "gluteus-minimus", "back",
        shape([(36, 346), (54, 338), (68, 344), (75, 360), (76, 378), (68, 372), (52, 362), (38, 354)]),
        anchor=(64, 360),
        deep=True,
    ),
    RegionSpec(
        "hip-external-rotators", "back",
        shape([(10, 364), (30, 370), (56, 376), (72, 382), (74, 392), (70, 402), (50, 408), (28, 404), (14, 396),
               (9, 380)]),
        anchor=(40, 390),
        deep=True,
    ),
    RegionSpec(
        "hamstrings", "back",
        shape([(24, 422), (46, 424), (62, 436), (64, 474), (60, 508), (56, 548, "c"), (50, 520), (42, 500), (38, 492),
               (30, 512), (22, 550, "c"), (17, 520), (18, 480), (20, 450)]),
        anchor=(46, 470),
        details=line([(38, 440), (39, 470), (38, 492)]),
    ),
    RegionSpec(
        "soleus", "back",
        shape([(14, 600), (22, 606), (38, 606), (56, 596), (61, 610), (58, 636), (52, 660), (44, 680), (38, 692),
               (30, 692), (24, 680), (18, 660), (14, 630)]),
        anchor=(53, 648),
    ),
    RegionSpec(
        "gastrocnemius", "back",
        shape([(27, 546), (34, 556), (37, 580), (37, 610), (34, 636), (32, 652, "c"), (24, 640), (17, 618), (14, 594),
               (16, 572), (21, 554)],
              [(42, 546), (50, 552), (58, 568), (61, 590), (58, 612), (46, 632, "c"), (40, 612), (38, 588), (39, 564)]),
        anchor=(50, 584),
    ),
    RegionSpec(
        "flexor-digitorum-longus", "back",
        shape([(18, 604), (28, 608), (30, 660), (30, 700), (24, 700), (20, 660)]),
        anchor=(24, 660),
        deep=True,
    ),
    RegionSpec(
        "flexor-hallucis-longus", "back",
        shape([(40, 612), (52, 614), (52, 660), (42, 698), (36, 700), (36, 660)]),
        anchor=(45, 664),
        deep=True,
    ),
)

SPECS: tuple[RegionSpec, ...] = FRONT + BACK


def _side(view: View, mirrored: bool) -> Side:
    # The authored half (x > 0) is the body's left seen from the front and its right seen from behind.
    left = (view == "front") != mirrored
    return "l" if left else "r"


@cache
def figure(view: View) -> Figure:
    """The figure for one view, both sides, bottom layer first."""
    specs = FRONT if view == "front" else BACK
    regions = []
    for spec in specs:
        for mirrored in (True, False):
            path = spec.outline.mirrored() if mirrored else spec.outline
            anchor = (-spec.anchor[0], spec.anchor[1]) if mirrored else spec.anchor
            details = spec.details.mirrored() if spec.details and mirrored else spec.details
            regions.append(Region(spec.muscle, view, _side(view, mirrored), spec.deep, path, anchor, details))
    underlay = FRONT_UNDERLAY if view == "front" else BACK_UNDERLAY
    lines = FRONT_LINES if view == "front" else BACK_LINES
    return Figure(
        view=view,
        silhouette=(Path(EAR.subpaths + EAR.mirrored().subpaths), BODY, HEAD),
        underlay=tuple(p for part in underlay for p in (part, part.mirrored())),
        lines=tuple(p for part in lines for p in (part, part.mirrored())),
        regions=tuple(regions),
    )


@cache
def muscle_views() -> dict[str, tuple[View, ...]]:
    """Each drawn muscle id and the views it is drawn on."""
    found: dict[str, list[View]] = {}
    for spec in SPECS:
        found.setdefault(spec.muscle, [])
        if spec.view not in found[spec.muscle]:
            found[spec.muscle].append(spec.view)
    return {muscle: tuple(views) for muscle, views in found.items()}


@cache
def is_deep(muscle: str) -> bool:
    """True when the drawing shows `muscle` as lying under others."""
    return any(spec.deep for spec in SPECS if spec.muscle == muscle)


@cache
def main_view(muscle: str) -> View:
    """The view whose drawing of `muscle` carries its callout."""
    return MAIN_VIEW.get(muscle, muscle_views()[muscle][0])
