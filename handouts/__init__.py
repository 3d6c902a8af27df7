"""Branded, printable, emailable PDF handouts for a clinic's wellness-series classes.

The library's public API is what `__all__` lists; everything else is internal and may move. A script builds a
pack and the personal copies like this:

    import handouts

    content = handouts.load_content(handouts.load_project("path/to/project"))
    built = handouts.build_pack(content, "hip-strength", Path("out"), handouts.Edition(duplex=True))
    roster = handouts.read_roster(Path("roster.csv"))
    handouts.personalise_class(content, "hip-strength", roster, Path("out"), edition=handouts.Edition(duplex=True))
    report = handouts.email_class(content, "hip-strength", roster, Path("out"))  # a dry run unless send=True

Names load on first use (PEP 562), so `import handouts` and `handouts --help` stay quick: WeasyPrint, the drawing
code and the mail code are imported only when a script or command reaches for them.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "Content": "handouts.content.corpus",
    "load_content": "handouts.content.load",
    "Project": "handouts.content.project",
    "Edition": "handouts.content.edition",
    "BuiltPack": "handouts.rendering.pack",
    "build_pack": "handouts.rendering.pack",
    "render_pack": "handouts.rendering.pack",
    "Roster": "handouts.delivery.roster",
    "read_roster": "handouts.delivery.roster",
    "PersonalCopy": "handouts.delivery.personalise",
    "personalise_class": "handouts.delivery.personalise",
    "EmailReport": "handouts.delivery.sender",
    "email_class": "handouts.delivery.sender",
    "HandoutsError": "handouts.errors",
    "ContentError": "handouts.errors",
    "Problem": "handouts.errors",
}

__all__ = [
    "BuiltPack",
    "Content",
    "ContentError",
    "Edition",
    "EmailReport",
    "HandoutsError",
    "PersonalCopy",
    "Problem",
    "Project",
    "Roster",
    "__version__",
    "build_pack",
    "email_class",
    "load_content",
    "load_project",
    "personalise_class",
    "read_roster",
    "render_pack",
]

if TYPE_CHECKING:
    from handouts.content.corpus import Content
    from handouts.content.edition import Edition
    from handouts.content.load import load_content
    from handouts.content.project import Project
    from handouts.delivery.personalise import PersonalCopy, personalise_class
    from handouts.delivery.roster import Roster, read_roster
    from handouts.delivery.sender import EmailReport, email_class
    from handouts.errors import ContentError, HandoutsError, Problem
    from handouts.rendering.pack import BuiltPack, build_pack, render_pack


def load_project(path: str | Path | None = None) -> Project:
    """Return the project at `path`; without one, the nearest handouts.toml upward from here, else the shipped one.

    Raises ProjectNotFound (a HandoutsError) when `path` holds no handouts.toml.
    """
    from handouts.content.project import find_project

    return find_project(Path(path) if path is not None else None)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'handouts' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
