"""The shipped Spanish edition, read back: its PDF, its words, its forms and alt text, rosters and emails by language.

One module-scoped run makes every PDF these tests read: the Spanish large-print pack (`build --lang es
--large-print`), and `build --roster` over a roster mixing languages, which renders the English pack and the
Spanish copies once each. The email dry run reuses those copies.
"""

import logging
import re
import subprocess
from email import message_from_bytes, policy
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import textstat
from babel.messages.pofile import read_po, write_po
from typer.testing import CliRunner

from handouts.cli import app
from handouts.content import i18n
from handouts.content.edition import Edition
from handouts.content.load import load_content
from handouts.content.project import Project, default_project_root
from handouts.rendering.pack import render_html

ROOT = default_project_root()
FIXTURES = Path(__file__).parent / "fixtures"
ROSTER = FIXTURES / "editions-by-language"
CLASS = "hip-strength"
LARGE_PRINT_PT = 18.0
TOLERANCE_PT = 0.1


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Run the builds once; return the output folder, each command's output and WeasyPrint's warnings."""
    # Module-scoped, so it runs before conftest's per-test warning guard: listen here.
    recorder, logger = _Warnings(), logging.getLogger("weasyprint")
    logger.addHandler(recorder)
    out = tmp_path_factory.mktemp("spanish")
    runner, outputs = CliRunner(), {}
    try:
        for name, args in {
            "spanish": ["build", "--class", CLASS, "--lang", "es", "--large-print"],
            "roster": ["build", "--class", CLASS, "--roster", str(ROSTER / "roster.csv")],
            "email": ["email", "--class", CLASS, "--roster", str(ROSTER / "roster.csv")],
        }.items():
            result = runner.invoke(app, [*args, "--project", str(ROOT), "--out", str(out)])
            assert result.exit_code == 0, result.output
            outputs[name] = result.output
    finally:
        logger.removeHandler(recorder)
    return out, outputs, recorder.messages


@pytest.fixture(scope="module")
def spanish(built) -> Path:
    return built[0] / CLASS / f"{CLASS}.es.large-print.pdf"


@pytest.fixture(scope="module")
def english(built) -> Path:
    return built[0] / CLASS / f"{CLASS}.pdf"


def _text(pdf: Path, last: int | None = None) -> str:
    args = ["pdftotext", *(["-l", str(last)] if last else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _sentences(text: str) -> set[str]:
    """Sentences of four words or more, with line breaks and runs of space made one."""
    flat = re.sub(r"\s+", " ", text)
    return {s.strip() for s in re.split(r"(?<=[.!?:…])\s", flat) if len(s.split()) >= 4}


def test_the_spanish_edition_is_named_by_the_one_rule_and_weasyprint_did_not_warn(built, spanish):
    assert spanish.is_file()
    assert built[2] == []


def test_lang_title_subject_and_keywords_are_spanish(spanish):
    with pikepdf.open(spanish) as pdf:
        assert str(pdf.Root.Lang).startswith("es")
        info = pdf.docinfo
        assert str(info["/Title"]) == "Fuerza de cadera para corredores · Serie de bienestar 2026"
        subject = "Material de la clase: Fuerza de cadera para corredores, 28 de noviembre de 2026"
        assert str(info["/Subject"]) == subject
        assert "fisioterapia" in str(info["/Keywords"]) and "lista de control" in str(info["/Keywords"])


def test_spanish_words_dates_and_dosages_are_there(spanish):
    # Large print hyphenates Spanish: join the words a line end split.
    text = re.sub(r"\s+", " ", re.sub(r"[-\u2010\xad]\n", "", _text(spanish)))
    for words in ("Antes de empezar: ¿es seguro para usted?", "28 de noviembre de 2026", "Parte externa de la cadera",
                  "3 series de 12, cada lado, 3 días por semana", "Mantenga 30 segundos, 3 veces",
                  "Traducción pendiente de revisión clínica", "Página 1 de"):
        assert words in text, words
    assert "no están traducidas" not in text, "a complete edition says nothing about English on its cover"


def test_no_english_sentence_of_the_english_edition_is_left(english, spanish):
    content = load_content(Project(ROOT))
    # The sources are cited as published (in English), on the pack's last page: compare every page before it.
    with pikepdf.open(english) as pdf:
        before_sources = len(pdf.pages) - 1
    sentences = _sentences(_text(english, before_sources))
    assert len(sentences) > 100, "the English edition was read"
    left = sentences & _sentences(_text(spanish))
    # The clinic's address line reads the same in every language.
    left = {s for s in left if s not in content.config.series.footer}
    assert not left, sorted(left)[:10]


def test_no_glyph_is_below_the_large_print_minimum(spanish):
    with pdfplumber.open(spanish) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            small = [c for c in page.chars if c["text"].strip() and c["size"] < LARGE_PRINT_PT - TOLERANCE_PT]
            assert not small, f"page {number}: {''.join(c['text'] for c in small)[:60]!r}"


def test_form_fields_and_alt_text_are_spanish(spanish):
    with pikepdf.open(spanish) as pdf:
        tips = [str(field.get("/TU", "")) for field in pdf.Root.AcroForm.Fields]
        alts: list[str] = []

        def walk(node):
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure" and "/Alt" in node:
                    alts.append(str(node["/Alt"]))
                if "/K" in node:
                    walk(node["/K"])
            elif isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)

        walk(pdf.Root.StructTreeRoot)
    assert any(tip.startswith("Semana 1, lunes: ") for tip in tips), tips[:5]
    assert any("(marque si es cierto)" in tip for tip in tips), tips[:5]
    assert not [tip for tip in tips if re.search(r"\b(Week|check if)\b", tip)]
    assert any(alt.startswith("Vista de frente y de espalda del cuerpo") for alt in alts), alts[:5]
    assert any(alt.startswith("Código QR: video de ") for alt in alts), alts[:5]
    assert not [alt for alt in alts if re.search(r"\b(Front and back|QR code|main muscle)\b", alt)]


def _expected() -> tuple[dict[str, tuple[str, str, str]], list[str]]:
    rows, notes = {}, []
    for line in (ROSTER / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# note: "):
            notes.append(line.removeprefix("# note: "))
        elif line.strip() and not line.startswith("#"):
            slug, edition, language, subject = re.split(r"\s{2,}", line.strip())
            rows[slug] = (edition, language, subject)
    return rows, notes


def test_a_roster_mixing_languages_gives_each_person_their_edition(built):
    out, outputs, _ = built
    expected, notes = _expected()
    folder = out / CLASS / "participants"
    assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted(expected)
    for slug, (edition, _language, _subject) in expected.items():
        with pikepdf.open(folder / f"{slug}.pdf") as pdf:
            assert str(pdf.Root.Lang).split("-")[0] == edition, slug
    spanish_copy = re.sub(r"\s+", " ", _text(folder / "ana-garcia.pdf"))
    assert "Preparado para Ana García · Fuerza de cadera para corredores · 28 de noviembre de 2026" in spanish_copy
    # The fallback is said once, in the build's output, not once per person.
    for note in notes:
        assert outputs["roster"].count(note) == 1, outputs["roster"]


def test_each_person_gets_the_email_of_their_language(built):
    out, _, _ = built
    expected, _ = _expected()
    outbox = out / CLASS / "outbox"
    assert sorted(p.stem for p in outbox.glob("*.eml")) == sorted(expected)
    for slug, (edition, language, subject) in expected.items():
        message = message_from_bytes((outbox / f"{slug}.eml").read_bytes(), policy=policy.default)
        assert message["Content-Language"] == language, slug
        assert str(message["Subject"]).startswith(subject), (slug, message["Subject"])
        body = message.get_body(("plain",)).get_content()
        assert ("Gracias por venir" in body) == (language == "es"), slug
        attachment = next(part for part in message.iter_attachments())
        # The attachment is named after the class title of the edition it holds.
        assert attachment.get_filename().startswith("Fuerza-de-cadera" if edition == "es" else "Hip-strength"), (
            slug, attachment.get_filename()
        )
        with pikepdf.open(__import__("io").BytesIO(attachment.get_content())) as pdf:
            assert str(pdf.Root.Lang).split("-")[0] == edition, slug


def test_the_spanish_content_reads_bastante_facil_or_easier():
    # Fernández-Huerta: 70-80 "bastante fácil", 80-90 "fácil". Prose only: names and labels are not sentences.
    with (ROOT / "locales/es/LC_MESSAGES/content.po").open("rb") as handle:
        catalog = read_po(handle)
    prose = [m.string for m in catalog if m.id and m.context.startswith(f"data/classes/{CLASS}.yaml")
             and isinstance(m.string, str) and len(m.string.split()) >= 6]
    # textstat's language is process-wide: put English back for the English reading-grade checks after this test.
    textstat.set_lang("es")
    try:
        score = textstat.fernandez_huerta(" ".join(prose))
    finally:
        textstat.set_lang("en_US")
    assert score >= 70, score


def _remove_translation(root: Path, context_end: str) -> tuple[str, str]:
    path = root / "locales/es/LC_MESSAGES/content.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    message = next(m for m in catalog if m.context and m.context.endswith(context_end))
    message.string = ""
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    return message.context, message.id


def test_a_removed_translation_is_named_at_its_line_and_stops_the_build(make_project, runner):
    root = make_project()
    context, msgid = _remove_translation(root, "clamshell:steps[2]")
    line = next(n for n, text in enumerate((root / "data/exercises.yaml").read_text().splitlines(), 1)
                if msgid[:30] in text)
    checked = runner.invoke(app, ["check", "--lang", "es", "--project", str(root)])
    assert f"data/exercises.yaml:{line}: clamshell:steps[2]: untranslated" in checked.output
    assert "es: 1 untranslated, 0 fuzzy" in checked.output
    refused = runner.invoke(app, ["build", "--class", CLASS, "--lang", "es", "--project", str(root),
                                  "--out", str(root / "out")])
    assert refused.exit_code == 1
    assert "1 string(s) not translated into 'es': data/exercises.yaml (1)" in refused.output
    assert "--allow-untranslated" in refused.output and not (root / "out" / CLASS).exists()
    # Allowed, the edition prints that step in English and says on its cover that parts are in English.
    content = load_content(Project(root))
    html = render_html(content, CLASS, Edition(language="es"))
    assert "Partes de esta edición aún no están traducidas y están en inglés." in html
    assert msgid in html
    assert i18n.untranslated(content, "es")[0].context == context
