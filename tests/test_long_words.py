"""An unbroken word as long as a text field allows (about 2,000 letters) breaks inside the page margins, in the
body and in the running header."""

import pdfplumber

from handouts.cli import app

MM = 72 / 25.4
SIDE_MARGIN = 15 * MM


def test_a_long_word_stays_inside_the_page(runner, make_project, tmp_path):
    out = tmp_path / "out"
    project = make_project("long-unbroken-word")
    result = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out / "minimal/minimal.pdf") as pdf:
        seen = 0
        for page in pdf.pages:
            for char in page.chars:
                # A run-off word overshoots by hundreds of points. A citation mark glued to the word's end may
                # hang up to 10 pt into the 15 mm (42.5 pt) margin: WeasyPrint allows no break before it.
                assert char["x0"] >= SIDE_MARGIN - 0.5 and char["x1"] <= page.width - SIDE_MARGIN + 10, (
                    f"page {page.page_number}: {char['text']!r} at x={char['x0']:.1f}..{char['x1']:.1f}"
                )
            seen += sum(char["text"] == "b" for char in page.chars)  # one "b" in each "Iliotibial"
            header = page.crop((0, 0, page.width, 20 * MM)).extract_text()
            if page.page_number > 1:
                assert "Wellness Series 2026" in header.replace("\n", " ")
    assert seen >= 190  # the whole word is there, broken over lines and pages, not clipped
