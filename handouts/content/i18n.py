"""Editions in other languages through gettext: catalogues of the content's and the templates' wording.

Two domains, each a PO catalogue a translator opens in Poedit, Weblate or any PO editor:

- `content`: every participant-facing text field of handouts.toml and data/ (the fields typed `TText`/`TName`/`TStr`,
  i.e. marked `Translatable()` in handouts/content/models/base.py). Each message's msgctxt names its file, the
  entry's id and the field, e.g. `data/exercises.yaml:clamshell:steps[2]`; list items that have an id are named by it
  (`sections[hips].items[weak-glutes].why`) so reordering a list keeps its translations. Ids, URLs, dates,
  asset paths, citation keys, the clinic's own details and the references (cited as published) are not text
  to translate.
- `templates`: the strings templates/ marks with `{% trans %}`, `_()`, `gettext`, `ngettext`, `pgettext`,
  extracted with Jinja's own Babel extractor (blocks trimmed, as the environment renders them), and the phrases
  the package's own code builds through handouts.content.wording (dosage words and the like).

Files: `locales/content.pot` and `locales/templates.pot` (written by `handouts i18n extract`), and per language
`locales/<lang>/LC_MESSAGES/content.po` and `templates.po` (made and kept in step by `handouts i18n update`).
Compiled catalogues are made in memory when an edition is built and never written.
"""

import dataclasses
import datetime as dt
import gettext
import io
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Annotated, Any, cast, get_args, get_origin

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, denormalize, escape, read_po, write_po
from babel.support import Translations
from jinja2 import TemplateSyntaxError
from jinja2.ext import babel_extract
from pydantic import BaseModel

from handouts.content.load import Content
from handouts.content.models.base import Translatable
from handouts.content.models.pose import Frame
from handouts.content.project import Project
from handouts.content.sourcefile import Loc, SourceFile, read_toml, read_yaml
from handouts.content.wording import CLOSE_UP_CONTEXT, close_up_words
from handouts.errors import HandoutsError, Problem

DOMAINS = ("content", "templates")
# Who checked the translation for clinical sense; empty until a clinician signs it off (see `review`).
REVIEWER_HEADER = "X-Clinical-Reviewer"
PLACEHOLDER_TRANSLATOR = "FULL NAME <EMAIL@ADDRESS>"
TEMPLATE_SUFFIXES = (".html", ".txt")
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the handouts package, whose phrases are extracted
# Pose data lies below the models (handouts.content.models imports it), so it cannot import the marker without an
# import cycle; its screen-reader text is listed here instead.
TRANSLATABLE_ELSEWHERE = frozenset({(Frame, "alt"), (Frame, "label")})
# Jinja's extractor must see templates exactly as make_environment parses them, or the msgids would differ.
JINJA_OPTIONS = {
    "trimmed": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "keep_trailing_newline": "true",
    "newstyle_gettext": "true",
    "silent": "false",
}


class CatalogueError(HandoutsError):
    """Raised when a PO file cannot be read, or a language code names no locale."""


class MissingTranslations(HandoutsError):
    """Raised when an edition is built while some of its strings are untranslated or fuzzy."""

    def __init__(self, language: str, missing: list["Untranslated"]):
        self.missing = missing
        per_file = Counter(item.path for item in missing)
        files = ", ".join(f"{path} ({count})" for path, count in per_file.items())
        first = missing[0].problem() if missing else ""
        super().__init__(
            f"{len(missing)} string(s) not translated into '{language}': {files}; first: {first}; "
            f"list them with `handouts check --lang {language}`, or build anyway with --allow-untranslated"
        )


@dataclass(frozen=True)
class Untranslated:
    """A string of an edition that still prints in the source language, located where its source text is."""

    path: str
    line: int | None
    context: str | None
    msgid: str
    fuzzy: bool
    reason: str = ""

    def problem(self) -> Problem:
        """Return it as a Problem: `data/exercises.yaml:23: clamshell:steps[2]: untranslated: "Lie on…"`."""
        where = (self.context or "").removeprefix(f"{self.path}:")
        state = self.reason or ("fuzzy (its source changed: check it, then clear the flag)" if self.fuzzy
                                else "untranslated")
        return Problem(self.path, self.line, where, f"{state}: {_excerpt(self.msgid)}")


@dataclass(frozen=True)
class CatalogueUpdate:
    """What `update` did to one PO file."""

    path: Path
    created: bool
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int


