"""The `handouts` command line: thin glue over the library; the only module that imports Typer."""

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from typer._click import Context as ClickContext  # the vendored click Context TyperGroup.invoke takes

from handouts import __version__
from handouts.errors import ContentError, HandoutsError
from handouts.files import check_output_folder

if TYPE_CHECKING:
    from handouts.content.models.config import Paper


class _LazyConsole:
    """A rich Console made on first use: `handouts --help` and `--version` never pay for importing rich."""

    def __init__(self, **options) -> None:
        self._options = options
        self._console = None

    def get(self):
        """Return the Console itself (for rich objects that hold it, such as progress bars)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False, soft_wrap=True, **self._options)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.get(), name)


console = _LazyConsole()
errors = _LazyConsole(stderr=True)


def _say(where: "_LazyConsole", label: str, style: str, text: str, sep: str = ": ") -> None:
    """Print `label: text` with only the label styled; the text is user content, where '[' is never markup."""
    from rich.text import Text

    where.print(Text.assemble((label, style), sep, text), soft_wrap=True)


class _Group(typer.core.TyperGroup):
    """Turns every HandoutsError into its message on stderr and exit code 1, in this one place."""

    def invoke(self, ctx: ClickContext):
        try:
            return super().invoke(ctx)
        except ContentError as exc:
            for warning in exc.warnings:
                _say(errors, "warning", "yellow", str(warning))
            for problem in exc.problems:
                _say(errors, "error", "red", str(problem))
            errors.print(f"{len(exc.problems)} problem(s) found; nothing was written.", markup=False)
            raise typer.Exit(1) from None
        except HandoutsError as exc:
            _say(errors, "error", "red", str(exc))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            # Files are written whole or not at all, so a stop leaves nothing half-written behind.
            errors.print("interrupted; stopped before writing the file in progress.")
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Group,
    help="Branded, printable, emailable PDF handouts for a clinic's wellness-series classes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: rich's help formatter imports rich.markdown and markdown_it, most of --help's start-up.
    rich_markup_mode=None,
)

ProjectOption = Annotated[
    Path | None,
    typer.Option("--project", help="Project folder (default: nearest handouts.toml upward, else the shipped one)."),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat warnings (unknown keys, ...) as errors.")]
RosterOption = Annotated[
    Path | None,
    typer.Option("--roster", help="Participants CSV (name, email; optional language, large_print, paper)."),
]
SkipInvalidOption = Annotated[
    bool, typer.Option("--skip-invalid", help="Leave out invalid roster rows (listed) instead of stopping.")
]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Output folder (default: build/ in the project folder).")
]
PaperOption = Annotated[str | None, typer.Option("--paper", help="letter or a4 (default: the project's paper).")]
LargePrintOption = Annotated[bool, typer.Option("--large-print", help="18 pt, one column: ID.large-print.pdf.")]
DuplexOption = Annotated[
    bool, typer.Option("--duplex", help="Start every handout on a front side; pad with notes pages.")
]
PrintShopOption = Annotated[bool, typer.Option("--print-shop", help="3 mm bleed and crop marks.")]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Edition language, e.g. es: ID.es.pdf, from locales/LANG/ (default: the series')."),
]
AllowUntranslatedOption = Annotated[
    bool,
    typer.Option("--allow-untranslated", help="Build an edition with strings still untranslated (its cover says so)."),
]


def _version(value: bool) -> None:
    if value:
        console.print(f"handouts {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Build class packs of handouts from the content in data/ and the templates in templates/."""


def _project(project: Path | None):
    """Find the project, saying so on stderr when it is the shipped example rather than the user's own."""
    from handouts.content.project import find_project

    found = find_project(project)
    if found.is_shipped_example:
        errors.print(
            f"note: using the shipped example project (a fictional clinic) at {found.root}; "
            "start your own with `handouts init DIR`",
            soft_wrap=True, markup=False,
        )
    return found


