"""Stamp a one-line personal note onto every page of a finished pack, as an untagged artifact.

When Source Sans Pro has every character of the line, it is drawn here with both faces subset by HarfBuzz to
the line's glyphs (handouts/delivery/stampfont.py), or by reportlab where HarfBuzz's subsetter is missing. Neither
shapes Arabic nor reorders right-to-left text, so any other line (Arabic, Hebrew, letters only a Noto fallback
has) is drawn by WeasyPrint with the same bundled font chain as the pack. A character no bundled font has is
refused earlier (see `missing_glyphs`), never printed blank.
"""

import html
import io
import unicodedata
import zlib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handouts.drawing import page_measures
from handouts.fonts import font_face_css, font_path, font_stack, primary_coverage, unprintable

MM = 72 / 25.4
REGULAR = "HandoutsStampRegular"
SEMIBOLD = "HandoutsStampSemibold"
XOBJECT_NAME = pikepdf.Name("/HandoutsPersonalLine")


@dataclass(frozen=True)
class StampStyle:
    """Where and how large the personal line sits in the top margin band."""

    right_inset: float  # the pack's side margins, so the line ends flush with the content
    left_inset: float
    size: float = 8.5
    min_size: float = 8.0
    baseline_from_top: float = 5.5 * MM  # inside the top 8 mm strip, above the running header
    colour: tuple[float, float, float] = (0.32, 0.36, 0.42)


def stamp_style(large_print: bool = False) -> StampStyle:
    """Return the stamp's style for an edition, its side insets read from the pack's own `@page` margins."""
    sheet = "large-print.css" if large_print else "base.css"
    _top, right, _bottom, left = page_measures.box(sheet, "@page", "margin")
    if large_print:
        # Large print keeps every glyph at 18 pt or more (APH), the stamp included; its running header sits
        # low in a deeper top margin, so the line can sit lower too.
        return StampStyle(right_inset=right, left_inset=left, size=18, min_size=18, baseline_from_top=9.5 * MM)
    return StampStyle(right_inset=right, left_inset=left)


@dataclass(frozen=True)
class StampLine:
    """The personal line: a lead-in, the person's name in semibold, then the rest."""

    lead: str
    name: str
    tail: str

    def __str__(self) -> str:
        return f"{self.lead}{self.name}{self.tail}"


@cache
def _register_fonts() -> None:
    # Registered once per process; reportlab embeds a subset of the TTF in each overlay it writes.
    pdfmetrics.registerFont(TTFont(REGULAR, str(font_path(400))))
    pdfmetrics.registerFont(TTFont(SEMIBOLD, str(font_path(600))))


def missing_glyphs(text: str) -> str:
    """Return the characters of `text` that no bundled font draws (they cannot be stamped)."""
    return "".join(unprintable(text))


def needs_shaping(text: str) -> bool:
    """Return whether reportlab cannot draw `text` right: a letter Source Sans Pro lacks, or right-to-left script."""
    covered = primary_coverage()
    return any(
        (ord(char) not in covered and not char.isspace()) or unicodedata.bidirectional(char) in ("R", "AL", "AN")
        for char in text
    )


