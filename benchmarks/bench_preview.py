"""A preview refresh after editing one exercise's text against a full pack build, side by side in one run.

Goal (issue: speed where people wait): editing one exercise refreshes the preview in <= 0.35x a full pack build.
Timed in CPU seconds (user + system), each run on the same edited project:
- preview refresh (in this warm process): what `handouts preview` does after the save: load the content, draw
  the exercise panels, render the pack's HTML, lay out again only what changed (for the exercises handout: the
  page of cards holding the edited exercise, with the next page's first card as a probe), and turn those pages
  into PNGs;
- full build, in process: what `handouts build --force` does once started (load the content, render the pack
  as one tagged document, write it), in this same warm process: the stricter baseline;
- full build, command: the whole `handouts build --class ID --force` process, as bench_cache.py times it;
- whole-pack refresh: what the preview did before (the pack rendered as one document, every page a PNG).
Each run first edits the same exercise cue to a new text, so every refresh has a real change to show.
Run: python benchmarks/bench_preview.py [--runs N] [--class ID] [--exercise ID]
"""

import argparse
import io
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handouts.authoring.preview import Preview
from handouts.content.load import load_content
from handouts.content.project import Project, default_project_root
from handouts.rendering.pack import build_pack

PROJECT_PARTS = ("handouts.toml", "data", "templates", "assets", "locales")


def copy_project(target: Path) -> Project:
    """Copy the shipped example project to `target`, so the benchmark can edit it."""
    source = default_project_root()
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        elif (source / part).is_file():
            shutil.copy2(source / part, target / part)
    return Project(target.resolve())


def edit_cue(project: Project, exercise_id: str, run: int) -> None:
    """Rewrite the first cue of `exercise_id` in data/exercises.yaml to a text no earlier run used."""
    path = project.root / "data" / "exercises.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  - id: {exercise_id}\n")
    cues = next(n for n in range(start, len(lines)) if lines[n].strip() == "cues:")
    lines[cues + 1] = f"      - Keep your heels touching, count {run + 1} slowly.\n"
    path.write_text("".join(lines), encoding="utf-8")


def cpu() -> float:
    return time.process_time()


def child_cpu(command: list[str]) -> float:
    """Return the CPU seconds (user + system) the child process `command` used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def whole_pack_refresh(project: Project, class_id: str) -> int:
    """The preview's refresh before handouts were cached: render the pack as one document, every page a PNG."""
    import pypdfium2

    from handouts.rendering.pack import render_html
    from handouts.rendering.pdf import render_pdf

    content = load_content(project)
    document = pypdfium2.PdfDocument(render_pdf(render_html(content, class_id), content.root).data)
    try:
        for page in document:
            page.render(scale=1.25).to_pil().save(io.BytesIO(), "PNG", optimize=False)
        return len(document)
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--class", dest="class_id", default="hip-strength")
    parser.add_argument("--exercise", default="clamshell")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        out = Path(tmp) / "build"
        preview = Preview(project, args.class_id)
        preview.rebuild()  # warm-up: imports, fonts, and the first preview, which renders every handout
        build_pack(load_content(project), args.class_id, out)
        assert not preview.view.problems, preview.view.problems
        handouts = shutil.which("handouts") or str(Path(sys.executable).with_name("handouts"))
        command = [handouts, "build", "--project", str(project.root), "--class", args.class_id,
                   "--out", str(out), "--force"]
        full, command_full, refresh, old_refresh, rendered = [], [], [], [], []
        for run in range(args.runs):  # paired: an edit, then each way of seeing it, on the same state
            edit_cue(project, args.exercise, run)
            started = cpu()
            preview.rebuild()
            refresh.append(cpu() - started)
            assert not preview.view.problems, preview.view.problems
            rendered.append(list(preview.handouts.laid_out))
            started = cpu()
            build_pack(load_content(project), args.class_id, out)
            full.append(cpu() - started)
            command_full.append(child_cpu(command))
            started = cpu()
            pages = whole_pack_refresh(project, args.class_id)
            old_refresh.append(cpu() - started)
            assert pages == len(preview.view.pages), (pages, len(preview.view.pages))
    types = [h.type for h in load_content(Project(default_project_root())).get_class(args.class_id).handouts]
    def line(name: str, samples: list[float]) -> float:
        median = statistics.median(samples)
        print(f"{name:<28}{median:6.3f} s CPU (median; runs {', '.join(f'{s:.2f}' for s in samples)})")
        return median

    print(f"class {args.class_id}, editing one cue of {args.exercise}; {args.runs} paired runs")
    shown = [[types[i] + ("" if page is None else f" page {page + 1}") for i, page in r] for r in rendered]
    print(f"laid out again per refresh: {shown}")
    refresh_s = line("preview refresh:", refresh)
    full_s = line("full build, in process:", full)
    command_s = line("full build, command:", command_full)
    old_s = line("whole-pack refresh (before):", old_refresh)
    print(f"ratio refresh / full build in process: {refresh_s / full_s:.3f}x (goal <= 0.35x)")
    print(f"ratio refresh / full build command:    {refresh_s / command_s:.3f}x (goal <= 0.35x)")
    print(f"ratio refresh / whole-pack refresh:    {refresh_s / old_s:.3f}x")


if __name__ == "__main__":
    main()