def _load(project: Path | None, strict: bool, every_warning: bool = False, found=None):
    from handouts.content.load import load_content

    content = load_content(found or _project(project), strict=strict)
    for line in _warning_lines(content, every_warning):
        _say(errors, "warning", "yellow", line)
    return content


def _warning_lines(content, every_warning: bool = False) -> list[str]:
    """The content's warnings as printed; the build cache keeps them to print again when it skips a build."""
    to_fill_in = [warning for warning in content.warnings if warning.to_fill_in]
    lines = [str(warning) for warning in content.warnings if every_warning or not warning.to_fill_in]
    if to_fill_in and not every_warning:
        # The shipped example's fictional addresses would otherwise bury every command's own output.
        lines.append(f"{len(to_fill_in)} details still to fill in, first {to_fill_in[0]}; `handouts check` lists them")
    return lines


@app.command()
def build(
    class_id: Annotated[str | None, typer.Option("--class", "-c", help="Id of the class to build.")] = None,
    all_classes: Annotated[bool, typer.Option("--all", help="Build every class.")] = False,
    out: OutOption = None,
    paper: PaperOption = None,
    large_print: LargePrintOption = False,
    duplex: DuplexOption = False,
    print_shop: PrintShopOption = False,
    lang: LangOption = None,
    allow_untranslated: AllowUntranslatedOption = False,
    roster: RosterOption = None,
    skip_invalid: SkipInvalidOption = False,
    project: ProjectOption = None,
    strict: StrictOption = False,
    force: Annotated[
        bool, typer.Option("--force", help="Render even when the pack on disk is up to date.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="With --all: classes rendered at once (default: the free cores)."),
    ] = None,
) -> None:
    """Build a class pack into OUT/ID/ID.pdf (variants add a suffix: ID.es.pdf, ID.a4.pdf, ID.es.a4.large-print.pdf).

    A pack whose inputs (content, templates, assets, this program, the PDF engine and its fonts, the options)
    have not changed since it was built is left as it is and reported "up to date"; --force renders it anyway.
    With --roster, also write a personal copy for each participant to OUT/ID/participants/<name>.pdf, in the
    edition of their `language` column (falling back to the series language when the project has no catalogue).
    An edition with untranslated strings is refused, naming them, unless --allow-untranslated.

    Example:

        handouts build --class hip-strength --out build/

        handouts build --all --paper a4 --large-print

        handouts build --class hip-strength --lang es

        handouts build --class hip-strength --roster roster.csv
    """
    from handouts.rendering import cache

    if bool(class_id) == all_classes:
        raise HandoutsError("give either --class ID or --all")
    if roster and all_classes:
        raise HandoutsError("--roster is for one class: give --class ID")
    # The language as given: spelled None for the series language once the content says which that is.
    edition = _edition(paper, large_print, duplex, print_shop).in_language(lang, "")
    found = _project(project)
    # Taken from the raw files before the content is parsed or the engine imported: that is the saving.
    inputs = cache.inputs_digest(found.root)
    out = out if out is not None else found.build_dir
    check_output_folder(out)
    participants = _read_roster(roster, skip_invalid)
    if class_id and not force:
        hit = cache.cached_pack(out, class_id, edition, cache.build_key(inputs, class_id, edition))
        # A pack built with content warnings must still fail --strict, so that case renders (and fails).
        if hit and not (strict and hit.content_warnings):
            # The copies need the content; each copy then follows its own manifest rules.
            content = _load(project, strict, found=found) if participants or edition.language else None
            if content is not None:
                _require_editions(content, edition, participants, allow_untranslated)
            if content is None:
                for line in hit.content_warnings:
                    _say(errors, "warning", "yellow", line)
            _report_built(class_id, hit, "up to date")
            if participants:
                _personal_copies(content, class_id, participants, out, edition, hit)
            return
    content = _load(project, strict, found=found)
    content_warnings = _warning_lines(content)
    ids = [class_id] if class_id else list(content.classes)  # exactly one of --class and --all, checked above
    for one in ids:
        content.get_class(one)
    edition = edition.in_language(lang, content.config.series.language)
    _require_editions(content, edition, participants, allow_untranslated)
    keys = {one: cache.build_key(inputs, one, edition) for one in ids}
    todo = [one for one in ids if force or not cache.cached_pack(out, one, edition, keys[one])]
    built = _build_packs(content, todo, out, edition, keys, content_warnings, jobs)
    for one in ids:
        pack = built.get(one) or cache.cached_pack(out, one, edition, keys[one])
        _report_built(one, pack, None if one in built else "up to date")
        if participants:
            _personal_copies(content, one, participants, out, edition, pack)


def _report_built(class_id: str, pack, note: str | None) -> None:
    for warning in pack.warnings:
        _say(errors, "warning", "yellow", f"{class_id}: {warning}")
    facts = note or f"{pack.pages} pages  {pack.size / 1024:.0f} KB"
    console.print(f"{pack.path}  {facts}", soft_wrap=True, markup=False)


def _personal_copies(content, class_id: str, participants, out: Path, edition, pack) -> None:
    from handouts.delivery.personalise import personalise_class

    with _progress_bars() as track:
        made = personalise_class(
            content, class_id, participants, out, edition=edition, prebuilt={edition: pack.path.read_bytes()},
            progress=track("Personal copies"),
        )
    for warning in made.warnings:
        _say(errors, "warning", "yellow", f"{class_id}: {warning}")
    console.print(f"{made.folder}/  {len(made.copies)} personal copies", markup=False)


def _build_packs(content, ids: list[str], out: Path, edition, keys: dict, content_warnings: list[str],
                 jobs: int | None) -> dict:
    """Render the packs of `ids`, several at once in worker processes when there are cores to spare."""
    from handouts.rendering.pack import build_pack, build_packs_in_parallel, spare_workers

    workers = min(jobs or spare_workers(), len(ids))
    if workers > 1:
        return build_packs_in_parallel(content, ids, out, edition, keys, content_warnings, workers)
    return {
        one: build_pack(content, one, out, edition, cache_key=keys[one], content_warnings=content_warnings)
        for one in ids
    }


@app.command("list")
def list_classes(project: ProjectOption = None) -> None:
    """List the classes and the handouts in each pack.

    Example:

        handouts list
    """
    content = _load(project, strict=False)
    for class_id, cls in content.classes.items():
        kinds = ", ".join(handout.type for handout in cls.handouts)
        _say(console, class_id, "bold", f"{cls.title} ({cls.date:%Y-%m-%d})\n    {kinds}", sep="  ")


@app.command()
def check(
    project: ProjectOption = None,
    strict: StrictOption = False,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Also list every untranslated or fuzzy string of this language's edition."),
    ] = None,
) -> None:
    """Validate every content file without rendering; list every problem, then fail once.

    With --lang, also list each string the edition would still print in the source language, at its source
    file:line, with counts per file; --strict fails on any.

    Example:

        handouts check --strict

        handouts check --lang es
    """
    from handouts.content.load import load_content
    from handouts.content.project import find_project
    from handouts.rendering.preflight import check_assets, lint_project

    try:
        # With --lang, content warnings and translation gaps are listed, and with --strict fail, together.
        content = load_content(_project(project)) if lang else _load(project, strict, every_warning=True)
    except ContentError as exc:
        # Templates and assets do not depend on the content: list their problems in the same run.
        problems, cautions = lint_project(find_project(project))
        raise ContentError(exc.problems + problems, exc.warnings + cautions) from None
    cautions = check_assets(content, strict and not lang)
    if lang:
        _check_translations(content, lang, strict, [*content.warnings, *cautions])
    else:
        for warning in cautions:
            _say(errors, "warning", "yellow", str(warning))
    if content.example_placeholders:
        errors.print(
            f"note: handouts.toml says this is an example (example = true), so its {content.example_placeholders} "
            "fictional addresses and placeholders are not listed; remove that line in your clinic's own project",
            soft_wrap=True, markup=False,
        )
    console.print(
        f"ok: {len(content.classes)} classes, {len(content.muscles)} muscles, {len(content.exercises)} exercises, "
        f"{len(content.references)} references, {len(content.warnings)} warnings"
    )


