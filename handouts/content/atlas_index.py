"""What the body atlas (`assets/body/front.svg`, `back.svg`) names, read without drawing anything.

`handouts check` needs the atlas's ids and close-ups, not its shapes, so this reads the XML safely (defusedxml, no
DTD, no outside links, no id twice) and stops there; handouts.drawing.musclemap.atlas builds the drawing on top of it.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from handouts.errors import HandoutsError

View = Literal["front", "back"]
VIEWS: tuple[View, ...] = ("front", "back")
ATLAS_DIR = "assets/body"
BODY_ROLES = ("outline", "underlay", "lines")
CROP_PREFIX = "crop--"
SVG_NS = "{http://www.w3.org/2000/svg}"
# Elements that draw a shape; groups only carry transforms down to them.
SHAPE_TAGS = {"path", "rect", "circle", "ellipse", "polygon", "polyline", "line"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)


class AtlasError(HandoutsError):
    """Raised when a body atlas file is missing, not well-formed, hostile, or names one id twice."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def muscle_of(element_id: str) -> str | None:
    """The muscle an id names (`gluteus-medius--left` → `gluteus-medius`), or None for body and crop shapes."""
    base = element_id.split("--", 1)[0]
    if not base or base.startswith(BODY_ROLES) or element_id.startswith(CROP_PREFIX):
        return None
    return base


def atlas_path(root: Path, view: View) -> Path:
    return root / ATLAS_DIR / f"{view}.svg"


@dataclass(frozen=True)
class AtlasIndex:
    """What one view's atlas names, read without building any geometry (for `handouts check`)."""

    file: str
    regions: dict[str, int]  # muscle id → line of its first shape
    ids: dict[str, int]  # every element id → its line
    crops: set[str]


def read_index(root: Path, view: View) -> AtlasIndex:
    """Read one view's ids and crops; raise AtlasError as one `file:line: message` line."""
    path = atlas_path(root, view)
    shown = f"{ATLAS_DIR}/{view}.svg"
    if not path.is_file():
        raise AtlasError(shown, None, "file is missing; the muscle map draws the body from it")
    regions: dict[str, int] = {}
    ids: dict[str, int] = {}
    crops: set[str] = set()
    for el, line, _ in elements(parse_tree(path.read_bytes(), shown), shown):
        element_id = el.get("id")
        if not element_id:
            continue
        ids[element_id] = line
        tag = el.tag.removeprefix(SVG_NS)
        if tag == "view":
            crops.add(element_id)
        elif element_id.startswith(CROP_PREFIX):
            crops.add(element_id.removeprefix(CROP_PREFIX))
        elif tag in SHAPE_TAGS and muscle_of(element_id):
            regions.setdefault(muscle_of(element_id), line)  # type: ignore[arg-type]
    return AtlasIndex(shown, regions, ids, crops)


class _LineBuilder(TreeBuilder):
    """Records the line each element starts on, which ElementTree otherwise forgets."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None

    def start(self, tag, attrs):  # type: ignore[no-untyped-def]
        element = super().start(tag, attrs)
        element.set("data-atlas-line", str(self.parser.parser.CurrentLineNumber if self.parser else 0))
        return element


def parse_tree(data: bytes, shown: str) -> Element:
    builder = _LineBuilder()
    # No DTD at all: an SVG needs none, and refusing it stops entity expansion and external entities alike.
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        what = {
            "DTDForbidden": "a <!DOCTYPE> declaration",
            "EntitiesForbidden": f"the entity '{getattr(exc, 'name', '')}'",
            "ExternalReferenceForbidden": "an external reference",
        }.get(type(exc).__name__, "a DTD")
        raise AtlasError(
            shown, line, f"refused: {what}; an atlas may not declare a DTD or entities (they can read files or "
            "expand without end), so remove it"
        ) from None
    except ParseError as exc:
        raise AtlasError(shown, exc.position[0], f"not well-formed SVG: {_plain(exc)}") from None
    if root.tag != f"{SVG_NS}svg":
        raise AtlasError(shown, 1, 'not an SVG file: the root element must be <svg xmlns="http://www.w3.org/2000/svg">')
    return root


def _plain(exc: Exception) -> str:
    return str(exc).split(": line", 1)[0].strip()


def elements(root: Element, shown: str) -> Iterator[tuple[Element, int, str]]:
    """Every element in document order with its line and its whole transform; refuses outside links and twins."""
    seen: dict[str, int] = {}

    def walk(el: Element, transform: str, drawn: bool) -> Iterator[tuple[Element, int, str]]:
        line = int(el.get("data-atlas-line", "0"))
        for name, value in el.attrib.items():
            if name.endswith("href") and not value.startswith("#"):
                raise AtlasError(shown, line, f"refused: {name.split('}')[-1]}=\"{value}\" points outside the atlas")
            if _EXTERNAL_URL.search(value):
                raise AtlasError(shown, line, f"refused: a url() in '{name}' points outside the atlas")
        element_id = el.get("id")
        if element_id:
            if element_id in seen:
                raise AtlasError(shown, line, f"id '{element_id}' is used twice (first on line {seen[element_id]})")
            seen[element_id] = line
        here = f"{transform} {el.get('transform', '')}".strip()
        # Definitions, metadata and titles are checked like the rest but draw nothing themselves.
        drawn = drawn and el.tag.removeprefix(SVG_NS) not in ("defs", "metadata", "title", "desc", "symbol")
        if drawn:
            yield el, line, here
        for child in el:
            if isinstance(child.tag, str):
                yield from walk(child, here, drawn)

    return walk(root, "", True)
