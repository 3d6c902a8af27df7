"""Personal copies (render once, stamp each) against full WeasyPrint re-renders, and peak memory for a big roster.

Goals (issue #7): 1,000 personal copies ≥ 30× faster than 1,000 re-renders (extrapolated from a measured sample
of renders of the same pack in the same run); peak RSS ≤ 300 MB for a 5,000-row roster (measured in a fresh
subprocess that reads the CSV, renders the base once and writes every copy).
Run: cd /work/main && PYTHONPATH=. .venv/bin/python benchmarks/bench_personalise.py [--copies N] [--rows N]
"""

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handouts.content import load_content
from handouts.personalise import class_details, personalise, personalise_class
from handouts.project import find_project
from handouts.roster import Participant, read_roster

FIRST = ["José", "Ana", "Zoë", "Łukasz", "Siobhán", "Mohammed", "Mei", "Sam", "Françoise", "Björn"]
LAST = ["Núñez", "Ruiz", "O’Brien", "Schmidt", "Nguyễn", "Kowalski", "Lindqvist", "Lee", "Dubois", "Øster"]


def people(count: int) -> list[tuple[str, str]]:
    """Return `count` (name, email) pairs; names repeat, as real rosters' do."""
    return [
        (f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}", f"participant{i}@example.com")
        for i in range(count)
    ]


def render_once(content, class_id: str) -> tuple[bytes, float]:
    """Render the pack the way the core does and return the PDF and the seconds it took."""
    from handouts.pack import render_html
    from handouts.pdf import render_pdf

    start = time.perf_counter()
    data = render_pdf(render_html(content, class_id), content.root).data
    return data, time.perf_counter() - start


def memory_child(rows: int, class_id: str) -> None:
    """In a fresh process: read a `rows`-row CSV, render the base once, write every copy; print peak RSS in MB."""
    content = load_content(find_project(None))
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "roster.csv"
        csv.write_text("Name,Email\n" + "".join(f"{n},{e}\n" for n, e in people(rows)), encoding="utf-8")
        start = time.perf_counter()
        made = personalise_class(content, class_id, read_roster(csv), Path(tmp) / "out")
        seconds = time.perf_counter() - start
        assert len(made.copies) == rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:.0f} {seconds:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--renders", type=int, default=5, help="full renders measured to extrapolate from")
    parser.add_argument("--rows", type=int, default=5000, help="roster size for the memory measurement (0: skip)")
    parser.add_argument("--class", dest="class_id", default="hip-strength")
    parser.add_argument("--child-memory", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory:
        memory_child(args.child_memory, args.class_id)
        return

    content = load_content(find_project(None))
    details = class_details(content, args.class_id)
    base, _ = render_once(content, args.class_id)  # warm-up: fonts, imports
    renders = [render_once(content, args.class_id)[1] for _ in range(args.renders)]
    per_render = sum(renders) / len(renders)
    print(f"full render of '{args.class_id}' ({len(base) / 1024:.0f} KB): {per_render:.2f} s each "
          f"(mean of {len(renders)}: {', '.join(f'{r:.2f}' for r in renders)})")

    roster = [Participant(name, email, i + 2) for i, (name, email) in enumerate(people(args.copies))]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        copies = personalise(roster, details, Path(tmp), lambda edition: base)
        stamping = time.perf_counter() - start
        assert len(copies) == args.copies
    with_render = stamping + per_render
    rerender = per_render * args.copies
    print(f"{args.copies} personal copies: {stamping:.1f} s stamping ({stamping / args.copies * 1000:.1f} ms each), "
          f"{with_render:.1f} s with the one base render")
    print(f"{args.copies} full re-renders (extrapolated): {rerender:.0f} s")
    speedup = rerender / with_render
    print(f"speed-up: {speedup:.0f}×  (goal ≥ 30×: {'met' if speedup >= 30 else 'NOT met'})")

    if args.rows:
        out = subprocess.run(
            [sys.executable, __file__, "--child-memory", str(args.rows), "--class", args.class_id],
            check=True, capture_output=True, text=True,
        ).stdout.split()
        peak, seconds = float(out[0]), float(out[1])
        print(f"{args.rows} rows end to end (CSV, one render, {args.rows} copies written): {seconds:.0f} s, "
              f"peak RSS {peak:.0f} MB  (goal ≤ 300 MB: {'met' if peak <= 300 else 'NOT met'})")


if __name__ == "__main__":
    main()
