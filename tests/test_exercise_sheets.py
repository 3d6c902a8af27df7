"""Exercise cards and the weekly tracker: content rules, dosage wording, and the real pack read back from PDF."""

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from ruamel.yaml import YAML

from handouts.content.checks.coverage import MAX_EXERCISES_PER_SESSION
from handouts.content.models import Exercise, HandoutClass
from handouts.content.models.exercise import Dosage
from handouts.handouts.exercise_sheets import (
    DAYS,
    dosage_short,
    dosage_words,
    plain_list,
    prepare_tracker,
    short_url,
    tracked_exercises,
)

ROOT = Path(__file__).resolve().parent.parent
YAML_SAFE = YAML(typ="safe")
MM = 72 / 25.4


def _exercises() -> dict[str, Exercise]:
    data = YAML_SAFE.load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    return {entry["id"]: Exercise.model_validate(entry) for entry in data["exercises"]}


EXERCISES = _exercises()


def _class(*handouts: dict) -> HandoutClass:
    return HandoutClass.model_validate({
        "title": "Test class", "date": "2026-11-28", "time": "10:00–11:00", "place": "Studio 2",
        "instructor": "A. Tester", "handouts": list(handouts),
    })


# --- dosage in words -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("dosage", "words"), [
    ({"sets": 3, "reps": 12, "per_side": True, "days_per_week": 3}, "3 sets of 12, each side, 3 days a week"),
    ({"sets": 3, "hold_seconds": 30, "days_per_week": 3}, "Hold 30 seconds, 3 times, 3 days a week"),
    ({"sets": 1, "reps": 10, "days_per_week": 7}, "1 set of 10, every day"),
    ({"sets": 2, "hold_seconds": 60, "per_side": True, "days_per_week": 1},
     "Hold 1 minute, twice, each side, once a week"),
    ({"sets": 1, "hold_seconds": 1, "days_per_week": 2}, "Hold 1 second, once, 2 days a week"),
    ({"sets": 3, "hold_seconds": 90, "days_per_week": 5}, "Hold 90 seconds, 3 times, 5 days a week"),
    ({"sets": 3, "reps": 10, "unit": "steps", "per_side": True, "each": "way", "days_per_week": 3},
     "3 sets of 10 steps, each way, 3 days a week"),
])
def test_dosage_in_words(dosage, words):
    assert dosage_words(Dosage.model_validate(dosage)) == words


def test_dosage_short_form_for_the_tracker():
    assert dosage_short(Dosage(sets=3, reps=12, per_side=True, days_per_week=3)) == "3 × 12 each side"
    assert dosage_short(Dosage(sets=3, hold_seconds=30, days_per_week=3)) == "3 × 30 s"


def test_dosage_needs_reps_or_a_hold_but_not_both():
    with pytest.raises(ValueError):
        Dosage(sets=3, reps=10, hold_seconds=30, days_per_week=3)
    with pytest.raises(ValueError):
        Dosage(sets=3, days_per_week=3)


def test_short_url_and_plain_list():
    assert short_url("https://riversidephysio.example/v/clamshell/") == "riversidephysio.example/v/clamshell"
    assert plain_list(["Side of the hip", "Deep hip rotators", "TFL"]) == "Side of the hip, deep hip rotators, TFL"


# --- content rules -------------------------------------------------------------------------------------

def test_at_least_eight_hip_exercises_cover_frontal_transverse_and_single_leg():
    assert len(EXERCISES) >= 8
    planes = {p for e in EXERCISES.values() for p in e.planes}
    assert {"frontal", "transverse", "single-leg"} <= planes
    for needed in ("clamshell", "lateral-band-walk", "single-leg-balance", "single-leg-romanian-deadlift",
                   "standing-hip-hike", "hip-airplane"):
        assert needed in EXERCISES


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=lambda e: e.id)
def test_card_text_is_short(exercise):
    assert 1 <= len(exercise.steps) <= 4
    # One printed line each at full card width, so every card keeps the same shape.
    assert all(len(step) <= 90 for step in exercise.steps), "a step is longer than one line"
    assert all(len(re.findall(r"[.!?](?:\s|$)", step)) <= 2 for step in exercise.steps)
    assert all(len(item) <= 60 for item in exercise.cues + exercise.mistakes)
    assert exercise.cues and exercise.mistakes
    assert len(exercise.safety) <= 120


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=lambda e: e.id)
def test_dosage_suits_recreational_runners(exercise):
    d = exercise.dosage
    assert 1 <= d.sets <= 3 and 2 <= d.days_per_week <= 5
    if d.reps is not None:
        assert 6 <= d.reps <= 15
    else:
        assert 20 <= (d.hold_seconds or 0) <= 45


