"""Check templates, stylesheets and image assets before anything renders, without importing WeasyPrint.

`handouts check` runs every check here over the whole project; a build runs the same checks over the files the
pack uses, so a problem is reported as `path:line: where: message` naming the file that holds it, not as a
WeasyPrint failure deep inside a render.
The checks of one asset file (image limits, SVG safety) live in handouts.content.checks.assets.
"""

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from handouts.content.checks.assets import asset_problems
from handouts.content.project import Project
from handouts.errors import ContentError, Problem, RenderError, SandboxViolation
from handouts.fonts import FONT_DIRS
from handouts.rendering.pdf import allowed_path

if TYPE_CHECKING:
    from handouts.content.corpus import Content

TEMPLATE_SUFFIXES = {".html", ".txt"}


def check_assets(content: "Content", strict: bool = False) -> list[Problem]:
    """Check templates, stylesheets, image assets and that the fonts draw every character of the content.

    Raise ContentError listing the problems, else return the warnings.
    """
    from handouts.content.checks.glyphs import glyph_problems

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
            continue  # the body atlas has its own, stricter reader (handouts.drawing.musclemap.atlas), which reports it
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

    from handouts.rendering.templating import make_environment

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


def _byte_line(path: Path, offset: int) -> int:
    return path.read_bytes().count(b"\n", 0, offset) + 1
