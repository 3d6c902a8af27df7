"""The large-print variant (APH guidelines) read back from the built PDFs: 18 pt everywhere, no italics,
one exercise card a page, QR codes that still scan, form fields big enough to fill in."""

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from engine_warnings import weasyprint_warnings
from packs import built_pack
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.cli import app
from handouts.content.load import load_content
from handouts.content.project import Project
from handouts.handouts.exercise_sheets import short_url

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4
MIN_PT = 18.0
TOLERANCE_PT = 0.1
# A4 large print is built and checked in Spanish (tests/test_spanish.py), with duplex and a personal copy.
BUILDS = [("hip-strength", "letter"), ("running-muscles", "letter"), ("injury-prevention", "letter")]


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> tuple[dict[tuple[str, str], Path], list[str]]:
    """Each large-print pack built once through the CLI, and whatever WeasyPrint warned while building them."""
    # Module-scoped, so the build runs before conftest's per-test warning guard is in place: listen here.
    out, built = tmp_path_factory.mktemp("large-print"), {}
    with weasyprint_warnings() as messages:
        for class_id, paper in BUILDS:
            result = CliRunner().invoke(
                app, ["build", "--class", class_id, "--paper", paper, "--large-print", "--out", str(out)]
            )
            assert result.exit_code == 0, result.output
            built[class_id, paper] = built_pack(out, class_id, ["--paper", paper, "--large-print"])
    return built, messages


@pytest.fixture(scope="module")
def pages(packs) -> dict[tuple[str, str], list[tuple[list[dict], str]]]:
    """Each pack's pages read once: the characters drawn on each, and its text with runs of space made one."""
    read = {}
    for build, pdf in packs[0].items():
        with pdfplumber.open(pdf) as doc:
            read[build] = [(page.chars, re.sub(r"\s+", " ", page.extract_text() or "")) for page in doc.pages]
    return read


@pytest.fixture(scope="module")
def content():
    return load_content(Project(ROOT))


def _ids(build: tuple[str, str]) -> str:
    return "-".join(build)


def test_packs_are_named_large_print_and_weasyprint_did_not_warn(packs):
    built, warnings = packs
    assert built["hip-strength", "letter"].name == "hip-strength.large-print.pdf"
    assert built["running-muscles", "letter"].name == "running-muscles.large-print.pdf"
    assert warnings == []


@pytest.mark.parametrize("build", BUILDS, ids=_ids)
def test_every_character_on_every_page_is_at_least_18_pt(pages, build):
    # pdfplumber reports the size as drawn, through every transformation: text inside a scaled SVG image
    # (the muscle map's callouts) counts at the size it prints.
    for number, (page_chars, _) in enumerate(pages[build], start=1):
        chars = [c for c in page_chars if c["text"].strip()]
        assert chars, f"page {number} has no text"
        small = [c for c in chars if c["size"] < MIN_PT - TOLERANCE_PT]
        assert not small, (
            f"page {number}: {len(small)} characters under {MIN_PT:g} pt, smallest "
            f"{min(c['size'] for c in small):.2f} pt: {''.join(c['text'] for c in small)[:80]!r}"
        )


@pytest.mark.parametrize("build", BUILDS, ids=_ids)
def test_no_italic_face_is_drawn_or_embedded(packs, pages, build):
    fonts = {c["fontname"] for chars, _ in pages[build] for c in chars}
    assert not [f for f in fonts if "Italic" in f or f.endswith("-It")], fonts
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(packs[0][build])], capture_output=True, text=True, check=True)
        assert "Italic" not in listing.stdout, listing.stdout


@pytest.mark.parametrize("build", [b for b in BUILDS if b[0] != "running-muscles"], ids=_ids)
def test_each_exercise_card_has_a_page_of_its_own(pages, content, build):
    texts = [text for _, text in pages[build]]
    cls = content.classes[build[0]]
    ids = [e for h in cls.handouts if h.type == "exercises" for e in h.exercises]
    pages = []
    for number, ex_id in enumerate(ids, start=1):
        exercise = content.exercises[ex_id]
        heading = [i for i, t in enumerate(texts) if re.search(rf"\b{number} {re.escape(exercise.name)}\b", t)]
        assert len(heading) == 1, f"{ex_id}: card heading on pages {heading}"
        # The card's last line, its video's address, is on the page its heading is on: the card is whole.
        assert short_url(exercise.video) in texts[heading[0]], f"{ex_id}: card runs over a page break"
        pages.append(heading[0])
    assert len(set(pages)) == len(pages), f"two cards share a page: {pages}"


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
def test_qr_codes_still_decode_at_150_dpi(packs, pages, content, tmp_path):
    build = "hip-strength", "letter"
    cls = content.classes[build[0]]
    videos = [content.exercises[e].video for h in cls.handouts if h.type == "exercises" for e in h.exercises]
    decoded = []
    # Only the card pages (those naming a video) are rendered: rasterising the whole pack costs seconds.
    for number, (_, text) in enumerate(pages[build], start=1):
        if any(short_url(video) in text for video in videos):
            png = tmp_path / f"page-{number}"
            subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                            str(packs[0][build]), str(png)], check=True)
            zbar = subprocess.run(["zbarimg", "--raw", "-q", f"{png}.png"], capture_output=True, text=True)
            decoded += zbar.stdout.split()
    assert sorted(decoded) == sorted(videos)


def test_form_fields_stay_fillable_and_big_enough(packs):
    reader = PdfReader(packs[0]["hip-strength", "letter"])
    fields = reader.get_fields() or {}
    assert any(name.startswith("tracker-w4-") for name in fields) and "checklist-pain-notes" in fields
    assert not any("score" in name for name in fields)
    widgets = [annot.get_object() for page in reader.pages for annot in page.get("/Annots", [])]
    widgets = [w for w in widgets if w.get("/Subtype") == "/Widget"]
    assert widgets
    for widget in widgets:
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        width, height = abs(x1 - x0) / MM, abs(y1 - y0) / MM
        # Tick boxes at least 6 mm for a pen or a fingertip; text lines tall enough for 18 pt typing.
        smallest = 6.0 if widget.get("/FT") == "/Btn" or widget.get("/Parent", {}).get("/FT") == "/Btn" else 9.0
        assert min(width, height) >= smallest - 0.1, (widget.get("/T"), round(width, 1), round(height, 1))


def test_do_and_avoid_cues_are_bulleted_not_numbered(pages, content):
    texts = [text for _, text in pages["hip-strength", "letter"]]
    clamshell = content.exercises["clamshell"]
    page = next(t for t in texts if re.search(r"\b1 Clamshell\b", t))
    for cue in [*clamshell.cues, *clamshell.mistakes]:
        first_words = " ".join(cue.split()[:3])
        assert f"• {first_words}" in page, cue
        assert not re.search(rf"\d\. {re.escape(first_words)}", page), f"numbered: {cue}"
    # Steps stay numbered: their order matters.
    assert f"1. {' '.join(clamshell.steps[0].split()[:3])}" in page
