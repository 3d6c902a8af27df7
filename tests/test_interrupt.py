"""A real Ctrl-C (SIGINT) during rendering stops the command with exit 130 and writes nothing.

WeasyPrint catches BaseException while it draws an SVG, so an interrupt that lands there would otherwise become a
logged error and a pack with a blank picture. The signal here is delivered by the kernel while the Nth SVG draws.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

DRIVER = textwrap.dedent(
    """
    import os, signal, sys
    from weasyprint.svg import SVG

    target = int(os.environ["INTERRUPT_AT_SVG"])
    draw, count = SVG.draw, 0

    def counting_draw(self, *args, **kwargs):
        global count
        count += 1
        if count == target:
            os.kill(os.getpid(), signal.SIGINT)  # a real signal, handled inside WeasyPrint's catch-all
        return draw(self, *args, **kwargs)

    SVG.draw = counting_draw
    from handouts.cli import main
    sys.argv = ["handouts", *sys.argv[1:]]
    main()
    """
)


@pytest.mark.parametrize("nth", [1, 3])
def test_sigint_while_an_svg_draws_exits_130_and_writes_nothing(make_project, tmp_path, nth):
    project = make_project("small-exercise-class")  # the logo, figures and QR codes: SVGs, without a whole pack
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, "build", "--class", "small", "--project", str(project),
         "--out", str(out)],
        capture_output=True, text=True, env={**os.environ, "INTERRUPT_AT_SVG": str(nth)}, timeout=300,
    )
    assert result.returncode == 130, result.stderr
    assert "interrupted" in result.stderr
    assert "Traceback" not in result.stderr and "Failed to render SVG" not in result.stderr
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.part"))


@pytest.mark.allow_weasyprint_warnings
def test_a_weasyprint_warning_fails_a_production_render(make_project, tmp_path):
    from handouts.errors import RenderError
    from handouts.rendering.pdf import render_pdf

    project = make_project()
    html = '<p style="colour: red">text</p>'  # an unknown CSS property: WeasyPrint warns and drops it
    with pytest.raises(RenderError, match="WeasyPrint: Ignored `colour: red`"):
        render_pdf(html, Path(project))
