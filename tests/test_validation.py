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


def test_shipped_content_is_clean_but_for_its_fictional_links(runner, make_project):
    # The shipped clinic is fictional and says so (`example = true`): `check --strict` passes and counts its
    # .example addresses in one note. Without that line, --strict fails on exactly those addresses.
    strict = runner.invoke(app, ["check", "--strict"])
    assert strict.exit_code == 0, strict.output
    assert "ok: " in strict.output and "0 warnings" in strict.output
    note = "note: handouts.toml says this is an example (example = true), so its 13 fictional addresses"
    assert note in strict.output
    project = make_project()
    config = project / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nexample = true\n", "\n"), encoding="utf-8")
    strict = runner.invoke(app, ["check", "--strict", "--project", str(project)])
    assert strict.exit_code == 1
    problems = [line for line in strict.output.splitlines() if line.startswith("error: ")]
    assert len(problems) == 13
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
