"""Finding the project: --project, the nearest handouts.toml upward, or the shipped default (also from a wheel)."""

import subprocess
import sys
import zipfile
from pathlib import Path

from handouts.content.project import default_project_root, find_project

REPO = Path(__file__).resolve().parent.parent


def test_nearest_handouts_toml_upward_wins(make_project):
    root = make_project()
    nested = root / "data" / "classes"
    assert find_project(start=nested).root == root.resolve()


def test_explicit_project_is_used(make_project):
    root = make_project()
    assert find_project(explicit=root).root == root.resolve()


def test_without_a_project_the_shipped_default_is_used(tmp_path):
    assert find_project(start=tmp_path).root == default_project_root().resolve()
    assert (default_project_root() / "data" / "classes" / "hip-strength.yaml").is_file()


def test_wheel_carries_the_default_project(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("handouts-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    parts = ("handouts.toml", "data/classes/hip-strength.yaml", "data/muscles.yaml", "templates/pack.html",
             "assets/logo.svg")
    for part in parts:
        assert f"handouts/_default/{part}" in names


def test_content_without_handouts_toml_stops_with_one_line(runner, tmp_path, monkeypatch):
    from handouts.cli import app

    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "holds data/ but no handouts.toml" in lines[0]
    assert "handouts init ." in lines[0] and "--project" in lines[0]


def test_using_the_shipped_example_is_announced(runner, tmp_path, monkeypatch):
    from handouts.cli import app

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert result.stderr.startswith("note: using the shipped example project")
    assert "note:" not in result.stdout
    assert find_project().build_dir == Path("build")


def test_own_project_is_not_announced_and_builds_inside_itself(runner, make_project):
    from handouts.cli import app

    root = make_project()
    result = runner.invoke(app, ["list", "--project", str(root)])
    assert result.exit_code == 0 and "note:" not in result.output
    assert find_project(explicit=root).build_dir == root.resolve() / "build"
