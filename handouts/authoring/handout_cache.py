"""Render a class pack for the preview as one small document per handout, each cached by what it is made of.

The pack's HTML is rendered once, exactly as `build` renders it (so citations keep the pack's numbering), then
cut into one document per handout: the pack's head and running header and footer, and that handout's part. A
handout's pages are re-rendered only when its document or a file it reads (stylesheet, image) changed, so an
edit to one exercise lays out the exercises handout again and leaves the others' pages as they were.

A handout of cards (the exercises: `<article id=...>` elements in its `<section>`) goes further: its cards never
break across pages, so each of its pages is a run of whole cards, and the page can be laid out from that run
alone. After the handout was rendered whole, an edit lays out only the runs whose cards changed, each with the
next page's first card as a probe: the run must end on its page and the probe must not fit after it, or the
pages moved and the whole handout is laid out again. Page numbers are left out of the preview's footers, so a
page laid out alone is the same picture as that page of the whole handout.

The printed pack is untouched by this: it stays one tagged document, rendered by
`handouts.rendering.pack.render_pack`.
"""

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from handouts.content.edition import Edition
from handouts.content.load import Content

if TYPE_CHECKING:
    from handouts.rendering.pdf import RenderedPdf

PREVIEW_FINGERPRINT = "preview"  # stands in the footer for the fingerprint a build prints
PAGE_SCALE = 1.25  # 90 dpi: sharp on screen, a few hundred KB per pack

# pack.html's contract (duplex padding reads the same ids): each handout is one element with id part-N.
_PART = re.compile(r'<div\b[^>]*\bid="part-(\d+)"[^>]*>')
_REFERENCE = re.compile(r'(?:href|src)\s*=\s*"([^"]*)"')
_CSS_REFERENCE = re.compile(r'@import\s+(?:url\()?\s*["\']?([^"\')\s;]+)|url\(\s*["\']?([^"\')]+)["\']?\s*\)')
# In the pack a handout's first page is a continuation page (running header shown); `@page :first` would
# style it as a cover when the handout is a document of its own. A blank first page keeps it a continuation
# page; it is laid out and dropped, never shown.
_LEAD_PAGE = '<div class="preview-lead-page" aria-hidden="true"></div>\n'
# Footers' "Page N of M" would differ between a page laid out alone and the same page of the whole handout (and
# neither is the printed pack's number): the preview leaves the number out. Later in the document than base.css
# and pack.html's translated footer, so it wins.
_NO_PAGE_NUMBERS = "<style>@page { @bottom-right { content: none; } }</style>\n"
_CARD = re.compile(r'<article\b[^>]*\bid="([^"]+)"[^>]*>')
_CARD_END = "</article>"
_SECTION = re.compile(r"<section\b[^>]*>")
# An empty block after each card: its margins collapse through it, so it moves nothing, and the page it lands on
# says where the card ended (a card that spilled onto the next page makes its page unfit to lay out alone).
_END_MARK = '<div class="preview-card-end" id="preview-end-{}"></div>'

# (html, project root, drawn=N) -> the rendered PDF with only its first N pages drawn (all when None); the
# preview renders untagged, as tags change nothing on screen.
Renderer = Callable[..., "RenderedPdf"]


def render_untagged(html: str, root: Path, drawn: int | None = None) -> "RenderedPdf":
    """Render a handout's document with the pack's engine and sandbox, without the PDF/UA structure tree."""
    from handouts.rendering.pdf import render_pdf

    return render_pdf(html, root, tagged=False, drawn=drawn)


@dataclass(frozen=True)
class HandoutDocument:
    """One handout of a pack as a document of its own, and whether its first page is the dropped lead page."""

    index: int
    type: str
    html: str
    lead_page: bool
    part: tuple[int, int] = (0, 0)  # where the handout's own part lies in `html` (start, end)


