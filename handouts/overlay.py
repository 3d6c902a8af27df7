"""Stamp a one-line personal note onto every page of a finished pack, as an untagged artifact.

reportlab draws the line when Source Sans Pro has every character of it. reportlab neither shapes Arabic nor
reorders right-to-left text, so any other line (Arabic, Hebrew, letters only a Noto fallback has) is drawn by
WeasyPrint with the same bundled font chain as the pack. A character no bundled font has is refused earlier
(see `missing_glyphs`), never printed blank.
"""

import html
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handouts.fonts import font_face_css, font_path, font_stack, primary_coverage, unprintable

MM = 72 / 25.4
REGULAR = "HandoutsStampRegular"
SEMIBOLD = "HandoutsStampSemibold"
XOBJECT_NAME = pikepdf.Name("/HandoutsPersonalLine")


@dataclass(frozen=True)
class StampStyle:
    """Where and how large the personal line sits in the top margin band."""

    size: float = 8.5
    min_size: float = 8.0
    baseline_from_top: float = 5.5 * MM  # inside the top 8 mm strip, above the running header
    right_inset: float = 15 * MM  # the pack's side margins, so the line ends flush with the content
    left_inset: float = 15 * MM
    colour: tuple[float, float, float] = (0.32, 0.36, 0.42)


# Large print keeps every glyph at 18 pt or more (APH), the stamp included; its header sits low in a 21 mm top margin and its side margins are 12 mm.
LARGE_PRINT = StampStyle(size=18, min_size=18, baseline_from_top=9.5 * MM, right_inset=12 * MM, left_inset=12 * MM)


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


def overlay_pdf(line: StampLine, width: float, height: float, style: StampStyle = StampStyle()) -> bytes:
    """Return a one-page PDF of `width`×`height` points with `line` right-aligned in the top margin."""
    if needs_shaping(str(line)):
        return _shaped_overlay_pdf(line, width, height, style)
    _register_fonts()
    lead, name, tail = line.lead, line.name, line.tail
    size = style.size
    available = width - style.left_inset - style.right_inset

    def measure(lead: str, tail: str, size: float) -> float:
        return (
            pdfmetrics.stringWidth(lead, REGULAR, size)
            + pdfmetrics.stringWidth(name, SEMIBOLD, size)
            + pdfmetrics.stringWidth(tail, REGULAR, size)
        )

    while size > style.min_size and measure(lead, tail, size) > available:
        size = max(style.min_size, size - 0.25)
    # Still too wide at the smallest size: shorten the tail (title and date), never the name.
    while tail and measure(lead, tail, size) > available:
        tail = tail[:-2].rstrip() + "…" if len(tail) > 2 else ""

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


def _shaped_overlay_pdf(line: StampLine, width: float, height: float, style: StampStyle) -> bytes:
    """Draw the line with WeasyPrint (HarfBuzz shaping, bidi, the bundled fallbacks): same place, size and colour."""
    from handouts.pdf import render_pdf

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
    """Holds one base pack open and writes personal copies of it, each with its own overlay."""

    # Copied overlays keep their source documents alive inside the open base (qpdf copies stream data
    # lazily), so the base is reopened now and then to keep memory flat over thousands of copies.
    REOPEN_EVERY = 100

    def __init__(self, base: bytes, style: StampStyle = StampStyle()) -> None:
        self.base = base
        self.style = style
        self._written = 0
        self._open()

    def _open(self) -> None:
        self.pdf = pikepdf.open(io.BytesIO(self.base))
        # Each page is wrapped once as `q <page> Q <personal XObject>`; per participant only the XObject changes.
        self.sizes: set[tuple[float, float]] = set()
        self._resources: list[tuple[pikepdf.Dictionary, tuple[float, float]]] = []
        push = pikepdf.Stream(self.pdf, b"q\n")
        for page in self.pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.trimbox)  # the finished page, without any bleed
            size = (round(x1 - x0, 3), round(y1 - y0, 3))
            self.sizes.add(size)
            draw = pikepdf.Stream(
                self.pdf,
                f"Q\nq 1 0 0 1 {x0:g} {y0:g} cm {XOBJECT_NAME} Do Q\n".encode(),
            )
            contents = page.obj.get("/Contents")
            existing = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents else []
            page.obj.Contents = pikepdf.Array([push, *existing, draw])
            # Own Resources per page: a shared dictionary would make every page point at one size's overlay.
            resources = pikepdf.Dictionary(page.obj.get("/Resources") or page.Resources)
            xobjects = pikepdf.Dictionary(resources.get("/XObject", pikepdf.Dictionary()))
            resources.XObject = xobjects
            page.obj.Resources = resources
            self._resources.append((xobjects, size))

    def write(self, line: StampLine, target: io.BufferedIOBase | str) -> None:
        """Write the base pack with `line` stamped on every page to `target`."""
        if self._written and self._written % self.REOPEN_EVERY == 0:
            self.pdf.close()
            self._open()
        self._written += 1
        forms = {}
        for width, height in self.sizes:
            overlay = pikepdf.open(io.BytesIO(overlay_pdf(line, width, height, self.style)))
            page = overlay.pages[0]
            form = page.as_form_xobject()
            form.write(_as_artifact(page.obj.Contents))
            forms[(width, height)] = self.pdf.copy_foreign(form)
        for xobjects, size in self._resources:
            xobjects[XOBJECT_NAME] = forms[size]
        # Streams pass through as they are (no decode and re-encode); the structure tree's many small objects are
        # packed into object streams, which keeps each copy about the size of the base pack.
        self.pdf.save(
            target,
            compress_streams=True,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )

    def close(self) -> None:
        """Close the base pack."""
        self.pdf.close()

    def __enter__(self) -> "Stamper":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _as_artifact(contents: pikepdf.Object) -> bytes:
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    body = b"\n".join(s.read_bytes() for s in streams)
    return b"/Artifact BMC\n" + body + b"\nEMC\n"
