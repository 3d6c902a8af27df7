"""Whole-process `handouts build --class hip-strength` against a bare WeasyPrint render of the same final HTML.

Also times `handouts --help` start-up. Goals (issue: print-ready output): build ≤ 1.2× the bare render;
--help ≤ 0.35 s. Run: python benchmarks/bench_build.py [--runs N] [--class ID]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handouts.content.load import load_content
from handouts.content.project import find_project
from handouts.rendering.pack import render_html

BARE = """
import sys
from weasyprint import HTML
HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(sys.argv[3], pdf_variant="pdf/ua-1", pdf_forms=True)
"""


def timed(command: list[str], runs: int) -> float:
    """Return the median wall time of `runs` runs of `command`, after one warm-up."""
    subprocess.run(command, check=True, capture_output=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--class", dest="class_id", default="hip-strength")
    args = parser.parse_args()

    content = load_content(find_project())
    handouts = shutil.which("handouts") or str(Path(sys.executable).with_name("handouts"))
    with tempfile.TemporaryDirectory() as tmp:
        # The bare render reads the same final HTML, with its relative URLs resolved inside the project.
        html_path = Path(tmp) / "final.html"
        html_path.write_text(render_html(content, args.class_id), encoding="utf-8")
        base_url = content.root.as_uri() + "/"
        bare = timed([sys.executable, "-c", BARE, str(html_path), base_url, f"{tmp}/bare.pdf"], args.runs)
        build = timed([handouts, "build", "--class", args.class_id, "--out", f"{tmp}/out"], args.runs)
        size = (Path(tmp) / "out" / args.class_id / f"{args.class_id}.pdf").stat().st_size
    help_time = timed([handouts, "--help"], args.runs)

    print(f"handouts build --class {args.class_id}: {build:.3f} s (median of {args.runs})")
    print(f"bare WeasyPrint render of the same HTML:  {bare:.3f} s")
    print(f"ratio build / bare: {build / bare:.2f}x (goal <= 1.2x)")
    print(f"pack size: {size / 1024:.0f} KB (goal <= 250 KB)")
    print(f"handouts --help: {help_time:.3f} s (goal <= 0.35 s)")


if __name__ == "__main__":
    main()
