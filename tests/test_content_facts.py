"""The facts in data/: the muscle list, correct anatomy, real citations and no unsourced numbers."""

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handouts.content.models import Muscle, Reference
from handouts.content.sourcefile import read_yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
# Where the authors keep the source articles; only the hashed shingles in FIXTURES travel with the repository.
SEEDS = Path("/work/shared/seeds")

# id: (views, deep) as the muscle map draws them.
EXPECTED_MUSCLES: dict[str, tuple[set[str], bool]] = {
    "pectoralis-major": ({"front"}, False),
    "pectoralis-minor": ({"front"}, True),
    "deltoids": ({"front", "back"}, False),
    "biceps": ({"front"}, False),
    "triceps": ({"back"}, False),
    "latissimus-dorsi": ({"back"}, False),
    "rhomboids": ({"back"}, True),
    "trapezius": ({"front", "back"}, False),
    "rectus-abdominis": ({"front"}, False),
    "external-obliques": ({"front"}, False),
    "internal-obliques": ({"front"}, True),
    "erector-spinae": ({"back"}, False),
    "rectus-femoris": ({"front"}, False),
    "vastus-lateralis": ({"front"}, False),
    "vastus-medialis": ({"front"}, False),
    "vastus-intermedius": ({"front"}, True),
    "hamstrings": ({"back"}, False),
    "gluteus-maximus": ({"back"}, False),
    "gluteus-medius": ({"back"}, False),
    "gluteus-minimus": ({"back"}, True),
    "hip-external-rotators": ({"back"}, True),
    "hip-adductors": ({"front"}, False),
    "iliopsoas": ({"front"}, True),
    "gastrocnemius": ({"back"}, False),
    "soleus": ({"back"}, False),
    "tibialis-anterior": ({"front"}, False),
    "flexor-hallucis-longus": ({"back"}, True),
    "flexor-digitorum-longus": ({"back"}, True),
    # Added with the body atlas (issue 12): muscles the handouts name that the map could not show.
    "tensor-fasciae-latae": ({"front"}, False),
    "iliotibial-band": ({"back"}, False),
    "popliteus": ({"back"}, True),
    "fibularis": ({"front"}, False),
    "tibialis-posterior": ({"back"}, True),
}
# A figure: a percentage, or a number written as a rate ("19 out of 100", "1 in 5").
FIGURE = re.compile(r"\d\s*%|\bper\s?cent\b|\b\d+\s+(?:out\s+)?of\s+(?:every\s+)?\d+|\b\d+\s+in\s+\d+\b", re.I)
EIGHTY = re.compile(r"\b(?:nearly|almost|about)?\s*(?:80|eighty)\s*(?:%|per\s?cent)", re.I)


def _raw(path: Path) -> Any:
    return read_yaml(path, path.name).data


def _muscle_entries() -> list[dict]:
    return list(_raw(DATA / "muscles.yaml")["muscles"])


def _reference_ids() -> set[str]:
    return {entry["id"] for entry in _raw(DATA / "references.yaml")["references"]}


def _data_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*.yaml"))


def _mappings(node: Any, cited: bool = False) -> Iterator[tuple[dict, bool]]:
    """Yield every mapping with whether it, or a mapping around it, cites something."""
    if isinstance(node, dict):
        cited = cited or bool(node.get("cites"))
        yield node, cited
        for value in node.values():
            yield from _mappings(value, cited)
    elif isinstance(node, list):
        for value in node:
            yield from _mappings(value, cited)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("note", "source", "title", "doi", "url", "authors"):
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_muscles_are_exactly_the_expected_ids_and_each_loads():
    entries = _muscle_entries()
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids)) == len(EXPECTED_MUSCLES)
    assert set(ids) == set(EXPECTED_MUSCLES)
    for entry in entries:
        muscle = Muscle.model_validate(entry)
        views, deep = EXPECTED_MUSCLES[muscle.id]
        assert set(muscle.views) == views, muscle.id
        assert muscle.deep is deep, muscle.id
        assert not muscle.model_extra, f"{muscle.id}: unknown keys {muscle.model_extra}"


def test_rectus_femoris_is_a_quadriceps_that_also_flexes_the_hip():
    muscle = next(Muscle.model_validate(e) for e in _muscle_entries() if e["id"] == "rectus-femoris")
    actions = " ".join(muscle.actions).lower()
    assert (muscle.region, muscle.group) == ("thighs", "Quadriceps")
    assert "extends the knee" in actions and "flexes the hip" in actions


