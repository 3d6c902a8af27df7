"""Delivery you can trust, end to end: `handouts email --send` in a real process, a real aiosmtpd server on
loopback, real SIGINTs, a real file-size limit for "disk full", and copies reused from `build --roster`."""

import asyncio
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from roster_support import FaultyHandler, SmtpServer, free_port

from handouts.content.project import default_project_root
from handouts.delivery.ledger import LEDGER_NAME, read_entries

PARTS = ("handouts.toml", "data", "templates", "assets")
# A short class with figures and QR codes (tests/fixtures/small-exercise-class): delivery is what is tested here.
CLASS = "small"
SMALL_CLASS = Path(__file__).parent / "fixtures" / "small-exercise-class" / "data" / "classes" / "small.yaml"
ROSTER = "Name,Email\nAna Ruiz,ana@example.com\nBo Chen,bo@example.com\nCy Dale,cy@example.com\nDi Eze,di@example.com\n"
PEOPLE = ["ana@example.com", "bo@example.com", "cy@example.com", "di@example.com"]


class HoldingHandler(FaultyHandler):
    """Holds the DATA of the message numbered `hold` (1-based) until released, telling the test when it arrives."""

    def __init__(self, hold: int | None = None, drop_in_data: set[str] | None = None, on_data=None) -> None:
        super().__init__()
        self.hold = hold
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.drop_in_data = drop_in_data or set()
        self.on_data = on_data
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        reply = await super().handle_DATA(server, session, envelope)  # queued: it will reach the mailbox
        if self.seen == self.hold:  # ... but the 250 is slow to come
            self.arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        if self.on_data:
            self.on_data()
        if {a.casefold() for a in envelope.rcpt_tos} & self.drop_in_data:
            server.transport.abort()  # the message arrived but the client never hears the 250
        return reply


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project whose personal copies `build --roster` already made (so `email` reuses them), and its port."""
    root = tmp_path_factory.mktemp("built") / "project"
    root.mkdir()
    source = default_project_root()
    for part in PARTS:
        (shutil.copytree if (source / part).is_dir() else shutil.copy2)(source / part, root / part)
    port = free_port()
    config = root / "handouts.toml"
    text = config.read_text().replace("port = 8025", f"port = {port}")
    config.write_text(text.replace("rate_per_minute = 30", "rate_per_minute = 6000") + "\n")
    (root / "roster.csv").write_text(ROSTER)
    shutil.copy2(SMALL_CLASS, root / "data" / "classes" / "small.yaml")
    # From a sub-folder: the output still goes to the project's build/.
    run(root, "build", "--class", CLASS, "--roster", "roster.csv", check=True, cwd=root / "data")
    assert (root / "build" / CLASS / "participants" / ".manifest.json").is_file()
    return root, port


@pytest.fixture
def project(built, tmp_path):
    root, port = built
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    return copy, port


def with_retry(root: Path, attempts: int, delay: float) -> None:
    config = root / "handouts.toml"
    settings = f"[smtp]\nretry_attempts = {attempts}\nretry_delay = {delay}\n"
    config.write_text(config.read_text().replace("[smtp]\n", settings))


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "handouts", *args]


def absolute(root: Path, args: tuple[str, ...]) -> list[str]:
    return [str(root / arg) if arg == "roster.csv" else arg for arg in args]


def run(root: Path, *args: str, check: bool = False, cwd: Path | None = None) -> subprocess.CompletedProcess:
    argv = command(*absolute(root, args))
    result = subprocess.run(argv, cwd=cwd or root, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


SEND = ("email", "--class", CLASS, "--roster", "roster.csv", "--send", "--all")


def start(root: Path, *args: str) -> subprocess.Popen:
    argv = command(*absolute(root, args))
    return subprocess.Popen(argv, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def serve(handler: FaultyHandler, port: int) -> SmtpServer:
    return SmtpServer(handler, port=port).start()


def test_email_reuses_the_build_copies_and_sends_each_once_from_any_folder(project):
    root, port = project
    server = serve(FaultyHandler(), port)
    try:
        first = run(root, *SEND, cwd=root / "data")  # from a sub-folder: the ledger is still the project's
        assert first.returncode == 0, first.stderr
        assert "copies: 0 made, 4 up to date" in first.stdout
        assert "nothing left to send: everyone has their copy" in first.stdout
        assert (root / "build" / CLASS / LEDGER_NAME).is_file()
        again = run(root, *SEND, cwd=root / "templates")
        assert again.returncode == 0 and "sent: 0, already sent earlier: 4" in again.stdout
        elsewhere = run(root, *SEND, "--out", str(root.parent / "elsewhere"))
        assert "also checked the ledger in" in elsewhere.stdout
        assert "sent: 0, already sent earlier: 4" in elsewhere.stdout, elsewhere.stdout + elsewhere.stderr
    finally:
        server.stop()
    assert sorted(len(server.handler.to(p)) for p in PEOPLE) == [1, 1, 1, 1]


def test_email_never_replaces_copies_made_in_another_edition(project):
    root, _ = project
    participants = root / "build" / CLASS / "participants"
    before = {p.name: p.read_bytes() for p in participants.glob("*.pdf")}
    refused = run(root, "email", "--class", CLASS, "--roster", "roster.csv", "--duplex")
    assert refused.returncode == 1
    assert "made as the 'standard' edition" in refused.stderr and "asks for 'duplex'" in refused.stderr
    assert {p.name: p.read_bytes() for p in participants.glob("*.pdf")} == before


def test_first_ctrl_c_finishes_the_message_in_flight_then_stops(project):
    root, port = project
    handler = HoldingHandler(hold=2)
    server = serve(handler, port)
    try:
        process = start(root, *SEND)
        assert handler.arrived.wait(60)
        process.send_signal(signal.SIGINT)
        time.sleep(0.5)
        handler.release.set()
        out, err = process.communicate(timeout=60)
    finally:
        server.stop()
    assert process.returncode == 130, out + err
    assert "stopping after the message in flight" in err
    assert "sent: 2" in out and "not sent yet: 2" in out
    assert len(read_entries(root / "build" / CLASS).sent) == 2


def test_second_ctrl_c_stops_at_once_and_leaves_the_message_in_doubt(project):
    root, port = project
    handler = HoldingHandler(hold=2)
    server = serve(handler, port)
    try:
        process = start(root, *SEND)
        assert handler.arrived.wait(60)
        process.send_signal(signal.SIGINT)
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)  # returns while the server still holds the message
        handler.release.set()
        time.sleep(0.3)
        assert process.returncode == 130, out + err
        assert "stopped at once" in out and "in doubt: 1" in out and "Bo Chen <bo@example.com>" in out
        rerun = run(root, *SEND)
        assert rerun.returncode == 3, rerun.stdout + rerun.stderr  # 3: work left (the doubt is for a human)
        assert "in doubt: 1" in rerun.stdout and "Bo Chen <bo@example.com>" in rerun.stdout
        assert len(handler.to("bo@example.com")) == 1  # the held message arrived; it was not sent again
        resent = run(root, *SEND, "--resend-in-doubt")
        assert resent.returncode == 0, resent.stdout + resent.stderr
    finally:
        server.stop()
    assert [len(handler.to(p)) for p in PEOPLE] == [1, 2, 1, 1]  # only the explicit --resend-in-doubt doubled


def test_ctrl_c_during_a_retry_back_off_stops_at_once(project):
    root, port = project
    with_retry(root, attempts=5, delay=30)
    handler = FaultyHandler(temporary={"ana@example.com": 10}, temporary_code="451 4.7.1 Greylisted")
    server = serve(handler, port)
    try:
        process = start(root, *SEND)
        deadline = time.monotonic() + 60
        while handler.temporary["ana@example.com"] == 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # now in the 30 s back-off
        interrupted = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        waited = time.monotonic() - interrupted
    finally:
        server.stop()
    assert process.returncode == 130, out + err
    assert waited < 20, waited  # not the 30 s back-off (a loaded machine needs seconds to start Python)
    assert "failed for now: 1" in out and handler.received == []
    assert read_entries(root / "build" / CLASS).failed["ana@example.com"].code == 451


def test_a_connection_lost_after_data_leaves_the_message_in_doubt_not_resent(project):
    root, port = project
    handler = HoldingHandler(drop_in_data={"cy@example.com"})
    server = serve(handler, port)
    try:
        first = run(root, *SEND)
        second = run(root, *SEND)
    finally:
        server.stop()
    assert first.returncode == 3, first.stdout + first.stderr
    assert "in doubt: 1" in first.stdout and "Cy Dale <cy@example.com>" in first.stdout
    assert "in doubt: 1" in second.stdout and "sent: 0, already sent earlier: 3" in second.stdout
    assert [len(handler.to(p)) for p in PEOPLE] == [1, 1, 1, 1]


def test_a_full_disk_after_acceptance_leaves_the_message_in_doubt_not_torn(project):
    root, port = project
    ledger = root / "build" / CLASS / LEDGER_NAME
    process: list[subprocess.Popen] = []

    def disk_full() -> None:  # the server has the message; now the sender's next write cannot grow a file
        if len(handler.received) == 2:
            size = ledger.stat().st_size
            resource.prlimit(process[0].pid, resource.RLIMIT_FSIZE, (size, size))

    handler = HoldingHandler(on_data=disk_full)
    server = serve(handler, port)
    try:
        process.append(start(root, *SEND))
        out, err = process[0].communicate(timeout=120)
    finally:
        server.stop()
    assert process[0].returncode == 1, out + err
    assert "cannot record in the send ledger" in err
    assert "the message to Bo Chen <bo@example.com> was handed to the server and is now in doubt" in err
    data = ledger.read_bytes()
    assert data.endswith(b"\n")  # no torn line
    state = read_entries(ledger.parent)
    assert len(state.sent) == 1 and list(state.in_doubt) == ["bo@example.com"]
    server = serve(handler, port)
    try:
        rerun = run(root, *SEND)
    finally:
        server.stop()
    assert "Bo Chen <bo@example.com>" in rerun.stdout and rerun.returncode == 3
    assert [len(handler.to(p)) for p in PEOPLE] == [1, 1, 1, 1]


def test_a_server_that_never_greets_is_named_as_such(project):
    root, port = project
    config = root / "handouts.toml"
    config.write_text(config.read_text().replace("[smtp]\n", "[smtp]\ntimeout = 1\n"))
    silent = socket.socket()
    silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    silent.bind(("127.0.0.1", port))
    silent.listen(5)  # the kernel accepts the connection; nobody ever says 220
    try:
        result = run(root, *SEND)
    finally:
        silent.close()
    assert result.returncode == 1
    assert "the server accepted the connection but did not answer within 1 seconds (smtp.timeout)" in result.stderr


def test_dry_run_honours_limit(project):
    root, _ = project
    result = run(root, "email", "--class", CLASS, "--roster", "roster.csv", "--limit", "2")
    assert result.returncode == 0, result.stderr
    assert "dry run: 2 message(s) written" in result.stdout and "not written (--limit 2): 2" in result.stdout
    assert len(list((root / "build" / CLASS / "outbox").glob("*.eml"))) == 2
