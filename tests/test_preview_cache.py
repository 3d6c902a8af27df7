"""The preview renders each handout as its own document and again only when it changed: editing one exercise's
text lays out the exercises handout alone; renaming it also the handouts that list exercise names."""

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


class CountingRenderer:
    """The real renderer, counting which handouts it lays out (by the part id in each document)."""

    def __init__(self) -> None:
        self.parts: list[int] = []

    def __call__(self, html: str, root: Path):
        self.parts += [index for index in range(10) if f'id="part-{index}"' in html]
        return render_untagged(html, root)


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
    edit(project, "Keep your heels touching.", "Keep your heels together the whole time.")
    edited = cache.pages(load_content(project), "first-class")
    assert renderer.parts == [EXERCISES] and cache.rendered == [EXERCISES]
    assert edited != first
    assert edited[0] == first[0]  # the intro's page is the cached image, not a new render of it

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
        # The handout's own markup, citation numbers and all, is the pack's, character for character.
        assert part.split("\n</body>")[0].rstrip() in pack
        assert document.lead_page == (document.index > 0)


def test_the_page_says_its_footers_differ_from_print():
    from handouts.authoring.preview import View, render_view

    page = render_view(View(pages=(b"png",), built_at="12:00:00"))
    note = page[page.index('id="page-note"'):]
    assert "Page N of M" in note and "not the printed pack's page numbers" in note
    assert note.index("page-note") < note.index('<img class="page"')  # above the pages, where it is seen
    assert 'id="page-note"' not in render_view(View())  # no pages yet: nothing to explain


def test_handout_pages_look_like_the_printed_pack_above_the_footer(project):
    """Same templates, stylesheets and header: every page matches the pack's, pixel for pixel, down to the
    footer band (which holds the page numbers and the fingerprint, the two things allowed to differ)."""
    import io

    from PIL import Image, ImageChops

    from handouts.authoring.handout_cache import page_images
    from handouts.rendering.pack import render_pack

    content = load_content(project)
    printed = page_images(render_pack(content, "first-class").data, skip_first=False)
    previewed = HandoutCache().pages(content, "first-class")
    assert len(previewed) == len(printed)
    for number, (ours, theirs) in enumerate(zip(previewed, printed), start=1):
        ours, theirs = (Image.open(io.BytesIO(png)).convert("RGB") for png in (ours, theirs))
        assert ours.size == theirs.size
        body = (0, 0, ours.width, int(ours.height * 0.91))  # letter paper: the footer sits in the bottom 22 mm
        assert ImageChops.difference(ours.crop(body), theirs.crop(body)).getbbox() is None, f"page {number}"
