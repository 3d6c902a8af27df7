"""Whether one asset file is safe and sensible to print: an SVG must be safe XML, a raster image not oversized.

Both `handouts check` (handouts.rendering.preflight) and the templates' `asset()` (handouts.rendering.templating)
ask this, so it sits below both.

Documented limits for raster images (PNG, JPEG, GIF, WebP): over MAX_IMAGE_BYTES or MAX_IMAGE_PIXELS is refused,
because WeasyPrint embeds an image whole in every copy; over PRINT_PIXELS (a full Letter page at 300 ppi) `check`
warns that the image is larger than print needs. SVG assets must be self-contained well-formed XML: no DOCTYPE or
entities (external entities, "billion laughs") and no reference outside the file.
"""

import warnings
import xml.sax
from pathlib import Path

from handouts.content.project import Project
from handouts.errors import Problem

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 20_000_000
PRINT_PIXELS = 2550 * 3300  # 8.5 × 11 in at 300 ppi
RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


def asset_problems(project: Project, path: Path) -> tuple[list[Problem], list[Problem]]:
    """Return (problems, warnings) for one asset file: an SVG must be safe XML, a raster image not oversized."""
    suffix = path.suffix.lower()
    if not path.is_file():
        return ([Problem(project.relative(path), None, "", "missing file")] if suffix in RASTER_SUFFIXES | {".svg"}
                else []), []
    if suffix == ".svg":
        return svg_problems(project, path), []
    if suffix in RASTER_SUFFIXES:
        return raster_problems(project, path)
    return [], []


class _SvgReferences(xml.sax.handler.ContentHandler):
    """Collects every reference an SVG makes to something outside itself, with its line."""

    def __init__(self) -> None:
        super().__init__()
        self.locator = None
        self.found: list[tuple[int | None, str]] = []
        self._in_style = False

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 (SAX's name)
        self.locator = locator

    def startElement(self, name, attrs) -> None:  # noqa: N802
        line = self.locator.getLineNumber() if self.locator else None
        self._in_style = name.split(":")[-1] == "style"
        for key in attrs.getNames():
            value = attrs.getValue(key).strip()
            if key.split(":")[-1] == "href" and not value.startswith(("#", "data:")):
                self.found.append((line, f"external reference '{value}' in <{name} {key}>"))
            elif "url(" in value and not _local_urls_only(value):
                self.found.append((line, f"external url() in <{name} {key}>"))

    def endElement(self, name) -> None:  # noqa: N802
        self._in_style = False

    def characters(self, content) -> None:
        if self._in_style and ("@import" in content or not _local_urls_only(content)):
            line = self.locator.getLineNumber() if self.locator else None
            self.found.append((line, "external url() or @import in <style>"))


def _local_urls_only(text: str) -> bool:
    parts = text.split("url(")[1:]
    return all(part.strip().strip("'\"").startswith(("#", "data:")) for part in parts)


def svg_problems(project: Project, path: Path) -> list[Problem]:
    """Return why an SVG asset is unsafe or broken: a DOCTYPE/entities, not well-formed XML, external references."""
    import defusedxml.sax
    from defusedxml import DefusedXmlException

    shown = project.relative(path)
    handler = _SvgReferences()
    try:
        defusedxml.sax.parse(str(path), handler, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        line = _first_line_with(path, (b"<!DOCTYPE", b"<!ENTITY"))
        return [Problem(shown, line, "", f"unsafe SVG: {_defused_reason(exc)}; an SVG asset may not declare "
                                         "a DOCTYPE or entities")]
    except xml.sax.SAXParseException as exc:
        return [Problem(shown, exc.getLineNumber(), "", f"not well-formed SVG: {exc.getMessage()}")]
    except (OSError, ValueError) as exc:
        return [Problem(shown, None, "", f"cannot read SVG: {exc}")]
    return [Problem(shown, line, "", f"unsafe SVG: {message}; an SVG asset must be self-contained")
            for line, message in handler.found]


def _defused_reason(exc: Exception) -> str:
    name = type(exc).__name__
    return {"DTDForbidden": "it declares a DOCTYPE", "EntitiesForbidden": "it declares entities",
            "ExternalReferenceForbidden": "it references an external entity"}.get(name, name)


def raster_problems(project: Project, path: Path) -> tuple[list[Problem], list[Problem]]:
    """Refuse an image over the documented limits; warn when it has more pixels than a page printed at 300 ppi."""
    from PIL import Image

    shown = project.relative(path)
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return [Problem(shown, None, "", f"image is {size / 1024 / 1024:.1f} MB, over the limit of "
                                         f"{MAX_IMAGE_BYTES // 1024 // 1024} MB: scale it down to at most "
                                         "300 ppi at its printed size")], []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        return [Problem(shown, None, "", f"cannot read image: {exc}")], []
    pixels = width * height
    if pixels > MAX_IMAGE_PIXELS:
        return [Problem(shown, None, "", f"image is {width}×{height} pixels ({pixels / 1e6:.0f} MP), over the "
                                         f"limit of {MAX_IMAGE_PIXELS / 1e6:.0f} MP: scale it down to at most "
                                         "300 ppi at its printed size")], []
    if pixels > PRINT_PIXELS:
        return [], [Problem(shown, None, "", f"image is {width}×{height} pixels, more than a full page needs at "
                                             "300 ppi; every PDF carries it whole, so scale it down")]
    return [], []


def _first_line_with(path: Path, needles: tuple[bytes, ...]) -> int | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    found = [data.find(needle) for needle in needles if data.find(needle) >= 0]
    return data.count(b"\n", 0, min(found)) + 1 if found else None
