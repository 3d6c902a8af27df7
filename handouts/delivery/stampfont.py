"""The personal line's fonts for a copy: a subset of just the glyphs the line uses, made by HarfBuzz.

reportlab embeds each face with its hinting and ~100 glyphs (about 10 KB a face); this embeds only the line's
glyphs without hinting (about 3 KB a face), in a fraction of a millisecond, through HarfBuzz's subsetter loaded
with ctypes (no WeasyPrint import). HarfBuzz numbers the subset's glyphs in the order of their old ids, with
the parts of composite glyphs (an accent over a letter) included, so the new ids are worked out here the same
way rather than read back from the subset. Without libharfbuzz-subset, `faces()` is None and the stamp is drawn
by reportlab as before.
"""

import ctypes
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from handouts.fonts import font_path

if TYPE_CHECKING:  # imported where used, in `faces()`: fontTools is only loaded when a stamp is drawn here
    from fontTools.ttLib import TTFont

_NO_HINTING = 0x1
_DROP_TABLE_TAG = 3  # HB_SUBSET_SETS_DROP_TABLE_TAG
_DROPPED = (b"BASE", b"DSIG", b"GDEF", b"GPOS", b"GSUB", b"name", b"post")


# A HarfBuzz object as ctypes hands a `void *` result over: its address, or None for NULL. The functions typed
# `-> int` below never return NULL (HarfBuzz answers a failed create with its empty singleton); the `_or_fail`
# ones do.
_Address = int | None


class _HarfBuzz:
    """The few functions of libharfbuzz and libharfbuzz-subset used here, bound with ctypes.

    ctypes needs each function's C signature (`restype`, `argtypes`, set in `__init__`); the annotations state
    the same signatures in Python terms, so calls through this object are type-checked.
    """

    hb_blob_create: Callable[[bytes, int, int, None, None], int]
    hb_face_create: Callable[[int, int], int]
    hb_set_add: Callable[[int, int], None]
    hb_face_reference_blob: Callable[[int], int]
    hb_blob_get_data: Callable[[int, "ctypes._CArgObject"], "ctypes._Pointer[ctypes.c_char]"]
    hb_blob_destroy: Callable[[int], None]
    hb_face_destroy: Callable[[int], None]
    hb_subset_input_create_or_fail: Callable[[], _Address]
    hb_subset_input_glyph_set: Callable[[int], int]
    hb_subset_input_set: Callable[[int, int], int]
    hb_subset_input_set_flags: Callable[[int, int], None]
    hb_subset_or_fail: Callable[[int, int], _Address]
    hb_subset_input_destroy: Callable[[int], None]

    def __init__(self) -> None:
        hb, sub = ctypes.CDLL("libharfbuzz.so.0"), ctypes.CDLL("libharfbuzz-subset.so.0")
        vp, uint = ctypes.c_void_p, ctypes.c_uint
        for lib, name, restype, argtypes in (
            (hb, "hb_blob_create", vp, [ctypes.c_char_p, uint, ctypes.c_int, vp, vp]),
            (hb, "hb_face_create", vp, [vp, uint]),
            (hb, "hb_set_add", None, [vp, uint]),
            (hb, "hb_face_reference_blob", vp, [vp]),
            (hb, "hb_blob_get_data", ctypes.POINTER(ctypes.c_char), [vp, ctypes.POINTER(uint)]),
            (hb, "hb_blob_destroy", None, [vp]),
            (hb, "hb_face_destroy", None, [vp]),
            (sub, "hb_subset_input_create_or_fail", vp, []),
            (sub, "hb_subset_input_glyph_set", vp, [vp]),
            (sub, "hb_subset_input_set", vp, [vp, ctypes.c_int]),
            (sub, "hb_subset_input_set_flags", None, [vp, uint]),
            (sub, "hb_subset_or_fail", vp, [vp, vp]),
            (sub, "hb_subset_input_destroy", None, [vp]),
        ):
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
            setattr(self, name, function)


@dataclass
class Face:
    """One bundled face, open in HarfBuzz, with the metrics a PDF font dictionary needs."""

    name: str
    data: bytes  # kept alive: the HarfBuzz blob points into it
    face: int
    glyphs: dict[int, int]  # code point -> glyph id
    advances: list[int]  # glyph id -> advance, in 1/1000 em
    descriptor: str
    font: "TTFont"  # the fontTools font, for the parts of composite glyphs
    _parts: dict[int, list[int]] = field(default_factory=dict)  # glyph id -> the glyph ids it is composed of

    def closure(self, gids: set[int]) -> list[int]:
        """`gids`, .notdef and every glyph their composites draw on, in old-id order: the subset's glyph order."""
        order = self.font.getGlyphOrder()
        glyf = self.font["glyf"]
        todo, seen = list({0, *gids}), set()
        while todo:
            gid = todo.pop()
            if gid in seen:
                continue
            seen.add(gid)
            if gid not in self._parts:
                glyph = glyf[order[gid]]
                self._parts[gid] = ([self.font.getGlyphID(c.glyphName) for c in glyph.components]
                                    if glyph.isComposite() else [])
            todo.extend(self._parts[gid])
        return sorted(seen)

    def width(self, text: str, size: float) -> float:
        return sum(self.advances[self.glyphs.get(ord(char), 0)] for char in text) * size / 1000

    def encode(self, text: str, new_ids: dict[int, int]) -> bytes:
        """The text as a hex string of 2-byte glyph ids of the subset (Identity-H)."""
        return b"<" + "".join(f"{new_ids[self.glyphs.get(ord(char), 0)]:04X}" for char in text).encode() + b">"


