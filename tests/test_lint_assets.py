"""`handouts check` finds template, stylesheet and asset problems; a build refuses them with one line naming
the file."""

import random
from pathlib import Path

import pytest

from handouts.cli import app
from handouts.content.checks.assets import MAX_IMAGE_BYTES

FIXTURES = Path(__file__).parent / "fixtures"
ASSET_CASES = [
    "css-url-outside-project",
    "svg-external-href",
    "svg-external-entity",
    "svg-billion-laughs",
    "svg-not-well-formed",
    "image-too-many-pixels",
    "image-file-too-large",
]


def project_for(make_project, scenario: str) -> Path:
    project = make_project(scenario)
    if scenario == "image-file-too-large":
        # Random pixels do not compress: a 2000×2000 RGB PNG is about 11.5 MB, just over the limit.
        from PIL import Image

        rng = random.Random(7)
        Image.frombytes("RGB", (2000, 2000), rng.randbytes(2000 * 2000 * 3)).save(project / "assets/huge-logo.png")
        assert (project / "assets/huge-logo.png").stat().st_size > MAX_IMAGE_BYTES
    return project


def expected(scenario: str) -> list[str]:
    return (FIXTURES / scenario / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("scenario", ASSET_CASES)
def test_check_reports_the_file_and_line(runner, make_project, scenario):
    result = runner.invoke(app, ["check", "--project", str(project_for(make_project, scenario))])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for line in expected(scenario):
        assert f"error: {line}" in result.output


@pytest.mark.parametrize("scenario", ASSET_CASES)
def test_build_refuses_with_one_line(runner, make_project, tmp_path, scenario):
    out = tmp_path / "out"
    project = project_for(make_project, scenario)
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    for line in expected(scenario):
        assert line in lines[0]
    assert not list(out.rglob("*.pdf"))


@pytest.mark.parametrize("scenario", ["template-syntax-error", "template-unsafe-attribute"])
def test_check_parses_every_template(runner, make_project, scenario):
    result = runner.invoke(app, ["check", "--project", str(make_project(scenario))])
    if scenario == "template-syntax-error":
        assert result.exit_code == 1
        assert f"error: {expected(scenario)[0]}" in result.output
    else:
        # Parsing cannot see what a template will reach for at render time; the build refuses it (see above).
        assert result.exit_code == 0, result.output


def test_the_shipped_project_checks_clean(runner, make_project):
    result = runner.invoke(app, ["check", "--project", str(make_project())])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output


def test_check_warns_about_an_image_larger_than_print_needs(runner, make_project):
    from PIL import Image

    project = make_project()
    Image.new("RGB", (4000, 3000), (29, 91, 121)).save(project / "assets/photo.png")
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "warning: assets/photo.png: image is 4000×3000 pixels, more than a full page needs" in result.output
    strict = runner.invoke(app, ["check", "--strict", "--project", str(project)])
    assert strict.exit_code == 1


@pytest.mark.parametrize("scenario, where", [
    ("escape-file-url", "templates/handouts/references.html:1: src: "),
    ("escape-cloud-metadata", "templates/handouts/references.html:1: src: blocked '"),
    ("escape-css-import", "templates/handouts/references.html:1: url(): "),
])
def test_check_and_build_name_the_template_of_a_literal_escape(runner, make_project, tmp_path, scenario, where):
    project = make_project(scenario)
    check = runner.invoke(app, ["check", "--project", str(project)])
    build = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(tmp_path / "o")])
    for result in (check, build):
        assert result.exit_code == 1, result.output
        assert f"error: {where}{expected(scenario)[0]}" in result.output


def test_check_lists_asset_problems_alongside_content_problems(runner, make_project):
    project = make_project("svg-not-well-formed")
    classes = project / "data/classes/minimal.yaml"
    classes.write_text(classes.read_text(encoding="utf-8").replace("date: 2026-12-01", "date: soon"), encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert result.exit_code == 1
    assert "error: data/classes/minimal.yaml:2" in result.output
    assert f"error: {expected('svg-not-well-formed')[0]}" in result.output
