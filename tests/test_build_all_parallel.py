"""`build --all` renders classes in worker processes; the packs are the bytes a serial build writes."""

import pytest

from handouts.cli import app


@pytest.fixture
def two_small_classes(make_project):
    project = make_project("cache-inputs")
    classes = project / "data/classes"
    minimal = (classes / "minimal.yaml").read_text(encoding="utf-8")
    for path in classes.glob("*.yaml"):
        path.unlink()
    (classes / "minimal.yaml").write_text(minimal, encoding="utf-8")
    (classes / "second.yaml").write_text(minimal.replace("A minimal class", "A second class"), encoding="utf-8")
    return project


def test_parallel_and_serial_builds_are_byte_identical(runner, two_small_classes, tmp_path):
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        result = runner.invoke(app, ["build", "--all", "--jobs", jobs, "--project", str(two_small_classes),
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stdout.count(" pages ") == 2, result.stdout
        outputs[jobs] = {path.relative_to(out): path.read_bytes() for path in out.rglob("*.pdf")}
    assert sorted(map(str, outputs["1"])) == ["minimal/minimal.pdf", "second/second.pdf"]
    assert outputs["1"] == outputs["2"]
    # The workers' builds are recorded too: the next --all renders nothing.
    again = runner.invoke(app, ["build", "--all", "--project", str(two_small_classes), "--out", str(tmp_path / "jobs-2")])
    assert again.stdout.count("up to date") == 2, again.stdout


def test_a_failing_class_fails_the_parallel_build_with_its_own_message(runner, two_small_classes, tmp_path):
    (two_small_classes / "templates/handouts/references.html").write_text(
        '<img src="file:///etc/passwd" alt="x">', encoding="utf-8")
    result = runner.invoke(app, ["build", "--all", "--jobs", "2", "--project", str(two_small_classes),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "error:" in result.stderr