def test_muscle_ids_exist():
    path = ROOT / "data" / "muscles.yaml"
    if not path.is_file():
        pytest.skip("data/muscles.yaml is not there yet")
    known = {m["id"] for m in YAML_SAFE.load(path.read_text(encoding="utf-8"))["muscles"]}
    for exercise in EXERCISES.values():
        unknown = set(exercise.muscles.primary + exercise.muscles.secondary) - known
        assert not unknown, f"{exercise.id}: unknown muscles {sorted(unknown)}"


def test_videos_are_short_unique_links_on_the_clinic_domain():
    urls = [e.video for e in EXERCISES.values()]
    assert len(set(urls)) == len(urls)
    for url in urls:
        assert re.fullmatch(r"https://riversidephysio\.example/v/[a-z0-9-]+", url), url
        assert len(short_url(url)) <= 40


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=lambda e: e.id)
def test_reading_grade_is_7_or_below(exercise):
    from handouts.content.checks.readability import as_prose, grade

    text = as_prose([*exercise.steps, *exercise.cues, *exercise.mistakes, exercise.easier, exercise.harder,
                     exercise.safety])
    assert grade(text) <= 7


# --- tracker context -----------------------------------------------------------------------------------

def test_tracker_tracks_the_class_exercises_unless_given_its_own():
    cls = _class(
        {"type": "exercises", "exercises": ["clamshell", "lateral-band-walk"]},
        {"type": "exercises", "exercises": ["lateral-band-walk", "hip-airplane"]},
        {"type": "tracker"},
        {"type": "tracker", "exercises": ["single-leg-balance"], "weeks": 6},
    )
    first, second = cls.handouts[2], cls.handouts[3]
    assert tracked_exercises(first, cls) == ["clamshell", "lateral-band-walk", "hip-airplane"]
    assert tracked_exercises(second, cls) == ["single-leg-balance"]


# --- the real pack -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def content():
    from handouts.content.load import load_content
    from handouts.content.project import Project

    return load_content(Project(ROOT))


@pytest.fixture(scope="module")
def every_exercise(content, tmp_path_factory):
    """The shipped project with one more class: every exercise's card, then a tracker; rendered to PDF."""
    from handouts.rendering.pack import render_html
    from handouts.rendering.pdf import render_pdf

    # The tracker lists six, the most `check` lets one session ask; it must still fit one page.
    cls = _class({"type": "exercises", "title": "Every exercise", "exercises": list(content.exercises)},
                 {"type": "tracker", "exercises": list(content.exercises)[:MAX_EXERCISES_PER_SESSION]})
    extended = dataclasses.replace(content, classes={**content.classes, "every-exercise": cls})
    pdf = tmp_path_factory.mktemp("pack") / "every-exercise.pdf"
    pdf.write_bytes(render_pdf(render_html(extended, "every-exercise"), content.root).data)
    return extended, cls, pdf


def _page_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def _exercise_pages(texts: list[str]) -> list[int]:
    tracker = next(i for i, t in enumerate(texts) if "Your 4-week tracker" in t)
    return list(range(tracker))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_no_card_crosses_a_page_break(every_exercise):
    content, _cls, pdf = every_exercise
    texts = [_flat(t) for t in _page_texts(pdf)]
    pages = _exercise_pages(texts)
    per_page = {i: 0 for i in pages}
    for exercise in content.exercises.values():
        heading = [i for i in pages if re.search(rf"\b\d+ {re.escape(exercise.name)}\b", texts[i])]
        assert len(heading) == 1, f"{exercise.id}: card heading found on pages {heading}"
        page = heading[0]
        # The card's last lines: its safety note and its video link (columns interleave, so compare words).
        words = set(texts[page].split())
        assert set(exercise.safety.split()[-6:]) <= words, f"{exercise.id}: safety note not on the card's page"
        assert short_url(exercise.video) in words, f"{exercise.id}: video link not on the card's page"
        per_page[page] += 1
    counts = [per_page[i] for i in pages]
    # At 13 pt a card with a tall figure takes a page of its own; no page holds more than three.
    assert all(1 <= n <= 3 for n in counts[1:-1]), counts
    assert sum(counts) == len(content.exercises)
    assert counts[0] >= 1 and counts[-1] >= 1


