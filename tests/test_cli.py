"""The command line itself: help with examples, version, fast start-up, clean errors."""

import subprocess
import sys
from pathlib import Path

import pytest

from handouts import __version__
from handouts.cli import app

COMMANDS = ["build", "list", "check", "doctor", "email", "init", "preview", "schema"]


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"handouts {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"handouts {command}" in result.output


def test_help_does_not_import_weasyprint():
    code = (
        "import sys; from typer.testing import CliRunner; from handouts.cli import app; "
        "CliRunner().invoke(app, ['--help']); print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('weasyprint', 'reportlab', 'pypdf', 'pikepdf')))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "handouts", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and __version__ in result.stdout


def test_list_shows_every_class_with_its_handouts(runner):
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    for class_id in ("hip-strength", "running-muscles", "injury-prevention"):
        assert class_id in result.output
    assert "muscle-map" in result.output


def test_unknown_class_names_the_known_ones_and_the_closest(runner, tmp_path):
    result = runner.invoke(app, ["build", "--class", "hip-strenght", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "unknown class 'hip-strenght' (did you mean 'hip-strength'?)" in result.output
    assert "running-muscles" in result.output
    assert "Traceback" not in result.output


def test_build_needs_a_class_or_all(runner, tmp_path):
    result = runner.invoke(app, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "give either --class ID or --all" in result.output


def test_missing_project_folder_is_a_clean_error(runner, tmp_path):
    result = runner.invoke(app, ["check", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert "no handouts.toml here" in result.output


def test_readme_documents_every_command():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert set(names) >= {"build", "list", "check", "doctor", "email"}
    for name in names:
        assert f"`handouts {name}" in readme, f"README's commands table lacks 'handouts {name}'"
