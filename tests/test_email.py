"""Emailing copies against a real loopback SMTP server: dry run, exactly-once sends, faults, re-runs."""

import email
import json
import shutil
import signal
from email import policy
from pathlib import Path

import pytest
from roster_support import (  # noqa: F401 (fixtures)
    DETAILS,
    FaultyHandler,
    SmtpServer,
    base_pdf,
    free_port,
    make_composer,
    render_edition,
    smtp_server,
)

from handouts.content.models.smtp import SmtpSettings
from handouts.delivery.ledger import LEDGER_NAME, LedgerBusy, SendLedger, read_entries
from handouts.delivery.message import attachment_name, message_id
from handouts.delivery.personalise import personalise
from handouts.delivery.roster import Participant
from handouts.delivery.sender import dry_run, send_all
from handouts.delivery.smtp import RateLimiter, RetryPolicy, SmtpError, SmtpTransport

FAST = RetryPolicy(attempts=4, initial_delay=0.01, factor=2, max_delay=0.05)
PEOPLE = [
    Participant("José Núñez", "jose@example.com", 2),
    Participant("<script>alert(1)</script>", "script@example.com", 3),
    Participant("Ana Ruiz", "ana@example.com", 4, language="es"),
    Participant("Bo Chen", "bo@example.com", 5),
    Participant("Cy Dale", "cy@example.com", 6),
    Participant("Di Eze", "di@example.com", 7),
]


@pytest.fixture
def copies(tmp_path, render_edition):  # noqa: F811
    return personalise(PEOPLE, DETAILS, tmp_path / "hip-strength" / "participants", render_edition)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "hip-strength"


def transport_for(server: SmtpServer, retry: RetryPolicy = FAST, **overrides) -> SmtpTransport:
    return SmtpTransport(SmtpSettings.model_validate(server.settings(**overrides)), retry=retry)


def send(copies, folder, server, **kwargs):
    return send_all(copies, make_composer(server.settings()), transport_for(server), folder, **kwargs)


def each_once(handler: FaultyHandler, people=PEOPLE) -> bool:
    return all(len(handler.to(p.email)) == 1 for p in people)


def test_dry_run_writes_one_eml_each_and_sends_nothing(copies, folder, smtp_server):  # noqa: F811
    report = dry_run(copies, make_composer(), folder)
    emls = sorted(report.outbox.glob("*.eml"))
    assert [p.stem for p in emls] == sorted(c.slug for c in copies)
    assert len(report.to_send) == len(PEOPLE) and not report.already_sent
    assert smtp_server.handler.received == [] and not (folder / LEDGER_NAME).exists()
    parsed = email.message_from_bytes((report.outbox / "jose-nunez.eml").read_bytes(), policy=policy.default)
    assert parsed["To"].addresses[0].display_name == "José Núñez"
    attachment = next(parsed.iter_attachments())
    assert attachment.get_content() == copies[0].path.read_bytes()


def test_messages_have_headers_bodies_and_the_participants_pdf(copies, folder, smtp_server):  # noqa: F811
    report = send(copies, folder, smtp_server)
    assert len(report.sent) == len(PEOPLE) and not report.failed
    handler = smtp_server.handler
    assert len(handler.received) == len(PEOPLE) and each_once(handler)
    assert handler.connections == 1  # one connection for the whole batch
    for copy in copies:
        (received,) = handler.to(copy.participant.email)
        message = received.message
        assert received.sender == "classes@riverside.example"
        assert message["From"] == "Riverside Physio <classes@riverside.example>"
        assert message["Reply-To"] == "frontdesk@riverside.example"
        assert message["To"].addresses[0].addr_spec == copy.participant.email
        assert message["Message-ID"].strip() == message_id("hip-strength", copy.participant.email, message["From"])
        assert "Hip strength for runners" in message["Subject"]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        greeting = "Hola, {}:" if copy.participant.language == "es" else "Hello {},"
        assert greeting.format(copy.participant.name) in text
        assert "(555) 014-2290" in text and "classes@riverside.example" in html
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == attachment_name(DETAILS.title, copy.participant.name)
        assert attachment.get_content() == copy.path.read_bytes()
    jose = handler.to("jose@example.com")[0].message
    assert next(jose.iter_attachments()).get_filename() == "Hip-strength-for-runners-Jose-Nunez.pdf"
    assert "November 28, 2026" in jose.get_body(("plain",)).get_content()
    ana = handler.to("ana@example.com")[0].message  # the shipped Spanish templates (templates/email/es/)
    assert "Hola, Ana Ruiz:" in ana.get_body(("plain",)).get_content()
    assert "el 28 de noviembre de 2026." in ana.get_body(("plain",)).get_content()
    assert ana["Content-Language"] == "es" and '<html lang="es">' in ana.get_body(("html",)).get_content()