def test_hip_flexors_do_not_extend_the_leg():
    muscles = {e["id"]: Muscle.model_validate(e) for e in _muscle_entries()}
    iliopsoas = muscles["iliopsoas"]
    text = " ".join([*iliopsoas.actions, iliopsoas.in_running]).lower()
    assert "flexes the hip" in text
    assert "exten" not in text, "iliopsoas flexes the hip; it does not extend the knee or the leg"
    for muscle in muscles.values():
        for line in [*muscle.actions, muscle.in_running]:
            assert not re.search(r"extends? the leg|leg extension", line, re.I), f"{muscle.id}: {line}"


def test_hip_stabilisers_say_what_they_do_for_pelvis_and_knee():
    muscles = {e["id"]: Muscle.model_validate(e) for e in _muscle_entries()}
    for muscle_id in ("gluteus-medius", "gluteus-minimus", "hip-external-rotators"):
        line = muscles[muscle_id].in_running.lower()
        assert "pelvis" in line and "knee" in line, muscle_id


def test_references_load_and_have_a_doi():
    for entry in _raw(DATA / "references.yaml")["references"]:
        reference = Reference.model_validate(entry)
        # A textbook has no DOI; it gives the address of the section it is cited for instead.
        assert reference.doi or reference.url, f"{reference.id}: every source here has a DOI (or a URL); give it"
        assert re.fullmatch(r"[a-z-]+-\d{4}", reference.id), f"{reference.id}: use author-year ids"


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_cited_id_exists(path):
    known = _reference_ids()
    for mapping, _ in _mappings(_raw(path)):
        for ref_id in mapping.get("cites") or []:
            assert ref_id in known, f"{path.name}: unknown reference '{ref_id}'"


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_figure_has_a_citation(path):
    if path.name == "references.yaml":
        return
    for mapping, cited in _mappings(_raw(path)):
        for value in mapping.values():
            if isinstance(value, str) and FIGURE.search(value):
                assert cited, f"{path.name}: '{value}' states a figure but nothing around it cites a source"


def test_no_unsourced_80_percent_claim_anywhere():
    for path in _data_files():
        if path.name == "references.yaml":
            continue
        for mapping, cited in _mappings(_raw(path)):
            for value in mapping.values():
                if isinstance(value, str) and EIGHTY.search(value):
                    assert cited, f"{path.name}: '{value}'"
    for path in sorted((ROOT / "templates").rglob("*.html")):
        assert not EIGHTY.search(path.read_text(encoding="utf-8")), f"{path}: a figure belongs in data/, cited"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def shingles(text: str) -> set[str]:
    """Return the hashed runs of eight words in `text`, as tests/fixtures/seed-shingles/ stores the seeds'."""
    w = _words(text)
    return {hashlib.sha256(" ".join(w[i : i + 8]).encode()).hexdigest()[:16] for i in range(len(w) - 7)}


def test_no_seed_sentence_is_pasted():
    seed = set((FIXTURES / "seed-shingles" / "shingles.txt").read_text(encoding="utf-8").split())
    assert len(seed) > 1000  # both articles, not an empty file that lets everything pass
    for path in (DATA / "muscles.yaml", DATA / "checklists" / "injury-risk.yaml"):
        pasted = shingles(" ".join(_strings(_raw(path)))) & seed
        assert not pasted, f"{path.name} copies eight words in a row from a seed article ({len(pasted)} runs)"


def test_the_seed_check_finds_a_pasted_run():
    article = "The gluteus medius keeps your pelvis level every time one foot lands on the ground."
    pasted = "Strong hips help. " + article[:70]
    assert shingles(pasted) & shingles(article)
    assert not shingles("Your side hip muscle holds your pelvis steady when you land.") & shingles(article)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are only on the authors' machines")
