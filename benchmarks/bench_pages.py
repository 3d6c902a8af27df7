"""Cheaper pages: a whole pack build before the cheaper-pages work against this checkout's, paired in one run.

Issue "speed where people wait": the whole `handouts build --class hip-strength` should cost <= 0.8x what it
cost before. "Before" is put together from two commits, because content moved on in between (translations,
self-test pictures) and the whole tree of the first would not build the same pages:
- the tracker, checklist and large-print stylesheets at fa1c3fa (`BASELINE`), the commit before the first
  cheaper-pages commit (0013002): the pages as they were laid out when the issue asked for cheaper ones;
- the `handouts` code at 1fe9508 (`CODE_BASELINE`), main when the second round began: it has none of that work
  (the first round changed stylesheets only) and builds today's content.
`--ref REF` takes both the stylesheets and the code from REF (`--ref 1fe9508`: against the first round's result).

Two copies of this project are made in a temporary folder, "old" with those stylesheets and run on that code
(`git archive` into the folder, first on PYTHONPATH), "new" as checked out. Each run is a fresh child process
(`handouts build --force`), old and new alternating, timed in CPU seconds (user + system, from getrusage). Both
keep their user cache (NLTK data, reading grades) in the temporary folder, warmed by a first build as a
person's machine is; `--cold-grades` deletes the kept reading grades before every run. A class holding only the
tracker and the checklist times those pages apart. The engine's share is timed too: a child process renders
the pack's final HTML to PDF and reports the CPU of that call alone (time.process_time).

Run: python benchmarks/bench_pages.py [--runs N] [--ref REF] [--cold-grades] [--large-print]
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
BASELINE = "fa1c3fa"  # the commit before 0013002, the first cheaper-pages commit
CODE_BASELINE = "1fe9508"  # main when the second round began
STYLESHEETS = ["assets/css/tracker.css", "assets/css/checklist.css", "assets/css/large-print.css"]
CLI = "from handouts.cli import main; main()"
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
try:
    from handouts.content.edition import Edition
    from handouts.content.load import load_content
    from handouts.content.project import find_project
    from handouts.rendering.pack import render_html
    from handouts.rendering.pdf import render_pdf
except ImportError:  # the old side: the package before it was split into pipeline folders
    from handouts.content import load_content
    from handouts.edition import Edition
    from handouts.pack import render_html
    from handouts.pdf import render_pdf
    from handouts.project import find_project
content = load_content(find_project(Path(sys.argv[1])))
html = render_html(content, sys.argv[2], Edition(large_print=sys.argv[3] == "1"))
render_pdf(html, content.root, forms=True)  # warm-up: fonts, stylesheets
start = time.process_time()
render_pdf(html, content.root, forms=True)
print(time.process_time() - start)
"""


def python(code: Path, cache: Path) -> list[str]:
    """Return the start of a command running Python on the `handouts` package in `code`, with its own user cache.

    It runs in the cache's folder: `python -c` puts the working directory first on sys.path, and this checkout's
    own `handouts` must not answer for the old side.
    """
    cache.mkdir(exist_ok=True)
    return ["env", "-C", str(cache), f"PYTHONPATH={code}", f"XDG_CACHE_HOME={cache}", sys.executable]


def engine_cpu(side: list[str], project: Path, class_id: str, large_print: bool) -> float:
    """Return the CPU seconds one render of the pack's HTML to PDF took, in a fresh child process."""
    command = [*side, "-c", ENGINE, str(project), class_id, "1" if large_print else "0"]
    return float(subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()[-1])



def make_copy(folder: Path, stylesheets_at: str | None, source_root: Path = ROOT) -> Path:
    """Copy the project at `source_root` to `folder`, with the stylesheets at `stylesheets_at` when given; add the
    pages-only class. The old side takes its content from the old commit too: the old code cannot read content
    written for the new one."""
    folder.mkdir()
    for name in ("handouts.toml", "data", "templates", "assets"):
        source = source_root / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy2(source, folder / name)
    for path in STYLESHEETS if stylesheets_at else []:
        text = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{stylesheets_at}:{path}"], check=True, capture_output=True, text=True
        ).stdout
        (folder / path).write_text(text, encoding="utf-8")
    (folder / "data" / "classes" / f"{PAGES_CLASS}.yaml").write_text(PAGES_CLASS_YAML, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ref", help="take the old stylesheets and code from this commit")
    parser.add_argument("--cold-grades", action="store_true", help="delete the kept reading grades before each run")
    parser.add_argument("--large-print", action="store_true", help="time the large-print edition")
    args = parser.parse_args()
    extra = ["--large-print"] if args.large_print else []
    stylesheets_at, code_at = args.ref or BASELINE, args.ref or CODE_BASELINE
    with tempfile.TemporaryDirectory() as tmp:
        old_code = Path(tmp, "old-code")
        old_code.mkdir()
        # The package with the shipped project beside it, as in a checkout (handouts.content.project finds it there).
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", code_at, "handouts", "handouts.toml", "data",
                                  "templates", "assets", "locales"], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old_code)], input=archive, check=True)
        projects = {
            "old": make_copy(Path(tmp, "old"), stylesheets_at, old_code), "new": make_copy(Path(tmp, "new"), None)
        }
        sides = {"old": python(old_code, Path(tmp, "cache-old")), "new": python(ROOT, Path(tmp, "cache-new"))}
        results = {}
        for class_id in ("hip-strength", PAGES_CLASS):
            commands = {
                which: [*sides[which], "-c", CLI, "build", "--class", class_id, "--project", str(project),
                        "--out", f"{tmp}/out-{which}", "--force", *extra]
                for which, project in projects.items()
            }
            for command in commands.values():
                cpu_of(command)  # warm-up: file caches, each side's user cache, and each pack to compare afterwards
            samples: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(args.runs):  # paired: old then new, so drift in machine load hits both alike
                for which, command in commands.items():
                    if args.cold_grades:
                        for kept in Path(tmp, f"cache-{which}").glob("handouts/grades-*.json"):
                            kept.unlink()
                    samples[which].append(cpu_of(command))
            results[class_id] = {which: statistics.median(values) for which, values in samples.items()}
            engine: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(args.runs):
                for which, project in projects.items():
                    engine[which].append(engine_cpu(sides[which], project, class_id, args.large_print))
            results[f"{class_id} engine"] = {which: statistics.median(values) for which, values in engine.items()}
        pages = {
            which: subprocess.run(
                ["pdfinfo", str(next(Path(tmp, f"out-{which}", "hip-strength").glob("*.pdf")))],
                check=True, capture_output=True, text=True,
            ).stdout.split("Pages:")[1].split()[0]
            for which in projects
        }

    edition = " --large-print" if args.large_print else ""
    grades = "deleted before each run" if args.cold_grades else "kept from the warm-up"
    print(f"old = tracker/checklist/large-print stylesheets at {stylesheets_at}, handouts code at {code_at}; "
          f"new = this checkout; reading grades {grades}; median CPU of {args.runs} paired runs each")
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
