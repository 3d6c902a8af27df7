"""The muscle map: the body atlas, highlight levels in the SVG, callout layout, depth, and the rendered page."""

import dataclasses
import random
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handouts.authoring.handout_cache import handout_documents
from handouts.cli import app
from handouts.content.edition import Edition
from handouts.content.load import load_content
from handouts.content.models.classes import MuscleMapHandout
from handouts.content.models.config import Brand
from handouts.content.project import find_project
from handouts.drawing.musclemap import Body, Colours, render_muscle_map
from handouts.drawing.musclemap.atlas import VIEWS, load_atlas
from handouts.drawing.musclemap.layout import stack
from handouts.drawing.musclemap.render import MIN_VISIBLE_MM2
from handouts.drawing.musclemap.style import BODY_FILL, CAPTION, grey, level_styles
from handouts.handouts.musclemap import prepare
from handouts.rendering.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"

HIP_PRIMARY = ["gluteus-medius", "gluteus-minimus", "hip-external-rotators"]
HIP_SECONDARY = ["gluteus-maximus", "hip-adductors", "rectus-abdominis", "external-obliques"]
# What the hip-strength pack's exercises train (data/exercises.yaml): its map follows them.
HIP_TRAINED_PRIMARY = ["gluteus-medius", "gluteus-minimus", "hip-external-rotators", "hamstrings", "gluteus-maximus"]
HIP_TRAINED_SECONDARY = ["external-obliques", "soleus", "tibialis-anterior", "internal-obliques", "erector-spinae"]

CONTENT = load_content(find_project(ROOT))
MUSCLES = CONTENT.muscles
BODY = Body.load(ROOT, MUSCLES)


def _hip_map(**kwargs):
    return render_muscle_map(MUSCLES, HIP_PRIMARY, HIP_SECONDARY, Colours(), **kwargs)


def _regions(svg: str) -> list[ET.Element]:
    return [el for el in ET.fromstring(svg).iter() if "region" in el.get("class", "").split()]


def _cross(a, b, c, d) -> bool:
    def orient(p, q, r):
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if abs(value) < 1e-9 else (1 if value > 0 else -1)

    def between(p, q, r):
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return (o1 == 0 and between(a, b, c)) or (o2 == 0 and between(a, b, d)) or (
        o3 == 0 and between(c, d, a)) or (o4 == 0 and between(c, d, b))


def _leaders_cross(p, q) -> bool:
    return any(_cross(p[i], p[i + 1], q[j], q[j + 1]) for i in range(len(p) - 1) for j in range(len(q) - 1))


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _assert_clean_layout(mm) -> None:
    boxes = [c.box for c in mm.callouts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
        for key, region in mm.highlighted.items():
            assert not _overlap(a, region), (mm.callouts[i].muscle, key)
        assert a.x0 >= 0 and a.x1 <= mm.width, a
    for i, a in enumerate(mm.callouts):
        for b in mm.callouts[i + 1 :]:
            assert not _leaders_cross(a.leader, b.leader), (a.muscle, b.muscle)


# --- The atlas ------------------------------------------------------------------------------------------------


def test_no_muscle_coordinates_live_in_python():
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "handouts" / "musclemap").glob("*.py"))
    # The old geometry was lists of knots such as [(24, 340), (40, 330), ...]; the atlas holds them now.
    assert not re.search(r"\(\s*-?\d+(\.\d+)?\s*,\s*\d{3}(\.\d+)?\s*\)\s*,\s*\(", sources)
    assert (ROOT / "assets" / "body" / "front.svg").is_file() and (ROOT / "assets" / "body" / "back.svg").is_file()


def test_every_muscle_in_the_data_has_a_shape_on_each_of_its_views_and_every_shape_a_muscle():
    views = BODY.muscle_views()
    assert set(views) == set(MUSCLES)
    for mid, muscle in MUSCLES.items():
        assert set(views[mid]) == set(muscle.views), mid
        assert BODY.is_deep(mid) == muscle.deep, mid


def test_regions_are_the_muscle_id_or_the_id_and_two_hyphens():
    atlas = load_atlas(ROOT, "back")
    ids = {s.id: s.muscle for s in atlas.regions()}
    assert ids["gluteus-medius--left"] == "gluteus-medius" and ids["gluteus-medius--right"] == "gluteus-medius"
    assert all(s.muscle is None for s in atlas.shapes if s.id.startswith(("outline", "underlay", "lines")))
    # Document order is drawing order: the buttock is drawn over the side of the hip.
    order = [s.id for s in atlas.shapes]
    assert order.index("gluteus-maximus--left") > order.index("gluteus-medius--left")


