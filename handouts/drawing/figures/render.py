"""Draw a laid-out scene as SVG: frames side by side (or stacked), an arrow between them, HTML captions."""

from collections.abc import Mapping
from dataclasses import dataclass

from handouts.content.models.pose import FigureSpec
from handouts.drawing.figures.geometry import (
    TOLERANCE,
    capsule_points,
    circle_points,
    clockwise,
    polygon_path,
    smooth_points,
)
from handouts.drawing.figures.scene import Panel, Scene, build_scene
from handouts.drawing.figures.skeleton import Part
from handouts.drawing.plane import Point
from handouts.drawing.svg import PT_PER_MM, element, escape_text, number, svg_img

K = 100.0  # SVG user units per body height
BAND_REACH = 0.04  # past each leg's centre line: about a limb's half-width
HALO_TOLERANCE = 1.0


@dataclass(frozen=True)
class Palette:
    """Colours of a figure; near limbs darkest so depth reads in greyscale too."""

    near: str = "#2e4356"
    body: str = "#5b748b"
    far: str = "#8293a5"  # 3.15:1 on white: far limbs stay visible lines, still lighter than the body
    halo: str = "#ffffff"
    arrow: str = "#b5522f"
    between: str = "#1d5b79"
    band: str = "#c58300"  # amber at 3.17:1, so even the band's core is a visible line
    band_edge: str = "#5c4200"
    ground: str = "#6f7b87"
    step: str = "#dfe4e9"
    mat: str = "#cfdde7"
    text: str = "#1b2430"

    @classmethod
    def for_brand(cls, brand: object) -> "Palette":
        """Return the palette a clinic's brand colours give: its accent for motion, its primary between frames."""
        return cls(arrow=brand.accent, between=brand.primary, text=brand.text)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Layout:
    """Physical size rules: how big a standing figure is and the box the whole drawing must fit."""

    unit_mm: float = 34.0  # a standing figure's height on paper
    max_width_mm: float = 78.0
    max_height_mm: float = 40.0
    gap_mm: float = 10.0  # between frames side by side, holding the arrow
    caption_pt: float = 12.0
    label_mm: float = 15.0  # stacked frames: the caption column on the left
    stack_gap_mm: float = 2.0


@dataclass(frozen=True)
class Figure:
    """A rendered figure: the drawing as SVG; as HTML, that drawing as an image with its frame captions; its size.

    Captions are HTML laid over the drawing: WeasyPrint sets SVG text several times slower than HTML text.
    """

    svg: str
    html: str
    width_mm: float
    height_mm: float
    captions: tuple["Caption", ...] = ()


@dataclass(frozen=True)
class Caption:
    """One frame's caption as the HTML places it: left edge, top and width in mm, and its alignment."""

    x_mm: float
    y_mm: float
    width_mm: float
    align: str
    text: str
    size_pt: float


class _Canvas:
    """Maps world points (body heights, y up) into one panel's SVG user space (y down)."""

    def __init__(self, scene: Scene, left: float, top: float, y1: float | None = None):
        self.scene, self.left, self.top = scene, left, top
        self.y1 = scene.y1 if y1 is None else y1  # the world level at the panel's top edge

    def p(self, q: Point) -> Point:
        return Point(self.left + (q.x - self.scene.x0) * K, self.top + (self.y1 - q.y) * K)

    def part_path(self, part: Part, tolerance: float = TOLERANCE) -> str:
        if part.kind == "outline":
            return polygon_path(clockwise(smooth_points([self.p(q) for q in part.points])))
        if part.kind == "circle":
            # A whole circle (the head above all) shows its corners sooner than a limb's rounded end.
            return polygon_path(circle_points(self.p(part.points[0]), part.radii[0] * K, tolerance / 4))
        a, b = part.points
        return polygon_path(capsule_points(self.p(a), part.radii[0] * K, self.p(b), part.radii[1] * K, tolerance))


def _row_unit(n: int, panel_w: float, panel_h: float, layout: Layout) -> float:
    caption = layout.caption_pt / PT_PER_MM * 1.5
    return min(
        layout.unit_mm,
        (layout.max_width_mm - layout.gap_mm * (n - 1)) / (n * panel_w / K),
        (layout.max_height_mm - caption) / (panel_h / K),
    )


