"""Rosters as spreadsheets really export them: encodings, separators, header aliases, hostile and broken rows."""

import json
from pathlib import Path

import pytest

from handouts.delivery.personalise import assign_slugs
from handouts.delivery.roster import Participant, RosterError, decode, load_roster, sniff_delimiter
from handouts.delivery.slugs import SlugAllocator, slugify
from handouts.errors import ContentError, HandoutsError

FIXTURES = Path(__file__).parent / "fixtures"
ROSTERS = sorted(p.name for p in FIXTURES.glob("roster-*"))


@pytest.mark.parametrize("name", ROSTERS)
def test_roster_fixture_reads_as_expected(name):
    folder = FIXTURES / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    (path,) = folder.glob("roster.*")  # roster.csv, or an .xlsx, .xls, .zip ... as clinics export them
    if "error" in expected:
        with pytest.raises(HandoutsError) as caught:
            load_roster(path, path.name)
        assert str(caught.value) == expected["error"]
        return
    roster = load_roster(path, path.name)
    got = [dict(p.__dict__, slug=slug) for p, slug in assign_slugs(roster.participants)]
    assert got == expected["participants"]
    problems = [str(p) for p in roster.problems]
    assert len(problems) == len(expected["problems"])
    for problem, prefix in zip(problems, expected["problems"], strict=True):
        assert problem.startswith(prefix)


def test_names_keep_their_accents_in_every_encoding():
    for name in ("roster-bom", "roster-cp1252", "roster-semicolon", "roster-tabs", "roster-utf16"):
        roster = load_roster(FIXTURES / name / "roster.csv")
        assert roster.participants[0].name == "José Núñez", name


def test_invalid_rows_stop_everything_unless_skipped():
    roster = load_roster(FIXTURES / "roster-invalid" / "roster.csv", "roster.csv")
    with pytest.raises(RosterError) as caught:
        roster.require_valid()
    assert isinstance(caught.value, ContentError)
    assert "roster.csv:2: no name" in str(caught.value)
    assert "roster.csv:7: paper must be letter or a4" in str(caught.value)
    skipped = roster.require_valid(skip_invalid=True)
    assert [p.line for p in skipped] == [2, 3, 4, 5, 6, 7]
    assert [p.name for p in roster.participants] == ["Fay Wu"]


def test_a_roster_with_no_valid_rows_is_an_error(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("Name,Email\nAna,not-an-address\n")
    with pytest.raises(HandoutsError, match="no valid participants"):
        load_roster(path).require_valid(skip_invalid=True)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_an_empty_roster_is_one_clear_error(tmp_path, content):
    path = tmp_path / "roster.csv"
    path.write_bytes(content)
    with pytest.raises(HandoutsError, match="empty"):
        load_roster(path)


def test_a_missing_file_is_one_clear_error(tmp_path):
    with pytest.raises(HandoutsError, match="cannot read the roster"):
        load_roster(tmp_path / "nope.csv")


def test_decoding_prefers_utf8_and_falls_back_to_windows_1252():
    assert decode("Núñez".encode()) == "Núñez"
    assert decode(b"\xef\xbb\xbfN\xc3\xba\xc3\xb1ez") == "Núñez"
    assert decode("Núñez “Zo”".encode("cp1252")) == "Núñez “Zo”"


def test_delimiter_is_read_from_the_header_line():
    assert sniff_delimiter("Name;Email;Paper") == ";"
    assert sniff_delimiter("Name\tEmail") == "\t"
    assert sniff_delimiter('"Name; full",Email') == ","
    assert sniff_delimiter("Email") == ","


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("José Núñez", "jose-nunez"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("..", "participant"),
        ("Straße Øresund Łódź", "strasse-oresund-lodz"),
        ("李小龙", "lixiaolong"),
        ("محمد علي", "mhmd-ly"),
        ("Ольга Петрова", "olga-petrova"),
        ("🙂", "participant"),
        ("a/b\\c", "a-b-c"),
    ],
)
def test_slugs_are_safe_ascii_file_names(text, slug):
    assert slugify(text) == slug


def test_all_non_latin_names_get_distinct_readable_slugs_and_attachment_names():
    from handouts.delivery.message import attachment_name

    names = ["王小明", "李小龙", "محمد علي", "فاطمة الزهراء"]
    slugs = [slug for _, slug in assign_slugs(Participant(n, f"p{i}@example.com", i) for i, n in enumerate(names))]
    assert slugs == ["wangxiaoming", "lixiaolong", "mhmd-ly", "ftmh-lzhr"]
    attachments = {attachment_name("Hip strength for runners", name) for name in names}
    assert len(attachments) == len(names)
    assert "Hip-strength-for-runners-WangXiaoMing.pdf" in attachments


def test_slugs_are_bounded_and_unique():
    allocator = SlugAllocator(max_length=20)
    long = "Maximiliana Konstantinopoulou-Vandersteen"
    slugs = [allocator.allocate(long) for _ in range(12)]
    assert len(set(slugs)) == 12
    assert all(len(s) <= 20 and not s.startswith(("-", ".")) and "/" not in s for s in slugs)
    assert slugs[:2] == ["maximiliana", "maximiliana-2"]
    assert slugify("x" * 500) == "x" * 60
    names = SlugAllocator()
    assert [names.allocate(n) for n in ("Jose Nunez 2", "José Núñez", "Jose Nunez")] == [
        "jose-nunez-2",
        "jose-nunez",
        "jose-nunez-3",
    ]
