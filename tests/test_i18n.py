"""Translation catalogues: extraction with contexts and lines, update with fuzzy marks, editions, check --lang."""

import re
import shutil
import typing
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pydantic import BaseModel

from handouts.cli import app
from handouts.content import i18n, wording
from handouts.content.checks.crossrefs import field_marker
from handouts.content.load import load_content
from handouts.content.models import Checklist, Exercise, HandoutClass, Muscle, ProjectConfig, Reference
from handouts.content.project import Project
from handouts.rendering.pack import render_html
from handouts.rendering.templating import make_environment

PROBE = "data/classes/i18n-probe.yaml"
PROBE_PO = "locales/es/LC_MESSAGES/content.po"

# str fields that are deliberately not translated: ids and codes, the clinic's own details, where and by whom
# a class is held, bibliographic records (cited as published), mail settings and pose data.
NOT_TRANSLATED = {
    "Clinic": {"name", "phone", "email", "website", "address"},
    "Series": {"language", "paper"},
    "Brand": {"primary", "accent", "text", "background", "tint"},
    "HandoutClass": {"time", "place", "instructor", "reviewed_by"},
    "MuscleMapHandout": {"close_ups"},  # names of atlas crops, like ids
    "Reference": {"authors", "title", "source", "doi", "url", "note"},
    "Exercise": {"video"},
    "SmtpSettings": {"host", "from_", "reply_to", "username", "security"},
}


def _line(root: Path, path: str, line: int) -> str:
    return (root / path).read_text(encoding="utf-8").splitlines()[line - 1]


