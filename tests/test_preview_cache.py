"""The preview renders each handout as its own document and again only when it changed: editing one exercise's
text lays out the exercises handout alone, and of it only the page holding that exercise's card; renaming it
also the handouts that list exercise names."""

import copy
import re
import shutil
from pathlib import Path

import pytest

from handouts.authoring.handout_cache import HandoutCache, handout_documents, render_untagged
from handouts.authoring.scaffold import init_project
from handouts.content.load import load_content
from handouts.content.project import Project

# The class `handouts init` writes: intro, muscle-map, screening, exercises, tracker, references.
EXERCISES, TRACKER = 3, 4


@pytest.fixture
def project(tmp_path) -> Project:
    root = tmp_path / "clinic"
    init_project(root)
    return Project(root.resolve())


@pytest.fixture(scope="module")
def primed(tmp_path_factory) -> tuple[Project, HandoutCache]:
    """One init project previewed once; tests that start from a warm preview copy both instead of laying out
    every handout again (the cache's keys do not depend on where the project lies)."""
    root = tmp_path_factory.mktemp("primed") / "clinic"
    init_project(root)
    project = Project(root.resolve())
    cache = HandoutCache()
    cache.pages(load_content(project), "first-class")
    return project, cache


@pytest.fixture
def warm(primed, tmp_path) -> tuple[Project, HandoutCache]:
    """A copy of the primed project and of its warm preview cache, for this test alone."""
    project, cache = primed
    shutil.copytree(project.root, tmp_path / "clinic")
    return Project((tmp_path / "clinic").resolve()), copy.deepcopy(cache)


class CountingRenderer:
    """The real renderer, counting which handouts it lays out (by the part id in each document)."""

    def __init__(self) -> None:
        self.parts: list[int] = []

    def __call__(self, html: str, root: Path, drawn: int | None = None):
        self.parts += [index for index in range(10) if f'id="part-{index}"' in html]
        return render_untagged(html, root, drawn)


def edit(project: Project, old: str, new: str) -> None:
    path = project.root / "data" / "exercises.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_one_exercise_edit_renders_only_the_handouts_that_show_it(project):
    renderer = CountingRenderer()
    cache = HandoutCache(render=renderer)
    content = load_content(project)
    types = [handout.type for handout in content.get_class("first-class").handouts]
    assert types[EXERCISES] == "exercises" and types[TRACKER] == "tracker"

    first = cache.pages(content, "first-class")
    assert renderer.parts == list(range(len(types)))  # every handout, each in a document of its own
    assert len(first) >= len(types)

    renderer.parts.clear()
    assert cache.pages(load_content(project), "first-class") == first
    assert renderer.parts == [] and cache.rendered == []  # nothing changed: no layout at all

    # A cue is printed only on the exercise's card.
    edit(project, "Keep your heels touching, in line with your back.", "Keep your heels together the whole time.")
    edited = cache.pages(load_content(project), "first-class")
    assert renderer.parts == [EXERCISES] and cache.rendered == [EXERCISES]
    # Of the exercises handout, only the page with the clamshell's card (the first page of cards).
    assert cache.laid_out == [(EXERCISES, 0)]
    assert edited != first
    assert edited[0] == first[0]  # the intro's page is the cached image, not a new render of it
    changed = [number for number, (old, new) in enumerate(zip(first, edited)) if old != new]
    assert len(edited) == len(first) and len(changed) == 1
    assert edited == HandoutCache().pages(load_content(project), "first-class")  # as a fresh preview draws it

    # The tracker lists each exercise by name, so a new name lays it out again too; nothing else.
    renderer.parts.clear()
    edit(project, "name: Clamshell", "name: Side-lying clamshell")
    cache.pages(load_content(project), "first-class")
    assert sorted(renderer.parts) == [EXERCISES, TRACKER]


def test_each_handout_document_keeps_the_pack_citation_numbers(project):
    from handouts.rendering.pack import render_html

    content = load_content(project)
    pack = render_html(content, "first-class")
    documents = handout_documents(content, "first-class")
    assert [d.index for d in documents] == list(range(len(content.get_class("first-class").handouts)))
    for document in documents:
        part = document.html[document.html.index(f'id="part-{document.index}"'):]
        # The handout's own markup, citation numbers and all, is the pack's, character for character (but for
        # the empty marks after exercise cards, which say where each card ended).
        part = re.sub(r'<div class="preview-card-end" id="preview-end-[^"]+"></div>', "", part)
        assert part.split("\n</body>")[0].rstrip() in pack
        assert document.lead_page == (document.index > 0)


