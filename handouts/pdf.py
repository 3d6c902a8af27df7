"""HTML to PDF through WeasyPrint, with a URL fetcher that can reach only the project and the bundled fonts."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from handouts.errors import RenderError, SandboxViolation
from handouts.fonts import FONT_DIR


@dataclass
class RenderedPdf:
    """A rendered PDF and what WeasyPrint complained about while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    first_pages: dict[str, int] = field(default_factory=dict)  # element id -> 0-based page it starts on


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


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    previous, logger.propagate = logger.propagate, False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous


def render_pdf(html: str, project_root: Path, *, forms: bool = True) -> RenderedPdf:
    """Render `html` (whose relative URLs resolve inside `project_root`) to tagged PDF/UA-1 bytes."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()((project_root.resolve(), FONT_DIR))
    with _collect_warnings() as warnings:
        try:
            source = HTML(string=html, base_url=project_root.resolve().as_uri() + "/", url_fetcher=fetcher)
            # WeasyPrint 70 reads pdf_forms at layout time, not when writing.
            document = source.render(pdf_forms=forms)
            data = document.write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)
        except FatalURLFetchingError as exc:
            cause = exc.__cause__
            if isinstance(cause, SandboxViolation):
                raise SandboxViolation(str(cause)) from None
            raise RenderError(f"{exc}: {cause}" if cause else str(exc)) from None
    first_pages: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_pages.setdefault(anchor, number)
    return RenderedPdf(data, len(document.pages), list(warnings), first_pages)
