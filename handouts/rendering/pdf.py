"""HTML to PDF through WeasyPrint, with a URL fetcher that can reach only the project and the bundled fonts."""

import datetime as dt
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from handouts.errors import RenderError, SandboxViolation
from handouts.fonts import FONT_DIRS


@dataclass
class RenderedPdf:
    """A rendered PDF and what WeasyPrint complained about while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    first_pages: dict[str, int] = field(default_factory=dict)  # element id -> 0-based page it starts on
    # element id -> its border box (x1, y1, x2, y2) in CSS px on that first page
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


def allowed_path(url: str, roots: tuple[Path, ...]) -> Path:
    """Return the file a file: URL names, or raise SandboxViolation when it lies outside `roots`."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise SandboxViolation(f"blocked '{url}': only files inside the project can be used")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if not any(path.is_relative_to(root) for root in roots):
        raise SandboxViolation(f"blocked '{url}': it is outside the project folder")
    return path


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class SandboxFetcher(URLFetcher):
        """Serves file: URLs under the allowed roots and data: URLs; refuses everything else."""

        def __init__(self, roots: tuple[Path, ...]):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
            self.roots = roots

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            # fail_on_errors=True turns anything raised here into a fatal error, so nothing renders without it.
            path = allowed_path(url, self.roots)
            if not path.is_file():
                shown = path.relative_to(self.roots[0]) if path.is_relative_to(self.roots[0]) else path
                raise FileNotFoundError(f"missing file '{shown}'")
            return super().fetch(path.as_uri(), headers)

    return SandboxFetcher


# WeasyPrint logs this once per font when HarfBuzz's subsetter is missing; it is advice, not a fault in the pack.
SLOW_SUBSET_PREFIX = "Using fontTools instead of HarfBuzz-Subset"
SLOW_SUBSET_ADVICE = "fonts are subset by the slow fontTools fallback; run `handouts doctor` to see how to speed it up"
_slow_subset_reported = False


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.slow_subset = False

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(SLOW_SUBSET_PREFIX):
            self.slow_subset = True
        else:
            self.messages.append(message)


@contextmanager
def _collect_warnings() -> Iterator[_Collector]:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    previous, logger.propagate = logger.propagate, False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous


class _Interrupts:
    """Remembers a Ctrl-C during rendering, because WeasyPrint swallows any exception while drawing an SVG."""

    def __init__(self) -> None:
        self.seen = False

    def handle(self, signum, frame) -> None:
        self.seen = True
        raise KeyboardInterrupt


@contextmanager
def _watch_interrupts() -> Iterator[_Interrupts]:
    interrupts = _Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield interrupts  # signal handlers can only be set in the main thread; there SIGINT is not delivered anyway
        return
    previous = signal.signal(signal.SIGINT, interrupts.handle)
    try:
        yield interrupts
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _font_timestamp(created: dt.datetime | None) -> Iterator[None]:
    """Stamp fontTools' subsets with the document's date instead of the wall clock, so builds are byte-identical.

    HarfBuzz's subsetter keeps the font's own `head.modified`; fontTools (WeasyPrint's fallback) rewrites it with
    the time of the build. Only the name the `head` table module looks up is replaced, and only during the write.
    """
    if created is None:
        yield
        return
    from fontTools.misc.timeTools import epoch_diff
    from fontTools.ttLib.tables import _h_e_a_d

    stamp = int(created.timestamp()) - epoch_diff
    original = _h_e_a_d.timestampNow
    _h_e_a_d.timestampNow = lambda: stamp
    try:
        yield
    finally:
        _h_e_a_d.timestampNow = original


def _created(document) -> dt.datetime | None:
    created = getattr(document.metadata, "created", None)
    if not created:
        return None
    try:
        return dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return None


def render_pdf(
    html: str, project_root: Path, *, forms: bool = True, tagged: bool = True, drawn: int | None = None
) -> RenderedPdf:
    """Render `html` (whose relative URLs resolve inside `project_root`) to tagged PDF/UA-1 bytes.

    With `drawn`, only the first `drawn` pages are written (the preview lays out a page with the next one as a
    probe and draws only its own); `pages` and `first_pages` still describe the whole layout.

    Any WeasyPrint warning or error fails the render: a missing image, an SVG that did not draw or a rule that was
    dropped would otherwise ship a pack that looks fine to the command and wrong on paper. A Ctrl-C stops it.
    """
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    global _slow_subset_reported
    fetcher = _fetcher_class()((project_root.resolve(), *FONT_DIRS))
    with _collect_warnings() as collector, _watch_interrupts() as interrupts:
        try:
            source = HTML(string=html, base_url=project_root.resolve().as_uri() + "/", url_fetcher=fetcher)
            # WeasyPrint 70 reads pdf_forms at layout time, not when writing.
            document = source.render(pdf_forms=forms)
            with _font_timestamp(_created(document)):
                # Untagged output is only for overlays (the stamp), which are drawn into a tagged pack as artifacts.
                variant = {"pdf_variant": "pdf/ua-1"} if tagged else {}
                written = document if drawn is None else document.copy(document.pages[:drawn])
                data = written.write_pdf(**variant, custom_metadata=True)
        except FatalURLFetchingError as exc:
            if interrupts.seen:
                raise KeyboardInterrupt from None
            cause = exc.__cause__
            if isinstance(cause, SandboxViolation):
                raise SandboxViolation(str(cause)) from None
            raise RenderError(f"{exc}: {cause}" if cause else str(exc)) from None
        if interrupts.seen:
            # The Ctrl-C landed inside WeasyPrint's catch-all around SVG drawing: the pack is missing a picture.
            raise KeyboardInterrupt
    if collector.messages:
        more = len(collector.messages) - 1
        extra = f" (and {more} more warning{'s' if more > 1 else ''})" if more else ""
        raise RenderError(f"WeasyPrint: {' '.join(collector.messages[0].split())}{extra}")
    warnings = []
    if collector.slow_subset and not _slow_subset_reported:
        _slow_subset_reported = True  # once per command: every render of every copy would say it again
        warnings.append(SLOW_SUBSET_ADVICE)
    first_pages: dict[str, int] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for number, page in enumerate(document.pages):
        for anchor, box in page.anchors.items():
            first_pages.setdefault(anchor, number)
            boxes.setdefault(anchor, box)
    return RenderedPdf(data, len(document.pages), warnings, first_pages, boxes)
