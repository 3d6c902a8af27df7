"""Templates and content can read nothing outside the project and fetch nothing from the network."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
ESCAPES = ["escape-file-url", "escape-cloud-metadata", "escape-css-import", "escape-attachment"]


@pytest.mark.parametrize("scenario", ESCAPES)
def test_escape_attempts_fail_the_build_cleanly(runner, make_project, tmp_path, scenario):
    out = tmp_path / "out"
    project = make_project(scenario)
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for line in (FIXTURES / scenario / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line in result.output
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.part"))


def test_html_in_content_is_escaped_not_fetched(runner, make_project, tmp_path):
    out = tmp_path / "out"
    project = make_project("html-in-content")
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out / "minimal" / "minimal.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert '<img src="file:///etc/passwd"> Injected title' in text
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))


def test_templates_cannot_be_loaded_from_outside_the_project(runner, make_project, tmp_path):
    project = make_project("minimal-class")
    (project / "templates/handouts/references.html").write_text('{% include "../../../etc/passwd" %}', encoding="utf-8")
    out = tmp_path / "o"
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert result.exit_code == 1
    assert "templates/handouts/references.html:1: template '../../../etc/passwd' not found" in result.output
    assert "root:" not in result.output


def test_templates_cannot_reach_python_internals(runner, make_project, tmp_path):
    project = make_project("minimal-class")
    (project / "templates/handouts/references.html").write_text(
        "{{ cls.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    out = tmp_path / "o"
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert result.exit_code == 1
    assert "templates/handouts/references.html:1: access to attribute '__class__'" in result.output
    assert "unsafe" in result.output
