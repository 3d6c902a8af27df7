"""`build --all` in worker processes against the same build rendered in turn, whole processes, one run.

Wall time is the figure that matters here (the work is the same, spread over cores), so it is reported as a
ratio of the two in alternating pairs; CPU time (of the children, resource.getrusage) is shown to tell what the
workers cost extra. On a shared machine the gain depends on how many cores are free at the time.
Run: python benchmarks/bench_build_all.py [--pairs N]
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(command: list[str]) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds of the children) of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2)
    args = parser.parse_args()
    handouts = shutil.which("handouts") or str(Path(sys.executable).with_name("handouts"))
    jobs = str(len(os.sched_getaffinity(0)))
    results: dict[str, list[tuple[float, float]]] = {"serial": [], f"{jobs} workers": []}
    with tempfile.TemporaryDirectory() as tmp:
        for pair in range(args.pairs):
            order = [("serial", "1"), (f"{jobs} workers", jobs)]
            for name, count in order if pair % 2 == 0 else order[::-1]:
                out = Path(tmp) / name
                results[name].append(run([handouts, "build", "--all", "--force", "--jobs", count, "--out", str(out)]))
        serial, parallel = (Path(tmp) / name for name in results)
        same = all(path.read_bytes() == (parallel / path.relative_to(serial)).read_bytes()
                   for path in serial.rglob("*.pdf"))
    for name, values in results.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"{name:10} {wall:6.1f} s wall, {cpu:6.1f} s CPU (median of {args.pairs})")
    walls = [statistics.median(v[0] for v in values) for values in results.values()]
    print(f"parallel / serial wall: {walls[1] / walls[0]:.2f}x; packs byte-identical: {same}")


if __name__ == "__main__":
    main()
