"""Small line icons for the plane-of-motion badges, so a badge never relies on colour alone."""

from handouts.drawing.svg import escape_text, quoted

# 16 x 16 drawings in the badge's text colour; each shape says its plane on its own.
_ICONS = {
    # Side to side: a double-headed arrow across.
    "frontal": '<path d="M2 8h12M5 5 2 8l3 3M11 5l3 3-3 3"/>',
    # Rotation: a circle with an arrowhead.
    "transverse": '<path d="M13 8a5 5 0 1 1-1.5-3.6"/><path d="M12.2 1.6v3.2H9"/>',
    # Single-leg balance: a figure standing on one leg, the other knee lifted.
    "single-leg": (
        '<circle cx="8" cy="2.6" r="1.6"/><path d="M8 4.5v5M8 9.5l-.4 5.5M8 9.5l3 .3-.3 3M5.5 6.5 8 6l2.5.5'
        'M5 15h5"/>'
    ),
    # Forward and back: arrows both ways, one above the other.
    "sagittal": '<path d="M2 5.5h10M9.5 3 12 5.5 9.5 8M14 10.5H4M6.5 8 4 10.5 6.5 13"/>',
}


_NAMES = {
    "frontal": "double arrow, side to side",
    "transverse": "turning arrow",
    "single-leg": "figure on one leg",
    "sagittal": "arrows forward and back",
}


def plane_icon(plane: str, colour: str = "#1d5b79") -> str:
    """Return the inline SVG icon of `plane`; its <title> names the picture (tagged PDFs need one per figure)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plane-icon" viewBox="0 0 16 16" role="img" '
        f'fill="none" stroke={quoted(colour)} stroke-width="1.7" stroke-linecap="round" '
        f'stroke-linejoin="round"><title>{escape_text("Icon: " + _NAMES[plane])}</title>{_ICONS[plane]}</svg>'
    )