def _line_of(root: Path, path: str, text: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_shipped_content_is_extracted_with_file_id_field_contexts_at_their_lines():
    content = load_content(Project(Path(__file__).parent.parent.resolve()))
    catalog = i18n.extract_content(content)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100
    for message in messages:
        (path, line), = message.locations
        file, ident, field = message.context.split(":", 2)
        assert file == path and ident and field
        source = _line(content.root, path, line)
        last = re.sub(r"\[[^]]*\]$", "", field).rsplit(".", 1)[-1]
        if f"{last}:" not in (content.root / path).read_text(encoding="utf-8"):
            continue  # a default the file does not spell out: located at the entry that gets it
        # The line holds the text itself, its key (block scalars) or its list item.
        assert message.id[:20] in source or f"{last}:" in source or source.lstrip().startswith("- "), (
            message.context, line, source)
    first = next(iter(content.exercises.values()))
    step = catalog.get(first.steps[2], f"data/exercises.yaml:{first.id}:steps[2]")
    assert step is not None and first.steps[2][:20] in _line(content.root, "data/exercises.yaml", step.locations[0][1])
    texts = {m.id for m in messages}
    # Ids, URLs, the clinic's phone and the bibliographic records are not text to translate.
    assert not texts & {first.id, first.video, content.config.clinic.phone}
    assert not any(path.endswith("references.yaml") for m in messages for path, _ in m.locations)
    assert any(m.context.endswith(".alt") for m in messages), "figure frames' screen-reader text is translatable"


def test_every_text_field_is_translatable_or_deliberately_not():
    """A new str field must be marked TText/TStr or listed here, so no participant-facing text escapes a catalogue."""
    seen: dict[str, set[str]] = {}
    roots = (ProjectConfig, Muscle, Exercise, Reference, Checklist, HandoutClass)
    todo: list[type[BaseModel]] = list(roots)
    while todo:
        model = todo.pop()
        if model.__name__ in seen:
            continue
        seen[model.__name__] = set()
        for name, info in model.model_fields.items():
            leaves = _leaf_types(info.annotation)
            todo += [t for t in leaves if isinstance(t, type) and issubclass(t, BaseModel)]
            if name == "id" or field_marker(model, name) is not None:
                continue  # ids, references to ids and asset paths are never text
            if str in leaves and not i18n.is_translatable(model, name):
                seen[model.__name__].add(name)
    unmarked = {name: fields for name, fields in seen.items() if fields - NOT_TRANSLATED.get(name, set())}
    assert not unmarked, f"mark these TText/TStr in handouts/models or list them in NOT_TRANSLATED: {unmarked}"


def _leaf_types(annotation) -> set:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return {"a code"}
    if not args:
        return {annotation}
    return set().union(*(_leaf_types(arg) for arg in args))


def test_update_creates_catalogues_and_marks_a_changed_source_fuzzy(make_project):
    root = make_project("i18n-es")
    content = load_content(Project(root))
    reports = {r.path.name: r for r in i18n.update_catalogues(content, "es")}
    assert (root / "locales/content.pot").is_file() and (root / "locales/templates.pot").is_file()
    assert not reports["content.po"].created and reports["content.po"].translated == 6
    assert reports["content.po"].fuzzy == 1 and reports["templates.po"].translated == 5
    # The probe's one untranslated string, and every shipped template string the probe's catalogue leaves out.
    assert reports["templates.po"].untranslated == len(i18n.extract_templates(content)) - 5

    probe = root / PROBE
    probe.write_text(probe.read_text().replace("keep your knees in line", "keep both knees in line"))
    reports = {r.path.name: r for r in i18n.update_catalogues(load_content(Project(root)), "es")}
    assert reports["content.po"].translated == 5 and reports["content.po"].fuzzy == 2

    with (root / PROBE_PO).open("rb") as handle:
        catalog = read_po(handle)
    context = f"{PROBE}:i18n-probe:handouts[0].sections[0].text"
    changed = catalog.get("Strong hips keep both knees in line when you run.", context)
    assert changed.fuzzy
    assert changed.string == "Unas caderas fuertes mantienen las rodillas alineadas al correr."
    assert changed.locations == [(PROBE, _line_of(root, PROBE, "keep both knees"))]
    assert not catalog.obsolete, "the old entry was carried over, not left obsolete"
    previous = '#| msgid "Strong hips keep your knees in line when you run."'
    assert previous in (root / PROBE_PO).read_text(encoding="utf-8")
    # Babel's reader drops `#|` lines; a later update must still show the translator what changed.
    i18n.update_catalogues(load_content(Project(root)), "es")
    assert previous in (root / PROBE_PO).read_text(encoding="utf-8")


def test_update_offers_the_translation_of_a_moved_text_as_fuzzy(make_project):
    root = make_project("i18n-es")
    (root / PROBE).rename(root / "data/classes/hips-for-runners.yaml")
    reports = {r.path.name: r for r in i18n.update_catalogues(load_content(Project(root)), "es")}
    # Every context changed with the file's name; the same texts keep their translations, to be confirmed.
    assert reports["content.po"].translated == 0 and reports["content.po"].fuzzy == 7
    assert reports["content.po"].obsolete == 0
    with (root / PROBE_PO).open("rb") as handle:
        catalog = read_po(handle)
    moved = catalog.get("Strong hips for runners", "data/classes/hips-for-runners.yaml:hips-for-runners:title")
    assert moved.fuzzy and moved.string == "Caderas fuertes para correr"


def test_update_makes_a_new_language_from_scratch_with_its_plural_rule(make_project):
    root = make_project()
    reports = i18n.update_catalogues(load_content(Project(root)), "fr-CA")
    assert [r.path.relative_to(root).as_posix() for r in reports] == [
        "locales/fr_CA/LC_MESSAGES/content.po", "locales/fr_CA/LC_MESSAGES/templates.po"]
    assert all(r.created and r.translated == 0 for r in reports) and reports[0].untranslated > 100
    with reports[0].path.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == "fr_CA" and catalog.num_plurals >= 2
    assert '"X-Clinical-Reviewer: \\n"' in reports[0].path.read_text(encoding="utf-8")
    assert i18n.review(Project(root), "fr-CA") == i18n.Review(None, None)


def test_the_translator_and_clinical_reviewer_survive_an_update(make_project):
    root = make_project("i18n-es")
    assert i18n.review(Project(root), "es").pending
    po = root / PROBE_PO
    po.write_text(po.read_text(encoding="utf-8").replace(
        '"Language: es\\n"\n',
        '"Language: es\\n"\n"Last-Translator: Ana Ruiz <ana@example.org>\\n"\n'
        '"X-Clinical-Reviewer: Dr. Luis Soto, PT <luis@example.org>\\n"\n'), encoding="utf-8")
    i18n.update_catalogues(load_content(Project(root)), "es")
    review = i18n.review(Project(root), "es")
    assert review == i18n.Review("Ana Ruiz <ana@example.org>", "Dr. Luis Soto, PT <luis@example.org>")
    assert not review.pending
    with po.open("rb") as handle:
        assert read_po(handle).get("Strong hips for runners", f"{PROBE}:i18n-probe:title").string


def test_translate_content_replaces_translated_fields_only(make_project):
    content = load_content(Project(make_project("i18n-es")))
    spanish = i18n.translate_content(content, "es")
    cls, source = spanish.classes["i18n-probe"], content.classes["i18n-probe"]
    assert cls.title == "Caderas fuertes para correr" and cls.summary == "Traiga una colchoneta y use ropa cómoda."
    assert cls.handouts[0].sections[0].text == "Unas caderas fuertes mantienen las rodillas alineadas al correr."
    # The fuzzy translation is not used until a translator confirms it; ids and details are kept.
    assert cls.handouts[0].key_points == ["Haga los ejercicios tres días por semana.", "Stop if it hurts."]
    assert (cls.date, cls.place, cls.instructor) == (source.date, source.place, source.instructor)
    assert spanish.config.series.language == "es" and spanish.config.clinic == content.config.clinic
    assert source.title == "Strong hips for runners", "the source content is left as it was"
    assert spanish.exercises == content.exercises and list(spanish.classes) == list(content.classes)
    assert i18n.translate_content(content, "en") is content
    # A regional edition without catalogues of its own reads its base language's, as gettext does.
    mexican = i18n.translate_content(content, "es-MX")
    assert mexican.classes["i18n-probe"].title == cls.title and mexican.config.series.language == "es-MX"


def test_a_translated_class_renders_as_a_spanish_page(make_project):
    content = load_content(Project(make_project("i18n-es")))
    html = render_html(i18n.translate_content(content, "es"), "i18n-probe")
    assert '<html lang="es">' in html and "Caderas fuertes para correr" in html
    assert "Unas caderas fuertes mantienen las rodillas alineadas al correr." in html
    assert "Strong hips for runners" not in html


def test_a_translation_that_breaks_a_placeholder_is_not_used(make_project):
    root = make_project()
    content = load_content(Project(root))
    message = next(m for m in i18n.extract_content(content) if "{phone}" in m.id)
    po = root / PROBE_PO
    po.parent.mkdir(parents=True, exist_ok=True)  # replaces the shipped Spanish catalogue
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        f'msgctxt "{message.context}"\nmsgid "{message.id}"\nmsgstr "Llame a la clínica al {{telefono}}."\n',
        encoding="utf-8",
    )
    spanish = i18n.translate_content(content, "es")
    ident = message.context.split(":")[1]
    assert spanish.checklists[ident].contact == content.checklists[ident].contact
    broken = [m for m in i18n.untranslated(content, "es") if m.context == message.context]
    assert broken and "placeholders" in broken[0].problem().message


