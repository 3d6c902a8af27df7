"""Shared by the roster, personalise and email tests: a small tagged base pack and a real loopback SMTP server."""

import datetime as dt
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from handouts.delivery.personalise import ClassDetails
from handouts.fonts import font_face_css

DETAILS = ClassDetails(id="hip-strength", title="Hip strength for runners", date=dt.date(2026, 11, 28))
MM = 72 / 25.4

BASE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Hip strength for runners</title>
<style>{fonts}
@page {{ size: {paper}; margin: 18mm 18mm 16mm;
  @top-left {{ content: "Hip strength for runners"; font: 9pt "Source Sans Pro"; }} }}
body {{ font-family: "Source Sans Pro"; font-size: {size}; }}
</style></head>
<body><h1>Hip strength for runners</h1><p>Three exercises, twice a week.</p>
<p><label for="done">Done this week</label> <input type="checkbox" id="done" name="done" title="Done this week"></p>
<h2 style="break-before: page">Your tracker</h2><p>Tick a box each time.</p></body></html>
"""


def render_base(paper: str = "letter", large_print: bool = False) -> bytes:
    """Render the two-page tagged test pack (PDF/UA-1 with one form field) with WeasyPrint."""
    from weasyprint import HTML

    html = BASE_HTML.format(fonts=font_face_css(), paper=paper, size="14pt" if large_print else "11pt")
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_forms=True)


@pytest.fixture(scope="session")
def base_pdf() -> bytes:
    """The two-page test pack on letter paper."""
    return render_base()


@pytest.fixture(scope="session")
def render_edition():
    """A render function for `personalise` that renders the test pack once per edition and counts calls."""
    cache: dict = {}
    calls: list = []

    def render(edition) -> bytes:
        calls.append(edition)
        key = (edition.paper, edition.large_print)
        if key not in cache:
            cache[key] = render_base(edition.paper, edition.large_print)
        return cache[key]

    render.calls = calls
    return render


@dataclass
class Received:
    """One message the server accepted."""

    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class FaultyHandler:
    """Accepts mail and records it; can drop connections, defer (4xx) or refuse (5xx) recipients."""

    drop_after: int | None = None  # abort the connection once it has carried this many messages
    temporary: dict[str, int] = field(default_factory=dict)  # recipient -> how many times to answer 4xx
    temporary_code: str = "421 4.7.0 Try again later, closing connection"
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> 5xx reply
    received: list[Received] = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if not getattr(session, "counted", False):
            session.counted = True
            session.carried = 0
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.drop_after is not None and getattr(session, "carried", 0) >= self.drop_after:
            server.transport.abort()  # no reply at all: the client sees the connection vanish
            return "421 4.3.0 gone"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        key = address.casefold()
        if key in self.refuse:
            return self.refuse[key]
        if self.temporary.get(key, 0) > 0:
            self.temporary[key] -= 1
            return self.temporary_code
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        session.carried = getattr(session, "carried", 0) + 1
        return "250 2.0.0 OK queued"

    def to(self, address: str) -> list[Received]:
        """Every accepted message for `address`."""
        return [r for r in self.received if address.casefold() in (a.casefold() for a in r.recipients)]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """An aiosmtpd Controller on a free loopback port, started and stopped by the fixture."""

    def __init__(
        self, handler: FaultyHandler, credentials: tuple[str, str] | None = None, port: int | None = None
    ) -> None:
        self.handler = handler
        self.port = port or free_port()
        kwargs = {}
        if credentials:
            def authenticate(server, session, envelope, mechanism, auth_data):
                ok = (auth_data.login.decode(), auth_data.password.decode()) == credentials
                return AuthResult(success=ok, handled=False)

            kwargs = {"authenticator": authenticate, "auth_require_tls": False, "auth_exclude_mechanism": ["LOGIN"]}
        self.controller = Controller(
            handler, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True, ready_timeout=10, **kwargs
        )

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def settings(self, **overrides) -> dict:
        """An `[smtp]` table pointing at this server."""
        table = {
            "host": "127.0.0.1",
            "port": self.port,
            "security": "none",
            "from": "Riverside Physio <classes@riverside.example>",
            "reply_to": "frontdesk@riverside.example",
            "rate_per_minute": 100000,
            "timeout": 5,
        }
        table.update(overrides)
        return table


@pytest.fixture
def smtp_server():
    """A running loopback SMTP server; its `handler` records what it received and injects faults."""
    server = SmtpServer(FaultyHandler()).start()
    try:
        yield server
    finally:
        server.stop()


def make_composer(smtp: dict | None = None, root: Path | None = None):
    """A MessageComposer over the project's real email templates, with a test clinic and class."""
    from types import SimpleNamespace

    from handouts.content.models.config import Clinic
    from handouts.content.project import Project
    from handouts.delivery.message import Letterhead, MessageComposer
    from handouts.rendering.templating import make_environment

    project = Project(root or Path(__file__).resolve().parent.parent)
    clinic = Clinic(
        name="Riverside Physio & Wellness",
        logo="assets/logo.svg",
        phone="(555) 014-2290",
        email="classes@riverside.example",
        website="riverside.example",
        address="120 Mill Street, Riverside",
    )
    cls = SimpleNamespace(title=DETAILS.title, date=DETAILS.date, time="18:00–19:15", place="Studio 2")
    smtp = smtp or {}
    letterhead = Letterhead(
        sender=smtp.get("from", "Riverside Physio <classes@riverside.example>"),
        reply_to=smtp.get("reply_to", "frontdesk@riverside.example"),
        clinic=clinic,
        cls=cls,
        details=DETAILS,
        series="Wellness Series 2026",
    )
    return MessageComposer(letterhead, lambda language: make_environment(project, language))