# --- Walking the content --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Place:
    """Where a text sits: its file, the msgctxt naming it, and its location in the file for line lookups."""

    path: str
    context: str
    loc: Loc


Visit = Callable[[_Place, str, str | None], str]  # (place, text, field description) -> the text to keep


def _entries(content: Content) -> Iterator[tuple[str, str, str, BaseModel, Loc]]:
    """Yield (collection, file, id, model, location in file) for every top-level content entry, in file order.

    The collection is "config" for handouts.toml's tables (the id is the table's name).
    """
    # The file names mirror handouts.content.load.load_content; a loaded Content holds every entry of each file,
    # in order.
    config = content.config
    for name in type(config).model_fields:
        value = getattr(config, name)
        if isinstance(value, BaseModel):
            yield "config", content.project.relative(content.project.config_path), name, value, (name,)
    data = content.project.data_dir
    for key in ("muscles", "exercises", "references"):
        path = content.project.relative(data / f"{key}.yaml")
        for index, obj in enumerate(getattr(content, key).values()):
            yield key, path, obj.id, obj, (key, index)
    for folder in ("checklists", "classes"):
        for ident, obj in getattr(content, folder).items():
            yield folder, content.project.relative(data / folder / f"{ident}.yaml"), ident, obj, ()


def _marked(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated and any(isinstance(m, Translatable) for m in annotation.__metadata__):
        return True
    args = get_args(annotation)
    # dict[MuscleId, TText]: only the values are text; keys are ids and never visited.
    return any(_marked(arg) for arg in args)


@cache
def is_translatable(model: type[BaseModel], name: str) -> bool:
    """True when field `name` of `model` holds participant-facing text."""
    if (model, name) in TRANSLATABLE_ELSEWHERE:
        return True
    info = model.model_fields[name]
    return any(isinstance(m, Translatable) for m in info.metadata) or _marked(info.annotation)


def _map(value: Any, text: bool, place: _Place, label: str, description: str | None, visit: Visit) -> Any:
    """Return `value` with every translatable string under it replaced by `visit`'s answer (same object if none)."""
    if isinstance(value, BaseModel):
        model = type(value)
        changes = {}
        for name, info in model.model_fields.items():
            old = getattr(value, name)
            sub = _Place(place.path, place.context, (*place.loc, name))
            new = _map(old, is_translatable(model, name), sub, f"{label}.{name}" if label else name,
                       info.description, visit)
            if new is not old:
                changes[name] = new
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, str):
        # An empty msgid is a catalogue's header, never a text.
        if not text or not value.strip():
            return value
        return visit(dataclasses.replace(place, context=f"{place.context}:{label}"), value, description)
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            # An item with an id is named by it, so reordering a list does not orphan its translations.
            key = getattr(item, "id", index) if isinstance(item, BaseModel) else index
            sub = _Place(place.path, place.context, (*place.loc, index))
            items.append(_map(item, text, sub, f"{label}[{key}]", description, visit))
        return items if any(new is not old for new, old in zip(items, value)) else value
    if isinstance(value, dict):
        mapped = {
            key: _map(item, text, _Place(place.path, place.context, (*place.loc, key)), f"{label}[{key}]",
                      description, visit)
            for key, item in value.items()
        }
        return mapped if any(mapped[k] is not value[k] for k in value) else value
    return value


def _walk_entry(path: str, ident: str, obj: BaseModel, base: Loc, visit: Visit) -> BaseModel:
    return _map(obj, False, _Place(path, f"{path}:{ident}", base), "", None, visit)


# --- Extraction -------------------------------------------------------------------------------------------------

def extract_content(content: Content) -> Catalog:
    """Return the `content` domain's template catalogue: one message per translatable text, located at its line."""
    catalog = _new_catalog(content, "content")
    sources: dict[str, SourceFile | None] = {}

    def add(place: _Place, text: str, description: str | None) -> str:
        line = _line(content.project, sources, place)
        comments = [description] if description else []
        if _placeholders(text):
            comments.append("Keep the words in braces, e.g. {phone}, exactly as they are.")
        catalog.add(text, None, [(place.path, line or 0)], auto_comments=comments, context=place.context)
        return text

    for _, path, ident, obj, base in _entries(content):
        _walk_entry(path, ident, obj, base, add)
    return catalog