def test_every_muscle_has_a_left_and_a_right_region_that_mirror_each_other():
    for view in VIEWS:
        regions = BODY.atlas_view(view).regions
        for mid in {r.muscle for r in regions}:
            sides = {r.side: r for r in regions if r.muscle == mid}
            assert set(sides) == {"l", "r"}, (view, mid)
            left, right = sides["l"].path.bbox(), sides["r"].path.bbox()
            assert left.x0 == pytest.approx(-right.x1, abs=0.2) and left.y0 == pytest.approx(right.y0), (view, mid)


def test_the_figure_is_seven_and_a_half_heads_tall():
    shapes = {s.id: s.path.bbox() for s in load_atlas(ROOT, "front").shapes}
    head, body = shapes["outline--head"], shapes["outline--body"]
    assert (body.y1 - head.y0) / head.height == pytest.approx(7.5, abs=0.15)


# --- Highlight levels ------------------------------------------------------------------------------------------


def test_highlighted_ids_and_only_those_carry_each_level():
    regions = _regions(_hip_map().svg)
    by_level: dict[str, set[str]] = {"primary": set(), "secondary": set()}
    for el in regions:
        level = el.get("data-level")
        if level:
            by_level[level].add(el.get("data-muscle"))
            assert f"level-{level}" in el.get("class").split()
    assert by_level == {"primary": set(HIP_PRIMARY), "secondary": set(HIP_SECONDARY)}
    marked = [el for el in regions if el.get("data-level")]
    assert {(el.get("data-muscle"), el.get("data-side")) for el in marked} == {
        (m, side) for m in HIP_PRIMARY + HIP_SECONDARY for side in "lr"
    }


def test_every_region_carries_its_muscle_id_as_class_and_unique_element_ids():
    regions = _regions(render_muscle_map(MUSCLES, [], [], Colours()).svg)
    assert {el.get("data-muscle") for el in regions} == set(MUSCLES)
    for el in regions:
        assert el.get("data-muscle") in el.get("class").split()
        assert el.get("id").startswith(el.get("data-muscle")) and el.get("id")[-2:] in ("-l", "-r")
    ids = [el.get("id") for el in regions]
    assert len(ids) == len(set(ids))
    assert "gluteus-medius-l" in ids and "gluteus-medius-r" in ids


def test_a_muscle_listed_as_both_levels_is_primary():
    mm = render_muscle_map(MUSCLES, ["soleus"], ["soleus", "biceps"], Colours())
    assert mm.levels == {"soleus": "primary", "biceps": "secondary"}


def test_levels_and_body_stay_apart_in_grey_even_for_pale_brand_colours():
    pale, loud = Colours(primary="#9fd8ff", accent="#ffe08a"), Colours(primary="#ff2d55", accent="#1f1f1f")
    for colours in (Colours(), pale, loud):
        styles = level_styles(colours)
        primary, secondary = grey(styles["primary"].fill), grey(styles["secondary"].fill)
        assert primary <= 0.45 and secondary >= 0.75 and grey(BODY_FILL) - secondary >= 0.1


def test_brand_colours_come_from_the_config():
    colours = Colours.from_brand(Brand(primary="#123456", accent="#654321"))
    mm = render_muscle_map(MUSCLES, ["biceps"], [], colours)
    assert "#123456" in mm.svg


def test_unknown_muscle_is_refused():
    with pytest.raises(ValueError, match="teres-major"):
        render_muscle_map(MUSCLES, ["teres-major"], [], Colours())


# --- Callouts and legend ---------------------------------------------------------------------------------------


def test_legend_numbers_match_callouts():
    mm = _hip_map()
    legend = [(e.number, e.muscle.id) for g in mm.legend for e in g.entries]
    callouts = [(c.number, c.muscle) for c in mm.callouts]
    assert sorted(legend) == sorted(callouts)
    assert [n for n, _ in sorted(legend)] == list(range(1, 8))
    root = ET.fromstring(mm.svg)
    drawn = {(int(g.get("data-number")), g.get("data-muscle")) for g in root.iter(f"{SVG}g") if g.get("data-number")}
    assert drawn == set(callouts)


