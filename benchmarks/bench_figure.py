"""How long `handouts figure EXERCISE` takes for its own work: drawing one exercise, then writing SVG or PNG.

Measured in-process after loading the content once (start-up and loading are the same for every command), and
the whole command as a fresh process for comparison. Prints the slowest exercise's fastest run.
Goal (issue: authoring): well under a second of its own work.
Run: python benchmarks/bench_figure.py [--runs N]
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handouts.authoring.figure import exercise_figure, standalone_svg, svg_to_png
from handouts.content.load import load_content
from handouts.content.project import find_project

GOAL_MS = 1000.0


def best_ms(work, runs: int) -> float:
    """Return the fastest of `runs` calls of `work` in milliseconds (the slower runs measure the neighbours)."""
    work()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    content = load_content(find_project())
    ids = [i for i, e in content.exercises.items() if e.figure is not None]
    svg = {i: best_ms(lambda i=i: standalone_svg(exercise_figure(content, i)), args.runs) for i in ids}
    png = {i: best_ms(lambda i=i: svg_to_png(standalone_svg(exercise_figure(content, i))), args.runs) for i in ids}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figure.png"
        command = [sys.executable, "-m", "handouts", "figure", ids[0], "--out", str(out)]
        process = best_ms(lambda: subprocess.run(command, check=True, capture_output=True), max(3, args.runs // 3))
    slow_svg, slow_png = max(svg, key=svg.get), max(png, key=png.get)
    print(f"own work, SVG: {svg[slow_svg]:.1f} ms (slowest: {slow_svg}); "
          f"PNG: {png[slow_png]:.1f} ms (slowest: {slow_png})")
    print(f"whole command as a fresh process (start-up, content loading, PNG): {process:.0f} ms")
    verdict = "meets" if png[slow_png] <= GOAL_MS / 10 else "misses"
    print(f"{verdict} the goal: own work under a tenth of {GOAL_MS:.0f} ms")


if __name__ == "__main__":
    main()
