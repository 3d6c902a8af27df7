"""Read a participant roster exported from a spreadsheet: CSV in any of the encodings Excel writes, or .xlsx."""

import _csv  # the type of a csv.reader() (the csv module does not re-export it)
import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from email_validator import EmailNotValidError, validate_email

from handouts.errors import ContentError, HandoutsError, Problem

Paper = Literal["letter", "a4"]
MAX_NAME_LENGTH = 120

# Headers are compared with case, spaces, dashes and underscores removed: "E-mail Address" -> "emailaddress".
FULL_NAME = {"name", "fullname", "participant", "participantname"}
FIRST_NAME = {"firstname", "givenname", "forename"}
LAST_NAME = {"lastname", "surname", "familyname"}
EMAIL = {"email", "emailaddress", "mail"}
LANGUAGE = {"language", "lang", "locale"}
LARGE_PRINT = {"largeprint"}
PAPER = {"paper", "papersize"}

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2}))?$", re.IGNORECASE)


class RosterError(ContentError):
    """Raised when the roster has invalid rows; lists every `roster.csv:LINE: problem`."""


class RosterFileError(HandoutsError):
    """Raised when the roster file cannot be read as a table at all."""


@dataclass(frozen=True)
class Participant:
    """One person on the roster; options left blank fall back to the series defaults."""

    name: str
    email: str
    line: int
    language: str | None = None
    large_print: bool = False
    paper: Paper | None = None

    @property
    def key(self) -> str:
        """The identity used for duplicates and the send ledger."""
        return self.email.casefold()


@dataclass
class Roster:
    """The valid participants of a roster file and the problems found in its other rows."""

    path: Path
    participants: list[Participant] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def require_valid(self, skip_invalid: bool = False) -> list[Problem]:
        """Raise RosterError unless every row is valid or `skip_invalid`; return the skipped rows' problems."""
        if self.problems and not skip_invalid:
            raise RosterError(self.problems)
        if not self.participants:
            raise RosterFileError(f"{self.path}: no valid participants")
        return self.problems


def read_roster(path: Path, skip_invalid: bool = False) -> Roster:
    """Read `path` and require every row valid (or, with `skip_invalid`, at least one); see `Roster.require_valid`."""
    roster = load_roster(path)
    roster.require_valid(skip_invalid)
    return roster


def load_roster(path: Path, display: str | None = None) -> Roster:
    """Read `path` and return its participants and the problems of its invalid rows."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterFileError(f"{shown}: cannot read the roster ({exc.strerror or exc})") from exc
    kind = binary_kind(raw)
    if kind == XLSX:
        return _RowReader(path, shown).read(xlsx_rows(raw, shown))
    if kind:
        raise RosterFileError(f"{shown}: this is {kind}, not a roster; save the participant list as CSV or .xlsx")
    text = decode(raw)
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise RosterFileError(f"{shown}: the roster is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(lines[header_index]))
    return _RowReader(path, shown).read(csv_rows(reader, shown))


XLSX = "an Excel workbook"
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Excel (.xls) or Word (.doc) file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)


def binary_kind(raw: bytes) -> str | None:
    """Name what a file that is not text is ('a PDF document', XLSX, ...), or None for text."""
    if raw.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
        except zipfile.BadZipFile:
            return "a damaged ZIP archive"
        if "xl/workbook.xml" in names:
            return XLSX
        if "mimetype" in names and b"opendocument.spreadsheet" in raw[:200]:
            return "an OpenDocument spreadsheet (.ods)"
        if "word/document.xml" in names:
            return "a Word document (.docx)"
        return "a ZIP archive"
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    head = raw[:4096]
    if b"\0" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "a binary file"
    return None


def csv_rows(reader: _csv.Reader, shown: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first physical line, cells) for each CSV record; a record the csv module cannot read is one error."""
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = f"a cell is longer than {csv.field_size_limit():,} characters; is this the participant list?"
        else:
            message = f"cannot read this line as CSV ({exc})"
        raise RosterFileError(f"{shown}:{line}: {message}") from None