def test_the_stored_seed_shingles_match_the_articles():
    stored = set((FIXTURES / "seed-shingles" / "shingles.txt").read_text(encoding="utf-8").split())
    assert stored == set().union(*(shingles(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")))


# --- Claims a physical therapist would sign (issue 13) ----------------------------------------------------------


def _class(class_id: str) -> dict:
    return _raw(DATA / "classes" / f"{class_id}.yaml")


def _sections(class_id: str) -> list[dict]:
    intro = next(h for h in _class(class_id)["handouts"] if h["type"] == "intro")
    return intro["sections"]


def _exercise(exercise_id: str) -> dict:
    return next(e for e in _raw(DATA / "exercises.yaml")["exercises"] if e["id"] == exercise_id)


def test_van_gent_backs_only_the_past_injury_claim():
    for section in _sections("injury-prevention"):
        text = f"{section.get('heading', '')} {section['text']}".lower()
        assert "too much, too soon" not in text, "van Gent found more weekly distance protective for the knee"
        if "van-gent-2007" in section.get("cites", []):
            assert "past" in text and "injury" in text, section["heading"]


def test_hip_strength_cover_is_hedged_and_cited():
    text = " ".join(s["text"] for s in _sections("hip-strength"))
    assert "Running does not build" not in text
    assert "running alone may not make them as strong" in text
    drop = next(s for s in _sections("hip-strength") if "pelvis drop" in s["text"])
    assert "powers-2010" in drop.get("cites", []) and " may " in drop["text"]


def test_no_handout_promises_the_exercises_prevent_injury():
    for path in sorted((DATA / "classes").glob("*.yaml")):
        for text in _strings(_class(path.stem)):
            assert not re.search(r"\b(prevent|protect)s?\b.*\binjur", text, re.I), f"{path.name}: {text}"
            assert not re.search(r"exercises that protect", text, re.I), f"{path.name}: {text}"


def test_thigh_and_buttock_muscles_do_what_the_cover_says():
    legs = _sections("running-muscles")[0]["text"]
    assert "control the knee as it bends when you land" in legs and "straighten it as you push off" in legs
    assert "from the moment you land" in legs, "gluteus maximus works from landing through early stance"


def test_the_hip_pack_has_a_standing_pivot_exercise():
    exercises = next(h for h in _class("hip-strength")["handouts"] if h["type"] == "exercises")["exercises"]
    assert "hip-airplane" in exercises
    airplane = _exercise("hip-airplane")
    assert "transverse" in airplane["planes"] and "single-leg" in airplane["planes"]


@pytest.mark.parametrize("class_id", ["hip-strength", "injury-prevention"])
def test_key_points_agree_with_the_cards_on_days_a_week(class_id):
    cls = _class(class_id)
    ids = [e for h in cls["handouts"] if h["type"] == "exercises" for e in h["exercises"]]
    days = {_exercise(e)["dosage"]["days_per_week"] for e in ids}
    intro = next(h for h in cls["handouts"] if h["type"] == "intro")
    for point in intro["key_points"]:
        said = {int(n) for n in re.findall(r"(\d) days a week", point)}
        assert said <= days, f"{point!r} vs the cards' {sorted(days)} days a week"
    if class_id == "hip-strength":
        assert any("5 days a week" in p and "3 days a week" in p for p in intro["key_points"])


def test_hard_words_are_explained_on_first_use():
    hip = " ".join(s["text"] for s in _sections("hip-strength"))
    assert "pelvis is the ring of bone" in hip
    assert "overuse injury: one that builds up slowly" in hip
    prevention = " ".join(s["text"] for s in _sections("injury-prevention"))
    assert "overuse injuries. These are small strains that build up" in prevention
    checklist = " ".join(_strings(_raw(DATA / "checklists" / "injury-risk.yaml")))
    assert "the IT band is a thick strip of tissue" in checklist
    assert "Shin splints (pain along" in checklist
    assert _exercise("single-leg-romanian-deadlift")["steps"][1].startswith("Hinge: bend forward from your hips")
    tips = next(h for h in _class("hip-strength")["handouts"] if h["type"] == "exercises")["tips"]
    assert any(t.startswith("A set is a group of moves") for t in tips)
    assert any("loop band is a closed loop" in t for t in tips)


def test_us_english_everywhere():
    british = re.compile(r"programme|stabilis|colour|centre|\btick(s|ed)?\b|favour|behaviour|metre", re.I)
    for path in [*sorted(DATA.rglob("*.yaml")), ROOT / "handouts.toml", *sorted((ROOT / "templates").rglob("*.html"))]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith(("#", "{#")) or "class=" in line or "macro" in line:
                continue
            assert not british.search(line), f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
