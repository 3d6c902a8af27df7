"""Property tests: random and mutated content, rosters and TOML never escape as anything but a located error.

For every input: only the project's own error type escapes, every problem names a file and a line (a roster
that cannot be read as a table at all names its file), every message is one line, and no file is written.
"""

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import handouts.content.load
from handouts.content.load import load_content
from handouts.content.project import Project, default_project_root
from handouts.content.sourcefile import SourceFile, read_toml, read_yaml
from handouts.delivery.roster import RosterFileError, read_roster
from handouts.errors import ContentError, Problem

# Modest example counts keep the whole module to a few seconds; the CI runs it on every push.
FAST = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
CONTENT_FILES = [
    "handouts.toml",
    "data/muscles.yaml",
    "data/exercises.yaml",
    "data/references.yaml",
    "data/checklists/injury-risk.yaml",
    "data/classes/hip-strength.yaml",
]
# Characters that matter to YAML and TOML syntax, mixed with anything else.
SYNTAX = st.sampled_from(list(":-[]{}#&*!|>'\"%@`,=.\n\t ") + ["\\u", "---", "...", "? ", "- ", "[[", "]]", "\ufeff"])
NOISE = st.lists(st.one_of(SYNTAX, st.characters()), max_size=8).map("".join)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """Return `original` with one to three edits a careless hand or a broken tool might make."""
    lines = original.split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        edit = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "indent", "dedent", "swap", "cut"]))
        noise = draw(NOISE).encode("utf-8", "surrogatepass")
        if edit == "delete" and lines:
            del lines[at]
        elif edit == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif edit == "replace" and lines:
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + noise
        elif edit == "insert":
            lines.insert(at, noise)
        elif edit == "indent" and lines:
            lines[at] = b"  " + lines[at]
        elif edit == "dedent" and lines:
            lines[at] = lines[at][2:]
        elif edit == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "cut":
            lines = lines[:at]
    data = b"\n".join(lines)
    if draw(st.booleans()) and data:
        # Sometimes a byte no UTF-8 text holds, as a Latin-1 editor would write it.
        where = draw(st.integers(0, len(data)))
        data = data[:where] + draw(st.sampled_from([b"\xe9", b"\xff\xfe", b"\x00", b"\xc3"])) + data[where:]
    return data


def files_under(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


def assert_located(problem: Problem) -> None:
    assert problem.path, problem
    assert isinstance(problem.line, int) and problem.line >= 1, f"no line: {problem}"
    assert "\n" not in str(problem) and "\r" not in str(problem), f"not one line: {problem!r}"


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    """A copy of the shipped project whose unchanged files are parsed once, so each example parses one file."""
    root = tmp_path_factory.mktemp("mutated")
    source = default_project_root()
    for part in ("handouts.toml", "data", "templates", "assets"):
        (shutil.copytree if (source / part).is_dir() else shutil.copy2)(source / part, root / part)
    parsed: dict[tuple[Path, bytes], SourceFile | Problem] = {}

    def read_yaml_once(path: Path, shown: str):
        # Only the file an example mutated is new bytes; the loader's own edits to data are idempotent.
        key = (path, path.read_bytes())
        if key not in parsed:
            parsed[key] = read_yaml(path, shown)
        return parsed[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(handouts.content.load, "read_yaml", read_yaml_once)
        yield root


@FAST
@given(data=st.data())
def test_content_loader_reports_mutations_as_located_problems(project_copy, data):
    name = data.draw(st.sampled_from(CONTENT_FILES), label="file")
    path = project_copy / name
    original = path.read_bytes()
    changed = data.draw(mutated(original), label="content")
    try:
        path.write_bytes(changed)
        before = files_under(project_copy)
        try:
            load_content(Project(project_copy), strict=True)
        except ContentError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert_located(problem)
        assert files_under(project_copy) == before
    finally:
        path.write_bytes(original)


@FAST
@given(raw=st.binary(max_size=600))
@example(raw=b"\xef\xbb\xbf[clinic]\nname = 'x'\n")
@example(raw=b"[clinic\n")
@example(raw=b"a = [\n")
@example(raw=b"[a]\nb = 1\n[a]\n")
def test_toml_reader_locates_every_problem(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("toml", numbered=True)
    path = folder / "handouts.toml"
    path.write_bytes(raw)
    result = read_toml(path, "handouts.toml")
    if isinstance(result, Problem):
        assert result.path == "handouts.toml"
        assert_located(result)
    else:
        assert isinstance(result.data, dict)
    assert sorted(p.name for p in folder.iterdir()) == ["handouts.toml"]


@FAST
@given(data=st.data())
def test_project_toml_mutations_are_located(project_copy, data):
    # The TOML reader and the settings models together: syntax, missing keys and wrong values each get a line.
    path = project_copy / "handouts.toml"
    original = path.read_bytes()
    try:
        path.write_bytes(data.draw(mutated(original)))
        try:
            load_content(Project(project_copy))
        except ContentError as exc:
            for problem in exc.problems:
                assert_located(problem)
    finally:
        path.write_bytes(original)


HEADERS = [
    "name", "Email", "E-mail address", "Full name", "First name", "Last name", "language", "large_print", "paper"
]
CELLS = st.one_of(
    st.text(max_size=24),
    st.emails(),
    st.sampled_from(["yes", "no", "a4", "letter", "en", "fr-CA", "xx", "", " ", "Zoë Ångström", "李小龙"]),
)


@st.composite
def csv_files(draw) -> bytes:
    """A spreadsheet export: a header of known and unknown columns, rows of anything, in an encoding Excel writes."""
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=10)), max_size=6))
    rows = draw(st.lists(st.lists(CELLS, max_size=7), max_size=6))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return buffer.getvalue().encode(encoding, errors="replace")


def read_roster_safely(folder: Path, raw: bytes) -> None:
    path = folder / "roster.csv"
    path.write_bytes(raw)
    try:
        read_roster(path, skip_invalid=True)
    except ContentError as exc:
        for problem in exc.problems:
            assert problem.path == str(path)
            assert_located(problem)
    except RosterFileError as exc:
        # The file as a whole cannot be a roster (empty, no email column): it names the file, on one line.
        assert re.match(rf"{re.escape(str(path))}(:\d+)?: ", str(exc)) and "\n" not in str(exc)
    assert sorted(p.name for p in folder.iterdir()) == ["roster.csv"]


@FAST
@given(raw=st.one_of(st.binary(max_size=400), csv_files()))
def test_roster_reader_raises_only_located_errors(tmp_path_factory, raw):
    read_roster_safely(tmp_path_factory.mktemp("roster", numbered=True), raw)


def test_roster_with_a_huge_cell_is_a_located_error(tmp_path):
    read_roster_safely(tmp_path, b'name,email\n"' + b"x" * 200_000 + b'",ada@example.org\n')


def test_mutations_really_change_the_files():
    # The property tests are only as good as their inputs: most drawn mutations must change the file.
    original = (default_project_root() / "data/classes/hip-strength.yaml").read_bytes()
    changed = []

    @settings(max_examples=40, deadline=None, database=None)
    @given(mutated(original))
    def collect(data):
        changed.append(data != original)

    collect()
    assert sum(changed) >= len(changed) * 3 // 4