def test_main_muscles_are_numbered_before_helpers():
    mm = _hip_map()
    assert [c.level for c in mm.callouts] == ["primary"] * 3 + ["secondary"] * 4


def test_hip_strength_labels_do_not_overlap_and_leaders_do_not_cross():
    _assert_clean_layout(_hip_map())


def test_every_muscle_at_once_lays_out_cleanly():
    ids = list(MUSCLES)
    _assert_clean_layout(render_muscle_map(MUSCLES, ids[::2], ids[1::2], Colours(), max_figure_height=380))


@pytest.mark.parametrize("seed", range(25))
def test_any_selection_lays_out_cleanly(seed):
    rng = random.Random(seed)
    chosen = rng.sample(list(MUSCLES), rng.randint(1, 16))
    cut = rng.randint(0, len(chosen))
    mm = render_muscle_map(
        MUSCLES, chosen[:cut], chosen[cut:], Colours(), max_figure_height=rng.choice([220, 300, 400]),
        crop=rng.random() < 0.5,
    )
    _assert_clean_layout(mm)
    assert {c.muscle for c in mm.callouts} == set(chosen)


def test_callouts_point_into_their_muscle():
    mm = _hip_map()
    for c in mm.callouts:
        box = mm.highlighted[(c.muscle, c.view, c.side)]
        x, y = c.leader[-1]
        assert box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1, c.muscle


def test_deep_muscles_are_dashed_and_called_deep():
    mm = _hip_map()
    for el in _regions(mm.svg):
        if el.get("data-muscle") == "gluteus-minimus":
            assert any(p.get("stroke-dasharray") for p in el.iter(f"{SVG}path"))
    assert {c.muscle for c in mm.callouts if c.deep} == {"gluteus-minimus", "hip-external-rotators"}


def test_text_in_the_svg_is_escaped():
    odd = MUSCLES["biceps"].model_copy(update={"plain_name": 'Arm <b>"&" stuff</b>'})
    mm = render_muscle_map({**MUSCLES, "biceps": odd}, ["biceps"], [], Colours())
    texts = "".join(t.text or "" for t in ET.fromstring(mm.svg).iter(f"{SVG}text"))
    assert "<b>" in texts and "&" in texts


def test_stack_keeps_order_bounds_and_gaps():
    tops = stack([10, 12, 11, 300], [20, 20, 20, 20], 4, 0, 200)
    assert tops == sorted(tops)
    assert all(b - a >= 24 - 1e-9 for a, b in zip(tops, tops[1:]))
    assert tops[0] >= 0 and tops[-1] + 20 <= 200


# --- The handout page ------------------------------------------------------------------------------------------


def _class(class_id: str):
    return CONTENT.get_class(class_id)


def _class_handout(class_id: str) -> MuscleMapHandout:
    return next(h for h in _class(class_id).handouts if h.type == "muscle-map")


def _render_page(tmp_path: Path, class_id: str, paper: str, content=CONTENT, handout=None) -> tuple[Path, dict]:
    """Render the class's muscle map (or `handout` in its place) through the product, without the other handouts.

    The map is moved to the front of the class (its highlights still follow the class's exercises), the pack's
    own HTML is cut into one document per handout as the preview cuts it, and the map's document is rendered
    by the pack's renderer.
    """
    cls = content.get_class(class_id)
    handout = handout or next(h for h in cls.handouts if h.type == "muscle-map")
    others = [h for h in cls.handouts if h.type != "muscle-map"]
    first = cls.model_copy(update={"handouts": [handout, *others]})
    content = dataclasses.replace(content, classes={**content.classes, class_id: first})
    edition = Edition(paper=paper)
    document = handout_documents(content, class_id, edition)[0]
    assert document.type == "muscle-map" and not document.lead_page
    # The pack's own renderer (tagged PDF/UA, sandboxed fetcher), which also reports WeasyPrint's complaints.
    rendered = render_pdf(document.html, content.root)
    assert rendered.warnings == []
    out = tmp_path / f"{class_id}-{paper}.pdf"
    out.write_bytes(rendered.data)
    return out, prepare(handout, content, first, edition=edition)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@needs_pdftotext
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_hip_strength_map_renders_every_trained_muscle_with_each_page_on_one_sheet(tmp_path, paper):
    pdf, view = _render_page(tmp_path, "hip-strength", paper)
    text = " ".join(_pdf_text(pdf).split())
    for mid in HIP_TRAINED_PRIMARY + HIP_TRAINED_SECONDARY:
        assert MUSCLES[mid].plain_name in text, mid
    assert _pdf_text(pdf).count("\f") == len(view["pages"]) <= 2


