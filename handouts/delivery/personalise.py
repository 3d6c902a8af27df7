"""Make one personal copy of a class pack per roster participant: render each edition once, then stamp.

A manifest beside the copies records what each was made from (address, stamp, edition, content fingerprint,
SHA-256), so `email` reuses the copies `build --roster` made and never swaps them for another edition.
"""

import dataclasses
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.dates import format_date

from handouts.content.edition import Edition
from handouts.content.wording import pgettext, speaking
from handouts.delivery.overlay import Stamper, StampLine, missing_glyphs, stamp_style
from handouts.delivery.roster import Paper, Participant, Roster
from handouts.delivery.slugs import SlugAllocator
from handouts.errors import HandoutsError, Problem, RenderError
from handouts.files import write_atomically
from handouts.fonts import describe

if TYPE_CHECKING:
    from handouts.content.load import Content

MANIFEST_NAME = ".manifest.json"
Progress = Callable[[int, int], None]

@dataclass(frozen=True)
class ClassDetails:
    """What the stamp and the emails need to know about the class (its layout is an `Edition`, not here)."""

    id: str
    title: str
    date: dt.date
    language: str = "en"
    paper: Paper = "letter"  # the series paper: what an edition without its own paper is printed on
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) of each translated edition
    # (language, the stamp's lead-in) of each translated edition, from its catalogue like every other phrase
    leads: tuple[tuple[str, str], ...] = ()

    def title_in(self, language: str | None) -> str:
        """The class title as the edition in `language` prints it (the source title when not translated)."""
        return dict(self.titles).get(language or self.language, self.title)

    def lead_in(self, language: str | None) -> str:
        """The stamp's 'Prepared for' as the edition in `language` says it (as written when not translated)."""
        return dict(self.leads).get(language or self.language) or prepared_for()


class EditionMismatch(HandoutsError):
    """Raised when copies made in one edition would be silently replaced by copies in another."""


@dataclass(frozen=True)
class PersonalCopy:
    """A participant's own PDF, as written to `participants/`."""

    participant: Participant
    slug: str
    path: Path
    sha256: str
    reused: bool = False


RenderEdition = Callable[[Edition], bytes]


def long_date(value: dt.date, language: str) -> str:
    """Format `value` as the language writes a long date, e.g. '28 November 2026' or '28 de noviembre de 2026'."""
    return format_date(value, format="long", locale=language.replace("-", "_"))


def prepared_for() -> str:
    """The stamp's lead-in in the language being spoken (see handouts.content.wording.speaking)."""
    # Translators: the stamp on every page of a personal copy: "Prepared for NAME · CLASS TITLE · DATE".
    return pgettext("stamp", "Prepared for")


def stamp_line(participant: Participant, details: ClassDetails) -> StampLine:
    """Return 'Prepared for NAME · TITLE · DATE' in the participant's language."""
    language = participant.language or details.language
    title = details.title_in(language)
    lead = details.lead_in(language)
    return StampLine(f"{lead} ", participant.name, f" · {title} · {long_date(details.date, language)}")


def assign_slugs(participants: Iterable[Participant]) -> list[tuple[Participant, str]]:
    """Pair each participant with a unique file-name slug, in roster order."""
    allocator = SlugAllocator()
    return [(p, allocator.allocate(p.name)) for p in participants]


