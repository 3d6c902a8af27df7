"""The figure renderer: every shipped exercise draws as valid, accessible SVG from its pose data."""

import colorsys
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from handouts.content.models import Exercise
from handouts.drawing.figures import FigureSpec, Layout, Palette, render_figure
from handouts.drawing.figures.geometry import capsule_points, circle_points
from handouts.drawing.figures.scene import build_scene
from handouts.drawing.figures.skeleton import FOOT, SHIN, THIGH, pose_body
from handouts.drawing.plane import Point

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def _exercises() -> list[Exercise]:
    data = YAML(typ="safe").load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    return [Exercise.model_validate(entry) for entry in data["exercises"]]


EXERCISES = _exercises()
WITH_FIGURES = [e for e in EXERCISES if e.figure is not None]


def _captions(html: str) -> list[str]:
    return re.findall(r'<span class="figure-caption"[^>]*>([^<]*)</span>', html)


def _labels(spec: FigureSpec) -> list[str]:
    defaults = ["Start", "Finish"] if len(spec.frames) == 2 else ["Start", "Then", "Finish"]
    return [frame.label or default for frame, default in zip(spec.frames, defaults)]


def _standing(**extra) -> FigureSpec:
    frames = [{"alt": "Standing."}, {"alt": "Knee up.", "near": {"thigh": 0}}]
    return FigureSpec.model_validate({"frames": frames, **extra})


def test_every_exercise_has_two_frames_or_an_image():
    for exercise in EXERCISES:
        if exercise.figure is not None:
            assert len(exercise.figure.frames) >= 2, exercise.id
            assert all(frame.alt.strip() for frame in exercise.figure.frames), exercise.id
        else:
            assert exercise.image and exercise.image_alt, exercise.id
            assert (ROOT / exercise.image).is_file(), f"{exercise.id}: missing {exercise.image}"


@pytest.mark.parametrize("exercise", WITH_FIGURES, ids=lambda e: e.id)
def test_figure_is_valid_accessible_svg(exercise):
    figure = render_figure(exercise.figure, exercise.name)
    root = ET.fromstring(figure.svg)  # raises on malformed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    label = root.get("aria-label")
    labels = _labels(exercise.figure)
    assert label.startswith(exercise.name) and all(f"{caption}:" in label for caption in labels)
    assert root.find(f"{SVG}title").text == label
    x0, y0, w, h = map(float, root.get("viewBox").split())
    assert (x0, y0) == (0, 0) and w > 0 and h > 0
    assert not re.search(r"nan|inf", figure.svg, re.IGNORECASE)
    # Drawn at one scale that fits the card's figure box, and as wide as it says.
    layout = Layout()
    assert 0 < figure.width_mm <= layout.max_width_mm + 0.1
    assert 0 < figure.height_mm <= layout.max_height_mm + 0.1
    assert root.get("width") == f"{figure.width_mm:.1f}mm"
    # Every limb a halo and a fill, each element shared by every frame.
    assert 12 <= len(root.findall(f".//{SVG}path")) <= 30
    assert _captions(figure.html) == labels
    assert figure.html.count("data:image/svg+xml;base64,") == 1 and "<img" in figure.html


@pytest.mark.parametrize("exercise", WITH_FIGURES, ids=lambda e: e.id)
def test_frames_show_a_movement_and_rest_on_a_surface(exercise):
    scene = build_scene(exercise.figure)
    first, last = scene.panels[0].body, scene.panels[-1].body
    moved = max((last.points[k] - first.points[k]).length() for k in first.points)
    assert moved > 0.05, "start and finish frames look the same"
    for panel in scene.panels:
        lowest = min(p.y for p in panel.body.extremes())
        assert lowest >= -1e-6, f"{panel.label}: the body sinks through the floor"
        assert lowest < 0.13, f"{panel.label}: the body floats above every surface"


