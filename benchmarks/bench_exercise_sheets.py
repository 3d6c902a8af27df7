"""What the exercise figures and QR codes add to a pack build: the same cards rendered with and without them.

Renders the class's exercise handouts on their own (the rest of the pack is the same either way and only adds
noise), cold each time, alternating three builds: with figures and QR codes, with blank boxes of the same size
(same pages: only encoding and drawing differ), and with neither (shorter cards, so fewer page breaks).
Prints the fastest run of each.
Goal (issue: exercise sheets): figures + QR codes add at most 150 ms to the pack's build.
Run: python benchmarks/bench_exercise_sheets.py [--runs N] [--class ID]
"""

import argparse
import dataclasses
import gc
import re
import statistics
import time
from collections.abc import Callable
from functools import partial

from handouts.content.load import load_content
from handouts.content.project import find_project
from handouts.drawing.qr import qr_matrix
from handouts.handouts import exercise_sheets
from handouts.rendering import pack
from handouts.rendering.pdf import render_pdf

GOAL_MS = 150.0
BENCH_CLASS = "bench-exercise-cards"
BLANK_IMG = re.compile(r'<img class="(?:figure-svg|qr)" src="[^"]*" alt="[^"]*" style="([^"]*)"/>')


def best_ms(work: Callable[[], object], runs: int) -> float:
    """Return the fastest of `runs` calls of `work`, in milliseconds, after one warm-up.

    The fastest run, not the median: on a shared machine the slower runs measure the neighbours.
    """
    work()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return min(samples)


def build(content, class_id: str) -> bytes:
    """Render the class to PDF bytes in-process, the way `handouts build` does."""
    return render_pdf(pack.render_html(content, class_id), content.root).data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--class", dest="class_id", default="hip-strength")
    args = parser.parse_args()

    content = load_content(find_project())
    cls = content.get_class(args.class_id)
    sheets = [h for h in cls.handouts if h.type == "exercises"]
    only_cards = cls.model_copy(update={"handouts": sheets})
    content = dataclasses.replace(content, classes={**content.classes, BENCH_CLASS: only_cards})
    cards = sum(len(h.exercises) for h in sheets)

    real_figure, real_qr = exercise_sheets._figure_html, exercise_sheets._qr_html

    def cold() -> None:
        # A `handouts build` is a fresh process: nothing drawn or encoded yet.
        real_figure.cache_clear()
        real_qr.cache_clear()
        qr_matrix.cache_clear()

    def prepare(figures: bool) -> None:
        cold()
        for handout in sheets:
            exercise_sheets.prepare_exercises(handout, content, cls, figures=figures, qr=figures)

    prep_with, prep_without = best_ms(partial(prepare, True), args.runs), best_ms(partial(prepare, False), args.runs)

    # Three builds of the same cards: with figures and QR codes; with blank boxes of the same size in their
    # place (same pages, same text: only the drawing differs); and with neither (shorter cards, fewer pages).
    def blank_figure(*key: object) -> str:
        return BLANK_IMG.sub(lambda m: f'<div style="{m.group(1)}"></div>', real_figure(*key))

    def blank_qr(*key: object) -> str:
        return BLANK_IMG.sub(lambda m: f'<div style="{m.group(1)}"></div>', real_qr(*key))

    original = exercise_sheets.prepare_exercises
    variants = {
        "figures": (real_figure, real_qr, original),
        "blank": (blank_figure, blank_qr, original),
        "none": (real_figure, real_qr, partial(original, figures=False, qr=False)),
    }

    def build_as(name: str) -> tuple[bytes, float]:
        figure, qr, prepare_fn = variants[name]
        cold()
        if name == "blank":
            # Draw the boxes' sizes outside the timing; only their drawing is left out.
            for handout in sheets:
                original(handout, content, cls)
        exercise_sheets._figure_html, exercise_sheets._qr_html = figure, qr
        exercise_sheets.prepare_exercises = prepare_fn
        # Collect garbage between builds, not during one: a collection landing in one build but not another
        # is noise larger than what is measured.
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            pdf = build(content, BENCH_CLASS)
            return pdf, (time.perf_counter() - start) * 1000
        finally:
            gc.enable()
            exercise_sheets._figure_html, exercise_sheets._qr_html = real_figure, real_qr
            exercise_sheets.prepare_exercises = original

    sizes = {name: len(build_as(name)[0]) for name in variants}
    samples: dict[str, list[float]] = {name: [] for name in variants}
    # Alternate the variants so a busy neighbour slows them all alike.
    for _ in range(args.runs):
        for name in variants:
            samples[name].append(build_as(name)[1])
    best = {name: min(times) for name, times in samples.items()}
    median = {name: statistics.median(times) for name, times in samples.items()}

    # The blank build found its boxes already encoded, so this difference is encoding plus drawing.
    drawing = best["figures"] - best["blank"]
    print(f"class {args.class_id}: {cards} exercise cards, fastest of {args.runs} runs")
    per_card = (prep_with - prep_without) / max(cards, 1)
    print(f"pose data + QR encoding to SVG:      {prep_with - prep_without:7.1f} ms ({per_card:.1f} ms a card)")
    for name, label in (("figures", "figures + QR codes"), ("blank", "blank boxes instead"), ("none", "neither")):
        print(f"cards build, {label + ':':24}{best[name]:7.1f} ms (median {median[name]:.0f} ms)")
    verdict = "met" if drawing <= GOAL_MS else "MISSED"
    print(f"  figures + QR codes cost:           {drawing:7.1f} ms (encode + draw; goal <= {GOAL_MS:.0f}: {verdict})")
    print(f"  with the taller cards' layout:     {best['figures'] - best['none']:7.1f} ms")
    print(f"cards PDF size, figures / neither:   {sizes['figures'] / 1024:7.0f} KB / {sizes['none'] / 1024:.0f} KB")


if __name__ == "__main__":
    main()
