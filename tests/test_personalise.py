"""Personal copies: one render per edition, a stamped line that is an embedded-font artifact, structure kept."""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from roster_support import DETAILS, MM, base_pdf, render_edition  # noqa: F401 (fixtures)

from handouts.content.load import load_content
from handouts.content.project import Project, default_project_root
from handouts.delivery.overlay import XOBJECT_NAME
from handouts.delivery.personalise import ClassDetails, class_details, edition_languages, personalise, stamp_line
from handouts.delivery.roster import Participant, read_roster

FIXTURES = Path(__file__).parent / "fixtures"

PEOPLE = [
    Participant("José Núñez", "jose@example.com", 2),
    Participant("José Núñez", "jose2@example.com", 3),
    Participant("Ana Ruiz", "ana@example.com", 4, language="es", paper="a4"),
    Participant("Sam Lee", "sam@example.com", 5, large_print=True),
    Participant("../../etc/passwd", "passwd@example.com", 6),
]


@pytest.fixture(scope="module")
def shipped_details() -> ClassDetails:
    """The shipped class's stamp facts, its title and lead-in also in Spanish, from the shipped catalogues."""
    return class_details(load_content(Project(default_project_root())), "hip-strength", ["es"])


@pytest.fixture
def copies(tmp_path, render_edition, shipped_details):  # noqa: F811
    render_edition.calls.clear()
    return personalise(PEOPLE, shipped_details, tmp_path / "participants", render_edition)


def test_one_copy_per_participant_with_safe_unique_names(copies, tmp_path, render_edition):  # noqa: F811
    folder = tmp_path / "participants"
    assert [c.path.name for c in copies] == [
        "jose-nunez.pdf", "jose-nunez-2.pdf", "ana-ruiz.pdf", "sam-lee.pdf", "etc-passwd.pdf"
    ]
    assert all(c.path.parent == folder for c in copies)
    assert sorted(p.name for p in folder.iterdir()) == sorted([".manifest.json", *(c.path.name for c in copies)])
    # Three editions: letter/en, a4/es, letter/large print; each rendered exactly once.
    assert len(render_edition.calls) == 3 and len(set(render_edition.calls)) == 3


def test_copies_keep_structure_tree_language_and_form_fields(copies, base_pdf):  # noqa: F811
    with pikepdf.open(__import__("io").BytesIO(base_pdf)) as base:
        base_fields = [str(f.T) for f in base.Root.AcroForm.Fields]
        base_pages = len(base.pages)
    for copy in copies:
        with pikepdf.open(copy.path) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root and "/MarkInfo" in root and root.MarkInfo.Marked
            assert str(root.Lang) == "en"
            assert [str(f.T) for f in root.AcroForm.Fields] == base_fields
            assert len(pdf.pages) == base_pages
            for page in pdf.pages:
                form = page.Resources.XObject[XOBJECT_NAME]
                data = form.read_bytes()
                assert data.startswith(b"/Artifact BMC") and data.rstrip().endswith(b"EMC")
            assert "/Annots" in pdf.pages[0].obj  # the checkbox widget is still on its page


def stamped(page) -> list[dict]:
    """The characters the overlay drew (reportlab names its subsets 'SourceSansPro-…', WeasyPrint 'Source-Sans-Pro')."""
    return [c for c in page.chars if "SourceSansPro-" in c["fontname"]]


def test_stamp_is_on_every_page_in_the_top_band_right_aligned(copies):
    with pdfplumber.open(copies[0].path) as pdf:
        for page in pdf.pages:
            chars = stamped(page)
            assert "".join(c["text"] for c in chars) == (
                "Prepared for José Núñez · Hip strength for runners · November 28, 2026"
            )
            assert min(c["size"] for c in chars) >= 8
            assert max(c["bottom"] for c in chars) < 8 * MM
            assert max(c["x1"] for c in chars) == pytest.approx(page.width - 15 * MM, abs=1)
            assert {c["fontname"].split("+")[-1] for c in chars} == {"SourceSansPro-Regular", "SourceSansPro-Semibold"}
            # The running header and the page content start below the stamp: no overlap.
            others = [c for c in page.chars if c not in chars]
            assert min(c["top"] for c in others) > max(c["bottom"] for c in chars)