def _column_unit(heights: list[float], panel_w: float, layout: Layout) -> float:
    n = len(heights)
    return min(
        layout.unit_mm * 1.5,
        (layout.max_width_mm - layout.label_mm) / (panel_w / K),
        (layout.max_height_mm - layout.stack_gap_mm * (n - 1)) / (sum(heights) / K),
    )


class _Layers:
    """Path data collected per drawing style, so every frame shares one SVG element per style.

    WeasyPrint pays about a millisecond for each SVG element it draws, so a figure is a couple of dozen
    elements however many limbs and frames it has. Frames never overlap, so merging them keeps the layering.
    """

    def __init__(self) -> None:
        self.order: list[str] = []
        self.styles: dict[str, Mapping[str, object]] = {}
        self.data: dict[str, list[str]] = {}

    def add(self, key: str, style: Mapping[str, object], d: str) -> None:
        if key not in self.data:
            self.order.append(key)
            self.styles[key] = style
            self.data[key] = []
        self.data[key].append(d)

    def svg(self) -> str:
        return "".join(element("path", {"d": "".join(self.data[k]), **self.styles[k]}) for k in self.order)


def render_figure(spec: FigureSpec, title: str, palette: Palette = Palette(), layout: Layout = Layout()) -> Figure:
    """Return the frames of `spec` as one accessible SVG, the same scale for every frame.

    Frames sit side by side; a long, low pose (lying down) is stacked instead when that draws it bigger.
    """
    scene = build_scene(spec)
    n = len(scene.panels)
    panel_w, panel_h = (scene.x1 - scene.x0) * K, (scene.y1 - scene.y0) * K
    # Stacked, each frame is only as tall as what it draws (a view from above is taller than one from the front).
    heights = [(panel.top - scene.y0) * K for panel in scene.panels]
    row, column = _row_unit(n, panel_w, panel_h, layout), _column_unit(heights, panel_w, layout)
    stacked = column > row * 1.15
    mm = (column if stacked else row) / K  # millimetres per user unit
    font = layout.caption_pt / PT_PER_MM / mm
    layers, captions, between = _Layers(), [], []
    if stacked:
        label_w, gap = layout.label_mm / mm, layout.stack_gap_mm / mm
        width, height = label_w + panel_w, sum(heights) + (n - 1) * gap
        tops = [sum(heights[:i]) + i * gap for i in range(n)]
        canvases = [_Canvas(scene, label_w, tops[i], panel.top) for i, panel in enumerate(scene.panels)]
        for i, c in enumerate(canvases):
            centre = c.top + heights[i] * 0.45
            captions.append((0.0, (centre - font * 0.6) * mm, layout.label_mm, "left", scene.panels[i].label))
            if i < n - 1 and _one_view(scene, i):
                between.append(_between_path(Point(font * 1.2, centre + font * 0.9),
                                             Point(font * 1.2, tops[i + 1] + heights[i + 1] * 0.45 - font * 0.9)))
    else:
        gap, caption_h = layout.gap_mm / mm, layout.caption_pt / PT_PER_MM * 1.5 / mm
        width, height = n * panel_w + (n - 1) * gap, panel_h + caption_h
        canvases = [_Canvas(scene, i * (panel_w + gap), 0.0) for i in range(n)]
        for i, c in enumerate(canvases):
            captions.append((c.left * mm, (panel_h + caption_h * 0.12) * mm, panel_w * mm, "center",
                             scene.panels[i].label))
            if i < n - 1 and _one_view(scene, i):
                span = gap * 0.56
                x0 = c.left + panel_w + (gap - span) / 2
                between.append(_between_path(Point(x0, panel_h * 0.5), Point(x0 + span, panel_h * 0.5)))
    for panel, c in zip(scene.panels, canvases):
        if panel.view == "above":
            _plan_ground(layers, panel, c, palette)
        else:
            _ground(layers, scene, c, panel_w, palette)
    for panel, c in zip(scene.panels, canvases):
        _body(layers, panel, c, palette)
    for panel, c in zip(scene.panels, canvases):
        _extras(layers, panel, c, palette)
    if between and not spec.compare:
        layers.add("between", {"fill": "none", "stroke": palette.between, "stroke-width": number(0.024 * K),
                               "stroke-linecap": "round", "stroke-linejoin": "round"}, "".join(between))
    alt = " ".join(f"{panel.label}: {panel.alt.rstrip('.')}." for panel in scene.panels)
    label = f"{title}. {alt}"
    svg = element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "figure-svg",
            "role": "img",
            "aria-label": label,
            "viewBox": f"0 0 {number(width)} {number(height)}",
            "width": f"{width * mm:.1f}mm",
            "height": f"{height * mm:.1f}mm",
            "font-family": "Source Sans Pro, sans-serif",
        },
        element("title", {}, escape_text(label)) + layers.svg(),
    )
    spans = "".join(
        element("span", {"class": "figure-caption", "aria-hidden": "true",
                     "style": f"position: absolute; left: {x:.1f}mm; top: {y:.1f}mm; width: {w:.1f}mm; "
                              f"text-align: {align}; font-size: {layout.caption_pt:g}pt; font-weight: 700; "
                              f"line-height: 1.2; color: {palette.text}"}, escape_text(text))
        for x, y, w, align, text in captions
    )
    image = svg_img(svg, label, width * mm, height * mm, "figure-svg")
    html = element("div", {"class": "figure-frames",
                       "style": f"position: relative; width: {width * mm:.1f}mm; height: {height * mm:.1f}mm"},
               image + spans)
    return Figure(svg, html, round(width * mm, 1), round(height * mm, 1),
                  tuple(Caption(x, y, w, align, text, layout.caption_pt) for x, y, w, align, text in captions))