def test_the_page_says_its_footers_differ_from_print():
    from handouts.authoring.preview import View, render_view

    page = render_view(View(pages=(b"png",), built_at="12:00:00"))
    note = page[page.index('id="page-note"'):]
    assert "leave out the page numbers print shows" in note and "fingerprint" in note
    assert note.index("page-note") < note.index('<img class="page"')  # above the pages, where it is seen
    assert 'id="page-note"' not in render_view(View())  # no pages yet: nothing to explain


def test_handout_pages_look_like_the_printed_pack_above_the_footer(warm):
    """Same templates, stylesheets and header: every page matches the pack's, pixel for pixel, down to the
    footer band (which holds the page numbers and the fingerprint, the two things allowed to differ)."""
    import io

    from PIL import Image, ImageChops

    from handouts.authoring.handout_cache import page_images
    from handouts.rendering.pack import render_pack

    project, cache = warm
    content = load_content(project)
    printed = page_images(render_pack(content, "first-class").data, skip_first=False)
    previewed = cache.pages(content, "first-class")
    assert len(previewed) == len(printed)
    for number, (ours, theirs) in enumerate(zip(previewed, printed), start=1):
        ours, theirs = (Image.open(io.BytesIO(png)).convert("RGB") for png in (ours, theirs))
        assert ours.size == theirs.size
        body = (0, 0, ours.width, int(ours.height * 0.91))  # letter paper: the footer sits in the bottom 22 mm
        assert ImageChops.difference(ours.crop(body), theirs.crop(body)).getbbox() is None, f"page {number}"


def test_each_page_of_cards_laid_out_alone_is_that_page_of_the_whole_handout(warm):
    """The cut the preview relies on: a page of exercise cards laid out alone (with the next page's first card as
    a probe that must not fit) is the same picture, pixel for pixel, as that page of the whole handout."""
    from handouts.authoring.handout_cache import _cards, document_key, page_images, page_runs, run_fits

    project, cache = warm
    content = load_content(project)
    document = handout_documents(content, "first-class")[EXERCISES]
    layout = cache.layouts[EXERCISES]
    assert len(layout) >= 2 and all(layout[1:])  # the init project's cards fill two pages
    whole = cache.entries[document_key(document, content.root)].pages
    runs = page_runs(document, _cards(document.html[document.part[0]:document.part[1]]), layout)
    assert len(runs) == len(whole)
    for run, image in zip(runs, whole):
        rendered = render_untagged(run.html, content.root)
        assert run_fits(rendered, run), run.number
        assert page_images(rendered.data, run.lead_page, count=1) == (image,), f"page {run.number + 1}"


def test_an_edit_that_moves_cards_to_other_pages_lays_the_handout_out_whole(warm):
    """A card grown past its page (or shrunk so the next card would fit) changes the pages after it: the probe
    or the card's end mark shows it, and the whole handout is laid out again, as a fresh preview would."""
    project, cache = warm
    assert cache.pages(load_content(project), "first-class") and cache.rendered == []  # warm: nothing laid out
    long_cue = "Keep your heels touching and breathe out slowly as the knee opens, then rest. " * 12
    edit(project, "Keep your heels touching, in line with your back.", long_cue.strip())
    edited = cache.pages(load_content(project), "first-class")
    assert cache.laid_out == [(EXERCISES, 0), (EXERCISES, None)]  # the page alone did not fit: then whole
    assert edited == HandoutCache().pages(load_content(project), "first-class")


def test_a_shorter_first_card_of_a_page_lays_out_the_page_before_it_again(warm):
    """The page before a card that got shorter is laid out again with that card as its probe (it may fit there
    now); whatever that shows, the pages are the ones a fresh preview draws."""
    project, cache = warm
    assert cache.layouts[EXERCISES][1][0] == "exercise-single-leg-balance"  # it starts the second page of cards
    edit(project, "      - Stand tall with your hips level and your knee soft, not locked.\n", "")
    edit(project, "Add one step at a time. Close your eyes. Then stand on a folded towel. Then turn your head slowly.",
         "Close your eyes.")
    edited = cache.pages(load_content(project), "first-class")
    assert cache.laid_out[:2] == [(EXERCISES, 1), (EXERCISES, 0)]
    assert edited == HandoutCache().pages(load_content(project), "first-class")
