"""Each shipped figure shows what its card's text says: checked on the pose solver's own points, not by eye."""

import math
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from handouts.content.models import Exercise
from handouts.drawing.figures import FigureSpec, Palette, render_figure
from handouts.drawing.figures.scene import MAT, Scene, build_scene
from handouts.drawing.figures.skeleton import R_ANKLE, R_KNEE_T, THIGH, PosedBody, pose_body
from handouts.drawing.plane import Point, angle_of

ROOT = Path(__file__).resolve().parent.parent
TOUCH = 0.004  # body heights: under 0.2 mm on paper, closer than the eye can tell from touching


def _exercise(exercise_id: str) -> Exercise:
    data = YAML(typ="safe").load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    return Exercise.model_validate(next(e for e in data["exercises"] if e["id"] == exercise_id))


def _scene(exercise_id: str) -> Scene:
    return build_scene(_exercise(exercise_id).figure)


def _bottom(body: PosedBody, group: str, piece: int | None = None) -> float:
    """Return the lowest point of one limb (or of its piece-th part: 0 thigh/upper arm, 1 shin/forearm, 2 foot/hand)."""
    parts = [part for part in body.parts if part.group == group]
    if piece is not None:
        parts = [parts[piece]]
    return min(p.y for part in parts for p in part.extremes())


def _bend(a: Point, joint: Point, b: Point) -> float:
    """Return how far a joint is bent, in degrees: 0 when a, joint and b lie in one straight line."""
    turn = angle_of(b - joint) - angle_of(joint - a)
    return abs((turn + 180) % 360 - 180)


def _views(exercise_id: str) -> list[tuple[str, PosedBody]]:
    """Return each frame's view and laid-out body, in order."""
    figure = _exercise(exercise_id).figure
    return [(f.view or figure.view, panel.body) for f, panel in zip(figure.frames, build_scene(figure).panels)]


def _off_line(p: Point, a: Point, b: Point) -> float:
    """Return how far p lies from the straight line through a and b."""
    along = (b - a).unit()
    return abs((p.x - a.x) * along.y - (p.y - a.y) * along.x)


def test_clamshell_start_from_above_shows_hips_bent_45_and_knees_90_with_feet_in_line_with_the_back():
    # From the front the thighs point at the viewer, so hip, knee and foot fall on one line and no bend shows;
    # the start is also drawn from above, where both bends lie flat in the page.
    views = _views("clamshell")
    above = [body for view, body in views if view == "above"]
    front_start = next(body for view, body in views if view == "front")
    assert views[0][0] == "above" and len(above) == 1, "the start seen from above comes first"
    pts = above[0].points
    hip_flexion = _bend(pts["neck"], pts["near-hip"], pts["near-knee"])
    knee_flexion = _bend(pts["near-hip"], pts["near-knee"], pts["near-ankle"])
    assert 35 <= hip_flexion <= 55 and 80 <= knee_flexion <= 100
    # The bend shows: the knee stands well off the hip-to-foot line from above, not from the front.
    assert _off_line(pts["near-knee"], pts["near-hip"], pts["near-ankle"]) > 0.12
    front = front_start.points
    assert _off_line(front["near-knee"], front["near-hip"], front["near-ankle"]) < 0.03
    # The feet come back in line with the back, and the knees point the way the chest faces (down the page).
    assert _off_line(pts["near-ankle"], pts["neck"], pts["near-hip"]) < 0.04
    assert pts["near-knee"].y < pts["near-hip"].y - 0.1
    # Legs stacked: from above the top leg covers the bottom one, knees and feet together.
    for joint in ("knee", "ankle", "toe"):
        assert (pts[f"near-{joint}"] - pts[f"far-{joint}"]).length() < 1e-6
    # The same pose as the front start: the thigh seen from the front is cos(hip flexion) long.
    thigh_front = (front["far-knee"] - front["far-hip"]).length()
    assert math.isclose(thigh_front, THIGH * math.cos(math.radians(hip_flexion)), rel_tol=0.06)


def test_clamshell_from_above_lies_on_the_mat_seen_flat_with_the_band_across_the_top_thigh():
    figure = _exercise("clamshell").figure
    scene = build_scene(figure)
    panel = scene.panels[0]
    assert panel.view == "above" and panel.plan_mat is not None
    mat = panel.plan_mat
    assert all(mat.x0 < p.x < mat.x1 and mat.y0 < p.y < mat.y1 for p in panel.body.extremes())
    (near, far), = panel.bands
    # The strand crosses the thigh square to it, just above the knee.
    thigh = panel.body.points["near-knee"] - panel.body.points["near-hip"]
    strand = near - far
    assert abs(thigh.unit().x * strand.unit().x + thigh.unit().y * strand.unit().y) < 0.01
    assert _off_line(near, panel.body.points["near-hip"], panel.body.points["near-knee"]) < 1e-3
    # A change of view is no step of the movement: no arrow from the view from above to the start.
    svg = render_figure(figure, "Clamshell").svg
    between = re.search(rf'<path d="([^"]*)" fill="none" stroke="{Palette().between}"', svg).group(1)
    assert between.count("M") == 2  # one arrow, start to finish: its shaft and its head


