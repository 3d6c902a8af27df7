"""Every character is drawn by a bundled font, or refused by name: no system font, no blank box."""

import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from handouts.cli import app
from handouts.fonts import FALLBACKS, font_stack

FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED = re.compile(r"^[A-Z]{6}\+(Source-Sans-Pro|Bundled-Noto-Sans)")


def fonts_in(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split()[0] for line in lines[2:]]


def test_base_css_lists_every_bundled_fallback():
    css = (Path(__file__).parent.parent / "assets/css/base.css").read_text(encoding="utf-8")
    assert " ".join(font_stack().split()) in " ".join(css.split())
    assert len(FALLBACKS) == 4


def test_arabic_hebrew_and_greek_content_uses_only_bundled_fonts(runner, make_project, tmp_path):
    project = make_project("minimal-class")
    yaml = project / "data/classes/minimal.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(
        "title: A minimal class", "title: Hip strength مرحبا بكم שלום Ωmega Привет ẞ"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    fonts = fonts_in(out / "minimal/minimal.pdf")
    assert all(BUNDLED.match(name) for name in fonts), fonts
    assert any("Arabic" in name for name in fonts) and any("Hebrew" in name for name in fonts)


@pytest.mark.parametrize("text, message", [
    ("Smile 🙂", "emoji '🙂' (U+1F642 SLIGHTLY SMILING FACE) cannot be printed"),
    ("Tai chi 太极", "'太' (U+592A CJK UNIFIED IDEOGRAPH-592A) is not in any bundled font"),
])
def test_content_no_bundled_font_draws_is_an_error_naming_the_field(runner, make_project, tmp_path, text, message):
    project = make_project("minimal-class")
    yaml = project / "data/classes/minimal.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("place: Studio 1", f"place: {text}"), encoding="utf-8")
    check = runner.invoke(app, ["check", "--project", str(project)])
    assert check.exit_code == 1
    assert f"error: data/classes/minimal.yaml: place: {message}" in check.output
    out = tmp_path / "out"
    build = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert build.exit_code == 1 and "Traceback" not in build.output
    assert build.output.count("\n") == 1 and message in build.output
    assert not list(out.rglob("*.pdf"))


def test_stamps_draw_arabic_hebrew_and_greek_names_with_bundled_fonts(runner, make_project, tmp_path):
    project = make_project("stamp-names-scripts")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out),
                                 "--roster", str(project / "roster.csv")])
    assert result.exit_code == 0, result.output
    copies = sorted((out / "minimal/participants").glob("*.pdf"))
    assert len(copies) == 3
    names = ["مريم الحسيني", "נועה כהן", "Zoë Ωmega"]
    found = {}
    for copy in copies:
        fonts = fonts_in(copy)
        assert all(BUNDLED.match(name) for name in fonts), (copy.name, fonts)
        with pdfplumber.open(copy) as pdf:
            top = pdf.pages[1].crop((0, 0, pdf.pages[1].width, 30)).chars
        stamp_fonts = {char["fontname"] for char in top}
        letters = {char["text"] for char in top}
        for name in names:
            # The text layer holds every letter of the name (Arabic glyphs may run in visual order).
            if set(name.replace(" ", "")) <= letters:
                found[name] = stamp_fonts
    assert set(found) == set(names), found
    assert any("Arabic" in font for font in found["مريم الحسيني"])
    assert any("Hebrew" in font for font in found["נועה כהן"])
    assert all("Noto" not in font for font in found["Zoë Ωmega"])  # Source Sans Pro has these: reportlab draws it


@pytest.mark.parametrize("scenario", ["stamp-name-emoji", "stamp-name-chinese"])
def test_a_name_no_bundled_font_draws_is_refused(runner, make_project, tmp_path, scenario):
    project = make_project(scenario)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out),
                                 "--roster", str(project / "roster.csv")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    expected = (FIXTURES / scenario / "expected.txt").read_text(encoding="utf-8").strip()
    assert f"error: {expected}" in result.output
    assert not (out / "minimal/participants").exists() or not list((out / "minimal/participants").glob("*.pdf"))