def handout_documents(content: Content, class_id: str, edition: Edition = Edition()) -> list[HandoutDocument]:
    """Return one document per handout of class `class_id`, cut from the pack's own HTML.

    Each keeps the pack's head and running header and footer (with PREVIEW_FINGERPRINT for the source's
    fingerprint), except stylesheets of the other handouts' types (pack.py adds
    assets/css/TYPE.css for a handout of TYPE). A pack template without one part-N element per handout, in
    order, gives one document: the whole pack.
    """
    from handouts.content.fingerprint import source_fingerprint
    from handouts.rendering.pack import _stylesheets, render_html

    cls = content.get_class(class_id)
    # The footer's source fingerprint changes with any edit: on every handout it would make every handout new.
    html = render_html(content, class_id, edition).replace(source_fingerprint(content.project), PREVIEW_FINGERPRINT)
    matches = list(_PART.finditer(html))
    if [int(m.group(1)) for m in matches] != list(range(len(cls.handouts))) or not matches:
        return [HandoutDocument(0, "pack", html, lead_page=False)]
    head, tail = html[: matches[0].start()], "\n</body>\n</html>\n"
    types: list[str] = list(dict.fromkeys(handout.type for handout in cls.handouts))
    documents = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(html)
        own = set(_stylesheets(content, [cls.handouts[index].type, *edition.stylesheets()]))
        own_head = head
        for href in _stylesheets(content, types):
            if href not in own:  # as base.html links them; another spelling is kept, which costs only time
                own_head = own_head.replace(f'<link rel="stylesheet" href="{href}">', "", 1)
        part = _mark_card_ends(html[match.start():end])
        start = len(own_head) + len(_NO_PAGE_NUMBERS) + (len(_LEAD_PAGE) if index else 0)
        document = own_head + _NO_PAGE_NUMBERS + (_LEAD_PAGE if index else "") + part
        documents.append(HandoutDocument(
            index, cls.handouts[index].type, document + ("" if end == len(html) else tail),
            lead_page=bool(index), part=(start, len(document)),
        ))
    return documents


def _mark_card_ends(part: str) -> str:
    """Put an end mark after each card of `part` (see _END_MARK); a part without cards is returned as it is."""
    if _cards(part) is None:
        return part
    pieces, last = [], 0
    for match in _CARD.finditer(part):
        close = part.index(_CARD_END, match.end()) + len(_CARD_END)
        pieces += [part[last:close], _END_MARK.format(match.group(1))]
        last = close
    return "".join(pieces) + part[last:]


@dataclass(frozen=True)
class Cards:
    """A handout part cut into its cards: `opening` (up to its <section>), `intro`, the cards, and `closing`."""

    opening: str
    intro: str
    cards: tuple[tuple[str, str], ...]  # (id, markup including its end mark when marked)
    closing: str


def _cards(part: str) -> Cards | None:
    """Cut `part` into its cards, or None when it is not a <section> of at least two id'd <article> cards."""
    found = list(_CARD.finditer(part))
    if len(found) < 2 or len({m.group(1) for m in found}) != len(found):
        return None
    sections = [m for m in _SECTION.finditer(part, 0, found[0].start())]
    if not sections:
        return None
    cards = []
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else None
        if end is None:
            close = part.find(_CARD_END, match.end())
            if close < 0:
                return None
            end = close + len(_CARD_END)
            mark = _END_MARK.format(match.group(1))
            if part.startswith(mark, end):
                end += len(mark)
        body = part[match.start():end]
        if body.count("<article") != 1 or not body.rstrip().endswith((_CARD_END, "</div>")):
            return None
        cards.append((match.group(1), body))
    return Cards(part[: sections[-1].end()], part[sections[-1].end():found[0].start()], tuple(cards), part[end:])


def files_read(html: str, root: Path) -> list[Path]:
    """Return the project files `html` reads when rendered: stylesheets (and what they import) and images."""
    root = root.resolve()
    found: dict[Path, None] = {}
    pending = [(url, root) for url in _REFERENCE.findall(html)]
    while pending:
        url, base = pending.pop()
        parts = urlsplit(url)
        if parts.scheme not in ("", "file") or not parts.path:
            continue  # data: URIs are in the document itself; anything else the sandbox refuses anyway
        path = Path(unquote(parts.path))
        path = (path if path.is_absolute() else base / path).resolve()
        if path in found or not path.is_relative_to(root) or not path.is_file():
            continue
        found[path] = None
        if path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            pending += [(a or b, path.parent) for a, b in _CSS_REFERENCE.findall(text)]
    return sorted(found)