def extract_templates(content: Content, python_sources: list[Path] | None = None) -> Catalog:
    """Return the `templates` domain's template catalogue: every marked string in templates/, then every phrase
    the package's own code makes through handouts.content.wording (or in `python_sources`, when given)."""
    catalog = _new_catalog(content, "templates")
    project = content.project
    for file in sorted(project.templates_dir.rglob("*")):
        if not file.is_file() or file.suffix not in TEMPLATE_SUFFIXES:
            continue
        shown = project.relative(file)
        try:
            with file.open("rb") as handle:
                # Jinja's babel_extract follows Babel's extractor protocol, but the two packages annotate the
                # yielded tuples differently (Jinja's own stubs predate Babel's), so mypy sees a mismatch.
                found = list(extract(cast("Callable[..., Any]", babel_extract), handle, keywords=DEFAULT_KEYWORDS,
                                     comment_tags=("Translators:",), options=JINJA_OPTIONS))
        except TemplateSyntaxError as exc:
            raise CatalogueError(f"{shown}:{exc.lineno}: template syntax error: {exc.message}") from None
        except UnicodeDecodeError as exc:
            raise CatalogueError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        for lineno, message, comments, context in found:
            catalog.add(message, None, [(shown, lineno)], auto_comments=comments, context=context)
    _add_close_ups(content, catalog)
    for file in _package_sources() if python_sources is None else python_sources:
        shown = f"{PACKAGE_DIR.name}/{file.relative_to(PACKAGE_DIR).as_posix()}" if file.is_relative_to(
            PACKAGE_DIR) else file.name
        with file.open("rb") as handle:
            for lineno, message, comments, context in extract("python", handle, keywords=DEFAULT_KEYWORDS,
                                                              comment_tags=("Translators:",)):
                # Jinja's extractor drops the tag; Python's keeps it: say it once, the Jinja way.
                notes = [comment.removeprefix("Translators:").strip() for comment in comments]
                catalog.add(message, None, [(shown, lineno)], auto_comments=notes, context=context)
    return catalog


def _add_close_ups(content: Content, catalog: Catalog) -> None:
    """Add the name of every close-up a class asks for: an atlas crop's id ('knee') that its page title says."""
    sources: dict[str, SourceFile | None] = {}
    for ident, cls in content.classes.items():
        path = content.project.relative(content.project.data_dir / "classes" / f"{ident}.yaml")
        for index, handout in enumerate(cls.handouts):
            for number, name in enumerate(getattr(handout, "close_ups", [])):
                line = _line(content.project, sources, _Place(path, "", ("handouts", index, "close_ups", number)))
                catalog.add(close_up_words(name), None, [(path, line or 0)], context=CLOSE_UP_CONTEXT,
                            auto_comments=["The body part a close-up of the muscle map shows, in its title "
                                           "'Close-up: …'."])


def _package_sources() -> list[Path]:
    # Only modules that phrase things through handouts.content.wording: other modules' `_` are throwaway names.
    uses = re.compile(r"^\s*(from handouts\.content\.wording import|import handouts\.content\.wording)", re.MULTILINE)
    return [path for path in sorted(PACKAGE_DIR.rglob("*.py")) if uses.search(path.read_text(encoding="utf-8"))]


def extract_all(content: Content) -> dict[str, Catalog]:
    """Return each domain's template catalogue, freshly extracted from the project."""
    return {"content": extract_content(content), "templates": extract_templates(content)}


def _new_catalog(content: Content, domain: str, locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale, domain=domain, project="handouts", version=content.config.series.name,
        copyright_holder=content.config.clinic.name, msgid_bugs_address=content.config.clinic.email,
        creation_date=_now(), revision_date=_now(), fuzzy=False,
    )


def _now() -> dt.datetime:
    # SOURCE_DATE_EPOCH keeps generated catalogues byte-identical between runs when a build system sets it.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _line(project: Project, sources: dict[str, SourceFile | None], place: _Place) -> int | None:
    if place.path not in sources:
        file = project.root / place.path
        read = read_toml(file, place.path) if file.suffix == ".toml" else read_yaml(file, place.path)
        sources[place.path] = read if isinstance(read, SourceFile) else None
    source = sources[place.path]
    return source.line_of(place.loc) if source else None


# --- Files --------------------------------------------------------------------------------------------------------

def locales_dir(project: Project) -> Path:
    """The project's `locales/` folder."""
    return project.root / "locales"


