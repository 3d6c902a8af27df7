"""The `handouts` command line: thin glue over the library; the only module that imports Typer."""

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from rich.console import Console
from rich.markup import escape

from handouts import __version__
from handouts.errors import ContentError, HandoutsError

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


class _Group(typer.core.TyperGroup):
    """Turns every HandoutsError into its message on stderr and exit code 1, in this one place."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ContentError as exc:
            # escape(): user text such as `items[weak-glutes]` must not be read as rich markup.
            for warning in exc.warnings:
                errors.print(f"[yellow]warning:[/yellow] {escape(str(warning))}", soft_wrap=True)
            for problem in exc.problems:
                errors.print(f"[red]error:[/red] {escape(str(problem))}", soft_wrap=True)
            errors.print(f"{len(exc.problems)} problem(s) found; nothing was written.")
            raise typer.Exit(1) from None
        except HandoutsError as exc:
            errors.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Group,
    help="Branded, printable, emailable PDF handouts for a clinic's wellness-series classes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ProjectOption = Annotated[
    Optional[Path],
    typer.Option("--project", help="Project folder (default: nearest handouts.toml upward, else the shipped one)."),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat warnings (unknown keys, ...) as errors.")]
RosterOption = Annotated[
    Optional[Path],
    typer.Option("--roster", help="Participants CSV (name, email; optional language, large_print, paper)."),
]
SkipInvalidOption = Annotated[
    bool, typer.Option("--skip-invalid", help="Leave out invalid roster rows (listed) instead of stopping.")
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


def _project(project: Optional[Path]):
    """Find the project, saying so on stderr when it is the shipped example rather than the user's own."""
    from handouts.project import find_project

    found = find_project(project)
    if found.is_shipped_example:
        errors.print(
            f"note: using the shipped example project (a fictional clinic) at {found.root}; "
            "start your own with `handouts init DIR`",
            soft_wrap=True, markup=False,
        )
    return found


def _load(project: Optional[Path], strict: bool):
    from handouts.content import load_content

    content = load_content(_project(project), strict=strict)
    for warning in content.warnings:
        errors.print(f"[yellow]warning:[/yellow] {warning}", soft_wrap=True)
    return content


@app.command()
def build(
    class_id: Annotated[Optional[str], typer.Option("--class", "-c", help="Id of the class to build.")] = None,
    all_classes: Annotated[bool, typer.Option("--all", help="Build every class.")] = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    paper: Annotated[
        Optional[str], typer.Option("--paper", help="letter or a4 (default: the project's paper).")
    ] = None,
    large_print: Annotated[bool, typer.Option("--large-print", help="18 pt, one column: ID.large-print.pdf.")] = False,
    duplex: Annotated[
        bool, typer.Option("--duplex", help="Start every handout on a front side; pad with notes pages.")
    ] = False,
    print_shop: Annotated[bool, typer.Option("--print-shop", help="3 mm bleed and crop marks.")] = False,
    roster: RosterOption = None,
    skip_invalid: SkipInvalidOption = False,
    project: ProjectOption = None,
    strict: StrictOption = False,
) -> None:
    """Build a class pack into OUT/ID/ID.pdf (variants add a suffix: ID.a4.pdf, ID.large-print.pdf).

    With --roster, also write a personal copy for each participant to OUT/ID/participants/<name>.pdf.

    Example:

        handouts build --class hip-strength --out build/

        handouts build --all --paper a4 --large-print

        handouts build --class hip-strength --roster roster.csv
    """
    from handouts.pack import build_pack
    from handouts.variant import Variant

    if bool(class_id) == all_classes:
        raise HandoutsError("give either --class ID or --all")
    if roster and all_classes:
        raise HandoutsError("--roster is for one class: give --class ID")
    if paper not in (None, "letter", "a4"):
        raise HandoutsError(f"--paper must be letter or a4, not '{paper}'")
    variant = Variant(paper=paper, large_print=large_print, duplex=duplex, print_shop=print_shop)
    content = _load(project, strict)
    participants = _read_roster(roster, skip_invalid)
    ids = list(content.classes) if all_classes else [class_id]
    for one in ids:
        content.get_class(one)
    for one in ids:
        built = build_pack(content, one, out, variant)
        for warning in built.warnings:
            errors.print(f"[yellow]warning:[/yellow] {one}: {warning}", soft_wrap=True)
        console.print(f"{built.path}  {built.pages} pages  {built.size / 1024:.0f} KB", soft_wrap=True)
        if participants:
            from handouts.personalise import personalise_class

            with _progress_bars() as track:
                made = personalise_class(
                    content, one, participants, out, variant=variant, prebuilt=built.path,
                    progress=track("Personal copies"),
                )
            for warning in made.warnings:
                errors.print(f"[yellow]warning:[/yellow] {one}: {warning}", soft_wrap=True)
            console.print(f"{made.folder}/  {len(made.copies)} personal copies")


@app.command("list")
def list_classes(project: ProjectOption = None) -> None:
    """List the classes and the handouts in each pack.

    Example:

        handouts list
    """
    content = _load(project, strict=False)
    for class_id, cls in content.classes.items():
        kinds = ", ".join(handout.type for handout in cls.handouts)
        console.print(f"[bold]{class_id}[/bold]  {cls.title} ({cls.date:%Y-%m-%d})\n    {kinds}")