def test_a_language_folder_of_email_templates_is_used_when_the_project_has_one(copies, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates" / "email", root / "templates" / "email")
    spanish = root / "templates" / "email" / "es"
    spanish.mkdir(exist_ok=True)  # the project's own Spanish templates replace the shipped ones
    (spanish / "subject.txt").write_text("Sus materiales de {{ cls.title }}")
    (spanish / "message.txt").write_text("Hola {{ participant.name }}: gracias por venir el {{ cls.date|longdate }}.")
    (spanish / "message.html").write_text('<html lang="{{ language }}"><p>Hola {{ participant.name }}</p></html>')
    composer = make_composer(root=root)
    ana = composer.compose(copies[2], b"%PDF")
    assert ana["Subject"] == "Sus materiales de Hip strength for runners" and ana["Content-Language"] == "es"
    body = ana.get_body(("plain",)).get_content().strip()
    assert body == "Hola Ana Ruiz: gracias por venir el 28 de noviembre de 2026."
    assert '<html lang="es">' in ana.get_body(("html",)).get_content()
    jose = composer.compose(copies[0], b"%PDF")
    assert jose["Content-Language"] == "en" and jose["Subject"].startswith("Your handouts from")


def test_names_are_escaped_in_html_and_plain_in_text(copies, folder, smtp_server):  # noqa: F811
    send(copies, folder, smtp_server)
    message = smtp_server.handler.to("script@example.com")[0].message
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Hello <script>alert(1)</script>," in message.get_body(("plain",)).get_content()
    assert next(message.iter_attachments()).get_filename() == "Hip-strength-for-runners-script-alert-1-script.pdf"


def test_a_rerun_sends_to_nobody_twice(copies, folder, smtp_server):  # noqa: F811
    send(copies, folder, smtp_server)
    again = send(copies, folder, smtp_server)
    assert again.sent == [] and len(again.already_sent) == len(PEOPLE)
    assert len(smtp_server.handler.received) == len(PEOPLE)
    state = read_entries(folder)
    sent = state.sent
    assert set(sent) == {p.email for p in PEOPLE} and not state.failed and not state.in_doubt
    entry = sent["jose@example.com"]
    import hashlib

    assert entry.sha256 == hashlib.sha256(copies[0].path.read_bytes()).hexdigest()
    assert entry.message_id == message_id("hip-strength", "jose@example.com", "classes@riverside.example")
    assert entry.time.endswith("+00:00")
    assert dry_run(copies, make_composer(), folder).to_send == []


def test_limit_sends_at_most_n_and_the_rest_later(copies, folder, smtp_server):  # noqa: F811
    first = send(copies, folder, smtp_server, limit=2)
    assert len(first.sent) == 2 and first.left_for_later == 4
    second = send(copies, folder, smtp_server, limit=10)
    assert len(second.sent) == 4 and len(second.already_sent) == 2
    assert each_once(smtp_server.handler)


def test_a_dropped_connection_is_reopened_and_nobody_is_skipped_or_doubled(copies, folder, smtp_server):  # noqa: F811
    smtp_server.handler.drop_after = 2
    report = send(copies, folder, smtp_server)
    assert len(report.sent) == len(PEOPLE)
    assert each_once(smtp_server.handler) and smtp_server.handler.connections == 3


def test_temporary_failures_are_retried_and_permanent_ones_listed(copies, folder, smtp_server):  # noqa: F811
    handler = smtp_server.handler
    handler.temporary = {"bo@example.com": 2, "cy@example.com": 1}
    handler.refuse = {"di@example.com": "550 5.1.1 <di@example.com>: unknown mailbox"}
    handler.drop_after = 3
    report = send(copies, folder, smtp_server)
    valid = [p for p in PEOPLE if p.email != "di@example.com"]
    assert len(report.sent) == len(valid) and each_once(handler, valid) and handler.to("di@example.com") == []
    assert [f.recipient for f in report.failed] == ["di@example.com"]
    rows = (folder / "failed.csv").read_text().splitlines()
    assert rows[0] == "name,email,code,reply,permanent,time"
    assert rows[1].startswith("Di Eze,di@example.com,550,5.1.1 <di@example.com>: unknown mailbox,yes,")
    again = send(copies, folder, smtp_server)  # the re-run tries the refused one again, and nobody else
    assert again.sent == [] and len(handler.received) == len(valid) and each_once(handler, valid)
    assert "di@example.com" in (folder / "failed.csv").read_text()


def test_451_greylisting_is_retried_on_the_same_connection(copies, folder, smtp_server):  # noqa: F811
    smtp_server.handler.temporary = {"bo@example.com": 2}
    smtp_server.handler.temporary_code = "451 4.7.1 Greylisted, try again"
    report = send(copies, folder, smtp_server)
    assert len(report.sent) == len(PEOPLE) and smtp_server.handler.connections == 1


def test_retries_run_out_then_a_rerun_delivers(copies, folder, smtp_server):  # noqa: F811
    smtp_server.handler.temporary = {"bo@example.com": 10}
    report = send(copies, folder, smtp_server)
    assert [(f.recipient, f.code) for f in report.failed] == [("bo@example.com", 421)]
    assert "bo@example.com,421," in (folder / "failed.csv").read_text()
    smtp_server.handler.temporary = {}
    again = send(copies, folder, smtp_server)
    assert [c.participant.email for c in again.sent] == ["bo@example.com"]
    assert each_once(smtp_server.handler) and not (folder / "failed.csv").exists()


def test_a_crash_mid_batch_then_a_rerun_sends_each_exactly_once(copies, folder, smtp_server):  # noqa: F811
    def crash(done, total):
        if done == 3:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        send(copies, folder, smtp_server, progress=crash)
    assert len(smtp_server.handler.received) == 3
    send(copies, folder, smtp_server)
    assert len(smtp_server.handler.received) == len(PEOPLE) and each_once(smtp_server.handler)


def test_ctrl_c_stops_after_the_message_in_flight_is_recorded(copies, folder, smtp_server):  # noqa: F811
    def interrupt(done, total):
        if done == 2:
            signal.raise_signal(signal.SIGINT)

    report = send(copies, folder, smtp_server, progress=interrupt)
    assert report.interrupted and len(report.sent) == 2 and report.left_for_later == 4
    assert len(read_entries(folder).sent) == 2
    send(copies, folder, smtp_server)
    assert each_once(smtp_server.handler)


def test_an_unreachable_server_stops_the_batch_and_records_nothing(copies, folder):
    table = {"host": "127.0.0.1", "port": free_port(), "security": "none", "from": "a@b.example"}
    dead = SmtpSettings.model_validate(table)
    slow = RetryPolicy(attempts=5, initial_delay=30)
    with pytest.raises(SmtpError, match="cannot connect.*check \\[smtp\\]"):
        send_all(copies, make_composer(), SmtpTransport(dead, retry=slow), folder)  # fails at once, no waiting
    assert not any(vars(read_entries(folder)).values())


def test_a_server_that_goes_away_mid_batch_stops_it_and_a_rerun_finishes(copies, folder):
    server = SmtpServer(FaultyHandler()).start()
    settings = SmtpSettings.model_validate(server.settings())

    def stop_server(done, total):
        if done == 2:
            server.stop()

    with pytest.raises(SmtpError, match="run the command again"):
        send_all(copies, make_composer(), SmtpTransport(settings, retry=FAST), folder, progress=stop_server)
    assert len(read_entries(folder).sent) == 2
    handler = FaultyHandler()
    again = SmtpServer(handler, port=server.port).start()
    try:
        report = send_all(copies, make_composer(), SmtpTransport(settings, retry=FAST), folder)
    finally:
        again.stop()
    assert len(report.sent) == 4 and len(report.already_sent) == 2
    assert len(server.handler.received) + len(handler.received) == len(PEOPLE)


def test_a_torn_last_ledger_line_is_ignored(copies, folder, smtp_server):  # noqa: F811
    send(copies, folder, smtp_server, limit=1)
    with open(folder / LEDGER_NAME, "ab") as ledger:
        ledger.write(b'{"event": "sent", "class_id": "hip-str')
    send(copies, folder, smtp_server)
    assert each_once(smtp_server.handler)
    lines = (folder / LEDGER_NAME).read_bytes().splitlines()
    whole = [json.loads(line) for line in lines if line.startswith(b"{") and line.endswith(b"}")]
    assert sorted(entry["event"] for entry in whole) == ["handing-over"] * len(PEOPLE) + ["sent"] * len(PEOPLE)


def test_only_one_run_at_a_time_per_class(folder):
    with SendLedger(folder), pytest.raises(LedgerBusy):
        SendLedger(folder)
    SendLedger(folder).close()


def test_login_uses_the_password_from_the_environment_only(copies, folder, monkeypatch):
    server = SmtpServer(FaultyHandler(), credentials=("coordinator", "s3cret-pass")).start()
    try:
        settings = SmtpSettings.model_validate(server.settings(username="coordinator"))
        with pytest.raises(SmtpError, match="HANDOUTS_SMTP_PASSWORD"):
            SmtpTransport(settings)
        with pytest.raises(SmtpError) as refused:
            send_all(copies, make_composer(), SmtpTransport(settings, "wrong-pass", FAST), folder)
        assert "wrong-pass" not in str(refused.value)
        monkeypatch.setenv("HANDOUTS_SMTP_PASSWORD", "s3cret-pass")
        from handouts.delivery.smtp import password_from_environment

        transport = SmtpTransport(settings, password_from_environment(), FAST)
        assert "s3cret" not in repr(transport)
        report = send_all(copies, make_composer(), transport, folder)
        assert len(report.sent) == len(PEOPLE) and "s3cret" not in (folder / LEDGER_NAME).read_text()
    finally:
        server.stop()


def test_rate_limit_spaces_messages():
    clock = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += seconds

    limiter = RateLimiter(30, clock=lambda: clock[0], sleep=sleep)
    for _ in range(4):
        limiter.wait()
    assert slept == [2.0, 2.0, 2.0]


def test_backoff_grows_and_is_capped():
    assert RetryPolicy(attempts=5, initial_delay=1, factor=3, max_delay=5).delays() == [1, 3, 5, 5]


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({"host": "smtp.example.org", "security": "none"}, "allowed only for localhost"),
        ({"host": "localhost", "password": "x"}, "HANDOUTS_SMTP_PASSWORD"),
        ({"host": "localhost", "from": "not an address"}, "not an email address"),
        ({"host": "localhost", "rate_per_minute": 0}, "greater than 0"),
    ],
)
def test_smtp_settings_are_checked(table, problem):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=problem):
        SmtpSettings.model_validate({"from": "classes@example.org", **table})