def personalise(
    participants: list[Participant],
    details: ClassDetails,
    folder: Path,
    render: RenderEdition,
    *,
    edition: Edition = Edition(),
    fingerprint: str = "",
    reuse: bool = False,
    keep_edition: bool = False,
    progress: Progress | None = None,
    warnings: list[str] | None = None,
) -> list[PersonalCopy]:
    """Write `folder/<slug>.pdf` for each participant in `edition` (their own paper and large print over it).

    With `reuse`, a copy whose manifest entry matches (same address, stamp, edition and content `fingerprint`)
    and whose file still has the recorded SHA-256 is kept as it is. With `keep_edition`, copies made earlier in
    another class edition are never replaced: EditionMismatch names the options that made them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    old = _read_manifest(folder)
    pairs = assign_slugs(participants)
    class_edition = edition.on(details.paper)
    if keep_edition:
        _require_same_edition(folder, old, [slug for _, slug in pairs], class_edition, details.paper)
    total = len(pairs)
    copies: dict[str, PersonalCopy] = {}
    entries: dict[str, dict] = {}
    todo: dict[Edition, list[tuple[Participant, str, StampLine]]] = {}
    # One dictionary per edition, shared by its entries: a 5,000-row roster has a handful of editions.
    as_dict: dict[Edition, dict] = {}
    for participant, slug in pairs:
        line = stamp_line(participant, details)
        own = edition.for_participant(participant, details.paper, details.language)
        entry = {
            "email": participant.email,
            "stamp": str(line),
            "edition": as_dict.setdefault(own, own.as_dict()),
            "class_edition": as_dict.setdefault(class_edition, class_edition.as_dict()),
            "fingerprint": fingerprint,
        }
        path = folder / f"{slug}.pdf"
        previous = old.get(slug, {})
        if reuse and {k: previous.get(k) for k in entry} == entry and _intact(path, previous.get("sha256")):
            copies[slug] = PersonalCopy(participant, slug, path, previous["sha256"], reused=True)
            entries[slug] = previous
        else:
            todo.setdefault(own, []).append((participant, slug, line))
            entries[slug] = entry
            unprintable = missing_glyphs(str(line))
            if unprintable:
                # It would print blank on that person's copy: refused before any copy is written.
                raise RenderError(f"roster line {participant.line}: {participant.name}: {describe(unprintable[0])}")
    done = len(copies)
    if progress:
        progress(done, total)
    if todo:  # until the new manifest is written, nothing here counts as up to date
        (folder / MANIFEST_NAME).unlink(missing_ok=True)
    for own in sorted(todo, key=Edition.sort_key):
        style = stamp_style(own.large_print)
        with Stamper(render(own), style) as stamper:
            for participant, slug, line in todo[own]:
                path = folder / f"{slug}.pdf"
                buffer = io.BytesIO()
                stamper.write(line, buffer)
                write_atomically(path, buffer.getvalue())
                digest = hashlib.sha256(buffer.getvalue()).hexdigest()
                copies[slug] = PersonalCopy(participant, slug, path, digest)
                entries[slug]["sha256"] = digest
                done += 1
                if progress:
                    progress(done, total)
    for stale in old.keys() - entries.keys():
        (folder / f"{stale}.pdf").unlink(missing_ok=True)
    _write_manifest(folder, entries)
    return [copies[slug] for _, slug in pairs]


def _intact(path: Path, sha256: str | None) -> bool:
    """Whether `path` still holds the bytes the manifest recorded (a copy edited or torn since is remade)."""
    try:
        return bool(sha256) and hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def _require_same_edition(
    folder: Path, old: dict[str, dict], slugs: list[str], wanted: Edition, default_paper: Paper
) -> None:
    """Raise EditionMismatch when a copy on disk for one of `slugs` was made in a class edition other than `wanted`."""
    wanted_dict = wanted.as_dict()
    others = [slug for slug in slugs if slug in old and old[slug].get("class_edition", wanted_dict) != wanted_dict]
    if not others:
        return
    try:
        made = Edition(**old[others[0]]["class_edition"])
    except TypeError:
        made = Edition()
    more = f" and {len(others) - 1} more" if len(others) > 1 else ""
    options = made.options(default_paper) or "no edition options"
    raise EditionMismatch(
        f"{folder / others[0]}.pdf{more}: made as the {made.describe(default_paper)!r} edition ({options}), but "
        f"this run asks for {wanted.describe(default_paper)!r}; give the same edition options as the build, "
        f"or delete {folder} to make new copies"
    )


@dataclass(frozen=True)
class PersonalisedClass:
    """The personal copies of one class, and the roster rows left out with --skip-invalid."""

    folder: Path
    copies: list[PersonalCopy]
    skipped: list[Problem]
    warnings: list[str]


def class_details(content: "Content", class_id: str, languages: Iterable[str] = ()) -> ClassDetails:
    """Return the stamp and email facts of class `class_id`, its title and stamp lead-in also in each of
    `languages`, both from that language's catalogues."""
    from handouts.content.i18n import load_translations, translate_content

    cls = content.get_class(class_id)
    series = content.config.series
    titles, leads = [], []
    for language in languages:
        translations = load_translations(content.project, language, series.language)
        titles.append((language, translate_content(content, language, translations).get_class(class_id).title))
        with speaking(translations):
            leads.append((language, prepared_for()))
    return ClassDetails(class_id, cls.title, cls.date, series.language, series.paper, tuple(titles), tuple(leads))


