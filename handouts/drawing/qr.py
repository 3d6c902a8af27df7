"""QR codes as inline vector SVG, encoded by reportlab's QR widget."""

import re
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from reportlab.graphics.barcode.qr import QrCodeWidget

QUIET_ZONE = 4  # modules of white margin the QR standard asks for


@lru_cache(maxsize=256)
def qr_matrix(data: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """Return the QR module matrix of `data` (True = dark), rows top to bottom, encoded by reportlab.

    reportlab builds each of the eight masked symbols; the mask is chosen here, by the standard's penalty
    rules, because reportlab's own scoring takes most of the encoding time.
    """
    qr = QrCodeWidget(data, barLevel=level).qr
    qr.version = qr.calculate_version()
    candidates = []
    for mask in range(8):
        qr.makeImpl(False, mask)
        candidates.append(tuple(tuple(bool(m) for m in row) for row in qr.modules))
    return min(candidates, key=penalty)


_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")
_RUN = re.compile(r"0{5,}|1{5,}")


def penalty(matrix: tuple[tuple[bool, ...], ...]) -> int:
    """Return the QR standard's penalty score of a masked symbol; the lowest-scoring mask reads best."""
    rows = ["".join("1" if m else "0" for m in row) for row in matrix]
    lines = rows + ["".join(col) for col in zip(*rows)]
    n = len(rows)
    # Runs of five or more modules of one colour, across and down.
    score = sum(len(run.group()) - 2 for line in lines for run in _RUN.finditer(line))
    # 2 x 2 blocks of one colour.
    full = (1 << n) - 1
    bits = [int(row, 2) for row in rows]
    for upper, lower in zip(bits, bits[1:]):
        same_down = ~(upper ^ lower) & full
        same_across = ~(upper ^ (upper >> 1)) & (full >> 1)
        score += 3 * bin(same_down & (same_down >> 1) & same_across).count("1")
    # Patterns that look like a finder pattern.
    score += 40 * sum(len(_FINDER_LIKE.findall(line)) for line in lines)
    # Balance of dark and light.
    dark = sum(row.count("1") for row in rows)
    score += 10 * (abs(dark * 100 // (n * n) - 50) // 5)
    return score


def qr_svg(data: str, size_mm: float = 24.0, level: str = "M", label: str | None = None) -> str:
    """Return an accessible SVG of the QR code of `data`, `size_mm` wide including its quiet zone."""
    matrix = qr_matrix(data, level)
    n = len(matrix) + 2 * QUIET_ZONE
    # Each row of dark modules is one stroke of width 1 along the row's centre line: far fewer path
    # commands than a rectangle per run, which keeps WeasyPrint's SVG parsing quick.
    rows = []
    for r, row in enumerate(matrix):
        runs = _runs(row)
        if not runs:
            continue
        x = 0
        steps = [f"M{runs[0][0] + QUIET_ZONE} {r + QUIET_ZONE}.5"]
        for i, (start, length) in enumerate(runs):
            if i:
                steps.append(f"m{start - x} 0")
            steps.append(f"h{length}")
            x = start + length
        rows.append("".join(steps))
    name = label or f"QR code linking to {data}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label={quoteattr(name)} '
        f'viewBox="0 0 {n} {n}" width="{size_mm:g}mm" height="{size_mm:g}mm" shape-rendering="crispEdges">'
        f"<title>{escape(name)}</title>"
        f'<rect width="{n}" height="{n}" fill="#ffffff"/>'
        f'<path stroke="#000000" stroke-width="1" fill="none" d="{"".join(rows)}"/></svg>'
    )


def _runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    """Return (start, length) of each run of dark modules in a row."""
    runs, c = [], 0
    while c < len(row):
        if row[c]:
            start = c
            while c < len(row) and row[c]:
                c += 1
            runs.append((start, c - start))
        else:
            c += 1
    return runs
