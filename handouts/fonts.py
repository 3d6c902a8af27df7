"""The bundled typeface (Source Sans Pro, OFL), found in its PyPI package so no system font is used."""

from pathlib import Path

import font_source_sans_pro

FAMILY = "Source Sans Pro"
FONT_DIR = Path(font_source_sans_pro.font_directory).resolve()
FACES = {
    (400, "normal"): "SourceSansPro-Regular.ttf",
    (400, "italic"): "SourceSansPro-It.ttf",
    (600, "normal"): "SourceSansPro-Semibold.ttf",
    (700, "normal"): "SourceSansPro-Bold.ttf",
    (700, "italic"): "SourceSansPro-BoldIt.ttf",
}


def font_path(weight: int = 400, style: str = "normal") -> Path:
    """Return the TTF file of one face of the bundled family."""
    return FONT_DIR / FACES[(weight, style)]


def font_face_css() -> str:
    """Return @font-face rules that point WeasyPrint at the bundled TTF files."""
    rules = []
    for (weight, style), name in FACES.items():
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        )
    return "\n".join(rules)
