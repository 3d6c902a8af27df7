"""What the benchmarks measure with: the CPU time of a child process, which a busy machine disturbs least."""

import resource
import subprocess


def cpu_of(command: list[str]) -> float:
    """Return the CPU seconds (user + system) the child process `command` used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