def _one_view(scene: Scene, i: int) -> bool:
    """Return whether frames i and i+1 are seen from one side: only then is the step between them a movement.

    A change of side shows the same moment again (the start from above, then from the front), so it gets no arrow.
    """
    return scene.panels[i].view == scene.panels[i + 1].view


def _rect(a: Point, b: Point) -> str:
    return f"M{number(a.x)} {number(a.y)}H{number(b.x)}V{number(b.y)}H{number(a.x)}Z"


def _line(a: Point, b: Point) -> str:
    return f"M{number(a.x)} {number(a.y)}L{number(b.x)} {number(b.y)}"


def _ground(layers: _Layers, scene: Scene, c: _Canvas, panel_w: float, pal: Palette) -> None:
    floor = c.p(Point(scene.x0, 0))
    plain = {"fill": pal.step}
    edge = {"fill": "none", "stroke": pal.ground, "stroke-width": number(0.006 * K), "stroke-linejoin": "round"}
    layers.add("floor", plain, _rect(floor, Point(floor.x + panel_w, floor.y + 0.03 * K)))
    for box in scene.boxes:
        top_left, bottom_right = c.p(Point(box.x0, box.y1)), c.p(Point(box.x1, box.y0))
        if box.kind == "mat":
            layers.add("mat", {"fill": pal.mat, "stroke": pal.ground, "stroke-width": number(0.004 * K)},
                       _rect(top_left, bottom_right))
        elif box.kind == "step":
            layers.add("floor", plain, _rect(top_left, bottom_right))
            layers.add("edge", edge, _rect(top_left, bottom_right))
        else:
            # A wall: a light slab with diagonal hatching, so it reads as solid without colour.
            top = Point(top_left.x, max(top_left.y, c.top))
            layers.add("floor", plain, _rect(top, bottom_right))
            w = bottom_right.x - top_left.x
            y = bottom_right.y
            while y > top.y - w:
                layers.add("hatch", {"fill": "none", "stroke": pal.ground, "stroke-width": number(0.003 * K)},
                           _line(Point(top_left.x, min(y, bottom_right.y)), Point(bottom_right.x, max(y - w, top.y))))
                y -= 0.04 * K
            face = bottom_right.x if box.x1 <= scene.panels[0].body.points["pelvis"].x else top_left.x
            layers.add("edge", edge, _line(Point(face, top.y), Point(face, bottom_right.y)))
    layers.add("edge", edge, _line(floor, Point(floor.x + panel_w, floor.y)))


