"""The one Jinja environment: sandboxed, strict about undefined names, autoescaping, project-only loader."""

import datetime as dt
import gettext
from functools import partial
from pathlib import PurePosixPath

from babel.dates import format_date
from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from handouts.project import Project


def make_environment(
    project: Project, language: str = "en", translations: gettext.NullTranslations | None = None
) -> ImmutableSandboxedEnvironment:
    """Return the Jinja environment for `project`'s templates/ folder.

    `translations` (see handouts.i18n.load_translations) serve `{% trans %}`, `_()`, `ngettext` and `pgettext`;
    without them marked strings print as written.
    """
    env = ImmutableSandboxedEnvironment(
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
    # handouts.i18n extracts with the same policy.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations or gettext.NullTranslations(), newstyle=True)
    env.filters["longdate"] = partial(long_date, language=language)
    env.globals["asset_url"] = partial(asset_url, project)
    return env


def long_date(value: dt.date, language: str = "en") -> str:
    """Format a date the way the series' language writes it, e.g. '28 November 2026'."""
    return format_date(value, format="long", locale=language.replace("-", "_"))


def asset_url(project: Project, path: str) -> str:
    """Return the project-relative URL of an asset, refusing anything that could leave the project."""
    project.asset(path)
    return PurePosixPath(path).as_posix()
