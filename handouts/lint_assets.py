"""Check templates, stylesheets and image assets before anything renders, without importing WeasyPrint.

`handouts check` runs every check here over the whole project; a build runs the same checks over the files the
pack uses, so a problem is reported as `path:line: where: message` naming the file that holds it, not as a
WeasyPrint failure deep inside a render.

Documented limits for raster images (PNG, JPEG, GIF, WebP): over MAX_IMAGE_BYTES or MAX_IMAGE_PIXELS is refused,
because WeasyPrint embeds an image whole in every copy; over PRINT_PIXELS (a full Letter page at 300 ppi) `check`
warns that the image is larger than print needs. SVG assets must be self-contained well-formed XML: no DOCTYPE or
entities (external entities, "billion laughs") and no reference outside the file.
"""

import re
import warnings
import xml.sax
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from handouts.errors import ContentError, Problem, RenderError, SandboxViolation
from handouts.fonts import FONT_DIRS
from handouts.pdf import allowed_path
from handouts.project import Project

if TYPE_CHECKING:
    from handouts.content import Content

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 20_000_000
PRINT_PIXELS = 2550 * 3300  # 8.5 × 11 in at 300 ppi
RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
TEMPLATE_SUFFIXES = {".html", ".txt"}


def check_assets(content: "Content", strict: bool = False) -> list[Problem]:
    """Check templates, stylesheets, image assets and that the fonts draw every character of the content.

    Raise ContentError listing the problems, else return the warnings.
    """
    from handouts.glyphs import glyph_problems

    problems, cautions = lint_project(content.project)
    problems += glyph_problems(content)
    if problems or (strict and cautions):
        raise ContentError(problems + cautions if strict else problems, [] if strict else cautions)
    return cautions


def lint_project(project: Project) -> tuple[list[Problem], list[Problem]]:
    """Return (problems, warnings) for every template under templates/ and every file under assets/."""
    problems = list(template_problems(project)) + template_fetch_problems(project)
    cautions: list[Problem] = []
    css_dir = project.assets_dir / "css"
    for sheet in sorted(css_dir.rglob("*.css")) if css_dir.is_dir() else []:
        problems += stylesheet_problems(project, sheet)
    for path in sorted(project.assets_dir.rglob("*")) if project.assets_dir.is_dir() else []:
        if path.is_relative_to(project.assets_dir / "body"):
            continue  # the body atlas has its own, stricter reader (handouts.musclemap.atlas), which reports it
        found, caution = asset_problems(project, path)
        problems += found
        cautions += caution
    return problems, cautions


def ensure_renderable(project: Project, stylesheets: Iterable[str], assets: Iterable[str]) -> None:
    """Raise RenderError naming the first problem in the templates, stylesheets and assets a pack uses (for builds)."""
    for problem in template_fetch_problems(project):
        _raise(problem)
    for name in stylesheets:
        for problem in stylesheet_problems(project, project.root / name):
            _raise(problem)
    for name in assets:
        for problem in asset_problems(project, project.asset(name))[0]:
            _raise(problem)


def _raise(problem: Problem) -> None:
    kind = SandboxViolation if "blocked" in problem.message else RenderError
    raise kind(str(problem))


def template_problems(project: Project) -> Iterator[Problem]:
    """Yield a syntax error of each template under templates/ (parsed, not rendered)."""
    from jinja2 import TemplateSyntaxError

    from handouts.templating import make_environment

    env = make_environment(project)
    root = project.templates_dir
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if not path.is_file() or path.suffix not in TEMPLATE_SUFFIXES:
            continue
        name = path.relative_to(root).as_posix()
        try:
            env.parse(path.read_text(encoding="utf-8"), name, str(path))
        except UnicodeDecodeError as exc:
            yield Problem(project.relative(path), _byte_line(path, exc.start), "", "not UTF-8 text")
        except TemplateSyntaxError as exc:
            yield Problem(project.relative(path), exc.lineno, "", " ".join((exc.message or str(exc)).split()))


