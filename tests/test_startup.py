"""Start-up: `--help` pays for neither rich's help formatter nor the content; `check` draws nothing."""

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import sys
    from handouts.cli import main
    sys.argv = ["handouts", *sys.argv[1:]]
    try:
        main()
    except SystemExit:
        pass
    print("LOADED", sorted(m for m in MODULES if m in sys.modules))
    """
)


def loaded(modules: tuple[str, ...], *args: str) -> str:
    driver = f"MODULES = {modules!r}\n{PROBE}"
    result = subprocess.run([sys.executable, "-c", driver, *args], capture_output=True, text=True, timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.startswith("LOADED")]
    assert lines, result.stdout + result.stderr
    return lines[-1]


def test_help_imports_no_rich_help_formatter_and_no_content():
    modules = ("rich", "rich.markdown", "markdown_it", "typer.rich_utils", "handouts.content.load", "pydantic",
               "weasyprint")
    assert loaded(modules, "--help") == "LOADED []"


def test_check_imports_no_drawing_engine():
    modules = ("weasyprint", "reportlab", "pikepdf", "pypdfium2", "cairosvg", "handouts.delivery.overlay")
    assert loaded(modules, "check") == "LOADED []"
