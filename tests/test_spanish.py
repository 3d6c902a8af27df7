"""The shipped Spanish edition, read back: its PDF, its words, its forms and alt text, rosters and emails by language.

One module-scoped run makes every PDF these tests read: the Spanish A4 duplex large-print pack with one
participant's personal copy stamped from it (`build --lang es --paper a4 --duplex --large-print --roster`, one
render), and `build --roster` over a roster mixing languages, which renders the English pack and the Spanish
copies once each. The email dry run reuses those copies.
"""

import re
import subprocess
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import textstat
from babel.messages.pofile import read_po, write_po
from engine_warnings import weasyprint_warnings
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.cli import app
from handouts.content import i18n, wording
from handouts.content.edition import Edition
from handouts.content.load import load_content
from handouts.content.project import Project, default_project_root
from handouts.delivery.overlay import XOBJECT_NAME
from handouts.drawing.musclemap.layout import polylines_cross
from handouts.drawing.musclemap.metrics import text_width
from handouts.handouts.musclemap import prepare
from handouts.rendering.pack import pack_path, render_html

ROOT = default_project_root()
FIXTURES = Path(__file__).parent / "fixtures"
ROSTER = FIXTURES / "editions-by-language"
SPANISH_COPY = FIXTURES / "spanish-a4-duplex-large-print"
SPANISH_OPTIONS = ["--lang", "es", "--paper", "a4", "--duplex", "--large-print"]
SPANISH_OUT = "a4-duplex-large-print"  # beside the mixed roster's output, so the two participants/ never meet
CLASS = "hip-strength"
LARGE_PRINT_PT = 18.0
TOLERANCE_PT = 0.1
MM = 72 / 25.4
A4 = (595.28, 841.89)
# The large-print page box's bottom margin (assets/css/large-print.css): the footer has this much room.
LARGE_PRINT_MARGINS_MM = (21, 33)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Run the builds once; return the output folder, each command's output and WeasyPrint's warnings."""
    # Module-scoped, so it runs before conftest's per-test warning guard: listen here.
    out = tmp_path_factory.mktemp("spanish")
    runner, outputs = CliRunner(), {}
    with weasyprint_warnings() as messages:
        for name, (args, folder) in {
            "spanish": (["build", "--class", CLASS, *SPANISH_OPTIONS, "--roster", str(SPANISH_COPY / "roster.csv")],
                        out / SPANISH_OUT),
            "roster": (["build", "--class", CLASS, "--roster", str(ROSTER / "roster.csv")], out),
            "email": (["email", "--class", CLASS, "--roster", str(ROSTER / "roster.csv")], out),
        }.items():
            result = runner.invoke(app, [*args, "--project", str(ROOT), "--out", str(folder)])
            assert result.exit_code == 0, result.output
            outputs[name] = result.output
    return out, outputs, messages


@pytest.fixture(scope="module")
def spanish(built) -> Path:
    """The pack `build --lang es --paper a4 --duplex --large-print` wrote."""
    return built[0] / SPANISH_OUT / CLASS / f"{CLASS}.es.a4.large-print.duplex.pdf"


@dataclass(frozen=True)
class _Page:
    """What the tests read of one page: its size, its characters, and its text between the margins."""

    width: float
    height: float
    chars: list[dict]
    body: str


@pytest.fixture(scope="module")
def spanish_pages(spanish) -> list[_Page]:
    """The Spanish pack's pages, read once with pdfplumber (the slow part) for every test that needs them."""
    top, bottom = (mm * MM for mm in LARGE_PRINT_MARGINS_MM)
    with pdfplumber.open(spanish) as pdf:
        return [_Page(page.width, page.height, page.chars,
                      (page.crop((0, top, page.width, page.height - bottom)).extract_text() or "").strip())
                for page in pdf.pages]


@pytest.fixture(scope="module")
def spanish_copy(built) -> Path:
    """The personal copy stamped from that pack for the one (Spanish-speaking) participant of its roster."""
    return built[0] / SPANISH_OUT / CLASS / "participants" / "maria-jose-ibanez.pdf"


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
    # The README's rule: ID, then the language, then the paper, then the options switched on.
    assert spanish.is_file()
    content = load_content(Project(ROOT))
    edition = Edition(paper="a4", large_print=True, duplex=True, language="es")
    assert pack_path(content, CLASS, built[0] / SPANISH_OUT, edition) == spanish
    assert sorted(p.name for p in spanish.parent.glob("*.pdf")) == [spanish.name]
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


