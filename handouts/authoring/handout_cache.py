"""Render a class pack for the preview as one small document per handout, each cached by what it is made of.

The pack's HTML is rendered once, exactly as `build` renders it (so citations keep the pack's numbering), then
cut into one document per handout: the pack's head and running header and footer, and that handout's part. A
handout's pages are re-rendered only when its document or a file it reads (stylesheet, image) changed, so an
edit to one exercise lays out the exercises handout again and leaves the others' pages as they were.

The printed pack is untouched by this: it stays one tagged document, rendered by `handouts.rendering.pack.render_pack`.
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

# (html, project root) -> the rendered PDF; the preview renders untagged, as tags change nothing on screen.
Renderer = Callable[[str, Path], "RenderedPdf"]


def render_untagged(html: str, root: Path) -> "RenderedPdf":
    """Render a handout's document with the pack's engine and sandbox, without the PDF/UA structure tree."""
    from handouts.rendering.pdf import render_pdf

    return render_pdf(html, root, tagged=False)


@dataclass(frozen=True)
class HandoutDocument:
    """One handout of a pack as a document of its own, and whether its first page is the dropped lead page."""

    index: int
    type: str
    html: str
    lead_page: bool


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
        part = html[match.start():end]
        document = own_head + (_LEAD_PAGE if index else "") + part + ("" if end == len(html) else tail)
        documents.append(HandoutDocument(index, cls.handouts[index].type, document, lead_page=bool(index)))
    return documents


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


def page_images(pdf: bytes, skip_first: bool, scale: float = PAGE_SCALE) -> tuple[bytes, ...]:
    """Return each page of `pdf` as a PNG, leaving out the first when it is the lead page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for number, page in enumerate(document):
            if skip_first and number == 0:
                continue
            buffer = io.BytesIO()
            # Level 1 encodes these flat pages about as small as the default, in half the time.
            page.render(scale=scale).to_pil().save(buffer, "PNG", compress_level=1)
            pages.append(buffer.getvalue())
    finally:
        document.close()
    return tuple(pages)


@dataclass
class HandoutCache:
    """Page images of each handout, by the key of its document; only what the last pack used is kept."""

    render: Renderer = render_untagged
    # key -> (page images, what the engine advised while rendering them)
    entries: dict[str, tuple[tuple[bytes, ...], tuple[str, ...]]] = field(default_factory=dict)
    rendered: list[int] = field(default_factory=list)  # handouts laid out by the last pages() call, by index
    warnings: list[str] = field(default_factory=list)  # the engine's advice for the last pages() call's pack

    def pages(self, content: Content, class_id: str, edition: Edition = Edition()) -> tuple[bytes, ...]:
        """Return the pages of class `class_id`'s pack, handout by handout, rendering only changed handouts."""
        kept: dict[str, tuple[tuple[bytes, ...], tuple[str, ...]]] = {}
        rendered: list[int] = []
        pages: list[bytes] = []
        for document in handout_documents(content, class_id, edition):
            key = document_key(document, content.root)
            entry = kept.get(key, self.entries.get(key))
            if entry is None:
                pdf = self.render(document.html, content.root)
                entry = page_images(pdf.data, document.lead_page), tuple(pdf.warnings)
                rendered.append(document.index)
            kept[key] = entry
            pages.extend(entry[0])
        self.entries = kept  # a handout edited back and forth renders again; the cache never grows past a pack
        self.rendered = rendered
        self.warnings = list(dict.fromkeys(w for _, advice in kept.values() for w in advice))
        return tuple(pages)
