"""The one Jinja environment: sandboxed, strict about undefined names, autoescaping, project-only loader.

A template is project content and may be hostile or simply wrong, so rendering is bounded: `range()` is capped,
a deadline stops runaway loops, recursion is caught, and every failure becomes one RenderError line that names
the project-relative template and line.
"""

import datetime as dt
import gettext
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from types import FrameType
from typing import Any, cast

from babel.dates import format_date
from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from handouts.content.project import Project
from handouts.errors import HandoutsError, RenderError

MAX_RANGE = 10_000  # items one range() may make; the largest real use is a tracker's rows, far below this
RENDER_SECONDS = 15.0  # a whole pack renders its templates in well under a second; output piles up meanwhile
RECURSION_HEADROOM = 400  # Python frames a template may stack above the caller; a macro call costs about five
_CHECK_EVERY = 256  # loop items between deadline checks inside range()


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox with a deadline: every call, attribute and item lookup and range() item checks the clock."""

    deadline: float | None = None

    def _tick(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.deadline = None  # report once; the unwinding must not trip the check again
            raise _TooSlow(f"rendering took longer than {RENDER_SECONDS:g} seconds (a loop that never ends?)")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        __self._tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        self._tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self._tick()
        return super().getitem(obj, argument)


class _TooSlow(TemplateRuntimeError):
    """Raised inside a render that ran past its deadline."""


class _RangeTooBig(SecurityError):
    """Raised by range() in a template when asked for more than MAX_RANGE items."""


def make_environment(
    project: Project, language: str = "en", translations: gettext.NullTranslations | None = None
) -> _Sandbox:
    """Return the Jinja environment for `project`'s templates/ folder.

    `translations` (see handouts.content.i18n.load_translations) serve `{% trans %}`, `_()`, `ngettext` and `pgettext`;
    without them marked strings print as written.
    """
    env = _Sandbox(
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader(project.templates_dir),
        # Text email bodies are the only templates that must not be HTML-escaped.
        autoescape=select_autoescape(enabled_extensions=(), disabled_extensions=("txt",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Trimmed {% trans %} blocks: the msgid does not depend on how a template's lines are indented, and
    # handouts.content.i18n extracts with the same policy.
    env.policies["ext.i18n.trimmed"] = True
    # jinja2.ext.i18n adds this method to the environment at run time; the class does not declare it.
    cast(Any, env).install_gettext_translations(translations or gettext.NullTranslations(), newstyle=True)
    env.filters["longdate"] = partial(long_date, language=language)
    env.globals["asset_url"] = partial(asset_url, project)
    env.globals["range"] = partial(_bounded_range, env)
    return env


def render_template(env: _Sandbox, project: Project, name: str, /, **context: Any) -> str:
    """Render template `name` within the time and recursion limits; any failure is one RenderError line."""
    previous_limit = sys.getrecursionlimit()
    try:
        template = env.get_template(name)
        env.deadline = time.monotonic() + RENDER_SECONDS
        # Deep recursion is cut short well before Python's own limit so the error stays quick and readable.
        sys.setrecursionlimit(min(previous_limit, _depth() + RECURSION_HEADROOM))
        try:
            return template.render(**context)
        finally:
            sys.setrecursionlimit(previous_limit)
            env.deadline = None
    except AssetRefused as exc:
        raise AssetRefused(str(exc)) from None  # it names the asset file and line itself: that is the root cause
    except HandoutsError as exc:
        # asset_url's refusal and friends: already the user's words, only the place is added.
        kind = type(exc) if isinstance(exc, RenderError) else RenderError
        raise kind(f"{_where(exc, project, name)}{exc}") from None
    except RecursionError:
        raise RenderError(f"{_where(None, project, name)}a macro or include calls itself without end") from None
    except (TemplateError, KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise RenderError(f"{_where(exc, project, name)}{_message(exc)}") from None


def _depth() -> int:
    frame: FrameType | None = sys._getframe()
    depth = 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def _bounded_range(env: _Sandbox, *args: int) -> Iterator[int]:
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise _RangeTooBig(f"range() of {len(items):,} items is over the limit of {MAX_RANGE:,}")
    return _ticking(env, items)


def _ticking(env: _Sandbox, items: range) -> Iterator[int]:
    for index, item in enumerate(items):
        if index % _CHECK_EVERY == 0:
            env._tick()
        yield item


def _message(exc: BaseException) -> str:
    if isinstance(exc, TemplateNotFound):
        return f"template '{exc.name}' not found in templates/"
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, (KeyError, TypeError, ValueError, ArithmeticError)):
        text = f"{type(exc).__name__}: {text}"
    return " ".join(text.split())


def _where(exc: BaseException | None, project: Project, fallback: str) -> str:
    """Return `templates/x.html:LINE: ` for the template frame nearest the failure (or the outermost one)."""
    filename, line = None, None
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        filename, line = exc.filename, exc.lineno
    else:
        # Jinja rewrites tracebacks so that template code shows as frames of the template file and line.
        filename, line = _template_frame(sys.exc_info()[2], project)
    if filename is None:
        return f"{_shown(project, project.templates_dir / fallback)}: " if fallback else "templates: "
    shown = _shown(project, Path(filename))
    return f"{shown}:{line}: " if line else f"{shown}: "


def _template_frame(tb, project: Project) -> tuple[str | None, int | None]:
    # The deepest template frame is where it went wrong (for a runaway macro: the line that calls itself).
    root = str(project.templates_dir.resolve())
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root) and not filename.endswith(".py"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _shown(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return path.name


def long_date(value: dt.date, language: str = "en") -> str:
    """Format a date the way the series' language writes it, e.g. '28 November 2026'."""
    return format_date(value, format="long", locale=language.replace("-", "_"))


class AssetRefused(RenderError):
    """Raised when an asset a template uses is unsafe or too large; the message starts with the asset's path."""


def asset_url(project: Project, path: str) -> str:
    """Return the project-relative URL of an asset, refusing anything that could leave the project.

    An SVG or raster image is checked as `handouts check` does (safe XML, within the size limits).
    """
    from handouts.content.checks.assets import asset_problems

    target = project.asset(path)
    for problem in asset_problems(project, target)[0]:
        raise AssetRefused(str(problem))
    return PurePosixPath(path).as_posix()
