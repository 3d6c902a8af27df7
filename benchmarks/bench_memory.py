"""Peak memory of `handouts build --roster` for a big roster: the whole command, as a person runs it.

Goal (issue: speed where people wait): keep the 5,000-row peak under 200 MB. Measured on the real command,
`handouts build --class ID --roster ROSTER.csv --out TMP --force`, run as a child of this script:
- peak RSS of every process of the command: the kernel's high-water mark of each finished child
  (resource.getrusage(RUSAGE_CHILDREN).ru_maxrss is the largest of them);
- peak of the process tree at once: the command and all its descendants' PSS summed, sampled every 10 ms
  from /proc (a lower bound between samples, but it counts processes that run side by side); the small probe
  interpreter that starts the command and reads its ru_maxrss is not counted;
  a helper caught between fork and exec (ctypes' find_library starts gcc and ld at import) can be counted with
  its parent's pages twice, so the goal is judged on the largest process's kernel figure, this one a cross-check;
- the same command with a small roster (--small rows), so the rows' own share shows: peak(N) - peak(small).
Run: python benchmarks/bench_memory.py [--rows N] [--small N] [--class ID]
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_personalise import people  # noqa: E402 - the same names as the copy benchmark


def descendants_pss_mb(pid: int) -> list[tuple[str, float]]:
    """Return (command, PSS in MB) of each live descendant of `pid` (not `pid` itself).

    PSS, not RSS: a child forked to run a helper (ctypes' find_library runs gcc and ldconfig that way) shares
    its parent's pages, and summing RSS would count them twice.
    """
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            if current != pid:
                with open(f"/proc/{current}/smaps_rollup") as rollup:
                    pss = next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
                with open(f"/proc/{current}/cmdline", "rb") as cmdline:
                    words = cmdline.read().split(b"\0")
                found.append((" ".join(Path(w.decode(errors="replace")).name for w in words[:3]), pss / 1024))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


def measure(rows: int, class_id: str, folder: Path) -> tuple[float, float, float, list]:
    """Run `build --roster` with `rows` participants: (largest process peak, tree peak, seconds, tree then)."""
    roster = folder / f"roster-{rows}.csv"
    roster.write_text("Name,Email\n" + "".join(f"{n},{e}\n" for n, e in people(rows)), encoding="utf-8")
    out = folder / f"out-{rows}"
    handouts = shutil.which("handouts") or str(Path(sys.executable).with_name("handouts"))
    command = [handouts, "build", "--class", class_id, "--roster", str(roster), "--out", str(out), "--force"]
    # A fresh interpreter for each measurement: ru_maxrss of children is the largest since this one started.
    probe = [sys.executable, "-c", (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, time.perf_counter() - start)\n"
    ), *command]
    process = subprocess.Popen(probe, stdout=subprocess.PIPE, text=True)
    tree_peak, tree_then = 0.0, []
    while process.poll() is None:
        tree = descendants_pss_mb(process.pid)
        if sum(pss for _, pss in tree) > tree_peak:
            tree_peak, tree_then = sum(pss for _, pss in tree), tree
        time.sleep(0.01)
    output = process.stdout.read().split()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed")
    made = len(list((out / class_id / "participants").glob("*.pdf")))
    assert made == rows, (made, rows)
    return float(output[0]), tree_peak, float(output[1]), tree_then


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--small", type=int, default=10, help="rows of the comparison roster (0: skip)")
    parser.add_argument("--class", dest="class_id", default="hip-strength")
    args = parser.parse_args()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for rows in ([args.small] if args.small else []) + [args.rows]:
            results[rows] = measure(rows, args.class_id, Path(tmp))
    print(f"`handouts build --class {args.class_id} --roster ROSTER --force` (this script: {own:.0f} MB, not counted)")
    for rows, (largest, tree, seconds, then) in results.items():
        print(f"{rows:>6} rows: largest process peak {largest:6.1f} MB, tree peak (PSS, sampled) {tree:6.1f} MB, "
              f"{seconds:5.1f} s")
        print("        the tree at its peak: " + "; ".join(f"{command} {pss:.1f} MB" for command, pss in then))
    largest = results[args.rows][0]
    if args.small:
        print(f"rows' own share: {largest - results[args.small][0]:+.1f} MB over {args.small} rows")
    print(f"goal: peak <= 200 MB for {args.rows} rows: {'met' if largest <= 200 else 'NOT met'} ({largest:.0f} MB)")


if __name__ == "__main__":
    main()
