"""The personal line ends flush with the pack's own right margin, as the stylesheet sets it (not a copied number)."""

import io

import pdfplumber
import pytest

from handouts.delivery.overlay import Stamper, StampLine


def test_the_stamp_ends_where_the_page_number_ends(shipped_packs, tmp_path):
    # The page number is right-aligned in the @page margin box, so its right edge is the content's right edge.
    base = (shipped_packs / "hip-strength" / "hip-strength.pdf").read_bytes()
    out = io.BytesIO()
    with Stamper(base) as stamper:
        stamper.write(StampLine("Prepared for ", "Ana Ruiz", " · Hip strength"), out)
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        for page in pdf.pages[1:3]:
            words = page.extract_words()
            stamp = [w for w in words if w["top"] < 20 and w["text"] == "strength"]
            number = [w for w in words if w["top"] > page.height - 60 and w["text"].isdigit()]
            assert stamp and number, [w["text"] for w in words][:12]
            assert stamp[-1]["x1"] == pytest.approx(max(w["x1"] for w in number), abs=1.5)