def test_clamshell_start_underneath_leg_lies_on_the_mat_with_knees_and_feet_stacked():
    start = next(body for view, body in _views("clamshell") if view == "front")
    # The underneath leg touches the mat along its whole length: hip, knee and foot.
    for piece in (0, 1, 2):
        assert math.isclose(_bottom(start, "far-leg", piece), MAT, abs_tol=TOUCH)
    # Nothing sinks into the mat.
    assert min(p.y for p in start.extremes()) >= MAT - 1e-6
    pts = start.points
    # Knees stacked and touching, feet stacked and touching, at the knees' level: no foot floats above a knee.
    assert abs(pts["near-knee"].x - pts["far-knee"].x) < 0.02
    assert math.isclose(pts["near-knee"].y - pts["far-knee"].y, 2 * R_KNEE_T, abs_tol=0.01)
    assert abs(pts["near-ankle"].x - pts["far-ankle"].x) < 0.02
    assert math.isclose(pts["near-ankle"].y - pts["far-ankle"].y, 2 * R_ANKLE, abs_tol=0.01)
    assert pts["near-ankle"].y <= pts["near-knee"].y  # the top foot rests on the bottom one, not above the knee
    # Seen from the front, hips bent 45 degrees show the thigh at cos 45 of its length.
    thigh = (pts["far-knee"] - pts["far-hip"]).length()
    assert math.isclose(thigh, THIGH * math.cos(math.radians(45)), rel_tol=0.04)


def test_clamshell_finish_lifts_the_top_knee_with_the_feet_still_together():
    first, last = (body for view, body in _views("clamshell") if view == "front")
    assert last.points["near-knee"].y - first.points["near-knee"].y > 0.08
    assert (last.points["near-ankle"] - first.points["near-ankle"]).length() < 0.01
    assert math.isclose(_bottom(last, "far-leg", 2), MAT, abs_tol=TOUCH)


@pytest.mark.parametrize("frame", [0, 1])
def test_side_lying_leg_lift_underneath_leg_and_foot_on_the_mat(frame):
    body = [body for view, body in _views("side-lying-hip-abduction") if view == "front"][frame]
    for piece in (0, 1, 2):
        assert math.isclose(_bottom(body, "far-leg", piece), MAT, abs_tol=TOUCH)
    assert min(p.y for p in body.extremes()) >= MAT - 1e-6


def test_side_lying_leg_lift_top_leg_rises_above_the_hip_only_in_the_finish():
    start, finish = (body for view, body in _views("side-lying-hip-abduction") if view == "front")
    assert start.points["near-ankle"].y < start.points["near-hip"].y
    assert finish.points["near-ankle"].y > finish.points["near-hip"].y


def test_side_lying_leg_lift_from_above_shows_the_bottom_knee_bent_and_the_top_leg_straight():
    view, above = _views("side-lying-hip-abduction")[0]
    assert view == "above"
    pts = above.points
    assert 30 <= _bend(pts["neck"], pts["far-hip"], pts["far-knee"]) <= 50
    assert 60 <= _bend(pts["far-hip"], pts["far-knee"], pts["far-ankle"]) <= 100
    # The top leg straight and in line with the trunk, its toes pointing forward (the way the chest faces).
    assert _bend(pts["neck"], pts["near-hip"], pts["near-knee"]) < 5
    assert _bend(pts["near-hip"], pts["near-knee"], pts["near-ankle"]) < 5
    assert pts["near-toe"].y < pts["near-ankle"].y - 0.05 and pts["far-knee"].y < pts["near-knee"].y - 0.1


