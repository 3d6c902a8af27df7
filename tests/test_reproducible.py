"""Two builds of the same content are byte-identical with either font subsetter (HarfBuzz or fontTools)."""

import os
import subprocess
import sys
import textwrap

import pytest

DRIVER = textwrap.dedent(
    """
    import sys
    if sys.argv[1] == "fonttools":
        # As on a machine without libharfbuzz-subset0: WeasyPrint falls back to fontTools.
        import weasyprint.pdf.fonts
        weasyprint.pdf.fonts.harfbuzz_subset = None
    from handouts.cli import main
    sys.argv = ["handouts", *sys.argv[2:]]
    main()
    """
)


def build(project, out, subsetter: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", DRIVER, subsetter, "build", "--class", "minimal", "--project", str(project),
         "--out", str(out)],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=300, check=True,
    )


# Each subsetter once, one with SOURCE_DATE_EPOCH and one without: the four combinations cost a minute more and
# test nothing these two do not (the date stamp and the font subsets are independent).
@pytest.mark.parametrize(("subsetter", "epoch"), [("harfbuzz", None), ("fonttools", "1764547200")])
def test_two_builds_are_byte_identical(make_project, tmp_path, subsetter, epoch):
    project = make_project("minimal-class")
    env = {"SOURCE_DATE_EPOCH": epoch} if epoch else {}
    first = build(project, tmp_path / "a", subsetter, **env)
    second = build(project, tmp_path / "b", subsetter, **env)  # seconds later: a wall-clock stamp would differ
    one = (tmp_path / "a/minimal/minimal.pdf").read_bytes()
    two = (tmp_path / "b/minimal/minimal.pdf").read_bytes()
    assert one == two
    if subsetter == "fonttools":
        # The slow-subsetting advice comes once per command, not once per font, and points at the doctor.
        assert first.stderr.count("fontTools") == 1, first.stderr
        assert "handouts doctor" in first.stderr
    else:
        assert "fontTools" not in first.stderr + second.stderr
