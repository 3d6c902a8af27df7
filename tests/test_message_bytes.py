"""The bytes-level message writer: its output parses to the same message as the email package builds."""

import datetime as dt
from email import message_from_bytes, policy
from email.utils import formatdate

import pytest
from roster_support import DETAILS, base_pdf, make_composer, render_edition  # noqa: F401 (fixtures)

from handouts.delivery.personalise import personalise
from handouts.delivery.roster import Participant
from handouts.delivery.sender import eml_bytes

PEOPLE = [
    Participant("José Núñez", "jose@example.com", 2),
    Participant("Ana Ruiz", "ana@example.com", 3, language="es"),
    Participant('Bo "Bobby" Chen, Jr.', "bo@example.com", 4),
    Participant("Мария Иванова", "maria@example.com", 5),
    Participant("Zoë Ωmega", "zoe@exämple.com", 6),  # an address only SMTPUTF8 carries
    Participant("A very long name " * 6, "long@example.com", 7),
]
HEADERS = ("From", "Reply-To", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Language")


@pytest.fixture(scope="module")
def copies(tmp_path_factory, render_edition):  # noqa: F811
    return personalise(PEOPLE, DETAILS, tmp_path_factory.mktemp("copies") / "participants", render_edition)


def parsed_summary(data: bytes):
    message = message_from_bytes(data, policy=policy.default)
    headers = {name: str(message[name]) for name in HEADERS}
    headers["To-addresses"] = [(a.display_name, a.addr_spec) for a in message["To"].addresses]
    parts = []
    for part in message.walk():
        entry = [part.get_content_type()]
        if not part.is_multipart():
            entry += [part.get_content(), part.get_filename(), part.get_content_disposition(),
                      part.get_content_charset()]
        parts.append(entry)
    return headers, parts


@pytest.mark.parametrize("index", range(len(PEOPLE)))
def test_the_writer_parses_to_the_same_message_as_the_email_package(copies, index):
    copy = copies[index]
    composer = make_composer()
    pdf = copy.path.read_bytes()
    smtputf8 = not copy.participant.email.isascii()
    date = formatdate(dt.datetime(2026, 11, 28, 18, 0, tzinfo=dt.UTC).timestamp())
    old = composer.compose(copy, pdf)
    old.replace_header("Date", date)
    new = composer.compose_bytes(copy, pdf, smtputf8=smtputf8, date=date)
    assert parsed_summary(new) == parsed_summary(eml_bytes(old, smtputf8))
    if not smtputf8:
        assert new.isascii()  # every header encoded, the bodies quoted-printable and base64
    assert all(len(line) <= 998 for line in new.split(b"\r\n"))
    assert b"\n" not in new.replace(b"\r\n", b"")  # CRLF only, as SMTP wants it