def test_smtp_settings_defaults():
    settings = SmtpSettings.model_validate({"host": "::1", "security": "none", "from": "Clinic <A@Example.ORG>"})
    assert settings.effective_port == 25 and settings.from_ == "Clinic <A@example.org>"
    assert SmtpSettings.model_validate({"host": "smtp.example.org", "from": "a@example.org"}).effective_port == 587
    assert SmtpSettings.model_validate({"host": "h", "security": "ssl", "from": "a@example.org"}).effective_port == 465


def test_end_to_end_through_the_cli(make_project, runner, smtp_server, tmp_path):  # noqa: F811
    from handouts.cli import app

    project = make_project("small-exercise-class")  # a short pack: the delivery is what is tested here
    config = project / "handouts.toml"
    text = config.read_text()
    assert "port = 8025" in text
    text = text.replace("port = 8025", f"port = {smtp_server.port}")
    config.write_text(text.replace("rate_per_minute = 30", "rate_per_minute = 6000"))
    roster = tmp_path / "roster.csv"
    rows = ["Name;E-mail", "José Núñez;jose@example.com", "No Body;nobody@example.com", "Ana Ruiz;ana@example.com"]
    roster.write_text("\n".join([*rows, "Bad;bad@"]) + "\n")
    smtp_server.handler.refuse = {"nobody@example.com": "550 5.1.1 unknown mailbox"}
    out = tmp_path / "out"
    common = ["--class", "small", "--roster", str(roster), "--out", str(out), "--project", str(project)]

    refused = runner.invoke(app, ["build", *common])
    assert refused.exit_code == 1 and "roster.csv:5: invalid email address 'bad@'" in refused.output
    assert not out.exists()  # nothing is built while a row is invalid

    built = runner.invoke(app, ["build", *common, "--skip-invalid"])
    assert built.exit_code == 0, built.output
    assert "skipped:" in built.output and "3 personal copies" in built.output
    folder = out / "small"
    assert sorted(p.name for p in (folder / "participants").glob("*.pdf")) == [
        "ana-ruiz.pdf", "jose-nunez.pdf", "no-body.pdf"
    ]

    dry = runner.invoke(app, ["email", *common, "--skip-invalid"])
    assert dry.exit_code == 0, dry.output
    assert "0 made, 3 up to date" in dry.output and "3 message(s) written" in dry.output
    assert len(list((folder / "outbox").glob("*.eml"))) == 3 and smtp_server.handler.received == []

    first = runner.invoke(app, ["email", *common, "--skip-invalid", "--send"])  # --send alone sends one
    assert first.exit_code == 3, first.output  # 3: work left
    assert "sending 1 message to check" in first.output
    assert "sent: 1" in first.output and "not sent yet: 2" in first.output

    rest = runner.invoke(app, ["email", *common, "--skip-invalid", "--send", "--all"])
    assert rest.exit_code == 2 and "refused: 1" in rest.output  # 2: done, with refusals
    assert "nothing left to send; 1 refused, see failed.csv" in rest.output
    assert "nobody@example.com,550,5.1.1 unknown mailbox" in (folder / "failed.csv").read_text()

    again = runner.invoke(app, ["email", *common, "--skip-invalid", "--send", "--all"])
    assert again.exit_code == 2, again.output
    assert "sent: 0, already sent earlier: 2" in again.output
    assert "skipped 1 address(es) refused for good" in again.output
    assert "nothing left to send; 1 refused, see failed.csv" in again.output
    assert len(smtp_server.handler.received) == 2  # the refused address was not offered again

    retried = runner.invoke(app, ["email", *common, "--skip-invalid", "--send", "--all", "--retry-refused"])
    assert retried.exit_code == 2 and "sent: 0" in retried.output
    handler = smtp_server.handler
    assert len(handler.received) == 2 and len(handler.to("jose@example.com")) == len(handler.to("ana@example.com")) == 1
    attached = next(smtp_server.handler.to("ana@example.com")[0].message.iter_attachments()).get_content()
    assert attached == (folder / "participants" / "ana-ruiz.pdf").read_bytes()