@app.command()
def doctor() -> None:
    """Report what this machine has for building packs and what to install for speed.

    Example:

        handouts doctor
    """
    from handouts.rendering.doctor import examine

    findings = examine()
    for finding in findings:
        mark = "ok  " if finding.ok else "fix "
        advice = f"  → {finding.advice}" if not finding.ok and finding.advice else ""
        style = "green" if finding.ok else "yellow"
        _say(console, mark, style, f"{finding.name}: {finding.detail}{advice}", sep=" ")


@app.command()
def email(
    class_id: Annotated[str, typer.Option("--class", "-c", help="Id of the class.")],
    roster: Annotated[Path, typer.Option("--roster", help="Participants CSV or .xlsx (name, email, ...).")],
    send: Annotated[bool, typer.Option("--send", help="Really send (default: a dry run into OUT/ID/outbox/).")] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="At most N messages this run (with --send: 1 unless --all).")
    ] = None,
    all_messages: Annotated[bool, typer.Option("--all", help="With --send: send every message left.")] = False,
    resend_in_doubt: Annotated[
        bool, typer.Option("--resend-in-doubt", help="Send again the messages a crash left in doubt (see README).")
    ] = False,
    retry_refused: Annotated[
        bool, typer.Option("--retry-refused", help="Offer addresses refused for good (5xx) to the server again.")
    ] = False,
    paper: PaperOption = None,
    large_print: LargePrintOption = False,
    duplex: DuplexOption = False,
    print_shop: PrintShopOption = False,
    lang: LangOption = None,
    allow_untranslated: AllowUntranslatedOption = False,
    skip_invalid: SkipInvalidOption = False,
    out: OutOption = None,
    project: ProjectOption = None,
) -> None:
    """Email each participant their personal copy, exactly once (a dry run unless --send).

    Each participant gets the edition of their `language` column (else --lang, else the series language), and
    the email templates of that language (templates/email/LANG/ when the project has them).

    Give the same edition options (--paper, --duplex, ...) as `build --roster`: its copies are reused, and copies
    made in another edition are never silently replaced. --send sends 1 message unless --all or --limit N.

    Each message is recorded in OUT/ID/sent-ledger.jsonl before and after it is handed to the server, so a
    re-run sends to nobody twice; a message a crash left unconfirmed is listed as in doubt and not resent
    unless --resend-in-doubt. Refused addresses are listed in OUT/ID/failed.csv and skipped by later runs.

    Exit codes: 0 everyone sent; 2 nothing left to send but some addresses refused; 3 work left (not sent yet,
    failed for now, or in doubt); 130 stopped by Ctrl-C; 1 an error. The SMTP password is read only from
    HANDOUTS_SMTP_PASSWORD.

    Example:

        handouts email --class hip-strength --roster roster.csv

        HANDOUTS_SMTP_PASSWORD=... handouts email --class hip-strength --roster roster.csv --send --all
    """
    from handouts.delivery.sender import email_class

    edition = _edition(paper, large_print, duplex, print_shop)
    if all_messages and limit is not None:
        raise HandoutsError("give either --all or --limit N, not both")
    content = _load(project, strict=False)
    edition = edition.in_language(lang, content.config.series.language)
    default_out = content.project.build_dir
    out = _out_folder(content, out)
    check_output_folder(out)
    if send and not all_messages and limit is None:
        limit = 1
        console.print("sending 1 message to check (add --all or --limit N to send more)")
    participants = _read_roster(roster, skip_invalid)
    _require_editions(content, edition, participants, allow_untranslated)
    with _progress_bars() as track:
        report = email_class(
            content, class_id, participants, out, edition=edition, send=send, limit=limit,
            resend_in_doubt=resend_in_doubt, retry_refused=retry_refused, other_ledgers=(default_out,),
            progress=track, notify=lambda text: errors.print(text, markup=False, soft_wrap=True),
        )
    for warning in report.warnings:
        _say(errors, "warning", "yellow", str(warning))
    for line in report.summary():
        console.print(line, markup=False, soft_wrap=True)
    if report.failed:
        _say(errors, "refused", "red", f"{len(report.failed)}, listed in {report.failed_csv}")
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def _edition(paper: str | None, large_print: bool, duplex: bool, print_shop: bool):
    from handouts.content.edition import Edition

    if paper not in (None, "letter", "a4"):
        raise HandoutsError(f"--paper must be letter or a4, not '{paper}'")
    # The check above leaves only Paper's values; mypy does not narrow a str by `in`.
    return Edition(paper=cast("Paper | None", paper), large_print=large_print, duplex=duplex, print_shop=print_shop)


