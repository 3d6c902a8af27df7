"""Personal copies are incremental updates of the pack: its bytes untouched, then the stamp, checked by qpdf."""

import io
import subprocess

import pikepdf
import pytest
from pypdf import PdfReader
from roster_support import DETAILS, base_pdf, render_edition  # noqa: F401 (fixtures)

from handouts.delivery.overlay import Stamper, StampLine
from handouts.delivery.personalise import personalise, stamp_line
from handouts.delivery.roster import Participant

PEOPLE = [
    Participant("José Núñez", "jose@example.com", 2),
    Participant("Zoë Ωmega", "zoe@example.com", 3),
    Participant("مريم الحسيني", "maryam@example.com", 4),  # drawn by WeasyPrint (right to left)
    Participant("נועה כהן", "noa@example.com", 5),
    Participant("Sam Lee", "sam@example.com", 6, large_print=True),
    Participant("Ana Ruiz", "ana@example.com", 7, paper="a4"),
]


@pytest.fixture(scope="module")
def made(tmp_path_factory, render_edition):  # noqa: F811
    folder = tmp_path_factory.mktemp("copies") / "participants"
    return personalise(PEOPLE, DETAILS, folder, render_edition), render_edition


def test_every_copy_appends_to_its_pack_and_passes_qpdf_check(made):
    copies, render = made
    for copy in copies:
        data = copy.path.read_bytes()
        edition = copy.participant
        base = render(type("E", (), {"paper": edition.paper or "letter", "large_print": edition.large_print})())
        assert data.startswith(base), copy.path.name  # the pack's bytes, unchanged, come first
        assert data.count(b"%%EOF") == base.count(b"%%EOF") + 1  # one update section
        result = subprocess.run(["qpdf", "--check", str(copy.path)], capture_output=True, text=True)
        assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


def test_structure_language_fields_survive_and_the_stamp_reads_back_in_pypdf(made):
    copies, _ = made
    for copy in copies:
        reader = PdfReader(copy.path)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
        assert root["/Lang"] == "en"
        assert list(reader.get_fields()) == ["done"]
        assert "/Annots" in reader.pages[0]
        line = str(stamp_line(copy.participant, DETAILS))
        for page in reader.pages:
            text = page.extract_text()
            # pypdf reads right-to-left runs in drawing order; the name's letters are there either way.
            assert all(word in text or word[::-1] in text for word in copy.participant.name.split()), (line, text)


def test_a_stamp_is_one_form_whose_fonts_are_embedded_once(base_pdf):  # noqa: F811
    buffer = io.BytesIO()
    with Stamper(base_pdf) as stamper:
        stamper.write(StampLine("Prepared for ", "José Núñez", " · Hip strength · 28 November 2026"), buffer)
    with pikepdf.open(buffer) as pdf:
        forms = {page.Resources.XObject["/HandoutsPersonalLine"].objgen for page in pdf.pages}
        assert len(forms) == 1  # both pages draw the same form
        form = pdf.pages[0].Resources.XObject["/HandoutsPersonalLine"]
        fonts = list(form.Resources.Font.values())
        files = [font.DescendantFonts[0].FontDescriptor.FontFile2.objgen for font in fonts]
        assert len(files) == len(set(files)) == 2  # regular and semibold, each once
        assert sorted(str(font.BaseFont).split("+")[1] for font in fonts) == [
            "SourceSansPro-Regular", "SourceSansPro-Semibold"]
        # Only the line's glyphs: the semibold subset draws "José Núñez" (8 glyphs and .notdef) and no more.
        widths = form.Resources.Font.F2.DescendantFonts[0].W
        assert len(widths) // 2 == len(set("José Núñez"))
    assert len(buffer.getvalue()) - len(base_pdf) <= 8 * 1024  # the bound for a copy


def test_the_shipped_pack_copy_is_at_most_8_kb_larger(tmp_path):
    from handouts.content.load import load_content
    from handouts.content.project import find_project
    from handouts.rendering.pack import render_pack

    pack = render_pack(load_content(find_project(None)), "hip-strength").data
    buffer = io.BytesIO()
    Stamper(pack).write(StampLine("Prepared for ", "Maximiliana Konstantinopoulou",
                                  " · Hip strength for runners · November 28, 2026"), buffer)
    path = tmp_path / "copy.pdf"
    path.write_bytes(buffer.getvalue())
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    assert len(buffer.getvalue()) - len(pack) <= 8 * 1024


def test_copies_of_one_stamper_do_not_leak_into_each_other(base_pdf):  # noqa: F811
    stamper = Stamper(base_pdf)
    outputs = []
    for name in ("First Person", "Second Person"):
        buffer = io.BytesIO()
        stamper.write(StampLine("Prepared for ", name, ""), buffer)
        outputs.append(buffer.getvalue())
    first, second = (PdfReader(io.BytesIO(data)).pages[1].extract_text() for data in outputs)
    assert "First Person" in first and "Second Person" not in first
    assert "Second Person" in second and "First Person" not in second