@needs_pdftotext
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_running_muscles_pages_each_fit_one_sheet(tmp_path, paper):
    pdf, view = _render_page(tmp_path, "running-muscles", paper)
    raw = _pdf_text(pdf)
    text = " ".join(raw.split())
    for muscle in MUSCLES.values():
        assert muscle.plain_name in text, muscle.id
    # Up to four map pages by region (33 muscles), then the knee close-up.
    assert raw.count("\f") == len(view["pages"]) <= 5
    assert view["pages"][-1]["subtitle"] == "Close-up: knee"


def test_grouped_pages_split_by_region_and_number_each_page_from_one():
    view = prepare(_class_handout("running-muscles"), CONTENT, _class("running-muscles"))
    seen: list[str] = []
    for page in view["pages"]:
        groups = [g for column in page["columns"] for g in column]
        numbers = [e.number for g in groups for e in g.entries]
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        titles = list(dict.fromkeys(g.title for g in groups))
        assert all(t not in seen for t in titles)
        seen += titles
    assert seen == [
        "Upper body", "Core", "Hips", "Front of thigh (quadriceps)", "Back of thigh (hamstrings)", "Thighs", "Calf",
        "Lower legs and feet",
    ]


def test_page_ids_stay_unique_across_pages():
    view = prepare(_class_handout("running-muscles"), CONTENT, _class("running-muscles"))
    ids = [el.get("id") for page in view["pages"] for el in ET.fromstring(str(page["svg"])).iter() if el.get("id")]
    assert len(ids) == len(set(ids))


def test_a_class_can_word_the_legend_line_for_its_topic():
    handout = MuscleMapHandout(
        type="muscle-map", primary=["gluteus-medius"], notes={"gluteus-medius": "Holds your pelvis level."}
    )
    view = prepare(handout, CONTENT, _class("running-muscles"))
    entries = [e for column in view["pages"][0]["columns"] for g in column for e in g.entries]
    assert [e.note for e in entries] == ["Holds your pelvis level."]


def test_a_map_with_nothing_marked_still_draws_both_figures():
    view = prepare(MuscleMapHandout(type="muscle-map", primary=[], secondary=[]), CONTENT, _class("running-muscles"))
    assert len(view["pages"]) == 1
    root = ET.fromstring(str(view["pages"][0]["svg"]))
    assert {g.get("class") for g in root.iter(f"{SVG}g") if "figure" in g.get("class", "")} == {
        "figure front", "figure back"
    }


def test_an_ungrouped_map_too_long_for_one_page_is_split_evenly():
    ids = list(MUSCLES)
    view = prepare(
        MuscleMapHandout(type="muscle-map", primary=ids, secondary=[]), CONTENT, _class("running-muscles")
    )
    sizes = [sum(len(g.entries) for column in page["columns"] for g in column) for page in view["pages"]]
    assert len(sizes) > 1 and sum(sizes) == len(ids) and max(sizes) - min(sizes) <= 1


def test_labels_too_many_for_a_small_figure_grow_the_map_instead_of_falling_off_it():
    mm = render_muscle_map(MUSCLES, list(MUSCLES), [], Colours(), max_figure_height=120)
    assert max(c.box.y1 for c in mm.callouts) <= mm.height
    _assert_clean_layout(mm)


# --- Depth: every highlighted muscle can be seen, or is called deep --------------------------------------------


def _inside(point, path) -> bool:
    """Even-odd point-in-outline test on the sampled path (page units)."""
    x, y = point
    hit = False
    for poly in path.sample(8):
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
    return hit


def _covered(point, region, placement, body) -> bool:
    """True when a filled shape drawn after `region` (not a deep muscle) covers `point`."""
    shapes = body.atlas_view(region.view).shapes
    after = [s for s in shapes[[s.id for s in shapes].index(region.id) + 1 :]]
    deep = {r.id for r in body.atlas_view(region.view).regions if r.deep}
    return any(
        _inside(point, placement.path(s.path))
        for s in after
        if s.role in ("outline", "underlay", "region") and s.id not in deep
    )


