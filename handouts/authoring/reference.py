"""The field reference, docs/authoring.md, generated from the pydantic models so it cannot drift from them.

Run `python -m handouts.authoring.reference [DOCS_DIR]` after changing a model; a test fails while the committed
copy differs.
Examples are the first value the shipped project uses for each field.
"""

import datetime as dt
import json
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import PydanticUndefined
from ruamel.yaml import YAML

from handouts.content.models.base import Asset, Ref
from handouts.content.models.pose import FigureSpec, Joint, Segment
from handouts.content.schema import CONTENT_FILES
from handouts.drawing.figures import skeleton

ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
LIMIT_WORDS = {
    "minimum": "≥ {}", "maximum": "≤ {}", "exclusiveMinimum": "> {}", "exclusiveMaximum": "< {}",
    "minLength": "at least {} characters", "maxLength": "at most {} characters",
    "minItems": "at least {} items", "maxItems": "at most {} items",
}
FILE_NOTES = {
    "handouts.toml": "TOML. One table per model below: `[clinic]`, `[brand]`, `[series]` and, optionally, `[smtp]`.",
    "data/muscles.yaml": "YAML: a top-level `muscles:` list. The body atlas: every muscle the muscle map draws "
                         "must be listed, and only those.",
    "data/exercises.yaml": "YAML: a top-level `exercises:` list. The `figure:` key is explained in full under "
                           "[Pose format](#pose-format).",
    "data/references.yaml": "YAML: a top-level `references:` list. Content cites an entry by its `id`.",
    "data/checklists/*.yaml": "YAML: one checklist per file; the file name is its id (`injury-risk.yaml`).",
    "data/classes/*.yaml": "YAML: one class per file; the file name is its id (`handouts build --class hip-strength`). "
                           "`handouts` lists the pack's handouts in print order; each has a `type`.",
}


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _strip_none(tp: Any) -> tuple[Any, bool]:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        optional = len(args) < len(get_args(tp))
        return (args[0] if len(args) == 1 else Union[tuple(args)]), optional  # noqa: UP007 (built from a runtime tuple)
    return tp, False


def field_type_words(info: Any) -> str:
    """Describe a model field's type, reading the id and asset markers pydantic moves into its metadata."""
    for marker in info.metadata:
        if isinstance(marker, Ref):
            return f"{marker.noun} id"
        if isinstance(marker, Asset):
            return "file path in the project"
    if info.annotation is str and any(getattr(m, "pattern", None) == ID_PATTERN for m in info.metadata):
        return "id"
    return type_words(info.annotation)


