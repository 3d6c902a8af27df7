"""Text widths from the bundled typeface, so callout boxes are measured before anything is rendered."""

from functools import cache, lru_cache

from fontTools.ttLib import TTFont

from handouts.fonts import font_path


@cache
def _advances(weight: int, style: str) -> tuple[dict[int, float], float]:
    font = TTFont(font_path(weight, style), lazy=True)
    per_em = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / per_em for code, glyph in cmap.items()}
    return widths, metrics[".notdef"][0] / per_em


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, weight: int = 400, style: str = "normal") -> float:
    """Width of `text` set at `size` points, without kerning (which only ever tightens it a little)."""
    widths, missing = _advances(weight, style)
    return sum(widths.get(ord(ch), missing) for ch in text) * size


def wrap(text: str, size: float, max_width: float, weight: int = 400, style: str = "normal") -> list[str]:
    """Break `text` at spaces into lines no wider than `max_width` (a single long word keeps its own line)."""
    return list(_wrap(text, size, max_width, weight, style))


@lru_cache(maxsize=4096)
def _wrap(text: str, size: float, max_width: float, weight: int, style: str) -> tuple[str, ...]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(trial, size, weight, style) <= max_width:
            lines[-1] = trial
        else:
            lines.append(word)
    return tuple(lines or [""])
