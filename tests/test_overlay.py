"""The stamped line itself: embedded fonts only, an Artifact, fitted to the page, placed on the trimmed page."""

import io

import pdfplumber
import pikepdf
import pytest
from roster_support import MM, base_pdf, render_base  # noqa: F401 (fixture)

from handouts.delivery.overlay import XOBJECT_NAME, Stamper, StampLine, overlay_pdf

LINE = StampLine("Prepared for ", "José Núñez", " · Hip strength for runners · 28 November 2026")


def stamp(base: bytes, line: StampLine = LINE) -> bytes:
    buffer = io.BytesIO()
    with Stamper(base) as stamper:
        stamper.write(line, buffer)
    return buffer.getvalue()


def test_overlay_uses_only_the_embedded_source_sans_pro():
    with pikepdf.open(io.BytesIO(overlay_pdf(LINE, 612, 792))) as pdf:
        fonts = pdf.pages[0].Resources.Font
        names = sorted(str(font.BaseFont).split("+")[-1] for font in fonts.values())
        assert names == ["SourceSansPro-Regular", "SourceSansPro-Semibold"]
        assert all("/FontFile2" in font.FontDescriptor for font in fonts.values())


def test_the_personal_line_is_one_artifact_drawn_after_the_untouched_page(base_pdf):  # noqa: F811
    with pikepdf.open(io.BytesIO(stamp(base_pdf))) as pdf, pikepdf.open(io.BytesIO(base_pdf)) as base:
        for page, original in zip(pdf.pages, base.pages, strict=True):
            contents = list(page.obj.Contents)
            assert contents[0].read_bytes() == b"q\n"
            assert contents[-1].read_bytes().startswith(b"Q\n")
            assert [c.read_bytes() for c in contents[1:-1]] == [original.obj.Contents.read_bytes()]
            form = page.Resources.XObject[XOBJECT_NAME]
            operators = [op for _, op in pikepdf.parse_content_stream(form)]
            assert str(operators[0]) == "BMC" and str(operators[-1]) == "EMC"
            assert "BDC" not in map(str, operators)  # nothing in it claims to be tagged content


def test_a_long_line_shrinks_then_shortens_the_title_never_the_name():
    tail = " · " + "Very long title " * 8 + "· 1 May 2026"
    line = StampLine("Prepared for ", "Maximiliana Konstantinopoulou-Vandersteen", tail)
    with pdfplumber.open(io.BytesIO(overlay_pdf(line, 420.0, 600.0))) as pdf:
        chars = pdf.pages[0].chars
    text = "".join(c["text"] for c in chars)
    assert "Maximiliana Konstantinopoulou-Vandersteen" in text and text.endswith("…")
    assert min(c["x0"] for c in chars) >= 15 * MM - 0.5 and min(c["size"] for c in chars) >= 8


def test_the_line_is_placed_on_the_trimmed_page_when_there_is_bleed():
    bleed = 3 * MM
    with pikepdf.open(io.BytesIO(render_base())) as pdf:
        for page in pdf.pages:  # as a print shop gets it: bleed around the page, TrimBox the finished size
            page.obj.MediaBox = pikepdf.Array([0, 0, 612 + 2 * bleed, 792 + 2 * bleed])
            page.obj.TrimBox = pikepdf.Array([bleed, bleed, 612 + bleed, 792 + bleed])
        buffer = io.BytesIO()
        pdf.save(buffer)
    with pikepdf.open(io.BytesIO(stamp(buffer.getvalue()))) as pdf:
        page = pdf.pages[0]
        form = page.Resources.XObject[XOBJECT_NAME]
        assert [float(v) for v in form.BBox] == [0, 0, 612, 792]
        instructions = pikepdf.parse_content_stream(page.obj.Contents[-1])
        (moved,) = [list(map(float, operands)) for operands, op in instructions if str(op) == "cm"]
        assert moved == [1, 0, 0, 1, pytest.approx(bleed), pytest.approx(bleed)]


def test_stamper_reopens_the_base_now_and_then_and_every_copy_stays_right(base_pdf):  # noqa: F811
    with Stamper(base_pdf) as stamper:
        stamper.REOPEN_EVERY = 3
        outputs = []
        for i in range(7):
            buffer = io.BytesIO()
            stamper.write(StampLine("Prepared for ", f"Person {i}", ""), buffer)
            outputs.append(buffer.getvalue())
    for i, data in enumerate(outputs):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            assert f"Person {i}" in pdf.pages[1].extract_text()
            assert f"Person {i - 1}" not in pdf.pages[1].extract_text()


def test_characters_the_typeface_lacks_are_reported():
    from handouts.delivery.overlay import missing_glyphs

    assert missing_glyphs("José Núñez · Nguyễn · Ωmega") == ""
    assert missing_glyphs("李小龙 🙂 Ana") == "李小龙🙂"
