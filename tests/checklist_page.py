"""Render the checklist handout on its own, through the pack template, for tests and previews."""

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from handouts.content.load import Content
from handouts.content.models import Checklist, HandoutClass, Muscle, ProjectConfig, Reference
from handouts.content.project import Project
from handouts.content.sourcefile import read_toml, read_yaml
from handouts.rendering.pack import render_html as render_pack_html
from handouts.rendering.pdf import RenderedPdf, render_pdf

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST_ID = "injury-risk"
CLASS_ID = "checklist-only"
# A4 is narrower and Letter shorter: the checklist must fit both.
PAPER_CSS = {"letter": "", "a4": "<style>@page { size: A4; }</style>"}


def _listing(model: type, path: Path, key: str) -> dict:
    source = read_yaml(path, path.name)
    return {entry["id"]: model.model_validate(entry) for entry in source.data[key]}


def load_content(root: Path = ROOT) -> Content:
    """Return the content the checklist needs, read straight from the project (exercises are not needed)."""
    data = root / "data"
    checklist_data = read_yaml(data / "checklists" / f"{CHECKLIST_ID}.yaml", CHECKLIST_ID).data
    cls = HandoutClass.model_validate(
        {
            "title": "Staying injury-free as a runner",
            "date": "2026-12-12",
            "time": "10:00–11:15",
            "place": "Studio 2",
            "instructor": "Maya Lindqvist, PT, DPT",
            "handouts": [{"type": "checklist", "checklist": CHECKLIST_ID}],
        }
    )
    return Content(
        project=Project(root),
        config=ProjectConfig.model_validate(read_toml(root / "handouts.toml", "handouts.toml").data),
        muscles=_listing(Muscle, data / "muscles.yaml", "muscles"),
        exercises={},
        references=_listing(Reference, data / "references.yaml", "references"),
        checklists={CHECKLIST_ID: Checklist.model_validate({"id": CHECKLIST_ID, **checklist_data})},
        classes={CLASS_ID: cls},
    )


def render_html(content: Content, paper: str = "letter") -> str:
    """Return the one-handout pack holding only the checklist, as HTML."""
    html = render_pack_html(content, CLASS_ID)
    return html.replace("</head>", f"{PAPER_CSS[paper]}</head>", 1)


def render_checklist(paper: str = "letter", root: Path = ROOT) -> RenderedPdf:
    """Render the checklist to a PDF with live form fields."""
    return render_pdf(render_html(load_content(root), paper), root, forms=True)


def fill(pdf: bytes, values: dict[str, str]) -> bytes:
    """Return `pdf` with form fields set: '/on' ticks a box, any other string fills a text field."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    # pypdf has drawn the text fields; with NeedAppearances left on, poppler would redraw the checkboxes
    # from their (absent) caption and show no tick.
    writer.set_need_appearances_writer(False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
