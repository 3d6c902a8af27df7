"""Writing SVG: numbers, elements, and an SVG drawing as an <img> an HTML page can show."""

import base64
from xml.sax.saxutils import escape, quoteattr

# Points per millimetre: the page is laid out in mm, type and the map in points.
PT_PER_MM = 72 / 25.4


def number(v: float) -> str:
    """Return a coordinate as SVG path data writes it: one decimal (a tenth of a unit is far below a printed dot)."""
    return f"{v:.1f}"


def escape_text(value: str) -> str:
    """Return `value` escaped as XML character data (the words of a <text> or <title>)."""
    return escape(value)


def quoted(value: object) -> str:
    """Return `value` as one quoted, escaped XML attribute value, quotes included."""
    return quoteattr(str(value))


def attributes(attrs: dict[str, object]) -> str:
    """Return `attrs` as quoted, escaped XML attributes; None values are left out."""
    return "".join(f" {k}={quoted(v)}" for k, v in attrs.items() if v is not None)


def element(tag: str, attrs: dict[str, object], children: str = "") -> str:
    """Return one element; without children it closes itself."""
    return f"<{tag}{attributes(attrs)}>{children}</{tag}>" if children else f"<{tag}{attributes(attrs)}/>"


def data_uri(svg: str) -> str:
    """Return `svg` as a data: URL."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def svg_img(svg: str, alt: str, width_mm: float, height_mm: float, css_class: str) -> str:
    """Return an <img> showing `svg` from a data: URL, with `alt` as its alternative text.

    An image, not inline SVG: WeasyPrint styles every element of inline SVG like HTML, which costs more
    than drawing it; as an image it is parsed once and stays vector in the PDF.
    """
    return element("img", {"class": css_class, "src": data_uri(svg), "alt": alt,
                           "style": f"display: block; width: {width_mm:.1f}mm; height: {height_mm:.1f}mm"})
