"""Break each promise the suite guards, one at a time, and name the test that notices.

Each mutation replaces the body of one function in a copy of the repository (the working tree is never
touched), runs the tests that should guard it against that copy, and reports the first test that failed, or
SURVIVED when none did. Tests that already fail without any mutation are deselected first, so a test that was
broken anyway is never credited with a catch.

    python benchmarks/mutate.py            # every mutation
    python benchmarks/mutate.py ledger     # the ones whose name contains "ledger"

Not a CI step: it runs the chosen test files once per mutation plus once unmutated (minutes, not seconds).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str  # relative to the repository
    function: str  # the function (or method) whose body is replaced
    body: str  # the new body, as Python source at zero indentation
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation(
        "sandbox fetcher allows anything", "handouts/rendering/pdf.py", "fetch",
        "return super().fetch(url, headers)",
        ("tests/test_sandbox.py", "tests/test_render_safety.py"),
    ),
    Mutation(
        "write_atomically writes in place (atomic)", "handouts/files.py", "write_atomically",
        # In place, but with the same modes, so only the all-or-nothing promise is broken.
        "target.parent.mkdir(parents=True, exist_ok=True)\n"
        "fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o666)\n"
        "with os.fdopen(fd, 'wb') as file:\n    file.write(data)",
        ("tests/test_files.py", "tests/test_interrupt.py"),
    ),
    Mutation(
        "ledger never records", "handouts/delivery/ledger.py", "record",
        "return None",
        ("tests/test_email.py", "tests/test_delivery.py"),
    ),
    Mutation(
        "fingerprint is a constant", "handouts/content/fingerprint.py", "source_fingerprint",
        'return "0badc0de"',
        ("tests/test_fingerprint.py", "tests/test_print_variants.py"),
    ),
    Mutation(
        "map coverage check returns nothing", "handouts/content/checks/coverage.py", "coverage_problems",
        "return [], []",
        ("tests/test_musclemap.py", "tests/test_validation.py"),
    ),
    Mutation(
        "contrast check returns nothing", "handouts/content/checks/contrast.py", "contrast_problems",
        "return []",
        ("tests/test_validation.py", "tests/test_musclemap.py"),
    ),
]


def mutate_source(source: str, function: str, body: str) -> str:
    """Return `source` with the body of the first function named `function` replaced by `body`.

    The docstring stays (so the function still reads as documented); everything after it is replaced.
    """
    tree = ast.parse(source)
    node = next(
        (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == function),
        None,
    )
    if node is None:
        raise LookupError(f"no function '{function}'")
    first = node.body[0]
    keep = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
    start = node.body[1].lineno if keep and len(node.body) > 1 else first.lineno if not keep else None
    lines = source.splitlines(keepends=True)
    indent = re.match(r"\s*", lines[first.lineno - 1]).group(0)  # type: ignore[union-attr]
    new = textwrap.indent(body.strip() + "\n", indent)
    if start is None:  # a docstring and nothing else
        return "".join(lines[: node.end_lineno]) + new + "".join(lines[node.end_lineno :])
    return "".join(lines[: start - 1]) + new + "".join(lines[node.end_lineno :])


def copy_repository(into: Path) -> Path:
    """Copy the files git knows (tracked and untracked-but-not-ignored) into `into`/repo."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    target = into / "repo"
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def run_tests(repo: Path, tests: tuple[str, ...], *extra: str) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, so `import handouts` finds the mutated package, not the installed one.
    env = {**os.environ, "PYTHONPATH": str(repo), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "-rf", *extra, *tests]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=1800)


def failed_tests(output: str) -> list[str]:
    return re.findall(r"^FAILED (\S+)", output, re.MULTILINE) + re.findall(r"^ERROR (\S+)", output, re.MULTILINE)


def main(argv: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not argv or any(a.lower() in m.name.lower() for a in argv)]
    with tempfile.TemporaryDirectory(prefix="handouts-mutate-") as tmp:
        repo = copy_repository(Path(tmp))
        files = tuple(dict.fromkeys(t for m in chosen for t in m.tests))
        print(f"unmutated run of {len(files)} test files ...", flush=True)
        baseline = set(failed_tests(run_tests(repo, files).stdout))
        if baseline:
            print(f"deselected, failing without any mutation: {', '.join(sorted(baseline))}")
        rows = []
        for mutation in chosen:
            path = repo / mutation.file
            original = path.read_text(encoding="utf-8")
            path.write_text(mutate_source(original, mutation.function, mutation.body), encoding="utf-8")
            started = time.monotonic()
            try:
                deselect = [f"--deselect={t}" for t in sorted(baseline)]
                result = run_tests(repo, mutation.tests, "-x", *deselect)
            finally:
                path.write_text(original, encoding="utf-8")
            caught = failed_tests(result.stdout)
            rows.append((mutation, caught[0] if caught else "SURVIVED", time.monotonic() - started))
            print(f"{mutation.name}: {rows[-1][1]}", flush=True)
    print()
    print("| mutation | where | caught by | seconds |")
    print("| --- | --- | --- | --- |")
    for mutation, caught, seconds in rows:
        print(f"| {mutation.name} | `{mutation.file}::{mutation.function}` | {caught} | {seconds:.0f} |")
    return 1 if any(caught == "SURVIVED" for _, caught, _ in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