@cache
def _harfbuzz() -> _HarfBuzz | None:
    try:
        return _HarfBuzz()
    except (OSError, AttributeError):
        return None


@cache
def faces() -> tuple[Face, Face] | None:
    """The regular and semibold faces, or None where HarfBuzz's subsetter is not installed."""
    hb = _harfbuzz()
    if hb is None:
        return None
    from fontTools.ttLib import TTFont

    loaded = []
    for weight, name in ((400, "SourceSansPro-Regular"), (600, "SourceSansPro-Semibold")):
        path = font_path(weight)
        data = path.read_bytes()
        face = hb.hb_face_create(hb.hb_blob_create(data, len(data), 1, None, None), 0)  # 1: read-only
        font = TTFont(str(path), lazy=True)
        order = {glyph: index for index, glyph in enumerate(font.getGlyphOrder())}
        scale = 1000 / font["head"].unitsPerEm
        advances = [round(font["hmtx"][glyph][0] * scale) for glyph in font.getGlyphOrder()]
        head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
        bbox = " ".join(str(round(v * scale)) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
        descriptor = (f"/Type /FontDescriptor /Flags 32 /FontBBox [{bbox}] /ItalicAngle 0 "
                      f"/Ascent {round(hhea.ascent * scale)} /Descent {round(hhea.descent * scale)} "
                      f"/CapHeight {round(getattr(os2, 'sCapHeight', 660) * scale)} /StemV 80")
        glyphs = {code: order[glyph] for code, glyph in font.getBestCmap().items()}
        loaded.append(Face(name, data, face, glyphs, advances, descriptor, font))
    return loaded[0], loaded[1]


def subset(face: Face, text: str) -> bytes:
    """Return a TrueType font holding only the glyphs of `text` (and .notdef), unhinted, glyph ids kept."""
    hb = _harfbuzz()
    assert hb is not None, "subset() is only reached with a Face, which faces() makes only where HarfBuzz loaded"
    wanted = hb.hb_subset_input_create_or_fail()
    if wanted is None:
        raise MemoryError("HarfBuzz could not allocate a subset input")
    try:
        glyphs = hb.hb_subset_input_glyph_set(wanted)
        for gid in {0, *(face.glyphs.get(ord(char), 0) for char in text)}:
            hb.hb_set_add(glyphs, gid)
        dropped = hb.hb_subset_input_set(wanted, _DROP_TABLE_TAG)
        for tag in _DROPPED:
            hb.hb_set_add(dropped, int.from_bytes(tag, "big"))
        hb.hb_subset_input_set_flags(wanted, _NO_HINTING)
        made = hb.hb_subset_or_fail(face.face, wanted)
        if not made:
            raise ValueError(f"HarfBuzz could not subset {face.name}")
        blob = hb.hb_face_reference_blob(made)
        length = ctypes.c_uint()
        data = ctypes.string_at(hb.hb_blob_get_data(blob, ctypes.byref(length)), length.value)
        hb.hb_blob_destroy(blob)
        hb.hb_face_destroy(made)
        return data
    finally:
        hb.hb_subset_input_destroy(wanted)


def font_objects(face: Face, text: str, first: int) -> tuple[dict[int, int], list[tuple[int, bytes]]]:
    """Return the PDF objects (numbered from `first`; the Type0 font is `first`) of `face` subset to `text`, and
    the map from the face's glyph ids to the subset's, to encode the text with."""
    wanted = {face.glyphs.get(ord(char), 0) for char in text}
    new_ids = {old: new for new, old in enumerate(face.closure(wanted))}
    program = zlib.compress(subset(face, text))
    used = sorted(wanted)
    # A subset is named by a tag derived from its glyphs, so the same line gives the same bytes.
    tag = "".join(chr(65 + byte % 26) for byte in hashlib.sha256(repr(used).encode()).digest()[:6])
    base = f"/{tag}+{face.name}"
    widths = " ".join(f"{new_ids[gid]} [{face.advances[gid]}]" for gid in used)
    unicode_of: dict[int, str] = {}
    for char in text:
        unicode_of.setdefault(face.glyphs.get(ord(char), 0), char)
    pairs = "\n".join(f"<{new_ids[gid]:04X}> <{unicode_of[gid].encode('utf-16-be').hex().upper()}>"
                      for gid in used if gid in unicode_of)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
        "/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(unicode_of)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    cid, descriptor, file, to_unicode = first + 1, first + 2, first + 3, first + 4

    def stream(head: str, data: bytes) -> bytes:
        return f"<<{head} /Filter /FlateDecode /Length {len(data)}>>\nstream\n".encode() + data + b"\nendstream"

    return new_ids, [
        (first, f"<</Type /Font /Subtype /Type0 /BaseFont {base} /Encoding /Identity-H "
                f"/DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R>>".encode()),
        (cid, f"<</Type /Font /Subtype /CIDFontType2 /BaseFont {base} /CIDSystemInfo <</Registry (Adobe) "
              f"/Ordering (Identity) /Supplement 0>> /FontDescriptor {descriptor} 0 R /DW 0 /W [{widths}] "
              f"/CIDToGIDMap /Identity>>".encode()),
        (descriptor, f"<<{face.descriptor} /FontName {base} /FontFile2 {file} 0 R>>".encode()),
        (file, stream("", program)),
        (to_unicode, stream("", zlib.compress(cmap))),
    ]