def document_key(document: HandoutDocument, root: Path) -> str:
    """Return the digest of everything a handout's pages are made from: its document and the files it reads.

    The document already holds the handout's content objects (exercises, muscles, references as numbered in
    the pack, checklist), what its templates made of them and the edition; data: images are inside it.
    """
    digest = hashlib.sha256(document.html.encode("utf-8"))
    for path in files_read(document.html, root):
        digest.update(b"\0" + path.relative_to(root.resolve()).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def page_images(pdf: bytes, skip_first: bool, scale: float = PAGE_SCALE, count: int | None = None
                ) -> tuple[bytes, ...]:
    """Return each page of `pdf` as a PNG, leaving out the first when it is the lead page (at most `count`)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages: list[bytes] = []
    try:
        for number in range(1 if skip_first else 0, len(document)):
            if count is not None and len(pages) == count:
                break
            buffer = io.BytesIO()
            # Level 1 encodes these flat pages about as small as the default, in half the time.
            document[number].render(scale=scale).to_pil().save(buffer, "PNG", compress_level=1)
            pages.append(buffer.getvalue())
    finally:
        document.close()
    return tuple(pages)


@dataclass(frozen=True)
class Entry:
    """A handout's (or one of its pages') images, the engine's advice while rendering them, and its page keys."""

    pages: tuple[bytes, ...]
    warnings: tuple[str, ...]
    parts: tuple[str, ...] = ()  # keys of its pages laid out alone, kept as long as the handout is


@dataclass(frozen=True)
class PageRun:
    """Page `number` of a handout of cards laid out alone: its cards, then the next page's first card as a probe.

    `own_html` is the page without the probe: what its picture is made of, and so its key.
    """

    number: int
    html: str
    own_html: str
    cards: tuple[str, ...]
    probe: str | None
    lead_page: bool


def card_pages(rendered: "RenderedPdf", document: HandoutDocument, cards: Cards) -> list[list[str]] | None:
    """Return the ids of the cards starting on each page of a whole handout, or None when its pages are not
    runs of whole cards (a card spilled onto the next page, or a page holds no card start)."""
    lead = int(document.lead_page)
    pages: list[list[str]] = [[] for _ in range(rendered.pages - lead)]
    for ident, _ in cards.cards:
        start = rendered.first_pages.get(ident, -1) - lead
        if not 0 <= start < len(pages) or rendered.first_pages.get(f"preview-end-{ident}", -1) - lead != start:
            return None
        pages[start].append(ident)
    if any(not run for run in pages[1:]) or [i for run in pages for i in run] != [i for i, _ in cards.cards]:
        return None
    return pages


def page_runs(document: HandoutDocument, cards: Cards, pages: list[list[str]]) -> list[PageRun]:
    """Return one document per page of a handout of cards: that page's cards, and the next page's first card as
    a probe (it must start a new page, or the page would hold more than before)."""
    bodies = dict(cards.cards)
    before, after = document.html[: document.part[0]], document.html[document.part[1]:]
    runs = []
    for number, own in enumerate(pages):
        probe = pages[number + 1][0] if number + 1 < len(pages) else None
        lead = "" if document.lead_page or number == 0 else _LEAD_PAGE  # a page after the first is no cover
        start = before + lead + cards.opening + (cards.intro if number == 0 else "") + "".join(bodies[i] for i in own)
        end = cards.closing + after
        runs.append(PageRun(number, start + (bodies[probe] if probe else "") + end, start + end, tuple(own), probe,
                            document.lead_page or number > 0))
    return runs


def card_heights(rendered: "RenderedPdf", idents) -> dict[str, float]:
    """Return the laid-out height of each card of `idents` (its border box)."""
    return {i: rendered.boxes[i][3] - rendered.boxes[i][1] for i in idents if i in rendered.boxes}


def run_fits(rendered: "RenderedPdf", run: PageRun) -> bool:
    """Whether `run` laid out alone filled exactly its one page: its cards end there and the probe does not fit."""
    lead = int(run.lead_page)
    if any(rendered.first_pages.get(f"preview-end-{i}", -1) != lead for i in run.cards):
        return False
    if run.probe is None:
        return rendered.pages == lead + 1
    return rendered.first_pages.get(run.probe, -1) == lead + 1


