"""The atlas index sheet: one page per view with every shape outlined and labelled by its id.

An author editing `assets/body/*.svg` sees what exists and where: muscle regions, the body under them, and the
named close-ups. Labels stand in columns beside the figure with leaders, so none overlap however many shapes
the atlas holds.
"""

from __future__ import annotations

from pathlib import Path

from handouts.drawing.musclemap.atlas import VIEWS, Shape, View
from handouts.drawing.musclemap.curves import Box, Point
from handouts.drawing.musclemap.geometry import Body
from handouts.drawing.musclemap.layout import Label, place_column
from handouts.drawing.musclemap.metrics import text_width
from handouts.drawing.musclemap.style import BODY_FILL, BODY_LINE, CAPTION, FONT, MUSCLE_LINE
from handouts.drawing.musclemap.svg import Placement
from handouts.drawing.svg import data_uri, escape_text

WIDTH = 510.0
HEIGHT = 660.0
LABEL_SIZE = 5.2
LABEL_HEIGHT = 6.2
ROLE_INK = {"outline": BODY_LINE, "underlay": MUSCLE_LINE, "lines": MUSCLE_LINE, "region": "#1d5b79",
            "details": "#1d5b79"}


def index_sheet_html(body: Body) -> str:
    """The index sheet as one HTML document, a page per view."""
    pages = []
    for view in VIEWS:
        figure = body.atlas_view(view)
        svg = index_svg(body, view)
        pages.append(
            f'<section class="atlas-page"><h1>Body atlas: {view} view</h1>'
            f"<p>{escape_text(figure.file)}: {len(figure.shapes)} shapes, "
            f"{len({r.muscle for r in figure.regions})} muscles; close-ups: "
            f"{escape_text(', '.join(figure.crops) or 'none')}. Blue: muscle regions (dashed when deep). "
            f"Grey: the body under them. Red dashes: close-ups.</p>"
            f'<img src="{data_uri(svg)}" alt="The {view} view of the body atlas with every shape labelled by id">'
            "</section>"
        )
    from handouts.fonts import font_face_css

    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Body atlas index</title><style>"
        + font_face_css()
        + "@page { size: letter; margin: 12mm; } body { font-family: 'Source Sans Pro', sans-serif; color: #1b2430; }"
        ".atlas-page { break-after: page; } .atlas-page:last-child { break-after: auto; }"
        "h1 { font-size: 16pt; margin: 0 0 1mm; } p { font-size: 9pt; margin: 0 0 2mm; }"
        "img { display: block; width: 180mm; height: auto; }"
        "</style></head><body>" + "".join(pages) + "</body></html>"
    )


def index_svg(body: Body, view: View) -> str:
    """One view with every shape outlined and labelled by id, as an SVG document in points."""
    figure = body.atlas_view(view)
    scale = min((HEIGHT - 16) / figure.height, 0.86)
    placement = Placement(view, WIDTH / 2, 4.0, scale)
    deep = {r.id for r in figure.regions if r.deep}
    anchors = {r.id: r.anchor for r in figure.regions}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" width="{WIDTH:g}pt" '
        f'height="{HEIGHT:g}pt">'
    ]
    for shape in figure.shapes:
        d = placement.path(shape.path).d()
        ink = ROLE_INK.get(shape.role, BODY_LINE)
        fill = "none" if shape.role in ("lines", "details") or shape.id in deep else (
            BODY_FILL if shape.role != "region" else "#dcebf2")
        dash = ' stroke-dasharray="2 1.4"' if shape.id in deep else ""
        out.append(f'<path d="{d}" fill="{fill}" stroke="{ink}" stroke-width="0.6"{dash}/>')
    for name, box in figure.crops.items():
        x0, y0 = placement.point(Point(box.x0, box.y0))
        x1, y1 = placement.point(Point(box.x1, box.y1))
        out.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" fill="none" '
            f'stroke="#b5522f" stroke-width="0.8" stroke-dasharray="4 2"/>'
            f'<text x="{x0 + 2:.1f}" y="{y0 + 7:.1f}" font-family="{FONT}" font-size="6.5" font-weight="700" '
            f'fill="#8a3a1f">crop--{escape_text(name)}</text>'
        )
    half = figure.half_width * scale
    columns = {"left": WIDTH / 2 - half - 6, "right": WIDTH / 2 + half + 6}
    labels: dict[str, list[tuple[Label, Shape]]] = {"left": [], "right": []}
    for shape in figure.shapes:
        point = placement.point(anchors.get(shape.id) or _a_point_on(shape))
        side = "left" if point[0] < WIDTH / 2 else "right"
        width = text_width(shape.id, LABEL_SIZE, 400) + 2
        labels[side].append((Label(shape.id, point, width, LABEL_HEIGHT - 1, (LABEL_HEIGHT - 1) / 2), shape))
    for side, items in labels.items():
        edge = columns[side]
        knee = edge + (4 if side == "left" else -4)
        placed = place_column([label for label, _ in items], side, edge, knee, 0, HEIGHT, 1.0)  # type: ignore[arg-type]
        for p, (_, shape) in zip(placed, items):
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in p.leader)
            x = p.box.x1 - 1 if side == "left" else p.box.x0 + 1
            anchor = "end" if side == "left" else "start"
            out.append(
                f'<polyline points="{pts}" fill="none" stroke="{CAPTION}" stroke-width="0.25"/>'
                f'<text x="{x:.1f}" y="{p.box.y0 + LABEL_SIZE * 0.85:.1f}" text-anchor="{anchor}" '
                f'font-family="{FONT}" font-size="{LABEL_SIZE}" fill="{ROLE_INK.get(shape.role, BODY_LINE)}">'
                f"{escape_text(shape.id)}</text>"
            )
    out.append("</svg>")
    return "".join(out)


def _a_point_on(shape: Shape) -> Point:
    """Where a leader to a body shape lands: its middle when that lies on it, else where it starts."""
    box: Box = shape.path.bbox()
    poly = shape.path.sample(4)[0]
    return poly[len(poly) // 2] if shape.role == "lines" else Point((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)


def write_index_sheet(root: Path, muscles: dict, out: Path) -> int:
    """Render the index sheet of `root`'s atlas to `out` (replaced only once complete); return its page count."""
    from handouts.files import write_atomically
    from handouts.rendering.pdf import render_pdf

    rendered = render_pdf(index_sheet_html(Body.load(root, muscles)), root)
    write_atomically(out, rendered.data)
    return rendered.pages