def test_starttls_is_required_when_configured(copies, folder, smtp_server):  # noqa: F811
    transport = transport_for(smtp_server, security="starttls")
    with pytest.raises(SmtpError, match="STARTTLS"):
        send_all(copies, make_composer(), transport, folder)
    assert smtp_server.handler.received == []


def test_each_message_is_recorded_handing_over_durably_before_its_data(copies, folder, smtp_server):  # noqa: F811
    seen_in_ledger = []
    original = FaultyHandler.handle_DATA

    async def check_ledger_then_accept(self, server, session, envelope):
        # What a crash right now would leave: the ledger must already say this message is being handed over.
        last = json.loads((folder / LEDGER_NAME).read_bytes().splitlines()[-1])
        seen_in_ledger.append((last["event"], last["recipient"], envelope.rcpt_tos[0]))
        return await original(self, server, session, envelope)

    smtp_server.handler.handle_DATA = check_ledger_then_accept.__get__(smtp_server.handler)
    send(copies, folder, smtp_server)
    assert seen_in_ledger == [("handing-over", p.email, p.email) for p in PEOPLE]
    assert len(read_entries(folder).sent) == len(PEOPLE) and not read_entries(folder).in_doubt


def test_a_permanent_refusal_is_not_offered_again_and_the_run_counts_as_done(copies, folder, smtp_server):  # noqa: F811
    smtp_server.handler.refuse = {"bo@example.com": "550 5.1.1 no such mailbox"}
    first = send(copies, folder, smtp_server)
    assert first.exit_code == 2 and [f.recipient for f in first.refused] == ["bo@example.com"]
    again = send(copies, folder, smtp_server)
    assert again.exit_code == 2 and [c.participant.email for c in again.refused_before] == ["bo@example.com"]
    assert "nothing left to send; 1 refused, see failed.csv" in again.summary()
    assert "bo@example.com,550," in (folder / "failed.csv").read_text()
    smtp_server.handler.refuse = {}
    retried = send(copies, folder, smtp_server, retry_refused=True)
    assert retried.exit_code == 0 and [c.participant.email for c in retried.sent] == ["bo@example.com"]
    assert each_once(smtp_server.handler) and not (folder / "failed.csv").exists()