def template_path(project: Project, domain: str) -> Path:
    """Where a domain's template catalogue is written: locales/<domain>.pot."""
    return locales_dir(project) / f"{domain}.pot"


def catalogue_path(project: Project, language: str, domain: str) -> Path:
    """Where a language's catalogue lives: locales/<lang>/LC_MESSAGES/<domain>.po (`es-MX` is kept as `es_MX`)."""
    return locales_dir(project) / _locale_code(language) / "LC_MESSAGES" / f"{domain}.po"


def _catalogue_for(project: Project, language: str, domain: str) -> Path:
    """The catalogue an edition reads: its own (`es_MX`), else its base language's (`es`), as gettext does."""
    exact = catalogue_path(project, language, domain)
    base = catalogue_path(project, language.replace("_", "-").split("-")[0], domain)
    return exact if exact.is_file() or not base.is_file() else base


def has_catalogues(project: Project, language: str) -> bool:
    """Whether the project has any catalogue for `language` (its own or its base language's)."""
    try:
        return any(_catalogue_for(project, language, domain).is_file() for domain in DOMAINS)
    except CatalogueError:
        return False


def write_templates(content: Content) -> dict[str, tuple[Path, int]]:
    """Write locales/<domain>.pot for every domain; return each file and its message count."""
    written = {}
    for domain, catalog in extract_all(content).items():
        path = template_path(content.project, domain)
        _write_catalog(path, catalog, template=True)
        written[domain] = (path, len(catalog))
    return written


def update_catalogues(content: Content, language: str) -> list[CatalogueUpdate]:
    """Extract afresh, write the POT files, then create or update each PO file of `language` from them.

    A message whose source text changed keeps its old translation, flagged fuzzy with the old source as its
    previous msgid, so a translator sees what changed. Messages no longer in the source are kept as obsolete
    (`#~`) entries, as gettext's msgmerge does.
    """
    locale = _locale_code(language)
    templates = extract_all(content)
    # Read and merge every catalogue before writing any, so a broken PO file leaves all files as they were.
    merged = []
    for domain, template in templates.items():
        path = catalogue_path(content.project, language, domain)
        created = not path.is_file()
        catalog = _new_catalog(content, domain, locale) if created else read_catalogue(path, language)
        _update(catalog, template, {} if created else _previous_ids(path))
        merged.append((path, created, catalog, [(REVIEWER_HEADER, "")] if created else _extra_headers(path, catalog)))
    reports = []
    for (domain, template), (path, created, catalog, extra) in zip(templates.items(), merged):
        _write_catalog(template_path(content.project, domain), template, template=True)
        _write_catalog(path, catalog, template=False, extra_headers=extra)
        messages = [m for m in catalog if m.id]
        translated = [m for m in messages if _has_translation(m)]
        fuzzy = [m for m in translated if m.fuzzy]
        reports.append(CatalogueUpdate(path, created, len(translated) - len(fuzzy), len(fuzzy),
                                       len(messages) - len(translated), len(catalog.obsolete)))
    return reports


def _update(catalog: Catalog, template: Catalog, previous: dict[tuple[str | None, str], list[str]]) -> None:
    # Babel's own fuzzy matching compares msgids only, ignoring msgctxt, so a changed step could inherit the
    # translation of a similar step of another exercise. The context names the field, so match on it instead.
    catalog.update(template, no_fuzzy_matching=True)
    by_context = {m.context: m for m in catalog.obsolete.values() if m.context and _has_translation(m)}
    by_text = {m.id: m for m in [*catalog.obsolete.values(), *catalog] if m.id and _has_translation(m)}
    for message in catalog:
        if not message.id or _has_translation(message):
            continue
        old = (by_context.get(message.context) if message.context else None) or by_text.get(message.id)
        if old is None or isinstance(old.id, str) != isinstance(message.id, str):
            continue  # nothing to offer, or a singular became a plural (or back): its forms do not carry over
        message.string = old.string
        message.flags.add("fuzzy")
        message.previous_id = list(old.id) if isinstance(old.id, (list, tuple)) else [old.id]
        catalog.obsolete.pop(_key(old), None)
    for message in catalog:
        # `#| msgid` lines are read for singular entries only (_previous_ids), so a plural's key is never there.
        if message.fuzzy and isinstance(message.id, str) and message.id and not message.previous_id:
            message.previous_id = previous.get((message.context, message.id), [])