def test_card_text_is_at_least_12_pt(every_exercise):
    _content, _cls, pdf = every_exercise
    pages = _exercise_pages(_page_texts(pdf))
    with pdfplumber.open(pdf) as doc:
        for i in pages:
            page = doc.pages[i]
            # Between the running header (top margin 20 mm) and footer (bottom margin 22 mm).
            body = [c for c in page.chars if c["top"] > 20 * MM and c["bottom"] < page.height - 22 * MM]
            assert body
            small = "".join(c["text"] for c in body if c["size"] < 11.95)
            assert small == "", f"page {i + 1}: text under 12 pt: {small[:80]!r}"


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
def test_qr_codes_in_the_pack_decode_to_their_urls_at_150_dpi(every_exercise, tmp_path):
    content, _cls, pdf = every_exercise
    pages = _exercise_pages(_page_texts(pdf))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", str(pages[-1] + 1), str(pdf),
                    str(tmp_path / "page")], check=True)
    decoded = []
    for png in sorted(tmp_path.glob("page*.png")):
        decoded += subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout.split()
    assert sorted(decoded) == sorted(e.video for e in content.exercises.values())


def test_every_figure_in_the_pdf_has_alternative_text(every_exercise):
    import pikepdf

    content, _cls, pdf = every_exercise
    alts = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)

    with pikepdf.open(pdf) as doc:
        walk(doc.Root.StructTreeRoot)
    for exercise in content.exercises.values():
        # A set-up frame may come first (the band walk's side view), so "Start: " may follow it.
        figure = [a for a in alts if a.startswith(f"{exercise.name}. ") and "Start: " in a]
        assert len(figure) == 1 and "Finish: " in figure[0], exercise.id
        assert f"QR code: video of {exercise.name}" in alts
    cards_and_badges = [a for a in alts if a]
    assert len(cards_and_badges) >= 2 * len(content.exercises)


def test_tracker_is_one_page_of_uniquely_named_fillable_fields(every_exercise):
    content, cls, pdf = every_exercise
    texts = _page_texts(pdf)
    tracker_page = next(i for i, t in enumerate(texts) if "Your 4-week tracker" in t)
    assert tracker_page == len(texts) - 1, "the tracker runs over one page"
    assert content.config.clinic.phone in texts[tracker_page]
    assert "Stop and call us" in texts[tracker_page]
    flat = _flat(texts[tracker_page])
    for words in ("0–2 Fine", "3–5 Ease off", "6–10 Stop"):
        assert words in flat, f"the pain scale's rule '{words}' is written out, not shown by color alone"
    fields = PdfReader(pdf).get_fields() or {}
    names = [n for n in fields if n.startswith("tracker")]
    ids = list(content.exercises)[:MAX_EXERCISES_PER_SESSION]
    expected = {f"tracker-w{w}-{day}-{ex}" for w in range(1, 5) for day, _, _ in DAYS for ex in ids}
    expected |= {f"tracker-w{w}-notes" for w in range(1, 5)}
    assert set(names) == expected and len(names) == len(expected)
    assert fields["tracker-w1-mon-clamshell"].get("/FT") == "/Btn"
    assert fields["tracker-w3-notes"].get("/FT") == "/Tx"


def test_a_second_tracker_gets_its_own_field_names(content):
    cls = _class({"type": "exercises", "exercises": ["clamshell"]}, {"type": "tracker"},
                 {"type": "tracker", "weeks": 6})
    first = prepare_tracker(cls.handouts[1], content, cls)
    second = prepare_tracker(cls.handouts[2], content, cls)
    assert first["prefix"] == "tracker" and second["prefix"] == "tracker2"
    assert second["tables"] == [[1, 2, 3, 4], [5, 6]]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_cards_fit_a4_too(content, tmp_path):
    from handouts.content.edition import Edition
    from handouts.rendering.pack import render_html
    from handouts.rendering.pdf import render_pdf

    cls = _class({"type": "exercises", "exercises": list(content.exercises)})
    extended = dataclasses.replace(content, classes={**content.classes, "a4-check": cls})
    pdf = tmp_path / "a4.pdf"
    pdf.write_bytes(render_pdf(render_html(extended, "a4-check", Edition(paper="a4")), content.root).data)
    with pdfplumber.open(pdf) as doc:
        assert round(doc.pages[0].width / MM) == 210
        for page in doc.pages:
            # Nothing on the cards runs past the 15 mm side margins of the narrower sheet.
            body = [c for c in page.chars if c["top"] > 20 * MM and c["bottom"] < page.height - 22 * MM]
            assert body and all(c["x1"] <= page.width - 15 * MM + 0.5 for c in body)
            assert all(r["x1"] <= page.width - 15 * MM + 0.5 for r in page.rects if r["top"] > 20 * MM)
