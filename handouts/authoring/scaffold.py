"""`handouts init`: a new project that checks and builds at once, with every clinic detail marked CHANGE ME."""

import datetime as dt
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from handouts.content.checks.placeholders import MARK
from handouts.content.project import CONFIG_NAME, default_project_root
from handouts.content.schema import write_schemas
from handouts.errors import HandoutsError

# Two shipped exercises a first class can show: one on a mat with a band, one standing.
EXAMPLE_EXERCISES = ("clamshell", "single-leg-balance")
# What the example class's cover cites: hip control and knee alignment (Powers 2010).
CLASS_CITES = ("powers-2010",)
CLASS_ID = "first-class"
SCHEMAS = "schemas"

CONFIG = f"""\
#:schema ./{SCHEMAS}/handouts.schema.json
# Your project's settings. Replace every "{MARK}" value, then run `handouts check --strict`.
# The field reference is docs/authoring.md in the handouts repository.

[clinic]
name = "Your Clinic ({MARK})"
logo = "assets/logo.svg"                 # {MARK}: put your logo (SVG or PNG) here
phone = "({MARK}) 000-0000"
email = "classes@your-clinic.example"    # {MARK}: your clinic's real address
website = "www.your-clinic.example"      # {MARK}: your clinic's web address
address = "Street, Town ({MARK})"

[brand]
# Your brand colours as #rrggbb. Text on them must stay readable: `handouts check` measures the contrast.
primary = "#1d5b79"   # headings, primary highlights
accent = "#b5522f"    # secondary highlights, call-outs
text = "#1b2430"
background = "#ffffff"
tint = "#e9f1f5"      # pale panels behind key facts

[series]
name = "Your class series ({MARK})"
language = "en"
paper = "letter"      # or "a4"
footer = "Your Clinic · Street, Town · phone · website ({MARK})"
disclaimer = "This is general advice, not a plan made just for you. If you have pain, an injury or a health problem, ask your physical therapist or doctor before you start."

# To email packs with `handouts email --send`, add your mail server (the password comes only from
# the HANDOUTS_SMTP_PASSWORD environment variable, never from this file):
# [smtp]
# host = "smtp.your-clinic.example"
# port = 587
# security = "starttls"
# username = "classes"
# from = "Your Clinic <classes@your-clinic.example>"
"""

LOGO = f"""\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <title>Your logo ({MARK})</title>
  <rect x="2" y="2" width="60" height="60" rx="12" fill="#ffffff"
        stroke="#1d5b79" stroke-width="3" stroke-dasharray="6 4"/>
  <g text-anchor="middle" font-family="sans-serif" font-size="12" font-weight="700" fill="#1d5b79">
    <text x="32" y="29">YOUR</text>
    <text x="32" y="43">LOGO</text>
  </g>
</svg>
"""

MUSCLES_HEADER = """\
# The body atlas: every muscle the muscle map draws, and only those. Exercises, classes and the map name them
# by id. Edit the plain-language lines to suit your classes; keep the ids.
"""

CLASS = """\
# yaml-language-server: $schema=../../{schemas}/class.schema.json
# A class and its pack: the handouts are printed in this order. Copy this file to add another class;
# the file name is the class id (`handouts build --class {class_id}`).
title: Your first class
subtitle: A short home program to keep your hips strong and steady.
date: {date}
time: "18:00–19:00"
place: Studio 1 ({mark})
instructor: Your name ({mark})
handouts:
  - type: intro
    sections:
      - heading: What this class is about
        text: >-
          Strong hips help you balance on one leg and keep your knee in line over your foot. Two
          short exercises, done a few times a week, are a good start.
        cites: [{cites}]
    key_points:
      - Do both exercises 3 days a week for 4 weeks.
      - Move slowly and with control. Stop if it hurts.
  - type: muscle-map
    title: The muscles this class trains
    # With no primary/secondary lists, the map marks what the pack's exercises train.
  - type: screening
  - type: exercises
    title: Your exercises
    intro: >-
      Warm up with five minutes of easy walking first. Mild muscle effort is normal; sharp pain is not.
    exercises: [{exercises}]
  - type: tracker
  - type: references
"""