def _previous_ids(path: Path) -> dict[tuple[str | None, str], list[str]]:
    """Return {(msgctxt, msgid): [previous msgid]} from a PO file's `#| msgid` lines.

    Babel's reader drops them; without this, the next update would hide what changed from the translator
    while the entry is still fuzzy.
    """
    found: dict[tuple[str | None, str], list[str]] = {}
    previous: list[str] | None = None
    parts: dict[str, list[str]] = {}
    current = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#| msgid "):
            previous, parts, current = [line.removeprefix("#| msgid ")], {}, ""
        elif line.startswith('#| "') and previous is not None and not parts:
            previous.append(line.removeprefix("#| "))
        elif previous is None:
            continue
        elif line.startswith(("msgctxt ", "msgid ")):
            current, _, value = line.partition(" ")
            parts[current] = [value]
        elif line.startswith('"') and current:
            parts[current].append(line)
        elif line.startswith(("msgstr", "msgid_plural")) or not line:
            if "msgid" in parts:
                context = denormalize("\n".join(parts["msgctxt"])) if "msgctxt" in parts else None
                found[(context, denormalize("\n".join(parts["msgid"])))] = [denormalize("\n".join(previous))]
            previous, parts, current = None, {}, ""
    return found


def _key(message: Message) -> Any:
    ident = message.id if isinstance(message.id, str) else message.id[0]
    return (ident, message.context) if message.context else ident


def _has_translation(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings)


def _write_catalog(path: Path, catalog: Catalog, *, template: bool,
                   extra_headers: Sequence[tuple[str, str]] = ()) -> None:
    """Write a PO/POT file whole or not at all, with `extra_headers` at the end of its header."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_previous=True,
             ignore_obsolete=template)
    data = buffer.getvalue()
    if extra_headers:
        end = data.index(b"\n\n", data.index(b'msgstr ""'))
        lines = "".join(f"\n{escape(f'{key}: {value}' + chr(10))}" for key, value in extra_headers)
        data = data[:end] + lines.encode("utf-8") + data[end:]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_catalogue(path: Path, language: str) -> Catalog:
    """Read one PO file, or raise CatalogueError naming its file and line."""
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=_locale_code(language), abort_invalid=True)
    except PoFileError as exc:
        raise CatalogueError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogueError(f"{path}: cannot read: {exc}") from None


def _header_fields(path: Path) -> list[tuple[str, str]]:
    """Return every `Key: value` of a PO file's header, in order, as the file has them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index('msgid ""') + 1
    except ValueError:
        return []
    quoted = []
    for line in lines[start + 1:] if start < len(lines) and lines[start].startswith("msgstr") else []:
        if not line.startswith('"'):
            break
        quoted.append(line)
    text = denormalize("\n".join(['""', *quoted])) if quoted else ""
    return [(key.strip(), value.strip()) for key, _, value in (f.partition(":") for f in text.splitlines()) if key]


def _extra_headers(path: Path, catalog: Catalog) -> list[tuple[str, str]]:
    # Babel keeps only the headers it knows; a project's own (the clinical reviewer) must survive an update.
    known = {key.lower() for key, _ in catalog.mime_headers}
    return [(key, value) for key, value in _header_fields(path) if key.lower() not in known]


@dataclass(frozen=True)
class Review:
    """Who translated a language's catalogues and which clinician, if any, reviewed them."""

    translator: str | None
    reviewer: str | None

    @property
    def pending(self) -> bool:
        """True until a clinician is named in the catalogue's X-Clinical-Reviewer header."""
        return not self.reviewer


def review(project: Project, language: str) -> Review:
    """Return the translator and clinical reviewer named in the header of `language`'s content catalogue."""
    path = _catalogue_for(project, language, "content")
    fields = {key.lower(): value for key, value in _header_fields(path)} if path.is_file() else {}
    translator = fields.get("last-translator", "")
    reviewer = fields.get(REVIEWER_HEADER.lower(), "")
    return Review(translator if translator and translator != PLACEHOLDER_TRANSLATOR else None, reviewer or None)


def _locale_code(language: str) -> str:
    code = language.replace("-", "_")
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise CatalogueError(f"unknown language '{language}' (use a code such as 'es' or 'fr-CA')") from None
    return code


# --- Editions -----------------------------------------------------------------------------------------------------

