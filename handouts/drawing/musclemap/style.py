"""Colours and fill patterns for the two highlight levels, chosen to stay apart when printed in grey."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["primary", "secondary"]

BODY_FILL = "#f3f4f5"
BODY_LINE = "#7d8791"
MUSCLE_LINE = "#a9b1b9"
# Words on the map in grey (FRONT, BACK, "deep") still reach 4.5:1 against white (WCAG AA for small text).
CAPTION = "#5a6470"
# A light edge keeps neighbouring dark muscles apart; a coloured one frames the pale level.
EDGE = {"primary": 0.8, "secondary": 0.6}

FONT = "Source Sans Pro"


@dataclass(frozen=True)
class Lettering:
    """The type on the map, in points: callout labels and their number badges, the "deep" note, FRONT and BACK."""

    label: float = 10.5
    leading: float = 12.5
    note: float = 9.0
    note_style: str = "italic"
    badge_r: float = 7.0
    badge: float = 9.5
    caption: float = 9.0
    overhang: bool = False  # callouts may run on below a cropped figure, as far as the map's room allows

    @property
    def caption_space(self) -> float:
        """Room under the figures for the FRONT and BACK captions."""
        return 2 * self.caption


# Large print: every word on the map at 18 pt, none in italics.
LARGE_PRINT = Lettering(
    label=18, leading=22.5, note=18, note_style="normal", badge_r=12.5, badge=18, caption=18, overhang=True
)


@dataclass(frozen=True)
class Colours:
    """The brand colours the map is painted with, as #rrggbb."""

    primary: str = "#1d5b79"
    accent: str = "#b5522f"
    text: str = "#1b2430"

    @classmethod
    def from_brand(cls, brand: Any) -> Colours:
        """Take the colours from a config `Brand` (or anything with the same attributes)."""
        return cls(primary=brand.primary, accent=brand.accent, text=brand.text)


@dataclass(frozen=True)
class LevelStyle:
    """How one highlight level is painted."""

    fill: str
    stroke: str
    ink: str
    badge_fill: str
    badge_text: str
    badge_ring: str


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def mix(a: str, b: str, t: float) -> str:
    """`a` moved a fraction `t` of the way toward `b`."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex(tuple(x + (y - x) * t for x, y in zip(ra, rb)))  # type: ignore[arg-type]


def grey(hex_colour: str) -> float:
    """The grey level (0 black … 1 white) an office printer turns the colour into (Rec. 601 luma)."""
    r, g, b = _rgb(hex_colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def _darken_to(colour: str, level: float) -> str:
    while grey(colour) > level:
        colour = mix(colour, "#000000", 0.08)
    return colour


def _lighten_to(colour: str, level: float) -> str:
    while grey(colour) < level:
        colour = mix(colour, "#ffffff", 0.08)
    return colour


def level_styles(colours: Colours) -> dict[Level, LevelStyle]:
    """Fills and inks for both levels; a pale brand colour is darkened so the levels never meet in grey."""
    primary = _darken_to(colours.primary, 0.42)
    accent = _darken_to(colours.accent, 0.55)
    # The pale level sits between the dark one and the body: light enough for its dots, darker than bare skin.
    tint = _darken_to(_lighten_to(mix(colours.accent, "#ffffff", 0.72), 0.74), 0.84)
    return {
        "primary": LevelStyle(
            fill=primary,
            stroke="#ffffff",
            ink="#ffffff",
            badge_fill=primary,
            badge_text="#ffffff",
            badge_ring=primary,
        ),
        "secondary": LevelStyle(
            fill=tint,
            stroke=accent,
            ink=accent,
            badge_fill="#ffffff",
            badge_text=mix(colours.text, accent, 0.35),
            badge_ring=accent,
        ),
    }


def pattern_defs(prefix: str, styles: dict[Level, LevelStyle]) -> str:
    """SVG <pattern>s: dense diagonal hatch for primary, a staggered dot grid for secondary.

    Each pattern only draws its marks (no background tile), over a solid fill, so tile seams never show.
    """
    hatch = styles["primary"].ink
    dots = styles["secondary"].ink
    # Deep muscles are washed in lightly over what covers them, so their hatch is drawn in the dark fill colour.
    deep_hatch = styles["primary"].fill
    return (
        f'<pattern id="{prefix}hatch-deep" patternUnits="userSpaceOnUse" width="3.2" height="3.2" '
        f'patternTransform="rotate(45)">'
        f'<line x1="1.6" y1="-1" x2="1.6" y2="4.2" stroke="{deep_hatch}" stroke-width="0.9"/>'
        f"</pattern>"
        f'<pattern id="{prefix}hatch" patternUnits="userSpaceOnUse" width="3.2" height="3.2" '
        f'patternTransform="rotate(45)">'
        f'<line x1="1.6" y1="-1" x2="1.6" y2="4.2" stroke="{hatch}" stroke-width="1.05" stroke-opacity="0.8"/>'
        f"</pattern>"
        f'<pattern id="{prefix}dots" patternUnits="userSpaceOnUse" width="4" height="4">'
        f'<circle cx="1" cy="1" r="0.72" fill="{dots}"/><circle cx="3" cy="3" r="0.72" fill="{dots}"/>'
        f"</pattern>"
    )


def texture(prefix: str, level: Level, deep: bool = False) -> str:
    """The fill URL of a level's pattern (a deep muscle's hatch is dark, as it lies over a light wash)."""
    if level == "secondary":
        return f"url(#{prefix}dots)"
    return f"url(#{prefix}hatch-deep)" if deep else f"url(#{prefix}hatch)"


def badge_styles(colours: Colours) -> dict[str, str]:
    """Inline CSS for the legend's number badges, matching the callout badges on the map."""
    return {
        level: f"background:{s.badge_fill};color:{s.badge_text};border-color:{s.badge_ring}"
        for level, s in level_styles(colours).items()
    }
