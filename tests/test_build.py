"""`handouts build` on the shipped content: the PDF is read back, never trusted."""

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.cli import app


@pytest.fixture(scope="module")
def packs(shipped_packs) -> Path:
    return shipped_packs


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_build_prints_path_pages_and_size(runner, tmp_path, fake_renderer):
    result = runner.invoke(app, ["build", "--class", "running-muscles", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{tmp_path}/running-muscles/running-muscles.pdf" in result.output
    assert " pages " in result.output and "KB" in result.output


def test_hip_strength_pack_holds_its_handouts(packs):
    pdf = packs / "hip-strength" / "hip-strength.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 6
    text = pdf_text(pdf)
    for expected in ("Hip strength for runners", "Gluteus medius", "Clamshell", "Niemuth", "Page 1 of"):
        assert expected in text
    assert reader.metadata.title.startswith("Hip strength for runners")
    assert reader.metadata.author == "Riverside Physio & Wellness"


def test_every_font_is_embedded(packs):
    for pdf in packs.rglob("*.pdf"):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows, f"{pdf} lists no fonts"
        for row in rows:
            assert row.split()[-5] == "yes", f"{pdf}: font not embedded: {row}"
            assert "Source-Sans-Pro" in row or "Handouts-Form" in row, f"{pdf}: a system font slipped in: {row}"


def test_packs_are_tagged_with_language_and_title(packs):
    for pdf in packs.rglob("*.pdf"):
        root = PdfReader(pdf).trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/Lang"] == "en"
        assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_no_partial_files_are_left_behind(packs):
    assert not list(packs.rglob("*.part"))


def test_a_failed_build_keeps_the_previous_pack(runner, make_project, tmp_path):
    project = make_project("minimal-class")
    out = tmp_path / "out"
    build = ["build", "--class", "minimal", "--project", str(project), "--out", str(out)]
    assert runner.invoke(app, build).exit_code == 0
    before = (out / "minimal" / "minimal.pdf").read_bytes()
    hostile = '<img src="file:///etc/passwd" alt="x">'
    (project / "templates/handouts/references.html").write_text(hostile, encoding="utf-8")
    assert runner.invoke(app, build).exit_code == 1
    assert (out / "minimal" / "minimal.pdf").read_bytes() == before
