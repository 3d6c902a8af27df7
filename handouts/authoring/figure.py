"""One exercise's figures on their own, as SVG or PNG: the quick look a pose author needs between edits."""

from pathlib import Path
from typing import Any

from handouts.drawing.figures.render import Figure, Palette, render_figure
from handouts.drawing.svg import PT_PER_MM, escape_text, quoted
from handouts.errors import FigureError

PNG_DPI = 150  # sharp enough to judge a pose on screen, small enough to write in a few milliseconds


def exercise_figure(content: Any, exercise_id: str) -> Figure:
    """Return the figure of exercise `exercise_id` from loaded `content`, in the clinic's colours."""
    exercise = content.exercises.get(exercise_id)
    if exercise is None:
        known = ", ".join(sorted(content.exercises))
        raise FigureError(f"data/exercises.yaml: no exercise with id '{exercise_id}' (known: {known})")
    if exercise.figure is None:
        raise FigureError(f"data/exercises.yaml: {exercise_id}: has an image, not a figure: nothing to draw")
    return render_figure(exercise.figure, exercise.name, Palette.for_brand(content.config.brand))


def standalone_svg(figure: Figure, background: str = "#ffffff") -> str:
    """Return `figure` as one self-contained SVG file: the drawing, its captions as SVG text, a background.

    On a page the captions are HTML laid over the drawing (faster in WeasyPrint); a file on its own needs
    them inside. Units are millimetres, so the file opens at print size.
    """
    w, h = figure.width_mm, figure.height_mm
    # The drawing keeps its own viewBox; nested at full size it scales into the outer mm coordinates.
    inner = figure.svg.replace(f'width="{w:.1f}mm" height="{h:.1f}mm"', f'width="{w:.1f}" height="{h:.1f}"', 1)
    texts = []
    for c in figure.captions:
        anchor, x = {"left": ("start", c.x_mm), "center": ("middle", c.x_mm + c.width_mm / 2)}.get(
            c.align, ("start", c.x_mm)
        )
        size_mm = c.size_pt / PT_PER_MM
        # SVG text does not wrap as the page's HTML caption does: break it into the lines the column holds.
        lines = _wrap(c.text, c.width_mm, size_mm)
        spans = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size_mm * 1.2:.2f}">{escape_text(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        texts.append(
            f'<text x="{x:.1f}" y="{c.y_mm + size_mm:.1f}" text-anchor="{anchor}" font-size="{size_mm:.2f}" '
            f'font-weight="700" font-family="Source Sans Pro, sans-serif">{spans}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}">'
        f'<rect width="{w}" height="{h}" fill={quoted(background)}/>{inner}{"".join(texts)}</svg>'
    )


# Source Sans Pro Bold's average letter is about this wide, in ems: enough to break a caption where the page would.
AVERAGE_EM = 0.52


def _wrap(text: str, width_mm: float, size_mm: float) -> list[str]:
    """Return `text` broken between words into lines about `width_mm` wide (a long word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1] + " " + word) * AVERAGE_EM * size_mm <= width_mm:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [text]


def svg_to_png(svg: str, dpi: int = PNG_DPI) -> bytes:
    """Return `svg` rasterised to PNG bytes (cairosvg: a small C renderer, far quicker than a PDF round trip)."""
    try:
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: the cairo library itself is missing
        raise FigureError(f"PNG output needs cairosvg and the cairo library ({exc}); write .svg instead") from None
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), dpi=dpi)


def write_figure(figure: Figure, out: Path) -> None:
    """Write `figure` to `out` as SVG or PNG by its suffix; nothing is written when that fails."""
    suffix = out.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise FigureError(f"{out}: the output must end in .svg or .png, not '{out.suffix or 'nothing'}'")
    if not out.parent.is_dir():
        raise FigureError(f"{out}: folder {out.parent} does not exist")
    svg = standalone_svg(figure)
    data = svg.encode("utf-8") if suffix == ".svg" else svg_to_png(svg)
    out.write_bytes(data)
