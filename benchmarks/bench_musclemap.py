"""Time the muscle map: drawing + template per class, and what the map handout adds to a whole pack build.

Goal (issue: muscle map): the map adds at most 100 ms to a build. Since the shapes moved into the project's SVG
atlas (issue 12), reading it cold (parse + visible parts + anchors) is timed too: it happens once per process.
Run: python benchmarks/bench_musclemap.py [--runs N] [--build-runs N] [--no-build]
"""

import argparse
import dataclasses
import statistics
import time
from collections.abc import Callable

from handouts.content.load import load_content
from handouts.content.map_selection import map_muscles
from handouts.content.project import find_project
from handouts.drawing.musclemap import Body, Colours, atlas, geometry, render_muscle_map
from handouts.handouts.citations import Citations
from handouts.handouts.musclemap import prepare
from handouts.rendering.templating import make_environment

CLASSES = ("hip-strength", "running-muscles")


def median_ms(action: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Median time of `runs` calls by `clock`, in milliseconds, after one warm-up call."""
    action()
    samples = []
    for _ in range(runs):
        start = clock()
        action()
        samples.append(clock() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--build-runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="skip the whole-build comparison")
    args = parser.parse_args()

    content = load_content(find_project())
    env = make_environment(content.project, content.config.series.language)
    template = env.get_template("handouts/muscle-map.html")
    colours = Colours.from_brand(content.config.brand)

    def cold_atlas() -> Body:
        atlas._parse.cache_clear()
        geometry._atlas_view.cache_clear()
        return Body.load(content.root, content.muscles)

    cold = median_ms(cold_atlas, max(3, args.runs // 5))
    print(f"atlas: read cold (both views, visible parts, anchors) {cold:.1f} ms")
    body = Body.load(content.root, content.muscles)
    for class_id in CLASSES:
        cls = content.get_class(class_id)
        handout = next(h for h in cls.handouts if h.type == "muscle-map")
        primary, secondary = map_muscles(handout, cls, content.exercises)
        # Each lambda binds this iteration's values (defaults), as a closure over the loop variables would not.
        draw = median_ms(
            lambda primary=primary, secondary=secondary: render_muscle_map(
                content.muscles, primary, secondary, colours, body=body
            ),
            args.runs,
        )
        full = median_ms(
            lambda handout=handout, cls=cls: template.render(
                handout=handout, view=prepare(handout, content, cls), cls=cls, project=content.config,
                cite=Citations(content.references).cite,
            ),
            args.runs,
        )
        pages = len(prepare(handout, content, cls)["pages"])
        print(f"{class_id}: render_muscle_map {draw:.1f} ms; prepare + template ({pages} page(s)) {full:.1f} ms "
              f"(median of {args.runs})")

    if args.no_build:
        return
    from handouts.rendering.pack import render_html
    from handouts.rendering.pdf import render_pdf

    # CPU time, not wall time: the difference of two multi-second builds drowns in other processes' noise.
    for class_id in CLASSES:
        cls = content.get_class(class_id)
        without = cls.model_copy(update={"handouts": [h for h in cls.handouts if h.type != "muscle-map"]})
        bare = dataclasses.replace(content, classes={**content.classes, class_id: without})
        timings = {}
        for label, project_content in (("with", content), ("without", bare)):
            timings[label] = median_ms(
                lambda c=project_content, class_id=class_id: render_pdf(render_html(c, class_id), c.root),
                args.build_runs,
                time.process_time,
            )
        added = timings["with"] - timings["without"]
        print(
            f"{class_id}: build (HTML + PDF, CPU) with map {timings['with']:.0f} ms, "
            f"without {timings['without']:.0f} ms; the map adds {added:.0f} ms "
            f"(goal <= 100 ms; median of {args.build_runs})"
        )


if __name__ == "__main__":
    main()
