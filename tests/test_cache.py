"""The build cache: an unchanged rebuild is skipped and says so; any changed input renders again."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from handouts.cli import app
from handouts.content.edition import Edition
from handouts.rendering import cache


def build(runner, project, out, *options, env=None):
    result = runner.invoke(
        app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out), *options], env=env
    )
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def project(make_project):
    return make_project("cache-inputs")


def test_an_unchanged_rebuild_is_up_to_date_and_identical_to_a_fresh_build(runner, project, tmp_path):
    out = tmp_path / "out"
    first = build(runner, project, out)
    assert "1 pages" not in first.stdout and "pages" in first.stdout
    pack = out / "minimal" / "minimal.pdf"
    stamp = pack.stat().st_mtime_ns
    again = build(runner, project, out)
    assert f"{pack}  up to date" in again.stdout
    assert pack.stat().st_mtime_ns == stamp  # not even rewritten
    fresh = tmp_path / "fresh"
    build(runner, project, fresh)
    assert pack.read_bytes() == (fresh / "minimal" / "minimal.pdf").read_bytes()


def test_force_renders_again(runner, project, tmp_path):
    out = tmp_path / "out"
    build(runner, project, out)
    result = build(runner, project, out, "--force")
    assert "up to date" not in result.stdout and "pages" in result.stdout


def test_a_changed_data_file_renders_again_with_the_change(runner, project, tmp_path):
    out = tmp_path / "out"
    build(runner, project, out)
    before = (out / "minimal" / "minimal.pdf").read_bytes()
    path = project / "data/classes/minimal.yaml"
    text = path.read_text(encoding="utf-8")
    assert "A minimal class" in text
    path.write_text(text.replace("A minimal class", "The smallest class", 1), encoding="utf-8")
    result = build(runner, project, out)
    assert "up to date" not in result.stdout
    assert (out / "minimal" / "minimal.pdf").read_bytes() != before


def test_a_pack_changed_on_disk_is_rendered_again(runner, project, tmp_path):
    out = tmp_path / "out"
    build(runner, project, out)
    pack = out / "minimal" / "minimal.pdf"
    good = pack.read_bytes()
    pack.write_bytes(good[:-10])
    assert "up to date" not in build(runner, project, out).stdout
    assert pack.read_bytes() == good


def test_an_edition_is_cached_apart_from_another(runner, project, tmp_path):
    out = tmp_path / "out"
    build(runner, project, out)
    assert "up to date" not in build(runner, project, out, "--paper", "a4").stdout
    assert "up to date" in build(runner, project, out).stdout
    assert "up to date" in build(runner, project, out, "--paper", "a4").stdout


def test_strict_still_fails_on_a_pack_built_with_warnings(runner, make_project, tmp_path):
    project = make_project("unknown-key")
    out = tmp_path / "out"
    assert "warning" in build(runner, project, out).stderr
    again = build(runner, project, out)
    assert "up to date" in again.stdout and "unknown key 'instructr'" in again.stderr  # warned again
    strict = runner.invoke(app, ["build", "--class", "minimal", "--project", str(project), "--out", str(out),
                                 "--strict"])
    assert strict.exit_code == 1 and "unknown key 'instructr'" in strict.stderr


def _key(project, class_id="minimal", edition=Edition()):
    cache._code_digest.cache_clear()  # cached per process, and a test below swaps the code folder
    try:
        return cache.build_key(cache.inputs_digest(project), class_id, edition)
    finally:
        cache._code_digest.cache_clear()


@pytest.mark.parametrize("path", [
    "data/exercises.yaml",                  # a data file
    "templates/handouts/references.html",   # a template
    "assets/css/base.css",                  # a stylesheet
    "assets/logo.svg",                      # an asset
    "assets/body/front.svg",                # the body atlas
    "locales/es/LC_MESSAGES/handouts.po",   # a translation, even one that did not exist
])
def test_every_project_file_is_in_the_key(project, path):
    before = _key(project)
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("ab") as handle:
        handle.write(b"\n")
    assert _key(project) != before


def test_the_edition_class_and_source_date_epoch_are_in_the_key(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = _key(project)
    assert _key(project, edition=Edition(paper="a4")) != before
    assert _key(project, edition=Edition(large_print=True)) != before
    assert _key(project, class_id="hip-strength") != before
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert _key(project) != before


def test_the_engine_and_fonts_are_in_the_key():
    named = " ".join(cache.engine_versions())
    for part in ("weasyprint", "pydyf", "fonttools", "font-source-sans-pro", "manimgx-fonts", "pango 1.",
                 "harfbuzz ", "hb-subset"):
        assert part in named


def test_the_code_is_in_the_key(project, monkeypatch, tmp_path):
    before = _key(project)
    code = tmp_path / "code"
    code.mkdir()
    (code / "pack.py").write_text("changed", encoding="utf-8")
    monkeypatch.setattr(cache, "_CODE_DIR", code)
    assert _key(project) != before


def test_an_up_to_date_check_imports_neither_the_engine_nor_the_content_models(runner, project, tmp_path):
    out = tmp_path / "out"
    build(runner, project, out)
    driver = textwrap.dedent(
        """
        import sys
        from handouts.cli import app
        try:
            app(sys.argv[1:], prog_name="handouts")
        except SystemExit as exit:
            assert not exit.code, exit.code
        # (Typer itself brings pydantic in to parse the options.)
        heavy = sorted(
            m for m in ("weasyprint", "handouts.content.models", "handouts.content.load", "ruamel.yaml", "jinja2")
            if m in sys.modules
        )
        print("heavy:", heavy)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", driver, "build", "--class", "minimal", "--project", str(project), "--out", str(out)],
        capture_output=True, text=True, check=True, env=os.environ.copy(), timeout=120,
    )
    assert "up to date" in result.stdout
    assert "heavy: []" in result.stdout


def test_the_record_names_the_key_and_the_bytes(runner, project, tmp_path):
    out = tmp_path / "out"
    build(runner, project, out)
    records = list((out / "minimal" / cache.RECORD_DIR).glob("*.json"))
    assert len(records) == 1
    record = json.loads(records[0].read_text(encoding="utf-8"))
    assert record["file"] == "minimal.pdf" and len(record["key"]) == 64 and record["pages"] > 0