def test_no_glyph_is_below_the_large_print_minimum(spanish_pages):
    for number, page in enumerate(spanish_pages, start=1):
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



def test_every_page_of_the_pack_and_the_copy_is_a4(spanish, spanish_copy):
    for path in (spanish, spanish_copy):
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                x0, y0, x1, y1 = (float(v) for v in page.mediabox)
                assert (x1 - x0, y1 - y0) == pytest.approx(A4, abs=0.5), (path.name, number)


def _handout_starts(pdf: Path) -> list[int]:
    """The 0-based page each handout starts on (the pack's part-N named destinations)."""
    reader = PdfReader(pdf)
    parts = {name: dest for name, dest in reader.named_destinations.items() if name.startswith("part-")}
    return [reader.get_destination_page_number(parts[f"part-{i}"]) for i in range(len(parts))]


def test_duplex_starts_every_handout_on_a_front_side_padded_with_spanish_notes_pages(spanish, spanish_pages):
    starts = _handout_starts(spanish)
    assert len(starts) >= 5
    # Page 1, 3, 5...: the front of a sheet (0-based even).
    assert all(start % 2 == 0 for start in starts), starts
    bodies = [page.body for page in spanish_pages]
    assert len(bodies) % 2 == 0
    padding = [index for index, body in enumerate(bodies) if body == "Notas"]
    assert padding, "this pack's handouts do not all end on a back: it needs notes pages"
    # A notes page is there only to push the next handout onto a front side, or to close the pack.
    assert all(index + 1 in starts or index == len(bodies) - 1 for index in padding), (padding, starts)
    assert not [body for body in bodies if re.search(r"\bNotes\b", body)]


def test_no_text_runs_off_the_page(spanish_pages):
    # The footer's disclaimer has three 18 pt lines of room beside the page number; a longer one ran off the sheet.
    edge = 3 * MM  # what a desktop printer cannot print anyway
    for number, page in enumerate(spanish_pages, start=1):
        off = [c for c in page.chars if c["text"].strip() and (
            c["x0"] < edge or c["x1"] > page.width - edge or c["top"] < edge or c["bottom"] > page.height - edge)]
        assert not off, f"page {number}: {''.join(c['text'] for c in off)[:60]!r}"



def test_the_trackers_week_labels_keep_to_one_line(spanish_pages):
    # 'Semana 1' is longer than 'Week 1': at the old label width it broke ('Sema-na 1', 'Semana / 1'), and the
    # taller notes pushed the tracker's last lines over the next handout.
    notes = [page.body for page in spanish_pages if "¿Cómo se sintió? ¿Qué nos quiere preguntar?" in page.body]
    assert notes, "the tracker's notes were not found"
    for body in notes:
        after = body.split("¿Cómo se sintió? ¿Qué nos quiere preguntar?", 1)[1]
        assert re.findall(r"^Semana (\d)", after, re.MULTILINE)[:4] == ["1", "2", "3", "4"], after[:200]
        assert not re.search(r"Sema[-\u2010\xad]?\n(na )?\d\b", after), after[:200]

def _checklist_fields(pdf: Path) -> dict[str, tuple[str, str]]:
    with pikepdf.open(pdf) as doc:
        return {str(f.T): (str(f.get("/TU", "")), str(f.get("/FT"))) for f in doc.Root.AcroForm.Fields
                if str(f.T).startswith("checklist-")}


def test_the_fillable_checklist_is_spanish_and_keeps_the_english_editions_field_names(english, spanish):
    spanish_fields, english_fields = _checklist_fields(spanish), _checklist_fields(english)
    # The same names in every edition, so a clinic reads a returned form the same way whatever its language.
    assert spanish_fields.keys() == english_fields.keys() and len(spanish_fields) >= 10
    assert spanish_fields["checklist-name"] == ("Su nombre", "/Tx")
    assert spanish_fields["checklist-date"] == ("Fecha", "/Tx")
    ticks = {name: tip for name, (tip, kind) in spanish_fields.items() if kind == "/Btn"}
    assert len(ticks) >= 8
    for name, tip in ticks.items():
        assert re.search(r"\(marque si (es cierto|lo tiene|no lo logró)\)$", tip), (name, tip)
    for name, (tip, _kind) in spanish_fields.items():
        assert tip != english_fields[name][0], (name, tip)