def test_language_paper_and_large_print_editions(copies):
    with pdfplumber.open(copies[2].path) as pdf:
        page = pdf.pages[0]
        assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
        text = "".join(c["text"] for c in stamped(page))
        assert text == "Preparado para Ana Ruiz · Fuerza de cadera para corredores · 28 de noviembre de 2026"
    with pdfplumber.open(copies[3].path) as pdf:
        # Large print keeps every glyph at 18 pt, the stamp too.
        assert {round(c["size"]) for c in stamped(pdf.pages[0])} == {18}


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler's pdffonts")
def test_every_font_is_embedded(copies):
    for copy in copies:
        out = subprocess.run(["pdffonts", str(copy.path)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert len(rows) >= 3
        assert all(row.split()[-5] == "yes" for row in rows), out
        assert "Helvetica" not in out


def test_up_to_date_copies_are_reused_and_stale_ones_removed(tmp_path, render_edition):  # noqa: F811
    folder = tmp_path / "participants"
    first = personalise(PEOPLE, DETAILS, folder, render_edition)
    render_edition.calls.clear()
    again = personalise(PEOPLE, DETAILS, folder, render_edition, reuse=True)
    assert render_edition.calls == [] and all(c.reused for c in again)
    assert [c.sha256 for c in again] == [c.sha256 for c in first]
    renamed = [PEOPLE[0], Participant("Samuel Lee", "sam@example.com", 5, large_print=True)]
    third = personalise(renamed, DETAILS, folder, render_edition, reuse=True)
    assert [c.reused for c in third] == [True, False]
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["jose-nunez.pdf", "samuel-lee.pdf"]
    new_content = personalise(renamed, DETAILS, folder, render_edition, reuse=True, fingerprint="0badc0de")
    assert not any(c.reused for c in new_content)
    (folder / "jose-nunez.pdf").write_bytes(b"%PDF-1.7 edited by hand")
    edited = personalise(renamed, DETAILS, folder, render_edition, reuse=True, fingerprint="0badc0de")
    assert [c.reused for c in edited] == [False, True]
    assert not list(folder.glob(".*.part"))



def test_the_manifest_is_the_indented_json_of_its_entries(tmp_path, render_edition):  # noqa: F811
    """Written entry by entry (to hold less for a big roster), it reads as json.dumps(..., indent=1) writes it."""
    import json

    from handouts.delivery.personalise import MANIFEST_NAME

    folder = tmp_path / "participants"
    personalise(PEOPLE, DETAILS, folder, render_edition)
    text = (folder / MANIFEST_NAME).read_text(encoding="utf-8")
    entries = json.loads(text)
    assert len(entries) == len(PEOPLE) and all(entry["sha256"] for entry in entries.values())
    assert text == json.dumps(entries, ensure_ascii=False, indent=1)

def test_progress_is_reported_for_each_copy(tmp_path, render_edition):  # noqa: F811
    seen = []
    personalise(PEOPLE, DETAILS, tmp_path / "p", render_edition, progress=lambda *step: seen.append(step))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5) and len(seen) == 6


def test_stamp_line_formats_the_date_in_the_participants_language():
    details = ClassDetails(id="x", title="Hip strength", date=dt.date(2026, 11, 28), language="en-GB")
    assert str(stamp_line(Participant("Zoë", "z@example.com", 2), details)) == (
        "Prepared for Zoë · Hip strength · 28 November 2026"
    )


def test_the_stamps_lead_in_is_each_languages_catalogue_entry(make_project, tmp_path, render_edition):  # noqa: F811
    # The fixture's Spanish catalogue says "Copia personal de", not the shipped "Preparado para"; a small French
    # catalogue says "Préparé pour"; German has none, so that participant gets the English edition and stamp.
    scenario = FIXTURES / "stamp-lead-in-from-catalogue"
    content = load_content(Project(make_project(scenario.name)))
    participants, notes = edition_languages(content, read_roster(scenario / "roster.csv").participants)
    assert notes == ["no 'de' edition (no locales/de/ catalogues): 1 participant(s) get the 'en' edition"]
    details = class_details(content, "hip-strength", ["es", "fr"])
    copies = personalise(participants, details, tmp_path / "participants", render_edition)
    expected = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1)
                    for line in (scenario / "expected.txt").read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#"))
    assert [c.slug for c in copies] == list(expected)
    for copy in copies:
        with pdfplumber.open(copy.path) as pdf:
            for page in pdf.pages:
                assert "".join(c["text"] for c in stamped(page)) == expected[copy.slug], copy.slug


def test_a_name_no_bundled_font_draws_is_refused_before_any_copy(tmp_path, render_edition):  # noqa: F811
    from handouts.errors import RenderError

    people = [Participant("Zoë", "zoe@example.com", 2), Participant("李小龙", "li@example.com", 3)]
    with pytest.raises(RenderError, match=r"roster line 3: 李小龙: '李' \(U\+674E .*\) is not in any bundled font"):
        personalise(people, DETAILS, tmp_path / "p", render_edition)
    assert not list((tmp_path / "p").glob("*.pdf"))