def test_templates_are_extracted_and_render_translated_with_plurals(make_project):
    root = make_project("i18n-es")
    content = load_content(Project(root))
    catalog = i18n.extract_templates(content)
    week = catalog.get("Week", "tracker column")
    assert week.locations == [("templates/i18n-probe.html", 8)]
    assert week.auto_comments == ["the heading of a column of tick boxes, one per week."]
    assert catalog.get(("%(count)s set", "%(count)s sets")) is not None
    env = make_environment(content.project, "es", i18n.load_translations(content.project, "es"))
    one = env.get_template("i18n-probe.html").render(sets=1, days=3)
    many = env.get_template("i18n-probe.html").render(sets=3, days=1)
    assert "<h1>Sus ejercicios</h1>" in one and "Semana" in one and "1 serie<" in one and "3 días por semana" in one
    assert "3 series<" in many and "1 día por semana" in many
    assert "3 weeks" in one and "1 week<" in many, "a plural with an empty form prints the source text"
    assert any(m.msgid == "%(num)d week" and m.line == 6 for m in i18n.untranslated(content, "es"))
    english = make_environment(content.project).get_template("i18n-probe.html").render(sets=2, days=2)
    assert "Your exercises" in english and "2 sets" in english and "2 days a week" in english


def test_the_package_phrases_through_wording_in_the_editions_language(make_project, tmp_path):
    source = tmp_path / "dosage.py"
    source.write_text(
        "from handouts.content.wording import ngettext, pgettext\n\n\n"
        "def days(n):\n"
        "    # Translators: how often, under an exercise card.\n"
        '    return ngettext("%(num)d day a week", "%(num)d days a week", n)\n\n\n'
        "def week():\n"
        '    return pgettext("tracker column", "Week")\n',
        encoding="utf-8",
    )
    content = load_content(Project(make_project("i18n-es")))
    catalog = i18n.extract_templates(content, python_sources=[source])
    plural = catalog.get(("%(num)d day a week", "%(num)d days a week"))
    assert ("dosage.py", 6) in plural.locations and "how often, under an exercise card." in plural.auto_comments
    assert ("dosage.py", 10) in catalog.get("Week", "tracker column").locations

    assert wording.ngettext("%(num)d day a week", "%(num)d days a week", 3) == "3 days a week"
    with wording.speaking(i18n.load_translations(content.project, "es")):
        assert wording.ngettext("%(num)d day a week", "%(num)d days a week", 3) == "3 días por semana"
        assert wording.ngettext("%(num)d day a week", "%(num)d days a week", 1) == "1 día por semana"
        assert wording.pgettext("tracker column", "Week") == "Semana"
        assert wording._("Not in the catalogue") == "Not in the catalogue"
    assert wording.pgettext("tracker column", "Week") == "Week"


