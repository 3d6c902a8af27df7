"""QR codes: vector SVG from reportlab's encoder that zbarimg reads back exactly, printed at 150 dpi."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from handouts.drawing.qr import QUIET_ZONE, penalty, qr_matrix, qr_svg
from handouts.fonts import font_face_css

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def _video_urls() -> list[str]:
    data = YAML(typ="safe").load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    return [entry["video"] for entry in data["exercises"]]


def _dark_modules(svg: str) -> set[tuple[int, int]]:
    """Read the modules back from the path: one stroke of width 1 along the middle of each row."""
    path = ET.fromstring(svg).find(f"{SVG}path")
    assert path.get("stroke-width") == "1" and path.get("fill") == "none"
    cells, x, y = set(), 0, 0
    for command, a, b in re.findall(r"([Mmh])(-?\d+(?:\.\d+)?)(?: (-?\d+(?:\.\d+)?))?", path.get("d")):
        if command == "M":
            x, y = int(a), int(float(b) - 0.5)
        elif command == "m":
            x += int(a)
        else:
            cells |= {(y, x + i) for i in range(int(a))}
            x += int(a)
    return cells


def test_matrix_has_the_three_finder_patterns():
    matrix = qr_matrix("https://riversidephysio.example/v/clamshell")
    n = len(matrix)
    assert n % 4 == 1 and n >= 21  # 17 + 4 x version
    for r0, c0 in ((0, 0), (0, n - 7), (n - 7, 0)):
        ring = [matrix[r0][c0 + i] for i in range(7)] + [matrix[r0 + i][c0] for i in range(7)]
        assert all(ring)
        assert matrix[r0 + 3][c0 + 3] and not matrix[r0 + 1][c0 + 1]


def test_penalty_follows_the_standard_rules():
    blank = tuple(tuple(False for _ in range(5)) for _ in range(5))
    # 10 runs of 5 (3 each) + 16 one-colour 2x2 blocks (3 each) + all light: 50 points off balance (100).
    assert penalty(blank) == 30 + 48 + 100
    checker = [tuple((r + c) % 2 == 0 for c in range(11)) for r in range(11)]
    checker[5] = tuple(ch == "1" for ch in "10111010000")
    assert penalty(tuple(checker)) == 40  # one finder-like pattern, nothing else


def test_the_chosen_mask_scores_lowest():
    from reportlab.graphics.barcode.qr import QrCodeWidget

    url = "https://riversidephysio.example/v/hip-hike"
    qr = QrCodeWidget(url, barLevel="M").qr
    qr.version = qr.calculate_version()
    scores = []
    for mask in range(8):
        qr.makeImpl(False, mask)
        scores.append(penalty(tuple(tuple(bool(m) for m in row) for row in qr.modules)))
    assert penalty(qr_matrix(url)) == min(scores)


def test_svg_draws_exactly_the_dark_modules_inside_a_quiet_zone():
    url = "https://riversidephysio.example/v/side-plank"
    svg = qr_svg(url, size_mm=20)
    root = ET.fromstring(svg)
    matrix = qr_matrix(url)
    n = len(matrix) + 2 * QUIET_ZONE
    assert root.get("viewBox") == f"0 0 {n} {n}"
    assert root.get("width") == root.get("height") == "20mm"
    assert root.get("role") == "img" and url in root.find(f"{SVG}title").text
    expected = {(r + QUIET_ZONE, c + QUIET_ZONE) for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark}
    assert _dark_modules(svg) == expected
    # Quiet zone: four clear modules on every side, on a white background.
    assert all(QUIET_ZONE <= r < n - QUIET_ZONE and QUIET_ZONE <= c < n - QUIET_ZONE for r, c in expected)
    assert root.find(f"{SVG}rect").get("fill") == "#ffffff"
    assert root.get("shape-rendering") == "crispEdges"


def test_label_is_escaped():
    svg = qr_svg("https://x.example/v/a", label='Video of "hips" & <knees>')
    assert ET.fromstring(svg).get("aria-label") == 'Video of "hips" & <knees>'


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_every_video_qr_decodes_to_its_url_at_150_dpi(tmp_path):
    from weasyprint import HTML

    from handouts.handouts.exercise_sheets import QR_MM

    urls = _video_urls()
    cells = "".join(f'<div class="cell">{qr_svg(url, size_mm=QR_MM)}<p>{url}</p></div>' for url in urls)
    html = (
        f"<html><head><style>{font_face_css()} @page {{ size: letter; margin: 15mm }}"
        " body { font: 12pt 'Source Sans Pro' } .cell { display: inline-block; width: 80mm; margin: 0 0 8mm }"
        " svg { display: block }</style></head><body>" + cells + "</body></html>"
    )
    pdf = tmp_path / "qr.pdf"
    HTML(string=html).write_pdf(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    decoded = []
    for png in sorted(tmp_path.glob("page*.png")):
        result = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
        decoded += result.stdout.splitlines()
    assert sorted(decoded) == sorted(urls)
