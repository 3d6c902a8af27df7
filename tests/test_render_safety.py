"""Hostile or broken templates fail the build with one line naming the template and line, never a traceback."""

from pathlib import Path

import pytest

from handouts.cli import app
from handouts.rendering import templating

FIXTURES = Path(__file__).parent / "fixtures"
TEMPLATE_CASES = [
    "template-range-too-big",
    "template-recursive-macro",
    "template-endless-loop",
    "template-syntax-error",
    "template-unsafe-attribute",
]


def assert_one_line_failure(result, scenario: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    for expected in (FIXTURES / scenario / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert expected in lines[0]


@pytest.mark.parametrize("scenario", TEMPLATE_CASES)
def test_bad_templates_fail_the_build_with_one_line(runner, make_project, tmp_path, monkeypatch, scenario):
    # The real limit is 15 s; a short one keeps the endless-loop case quick without changing what is checked.
    monkeypatch.setattr(templating, "RENDER_SECONDS", 1.0)
    out = tmp_path / "out"
    project = make_project(scenario)
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert_one_line_failure(result, scenario)
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.part"))


def test_a_render_that_fails_restores_the_recursion_limit(runner, make_project, tmp_path):
    import sys

    before = sys.getrecursionlimit()
    runner.invoke(app, ["build", "--class", "minimal", "--project", str(make_project("template-recursive-macro")),
                        "--out", str(tmp_path / "out")])
    assert sys.getrecursionlimit() == before