@app.command()
def check(
    project: ProjectOption = None,
    strict: StrictOption = False,
    lang: Annotated[
        Optional[str],
        typer.Option("--lang", help="Also list every untranslated or fuzzy string of this language's edition."),
    ] = None,
) -> None:
    """Validate every content file without rendering; list every problem, then fail once.

    With --lang, list each string the edition would still print in the source language, at its source
    file:line, with counts per file; --strict fails on any.

    Example:

        handouts check --strict

        handouts check --lang es
    """
    if lang:
        content = _check_translations(project, lang, strict)
    else:
        content = _load(project, strict)
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
    from handouts.doctor import examine

    findings = examine()
    for finding in findings:
        mark = "[green]ok[/green]  " if finding.ok else "[yellow]fix[/yellow] "
        advice = f"  → {finding.advice}" if not finding.ok and finding.advice else ""
        console.print(f"{mark} {finding.name}: {finding.detail}{advice}", soft_wrap=True)


@app.command()
def email(
    class_id: Annotated[str, typer.Option("--class", "-c", help="Id of the class.")],
    roster: Annotated[Path, typer.Option("--roster", help="Participants CSV (name, email, ...).")],
    send: Annotated[bool, typer.Option("--send", help="Really send (default: a dry run into OUT/ID/outbox/).")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Send at most N messages this run.")] = None,
    skip_invalid: SkipInvalidOption = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    project: ProjectOption = None,
) -> None:
    """Email each participant their personal copy, exactly once (a dry run unless --send).

    Accepted messages are recorded in OUT/ID/sent-ledger.jsonl, so a re-run sends to nobody twice.

    Refused addresses are listed in OUT/ID/failed.csv. The SMTP password is read only from HANDOUTS_SMTP_PASSWORD.

    Example:

        handouts email --class hip-strength --roster roster.csv

        HANDOUTS_SMTP_PASSWORD=... handouts email --class hip-strength --roster roster.csv --send
    """
    from handouts.sender import email_class

    content = _load(project, strict=False)
    with _progress_bars() as track:
        report = email_class(
            content, class_id, roster, out, send=send, limit=limit, skip_invalid=skip_invalid, progress=track
        )
    _print_skipped(report.skipped)
    for warning in report.warnings:
        errors.print(f"[yellow]warning:[/yellow] {warning}", soft_wrap=True)
    for line in report.summary():
        console.print(line, soft_wrap=True)
    if report.failed:
        errors.print(f"[red]refused:[/red] {len(report.failed)}, listed in {report.failed_csv}", soft_wrap=True)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


@contextmanager
def _progress_bars():
    """Yield a function that makes a rich progress bar for one phase and returns its (done, total) callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=True) as bars:

        def track(label: str):
            task = bars.add_task(label, total=None)
            return lambda done, total: bars.update(task, completed=done, total=total)

        yield track


def _read_roster(path: Optional[Path], skip_invalid: bool):
    """Read and check the roster before anything is built, listing any rows --skip-invalid leaves out."""
    if path is None:
        return None
    from handouts.roster import read_roster

    roster = read_roster(path, skip_invalid)
    _print_skipped(roster.problems)
    return roster


def _print_skipped(problems) -> None:
    for problem in problems:
        errors.print(f"[yellow]skipped:[/yellow] {problem}", soft_wrap=True)


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
    from handouts.scaffold import init_project

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
    from handouts.schema import write_schemas

    for path in write_schemas(out):
        console.print(str(path), soft_wrap=True, markup=False)


@app.command()
def preview(
    class_id: Annotated[
        Optional[str], typer.Option("--class", "-c", help="Id of the class to show (default: the first).")
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
    from handouts.preview import Preview

    server = Preview(_project(project), class_id, port=port)
    console.print("building the first preview…", markup=False)
    server.start()
    view = server.view
    for problem in view.problems:
        errors.print(f"[red]error:[/red] {problem}", soft_wrap=True)
    console.print(f"preview of {view.class_id or 'the project'} at {server.url}  (Ctrl-C stops it)", markup=False,
                  soft_wrap=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def _check_translations(project: Optional[Path], lang: str, strict: bool):
    """Load the content and list the edition's untranslated and fuzzy strings; --strict fails once on any problem."""
    from handouts.content import load_content
    from handouts.i18n import counts_per_file, untranslated

    content = load_content(_project(project), strict=False)
    missing = untranslated(content, lang)
    problems = [*content.warnings, *(item.problem() for item in missing)]
    if not strict:
        for problem in problems:
            errors.print(f"[yellow]warning:[/yellow] {escape(str(problem))}", soft_wrap=True)
    for path, (plain, fuzzy) in counts_per_file(missing).items():
        errors.print(f"  {path}: {plain} untranslated, {fuzzy} fuzzy", soft_wrap=True, markup=False)
    fuzzy_total = sum(item.fuzzy for item in missing)
    console.print(f"{lang}: {len(missing) - fuzzy_total} untranslated, {fuzzy_total} fuzzy", markup=False)
    if strict and problems:
        raise ContentError(problems)
    return content


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
    from handouts.i18n import write_templates

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
    from handouts.i18n import update_catalogues

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
