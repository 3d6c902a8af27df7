"""Build a class pack: prepare each handout, render the pack template, write the PDF atomically."""

import importlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from markupsafe import Markup

from handouts.citations import Citations
from handouts.content import Content
from handouts.errors import RenderError, SandboxViolation
from handouts.fonts import font_face_css
from handouts.models import Handout, HandoutClass
from handouts.templating import make_environment

Preparer = Callable[[Any, Content, HandoutClass], dict[str, Any]]


@dataclass(frozen=True)
class BuiltPack:
    """Where a pack was written and what it holds."""

    path: Path
    pages: int
    size: int
    warnings: list[str] = field(default_factory=list)


# Each handout type's context builder, imported only when a pack uses that type.
PREPARERS: dict[str, str] = {
    "muscle-map": "handouts.musclemap:prepare",
    "exercises": "handouts.exercise_sheets:prepare_exercises",
    "tracker": "handouts.exercise_sheets:prepare_tracker",
    "checklist": "handouts.checklist:prepare",
}


def _preparer(handout_type: str) -> Preparer | None:
    if handout_type not in PREPARERS:
        return None
    module, name = PREPARERS[handout_type].split(":")
    return getattr(importlib.import_module(module), name)


def render_html(content: Content, class_id: str) -> str:
    """Return the pack of class `class_id` as one HTML document."""
    cls = content.get_class(class_id)
    parts = []
    for handout in cls.handouts:
        prepare = _preparer(handout.type)
        view = prepare(handout, content, cls) if prepare else {}
        parts.append({"handout": handout, "view": view, "template": f"handouts/{handout.type}.html"})
    citations = Citations(content.references)
    env = make_environment(content.project, content.config.series.language)
    types = list(dict.fromkeys(handout.type for handout in cls.handouts))
    try:
        return env.get_template("pack.html").render(
            project=content.config,
            cls=cls,
            class_id=class_id,
            content=content,
            parts=parts,
            stylesheets=_stylesheets(content, types),
            font_css=Markup(font_face_css()),
            cite=citations.cite,
            cited=citations.cited,
        )
    except SandboxViolation:
        raise
    except (TemplateError, KeyError) as exc:
        raise RenderError(f"templates: {_template_message(exc)}") from None


def _stylesheets(content: Content, types: list[str]) -> list[str]:
    names = ["base", *types]
    return [f"assets/css/{name}.css" for name in names if (content.root / "assets/css" / f"{name}.css").is_file()]


def _template_message(exc: Exception) -> str:
    where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "lineno", None) and getattr(exc, "filename", None) else ""
    return f"{where}{exc.message if hasattr(exc, 'message') and exc.message else exc}"


def build_pack(content: Content, class_id: str, out_dir: Path) -> BuiltPack:
    """Render class `class_id` to OUT/ID/ID.pdf, replacing any earlier copy only once the new one is complete."""
    from handouts.pdf import render_pdf

    html = render_html(content, class_id)
    rendered = render_pdf(html, content.root)
    target = out_dir / class_id / f"{class_id}.pdf"
    write_atomically(target, rendered.data)
    return BuiltPack(target, rendered.pages, len(rendered.data), rendered.warnings)


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file in the same folder, so a crash leaves no partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