def xlsx_rows(raw: bytes, shown: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells as text) from the first sheet of an .xlsx workbook."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise RosterFileError(f"{shown}: cannot read this Excel workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def decode(raw: bytes) -> str:
    """Decode a spreadsheet export: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")  # Excel's "Unicode text" export
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_delimiter(header_line: str) -> str:
    """Return the delimiter the header line uses most: comma, semicolon or tab."""
    outside_quotes = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside_quotes.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def header_key(header: str) -> str:
    """Return a header in the form the aliases use: lower case, letters and digits only."""
    return re.sub(r"[\s_\-.]+", "", header.strip().lstrip("\ufeff").casefold())


def clean_text(value: str) -> str:
    """Return `value` in NFC with control characters dropped and runs of whitespace collapsed."""
    value = unicodedata.normalize("NFC", value)
    value = "".join(" " if c.isspace() else c for c in value if c.isspace() or unicodedata.category(c)[0] != "C")
    return " ".join(value.split())


class _RowReader:
    """Turns CSV rows into participants, remembering each row's physical line."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path = path
        self.shown = shown
        self.roster = Roster(path)
        self.seen: dict[str, int] = {}

    def read(self, rows: Iterable[tuple[int, list[str]]]) -> Roster:
        columns: dict[str, int] | None = None
        for start, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = self.columns(row)
                continue
            self.row(start, row, columns)
        if columns is None:
            raise RosterFileError(f"{self.shown}: the roster is empty")
        return self.roster

    def columns(self, header: list[str]) -> dict[str, int]:
        keys = [header_key(h) for h in header]

        def find(aliases: set[str]) -> int | None:
            return next((i for i, key in enumerate(keys) if key in aliases), None)

        found = ", ".join(repr(h.strip().lstrip("\ufeff")) for h in header if h.strip()) or "none"
        columns = {
            "email": find(EMAIL),
            "name": find(FULL_NAME),
            "first": find(FIRST_NAME),
            "last": find(LAST_NAME),
            "language": find(LANGUAGE),
            "large_print": find(LARGE_PRINT),
            "paper": find(PAPER),
        }
        if columns["email"] is None:
            raise RosterFileError(
                f"{self.shown}: no email column (expected 'Email', 'E-mail' or 'Email address'); headers found: {found}"
            )
        if columns["name"] is None and columns["first"] is None and columns["last"] is None:
            raise RosterFileError(
                f"{self.shown}: no name column (expected 'Name', 'Full name' or 'First name' + 'Last name');"
                f" headers found: {found}"
            )
        return {key: index for key, index in columns.items() if index is not None}

    def row(self, line: int, row: list[str], columns: dict[str, int]) -> None:
        def cell(column: str) -> str:
            index = columns.get(column)
            return clean_text(row[index]) if index is not None and index < len(row) else ""

        problems: list[str] = []
        name = cell("name") or " ".join(part for part in (cell("first"), cell("last")) if part)
        if not any(c.isalnum() for c in name):
            problems.append("no name")
        elif len(name) > MAX_NAME_LENGTH:
            problems.append(f"name is longer than {MAX_NAME_LENGTH} characters")
        email = self.email(cell("email"), problems)
        language = self.language(cell("language"), problems)
        large_print = self.flag(cell("large_print"), problems)
        paper = self.paper(cell("paper"), problems)
        if email and not problems:
            first = self.seen.get(email.casefold())
            if first is not None:
                problems.append(f"duplicate email {email} (first on line {first})")
            else:
                self.seen[email.casefold()] = line
        if problems:
            self.roster.problems.extend(Problem(self.shown, line, "", p) for p in problems)
            return
        self.roster.participants.append(Participant(name, email, line, language, large_print, paper))

    @staticmethod
    def email(value: str, problems: list[str]) -> str:
        if not value:
            problems.append("no email address")
            return ""
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            problems.append(f"invalid email address {value!r}: {exc}")
            return ""

    @staticmethod
    def language(value: str, problems: list[str]) -> str | None:
        if not value:
            return None
        match = _LANGUAGE.match(value)
        code = None
        if match:
            code = match[1].lower() + (f"-{match[2].upper()}" if match[2] else "")
            try:
                Locale.parse(code.replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                code = None
        if code is None:
            problems.append(f"unknown language {value!r} (use a code such as 'en', 'es' or 'fr-CA')")
        return code

    @staticmethod
    def flag(value: str, problems: list[str]) -> bool:
        lowered = value.casefold()
        if lowered in _TRUE:
            return True
        if lowered not in _FALSE:
            problems.append(f"large_print must be yes or no, not {value!r}")
        return False

    @staticmethod
    def paper(value: str, problems: list[str]) -> Paper | None:
        lowered = value.casefold().replace(" ", "")
        if not lowered:
            return None
        if lowered in ("letter", "a4"):
            return lowered  # type: ignore[return-value]
        problems.append(f"paper must be letter or a4, not {value!r}")
        return None