def _plan_ground(layers: _Layers, panel: Panel, c: _Canvas, pal: Palette) -> None:
    """From above: no floor line, only the mat lying flat under the whole body (when the figure has one)."""
    if panel.plan_mat is not None:
        box = panel.plan_mat
        layers.add("mat", {"fill": pal.mat, "stroke": pal.ground, "stroke-width": number(0.004 * K)},
                   _rect(c.p(Point(box.x0, box.y1)), c.p(Point(box.x1, box.y0))))


def _body(layers: _Layers, panel: Panel, c: _Canvas, pal: Palette) -> None:
    colours = {"far": pal.far, "body": pal.body, "near": pal.near}
    halo = {"fill": pal.halo, "stroke": pal.halo, "stroke-width": number(0.016 * K), "stroke-linejoin": "round"}
    for group in panel.body.order:
        parts = [part for part in panel.body.parts if part.group == group]
        # One path per limb: its pieces all wind the same way, so they fill as one shape. A white halo
        # round each limb keeps overlapping limbs apart without outlines.
        # The halo's round-joined stroke hides its coarser corners, so it gets fewer points than the fill.
        layers.add(f"{group}-halo", halo, "".join(c.part_path(part, HALO_TOLERANCE) for part in parts))
        layers.add(group, {"fill": colours[parts[0].tone]}, "".join(c.part_path(part) for part in parts))


def _extras(layers: _Layers, panel: Panel, c: _Canvas, pal: Palette) -> None:
    round_line = {"fill": "none", "stroke-linecap": "round", "stroke-linejoin": "round"}
    for a, b in panel.guides:
        d = _line(c.p(a), c.p(b))
        layers.add("guide-halo", {**round_line, "stroke": pal.halo, "stroke-width": number(0.018 * K)}, d)
        layers.add("guide", {**round_line, "stroke": pal.between, "stroke-width": number(0.009 * K),
                             "stroke-dasharray": f"{number(0.022 * K)} {number(0.016 * K)}"}, d)
    for near, far in panel.bands:
        # The band's front strand, seen crossing both legs from one outer edge to the other.
        along = (near - far).unit() if (near - far).length() > 1e-6 else Point(1, 0)
        d = _line(c.p(far - along * BAND_REACH), c.p(near + along * BAND_REACH))
        # A dark edge keeps the band visible when printed in grey.
        layers.add("band-halo", {**round_line, "stroke": pal.halo, "stroke-width": number(0.04 * K)}, d)
        layers.add("band-edge", {**round_line, "stroke": pal.band_edge, "stroke-width": number(0.026 * K)}, d)
        layers.add("band", {**round_line, "stroke": pal.band, "stroke-width": number(0.015 * K)}, d)
    for points in panel.arrows:
        d = _arrow_path([c.p(p) for p in points])
        layers.add("arrow-halo", {**round_line, "stroke": pal.halo, "stroke-width": number(0.032 * K)}, d)
        layers.add("arrow", {**round_line, "stroke": pal.arrow, "stroke-width": number(0.015 * K)}, d)


def _arrow_path(pts: list[Point]) -> str:
    """Return a polyline ending in an open arrowhead, as one stroked path."""
    tip, before = pts[-1], pts[-2]
    along = (tip - before).unit()
    base = tip - along * (0.045 * K)
    left, right = base + along.turned(90) * (0.032 * K), base + along.turned(-90) * (0.032 * K)
    shaft = "M" + "L".join(f"{number(p.x)} {number(p.y)}" for p in pts)
    head = f"M{number(left.x)} {number(left.y)}L{number(tip.x)} {number(tip.y)}L{number(right.x)} {number(right.y)}"
    return shaft + head


def _between_path(start: Point, end: Point) -> str:
    """Return the arrow from one frame to the next: a short shaft and an open head."""
    along = (end - start).unit()
    h = min((end - start).length() * 0.45, 0.05 * K)
    base = end - along * h
    left, right = base + along.turned(90) * (h * 0.9), base + along.turned(-90) * (h * 0.9)
    head = f"M{number(left.x)} {number(left.y)}L{number(end.x)} {number(end.y)}L{number(right.x)} {number(right.y)}"
    return _line(start, end) + head