def _require_editions(content, edition, roster, allow_untranslated: bool) -> None:
    from handouts.delivery.personalise import require_editions

    for warning in require_editions(content, edition, roster.participants if roster else None, allow_untranslated):
        _say(errors, "warning", "yellow", warning)


def _out_folder(content, out: Path | None) -> Path:
    """The output folder: --out, else build/ in the project folder whatever folder the command runs from."""
    return out if out is not None else content.project.build_dir


@contextmanager
def _progress_bars():
    """Yield a function that makes a rich progress bar for one phase and returns its (done, total) callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=errors.get(), transient=True) as bars:

        def track(label: str):
            task = bars.add_task(label, total=None)
            return lambda done, total: bars.update(task, completed=done, total=total)

        yield track


def _read_roster(path: Path | None, skip_invalid: bool):
    """Read and check the roster before anything is built, listing any rows --skip-invalid leaves out."""
    if path is None:
        return None
    from handouts.delivery.roster import read_roster

    roster = read_roster(path, skip_invalid)
    _print_skipped(roster.problems)
    return roster


def _print_skipped(problems) -> None:
    for problem in problems:
        _say(errors, "skipped", "yellow", str(problem))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the new project (made if missing).")],
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that is not empty, keeping the files it has.")
    ] = False,
) -> None:
    """Make a new project that checks and builds at once, every clinic detail marked CHANGE ME.

    Example:

        handouts init my-clinic
    """
    from handouts.authoring.scaffold import init_project

    made = init_project(folder, force=force)
    console.print(f"made {made.root}: {len(made.written)} files", soft_wrap=True, markup=False)
    for path in made.kept:
        shown = f"{made.root.name}/{path.relative_to(made.root).as_posix()}"
        errors.print(f"kept your {shown}", soft_wrap=True, markup=False)
    console.print("Next:", markup=False)
    for number, step in enumerate(made.next_steps(), start=1):
        console.print(f"  {number}. {step}", soft_wrap=True, markup=False)


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the .schema.json files.")] = Path("schemas"),
) -> None:
    """Write a JSON Schema for each content file, so YAML editors complete and check fields as you type.

    Point a YAML file at one with a first line like `# yaml-language-server: $schema=../schemas/exercises.schema.json`.

    Example:

        handouts schema --out schemas/
    """
    from handouts.content.schema import write_schemas

    for path in write_schemas(out):
        console.print(str(path), soft_wrap=True, markup=False)


@app.command()
def preview(
    class_id: Annotated[
        str | None, typer.Option("--class", "-c", help="Id of the class to show (default: the first).")
    ] = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 to serve on.")] = 8000,
    project: ProjectOption = None,
) -> None:
    """Show a class pack as it will print on http://127.0.0.1:PORT/, updated whenever you save a project file.

    The page shows the pack's pages, every problem `check` finds with its file and line, and each exercise's
    start and finish figures. A broken file shows its error; the last good pages stay until it is fixed.

    Example:

        handouts preview --class first-class --port 8000
    """
    from handouts.authoring.preview import Preview

    server = Preview(_project(project), class_id, port=port)
    console.print("building the first preview…", markup=False)
    server.start()
    view = server.view
    for problem in view.problems:
        _say(errors, "error", "red", str(problem))
    console.print(f"preview of {view.class_id or 'the project'} at {server.url}  (Ctrl-C stops it)", markup=False,
                  soft_wrap=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@app.command()
def figure(
    exercise: Annotated[str, typer.Argument(help="Id of the exercise in data/exercises.yaml.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write FILE.svg or FILE.png (default: SVG to stdout).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Draw one exercise's start and finish figures, for checking a pose while you edit it.

    Example:

        handouts figure clamshell --out clamshell.png
    """
    from handouts.authoring.figure import exercise_figure, write_figure

    drawn = exercise_figure(_load(project, strict=False), exercise)
    if out is None:
        from handouts.authoring.figure import standalone_svg

        typer.echo(standalone_svg(drawn))
        return
    write_figure(drawn, out)
    console.print(f"{out}  {drawn.width_mm:g} x {drawn.height_mm:g} mm", markup=False)