def type_words(tp: Any) -> str:
    """Describe a type in plain words, linking models to their own tables."""
    tp, _ = _strip_none(tp)
    if tp == Segment:
        return "angle, or [angle, length factor]"
    if tp == Joint:
        return "point name (see [Pose format](#pose-format))"
    origin = get_origin(tp)
    if origin is Annotated:
        base, *meta = get_args(tp)
        for marker in meta:
            if isinstance(marker, Ref):
                return f"{marker.noun} id"
            if isinstance(marker, Asset):
                return "file path in the project"
        if base is str and any(getattr(m, "pattern", None) == ID_PATTERN for m in meta):
            return "id"
        return type_words(base)
    if origin is Literal:
        options = get_args(tp)
        return f"`{options[0]}`" if len(options) == 1 else "one of " + ", ".join(f"`{a}`" for a in options)
    if origin is list:
        return f"list of {type_words(get_args(tp)[0])}"
    if origin is dict:
        key, value = get_args(tp)
        return f"map of {type_words(key)} to {type_words(value)}"
    if origin is tuple:
        return "[" + ", ".join(type_words(a) for a in get_args(tp)) + "]"
    if origin in (Union, types.UnionType):
        names = [type_words(a) for a in get_args(tp)]
        if all(_is_model(a) for a in get_args(tp)):
            return "one of the handout types below"
        return " or ".join(names)
    if _is_model(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return {str: "text", int: "whole number", float: "number", bool: "true / false", dt.date: "date (YYYY-MM-DD)"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _nested(tp: Any) -> list[type[BaseModel]]:
    """Every model a field's type mentions, in order."""
    if _is_model(tp):
        return [tp]
    found = []
    for arg in get_args(tp):
        found += _nested(arg)
    return found


def models_under(model: type[BaseModel]) -> list[type[BaseModel]]:
    """`model` and every model nested in its fields, each once, depth first."""
    seen: list[type[BaseModel]] = []

    def visit(current: type[BaseModel]) -> None:
        if current in seen:
            return
        seen.append(current)
        for info in current.model_fields.values():
            for inner in _nested(info.annotation):
                visit(inner)

    visit(model)
    return seen


def _limits(schema: dict[str, Any]) -> list[str]:
    words = []
    for option in schema.get("anyOf", [schema]):
        if "prefixItems" in option:
            # A fixed-length pair: its length is in the type; say what limits each member.
            words += [w for item in option["prefixItems"] for w in _limits(item)]
            continue
        for key, template in LIMIT_WORDS.items():
            if key == "minLength" and option.get(key) == 1:
                words.append("not empty")
            elif key in option:
                words.append(template.format(option[key]).replace("at least 1 items", "at least 1 item"))
        pattern = option.get("pattern")
        if pattern == ID_PATTERN:
            words.append("lower-case letters, digits and single hyphens")
        elif pattern:
            words.append(f"matches `{pattern}`")
        items = option.get("items")
        if isinstance(items, dict) and items.get("pattern") != ID_PATTERN:
            words += [f"each {w}" for w in _limits(items)]
    return list(dict.fromkeys(words))


def _inline(value: Any, width: int = 60) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date,)):
        text = value.isoformat()
    elif isinstance(value, str):
        plain = value and value[0] not in "#[]{}&*!|>%@'\"" and ": " not in value and " #" not in value
        text = value if plain else json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (list, tuple)):
        text = json.dumps([int(v) if isinstance(v, float) and v.is_integer() else v for v in value],
                          ensure_ascii=False, default=str)
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("|", "\\|").replace("\n", " ")
    return f"`{text}`" if len(text) <= width else f"`{text[: width - 1]}…`"


def _default(info: Any) -> str:
    if info.is_required():
        return "**required**"
    if info.default_factory is not None:
        value = info.default_factory()
    else:
        value = info.default
    if value is None or value is PydanticUndefined:
        return "none"
    if info.annotation == Segment and value == 270:
        return "`270` (straight down)"
    if isinstance(value, BaseModel):
        return "all defaults"
    return _inline(value)


def shipped_examples() -> dict[tuple[type[BaseModel], str], Any]:
    """The first value the shipped project gives each (model, field)."""
    from handouts.content.load import load_content
    from handouts.content.parse import walk
    from handouts.content.project import Project, default_project_root

    content = load_content(Project(default_project_root().resolve()))
    found: dict[tuple[type[BaseModel], str], Any] = {}
    everything = [content.config, *content.muscles.values(), *content.exercises.values(),
                  *content.references.values(), *content.checklists.values(), *content.classes.values()]
    for item in everything:
        for _, name, value, owner in walk(item):
            if value is not None and value != [] and value != {}:
                found.setdefault((type(owner), name), value)
    return found


def _example(model: type[BaseModel], name: str, examples: dict) -> str:
    value = examples.get((model, name))
    if value is None or isinstance(value, BaseModel) or (isinstance(value, list) and value and
                                                         isinstance(value[0], BaseModel)):
        annotation, _ = _strip_none(model.model_fields[name].annotation)
        if get_origin(annotation) is Literal and value is None:
            return _inline(get_args(annotation)[0])
        return "" if value is None else "see its table"
    return _inline(value)


