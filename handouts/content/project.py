"""Find a project folder: --project, else the nearest handouts.toml upward, else the shipped default."""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from handouts.errors import ProjectNotFound, SandboxViolation

CONFIG_NAME = "handouts.toml"
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Project:
    """A folder holding handouts.toml with data/, templates/ and assets/."""

    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def assets_dir(self) -> Path:
        return self.root / "assets"

    @property
    def is_shipped_example(self) -> bool:
        """True for the fictional clinic that ships with handouts, which no command should use unannounced."""
        return self.root == default_project_root().resolve()

    @property
    def build_dir(self) -> Path:
        """Where built packs go by default: build/ inside the project.

        The shipped example may live inside an installed package, so its packs go to build/ in the current folder.
        """
        return Path("build") if self.is_shipped_example else self.root / "build"

    def asset(self, path: str) -> Path:
        """Return the file a project-relative asset path names, refusing any path that could leave the project."""
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or ":" in path or "\\" in path:
            raise SandboxViolation(f"asset path '{path}' must be relative to the project and stay inside it")
        target = (self.root / pure).resolve()
        if not target.is_relative_to(self.root):
            raise SandboxViolation(f"asset path '{path}' leaves the project folder")
        return target

    def relative(self, path: Path) -> str:
        """Return `path` as the user should see it: relative to the project root when inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def default_project_root() -> Path:
    """Return the shipped default project: the source checkout, or the copy inside an installed wheel."""
    checkout = _PACKAGE_DIR.parent
    if (checkout / CONFIG_NAME).is_file() and (checkout / "data").is_dir():
        return checkout
    return _PACKAGE_DIR / "_default"


def find_project(explicit: Path | None = None, start: Path | None = None) -> Project:
    """Return the project named by `explicit`, else the nearest one upward from `start`, else the default."""
    if explicit is not None:
        root = explicit.expanduser().resolve()
        if not (root / CONFIG_NAME).is_file():
            raise ProjectNotFound(f"{explicit}: no {CONFIG_NAME} here; is this a handouts project?")
        return Project(root)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Project(folder)
    # A folder with content but no handouts.toml is someone's half-made project: building the fictional
    # clinic's packs from it instead would look like success.
    held = [name for name in ("data", "templates") if (here / name).is_dir()]
    if held:
        raise ProjectNotFound(
            f"{here}: holds {' and '.join(n + '/' for n in held)} but no {CONFIG_NAME} here or above; "
            "make it a project with `handouts init . --force` (keeps your files) or name one with --project DIR"
        )
    return Project(default_project_root().resolve())
