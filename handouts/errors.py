"""The one family of errors the CLI turns into a clean message and exit code 1."""

from dataclasses import dataclass


class HandoutsError(Exception):
    """Raised for anything the user can fix: the CLI prints it as one line and exits 1."""


class ProjectNotFound(HandoutsError):
    """Raised when --project names a folder without a handouts.toml, or content lies about without one."""


class UnknownClass(HandoutsError):
    """Raised when a class id names no file in data/classes/."""


class RenderError(HandoutsError):
    """Raised when a template or WeasyPrint cannot produce the pack."""


class SandboxViolation(RenderError):
    """Raised when a template, stylesheet or content reaches outside the project or to the network."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located as precisely as the source allows."""

    path: str
    line: int | None
    where: str
    message: str
    # A consequence of another file failing to load: listed after every root cause, whatever its file.
    knock_on: bool = False
    # A detail still to fill in (a placeholder, an example domain): `check` lists each; other commands count them.
    to_fill_in: bool = False

    def __str__(self) -> str:
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{location}: {self.where}: {self.message}" if self.where else f"{location}: {self.message}"


class ContentError(HandoutsError):
    """Raised once, after every content problem has been collected."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(problems, key=_reading_order)
        self.warnings = sorted(warnings or [], key=_reading_order)
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{lines}\n{count} problem{'s' if count != 1 else ''} found")


def _reading_order(problem: Problem) -> tuple[bool, str, int, str, str]:
    return (problem.knock_on, problem.path, problem.line or 0, problem.where, problem.message)


class FigureError(HandoutsError):
    """Raised when `handouts figure` has no figure to draw or cannot write the file asked for."""
