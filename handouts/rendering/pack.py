"""Build a class pack: prepare each handout, render the pack template, write the PDF atomically."""

import datetime as dt
import gettext
import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale
from markupsafe import Markup

from handouts.content.checks.glyphs import glyph_problems
from handouts.content.edition import Edition
from handouts.content.fingerprint import source_fingerprint
from handouts.content.i18n import load_translations, review, translate_content
from handouts.content.load import Content
from handouts.content.models import HandoutClass
from handouts.content.wording import pgettext, speaking
from handouts.errors import RenderError
from handouts.files import write_atomically
from handouts.fonts import font_face_css
from handouts.handouts.citations import Citations
from handouts.rendering.cache import BuiltPack
from handouts.rendering.preflight import ensure_renderable
from handouts.rendering.templating import make_environment, render_template

if TYPE_CHECKING:
    from handouts.rendering.pdf import RenderedPdf

Preparer = Callable[..., dict[str, Any]]  # (handout, content, cls, *, edition=edition) -> the template's view

# Each handout type's context builder, imported only when a pack uses that type.
PREPARERS: dict[str, str] = {
    "muscle-map": "handouts.handouts.musclemap:prepare",
    "exercises": "handouts.handouts.exercise_sheets:prepare_exercises",
    "tracker": "handouts.handouts.exercise_sheets:prepare_tracker",
    "checklist": "handouts.handouts.checklist:prepare",
}


def _preparer(handout_type: str) -> Preparer | None:
    if handout_type not in PREPARERS:
        return None
    module, name = PREPARERS[handout_type].split(":")
    return getattr(importlib.import_module(module), name)


def render_html(
    content: Content,
    class_id: str,
    edition: Edition = Edition(),
    notes_before: frozenset[int] = frozenset(),
    closing_notes: bool = False,
) -> str:
    """Return the pack of class `class_id`, laid out as `edition`, as one HTML document."""
    source_language = content.config.series.language
    language = edition.language or source_language
    translations = _Counting(load_translations(content.project, language, source_language))
    content = translate_content(content, language, translations)
    with speaking(translations):
        return _render_html(content, class_id, edition, translations, notes_before, closing_notes, source_language)


def _render_html(
    content: Content,
    class_id: str,
    edition: Edition,
    translations: "_Counting",
    notes_before: frozenset[int],
    closing_notes: bool,
    source_language: str,
) -> str:
    language = content.config.series.language
    cls = content.get_class(class_id)
    parts = []
    for index, handout in enumerate(cls.handouts):
        prepare = _preparer(handout.type)
        try:
            view = prepare(handout, content, cls, edition=edition) if prepare else {}
        except ValueError as exc:
            raise RenderError(f"data/classes/{class_id}.yaml: handouts[{index}] ({handout.type}): {exc}") from None
        parts.append({"handout": handout, "view": view, "template": f"handouts/{handout.type}.html"})
    citations = Citations(content.references)
    env = make_environment(content.project, language, translations)
    types = list(dict.fromkeys(handout.type for handout in cls.handouts))
    stylesheets = _stylesheets(content, [*types, *edition.stylesheets()])
    # Named here, by file and line, rather than as a WeasyPrint failure in the middle of the render.
    ensure_renderable(content.project, stylesheets, [content.config.clinic.logo])
    for problem in glyph_problems(content, [class_id]):
        raise RenderError(str(problem))  # the first is enough to stop; `handouts check` lists them all
    return render_template(
        env,
        content.project,
        "pack.html",
        project=content.config,
        cls=cls,
        class_id=class_id,
        content=content,
        parts=parts,
        stylesheets=stylesheets,
        font_css=Markup(font_face_css()),
        page_css=Markup(edition.page_css(content.config.series.paper)),
        edition=edition,
        created=_creation_date(cls),
        notes_before=notes_before,
        closing_notes=closing_notes,
        fingerprint=source_fingerprint(content.project),
        cite=citations.cite,
        cited=citations.cited,
        handout_types=_handout_types(),
        # Only a translated edition says so: the source language's pack stays as it always was.
        translation_pending=language != source_language and review(content.project, language).pending,
        source_language_code=source_language,
        source_language=Locale.parse(source_language.replace("-", "_")).get_display_name(language.replace("-", "_")),
        partly_untranslated=language != source_language and translations.missed,
    )


def _handout_types() -> dict[str, str]:
    """Each handout type as the PDF's keywords name it, in the edition's language."""
    return {
        "intro": pgettext("handout type", "intro"),
        "muscle-map": pgettext("handout type", "muscle map"),
        "exercises": pgettext("handout type", "exercises"),
        "tracker": pgettext("handout type", "tracker"),
        "screening": pgettext("handout type", "screening"),
        "checklist": pgettext("handout type", "checklist"),
        "references": pgettext("handout type", "references"),
    }