def _stamp(page) -> list[dict]:
    """The characters the personal stamp drew (reportlab's 'SourceSansPro-…' subsets; WeasyPrint's differ)."""
    return [c for c in page.chars if "SourceSansPro-" in c["fontname"]]


def test_the_personal_copy_is_stamped_in_spanish_at_large_print_size_on_every_page(spanish, spanish_copy):
    with pikepdf.open(spanish_copy) as pdf, pikepdf.open(spanish) as base:
        assert str(pdf.Root.Lang).startswith("es")
        assert len(pdf.pages) == len(base.pages)
        assert [str(f.T) for f in pdf.Root.AcroForm.Fields] == [str(f.T) for f in base.Root.AcroForm.Fields]
        # The stamp is one form drawn on every page (tests/test_personalise.py reads its drawing in detail).
        assert all(XOBJECT_NAME in page.Resources.XObject for page in pdf.pages)
    with pdfplumber.open(spanish_copy) as copy:
        for number in (0, len(copy.pages) - 1):  # the first and last page read back; the rest share the form
            page = copy.pages[number]
            chars = _stamp(page)
            text = "".join(c["text"] for c in chars)
            # At 18 pt on A4 the whole line does not fit: the name stays whole, the tail is shortened.
            assert text.startswith("Preparado para María José Ibáñez · Fuerza de cadera"), (number, text)
            assert min(c["size"] for c in chars) >= LARGE_PRINT_PT - TOLERANCE_PT, number
            assert min(c["x0"] for c in chars) >= 12 * MM - 1, number
            assert max(c["x1"] for c in chars) <= page.width - 12 * MM + 1, number
    assert "Preparado para María José Ibáñez" in _text(spanish_copy, 1)


def test_qpdf_finds_nothing_wrong_with_the_pack_or_the_copy(spanish, spanish_copy):
    for pdf in (spanish, spanish_copy):
        checked = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert checked.returncode == 0, (pdf.name, checked.stdout[-500:], checked.stderr[-500:])
        assert "No syntax or stream encoding errors found" in checked.stdout


def _caption_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """The view captions ('FRENTE', 'ESPALDA') a map's SVG draws, as (text, x0, y0, x1, y1)."""
    boxes = []
    for attrs, text in re.findall(r"<text ([^>]*letter-spacing=[^>]*)>([^<]+)</text>", svg):
        values = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        size, spacing = float(values["font-size"]), float(values["letter-spacing"])
        width = text_width(text, size, 700) + spacing * (len(text) - 1)
        x, baseline = float(values["x"]), float(values["y"])
        boxes.append((text, x - width / 2, baseline - 0.75 * size, x + width / 2, baseline + 0.25 * size))
    return boxes


