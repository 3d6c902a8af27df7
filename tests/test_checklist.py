"""The injury-risk checklist: its data rules, and the page as a printable, fillable, readable PDF form."""

import io
import json
import re
import subprocess

import pdfplumber
import pytest
from checklist_page import CHECKLIST_ID, fill, load_content, render_checklist
from pydantic import ValidationError
from pypdf import PdfReader

from handouts.content.load import load_content as load_project_content
from handouts.content.models import Checklist
from handouts.content.models.classes import ChecklistHandout
from handouts.content.project import Project
from handouts.errors import ContentError, RenderError
from handouts.handouts.checklist import field_name, prepare

MM = 72 / 25.4
TAP_MM = 7.0
# The pack's running header and footer (base.css) sit in the page margins and are set small on purpose.
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 20, 22
CITE_MARKER = re.compile(r"\[[\d,\s–-]+\]")


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def checklist(content) -> Checklist:
    return content.checklists[CHECKLIST_ID]


@pytest.fixture(scope="module")
def raw(checklist) -> dict:
    """The checklist as plain data, to break in the validation tests."""
    return json.loads(checklist.model_dump_json())


@pytest.fixture(scope="module")
def letter():
    return render_checklist("letter")


@pytest.fixture(scope="module")
def reader(letter) -> PdfReader:
    return PdfReader(io.BytesIO(letter.data))


def _expected_field_names(checklist: Checklist) -> list[str]:
    """Field names in page order: the lines at the top, then each section's items and note. No score field."""
    names = [field_name(line.id) for line in checklist.lines]
    for section in checklist.sections:
        names += [field_name(item.id) for item in section.items]
        names += [field_name(section.note.id)] if section.note else []
    return names


def _text_field_names(checklist: Checklist) -> list[str]:
    notes = [field_name(s.note.id) for s in checklist.sections if s.note]
    return [*(field_name(line.id) for line in checklist.lines), *notes]


def _widgets(reader: PdfReader) -> list[tuple[int, dict]]:
    """(page index, widget annotation) in the order the pages list them, which is the tab order."""
    found = []
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Widget":
                found.append((index, annot))
    return found


