"""WCAG contrast of the brand colours against what they are printed on."""

from handouts.content.models.config import Brand
from handouts.content.sourcefile import SourceFile
from handouts.errors import Problem

MINIMUM = 4.5  # WCAG 2.x AA for body text

# (foreground field, background field or a fixed colour, where the pair appears)
PAIRS: list[tuple[str, str, str]] = [
    ("text", "background", "body text on the page"),
    ("primary", "background", "headings and highlights on the page"),
    ("accent", "background", "accent text on the page"),
    ("text", "tint", "text on tinted panels"),
    ("primary", "tint", "headings on tinted panels"),
    ("#ffffff", "primary", "white text on the cover band"),
]


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio (1 to 21) of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_problems(brand: Brand, source: SourceFile) -> list[Problem]:
    """Return a problem for each brand colour pair below WCAG AA (4.5:1)."""
    problems = []
    for fg, bg, where in PAIRS:
        fg_colour = fg if fg.startswith("#") else getattr(brand, fg)
        bg_colour = getattr(brand, bg)
        ratio = contrast_ratio(fg_colour, bg_colour)
        if ratio < MINIMUM:
            field = fg if not fg.startswith("#") else bg
            problems.append(
                source.problem(
                    ("brand", field),
                    f"contrast {ratio:.2f}:1 of {fg_colour} on {bg_colour} ({where}) is below {MINIMUM}:1 (WCAG AA)",
                )
            )
    return problems