@app.command()
def atlas(
    project: ProjectOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the index sheet.")] = Path("build/atlas.pdf"),
) -> None:
    """Write an index sheet of the body atlas (assets/body/*.svg): both views, every shape labelled by id.

    Use it to see which muscles have shapes, where they lie, and which close-ups a class can ask for.

    Example:

        handouts atlas --out build/atlas.pdf
    """
    from handouts.authoring.atlas_sheet import write_index_sheet

    content = _load(project, False)
    pages = write_index_sheet(content.root, content.muscles, out)
    console.print(f"{out}  {pages} pages", soft_wrap=True, markup=False)


def _check_translations(content, lang: str, strict: bool, warnings: list) -> None:
    """List the edition's untranslated and fuzzy strings after `warnings`; with `strict`, fail once on any."""
    from handouts.content.i18n import counts_per_file, untranslated

    missing = untranslated(content, lang)
    problems = [*warnings, *(item.problem() for item in missing)]
    if not strict:
        for problem in problems:
            _say(errors, "warning", "yellow", str(problem))
    for path, (plain, fuzzy) in counts_per_file(missing).items():
        errors.print(f"  {path}: {plain} untranslated, {fuzzy} fuzzy", soft_wrap=True, markup=False)
    fuzzy_total = sum(item.fuzzy for item in missing)
    console.print(f"{lang}: {len(missing) - fuzzy_total} untranslated, {fuzzy_total} fuzzy", markup=False)
    if strict and problems:
        raise ContentError(problems)