def _assert_every_callout_can_be_seen(mm, body=BODY) -> None:
    for c in mm.callouts:
        placement = mm.placements[c.view]
        end = c.leader[-1]
        region = next(
            r for r in body.atlas_view(c.view).regions
            if r.muscle == c.muscle and _inside(end, placement.path(r.path))
        )
        if c.deep:
            assert "deep" not in c.lines and c.deep, c.muscle  # the "deep" tag is its own line under the name
        else:
            assert c.visible_mm2 >= MIN_VISIBLE_MM2, (c.muscle, c.visible_mm2)
            assert not _covered(end, region, placement, body), c.muscle


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("class_id", ["hip-strength", "running-muscles"])
def test_every_highlighted_muscle_shows_40_mm2_or_is_called_deep_and_pointed_inside(class_id, large_print):

    view = prepare(_class_handout(class_id), CONTENT, _class(class_id), edition=Edition(large_print=large_print))
    for page in view["pages"]:
        _assert_every_callout_can_be_seen(page["map"])


def test_the_soleus_is_no_longer_hidden_under_the_gastrocnemius():
    mm = render_muscle_map(MUSCLES, ["soleus", "gastrocnemius"], [], Colours())
    soleus = next(c for c in mm.callouts if c.muscle == "soleus")
    assert not soleus.deep and soleus.visible_mm2 >= MIN_VISIBLE_MM2
    _assert_every_callout_can_be_seen(mm)


def test_deep_muscles_are_dashed_outlines_with_no_fill():
    mm = render_muscle_map(MUSCLES, ["popliteus", "gluteus-minimus"], ["tibialis-posterior"], Colours())
    deep = [el for el in _regions(mm.svg) if "deep" in el.get("class").split() and el.get("data-level")]
    assert {el.get("data-muscle") for el in deep} == {"popliteus", "gluteus-minimus", "tibialis-posterior"}
    for el in deep:
        assert el.get("fill") == "none" and el.get("stroke-dasharray"), el.get("id")


def _contrast(a: str, b: str = "#ffffff") -> float:
    def lum(h: str) -> float:
        channels = [int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_deep_tags_and_view_captions_reach_4_5_to_1():
    mm = _hip_map()
    root = ET.fromstring(mm.svg)
    greys = {t.get("fill") for t in root.iter(f"{SVG}text") if (t.text or "") in ("deep", "FRONT", "BACK")}
    assert greys == {CAPTION}
    assert _contrast(CAPTION) >= 4.5


# --- The hip-strength map follows its exercises ----------------------------------------------------------------


def test_the_hip_strength_map_marks_what_its_exercises_train():
    from handouts.content.map_selection import map_muscles

    primary, secondary = map_muscles(_class_handout("hip-strength"), _class("hip-strength"), CONTENT.exercises)
    assert set(primary) == set(HIP_TRAINED_PRIMARY) and set(secondary) == set(HIP_TRAINED_SECONDARY)
    assert "hamstrings" in primary
    assert not {"hip-adductors", "rectus-abdominis"} & set(primary + secondary)


def test_a_class_that_lists_its_own_map_muscles_is_warned(runner, make_project):
    root = make_project()
    path = root / "data" / "classes" / "hip-strength.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    notes:\n", "    secondary: [hip-adductors]\n    notes:\n", 1), encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert re.search(
        r"data/classes/hip-strength.yaml:\d+: handouts\[\d+\]\.secondary: overrides the secondary muscles of the "
        r"pack's exercises \(not trained as secondary: hip-adductors", result.output
    ), result.output
    assert runner.invoke(app, ["check", "--strict", "--project", str(root)]).exit_code == 1


# --- Checks follow use -----------------------------------------------------------------------------------------


HOSTILE = ["atlas-external-entity", "atlas-billion-laughs", "atlas-external-href", "atlas-not-well-formed",
           "atlas-duplicate-id"]


@pytest.mark.parametrize("scenario", HOSTILE)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_hostile_or_broken_atlas_fails_with_one_line(runner, make_project, tmp_path, scenario, command):
    root = make_project(scenario)
    args = [command, "--project", str(root)] + (["--class", "running-muscles", "--out", str(tmp_path / "out")]
                                               if command == "build" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    expected = (FIXTURES / scenario / "expected.txt").read_text(encoding="utf-8").strip()
    problems = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert problems == [f"error: {expected}"], result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def _drop_muscle(root: Path, muscle: str) -> None:
    """Take `muscle` out of a copied project's data and class files (and, for popliteus, its shapes)."""
    data = root / "data" / "muscles.yaml"
    text = data.read_text(encoding="utf-8")
    text = re.sub(rf"\n  - id: {muscle}\n(    .*\n|\n(?=    ))*", "\n", text)
    data.write_text(text, encoding="utf-8")
    for path in (root / "data" / "classes").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(f"      - {muscle}\n", ""), encoding="utf-8")