@dataclass
class Scaffold:
    """What `init` wrote, and what it left alone because the folder already had it."""

    root: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)

    def next_steps(self) -> list[str]:
        """The three things to do next, as commands where possible."""
        here = Path.cwd().resolve()
        move = ""
        if self.root != here:
            shown = self.root.relative_to(here) if self.root.is_relative_to(here) else self.root
            move = f"cd {shown}, then "
        return [
            f'{move}fill in every "{MARK}" (`handouts check` lists them) and put your logo at assets/logo.svg',
            "handouts preview   # the pack as it will print, updated as you edit (http://127.0.0.1:8000)",
            f"handouts check --strict && handouts build --class {CLASS_ID}",
        ]


def init_project(target: Path, *, force: bool = False, today: dt.date | None = None) -> Scaffold:
    """Make a new project in `target`; refuse a folder that holds anything unless `force` (which keeps its files)."""
    root = target.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise HandoutsError(f"{target}: exists and is not a folder")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise HandoutsError(f"{target}: folder is not empty; choose a new folder, or add --force to keep its files")
    source = default_project_root()
    scaffold = Scaffold(root)
    files = _content_files(source, today or dt.date.today())
    for folder in ("templates", "assets"):
        for path in sorted((source / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                relative = path.relative_to(source).as_posix()
                files.setdefault(relative, path.read_bytes())
    files["assets/logo.svg"] = LOGO.encode("utf-8")
    for relative, data in sorted(files.items()):
        _write(scaffold, root / relative, data)
    with_schemas = root / SCHEMAS
    staging = root / ".handouts-schemas.tmp"
    write_schemas(staging)
    for path in sorted(staging.iterdir()):
        _write(scaffold, with_schemas / path.name, path.read_bytes())
    shutil.rmtree(staging)
    return scaffold


def _write(scaffold: Scaffold, path: Path, data: bytes) -> None:
    if path.exists():
        scaffold.kept.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    scaffold.written.append(path)


def _content_files(source: Path, today: dt.date) -> dict[str, bytes]:
    """Return handouts.toml and data/: the whole body atlas, two exercises and the references they all cite."""
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 110
    yaml.indent(mapping=2, sequence=4, offset=2)
    muscles_text = (source / "data" / "muscles.yaml").read_text(encoding="utf-8")
    # The shipped header speaks of where the example's content came from; the new project gets its own.
    muscles_text = MUSCLES_HEADER + muscles_text[muscles_text.index("muscles:"):]
    muscles = yaml.load(muscles_text)
    exercises = yaml.load((source / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    references = yaml.load((source / "data" / "references.yaml").read_text(encoding="utf-8"))
    by_id = {entry["id"]: entry for entry in exercises["exercises"]}
    missing = [ident for ident in EXAMPLE_EXERCISES if ident not in by_id]
    if missing:
        raise HandoutsError(f"the shipped project has lost the example exercises {missing}; cannot make a project")
    chosen = [by_id[ident] for ident in EXAMPLE_EXERCISES]
    for entry in chosen:
        entry["video"] = f"https://videos.your-clinic.example/{entry['id']}"
    cited = {ref for entry in muscles["muscles"] for ref in entry.get("cites", [])} | set(CLASS_CITES)
    kept_refs = [entry for entry in references["references"] if entry["id"] in cited]

    def dump(header: str, key: str, items: list) -> bytes:
        out = io.StringIO()
        yaml.dump({key: items}, out)
        return (header + out.getvalue()).encode("utf-8")

    schema = "# yaml-language-server: $schema=../{schemas}/{name}.schema.json\n".format
    return {
        CONFIG_NAME: CONFIG.encode("utf-8"),
        "data/muscles.yaml": (schema(schemas=SCHEMAS, name="muscles") + muscles_text).encode("utf-8"),
        "data/exercises.yaml": dump(
            schema(schemas=SCHEMAS, name="exercises")
            + "# Your exercises. Each card needs 1-4 steps, an easier and a harder version, a safety note, a dosage,\n"
            "# a video link and a figure (pose frames; see docs/authoring.md) or an image in assets/.\n"
            f"# {MARK}: the video links are placeholders; link your clinic's own videos.\n\n",
            "exercises", chosen,
        ),
        "data/references.yaml": dump(
            schema(schemas=SCHEMAS, name="references")
            + "# Every research claim on a handout cites one of these by id.\n\n",
            "references", kept_refs,
        ),
        f"data/classes/{CLASS_ID}.yaml": CLASS.format(
            schemas=SCHEMAS, class_id=CLASS_ID, date=(today + dt.timedelta(days=14)).isoformat(), mark=MARK,
            exercises=", ".join(EXAMPLE_EXERCISES), cites=", ".join(CLASS_CITES),
        ).encode("utf-8"),
    }