def test_band_walk_shows_knees_and_hips_a_little_bent_and_toes_forward():
    figure = _exercise("lateral-band-walk").figure
    scene = build_scene(figure)
    side = [p.body for p, f in zip(scene.panels, figure.frames) if (f.view or figure.view) == "side"]
    assert side, "a side-on frame shows the bend of hips and knees"
    pts = side[0].points
    # Hip flexion: how far the thigh has swung forward from the line of the torso, continued downward.
    hip_flexion = _bend(pts["neck"], pts["near-hip"], pts["near-knee"])
    knee_flexion = _bend(pts["near-hip"], pts["near-knee"], pts["near-ankle"])
    assert 15 <= hip_flexion <= 45 and 15 <= knee_flexion <= 45
    # Toes point forward (the way the figure faces), and the sole is flat on the floor.
    assert pts["near-toe"].x > pts["near-ankle"].x
    assert math.isclose(_bottom(side[0], "near-leg", 2), 0.0, abs_tol=TOUCH)
    # Seen from the front, each foot points at the viewer: centred under its ankle, not turned out.
    for panel, frame in zip(scene.panels, figure.frames):
        if (frame.view or figure.view) != "front":
            continue
        for leg in ("near", "far"):
            foot = [part for part in panel.body.parts if part.group == f"{leg}-leg"][2]
            middle = sum(p.x for p in foot.points) / 2
            assert abs(middle - panel.body.points[f"{leg}-ankle"].x) < 1e-6
            assert abs(foot.points[0].y - foot.points[1].y) < 0.012  # level, heel and toe ends alike
        # Both feet on the floor in every front frame.
        assert _bottom(panel.body, "near-leg", 2) < TOUCH and _bottom(panel.body, "far-leg", 2) < TOUCH


def test_hip_hike_start_hanging_foot_below_the_step():
    scene = _scene("standing-hip-hike")
    step = next(box for box in scene.boxes if box.kind == "step")
    start, finish = (panel.body for panel in scene.panels)
    assert math.isclose(_bottom(start, "near-leg", 2), step.y1, abs_tol=TOUCH)  # standing foot on the step
    hanging = [part for part in start.parts if part.group == "far-leg"][2]
    assert max(p.x for p in hanging.extremes()) < step.x0  # off the side of the step
    assert _bottom(start, "far-leg", 2) < step.y1 - 0.02  # below the step's top
    assert _bottom(finish, "far-leg", 2) > _bottom(finish, "near-leg", 2)  # lifted past level
    assert start.points["far-hip"].y < start.points["near-hip"].y < finish.points["far-hip"].y


def test_side_plank_rests_on_forearm_and_underneath_foot():
    for panel in _scene("side-plank-leg-lift").panels:
        assert math.isclose(_bottom(panel.body, "far-arm", 1), MAT, abs_tol=TOUCH)
        assert math.isclose(_bottom(panel.body, "far-leg", 2), MAT, abs_tol=TOUCH)


def test_side_lunge_keeps_both_feet_flat_and_the_bent_knee_over_the_foot():
    finish = _scene("lateral-lunge").panels[-1].body
    assert _bottom(finish, "near-leg", 2) < TOUCH and _bottom(finish, "far-leg", 2) < TOUCH
    assert abs(finish.points["near-knee"].x - finish.points["near-ankle"].x) < 0.02
    assert _bend(finish.points["near-hip"], finish.points["near-knee"], finish.points["near-ankle"]) > 30


@pytest.mark.parametrize("exercise_id", ["single-leg-romanian-deadlift", "hip-airplane", "single-leg-balance"])
def test_single_leg_exercises_stand_on_one_foot_with_the_other_off_the_floor(exercise_id):
    figure = _exercise(exercise_id).figure
    for panel, frame in zip(build_scene(figure).panels, figure.frames):
        standing, free = _bottom(panel.body, "near-leg", 2), _bottom(panel.body, "far-leg", 2)
        if exercise_id == "single-leg-balance" and frame is figure.frames[0]:
            continue  # starts on both feet
        if exercise_id == "single-leg-balance":
            standing, free = free, standing  # the near knee lifts
        assert standing < TOUCH and free > 0.02, frame.alt


def test_standing_knee_is_soft_in_the_deadlift_airplane_and_balance():
    for exercise_id in ("single-leg-romanian-deadlift", "hip-airplane"):
        for frame in _exercise(exercise_id).figure.frames:
            body = pose_body(frame, frame.view or "side")
            assert 3 < _bend(body.points["near-hip"], body.points["near-knee"], body.points["near-ankle"]) < 30
    # Single-leg balance: "your knee soft, not locked" on the standing (far) leg once the other knee lifts.
    finish = _exercise("single-leg-balance").figure.frames[-1]
    body = pose_body(finish, "side")
    assert 3 < _bend(body.points["far-hip"], body.points["far-knee"], body.points["far-ankle"]) < 30


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str = "#ffffff") -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