class _Counting(gettext.NullTranslations):
    """Translations that remember whether any string asked for had no translation (so the cover can say so).

    Asked for a string with no entry, gettext returns the source text; a translation that happens to equal the
    source (a name said the same in both languages) is an entry, so it does not count as missing.
    """

    def __init__(self, translations: gettext.NullTranslations) -> None:
        super().__init__()
        self._inner = translations
        self._catalog: dict = getattr(translations, "_catalog", {})
        self.missed = 0

    def _seen(self, key: object) -> None:
        if key not in self._catalog:
            self.missed += 1

    def gettext(self, message: str) -> str:
        self._seen(message)
        return self._inner.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._seen((singular, 0))
        return self._inner.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        self._seen(f"{context}\x04{message}")
        return self._inner.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self._seen((f"{context}\x04{singular}", 0))
        return self._inner.npgettext(context, singular, plural, n)


def _creation_date(cls: HandoutClass) -> str:
    # A fixed date keeps two builds of the same content byte-identical; SOURCE_DATE_EPOCH wins when set.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{cls.date.isoformat()}T00:00:00Z"


def _stylesheets(content: Content, types: list[str]) -> list[str]:
    names = ["base", *types]
    return [f"assets/css/{name}.css" for name in names if (content.root / "assets/css" / f"{name}.css").is_file()]


def pack_path(content: Content, class_id: str, out_dir: Path, edition: Edition = Edition()) -> Path:
    """Return where the pack of `class_id` in `edition` is written: OUT/ID/ID[.suffix].pdf (e.g. ID.es.a4.pdf)."""
    series = content.config.series
    return out_dir / class_id / f"{class_id}{edition.suffix(series.paper, series.language)}.pdf"


def render_pack(content: Content, class_id: str, edition: Edition = Edition()) -> "RenderedPdf":
    """Render class `class_id` in `edition`: the one render path of packs, personal copies and emails.

    A duplex edition is rendered twice: the first pass shows which handouts would start on a back side, the
    second inserts a notes page before each of them (and one at the end to close on a back side).
    """
    from handouts.rendering.pdf import render_pdf

    rendered = render_pdf(render_html(content, class_id, edition), content.root)
    if edition.duplex:
        notes_before, closing = duplex_padding(rendered)
        if notes_before or closing:
            rendered = render_pdf(render_html(content, class_id, edition, notes_before, closing), content.root)
    return rendered


def build_pack(
    content: Content, class_id: str, out_dir: Path, edition: Edition = Edition(), *,
    cache_key: str | None = None, content_warnings: list[str] | tuple[str, ...] = (),
) -> BuiltPack:
    """Render class `class_id` to its pack path, replacing any earlier copy only once the new one is complete.

    With `cache_key` (handouts.rendering.cache.build_key, taken before the content was loaded), the build is recorded so
    that the next build with the same key can skip the render; `content_warnings` are kept to repeat then.
    """
    rendered = render_pack(content, class_id, edition)
    target = pack_path(content, class_id, out_dir, edition)
    if cache_key is not None:
        from handouts.rendering import cache

        cache.forget(out_dir, class_id, edition)  # never a record naming a pack that is being replaced
    write_atomically(target, rendered.data)
    if cache_key is not None:
        cache.remember(out_dir, class_id, edition, cache_key, target, rendered.data, rendered.pages,
                       rendered.warnings, content_warnings)
    return BuiltPack(target, rendered.pages, len(rendered.data), rendered.warnings)


def duplex_padding(rendered: "RenderedPdf") -> tuple[frozenset[int], bool]:
    """Return which handouts need a notes page before them to start on a front side, and whether one must close.

    The handouts are the pack template's part-N elements, as the first render laid them out.
    """
    # Layout is known only after a first render; each notes page inserted moves every later handout by one.
    notes_before, shift = set(), 0
    parts = sum(1 for anchor in rendered.first_pages if anchor.startswith("part-") and anchor[5:].isdigit())
    for index in range(1, parts):
        if (rendered.first_pages[f"part-{index}"] + shift) % 2:
            notes_before.add(index)
            shift += 1
    return frozenset(notes_before), (rendered.pages + shift) % 2 == 1


def spare_workers() -> int:
    """Return how many packs may render at once: the cores this process may use (1 means render in turn)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# The content each worker process renders from, handed over by fork rather than pickled per task.
_worker_content: Content | None = None


def _build_in_worker(class_id: str, out_dir: Path, edition: Edition, cache_key: str,
                     content_warnings: list[str]) -> BuiltPack:
    assert _worker_content is not None
    return build_pack(_worker_content, class_id, out_dir, edition, cache_key=cache_key,
                      content_warnings=content_warnings)


def build_packs_in_parallel(
    content: Content, class_ids: list[str], out_dir: Path, edition: Edition, keys: dict[str, str],
    content_warnings: list[str], workers: int,
) -> dict[str, BuiltPack]:
    """Build the packs of `class_ids` in `workers` processes; each pack is the same bytes a serial build writes.

    Layout is CPU-bound Python, so only processes run packs side by side. A failure in one class (an error
    the user can fix) is raised as in a serial build, once the others have finished.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _worker_content
    methods = multiprocessing.get_all_start_methods()
    if "fork" not in methods:  # no fork (macOS default spawn, Windows): render in turn rather than reload
        return {one: build_pack(content, one, out_dir, edition, cache_key=keys[one],
                                content_warnings=content_warnings) for one in class_ids}
    _worker_content = content
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {one: pool.submit(_build_in_worker, one, out_dir, edition, keys[one], content_warnings)
                       for one in class_ids}
            return {one: future.result() for one, future in futures.items()}
    finally:
        _worker_content = None
