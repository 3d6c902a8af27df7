"""`handouts check` on broken content: every problem as one `path:line: place: message` line, exit 1, no traceback."""

from pathlib import Path

import pytest

from handouts.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = [
    "bad-yaml",
    "schema-error",
    "unknown-muscle",
    "unknown-reference",
    "unknown-exercise",
    "class-id-mismatch",
    "missing-asset",
    "asset-path-escape",
    "low-contrast-brand",
]


def expected_lines(scenario: str) -> list[str]:
    return (FIXTURES / scenario / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_shipped_content_is_clean_but_for_its_fictional_links(runner):
    # The shipped clinic is fictional: its contact details and videos are on the reserved .example domain,
    # and `check` says so, so --strict fails on exactly those and nothing else.
    relaxed = runner.invoke(app, ["check"])
    assert relaxed.exit_code == 0, relaxed.output
    assert "ok: " in relaxed.output
    strict = runner.invoke(app, ["check", "--strict"])
    assert strict.exit_code == 1
    problems = [line for line in strict.output.splitlines() if line.startswith("error: ")]
    assert problems
    assert all("reserved example domain 'riversidephysio.example'" in line for line in problems), problems


@pytest.mark.parametrize("scenario", BROKEN)
def test_broken_content_is_reported_at_its_line(runner, make_project, scenario):
    result = runner.invoke(app, ["check", "--project", str(make_project(scenario))])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for line in expected_lines(scenario):
        assert f"error: {line}" in result.output
    assert "nothing was written" in result.output


@pytest.mark.parametrize("scenario", BROKEN)
def test_broken_content_builds_nothing(runner, make_project, tmp_path, scenario):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--all", "--project", str(make_project(scenario)), "--out", str(out)])
    assert result.exit_code == 1
    assert not out.exists()


def test_all_problems_are_collected_before_stopping(runner, make_project):
    project = make_project("unknown-muscle")
    (project / "data/classes/second.yaml").write_text(
        (FIXTURES / "unknown-reference/data/classes/minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert "unknown muscle 'gluteus-medus'" in result.output
    assert "data/classes/second.yaml:10:" in result.output
    assert "2 problem(s) found" in result.output


@pytest.mark.parametrize("scenario", ["unknown-key", "too-many-exercises"])
def test_warnings_pass_and_fail_only_when_strict(runner, make_project, scenario):
    project = str(make_project(scenario))
    relaxed = runner.invoke(app, ["check", "--project", project])
    assert relaxed.exit_code == 0
    for line in expected_lines(scenario):
        assert f"warning: {line}" in relaxed.output
    strict = runner.invoke(app, ["check", "--strict", "--project", project])
    assert strict.exit_code == 1
    for line in expected_lines(scenario):
        assert f"error: {line}" in strict.output
