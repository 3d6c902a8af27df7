"""Compose one participant's email: subject, plain-text and HTML bodies from templates/email/, their PDF attached."""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any

from jinja2 import Environment, Template, TemplateError, TemplateNotFound

from handouts.errors import RenderError
from handouts.personalise import ClassDetails, PersonalCopy
from handouts.slugs import slugify

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
            where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "filename", None) else ""
            raise RenderError(f"email templates: {where}{exc}") from None
        return used, (" ".join(subject.split()), text, html)

    def compose(self, copy: PersonalCopy, pdf: bytes) -> EmailMessage:
        """Return the email for `copy`'s participant with `pdf` attached."""
        head = self.letterhead
        person = copy.participant
        filename = attachment_name(head.details.title, person.name)
        context = {
            "participant": person,
            "cls": head.cls,
            "clinic": head.clinic,
            "series": head.series,
            "attachment": filename,
        }
        language, (subject, text, html) = self._render(person.language or head.details.language, context)
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