@pytest.mark.parametrize("exercise", WITH_FIGURES, ids=lambda e: e.id)
def test_equipment_and_motion_are_drawn_where_the_data_names_them(exercise):
    palette = Palette(band="#00ff00", arrow="#ff0000", step="#00ffff", mat="#ff00ff")
    svg = render_figure(exercise.figure, exercise.name, palette).svg
    kinds = {item.kind for item in exercise.figure.equipment}
    assert ("#00ff00" in svg) == ("band" in kinds)
    assert ('fill="#ff00ff"' in svg) == ("mat" in kinds)
    if exercise.figure.motion:
        assert 'stroke="#ff0000"' in svg  # the motion arrow
    # The floor under each frame, plus a solid block per frame for each step or wall; seen from above there is
    # no floor, only the mat lying flat under the body.
    solid = re.search(r'<path d="([^"]*)" fill="#00ffff"/>', svg).group(1)
    blocks = sum(1 for item in exercise.figure.equipment if item.kind in ("step", "wall"))
    grounded = [f for f in exercise.figure.frames if (f.view or exercise.figure.view) != "above"]
    assert solid.count("Z") == len(grounded) * (1 + blocks)


def test_limbs_never_exceed_their_real_length():
    # Length factors shorten a limb that points at the viewer; they never stretch one past its true length.
    for exercise in WITH_FIGURES:
        for frame in exercise.figure.frames:
            for side in ("near", "far"):
                body = pose_body(frame, frame.view or exercise.figure.view)
                hip, knee, ankle = (body.points[f"{side}-{j}"] for j in ("hip", "knee", "ankle"))
                assert (knee - hip).length() <= THIGH * 1.2 + 1e-9
                assert (ankle - knee).length() <= SHIN * 1.2 + 1e-9
                assert (body.points[f"{side}-toe"] - ankle).length() <= FOOT * 1.3