def _grounds(svg: str) -> list[tuple[float, float, float, float]]:
    """The white grounds drawn under the captions, as (x0, y0, x1, y1)."""
    out = []
    for attrs in re.findall(r'<rect class="caption-ground" ([^>]*)/>', svg):
        v = {k: float(n) for k, n in re.findall(r'(x|y|width|height)="([-\d.]+)"', attrs)}
        out.append((v["x"], v["y"], v["x"] + v["width"], v["y"] + v["height"]))
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _meets_box(a, b, box) -> bool:
    """True when segment a-b touches the rectangle `box` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    if any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in (a, b)):
        return True
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return any(polylines_cross((a, b), (corners[i], corners[(i + 1) % 4])) for i in range(4))


def _spanish_map_pages(large_print: bool):
    source = load_content(Project(ROOT))
    translations = i18n.load_translations(source.project, "es")
    content = i18n.translate_content(source, "es", translations)
    with wording.speaking(translations):
        for class_id, cls in content.classes.items():
            for handout in (h for h in cls.handouts if h.type == "muscle-map"):
                view = prepare(handout, content, cls, edition=Edition(language="es", large_print=large_print))
                for number, page in enumerate(view["pages"], start=1):
                    yield f"{class_id} page {number}", page


def _english_headings() -> set[str]:
    """Every map subtitle and legend heading the English editions print."""
    content = load_content(Project(ROOT))
    found: set[str] = set()
    for cls in content.classes.values():
        for handout in (h for h in cls.handouts if h.type == "muscle-map"):
            for page in prepare(handout, content, cls)["pages"]:
                found |= {page["subtitle"], *(group.title for group in page["map"].legend)} - {None}
    return found


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large-print"])
def test_spanish_map_labels_clear_each_other_the_figures_and_the_view_captions(large_print):
    english = _english_headings()
    assert {"Core and hips", "Hips", "Close-up: knee"} <= english
    pages = behind = 0
    subtitles = set()
    for where, page in _spanish_map_pages(large_print):
        pages += 1
        mm = page["map"]
        captions = _caption_boxes(mm.svg)
        assert {text for text, *_ in captions} <= {"FRENTE", "ESPALDA"} and captions, (where, captions)
        boxes = [c.box for c in mm.callouts]
        for i, callout in enumerate(mm.callouts):
            box = callout.box
            assert box.x0 >= 0 and box.x1 <= mm.width, (where, callout.muscle)
            for other in mm.callouts[i + 1:]:
                assert not (box.x0 < other.box.x1 and other.box.x0 < box.x1 and box.y0 < other.box.y1
                            and other.box.y0 < box.y1), (where, callout.muscle, other.muscle)
                assert not polylines_cross(callout.leader, other.leader), (where, callout.muscle, other.muscle)
            for text, *caption in captions:
                assert not _overlap((box.x0, box.y0, box.x1, box.y1), caption), (where, callout.muscle, text)
                if any(_meets_box(a, b, caption) for a, b in zip(callout.leader, callout.leader[1:])):
                    behind += 1
        # A leader that must pass a caption goes behind it: the captions come after every callout, each on a
        # white ground that covers it, so no line strikes through a word.
        grounds = _grounds(mm.svg)
        assert len(grounds) == len(captions), where
        assert mm.svg.index('class="callouts"') < mm.svg.index('class="caption-ground"'), where
        for (text, *caption), ground in zip(captions, grounds):
            assert ground[0] <= caption[0] and ground[2] >= caption[2], (where, text)
            assert ground[1] <= caption[1] + 1 and ground[3] >= caption[3] - 1, (where, text)
        # No English heading left: the region subtitles and legend headings are the catalogue's.
        headings = {page["subtitle"], *(group.title for group in mm.legend)} - {None}
        assert not headings & english, (where, headings & english)
        subtitles.add(page["subtitle"])
        assert not boxes or max(b.y1 for b in boxes) <= mm.height, where
    assert pages >= 5
    # A close-up is named by its atlas crop ('knee'): its name too is the catalogue's.
    # Regions joined the Spanish way, with no second 'y' when the last region's name has one.
    joined = "Muslos, parte baja de las piernas y pies" if large_print else "Tronco y caderas"
    assert {joined, "De cerca: rodilla"} <= subtitles, subtitles
    print(f"{pages} map pages; {behind} leader(s) pass behind a view caption")

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


def test_a_close_ups_name_is_in_the_catalogue_and_checked_at_the_class_line(make_project, runner):
    # 'knee' is an atlas crop's id; the title 'Close-up: knee' says it, so translators get it, located where the
    # class asks for the close-up.
    root = make_project()
    path = root / "locales/es/LC_MESSAGES/templates.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.get("knee", "close-up").string == "rodilla"
    catalog.get("knee", "close-up").string = ""
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    line = next(n for n, text in enumerate((root / "data/classes/running-muscles.yaml").read_text().splitlines(), 1)
                if "close_ups:" in text)
    checked = runner.invoke(app, ["check", "--lang", "es", "--project", str(root)])
    assert f'data/classes/running-muscles.yaml:{line}: close-up: untranslated: "knee"' in checked.output, checked.output
    assert "es: 1 untranslated, 0 fuzzy" in checked.output