# What a template can make the renderer fetch when written literally: a src attribute, a CSS url() or @import.
_FETCHES = re.compile(
    r"""\bsrc\s*=\s*(?P<q>["'])(?P<src>[^"']*)(?P=q)"""
    r"""|url\(\s*(?P<uq>["']?)(?P<url>[^"')]*)(?P=uq)\s*\)"""
    r"""|@import\s+(?P<iq>["'])(?P<imp>[^"']*)(?P=iq)""",
    re.IGNORECASE,
)


def template_fetch_problems(project: Project) -> list[Problem]:
    """Return each literal URL in a template (img src, inline CSS url() or @import) that the fetcher would refuse.

    URLs built at render time (`{{ ... }}`) are left to the sandboxed fetcher; this names the template and line of
    the ones that can be seen without rendering.
    """
    problems = []
    roots = (project.root.resolve(), *FONT_DIRS)
    base = project.root.resolve().as_uri() + "/"
    root = project.templates_dir
    for path in sorted(root.rglob("*.html")) if root.is_dir() else []:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # template_problems reports it
        for number, text in enumerate(lines, 1):
            for match in _FETCHES.finditer(text):
                url = (match.group("src") or match.group("url") or match.group("imp") or "").strip()
                if not url or "{{" in url or "{%" in url or url.startswith(("data:", "#")):
                    continue
                try:
                    allowed_path(urljoin(base, url), roots)
                except SandboxViolation as exc:
                    what = "src" if match.group("src") is not None else "url()"
                    problems.append(Problem(project.relative(path), number, what, str(exc)))
    return problems


def stylesheet_problems(project: Project, sheet: Path) -> list[Problem]:
    """Return the syntax errors of one stylesheet and each url() in it that is blocked or names a missing file."""
    import tinycss2

    shown = project.relative(sheet)
    try:
        text = sheet.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [Problem(shown, None, "", "missing stylesheet")]
    except UnicodeDecodeError as exc:
        return [Problem(shown, _byte_line(sheet, exc.start), "", "not UTF-8 text")]
    problems = []
    roots = (project.root.resolve(), *FONT_DIRS)
    for node in _walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)):
        if node.type == "error":
            problems.append(Problem(shown, node.source_line, "", f"CSS syntax: {node.message}"))
            continue
        url = _url_of(node)
        if url is None or url.startswith(("data:", "#")):
            continue
        absolute = urljoin(sheet.resolve().as_uri(), url)
        try:
            target = allowed_path(absolute, roots)
        except SandboxViolation as exc:
            problems.append(Problem(shown, node.source_line, "url()", str(exc)))
            continue
        if not target.is_file():
            problems.append(Problem(shown, node.source_line, "url()", f"missing file '{project.relative(target)}'"))
    return problems


def _walk(nodes) -> Iterator:
    """Yield every node of a parsed stylesheet, descending into rule bodies, blocks and function arguments."""
    import tinycss2

    for node in nodes or ():
        yield node
        kind = node.type
        if kind == "qualified-rule":
            yield from _walk(node.prelude)
            yield from _walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True))
        elif kind == "at-rule":
            yield from _walk(node.prelude)
            if node.content is not None:
                yield from _walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True,
                                                                skip_whitespace=True))
        elif kind == "declaration":
            yield from _walk(node.value)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _walk(node.content)
        elif kind == "function":
            yield from _walk(node.arguments)


def _url_of(node) -> str | None:
    if node.type == "url":
        return node.value
    if node.type == "function" and node.lower_name in ("url", "src"):
        strings = [arg.value for arg in node.arguments if arg.type == "string"]
        return strings[0] if strings else None
    if node.type == "at-rule" and node.lower_at_keyword == "import":
        strings = [token.value for token in node.prelude if token.type == "string"]
        return strings[0] if strings else None
    return None


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
        self.found: list[tuple[int, str]] = []
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


def _byte_line(path: Path, offset: int) -> int:
    return path.read_bytes().count(b"\n", 0, offset) + 1