def test_near_limbs_are_darker_than_the_body_and_far_limbs():
    def lightness(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return colorsys.rgb_to_hls(r, g, b)[1]

    palette = Palette()
    assert lightness(palette.near) < lightness(palette.body) < lightness(palette.far)


def test_near_limbs_are_drawn_last_so_they_sit_in_front():
    svg = render_figure(_standing(), "Test").svg
    near, far = Palette().near, Palette().far
    assert svg.rfind(f'fill="{near}"') > svg.rfind(f'fill="{far}"')


def test_text_in_the_svg_is_escaped():
    spec = FigureSpec.model_validate({"frames": [
        {"alt": 'Feet <apart> & "level"', "label": "Step 1 <start>"},
        {"alt": "Done.", "label": "Step 2"},
    ]})
    figure = render_figure(spec, "Knees & <hips>")
    root = ET.fromstring(figure.svg)
    assert root.get("aria-label").startswith("Knees & <hips>. Step 1 <start>: Feet <apart> & \"level\".")
    wrapper = ET.fromstring(figure.html)  # the HTML wrapper is well-formed too
    assert [s.text for s in wrapper.iter("span")] == ["Step 1 <start>", "Step 2"]


def test_a_long_low_pose_is_stacked_and_drawn_bigger():
    lying = next(e for e in WITH_FIGURES if e.id == "side-lying-hip-abduction").figure
    standing = next(e for e in WITH_FIGURES if e.id == "single-leg-balance").figure
    def caption_lefts(html: str) -> list[float]:
        return [float(x) for x in re.findall(r"left: ([\d.]+)mm", html)]

    # Stacked frames put their captions one above the other, at the left; side by side, one after the other.
    assert caption_lefts(render_figure(lying, "Lying").html) == [0.0] * len(lying.frames)
    first, second = caption_lefts(render_figure(standing, "Standing").html)
    assert first < second


def test_mirror_flips_the_picture_left_to_right():
    plain, mirrored = build_scene(_standing()), build_scene(_standing(mirror=True))
    knee, knee_m = plain.panels[1].body.points["near-knee"], mirrored.panels[1].body.points["near-knee"]
    hip = plain.panels[1].body.points["near-hip"]
    assert knee.x > hip.x and math.isclose(knee_m.x, -knee.x) and math.isclose(knee_m.y, knee.y)


def test_a_step_lifts_the_foot_that_stands_on_it():
    spec = _standing(equipment=[{"kind": "step", "span": [-0.5, 0.5], "height": 0.12}])
    scene = build_scene(spec)
    lowest = min(p.y for p in scene.panels[0].body.extremes())
    assert math.isclose(lowest, 0.12, abs_tol=1e-6)


def test_capsule_outline_hugs_both_joint_circles():
    a, b = Point(0, 0), Point(100, 0)
    outline = capsule_points(a, 10, b, 5)
    for p in outline:
        # Every corner lies on one of the two circles or the tangent lines between them: never outside.
        assert min((p - a).length() - 10, (p - b).length() - 5) <= 1e-6
        assert -10 - 1e-6 <= p.x <= 105 + 1e-6 and abs(p.y) <= 10 + 1e-6
    assert min(p.x for p in outline) < -9.5 and max(p.x for p in outline) > 104.5
    # Capsules and circles wind the same way, so a limb's pieces fill as one shape.
    def area(points):
        return sum(p.x * q.y - q.x * p.y for p, q in zip(points, points[1:] + points[:1]))
    assert area(outline) < 0 and area(circle_points(Point(0, 0), 6)) < 0


def test_pose_data_rejects_what_it_cannot_draw():
    with pytest.raises(ValueError):
        FigureSpec.model_validate({"frames": [{"alt": "Only one frame."}]})
    with pytest.raises(ValueError):
        FigureSpec.model_validate({"frames": [{"alt": "a"}, {"alt": "b"}], "equipment": [{"kind": "step"}]})
    with pytest.raises(ValueError):
        FigureSpec.model_validate({"frames": [{"alt": "a"}, {"alt": "b", "near": {"thigh": [0, 3]}}]})


@pytest.mark.parametrize("torso", [180, 0, 170])
def test_from_above_the_chest_faces_the_bottom_of_the_page_whichever_way_the_head_points(torso):
    # A straight leg in line with the trunk: its toes point the way the chest faces, and that is down the page.
    ahead = (torso + 180) % 360
    frame = {"alt": "Lying on the side.", "view": "above", "torso": torso,
             "near": {"thigh": ahead, "shin": ahead}, "far": {"thigh": ahead, "shin": ahead, "rests": True}}
    spec = FigureSpec.model_validate({"frames": [frame, frame], "equipment": [{"kind": "mat"}]})
    body = build_scene(spec).panels[0].body
    for side in ("near", "far"):
        assert body.points[f"{side}-toe"].y < body.points[f"{side}-ankle"].y - 0.05
    # `rests` lays a leg along the mat's edge from the front; from above the leg keeps its angles.
    assert math.isclose((body.points["far-knee"] - body.points["far-hip"]).length(), THIGH)


def test_from_above_there_is_no_floor_only_the_mat_under_the_whole_body():
    lying = {"alt": "Lying on the side.", "torso": 180, "near": {"thigh": 0, "shin": 0}, "far": {"thigh": 0, "shin": 0}}
    spec = FigureSpec.model_validate({"view": "front", "equipment": [{"kind": "mat"}],
                                      "frames": [{**lying, "view": "above"}, lying, lying]})
    palette = Palette(step="#00ffff", mat="#ff00ff")
    svg = render_figure(spec, "Lying", palette).svg
    floors = re.search(r'<path d="([^"]*)" fill="#00ffff"/>', svg).group(1)
    mats = re.search(r'<path d="([^"]*)" fill="#ff00ff"[^>]*/>', svg).group(1)
    assert floors.count("Z") == 2 and mats.count("Z") == 3  # floors under the two front frames; a mat in each
    above = build_scene(spec).panels[0]
    assert above.plan_mat is not None
    assert all(above.plan_mat.y0 < p.y < above.plan_mat.y1 for p in above.body.extremes())
