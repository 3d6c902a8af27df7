"""The tracker and checklist stylesheets of `main` against this checkout's, side by side in one run.

Issue "speed where people wait", cheaper pages: the whole `handouts build --class hip-strength` should cost
<= 0.8x what it cost with main's stylesheets. Two copies of this project are made in a temporary folder: "old"
gets main's assets/css/{tracker,checklist,large-print}.css (from `git show`), "new" keeps this checkout's. Each
run is a fresh child process (`handouts build --force`), old and new alternating, timed in CPU seconds
(user + system, from getrusage). A class holding only the tracker and the checklist times those pages apart.
The engine's share is timed too: a child process renders the pack's final HTML to PDF and reports the CPU of
that call alone (time.process_time), since the rest of a build (start-up, content checks) is the same for both.

Run: python benchmarks/bench_pages.py [--runs N] [--ref main] [--large-print]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import cpu_of  # benchmarks/timing.py: run as `python benchmarks/NAME.py`

ROOT = Path(__file__).resolve().parents[1]
STYLESHEETS = ["assets/css/tracker.css", "assets/css/checklist.css", "assets/css/large-print.css"]
PAGES_CLASS = "bench-pages"
# The hip-strength pack's tracker (its six exercises) and checklist, alone.
PAGES_CLASS_YAML = """\
title: Tracker and checklist
date: 2026-11-28
time: "10:00–11:15"
place: Studio 2
instructor: Maya Lindqvist, PT, DPT
reviewed_by: Maya Lindqvist, PT, DPT
reviewed_on: 2026-11-02
handouts:
  - type: tracker
    exercises: [clamshell, lateral-band-walk, single-leg-balance, standing-hip-hike, single-leg-romanian-deadlift,
      hip-airplane]
  - type: checklist
    checklist: injury-risk
"""


ENGINE = """
import sys, time
from pathlib import Path
from handouts.content.load import load_content
from handouts.content.edition import Edition
from handouts.rendering.pack import render_html
from handouts.rendering.pdf import render_pdf
from handouts.content.project import find_project
content = load_content(find_project(Path(sys.argv[1])))
html = render_html(content, sys.argv[2], Edition(large_print=sys.argv[3] == "1"))
render_pdf(html, content.root, forms=True)  # warm-up: fonts, stylesheets
start = time.process_time()
render_pdf(html, content.root, forms=True)
print(time.process_time() - start)
"""


def engine_cpu(project: Path, class_id: str, large_print: bool) -> float:
    """Return the CPU seconds one render of the pack's HTML to PDF took, in a fresh child process."""
    command = [sys.executable, "-c", ENGINE, str(project), class_id, "1" if large_print else "0"]
    return float(subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()[-1])



def make_copy(folder: Path, ref: str | None) -> Path:
    """Copy the project to `folder`, with `ref`'s stylesheets when given, and add the pages-only class."""
    folder.mkdir()
    for name in ("handouts.toml", "data", "templates", "assets"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy2(source, folder / name)
    if ref:
        for path in STYLESHEETS:
            text = subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{ref}:{path}"], check=True, capture_output=True, text=True
            ).stdout
            (folder / path).write_text(text, encoding="utf-8")
    (folder / "data" / "classes" / f"{PAGES_CLASS}.yaml").write_text(PAGES_CLASS_YAML, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ref", default="main", help="git ref whose stylesheets are 'old' (default: main)")
    parser.add_argument("--large-print", action="store_true", help="time the large-print edition")
    args = parser.parse_args()
    handouts = shutil.which("handouts") or str(Path(sys.executable).with_name("handouts"))
    extra = ["--large-print"] if args.large_print else []
    with tempfile.TemporaryDirectory() as tmp:
        projects = {"old": make_copy(Path(tmp, "old"), args.ref), "new": make_copy(Path(tmp, "new"), None)}
        results = {}
        for class_id in ("hip-strength", PAGES_CLASS):
            commands = {
                which: [handouts, "build", "--class", class_id, "--project", str(project), "--out",
                        f"{tmp}/out-{which}", "--force", *extra]
                for which, project in projects.items()
            }
            for command in commands.values():
                cpu_of(command)  # warm-up: file caches, and each pack to compare afterwards
            samples: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(args.runs):  # paired: old then new, so drift in machine load hits both alike
                for which, command in commands.items():
                    samples[which].append(cpu_of(command))
            results[class_id] = {which: statistics.median(values) for which, values in samples.items()}
            engine: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(args.runs):
                for which, project in projects.items():
                    engine[which].append(engine_cpu(project, class_id, args.large_print))
            results[f"{class_id} engine"] = {which: statistics.median(values) for which, values in engine.items()}
        pages = {
            which: subprocess.run(
                ["pdfinfo", str(next(Path(tmp, f"out-{which}", "hip-strength").glob("*.pdf")))],
                check=True, capture_output=True, text=True,
            ).stdout.split("Pages:")[1].split()[0]
            for which in projects
        }

    edition = " --large-print" if args.large_print else ""
    print(f"old = stylesheets from {args.ref}, new = this checkout; median CPU of {args.runs} paired runs each")
    for class_id, label in (("hip-strength", "whole build"), (PAGES_CLASS, "tracker + checklist alone")):
        old, new = results[class_id]["old"], results[class_id]["new"]
        goal = " (goal <= 0.8x)" if class_id == "hip-strength" else ""
        print(f"{label:26s} handouts build --class {class_id}{edition}: old {old:.3f} s, new {new:.3f} s, "
              f"ratio new/old {new / old:.2f}x{goal}")
        old, new = results[f"{class_id} engine"]["old"], results[f"{class_id} engine"]["new"]
        print(f"{'':26s} its HTML to PDF alone (render_pdf): old {old:.3f} s, new {new:.3f} s, "
              f"ratio new/old {new / old:.2f}x")
    print(f"hip-strength pages: old {pages['old']}, new {pages['new']}")


if __name__ == "__main__":
    main()