def test_check_lang_lists_a_removed_translation_at_its_line(make_project, runner):
    root = make_project("i18n-es")
    po = root / PROBE_PO
    entry = re.search(r'msgctxt "[^"]*sections\[0\]\.heading"\n.*?\n.*?\n', po.read_text(encoding="utf-8"))
    po.write_text(po.read_text(encoding="utf-8").replace(entry.group(0), ""), encoding="utf-8")

    result = runner.invoke(app, ["check", "--project", str(root), "--lang", "es"])
    assert result.exit_code == 0, result.output
    line = _line_of(root, PROBE, "heading: Why hips matter")
    assert (f"{PROBE}:{line}: i18n-probe:handouts[0].sections[0].heading: untranslated: \"Why hips matter\""
            in result.output)
    key_point = _line_of(root, PROBE, "Stop if it hurts")
    assert f"{PROBE}:{key_point}: i18n-probe:handouts[0].key_points[1]: fuzzy" in result.output
    assert f"  {PROBE}: 1 untranslated, 1 fuzzy" in result.output
    assert "data/classes/i18n-probe.yaml:3: i18n-probe:subtitle" not in result.output

    strict = runner.invoke(app, ["check", "--project", str(root), "--lang", "es", "--strict"])
    assert strict.exit_code == 1
    assert f"error: {PROBE}:{line}: i18n-probe:handouts[0].sections[0].heading: untranslated" in strict.output
    assert re.search(r"items\[[a-z][a-z0-9-]*\]\.", strict.output), "item ids in contexts survive the console"


