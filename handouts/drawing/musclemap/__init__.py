"""The muscle map: the project's body atlas drawn with a class's muscles highlighted, called out and explained.

Names load on first use. The handout that places the map in a pack is handouts.handouts.musclemap; which
muscles a class highlights is content (handouts.content.map_selection).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Body": "handouts.drawing.musclemap.geometry",
    "Colours": "handouts.drawing.musclemap.style",
    "MuscleMap": "handouts.drawing.musclemap.render",
    "render_muscle_map": "handouts.drawing.musclemap.render",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'handouts.drawing.musclemap' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