def overlay_pdf(line: StampLine, width: float, height: float, style: StampStyle | None = None) -> bytes:
    """Return a one-page PDF of `width`×`height` points with `line` right-aligned in the top margin."""
    style = style or stamp_style()
    if needs_shaping(str(line)):
        return _shaped_overlay_pdf(line, width, height, style)
    _register_fonts()
    lead, name = line.lead, line.name

    def measure(lead: str, tail: str, size: float) -> float:
        return (
            pdfmetrics.stringWidth(lead, REGULAR, size)
            + pdfmetrics.stringWidth(name, SEMIBOLD, size)
            + pdfmetrics.stringWidth(tail, REGULAR, size)
        )

    size, tail = _fit(line, width, style, measure)

    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(width, height), invariant=1, pageCompression=1, initialFontName=REGULAR, initialFontSize=size
    )
    canvas.setFillColorRGB(*style.colour)
    x = width - style.right_inset - measure(lead, tail, size)
    y = height - style.baseline_from_top
    text = canvas.beginText(x, y)
    for part, font in ((lead, REGULAR), (name, SEMIBOLD), (tail, REGULAR)):
        if part:
            text.setFont(font, size)
            text.textOut(part)
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fit(line: StampLine, width: float, style: StampStyle, measure) -> tuple[float, str]:
    """Return the size and tail that fit the line between the insets: smaller first, then a shorter tail."""
    lead, tail, size = line.lead, line.tail, style.size
    available = width - style.left_inset - style.right_inset
    while size > style.min_size and measure(lead, tail, size) > available:
        size = max(style.min_size, size - 0.25)
    # Still too wide at the smallest size: shorten the tail (title and date), never the name.
    while tail and measure(lead, tail, size) > available:
        tail = tail[:-2].rstrip() + "…" if len(tail) > 2 else ""
    return size, tail


def _shaped_overlay_pdf(line: StampLine, width: float, height: float, style: StampStyle) -> bytes:
    """Draw the line with WeasyPrint (HarfBuzz shaping, bidi, the bundled fallbacks): same place, size and colour."""
    from handouts.rendering.pdf import render_pdf

    red, green, blue = (round(part * 255) for part in style.colour)
    # The line box is one em tall with the baseline at 0.8 em, so its top sits 0.8 em above the wanted baseline.
    top = style.baseline_from_top - 0.8 * style.size
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>
{font_face_css()}
@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0; }}
html {{ font-family: {font_stack()}; font-size: {style.size}pt; color: rgb({red}, {green}, {blue}); }}
body {{ margin: 0; }}
p {{ position: absolute; top: {top:.3f}pt; left: {style.left_inset:.3f}pt; right: {style.right_inset:.3f}pt;
     margin: 0; line-height: 1; text-align: right; white-space: nowrap; overflow: hidden;
     font-variant-ligatures: none; }}