def load_translations(project: Project, language: str, source_language: str = "en") -> gettext.NullTranslations:
    """Return the gettext translations of `language` (both domains merged), compiled in memory.

    The source language, and a language with no catalogues at all, get NullTranslations: text stays as written.
    Fuzzy entries are left out, so they print in the source language until a translator confirms them.
    """
    if _same_language(language, source_language):
        return gettext.NullTranslations()
    merged: Translations | None = None
    # The first catalogue's plural rule serves both; templates hold the plurals, so they go first.
    for domain in ("templates", "content"):
        path = _catalogue_for(project, language, domain)
        if not path.is_file():
            continue
        catalog = read_catalogue(path, language)
        # A plural with one form left empty would print nothing for that count: use the source text instead.
        for message in [m for m in catalog if m.id and not _has_translation(m)]:
            catalog.delete(message.id, message.context)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        translations = Translations(fp=buffer, domain=domain)
        if merged is None:
            merged = translations
        else:
            merged.merge(translations)
    return merged or gettext.NullTranslations()


def translate_content(content: Content, language: str,
                      translations: gettext.NullTranslations | None = None) -> Content:
    """Return a copy of `content` in `language`: every translatable field through pgettext, with its context.

    Strings without a usable translation stay in the source language (list them with `untranslated`). The copy's
    series language is `language`, so dates, /Lang and hyphenation follow the edition.
    """
    source = content.config.series.language
    if _same_language(language, source):
        return content
    if translations is None:
        translations = load_translations(content.project, language, source)

    def translate(place: _Place, text: str, description: str | None) -> str:
        found = translations.pgettext(place.context, text)
        # A translation that drops or renames a {placeholder} would print a raw brace or fail; keep the source.
        return found if _placeholders(found) == _placeholders(text) else text

    parts: dict[str, dict[str, Any]] = {}
    for collection, path, ident, obj, base in _entries(content):
        parts.setdefault(collection, {})[ident] = _walk_entry(path, ident, obj, base, translate)
    tables = parts.pop("config", {})
    series = tables.get("series", content.config.series).model_copy(update={"language": language})
    config = content.config.model_copy(update={**tables, "series": series})
    # A collection with no entries has no part; it stays as it is (empty).
    return dataclasses.replace(
        content, config=config, muscles=parts.get("muscles", content.muscles),
        exercises=parts.get("exercises", content.exercises), references=parts.get("references", content.references),
        checklists=parts.get("checklists", content.checklists), classes=parts.get("classes", content.classes),
    )


def untranslated(content: Content, language: str) -> list[Untranslated]:
    """Return every string of the `language` edition that would print in the source language, at its source line.

    Covers both domains: content fields (located in data/ and handouts.toml) and marked template strings.
    """
    if _same_language(language, content.config.series.language):
        return []
    missing = []
    for domain, template in extract_all(content).items():
        path = _catalogue_for(content.project, language, domain)
        catalog = read_catalogue(path, language) if path.is_file() else None
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, message.context) if catalog is not None else None
            file, line = message.locations[0] if message.locations else ("", 0)
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            if found is None or not _has_translation(found):
                missing.append(Untranslated(file, line or None, message.context, msgid, False))
            elif found.fuzzy:
                missing.append(Untranslated(file, line or None, message.context, msgid, True))
            elif (domain == "content" and isinstance(found.string, str)  # content strings are never plural
                  and _placeholders(found.string) != _placeholders(msgid)):
                missing.append(Untranslated(file, line or None, message.context, msgid, False,
                                            "translation changes the {placeholders}"))
    return missing


def require_translated(content: Content, language: str) -> None:
    """Raise MissingTranslations naming how many strings and where, unless the edition is complete."""
    missing = untranslated(content, language)
    if missing:
        raise MissingTranslations(language, missing)


def counts_per_file(missing: list[Untranslated]) -> dict[str, tuple[int, int]]:
    """Return {file: (untranslated, fuzzy)} in order of first appearance."""
    counts: dict[str, tuple[int, int]] = {}
    for item in missing:
        plain, fuzzy = counts.get(item.path, (0, 0))
        counts[item.path] = (plain, fuzzy + 1) if item.fuzzy else (plain + 1, fuzzy)
    return counts


def _same_language(language: str, source: str) -> bool:
    return language.replace("_", "-").lower() == source.replace("_", "-").lower()


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= limit else f'"{flat[: limit - 1]}…"'
