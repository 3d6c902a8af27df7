"""The muscle map: the project's body atlas drawn with a class's muscles highlighted, called out and explained.

Names load on first use, so `handouts check` can read the atlas (atlas.py) without importing the drawing code.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AtlasError": "handouts.atlas_index",
    "read_index": "handouts.atlas_index",
    "Body": "handouts.musclemap.geometry",
    "Colours": "handouts.musclemap.style",
    "MuscleMap": "handouts.musclemap.render",
    "render_muscle_map": "handouts.musclemap.render",
    "prepare": "handouts.musclemap.handout",
    "map_muscles": "handouts.musclemap.selection",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'handouts.musclemap' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
