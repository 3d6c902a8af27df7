"""Compose one participant's email: subject, plain-text and HTML bodies from templates/email/, their PDF attached."""

import base64
import binascii
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.header import Header
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any

from jinja2 import Environment, Template, TemplateError, TemplateNotFound, TemplateSyntaxError

from handouts.delivery.personalise import ClassDetails, PersonalCopy
from handouts.delivery.slugs import slugify
from handouts.errors import RenderError

TEMPLATES = ("email/subject.txt", "email/message.txt", "email/message.html")


class _HeaderClasses(HeaderRegistry):
    """The standard header classes, each made once: the stdlib registry makes a new class for every header set."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._made:
            self._made[key] = super().__getitem__(name)
        return self._made[key]


POLICY = policy.default.clone(header_factory=_HeaderClasses())
EnvironmentFor = Callable[[str], Environment]


@dataclass(frozen=True)
class Letterhead:
    """Who the emails come from and what the templates may say about the clinic and the class."""

    sender: str
    reply_to: str | None
    clinic: Any
    cls: Any
    details: ClassDetails
    series: str = ""


def attachment_name(title: str, name: str) -> str:
    """Return a clean ASCII file name such as 'Hip-strength-for-runners-Jose-Nunez.pdf'."""
    title_part = slugify(title, max_length=50, lowercase=False)
    name_part = slugify(name, max_length=40, lowercase=False)
    return f"{title_part}-{name_part}.pdf"


def message_id(class_id: str, recipient: str, sender: str) -> str:
    """Return a Message-ID that is the same on every attempt, so a resend can be recognised as one message."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "handouts.invalid"
    digest = hashlib.sha256(f"{class_id}\n{recipient.casefold()}".encode()).hexdigest()[:24]
    return f"<{digest}.handouts@{domain}>"


