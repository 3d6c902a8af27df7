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


FORM_FONT_RANGES = [(0x20, 0x7F), (0xA0, 0x180), (0x2010, 0x2028), (0x20AC, 0x20AD), (0x2212, 0x2213)]


def make_form_font(target: Path) -> None:
    """Write the Latin subset of the regular face that form fields use, renamed as the OFL requires."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    font = TTFont(font_path(400))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for start, end in FORM_FONT_RANGES for code in range(start, end)])
    subsetter.subset(font)
    # "Source" is a Reserved Font Name: a modified copy must not carry it.
    names = {1: "Handouts Form", 16: "Handouts Form", 4: "Handouts Form Regular", 3: "HandoutsForm-Regular",
             6: "HandoutsForm-Regular"}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    font.save(target)


if __name__ == "__main__":
    make_form_font(Path(__file__).resolve().parent.parent / "assets" / "fonts" / "HandoutsForm-Regular.ttf")