def edition_languages(content: "Content", participants: list[Participant], default: str | None = None
                      ) -> tuple[list[Participant], list[str]]:
    """Return the participants with each language set to the edition they get, and a note per language missing.

    A participant's language is kept when the project has catalogues for it (locales/<lang>/); otherwise they get
    `default` (the series language when None), and the note says so once for everyone in that language.
    """
    from handouts.content.i18n import has_catalogues

    series = content.config.series.language
    fallback = default or series
    kept: list[Participant] = []
    missing: dict[str, int] = {}
    for participant in participants:
        wanted = participant.language or fallback
        if wanted.lower() == series.lower() or has_catalogues(content.project, wanted):
            kept.append(dataclasses.replace(participant, language=wanted))
        else:
            missing[wanted] = missing.get(wanted, 0) + 1
            kept.append(dataclasses.replace(participant, language=series))
    notes = [f"no '{lang}' edition (no locales/{lang}/ catalogues): {count} participant(s) get the '{series}' edition"
             for lang, count in missing.items()]
    return kept, notes


def require_editions(
    content: "Content", edition: Edition, participants: list[Participant] | None, allow_untranslated: bool
) -> list[str]:
    """Refuse, before anything is written, an edition (the class's or a participant's) with untranslated strings.

    Raises MissingTranslations naming them; with `allow_untranslated`, returns a warning per language instead
    (the edition's cover then says parts are in the source language).
    """
    from handouts.content.i18n import MissingTranslations, load_translations, require_translated

    series = content.config.series.language
    languages = {edition.language} - {None}
    if edition.language:
        load_translations(content.project, edition.language, series)  # an unknown code stops here, by name
    if participants is not None:
        # A language without catalogues falls back to the series edition; personalise says so, once.
        people, _notes = edition_languages(content, participants, edition.language)
        languages |= {p.language for p in people} - {series}
    warnings = []
    for language in sorted(lang for lang in languages if lang):
        try:
            require_translated(content, language)
        except MissingTranslations as exc:
            if not allow_untranslated:
                raise
            warnings.append(f"{len(exc.missing)} string(s) not translated into '{language}' are printed in the "
                            "source language (--allow-untranslated)")
    return warnings


def pack_renderer(
    content: "Content", class_id: str, warnings: list[str], prebuilt: dict[Edition, bytes] | None = None
) -> RenderEdition:
    """Return a function that renders class `class_id` in an edition through `pack.render_pack` (or `prebuilt`)."""
    from handouts.rendering.pack import render_pack

    def render(edition: Edition) -> bytes:
        if prebuilt and edition in prebuilt:
            return prebuilt[edition]
        rendered = render_pack(content, class_id, edition)
        warnings.extend(rendered.warnings)
        return rendered.data

    return render


def personalise_class(
    content: "Content",
    class_id: str,
    roster: Roster,
    out_dir: Path,
    *,
    edition: Edition = Edition(),
    reuse: bool = False,
    keep_edition: bool = False,
    prebuilt: dict[Edition, bytes] | None = None,
    progress: Progress | None = None,
) -> PersonalisedClass:
    """Write OUT/ID/participants/<slug>.pdf for each roster participant in `edition`.

    `prebuilt` maps editions already rendered (the pack `build` just wrote) to their bytes, so they are not
    rendered again; `reuse` and `keep_edition` are as in `personalise`.
    """
    from handouts.content.fingerprint import source_fingerprint

    participants, warnings = edition_languages(content, roster.participants, edition.language)
    languages = sorted({p.language for p in participants if p.language} - {content.config.series.language})
    details = class_details(content, class_id, languages)
    folder = out_dir / class_id / "participants"
    seed = {ed.on(details.paper): data for ed, data in (prebuilt or {}).items()}
    copies = personalise(
        participants,
        details,
        folder,
        pack_renderer(content, class_id, warnings, seed),
        edition=edition,
        fingerprint=source_fingerprint(content.project),
        reuse=reuse,
        keep_edition=keep_edition,
        progress=progress,
        warnings=warnings,
    )
    return PersonalisedClass(folder, copies, roster.problems, warnings)


def _read_manifest(folder: Path) -> dict[str, dict]:
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {slug: entry for slug, entry in data.items() if isinstance(entry, dict)}


def _write_manifest(folder: Path, entries: dict[str, dict]) -> None:
    """Write the manifest as json.dumps(entries, ensure_ascii=False, indent=1) would, entry by entry.

    json's indented encoder holds every token of the whole document at once (17 MB for 5,000 rows, the largest
    allocation of the stamping phase); entry by entry the text is the same and only its bytes are held.
    """
    out = io.BytesIO()
    for number, (slug, entry) in enumerate(entries.items()):
        body = json.dumps(entry, ensure_ascii=False, indent=1).replace("\n", "\n ")  # one level deeper
        lead = ",\n " if number else "{\n "
        out.write(f"{lead}{json.dumps(slug, ensure_ascii=False)}: {body}".encode())
    out.write(b"\n}" if entries else b"{}")
    write_atomically(folder / MANIFEST_NAME, out.getvalue())