EXERCISE_IDS = [e["id"] for e in YAML(typ="safe").load((ROOT / "data" / "exercises.yaml").read_text())["exercises"]]


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_every_line_and_limb_reaches_3_to_1_against_white(exercise_id):
    exercise = _exercise(exercise_id)
    svg = render_figure(exercise.figure, exercise.name).svg
    palette = Palette()
    strokes = set(re.findall(r'stroke="(#[0-9a-fA-F]{6})"', svg)) - {palette.halo}  # the halo is white space
    limbs = {palette.near, palette.body, palette.far}
    assert limbs <= set(re.findall(r'fill="(#[0-9a-fA-F]{6})"', svg))
    for colour in strokes | limbs:
        assert _contrast(colour) >= 3.0, f"{colour} is {_contrast(colour):.2f}:1 on white"


def test_depth_reads_in_grayscale_near_body_far_step_apart():
    palette = Palette()
    near, body, far = (_luminance(c) for c in (palette.near, palette.body, palette.far))
    # Each tone at least 1.4 times the contrast of the next, so printed in grey the three stay apart.
    assert _contrast(palette.near, palette.body) >= 1.4 and _contrast(palette.body, palette.far) >= 1.4
    assert near < body < far


SQUAT_FIGURE = ROOT / "tests" / "fixtures" / "self-test-figure" / "single-leg-squat-figure.yaml"


def _squat_figure() -> FigureSpec:
    return FigureSpec.model_validate(YAML(typ="safe").load(SQUAT_FIGURE.read_text(encoding="utf-8"))["figure"])


def test_single_leg_squat_self_test_pictures_knee_over_foot_then_knee_caving_in():
    spec = _squat_figure()
    assert [frame.label for frame in spec.frames] == ["Pass", "Tick if"]
    # Two alternatives, not a movement: no arrow leads from one to the other.
    arrow = f'stroke="{Palette().between}" stroke-width="2.4"'
    assert arrow not in render_figure(spec, "Squat").svg
    assert arrow in render_figure(spec.model_copy(update={"compare": False}), "Squat").svg
    passing, failing = (panel.body.points for panel in build_scene(spec).panels)
    # Pass: the knee over the foot, hips level. Not yet: the knee inside the foot (toward the other leg,
    # which is on the -x side from the front), and the lifted leg's hip lower.
    assert abs(passing["near-knee"].x - passing["near-ankle"].x) < 0.02
    assert math.isclose(passing["near-hip"].y, passing["far-hip"].y, abs_tol=1e-9)
    assert failing["near-ankle"].x - failing["near-knee"].x > 0.05
    assert failing["far-hip"].y < failing["near-hip"].y - 0.01
    # The standing foot is on the floor and the lifted one off it, in both.
    for panel in build_scene(spec).panels:
        assert _bottom(panel.body, "near-leg", 2) < TOUCH < 0.02 < _bottom(panel.body, "far-leg", 2)


def test_checklist_view_carries_the_self_test_pictures_only_where_given(make_project):
    from handouts.content.load import load_content
    from handouts.content.project import find_project
    from handouts.handouts.checklist import checklist_view

    root = make_project()
    path = root / "data" / "checklists" / "injury-risk.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    squat = next(i for s in data["sections"] for i in s["items"] if i["id"] == "single-leg-squat")
    squat["test"]["figure"] = YAML(typ="safe").load(SQUAT_FIGURE.read_text(encoding="utf-8"))["figure"]
    YAML(typ="safe").dump(data, path)
    content = load_content(find_project(root))
    checklist = content.checklists["injury-risk"]
    view = checklist_view(checklist, content.muscles, "Clinic", "555", Palette.for_brand(content.config.brand))
    figures = {item.id: item.figure for section in view["sections"] for item in section.items}
    assert "data:image/svg+xml;base64," in figures["single-leg-squat"]
    assert ">Pass</span>" in figures["single-leg-squat"] and ">Tick if</span>" in figures["single-leg-squat"]
    assert all(figure is None for item_id, figure in figures.items() if item_id != "single-leg-squat")


def test_checklist_page_shows_the_pictures_when_a_self_test_has_them(make_project):
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from checklist_page import load_content, render_html

    root = make_project()
    path = root / "data" / "checklists" / "injury-risk.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    squat = next(i for s in data["sections"] for i in s["items"] if i["id"] == "single-leg-squat")
    squat["test"]["figure"] = YAML(typ="safe").load(SQUAT_FIGURE.read_text(encoding="utf-8"))["figure"]
    YAML(typ="safe").dump(data, path)
    html = render_html(load_content(root))
    card = html[html.index('id="ck-single-leg-squat"'):html.index('id="ck-side-plank"')]
    assert '<div class="ck-figure">' in card and 'class="figure-svg"' in card
    assert html.count('class="ck-figure"') == 1