def model_table(model: type[BaseModel], examples: dict) -> list[str]:
    """The Markdown table of one model's fields."""
    schema = model.model_json_schema(by_alias=True)
    props = schema.get("properties", {})
    lines = [f"### {model.__name__}", "", (model.__doc__ or "").strip().splitlines()[0], "",
             "| field | type | default | limits | what it is | example |", "| --- | --- | --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        key = info.alias or name
        limits = "; ".join(_limits(props.get(key, {}))) or ""
        if _strip_none(info.annotation)[0] == Segment:
            limits = "length factor > 0 and ≤ 1.2"
        description = (info.description or "").replace("|", "\\|")
        lines.append(f"| `{key}` | {field_type_words(info)} | {_default(info)} | {limits} | {description} | "
                     f"{_example(model, name, examples)} |")
    return [*lines, ""]


@dataclass(frozen=True)
class PoseExample:
    """A small figure in the reference, drawn from pose data shown beside it."""

    name: str
    caption: str
    yaml: str

    def spec(self) -> FigureSpec:
        return FigureSpec.model_validate(YAML(typ="safe", pure=True).load(self.yaml))


POSE_EXAMPLES = [
    PoseExample("angles", "Angles: the thigh at 0 points forward, the shin at 270 straight down; an arm at 90 points "
                "up. Omitted segments hang straight down. The arrow follows the near knee round the near hip.", """\
frames:
  - alt: Standing tall, arms by the sides.
  - alt: The near knee lifted to hip height, the near arm straight up, the far arm forward.
    near: {thigh: 0, shin: 270, arm: 90, forearm: 90}
    far: {arm: 0, forearm: 0}
motion: [{point: near-knee, around: near-hip}]
"""),
    PoseExample("hinge", "`torso` and `head`: 90 is upright; a smaller angle leans forward. `x` moves the pelvis "
                "across the picture; the body always comes to rest on the floor.", """\
frames:
  - alt: Standing tall.
  - alt: Hinged forward at the hips, head in line, the far leg reaching back.
    x: 0.1
    torso: 20
    head: 15
    near: {thigh: 275, arm: 265, forearm: 265}
    far: {thigh: 195, shin: 195, foot: 285, arm: 270, forearm: 270}
"""),
    PoseExample("step", "A step: `span` is where it runs from and to and `height` its top, in body heights. The "
                "body rests on whatever its lowest point is over, so rising onto the toes lifts it; `lift` would raise "
                "it further.", """\
equipment: [{kind: step, span: [-0.2, 0.2], height: 0.12}]
frames:
  - alt: Standing on a step, feet flat.
  - alt: Up on the toes.
    near: {foot: 330}
    far: {foot: 330}
motion: [{point: near-ankle}]
"""),
    PoseExample("front", "Front view with `tilt`: a positive tilt raises the near hip (on the right of the picture). "
                "A guide draws a dashed line through two points on every frame; a band loops both legs.", """\
view: front
equipment: [{kind: band, at: ankles}]
frames:
  - alt: Facing forward, hips level, a band round the ankles.
    near: {thigh: 275}
    far: {thigh: 265}
  - alt: The near hip hitched up, the near foot lifted off the floor.
    tilt: 10
    near: {thigh: 278}
    far: {thigh: 265}
guides: [{through: [far-hip, near-hip]}]
"""),
    PoseExample("mat", "Lying down: `torso: 180` puts the head to the left; at 200 the shoulders sit lower than the "
                "hips, and the body rests on both the shoulders and the feet. A mat with no `span` runs the length of "
                "the body. `mirror: true` would draw the whole figure facing the other way.", """\
equipment: [{kind: mat}]
frames:
  - alt: Lying on the back, knees bent, feet flat.
    torso: 180
    near: {thigh: 45, shin: 290, arm: 358, forearm: 358}
    far: {thigh: 45, shin: 290, arm: 358, forearm: 358}
  - alt: Hips lifted into a bridge, shoulders and feet on the mat.
    torso: 200
    near: {thigh: 20, shin: 275, arm: 340, forearm: 0}
    far: {thigh: 20, shin: 275, arm: 340, forearm: 0}
motion: [{point: pelvis}]
"""),
]


def _pose_section() -> list[str]:
    s = skeleton
    points = ", ".join(f"`{p}`" for p in get_args(Joint))
    lines = [
        "## Pose format",
        "",
        "An exercise's `figure:` is drawn, not pictured: you give the direction of each body segment in two or three "
        "frames (usually start and finish) and handouts draws a filled figure in the house style, rests it on the "
        "floor or equipment, and adds arrows and guides. The tables [FigureSpec](#figurespec), [Frame](#frame), "
        "[Limbs](#limbs), [Equipment](#equipment), [Motion](#motion) and [Guide](#guide) list every key.",
        "",
        "**Units.** Lengths and positions are in *body heights*: a standing figure is 1 tall. The segments are "
        f"torso (hip to shoulder) {s.TORSO}, thigh {s.THIGH}, shin {s.SHIN}, foot (ankle to toe) {s.FOOT}, upper arm "
        f"{s.UPPER_ARM}, forearm {s.FOREARM}; the head's radius is {s.HEAD_R}.",
        "",
        "**Angles** are degrees in the picture, with the figure facing right: 0 points right (forward), 90 up, "
        "180 left (back), 270 (or -90) straight down. Every angle is absolute, not relative to the joint above: "
        "a shin at 270 hangs straight down whatever the thigh does.",
        "",
        "**Segments.** Each side (`near`, `far`) has `thigh` (hip to knee), `shin` (knee to ankle), `foot` (heel to "
        "toe), `arm` (shoulder to elbow) and `forearm` (elbow to hand). A segment is an angle, or `[angle, length "
        "factor]` to shorten a limb that points toward or away from the viewer (factor above 0, at most 1.2). An "
        "omitted segment hangs straight down (270). An omitted `foot` lies flat: from the side, at right angles to "
        f"the shin, toes forward; from the front, pointing outward and drawn {s.FRONT_FOOT} as long (seen end-on).",
        "",
        "**The body.** `torso` is the direction from the hips to the shoulders (90 upright, 0 lying face-forward "
        "with the head to the right, 180 with the head to the left); `head` is the direction from the neck to the "
        "head and follows the torso unless given. `near` limbs are nearer the viewer and drawn darker and in front; "
        "`far` limbs are drawn lighter and behind. From the side both hips sit at the pelvis; from the front "
        f"(`view: front`) the hips are {s.HIP_HALF} either side of it and the shoulders {s.SHOULDER_HALF}, the near "
        "side on the right of the picture. `tilt` (front view) tips the hip line from square, in degrees: positive "
        "raises the near hip. `view` may change for one frame.",
        "",
        "**From above** (`view: above`) is for a body lying on its side, seen from the ceiling: the only view that "
        "shows how far the hips and knees bend when the thighs point at a viewer in front (a clamshell). Joints lie "
        "as from the side (both hips at the pelvis; `near` is the top leg), but the chest faces the bottom of the "
        "page whichever way the head points, toward where the front view's viewer stands; an omitted `foot` points "
        "the way the chest faces. Nothing rests on a surface: the mat is drawn flat under the whole body and `rests` "
        "is ignored. Put it first, then the same start from the front: frames seen from different sides get no "
        "arrow between them, as they show one moment twice.",
        "",
        "**Where the body rests.** Each frame is posed with its pelvis at `x` (body heights across the picture; "
        "default 0), then moved up or down until its lowest point touches the surface beneath that point: the floor, "
        "or the top of a mat or step whose `span` covers it. Nothing ends up below a surface. `lift` then raises the "
        "whole body further (a jump, a foot hovering). A wall is never stood on.",
        "",
        "**Equipment** (`kind`):",
        "",
        "- `mat`: a thin mat on the floor; `span: [from, to]` in body heights, or by default the length of the body "
        "plus a little.",
        "- `step`: a box; `span` (required) and `height` of its top (default 0.1, at most 0.5).",
        "- `wall`: a hatched wall whose face is at `x` (required), drawn on the far side of it from the body.",
        "- `band`: a loop band round both legs, `at: knees` (just above them, the default) or `at: ankles`.",
        "",
        "**Motion** arrows are drawn on the last frame. `kind: move` (default) follows `point` from where it is in "
        "the first frame to where it is in the last, beside the movement on the side away from the body; with "
        "`around`, it curves round that point (a knee round the hip); a small movement still gets a visible arrow. "
        "`kind: turn` draws a ring arrow round the line from `point` to `around` (a twist).",
        "",
        "**Guides** draw a dashed line `through` two points on every frame, `extend` body heights past each end: "
        "across the hips to show them tip, along a shin to show it upright.",
        "",
        f"**Point names** (for `motion` and `guides`): {points}.",
        "",
        "**Frames.** Two or three; captions default to Start / Finish (or Start / Then / Finish); `alt` is required "
        "and is read out by screen readers. Frames are drawn side by side at one scale; a long, low pose (lying "
        "down) is stacked instead when that draws it bigger. `mirror: true` draws the whole figure facing left.",
        "",
        "Try a pose quickly with `handouts preview`: the exercise panels redraw a second after you save.",
        "",
    ]
    for example in POSE_EXAMPLES:
        lines += [f"#### Example: {example.name}", "", example.caption, "", "```yaml", "figure:",
                  *("  " + line if line else "" for line in example.yaml.splitlines()), "```", "",
                  f"![{example.caption.split(':')[0]}](pose/{example.name}.svg)", ""]
    return lines


def authoring_markdown() -> str:
    """Return docs/authoring.md as the models and the shipped project make it now."""
    examples = shipped_examples()
    lines = [
        "# Authoring reference",
        "",
        "<!-- Generated by `python -m handouts.authoring.reference` from handouts/models and the shipped project; "
        "do not edit by hand. -->",
        "",
        "Every content file, every field, its type, limits and default, with an example from the shipped project. "
        "`handouts check` enforces all of it; `handouts schema --out schemas/` writes the same rules as JSON Schemas "
        "so a YAML editor completes and checks fields as you type (projects made by `handouts init` are set up for "
        "this). Unknown keys are warnings (errors with `--strict`). Text fields are trimmed and may not be empty.",
        "",
        "Files: " + ", ".join(f"[{file}](#{_anchor(file)})" for _, file, _, _ in CONTENT_FILES)
        + ", [pose format](#pose-format).",
        "",
    ]
    documented: list[type[BaseModel]] = []
    for _, file, model, _list_key in CONTENT_FILES:
        lines += [f"## {file}", "", FILE_NOTES[file], ""]
        for inner in models_under(model):
            if inner in documented:
                lines += [f"[{inner.__name__}](#{inner.__name__.lower()}) is described above.", ""]
                continue
            documented.append(inner)
            lines += model_table(inner, examples)
    lines += _pose_section()
    return "\n".join(lines).rstrip() + "\n"


def _anchor(title: str) -> str:
    return "".join(c for c in title.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def pose_svgs() -> dict[str, str]:
    """Return the reference's pose pictures by file name."""
    from handouts.drawing.figures import render_figure

    return {f"{e.name}.svg": render_figure(e.spec(), e.name).svg + "\n" for e in POSE_EXAMPLES}


def write_reference(docs: Path) -> list[Path]:
    """Write authoring.md and its pictures into `docs`; return the files written."""
    (docs / "pose").mkdir(parents=True, exist_ok=True)
    written = [docs / "authoring.md"]
    written[0].write_text(authoring_markdown(), encoding="utf-8")
    for name, svg in pose_svgs().items():
        (docs / "pose" / name).write_text(svg, encoding="utf-8")
        written.append(docs / "pose" / name)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs"
    for path in write_reference(target):
        print(path)
