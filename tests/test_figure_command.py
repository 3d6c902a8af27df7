"""`handouts figure EXERCISE`: one exercise's figures as an SVG or PNG file, for authoring poses."""

import struct
import xml.etree.ElementTree as ET

from ruamel.yaml import YAML

from handouts.authoring.figure import exercise_figure, standalone_svg, svg_to_png
from handouts.cli import app
from handouts.content.load import load_content
from handouts.content.project import find_project

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_file_holds_the_drawing_and_its_captions(runner, tmp_path):
    out = tmp_path / "clamshell.svg"
    result = runner.invoke(app, ["figure", "clamshell", "--out", str(out)])
    assert result.exit_code == 0, result.output
    # Rich wraps a long path at the console width when stdout is not a terminal; the path is there, in pieces.
    assert str(out) in result.output.replace("\n", "")
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.tag == f"{SVG}svg" and root.get("width").endswith("mm")
    drawing = root.find(f"{SVG}svg")
    assert drawing.get("aria-label").startswith("Clamshell. From above:")
    # A caption too wide for the label column is broken into lines, as the page's HTML wraps it.
    assert [" ".join(t.itertext()) for t in root.findall(f"{SVG}text")] == ["From above", "Start", "Finish"]
    # The clinic's brand colour draws the motion arrow, as on the printed card.
    assert 'stroke="#b5522f"' in out.read_text(encoding="utf-8")


def test_png_is_a_real_image_at_the_figure_size(runner, tmp_path):
    out = tmp_path / "hike.png"
    result = runner.invoke(app, ["figure", "standing-hip-hike", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    # The figure's size as the product lays it out, not parsed from the command's output.
    figure = exercise_figure(load_content(find_project()), "standing-hip-hike")
    assert f"{figure.width_mm:g} x {figure.height_mm:g} mm" in result.output
    # 150 dpi: millimetres / 25.4 * 150 pixels, give or take rounding.
    assert abs(width - figure.width_mm / 25.4 * 150) <= 2 and abs(height - figure.height_mm / 25.4 * 150) <= 2


def test_without_out_the_svg_goes_to_stdout(runner):
    result = runner.invoke(app, ["figure", "lateral-band-walk"])
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert [" ".join(t.itertext()) for t in root.findall(f"{SVG}text")] == ["Set up", "Start", "Finish"]


def test_unknown_exercise_is_one_line_naming_the_known_ones(runner, tmp_path):
    result = runner.invoke(app, ["figure", "clamshel", "--out", str(tmp_path / "x.svg")])
    assert result.exit_code == 1
    lines = [line for line in result.output.strip().splitlines() if not line.startswith("note: ")]
    assert lines == [lines[0]] and "no exercise with id 'clamshel'" in lines[0] and "clamshell" in lines[0]
    assert "Traceback" not in result.output and not (tmp_path / "x.svg").exists()


def test_wrong_suffix_or_missing_folder_writes_nothing(runner, tmp_path):
    result = runner.invoke(app, ["figure", "clamshell", "--out", str(tmp_path / "x.gif")])
    assert result.exit_code == 1 and "must end in .svg or .png" in result.output
    result = runner.invoke(app, ["figure", "clamshell", "--out", str(tmp_path / "nope" / "x.svg")])
    assert result.exit_code == 1 and "does not exist" in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_exercise_with_an_image_has_no_figure_to_draw(runner, make_project, tmp_path):
    project = make_project()
    # The card shows a photo instead of pose data.
    path = project / "data" / "exercises.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    clamshell = next(e for e in data["exercises"] if e["id"] == "clamshell")
    del clamshell["figure"]
    clamshell.update(image="assets/clamshell.png", image_alt="A person doing a clamshell.")
    blank = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    (project / "assets" / "clamshell.png").write_bytes(svg_to_png(blank))
    YAML(typ="safe").dump(data, path)
    result = runner.invoke(app, ["figure", "clamshell", "--project", str(project), "--out", str(tmp_path / "c.svg")])
    assert result.exit_code == 1
    assert "clamshell: has an image, not a figure" in result.output


def test_library_function_draws_in_the_projects_brand(make_project):
    content = load_content(find_project(make_project()))
    svg = standalone_svg(exercise_figure(content, "hip-airplane"))
    assert content.config.brand.accent in svg and "Hip airplane" in svg