def test_building_an_incomplete_edition_names_how_many_and_where(make_project):
    content = load_content(Project(make_project("i18n-es")))
    with pytest.raises(i18n.MissingTranslations) as caught:
        i18n.require_translated(content, "es")
    missing = caught.value.missing
    assert len(missing) == len(i18n.untranslated(content, "es")) > 100
    assert f"{PROBE} (1)" in str(caught.value) and str(len(missing)) in str(caught.value)
    assert "--allow-untranslated" in str(caught.value)
    i18n.require_translated(content, "en")


def test_i18n_commands_write_catalogues(make_project, runner):
    root = make_project()
    shutil.rmtree(root / "locales")  # a project before its first translation
    extracted = runner.invoke(app, ["i18n", "extract", "--project", str(root)])
    assert extracted.exit_code == 0, extracted.output
    assert re.search(r"locales/content\.pot  \d+ messages", extracted.output)
    pot = (root / "locales/content.pot").read_text(encoding="utf-8")
    assert 'msgctxt "handouts.toml:series:disclaimer"' in pot and "#: handouts.toml:" in pot
    updated = runner.invoke(app, ["i18n", "update", "--project", str(root), "--lang", "es"])
    assert updated.exit_code == 0, updated.output
    assert "created locales/es/LC_MESSAGES/content.po: 0 translated, 0 fuzzy" in updated.output
    again = runner.invoke(app, ["i18n", "update", "--project", str(root), "--lang", "es"])
    assert "updated locales/es/LC_MESSAGES/content.po" in again.output
    assert not list(root.rglob("*.mo")), "compiled catalogues are made in memory only"


def test_a_broken_catalogue_is_one_clear_error(make_project, runner):
    root = make_project("i18n-es")
    po = root / PROBE_PO
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "dangling\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(root), "--lang", "es"])
    assert result.exit_code == 1
    assert f"{po}" in result.output and "Traceback" not in result.output


def test_an_unknown_language_is_refused(make_project, runner):
    result = runner.invoke(app, ["i18n", "update", "--project", str(make_project()), "--lang", "xx-ZZ"])
    assert result.exit_code == 1 and "unknown language 'xx-ZZ'" in result.output


def test_a_broken_template_stops_extraction_at_its_line(make_project, runner):
    root = make_project()
    shutil.rmtree(root / "locales")  # a project before its first translation
    (root / "templates/broken.html").write_text("<p>ok</p>\n<p>{% trans %}Hello{% endfor %}</p>\n", encoding="utf-8")
    result = runner.invoke(app, ["i18n", "extract", "--project", str(root)])
    assert result.exit_code == 1 and "templates/broken.html:2: template syntax error" in result.output
    assert not (root / "locales").exists(), "nothing is written when extraction fails"


def test_update_with_a_broken_catalogue_writes_nothing(make_project, runner):
    root = make_project("i18n-es")
    broken = root / "locales/es/LC_MESSAGES/templates.po"
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "dangling\n', encoding="utf-8")
    before = (root / PROBE_PO).read_bytes()
    template_before = (root / "locales/content.pot").read_bytes()
    result = runner.invoke(app, ["i18n", "update", "--project", str(root), "--lang", "es"])
    assert result.exit_code == 1 and str(broken) in result.output
    assert (root / PROBE_PO).read_bytes() == before and (root / "locales/content.pot").read_bytes() == template_before


def test_the_shipped_catalogue_templates_are_in_step_with_the_sources():
    # `handouts i18n extract` must find every phrase: the templates', the content's and the package's own
    # (a module that phrases through wording and is not found would print English in every edition).
    root = Path(__file__).resolve().parent.parent
    content = load_content(Project(root))
    for domain, catalog in i18n.extract_all(content).items():
        with (root / "locales" / f"{domain}.pot").open("rb") as handle:
            committed = read_po(handle)
        assert {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id} == {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in committed if m.id
        }, f"locales/{domain}.pot is stale: run `handouts i18n extract`"
    package = {m.id for m in i18n.extract_all(content)["templates"] if m.id and any(
        path.startswith("handouts/") for path, _line in m.locations)}
    assert "Prepared for" in package and len(package) > 30
