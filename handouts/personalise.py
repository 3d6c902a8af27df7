"""Make one personal copy of a class pack per roster participant: render each edition once, then stamp."""

import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.dates import format_date

from handouts.errors import Problem, RenderError
from handouts.fonts import describe
from handouts.overlay import LARGE_PRINT, Stamper, StampLine, StampStyle, missing_glyphs
from handouts.pack import write_atomically
from handouts.roster import Paper, Participant, Roster
from handouts.slugs import SlugAllocator

if TYPE_CHECKING:
    from handouts.content import Content
    from handouts.variant import Variant

MANIFEST_NAME = ".manifest.json"
Progress = Callable[[int, int], None]

# The stamp's lead-in in the languages a roster may ask for; anything else falls back to English.
PREPARED_FOR = {
    "en": "Prepared for",
    "es": "Preparado para",
    "fr": "Préparé pour",
    "de": "Erstellt für",
    "it": "Preparato per",
    "pt": "Preparado para",
    "nl": "Gemaakt voor",
}


@dataclass(frozen=True, order=True)
class Edition:
    """One rendering of the pack; participants who share an edition share one render.

    Language is not part of it: the content is written in the series language, so the pack (and its /Lang)
    stays in that language, while each participant's stamp and email use their own.
    """

    paper: Paper
    large_print: bool
    duplex: bool = False
    print_shop: bool = False


@dataclass(frozen=True)
class ClassDetails:
    """What the stamp and the emails need to know about the class and its defaults for everyone."""

    id: str
    title: str
    date: dt.date
    language: str = "en"
    paper: Paper = "letter"
    large_print: bool = False
    duplex: bool = False
    print_shop: bool = False

    def edition_for(self, participant: Participant) -> Edition:
        """Return the edition `participant` gets: their own choices, else the class defaults."""
        paper = participant.paper or self.paper
        return Edition(paper, participant.large_print or self.large_print, self.duplex, self.print_shop)


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


def stamp_line(participant: Participant, details: ClassDetails) -> StampLine:
    """Return 'Prepared for NAME · TITLE · DATE' in the participant's language."""
    language = participant.language or details.language
    lead = PREPARED_FOR.get(language.split("-")[0], PREPARED_FOR["en"])
    return StampLine(f"{lead} ", participant.name, f" · {details.title} · {long_date(details.date, language)}")


def assign_slugs(participants: Iterable[Participant]) -> list[tuple[Participant, str]]:
    """Pair each participant with a unique file-name slug, in roster order."""
    allocator = SlugAllocator()
    return [(p, allocator.allocate(p.name)) for p in participants]


def newest_mtime(paths: Iterable[Path]) -> float:
    """Return the newest modification time of the files at or under `paths` (0 if none)."""
    newest = 0.0
    for path in paths:
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            newest = max([newest, *(f.stat().st_mtime for f in path.rglob("*") if f.is_file())])
    return newest


def personalise(
    participants: list[Participant],
    details: ClassDetails,
    folder: Path,
    render: RenderEdition,
    *,
    reuse_if_newer_than: float | None = None,
    progress: Progress | None = None,
    warnings: list[str] | None = None,
) -> list[PersonalCopy]:
    """Write `folder/<slug>.pdf` for each participant; reuse copies newer than the given time if unchanged."""
    folder.mkdir(parents=True, exist_ok=True)
    old = _read_manifest(folder)
    pairs = assign_slugs(participants)
    total = len(pairs)
    copies: dict[str, PersonalCopy] = {}
    entries: dict[str, dict] = {}
    todo: dict[Edition, list[tuple[Participant, str, StampLine]]] = {}
    for participant, slug in pairs:
        line = stamp_line(participant, details)
        edition = details.edition_for(participant)
        entry = {"email": participant.email, "stamp": str(line), "edition": asdict(edition)}
        path = folder / f"{slug}.pdf"
        previous = old.get(slug, {})
        if (
            reuse_if_newer_than is not None
            and {k: previous.get(k) for k in entry} == entry
            and path.is_file()
            and path.stat().st_mtime >= reuse_if_newer_than
            and previous.get("sha256")
        ):
            copies[slug] = PersonalCopy(participant, slug, path, previous["sha256"], reused=True)
            entries[slug] = previous
        else:
            todo.setdefault(edition, []).append((participant, slug, line))
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
    for edition in sorted(todo):
        style = LARGE_PRINT if edition.large_print else StampStyle()
        with Stamper(render(edition), style) as stamper:
            for participant, slug, line in todo[edition]:
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


@dataclass(frozen=True)
class PersonalisedClass:
    """The personal copies of one class, and the roster rows left out with --skip-invalid."""

    folder: Path
    copies: list[PersonalCopy]
    skipped: list[Problem]
    warnings: list[str]


def class_details(content: "Content", class_id: str, variant: "Variant | None" = None) -> ClassDetails:
    """Return the stamp and email facts of class `class_id`, with `variant`'s layout as everyone's default."""
    from handouts.variant import Variant

    variant = variant or Variant()
    cls = content.get_class(class_id)
    series = content.config.series
    return ClassDetails(
        class_id, cls.title, cls.date, series.language, variant.paper or series.paper,
        variant.large_print, variant.duplex, variant.print_shop,
    )


def core_renderer(
    content: "Content", class_id: str, warnings: list[str], prebuilt: dict[Edition, bytes] | None = None
) -> RenderEdition:
    """Return a function that renders class `class_id` in an edition through the core pack builder."""
    from handouts.pack import render_html
    from handouts.pdf import render_pdf
    from handouts.variant import Variant

    def render(edition: Edition) -> bytes:
        if prebuilt and edition in prebuilt:
            return prebuilt[edition]
        variant = Variant(
            paper=edition.paper, large_print=edition.large_print, duplex=edition.duplex, print_shop=edition.print_shop
        )
        rendered = render_pdf(render_html(content, class_id, variant), content.root)
        warnings.extend(rendered.warnings)
        return rendered.data

    return render


def sources_mtime(content: "Content") -> float:
    """Return when the project's content, templates, assets or this program last changed."""
    from handouts.fingerprint import SOURCE_PARTS

    return newest_mtime([*(content.root / part for part in SOURCE_PARTS), Path(__file__).parent])


def personalise_class(
    content: "Content",
    class_id: str,
    roster: Roster,
    out_dir: Path,
    *,
    variant: "Variant | None" = None,
    reuse: bool = False,
    prebuilt: Path | None = None,
    progress: Progress | None = None,
) -> PersonalisedClass:
    """Write OUT/ID/participants/<slug>.pdf for each roster participant (`prebuilt`: the pack built in `variant`)."""
    details = class_details(content, class_id, variant)
    seed = {}
    if prebuilt is not None:
        seed[Edition(details.paper, details.large_print, details.duplex, details.print_shop)] = (
            prebuilt.read_bytes()
        )
    warnings: list[str] = []
    folder = out_dir / class_id / "participants"
    copies = personalise(
        roster.participants,
        details,
        folder,
        core_renderer(content, class_id, warnings, seed),
        reuse_if_newer_than=sources_mtime(content) if reuse else None,
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
    write_atomically(folder / MANIFEST_NAME, json.dumps(entries, ensure_ascii=False, indent=1).encode())
