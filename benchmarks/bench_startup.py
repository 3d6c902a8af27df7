"""Start-up: `handouts --help` against `python -c "import typer"`, whole processes, alternating, one run.

Goal (issue: speed where people wait): `handouts --help` <= 1.5x `import typer`. Figures are CPU seconds of the
child processes (resource.getrusage), compared as a ratio: the machine is shared, so wall-clock times are not.
Also prints `handouts check`'s ratio and whether it imported any drawing code.
Run: python benchmarks/bench_startup.py [--runs N]
"""

import argparse
import statistics
import subprocess
import sys

from timing import cpu_of  # benchmarks/timing.py: run as `python benchmarks/NAME.py`

DRAWING = ("weasyprint", "reportlab", "pikepdf", "handouts.drawing", "cairosvg", "pypdfium2")



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import typer": [python, "-c", "import typer"],
        "handouts --help": [python, "-m", "handouts", "--help"],
        "handouts check": [python, "-m", "handouts", "check"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):  # interleaved, so a busy spell on the machine hits every command alike
        for name, command in commands.items():
            try:
                times[name].append(cpu_of(command))
            except subprocess.CalledProcessError:  # `check` exits 1 on warnings-as-errors; its cost still counts
                times[name].append(float("nan"))
    median = {name: statistics.median(t for t in values if t == t) for name, values in times.items()}
    for name, value in median.items():
        print(f"{name:18} {value * 1000:7.1f} ms CPU (median of {args.runs})")
    print(f"handouts --help / import typer: {median['handouts --help'] / median['import typer']:.2f}x (goal <= 1.5x)")
    print(f"handouts check / import typer:  {median['handouts check'] / median['import typer']:.2f}x")
    probe = ("import sys, runpy; sys.argv = ['handouts', 'check']\n"
             "try:\n    runpy.run_module('handouts', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             f"print(sorted(m for m in {DRAWING!r} if m in sys.modules))")
    loaded = subprocess.run([python, "-c", probe], capture_output=True, text=True).stdout.strip().splitlines()[-1]
    print(f"drawing modules `handouts check` imported: {loaded}")


if __name__ == "__main__":
    main()