@dataclass
class HandoutCache:
    """Page images of each handout, by the key of its document; only what the last pack used is kept."""

    render: Renderer = render_untagged
    entries: dict[str, Entry] = field(default_factory=dict)  # by document key (handouts and page runs)
    # handout index -> the card ids starting on each of its pages, as its last whole render laid them out
    layouts: dict[int, list[list[str]]] = field(default_factory=dict)
    heights: dict[str, float] = field(default_factory=dict)  # card id -> height when last laid out
    rendered: list[int] = field(default_factory=list)  # handouts laid out by the last pages() call, by index
    # (handout index, page number or None for the whole handout) laid out by the last pages() call
    laid_out: list[tuple[int, int | None]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the engine's advice for the last pages() call's pack

    def pages(self, content: Content, class_id: str, edition: Edition = Edition()) -> tuple[bytes, ...]:
        """Return the pages of class `class_id`'s pack, handout by handout, rendering only what changed."""
        self._kept: dict[str, Entry] = {}
        self.rendered, self.laid_out = [], []
        pages: list[bytes] = []
        for document in handout_documents(content, class_id, edition):
            key = document_key(document, content.root)
            entry = self._kept.get(key) or self.entries.get(key)
            if entry is None:
                entry = self._render(document, content.root)
                self.rendered.append(document.index)
            self._keep(key, entry)
            pages.extend(entry.pages)
        self.entries = self._kept  # a handout edited back and forth renders again; the cache never grows past a pack
        self.warnings = list(dict.fromkeys(w for entry in self._kept.values() for w in entry.warnings))
        return tuple(pages)

    def _keep(self, key: str, entry: Entry) -> None:
        self._kept[key] = entry
        for part in entry.parts:
            if part in self.entries or part in self._kept:
                self._kept[part] = self._kept.get(part) or self.entries[part]

    def _render(self, document: HandoutDocument, root: Path) -> Entry:
        """Lay out a changed handout: only its changed pages when it is made of cards and its pages held."""
        cards = _cards(document.html[document.part[0]:document.part[1]])
        layout = self.layouts.get(document.index)
        if layout is not None and cards is not None and [i for run in layout for i in run] == [
                i for i, _ in cards.cards]:
            entry = self._render_runs(document, root, cards, layout)
            if entry is not None:
                return entry
        rendered = self.render(document.html, root)
        self.laid_out.append((document.index, None))
        images, warnings = page_images(rendered.data, document.lead_page), tuple(rendered.warnings)
        layout = card_pages(rendered, document, cards) if cards is not None else None
        if layout is None or cards is None:
            self.layouts.pop(document.index, None)
            return Entry(images, warnings)
        self.layouts[document.index] = layout
        self.heights.update(card_heights(rendered, [i for i, _ in cards.cards]))
        # Each page is also what that page laid out alone would be (footers carry no page number).
        runs = page_runs(document, cards, layout)
        parts = tuple(_key(run.own_html, root) for run in runs)
        for part, image in zip(parts, images):
            self._kept[part] = Entry((image,), warnings)
        return Entry(images, warnings, parts)

    def _render_runs(self, document: HandoutDocument, root: Path, cards: Cards, layout: list[list[str]]
                     ) -> Entry | None:
        """Lay out only the changed pages of a handout of cards; None when its pages moved (render it whole).

        Pages are taken last first: a page whose own cards are unchanged keeps its picture unless the next page's
        first card (which did not fit after them) was laid out again shorter; then the page is laid out with it
        as the probe, to see whether it fits now.
        """
        entries: list[tuple[str, Entry]] = []
        heights: dict[str, float] = {}  # cards laid out again by this call
        for run in reversed(page_runs(document, cards, layout)):
            key = _key(run.own_html, root)
            entry = self._kept.get(key) or self.entries.get(key)
            if entry is not None and run.probe in heights and heights[run.probe] < self.heights.get(run.probe, 0):
                entry = None  # its probe got shorter: it may fit on this page now
            if entry is None:
                rendered = self.render(run.html, root, drawn=int(run.lead_page) + 1)  # not the probe's page
                self.laid_out.append((document.index, run.number))
                if not run_fits(rendered, run):
                    return None
                heights.update(card_heights(rendered, run.cards))
                entry = Entry(page_images(rendered.data, run.lead_page, count=1), tuple(rendered.warnings))
            entries.append((key, entry))
        self.heights.update(heights)
        entries.reverse()
        for key, entry in entries:
            self._kept[key] = entry
        return Entry(
            tuple(image for _, entry in entries for image in entry.pages),
            tuple(dict.fromkeys(w for _, entry in entries for w in entry.warnings)),
            tuple(key for key, _ in entries),
        )


def _key(html: str, root: Path) -> str:
    return document_key(HandoutDocument(-1, "", html, lead_page=False), root)
