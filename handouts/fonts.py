"""The bundled typefaces (OFL), found in their PyPI packages so no system font is ever used.

Source Sans Pro sets every character it has (Latin, Greek, Cyrillic). For the rest, Noto faces from the
`manimgx-fonts` package stand in: Noto Sans (more Latin, Greek and Cyrillic letters), Noto Sans Arabic, Noto Sans
Hebrew and Noto Sans Symbols, declared under their own "Bundled ..." family names (a system copy of Noto must not
answer instead) and listed after Source Sans Pro in base.css's font-family. A character that no bundled face has
is an error, never a blank or a system font. Emoji are not bundled: their colour sequences cannot be drawn the same
way in the PDF and the stamp.
"""

import unicodedata
from functools import cache
from pathlib import Path

import font_source_sans_pro
import manimgx_fonts

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


NOTO_DIR = Path(manimgx_fonts.__file__).resolve().parent
# In fallback order, file -> CSS family: a character goes to the first face that has it. Keep base.css's
# font-family list in step with this (test_fonts checks it).
FALLBACKS = {
    "NotoSans[wght].ttf": "Bundled Noto Sans",
    "NotoSansArabic[wght].ttf": "Bundled Noto Sans Arabic",
    "NotoSansHebrew[wght].ttf": "Bundled Noto Sans Hebrew",
    "NotoSansSymbols[wght].ttf": "Bundled Noto Sans Symbols",
}
FONT_DIRS = (FONT_DIR, NOTO_DIR)  # the only folders the renderer may read fonts from

# Drawn as nothing or as a join, never as a glyph: no font needs to have them.
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x00AD}


def font_face_css() -> str:
    """Return @font-face rules that point WeasyPrint at the bundled faces, fallbacks included."""
    rules = []
    for (weight, style), name in FACES.items():
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        )
    # Variable faces: WeasyPrint instantiates the weight each run of text asks for.
    for name, family in FALLBACKS.items():
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{(NOTO_DIR / name).as_uri()}"); }}')
    return "\n".join(rules)


def font_stack() -> str:
    """Return the CSS font-family list: Source Sans Pro, then each bundled fallback."""
    return ", ".join(f'"{family}"' for family in (FAMILY, *FALLBACKS.values()))


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def primary_coverage() -> frozenset[int]:
    """Return the characters every face of Source Sans Pro has (so bold and italic never fall back alone)."""
    return frozenset.intersection(*(_cmap(FONT_DIR / name) for name in FACES.values()))


@cache
def coverage() -> frozenset[int]:
    """Return every character some bundled face draws."""
    return frozenset(primary_coverage().union(*(_cmap(NOTO_DIR / name) for name in FALLBACKS)))


def unprintable(text: str) -> list[str]:
    """Return the characters of `text` that no bundled face draws, once each, in order of appearance."""
    covered = coverage()
    found = dict.fromkeys(
        char for char in text
        if ord(char) not in covered and ord(char) not in _INVISIBLE and not char.isspace()
        and unicodedata.category(char) != "Cc"
    )
    return list(found)


def describe(char: str) -> str:
    """Return why `char` cannot be printed, in words a content author can act on."""
    name = unicodedata.name(char, "unnamed character")
    code = f"U+{ord(char):04X}"
    if is_emoji(char):
        return f"emoji '{char}' ({code} {name}) cannot be printed: no bundled font draws emoji; remove it"
    if unicodedata.category(char) == "Co" or 0x4E00 <= ord(char) <= 0x9FFF or 0x3040 <= ord(char) <= 0x30FF \
            or 0xAC00 <= ord(char) <= 0xD7AF:
        return f"'{char}' ({code} {name}) is not in any bundled font (Chinese, Japanese and Korean are not bundled)"
    return f"'{char}' ({code} {name}) is not in any bundled font"


def is_emoji(char: str) -> bool:
    """Return whether `char` is an emoji or part of an emoji sequence (a rough but safe test)."""
    code = ord(char)
    return (0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code in (0xFE0F, 0x20E3)
            or 0x1F1E6 <= code <= 0x1F1FF or 0xE0020 <= code <= 0xE007F)


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