def _pdftotext(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def _participant_text(checklist: Checklist) -> str:
    """Every sentence a participant reads on the sheet, each ending in a full stop."""
    parts = [checklist.intro]
    for section in checklist.sections:
        parts.append(section.intro or "")
        for item in section.items:
            parts += [item.text, item.why or "", item.advice or ""]
            if item.test:
                parts += [*item.test.steps, item.test.pass_if, item.test.fail_if]
    parts += [checklist.warning_action, *checklist.tips, checklist.red_flags.intro, *checklist.red_flags.signs]
    parts += [*checklist.red_flags.emergency, checklist.contact]
    return " ".join(p if p.endswith((".", "?", "!")) else f"{p}." for p in (p.strip() for p in parts) if p)


# --- The data -----------------------------------------------------------------------------------------------


def test_checklist_has_the_sections_and_kinds_the_issue_asks_for(checklist, content):
    sections = {s.id: s for s in checklist.sections}
    assert list(sections) == ["running", "warning-signs", "self-tests"]
    assert {i.kind for i in sections["running"].items} == {"risk"}
    # Same route and no rest day have no study behind them: they are tips, not ticks.
    assert {i.id for i in sections["running"].items} == {"distance-jump", "past-injury", "one-pair"}
    assert any("route" in tip for tip in checklist.tips) and any("rest day" in tip for tip in checklist.tips)
    tests = sections["self-tests"].items
    assert [i.id for i in tests] == ["balance", "single-leg-squat", "side-plank", "leg-lift"]
    assert all(i.kind == "self-test" and i.test.pass_if and i.test.fail_if for i in tests)
    assert all(i.advice for i in checklist.items if i.kind != "warning"), "every non-warning tick says what to work on"
    assert not hasattr(checklist, "bands") and not hasattr(checklist, "max_score"), "no invented risk score"
    past = next(i for i in checklist.items if i.id == "past-injury")
    assert past.cites, "the strongest known predictor must be cited"
    squat = next(i for i in checklist.items if i.id == "single-leg-squat")
    assert any("high stool" in step for step in squat.test.steps), "the squat needs a depth cue"
    jump = next(i for i in checklist.items if i.id == "distance-jump")
    assert "10 miles" in jump.why and "13 miles" in jump.why, "the 30% rule needs a worked example"


def test_red_flags_send_emergencies_to_911(checklist):
    emergency = " ".join(checklist.red_flags.emergency).lower()
    emergency_title = checklist.red_flags.emergency_title
    assert "911" in emergency_title and "emergency department" in emergency_title
    for words in ("chest pain", "short", "calf", "saddle", "urine", "fever", "swollen joint"):
        assert words in emergency, words


def test_warning_signs_point_at_the_right_muscles(checklist, content):
    warnings = {i.id: i for i in checklist.items if i.kind == "warning"}
    expected = {
        "outside-knee": "gluteus-medius",
        "front-knee": "vastus-medialis",
        "shin": "tibialis-anterior",
        "groin": "hip-adductors",
        "back-of-thigh": "hamstrings",
        "low-back": "erector-spinae",
    }
    assert set(warnings) == set(expected)
    for item_id, muscle_id in expected.items():
        assert muscle_id in warnings[item_id].muscles
        assert set(warnings[item_id].muscles) <= set(content.muscles), item_id
    assert "it band" in warnings["outside-knee"].injury.lower() and "strip of tissue" in warnings["outside-knee"].injury
    assert "shin splints (pain along" in warnings["shin"].injury.lower(), "shin splints is defined on first use"


def test_risks_need_a_source_and_advice(raw):
    def with_item(**changes):
        data = json.loads(json.dumps(raw))
        data["sections"][0]["items"][0].update(changes)
        return data

    with pytest.raises(ValidationError, match="needs a source"):
        Checklist.model_validate(with_item(cites=[]))
    with pytest.raises(ValidationError, match="needs 'advice'"):
        Checklist.model_validate(with_item(advice=None))
    Checklist.model_validate(with_item(kind="warning", injury="Sprain", muscles=["soleus"], advice=None, cites=[]))


def test_item_kinds_are_checked(raw):
    def with_item(**changes):
        data = json.loads(json.dumps(raw))
        data["sections"][0]["items"][0].update(changes)
        return data

    with pytest.raises(ValidationError, match="'test'"):
        Checklist.model_validate(with_item(kind="self-test"))
    with pytest.raises(ValidationError, match="'injury'"):
        Checklist.model_validate(with_item(kind="warning", injury=None, muscles=[]))
    with pytest.raises(ValidationError, match="unique"):
        Checklist.model_validate(with_item(id="past-injury"))
    with pytest.raises(ValidationError, match="unique"):
        Checklist.model_validate(with_item(id="pain-notes"))


def test_contact_may_only_use_known_placeholders(raw):
    with pytest.raises(ValidationError, match="email"):
        Checklist.model_validate({**raw, "contact": "Write to {email}."})


def test_the_content_checker_reports_unknown_muscles_and_references_in_the_checklist(make_project):
    root = make_project()
    path = root / "data" / "checklists" / f"{CHECKLIST_ID}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("muscles: [hip-adductors]", "muscles: [hip-adductor]").replace(
            "cites: [niemuth-2005]", "cites: [niemuth-2006]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_project_content(Project(root))
    messages = [str(p) for p in caught.value.problems if p.path == f"data/checklists/{CHECKLIST_ID}.yaml"]
    assert any("unknown muscle 'hip-adductor'" in m for m in messages), messages
    assert any("unknown reference 'niemuth-2006'" in m for m in messages), messages


def test_prepare_fills_in_the_clinic_and_places_the_advice(content):
    handout = ChecklistHandout(type="checklist", checklist=CHECKLIST_ID)
    view = prepare(handout, content, content.classes["checklist-only"])
    assert content.config.clinic.phone in view["contact"]
    assert "score" not in view and "bands" not in view
    assert view["red_flags_before"] == "self-tests"
    assert view["warning_after"] == "warning-signs"
    front_knee = next(i for s in view["sections"] for i in s.items if i.id == "front-knee")
    assert front_knee.muscle_names == ["Front of thigh", "Side of the hip", "Hip rotators"]


def test_prepare_names_an_unknown_checklist(content):
    handout = ChecklistHandout(type="checklist", checklist="no-such-list")
    with pytest.raises(RenderError, match="no-such-list"):
        prepare(handout, content, content.classes["checklist-only"])


# --- The page -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_fits_on_three_pages_of_letter_and_a4_without_warnings(paper, letter):
    # 13 pt body text, the emergency signs and advice beside every item take a third page.
    rendered = letter if paper == "letter" else render_checklist(paper)
    assert rendered.pages <= 3, f"{rendered.pages} pages on {paper}"
    assert rendered.warnings == []


def test_one_form_field_per_item_with_the_expected_names_and_kinds(reader, checklist):
    fields = reader.get_fields()
    expected = _expected_field_names(checklist)
    assert sorted(fields) == sorted(expected)
    for item in checklist.items:
        assert fields[field_name(item.id)]["/FT"] == "/Btn", item.id
    for name in _text_field_names(checklist):
        assert fields[name]["/FT"] == "/Tx", name
    assert len(fields) == len(checklist.items) + len(_text_field_names(checklist))
    assert not any("score" in name for name in fields)


def test_tab_order_runs_top_to_bottom(reader, checklist):
    widgets = _widgets(reader)
    assert [str(w["/T"]) for _, w in widgets] == _expected_field_names(checklist)
    assert all(page.get("/Tabs") == "/S" for page in reader.pages if page.get("/Annots"))
    # Within a page each field sits below the last, except the second self-test card of a row, beside the first.
    for (page_a, a), (page_b, b) in zip(widgets, widgets[1:]):
        if page_a == page_b:
            assert float(b["/Rect"][1]) <= float(a["/Rect"][1]) + 25 * MM, f"{a['/T']} -> {b['/T']}"
        else:
            assert page_b == page_a + 1


def test_fields_are_big_enough_to_tap_and_announce_a_label(reader, checklist):
    labels = {field_name(i.id): i.text for i in checklist.items}
    for _, widget in _widgets(reader):
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        width, height = abs(x2 - x1) / MM, abs(y2 - y1) / MM
        assert width >= TAP_MM - 0.01 and height >= TAP_MM - 0.01, f"{widget['/T']}: {width:.1f} x {height:.1f} mm"
        name = str(widget["/T"])
        assert str(widget.get("/TU", "")).strip(), f"{name} has no accessible name"
        if name in labels:
            assert labels[name] in str(widget["/TU"])


def test_a_box_ticked_and_a_note_written_with_pypdf_read_back(letter):
    answers = {"checklist-past-injury": "/on", "checklist-pain-notes": "Left knee"}
    filled = PdfReader(io.BytesIO(fill(letter.data, answers)))
    fields = filled.get_fields()
    assert fields["checklist-past-injury"]["/V"] == "/on"
    assert fields["checklist-one-pair"]["/V"] == "/Off"
    assert fields["checklist-pain-notes"]["/V"] == "Left knee"
    ticked = next(w for _, w in _widgets(filled) if w["/T"] == "checklist-past-injury")
    assert ticked["/AS"] == "/on" and "/on" in ticked["/AP"]["/N"]


def test_advice_red_flags_phone_and_disclaimer_are_printed(letter, checklist, content):
    text = _pdftotext(letter.data)
    assert "score" not in text.lower() and "risk:" not in text.lower()
    assert checklist.warning_action in text
    for item in checklist.items:
        if item.advice:
            assert item.advice in text, item.id
    for tip in checklist.tips:
        assert tip in text
    for sign in [*checklist.red_flags.signs, *checklist.red_flags.emergency]:
        assert sign in text
    assert checklist.red_flags.intro in text
    assert content.config.clinic.phone in text
    assert content.config.series.disclaimer in text
    for item in checklist.items:
        assert item.text in text, item.id


def test_body_text_is_at_least_12_pt_and_the_disclaimer_at_least_9(letter, content):
    small: list[str] = []
    with pdfplumber.open(io.BytesIO(letter.data)) as pdf:
        for page in pdf.pages:
            top, bottom = MARGIN_TOP_MM * MM, page.height - MARGIN_BOTTOM_MM * MM
            chars = [c for c in page.chars if top <= c["top"] and c["bottom"] <= bottom]
            assert chars, "no body text found"
            small.append("".join(c["text"] for c in chars if c["size"] < 11.95))
            tiny = "".join(c["text"] for c in chars if c["size"] < 8.95)
            assert not CITE_MARKER.sub("", re.sub(r"\s+", "", tiny)), f"below 9 pt: {tiny!r}"
    # Only citation markers and the one-line disclaimer are set smaller, on purpose.
    leftover = CITE_MARKER.sub("", re.sub(r"\s+", "", "".join(small)))
    assert leftover == re.sub(r"\s+", "", content.config.series.disclaimer)


def test_reading_grade_is_7_or_below(checklist):
    from handouts.content.checks.readability import grade

    level = grade(_participant_text(checklist))
    assert level <= 7, f"Flesch-Kincaid grade {level}: shorten sentences and words"
