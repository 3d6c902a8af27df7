"""Page measures read from the shipped stylesheets, so the Python that plans a page and the CSS that lays it out
cannot drift apart.

The CSS is the one source: `handouts/drawing/musclemap/pagefit.py` asks here for the page margins, the legend's column
width and the body type, instead of carrying copies with a "keep them in step" comment. Each sheet is parsed
once (tinycss2, no WeasyPrint) and lengths come back in points.
"""

from functools import cache
from pathlib import Path

from handouts.drawing.svg import PT_PER_MM

__all__ = ["PT_PER_MM", "MeasureMissing", "box", "declarations", "length", "lengths", "number"]
_POINTS_PER = {"mm": PT_PER_MM, "cm": 10 * PT_PER_MM, "in": 72.0, "pt": 1.0, "pc": 12.0, "px": 0.75}


class MeasureMissing(LookupError):
    """Raised when a stylesheet no longer declares a measure the Python layout relies on."""


def _css_dir() -> Path:
    from handouts.content.project import default_project_root

    return default_project_root() / "assets" / "css"


@cache
def declarations(sheet: str) -> dict[str, dict[str, list]]:
    """Return {selector: {property: value tokens}} of one shipped stylesheet; `@page` rules keyed as written."""
    import tinycss2

    text = (_css_dir() / sheet).read_text(encoding="utf-8")
    rules: dict[str, dict[str, list]] = {}
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            selector = tinycss2.serialize(rule.prelude).strip()
        elif rule.type == "at-rule" and rule.content is not None:
            selector = f"@{rule.lower_at_keyword} {tinycss2.serialize(rule.prelude).strip()}".strip()
        else:
            continue
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if item.type == "declaration":
                tokens = [t for t in item.value if t.type not in ("whitespace", "comment")]
                rules.setdefault(selector, {})[item.lower_name] = tokens
    return rules


def _tokens(sheet: str, selector: str, prop: str) -> list:
    try:
        return declarations(sheet)[selector][prop]
    except KeyError:
        raise MeasureMissing(f"assets/css/{sheet}: '{selector}' no longer sets '{prop}'") from None


def lengths(sheet: str, selector: str, prop: str) -> list[float]:
    """Return the lengths of one declaration in points (a shorthand gives several)."""
    out = []
    for token in _tokens(sheet, selector, prop):
        if token.type == "dimension" and token.lower_unit in _POINTS_PER:
            out.append(token.value * _POINTS_PER[token.lower_unit])
        elif token.type == "number" and token.value == 0:
            out.append(0.0)
        else:
            raise MeasureMissing(f"assets/css/{sheet}: '{selector}' {prop} is not a plain length")
    return out


def length(sheet: str, selector: str, prop: str) -> float:
    """Return a one-length declaration in points."""
    return lengths(sheet, selector, prop)[0]


def number(sheet: str, selector: str, prop: str) -> float:
    """Return a unitless declaration, such as a line-height factor."""
    tokens = _tokens(sheet, selector, prop)
    if len(tokens) != 1 or tokens[0].type != "number":
        raise MeasureMissing(f"assets/css/{sheet}: '{selector}' {prop} is not a plain number")
    return float(tokens[0].value)


def box(sheet: str, selector: str, prop: str) -> tuple[float, float, float, float]:
    """Return a margin or padding shorthand as (top, right, bottom, left) in points, as CSS expands it."""
    v = lengths(sheet, selector, prop)
    top, right, bottom, left = {1: v * 4, 2: v * 2, 3: [v[0], v[1], v[2], v[1]], 4: v}[len(v)]
    return top, right, bottom, left