i18n_app = typer.Typer(
    cls=typer.core.TyperGroup,
    help="Keep the translation catalogues (locales/*.pot, locales/LANG/LC_MESSAGES/*.po) in step with the project.",
    no_args_is_help=True,
)
app.add_typer(i18n_app, name="i18n")


@i18n_app.command("extract")
def i18n_extract(project: ProjectOption = None) -> None:
    """Write locales/content.pot (the content's text fields) and locales/templates.pot (marked template strings).

    Example:

        handouts i18n extract
    """
    from handouts.content.i18n import write_templates

    content = _load(project, strict=False)
    for path, count in write_templates(content).values():
        console.print(f"{content.project.relative(path)}  {count} messages", soft_wrap=True, markup=False)


@i18n_app.command("update")
def i18n_update(
    lang: Annotated[str, typer.Option("--lang", help="Language code of the catalogues, e.g. es or fr-CA.")],
    project: ProjectOption = None,
) -> None:
    """Extract afresh and create or update locales/LANG/LC_MESSAGES/*.po for a PO editor (Poedit, Weblate...).

    A translation whose source text changed is kept but marked fuzzy, with the old source shown beside it.

    Example:

        handouts i18n update --lang es
    """
    from handouts.content.i18n import update_catalogues

    content = _load(project, strict=False)
    for report in update_catalogues(content, lang):
        verb = "created" if report.created else "updated"
        console.print(
            f"{verb} {content.project.relative(report.path)}: {report.translated} translated, {report.fuzzy} fuzzy, "
            f"{report.untranslated} untranslated, {report.obsolete} obsolete",
            soft_wrap=True, markup=False,
        )


def main() -> None:
    """Run the command line."""
    app(prog_name="handouts")
