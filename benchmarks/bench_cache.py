"""An unchanged rebuild against a full build of the same pack, whole process, side by side in one run.

Goal (issue: speed where people wait): an up-to-date rebuild costs <= 0.1x a full build.
Run: python benchmarks/bench_cache.py [--runs N] [--class ID]
"""

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from timing import cpu_of  # benchmarks/timing.py: run as `python benchmarks/NAME.py`


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--class", dest="class_id", default="hip-strength")
    args = parser.parse_args()
    handouts = shutil.which("handouts") or str(Path(sys.executable).with_name("handouts"))
    with tempfile.TemporaryDirectory() as tmp:
        build = [handouts, "build", "--class", args.class_id, "--out", tmp]
        cpu_of(build)  # warm-up, and the build the unchanged runs find
        full, unchanged = [], []
        for _ in range(args.runs):  # paired: each full build is followed by an unchanged one
            full.append(cpu_of([*build, "--force"]))
            unchanged.append(cpu_of(build))
    full_s, unchanged_s = statistics.median(full), statistics.median(unchanged)
    print(f"full build (--force):  {full_s:.3f} s CPU (median of {args.runs})")
    print(f"unchanged rebuild:     {unchanged_s:.3f} s CPU")
    print(f"ratio unchanged / full: {unchanged_s / full_s:.3f}x (goal <= 0.1x)")


if __name__ == "__main__":
    main()
