"""Render the checklist blank and filled in (as a participant would on a tablet) to PNGs for docs/.

Run: cd /work/main && PYTHONPATH=.:tests .venv/bin/python benchmarks/checklist_preview.py [--gray] [--out DIR]
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from checklist_page import ROOT, fill, render_checklist  # noqa: E402

# A participant with three training risks, two self-tests not passed and one warning sign: score 6.
FILLED = {
    "checklist-name": "Jordan Lee",
    "checklist-date": "12 Dec 2026",
    "checklist-distance-jump": "/on",
    "checklist-past-injury": "/on",
    "checklist-one-pair": "/on",
    "checklist-front-knee": "/on",
    "checklist-pain-notes": "Right knee, on stairs, about 3 weeks",
    "checklist-single-leg-squat": "/on",
    "checklist-leg-lift": "/on",
    "checklist-score": "6",
}


def to_png(pdf: Path, out: Path, gray: bool) -> None:
    """Rasterise every page at 80 dpi and put them side by side in one PNG."""
    with tempfile.TemporaryDirectory() as tmp:
        args = ["pdftoppm", "-png", "-r", "80", *(["-gray"] if gray else []), str(pdf), f"{tmp}/page"]
        subprocess.run(args, check=True)
        pages = [Image.open(p) for p in sorted(Path(tmp).glob("page-*.png"))]
        sheet = Image.new("RGB", (sum(p.width for p in pages) + 12 * (len(pages) - 1), pages[0].height), "#8a939b")
        x = 0
        for page in pages:
            sheet.paste(page, (x, 0))
            x += page.width + 12
        sheet.save(out)


def main() -> None:
    """Write checklist-blank.png and checklist-filled.png (and their PDFs next to them with --keep-pdf)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--gray", action="store_true", help="Render in grayscale, as an office printer would.")
    parser.add_argument("--paper", choices=["letter", "a4"], default="letter")
    parser.add_argument("--keep-pdf", action="store_true")
    args = parser.parse_args()
    rendered = render_checklist(args.paper)
    blank, pages = rendered.data, rendered.pages
    suffix = "-gray" if args.gray else ""
    with tempfile.TemporaryDirectory() as tmp:
        pdf_dir = args.out if args.keep_pdf else Path(tmp)
        for name, data in (("blank", blank), ("filled", fill(blank, FILLED))):
            pdf = pdf_dir / f"checklist-{name}.pdf"
            pdf.write_bytes(data)
            to_png(pdf, args.out / f"checklist-{name}{suffix}.png", args.gray)
    print(f"{pages} pages ({args.paper}); "
          f"wrote {args.out}/checklist-blank{suffix}.png and checklist-filled{suffix}.png")


if __name__ == "__main__":
    main()
