"""The `handouts` command line: thin glue over the library; the only module that imports Typer."""

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from rich.console import Console

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
            for warning in exc.warnings:
                errors.print(f"[yellow]warning:[/yellow] {warning}", soft_wrap=True)
            for problem in exc.problems:
                errors.print(f"[red]error:[/red] {problem}", soft_wrap=True)
            errors.print(f"{len(exc.problems)} problem(s) found; nothing was written.")
            raise typer.Exit(1) from None
        except HandoutsError as exc:
            errors.print(f"[red]error:[/red] {exc}", soft_wrap=True)
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


def _load(project: Optional[Path], strict: bool):
    from handouts.content import load_content
    from handouts.project import find_project

    content = load_content(find_project(project), strict=strict)
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
def check(project: ProjectOption = None, strict: StrictOption = False) -> None:
    """Validate every content file without rendering; list every problem, then fail once.

    Example:

        handouts check --strict
    """
    from handouts.lint_assets import check_assets, lint_project
    from handouts.project import find_project

    try:
        content = _load(project, strict)
    except ContentError as exc:
        # Templates and assets do not depend on the content: list their problems in the same run.
        problems, cautions = lint_project(find_project(project))
        raise ContentError(exc.problems + problems, exc.warnings + cautions) from None
    for warning in check_assets(content, strict):
        errors.print(f"[yellow]warning:[/yellow] {warning}", soft_wrap=True)
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


def main() -> None:
    """Run the command line."""
    app(prog_name="handouts")