def test_a_muscle_a_class_maps_without_a_shape_is_an_error_at_the_class_line(runner, make_project):
    root = make_project()
    back = root / "assets" / "body" / "back.svg"
    back.write_text(re.sub(r'  <path id="popliteus--[^\n]*\n', "", back.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert re.search(
        r"error: data/classes/running-muscles.yaml:\d+: handouts\[1\]\.secondary\[\d+\]: muscle 'popliteus' has no "
        r"shape in assets/body/back.svg", result.output
    ), result.output


def test_check_reads_the_atlas_without_the_drawing_code():
    code = (
        "import sys; from handouts.content.project import find_project; from handouts.content.load import load_content;"
        f"load_content(find_project(__import__('pathlib').Path({str(ROOT)!r})));"
        "bad = [m for m in ('weasyprint', 'svgelements', 'handouts.drawing.musclemap.render',"
        " 'handouts.drawing.musclemap.svg')"
        " if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_removing_an_unused_muscle_checks_and_builds(runner, make_project, tmp_path):
    root = make_project("atlas-remove-biceps")
    _drop_muscle(root, "biceps")
    result = runner.invoke(app, ["check", "--project", str(root)])
    assert result.exit_code == 0, result.output
    expected = (FIXTURES / "atlas-remove-biceps" / "expected.txt").read_text(encoding="utf-8").strip()
    assert f"warning: {expected}" in result.output
    built = runner.invoke(app, ["build", "--project", str(root), "--class", "running-muscles", "--out",
                                str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "running-muscles" / "running-muscles.pdf").is_file()


def test_the_old_field_name_still_loads_with_a_deprecation_warning():
    from handouts.content.models import Muscle

    entry = {"id": "x", "name": "X", "plain_name": "X", "region": "core", "group": "G", "actions": ["a"],
             "views": ["front"], "in_running": "It helps you run."}
    with pytest.warns(DeprecationWarning, match="in_action"):
        muscle = Muscle(**entry)
    assert muscle.in_action == "It helps you run." and muscle.in_running == "It helps you run."


# --- A clinic adds a muscle ------------------------------------------------------------------------------------


needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")


@needs_pdftoppm
def test_a_new_muscle_from_one_svg_path_and_one_data_entry_builds_is_listed_and_drawn(runner, make_project, tmp_path):
    import pdfplumber
    from PIL import Image
    from svgelements import Path as SvgPath

    root = make_project("atlas-new-muscle")
    _drop_muscle(root, "popliteus")
    back = root / "assets" / "body" / "back.svg"
    back.write_text(re.sub(r'  <path id="popliteus--[^\n]*\n', "", back.read_text(encoding="utf-8")), encoding="utf-8")
    before = runner.invoke(app, ["check", "--project", str(root)])
    assert before.exit_code == 1 and "unknown muscle 'popliteus'" in before.output, before.output
    additions = FIXTURES / "atlas-new-muscle" / "additions"
    svg = back.read_text(encoding="utf-8")
    back.write_text(svg.replace("</svg>", (additions / "back.svg.part").read_text(encoding="utf-8") + "</svg>"),
                    encoding="utf-8")
    data = root / "data" / "muscles.yaml"
    data.write_text(data.read_text(encoding="utf-8") + (additions / "muscles.yaml.part").read_text(encoding="utf-8"),
                    encoding="utf-8")
    check = runner.invoke(app, ["check", "--project", str(root)])
    assert check.exit_code == 0, check.output

    content = load_content(find_project(root))
    pdf, view = _render_page(tmp_path, "knee-clinic", "letter", content=content)
    text = _pdf_text(pdf)
    assert "Back of the knee" in text and "Popliteus" in text  # the legend lists it

    # Where the new path sits on the page: its outline in the map's SVG, placed by the FRONT/BACK captions.
    map_svg = ET.fromstring(str(view["pages"][0]["svg"]))
    region = next(el for el in map_svg.iter(f"{SVG}path") if el.get("data-muscle") == "popliteus")
    box = SvgPath(region.get("d")).bbox()
    # A point well inside the outline, clear of the callout's leader dot at the region's middle.
    inside = ((box[0] + box[2]) / 2, box[1] + 0.22 * (box[3] - box[1]))
    captions = {t.text: (float(t.get("x")), float(t.get("y"))) for t in map_svg.iter(f"{SVG}text")
                if t.text in ("FRONT", "BACK")}
    with pdfplumber.open(pdf) as doc:
        words = {w["text"]: w for w in doc.pages[0].extract_words() if w["text"] in ("FRONT", "BACK")}
    k = ((words["BACK"]["x0"] + words["BACK"]["x1"]) - (words["FRONT"]["x0"] + words["FRONT"]["x1"])) / 2 / (
        captions["BACK"][0] - captions["FRONT"][0])
    x0 = (words["BACK"]["x0"] + words["BACK"]["x1"]) / 2 - captions["BACK"][0] * k
    # The caption's baseline: pdfplumber's word bottom is the font's descent (0.27 em) below it.
    y0 = words["BACK"]["bottom"] - 0.27 * 9 * k - captions["BACK"][1] * k
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("RGB")
    px, py = (x0 + inside[0] * k) * 150 / 72, (y0 + inside[1] * k) * 150 / 72
    primary = level_styles(Colours.from_brand(content.config.brand))["primary"].fill
    want = tuple(int(primary[i : i + 2], 16) for i in (1, 3, 5))
    # The hatch lines over the fill are white, so look for the fill itself among the pixels right around the point.
    near = [image.getpixel((round(px) + dx, round(py) + dy)) for dx in range(-2, 3) for dy in range(-2, 3)]
    image.crop((round(px) - 40, round(py) - 40, round(px) + 40, round(py) + 40)).save(tmp_path / "near.png")
    assert any(sum(abs(a - b) for a, b in zip(p, want)) <= 24 for p in near), (near, want, tmp_path)


# --- Close-ups -------------------------------------------------------------------------------------------------


QUADRICEPS = ["rectus-femoris", "vastus-lateralis", "vastus-medialis", "vastus-intermedius"]


@needs_pdftotext
def test_the_knee_close_up_renders_big_enough_to_tell_the_quadriceps_heads_apart(tmp_path):
    handout = MuscleMapHandout(type="muscle-map", primary=QUADRICEPS, secondary=["hamstrings", "popliteus"],
                               whole_body=False, close_ups=["knee"])
    pdf, view = _render_page(tmp_path, "running-muscles", "letter", handout=handout)
    assert len(view["pages"]) == 1 and view["pages"][0]["subtitle"] == "Close-up: knee"
    mm = view["pages"][0]["map"]
    assert {c.muscle for c in mm.callouts} == set(QUADRICEPS) | {"hamstrings", "popliteus"}
    _assert_every_callout_can_be_seen(mm)
    for c in mm.callouts:
        if c.muscle in QUADRICEPS and not c.deep:
            # Each head a clear patch of its own: several times the least visible area.
            assert c.visible_mm2 >= 3 * MIN_VISIBLE_MM2, (c.muscle, c.visible_mm2)
    _assert_clean_layout(mm)
    text = " ".join(_pdf_text(pdf).split())
    for mid in QUADRICEPS:
        assert " ".join(MUSCLES[mid].plain_name.split()) in text or MUSCLES[mid].plain_name.split()[-1] in text


def test_an_unknown_close_up_is_an_error_naming_the_ones_there_are(runner, make_project):
    root = make_project()
    path = root / "data" / "classes" / "running-muscles.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("close_ups: [knee]", "close_ups: [elbow]"),
                    encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert "the body atlas has no close-up 'elbow' (it has: hips, knee)" in result.output


# --- The index sheet -------------------------------------------------------------------------------------------


@needs_pdftotext
def test_the_atlas_index_sheet_labels_every_shape_of_both_views(runner, tmp_path):
    out = tmp_path / "atlas.pdf"
    result = runner.invoke(app, ["atlas", "--project", str(ROOT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = _pdf_text(out)
    assert text.count("\f") == 2
    words = set(text.split())
    for view in VIEWS:
        for shape in load_atlas(ROOT, view).shapes:
            assert shape.id in words, (view, shape.id)
    assert "crop--knee" in words
