"""Bad input from a new user: one clear line per problem, the root cause first, exit 1, nothing written."""

import re
from pathlib import Path

import pytest

from handouts.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
# Each scenario's expected.txt lists the lines that must come first, in this order.
BROKEN = [
    "impossible-date",
    "date-without-dashes",
    "references-not-utf8",
    "exercises-wrong-shape",
    "invalid-checklist-entry",
    "toml-syntax-error",
    "toml-missing-key",
    "brackets-in-messages",
    "text-too-long",
    "title-too-long",
    "class-over-exercise-limit",
]
# What may follow the root causes: one summary line per file that used ids from the file that failed.
KNOCK_ON = re.compile(r"^error: \S+:\d+: \d+ uses? of \w+ from \S+, which failed to load \(.+\)$")
SUMMARY = re.compile(r"^\d+ problem\(s\) found; nothing was written\.$")


def quiet_lines(output: str) -> list[str]:
    """The output without the shipped example's notes and warnings (its fictional addresses), which every run has."""
    return [line for line in output.splitlines() if not line.startswith(("warning: ", "note: "))]


def expected_lines(scenario: str) -> list[str]:
    return (FIXTURES / scenario / "expected.txt").read_text(encoding="utf-8").splitlines()


def assert_clean_failure(output: str, scenario: str) -> None:
    """Every line is one error or the closing count; the scenario's own lines lead; the rest are knock-ons."""
    assert "Traceback" not in output
    # The shipped example's own warnings (its fictional web addresses) are not part of the scenario.
    lines = quiet_lines(output)
    assert SUMMARY.match(lines[-1]), lines[-1]
    errors = lines[:-1]
    expected = [f"error: {line}" for line in expected_lines(scenario)]
    assert errors[: len(expected)] == expected
    for line in errors[len(expected):]:
        assert KNOCK_ON.match(line), f"not a root cause listed in expected.txt, nor a knock-on summary: {line}"


@pytest.mark.parametrize("scenario", BROKEN)
def test_check_prints_one_line_per_problem_root_cause_first(runner, make_project, scenario):
    result = runner.invoke(app, ["check", "--project", str(make_project(scenario))])
    assert result.exit_code == 1
    assert_clean_failure(result.output, scenario)


@pytest.mark.parametrize("scenario", BROKEN)
def test_build_stops_the_same_way_and_writes_nothing(runner, make_project, tmp_path, scenario):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--all", "--project", str(make_project(scenario)), "--out", str(out)])
    assert result.exit_code == 1
    assert_clean_failure(result.output, scenario)
    assert not out.exists()


def test_a_failing_file_hides_no_typo_elsewhere(runner, make_project):
    # Only ids the failed entries held are knock-ons; a misspelt id is still named, with its near miss.
    project = make_project("invalid-checklist-entry")
    cls = project / "data/classes/minimal.yaml"
    cls.write_text(cls.read_text(encoding="utf-8") + "  - type: exercises\n    exercises: [clamshel]\n", "utf-8")
    result = runner.invoke(app, ["check", "--project", str(project)])
    typo = "error: data/classes/minimal.yaml:13: handouts[3].exercises[0]: unknown exercise 'clamshel' "
    assert f"{typo}(did you mean 'clamshell'?)" in result.output
    assert "2 uses of checklists from data/checklists/home-safety.yaml" in result.output


def test_an_invalid_exercise_entry_comes_before_one_line_per_class_using_it(runner, make_project):
    project = make_project()
    exercises = project / "data/exercises.yaml"
    text = exercises.read_text(encoding="utf-8")
    # Break the clamshell entry only: its `easier:` key goes, so the entry no longer loads.
    start = text.index("- id: clamshell")
    easier = text.index("    easier:", start)
    end = text.index("\n", easier) + 1
    exercises.write_text(text[:easier] + text[end:], encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert result.exit_code == 1
    errors = quiet_lines(result.output)[:-1]
    assert re.match(r"^error: data/exercises\.yaml:\d+: exercises\[\d+\]\.easier: missing required key$", errors[0])
    assert len(errors) > 1
    for line in errors[1:]:
        assert KNOCK_ON.match(line) and "(clamshell)" in line, line
    assert "unknown exercise" not in result.output


def test_toml_with_a_byte_order_mark_loads(runner, make_project):
    project = make_project("toml-bom")
    assert (project / "handouts.toml").read_bytes().startswith(b"\xef\xbb\xbf")
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "error" not in result.output
    assert "\n".join(quiet_lines(result.output)).startswith(expected_lines("toml-bom")[0])


@pytest.mark.parametrize("command", [["build", "--class", "hip-strength"], ["email", "--class", "hip-strength"]])
def test_out_naming_a_file_fails_before_anything_is_rendered(runner, make_project, monkeypatch, command):
    import handouts.rendering.pdf

    def never(*args, **kwargs):
        raise AssertionError("rendered although --out names a file")

    monkeypatch.setattr(handouts.rendering.pdf, "render_pdf", never)
    project = make_project("out-is-a-file")
    out = project / "not-a-folder.pdf"
    roster = project / "roster.csv"
    roster.write_text("name,email\nAda Lovelace,ada@example.org\n", encoding="utf-8")
    extra = ["--roster", str(roster)] if command[0] == "email" else []
    result = runner.invoke(app, [*command, *extra, "--project", str(project), "--out", str(out)])
    assert result.exit_code == 1
    expected = expected_lines("out-is-a-file")[0].replace("OUT", str(out))
    assert quiet_lines(result.output) == [f"error: {expected}"]
    assert out.read_bytes().startswith(b"%PDF-1.7 a file the user already has")


def test_out_inside_a_file_fails_with_one_line(runner, make_project):
    project = make_project("out-is-a-file")
    out = project / "not-a-folder.pdf" / "packs"
    result = runner.invoke(app, ["build", "--class", "hip-strength", "--project", str(project), "--out", str(out)])
    assert result.exit_code == 1
    assert quiet_lines(result.output) == [f"error: {out}: cannot make this output folder: {out.parent} is a file"]


def test_brackets_in_an_error_are_printed_as_written(runner, tmp_path):
    # Rich would read '[red]' as a colour and drop it: 'clam[red]shell' would print as 'clamshell'.
    result = runner.invoke(app, ["build", "--class", "clam[red]shell", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "\n".join(quiet_lines(result.output)).startswith("error: unknown class 'clam[red]shell';")


def test_brackets_in_content_are_printed_as_written_by_list(runner, make_project):
    project = make_project("minimal-class")
    cls = project / "data/classes/minimal.yaml"
    text = cls.read_text(encoding="utf-8")
    cls.write_text(re.sub(r"^title: .*$", "title: Hips [bold]and[/bold] knees", text, count=1, flags=re.M), "utf-8")
    result = runner.invoke(app, ["list", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "Hips [bold]and[/bold] knees" in result.output