class MessageComposer:
    """Renders the email templates (one strict environment per language) and builds EmailMessages."""

    def __init__(self, letterhead: Letterhead, environment_for: EnvironmentFor) -> None:
        self.letterhead = letterhead
        self._environment_for = environment_for
        self._environments: dict[str, Environment] = {}

    def _environment(self, language: str) -> Environment:
        if language not in self._environments:
            self._environments[language] = self._environment_for(language)
        return self._environments[language]

    def _templates(self, language: str) -> tuple[str, list[Template]]:
        """Return the language the email will be written in and its templates.

        `templates/email/<language>/` (e.g. `es-MX`, then `es`) is used when the project has it;
        otherwise the default templates, which are written in the series language.
        """
        candidates = [language, language.split("-")[0]] if language != self.letterhead.details.language else []
        for candidate in dict.fromkeys(candidates):
            env = self._environment(candidate)
            try:
                names = [name.replace("email/", f"email/{candidate}/") for name in TEMPLATES]
                return candidate, [env.get_template(name) for name in names]
            except TemplateNotFound:
                continue
        default = self.letterhead.details.language
        env = self._environment(default)
        return default, [env.get_template(name) for name in TEMPLATES]

    def _render(self, language: str, context: dict[str, Any]) -> tuple[str, tuple[str, str, str]]:
        try:
            used, templates = self._templates(language)
            subject, text, html = (template.render(context, language=used) for template in templates)
        except TemplateError as exc:
            # Only a syntax error carries the template's file and line (as in templating.py).
            where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, TemplateSyntaxError) and exc.filename else ""
            raise RenderError(f"email templates: {where}{exc}") from None
        return used, (" ".join(subject.split()), text, html)

    def _parts(self, copy: PersonalCopy) -> tuple[str, str, tuple[str, str, str]]:
        """Return the attachment's file name, the language used and the rendered (subject, text, html)."""
        head = self.letterhead
        person = copy.participant
        filename = attachment_name(head.details.title_in(person.language), person.name)
        context = {
            "participant": person,
            "cls": head.cls,
            "clinic": head.clinic,
            "series": head.series,
            "attachment": filename,
        }
        language, rendered = self._render(person.language or head.details.language, context)
        return filename, language, rendered

    def compose_bytes(self, copy: PersonalCopy, pdf: bytes, smtputf8: bool = False, date: str | None = None) -> bytes:
        """Return the email for `copy`'s participant as the bytes an SMTP server receives (CRLF line ends).

        The same message `compose` builds (tests parse both and compare), written directly: RFC 2047 headers
        (raw UTF-8 with `smtputf8`), quoted-printable text and HTML, a base64 attachment. The email package's
        generator costs several times more than this, per message, and the bytes are all the wire needs.
        """
        head = self.letterhead
        person = copy.participant
        filename, language, (subject, text, html) = self._parts(copy)
        mixed, alternative = (f"==handouts.{secrets.token_hex(12)}==" for _ in range(2))
        headers = [
            ("From", _address_header(*parseaddr(head.sender), smtputf8)),
            *([("Reply-To", _address_header(*parseaddr(head.reply_to), smtputf8))] if head.reply_to else []),
            ("To", _address_header(person.name, person.email, smtputf8)),
            ("Subject", _text_header("Subject", subject, smtputf8)),
            ("Date", date or formatdate(localtime=True)),
            ("Message-ID", message_id(head.details.id, person.email, head.sender)),
            ("MIME-Version", "1.0"),
            ("Content-Type", f'multipart/mixed; boundary="{mixed}"'),
            ("Content-Language", language),
        ]
        out = [f"{name}: {value}\r\n".encode() for name, value in headers]
        out += [
            b"\r\n--", mixed.encode(), b"\r\n",
            f'Content-Type: multipart/alternative; boundary="{alternative}"\r\n\r\n'.encode(),
        ]
        for subtype, body in (("plain", text), ("html", html)):
            out += [
                b"--", alternative.encode(), b"\r\n",
                f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable'
                f"\r\n\r\n".encode(),
                _quoted_printable(body),
                b"\r\n",  # the line break before a boundary belongs to the boundary, not to the text
            ]
        out += [
            b"--", alternative.encode(), b"--\r\n\r\n--", mixed.encode(), b"\r\n",
            b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n",
            f'Content-Disposition: attachment; filename="{filename}"\r\n\r\n'.encode(),
            base64.encodebytes(pdf).replace(b"\n", b"\r\n"),
            b"\r\n--", mixed.encode(), b"--\r\n",
        ]
        return b"".join(out)

    def compose(self, copy: PersonalCopy, pdf: bytes) -> EmailMessage:
        """Return the email for `copy`'s participant with `pdf` attached."""
        head = self.letterhead
        person = copy.participant
        filename, language, (subject, text, html) = self._parts(copy)
        message = EmailMessage(policy=POLICY)
        message["From"] = head.sender
        if head.reply_to:
            message["Reply-To"] = head.reply_to
        message["To"] = Address(display_name=person.name, addr_spec=person.email)
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = message_id(head.details.id, person.email, head.sender)
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
        message["Content-Language"] = language  # after the parts: set_content clears Content-* headers
        for part in message.walk():
            if part.is_multipart():
                # A boundary starting "==" cannot occur in base64 or quoted-printable text, so the generator need
                # not scan the parts for a collision (it compiles a regex per multipart to do so).
                part.set_boundary(f"==handouts.{secrets.token_hex(12)}==")
        return message


def _needs_quoting(name: str) -> bool:
    return any(char in name for char in '()<>@,;:\\".[]')


def _address_header(name: str, address: str, smtputf8: bool) -> str:
    """`Name <address>`: the name as RFC 2047 encoded words, or raw UTF-8 when the server takes SMTPUTF8."""
    if not name:
        return address
    if smtputf8 or name.isascii():
        if _needs_quoting(name):
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{name} <{address}>"
    return f"{Header(name, 'utf-8').encode()} <{address}>"


def _text_header(field: str, value: str, smtputf8: bool) -> str:
    """An unstructured header: as it is when it is short ASCII (or SMTPUTF8), else folded encoded words."""
    if (value.isascii() or smtputf8) and len(field) + 2 + len(value) <= 78:
        return value
    return Header(value, "us-ascii" if value.isascii() else "utf-8", header_name=field).encode(linesep="\r\n")


def _quoted_printable(text: str) -> bytes:
    # As EmailMessage.set_content does: the text's own line breaks (bytes.splitlines) become CRLF, and it ends
    # with one. Each line is encoded alone so that no CR or LF is ever escaped.
    lines = text.encode("utf-8").splitlines()
    return b"".join(binascii.b2a_qp(line, quotetabs=False).replace(b"\n", b"\r\n") + b"\r\n" for line in lines)