b {{ font-weight: 600; }}
</style></head><body><p>{html.escape(line.lead)}<b>\u2068{html.escape(line.name)}\u2069</b>{html.escape(line.tail)}</p></body></html>"""
    return render_pdf(page, Path(font_path().parent), forms=False, tagged=False).data


class Stamper:
    """Holds one base pack and writes personal copies of it, each an incremental update appended to its bytes.

    A copy is the pack's bytes unchanged, then a new section: the stamp as one form XObject per page size (its
    fonts embedded once and shared by every page), each page dictionary again with its content wrapped as
    `q <page> Q <stamp>`, and a cross-reference stream whose /Prev points at the pack's own. Nothing of the pack
    is re-serialised, so its structure tree, form fields and anything signed later stay byte for byte as
    rendered, and a copy costs about what its stamp costs.
    """

    def __init__(self, base: bytes, style: StampStyle | None = None) -> None:
        self.base = base
        self.style = style or stamp_style()
        with pikepdf.open(io.BytesIO(base)) as pdf:
            self._plan(pdf)

    def _plan(self, pdf: pikepdf.Pdf) -> None:
        """Work out everything a copy shares with every other: object numbers, page dictionaries, the trailer."""
        trailer = pdf.trailer
        self._previous = _startxref(self.base)
        self._next = int(trailer.Size)  # the first object number the update may use
        self._trailer = b"".join(
            b"/" + key.encode() + b" " + _serialise(trailer[f"/{key}"], {})
            for key in ("Root", "Info", "ID") if f"/{key}" in trailer
        )
        self.sizes: set[tuple[float, float]] = set()
        pages = []
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.trimbox)  # the finished page, without any bleed
            size = (round(x1 - x0, 3), round(y1 - y0, 3))
            self.sizes.add(size)
            pages.append((page, size, (x0, y0)))
        sizes = sorted(self.sizes)
        # Object numbers from the pack's /Size on: the forms (one per page size), the `q` stream, one `Q ... Do`
        # stream per page origin; fonts and whatever else a stamp needs come after, a different count per copy.
        self._forms = {size: self._next + index for index, size in enumerate(sizes)}
        number = self._next + len(sizes)
        self._push = number
        number += 1
        origins: dict[tuple[float, float], int] = {}
        resource_objects: dict[tuple, int] = {}
        fixed: list[tuple[int, bytes]] = [(self._push, _stream(b"", b"q\n"))]
        packed: list[tuple[int, bytes]] = []  # page and resource dictionaries, written once per base
        for page, size, origin in pages:
            if origin not in origins:
                origins[origin] = number
                draw = f"Q\nq 1 0 0 1 {origin[0]:g} {origin[1]:g} cm {XOBJECT_NAME} Do Q\n".encode()
                fixed.append((number, _stream(b"", draw)))
                number += 1
            contents = page.obj.get("/Contents")
            existing = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents else []
            # Pages that shared one Resources dictionary share its stamped version, one per page size: a
            # dictionary shared across sizes would point every page at one size's form.
            source = page.obj.get("/Resources") or page.Resources
            group = (source.objgen if source.is_indirect else ("page", page.obj.objgen), size)
            if group not in resource_objects:
                resource_objects[group] = number
                packed.append((number, _stamped_resources(source, self._forms[size])))
                number += 1
            entries = [
                key.encode() + b" " + _serialise(value, {})
                for key, value in page.obj.items() if key not in ("/Contents", "/Resources")
            ]
            items = b" ".join(f"{ref} 0 R".encode() for ref in
                              [self._push, *(c.objgen[0] for c in existing), origins[origin]])
            body = (b"<<" + b" ".join(entries) + b" /Contents [" + items + b"] /Resources %d 0 R>>"
                    % resource_objects[group])
            if any(c.objgen[1] for c in existing) or page.obj.objgen[1]:
                raise ValueError("a pack whose objects have non-zero generations cannot be stamped in place")
            packed.append((page.obj.objgen[0], body))
        # The page and resource dictionaries are the same in every copy: packed once into a compressed object
        # stream (a tracker page's dictionary lists hundreds of form widgets), so a copy stays small.
        self._packed = {object_number: index for index, (object_number, _) in enumerate(packed)}
        self._object_stream = number
        fixed.append((number, _object_stream(packed)))
        number += 1
        self._fixed = fixed
        self._first_free = number

    def write(self, line: StampLine, target: io.BufferedIOBase | str) -> None:
        """Write the base pack with `line` stamped on every page to `target`."""
        objects = self._direct_stamp(line)
        if objects is None:
            objects = self._stamp_through_overlay(line)
        self._write_update(objects, target)

    def _direct_stamp(self, line: StampLine) -> list[tuple[int, bytes]] | None:
        """The stamp drawn here, its two faces subset by HarfBuzz to the line's glyphs, one object each per copy;
        None when reportlab or WeasyPrint must draw it (a line to shape, or no HarfBuzz subsetter)."""
        from handouts.delivery import stampfont

        faces = stampfont.faces()
        if faces is None or needs_shaping(str(line)):
            return None
        regular, semibold = faces
        regular_font, semibold_font = self._first_free, self._first_free + 5
        # Every glyph any page size's line shows (a tail shortened on a narrow page shows fewer).
        regular_ids, objects = stampfont.font_objects(regular, line.lead + line.tail + "…", regular_font)
        semibold_ids, more = stampfont.font_objects(semibold, line.name, semibold_font)
        objects += more
        ids = {b"F1": regular_ids, b"F2": semibold_ids}
        red, green, blue = self.style.colour
        for (width, height), form_number in self._forms.items():

            def measure(lead: str, tail: str, size: float) -> float:
                return regular.width(lead, size) + semibold.width(line.name, size) + regular.width(tail, size)

            size, tail = _fit(line, width, self.style, measure)
            x = width - self.style.right_inset - measure(line.lead, tail, size)
            y = height - self.style.baseline_from_top
            shows = b"".join(
                b"/%s %s Tf %s Tj " % (font, _number(size), face.encode(part, ids[font]))
                for part, font, face in ((line.lead, b"F1", regular), (line.name, b"F2", semibold),
                                         (tail, b"F1", regular)) if part
            )
            body = (b"/Artifact BMC\nq %s %s %s rg BT %s %s Td %sET Q\nEMC\n"
                    % (_number(red), _number(green), _number(blue), _number(x), _number(y), shows))
            head = (f"/Type /XObject /Subtype /Form /BBox [0 0 {width:g} {height:g}] /Resources <</Font "
                    f"<</F1 {regular_font} 0 R /F2 {semibold_font} 0 R>>>>").encode()
            objects.append((form_number, _stream(head, zlib.compress(body), compressed=True)))
        return objects

    def _stamp_through_overlay(self, line: StampLine) -> list[tuple[int, bytes]]:
        """The stamp drawn as a one-page PDF (reportlab, or WeasyPrint for a shaped line), its objects copied."""
        numbers: dict[tuple[int, int], int] = {}
        objects: list[tuple[int, bytes]] = []
        allocate = iter(range(self._first_free, 1 << 31))
        for size, form_number in self._forms.items():
            with pikepdf.open(io.BytesIO(overlay_pdf(line, *size, self.style))) as overlay:
                page = overlay.pages[0]
                contents = page.obj.Contents
                streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
                body = b"/Artifact BMC\n" + b"\n".join(s.read_bytes() for s in streams) + b"\nEMC\n"
                pending: list[pikepdf.Object] = []
                resources = _serialise(page.Resources, numbers, pending, allocate)
                while pending:  # every indirect object the stamp's resources reach, each written once
                    obj = pending.pop()
                    objects.append((numbers[obj.objgen], _serialise(obj, numbers, pending, allocate, top=True)))
                width, height = size
                head = (f"/Type /XObject /Subtype /Form /BBox [0 0 {width:g} {height:g}] /Resources ".encode()
                        + resources)
                objects.append((form_number, _stream(head, zlib.compress(body), compressed=True)))
        return objects

    def _write_update(self, objects: list[tuple[int, bytes]], target: io.BufferedIOBase | str) -> None:
        out = io.BytesIO()
        out.write(self.base)
        if not self.base.endswith(b"\n"):
            out.write(b"\n")
        offsets: dict[int, int] = {}
        # This copy's own dictionaries (font dictionaries and the like) go in an object stream of their own.
        mine = [(number, body) for number, body in objects if body.startswith(b"<<") and b"\nstream\n" not in body]
        last = max([self._first_free - 1, *(number for number, _ in objects)])
        own_stream = last + 1 if mine else None
        plain = [(number, body) for number, body in objects if (number, body) not in mine]
        if own_stream is not None:
            plain.append((own_stream, _object_stream(mine)))
        for number, body in [*self._fixed, *plain]:
            offsets[number] = out.tell()
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref_number = max([last, *offsets]) + 1
        offsets[xref_number] = out.tell()
        entries = {number: b"\x01" + offset.to_bytes(5, "big") + b"\x00\x00" for number, offset in offsets.items()}
        for number, index in self._packed.items():
            entries[number] = b"\x02" + self._object_stream.to_bytes(5, "big") + index.to_bytes(2, "big")
        if own_stream is not None:  # None exactly when `mine` is empty
            for index, (number, _) in enumerate(mine):
                entries[number] = b"\x02" + own_stream.to_bytes(5, "big") + index.to_bytes(2, "big")
        out.write(_xref_stream(xref_number, entries, offsets[xref_number], self._trailer, self._previous))
        data = out.getvalue()
        if isinstance(target, str):
            with open(target, "wb") as handle:
                handle.write(data)
        else:
            target.write(data)

    def close(self) -> None:
        """Nothing stays open between copies; kept so a Stamper reads as a context manager."""

    def __enter__(self) -> "Stamper":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _number(value: float) -> bytes:
    return f"{value:.3f}".rstrip("0").rstrip(".").encode()


def _stamped_resources(resources: pikepdf.Object, form: int) -> bytes:
    """The page's resources with the stamp's form added under XOBJECT_NAME (references to the pack kept)."""
    entries = [key.encode() + b" " + _serialise(value, {}) for key, value in resources.items() if key != "/XObject"]
    xobjects = _serialise(resources.get("/XObject", pikepdf.Dictionary()), {}, top=True)
    entries.append(b"/XObject " + xobjects[:-2] + f" {XOBJECT_NAME} {form} 0 R>>".encode())
    return b"<<" + b" ".join(entries) + b">>"


def _startxref(data: bytes) -> int:
    tail = data[-1024:]
    at = tail.rfind(b"startxref")
    if at < 0:
        raise ValueError("the pack has no startxref")
    return int(tail[at + len(b"startxref"):].split()[0])


def _stream(head: bytes, data: bytes, compressed: bool = False) -> bytes:
    flate = b" /Filter /FlateDecode" if compressed else b""
    return b"<<" + head + flate + b" /Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def _serialise(obj, numbers: dict, pending: list | None = None, allocate=None, top: bool = False) -> bytes:
    """Write `obj` as PDF syntax. References to the base stay as they are (`pending` is None); in a stamp, every
    indirect object gets a fresh number from `allocate` and is queued on `pending` to be written itself."""
    if isinstance(obj, bool):  # pikepdf hands scalars over as Python values
        return b"true" if obj else b"false"
    if isinstance(obj, int):
        return b"%d" % obj
    if isinstance(obj, (Decimal, float)):
        return format(Decimal(obj).normalize(), "f").encode()
    if obj is None:
        return b"null"
    if not top and obj.is_indirect:
        if pending is None:
            number, generation = obj.objgen
            return b"%d %d R" % (number, generation)
        if obj.objgen not in numbers:
            numbers[obj.objgen] = next(allocate)
            pending.append(obj)
        return b"%d 0 R" % numbers[obj.objgen]
    if isinstance(obj, pikepdf.Stream):
        head = b" ".join(
            key.encode() + b" " + _serialise(value, numbers, pending, allocate)
            for key, value in obj.stream_dict.items() if key != "/Length"
        )
        return b"<<" + head + b" /Length %d>>\nstream\n" % len(raw := obj.read_raw_bytes()) + raw + b"\nendstream"
    if isinstance(obj, pikepdf.Dictionary):
        return b"<<" + b" ".join(
            key.encode() + b" " + _serialise(value, numbers, pending, allocate) for key, value in obj.items()
        ) + b">>"
    if isinstance(obj, pikepdf.Array):
        return b"[" + b" ".join(_serialise(item, numbers, pending, allocate) for item in obj) + b"]"
    return obj.unparse()


def _object_stream(objects: list[tuple[int, bytes]]) -> bytes:
    """A compressed object stream holding `objects` (dictionaries only; streams cannot go in one)."""
    offsets, bodies, at = [], [], 0
    for number, body in objects:
        offsets.append(b"%d %d" % (number, at))
        bodies.append(body + b"\n")
        at += len(body) + 1
    header = b" ".join(offsets) + b"\n"
    data = zlib.compress(header + b"".join(bodies))
    return _stream(b"/Type /ObjStm /N %d /First %d" % (len(objects), len(header)), data, compressed=True)


def _xref_stream(number: int, entries: dict[int, bytes], at: int, trailer: bytes, previous: int) -> bytes:
    """A cross-reference stream for the update's objects (the pack's own is one, and a section must match it)."""
    index, run = [], None
    for n in sorted(entries):
        if run is None or n != run[0] + run[1]:
            run = [n, 0]
            index.append(run)
        run[1] += 1
    index_bytes = b" ".join(b"%d %d" % (start, count) for start, count in index)
    data = zlib.compress(b"".join(entries[n] for n in sorted(entries)))
    head = (b"/Type /XRef /Size %d /Index [%s] /W [1 5 2] /Prev %d " % (number + 1, index_bytes, previous) + trailer)
    return (b"%d 0 obj\n" % number + _stream(head, data, compressed=True) + b"\nendobj\n"
            + b"startxref\n%d\n%%%%EOF\n" % at)
