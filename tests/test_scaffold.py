"""`handouts init`: a new project that checks and builds at once, whose only warnings are what to fill in."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from handouts.cli import app
from handouts.content.checks.placeholders import MARK

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture
def initialised(runner, tmp_path) -> Path:
    folder = tmp_path / "knee-clinic"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def fill_in_placeholders(folder: Path) -> None:
    """Do what a clinic does after init: replace every CHANGE ME value and example-domain link."""
    for path in [folder / "handouts.toml", *(folder / "data").rglob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\(?CHANGE ME\)?", "Northside", text)
        text = text.replace("your-clinic.example", "northside-knee.com")
        path.write_text(text, encoding="utf-8")
    logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n'
    (folder / "assets" / "logo.svg").write_text(logo, encoding="utf-8")


def test_init_prints_three_next_steps(runner, tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0
    steps = [line for line in result.output.splitlines() if re.match(r"\s+\d\. ", line)]
    assert len(steps) == 3
    assert "handouts preview" in steps[1] and "handouts build --class first-class" in steps[2]


def test_new_project_checks_with_only_placeholder_warnings(runner, initialised):
    result = runner.invoke(app, ["check", "--project", str(initialised)])
    assert result.exit_code == 0, result.output
    assert "ok: 1 classes" in result.output and "2 exercises" in result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert warnings
    for line in warnings:
        assert "placeholder" in line or "reserved example domain" in line, line
    # Every marked value is reported: one warning per CHANGE ME value line, and one for the logo.
    assert "clinic.name" in result.output and "clinic.logo" in result.output and "instructor" in result.output
    assert "note: using the shipped example" not in result.output


def test_strict_check_passes_once_placeholders_are_replaced(runner, initialised):
    assert runner.invoke(app, ["check", "--strict", "--project", str(initialised)]).exit_code == 1
    fill_in_placeholders(initialised)
    result = runner.invoke(app, ["check", "--strict", "--project", str(initialised)])
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output


def test_new_project_builds_into_its_own_build_folder(runner, initialised, monkeypatch, tmp_path):
    from handouts.content.project import find_project

    monkeypatch.chdir(initialised / "data")
    project = find_project()
    assert project.root == initialised.resolve() and project.build_dir == initialised.resolve() / "build"
    out = project.build_dir
    result = runner.invoke(app, ["build", "--class", "first-class", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out / "first-class" / "first-class.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_yaml_files_name_schemas_they_validate_against(initialised):
    files = sorted((initialised / "data").rglob("*.yaml"))
    assert len(files) == 4
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path.name} starts with {first!r}"
        schema_path = (path.parent / match.group(1)).resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(YAML(typ="safe", pure=True).load(path), default=str))
        jsonschema.validate(data, schema)
    toml_first = (initialised / "handouts.toml").read_text(encoding="utf-8").splitlines()[0]
    assert toml_first == "#:schema ./schemas/handouts.schema.json"
    assert (initialised / "schemas" / "handouts.schema.json").is_file()


def test_schema_flags_an_unknown_key(initialised):
    schema = json.loads((initialised / "schemas" / "exercises.schema.json").read_text(encoding="utf-8"))
    data = YAML(typ="safe", pure=True).load(initialised / "data" / "exercises.yaml")
    data["exercises"][0]["cue"] = ["typo for cues"]
    with pytest.raises(jsonschema.ValidationError, match="cue"):
        jsonschema.validate(data, schema)


def test_init_refuses_a_folder_that_is_not_empty(runner, tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 1
    assert "not empty" in result.output and "--force" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_init_force_keeps_existing_files(runner, tmp_path):
    folder = tmp_path / "busy"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "muscles.yaml").write_text("muscles: []\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(folder), "--force"])
    assert result.exit_code == 0, result.output
    assert "kept your busy/data/muscles.yaml" in result.output
    assert (folder / "data" / "muscles.yaml").read_text(encoding="utf-8") == "muscles: []\n"
    assert (folder / "handouts.toml").is_file()


def test_init_marks_every_clinic_detail(initialised):
    config = (initialised / "handouts.toml").read_text(encoding="utf-8")
    for key in ("name", "phone", "address"):
        assert re.search(rf"^{key} = .*{MARK}", config, re.M), key
