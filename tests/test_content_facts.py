"""The facts in data/: the muscle list, correct anatomy, real citations and no unsourced numbers."""

import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from handouts.models import Muscle, Reference
from handouts.sourcefile import read_yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
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
        for key, value in mapping.items():
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


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not present")
def test_no_seed_sentence_is_pasted():
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower())

    seed_runs = set()
    for seed in SEEDS.glob("*.txt"):
        w = words(seed.read_text(encoding="utf-8"))
        seed_runs |= {" ".join(w[i : i + 8]) for i in range(len(w) - 7)}
    for path in (DATA / "muscles.yaml", DATA / "checklists" / "injury-risk.yaml"):
        w = words(" ".join(_strings(_raw(path))))
        pasted = {" ".join(w[i : i + 8]) for i in range(len(w) - 7)} & seed_runs
        assert not pasted, f"{path.name} copies the seed: {sorted(pasted)[:3]}"
