"""Email every participant their copy exactly once: a dry run into outbox/, or a real send through the ledger."""

import csv
import hashlib
import io
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from queue import Full, Queue
from typing import TYPE_CHECKING

from handouts.errors import HandoutsError, Problem
from handouts.ledger import LedgerEntry, SendLedger, now, read_entries
from handouts.message import Letterhead, MessageComposer
from handouts.pack import write_atomically
from handouts.personalise import PersonalCopy, Progress, class_details, personalise_class
from handouts.roster import read_roster
from handouts.smtp import Delivery, RetryPolicy, SmtpTransport, password_from_environment
from handouts.templating import make_environment

if TYPE_CHECKING:
    from handouts.content import Content

OUTBOX_NAME = "outbox"
FAILED_NAME = "failed.csv"


@dataclass
class EmailReport:
    """What a run did, or in a dry run what it would do."""

    dry_run: bool
    to_send: list[PersonalCopy] = field(default_factory=list)
    already_sent: list[PersonalCopy] = field(default_factory=list)
    sent: list[PersonalCopy] = field(default_factory=list)
    failed: list[LedgerEntry] = field(default_factory=list)
    left_for_later: int = 0
    interrupted: bool = False
    outbox: Path | None = None
    failed_csv: Path | None = None
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    copies_made: int = 0
    copies_reused: int = 0

    def summary(self) -> list[str]:
        """Return the lines that tell the coordinator what happened and what is left to do."""
        lines = [f"copies: {self.copies_made} made, {self.copies_reused} up to date"]
        if self.dry_run:
            lines.append(f"dry run: {len(self.to_send)} message(s) written to {self.outbox}/, nothing sent")
            lines.append(f"already sent earlier: {len(self.already_sent)}; add --send to send the rest")
            return lines
        lines.append(f"sent: {len(self.sent)}, already sent earlier: {len(self.already_sent)}")
        if self.interrupted:
            lines.append("stopped by Ctrl-C after the message in flight was recorded")
        if self.left_for_later:
            lines.append(f"not sent yet: {self.left_for_later} (run the same command again to continue)")
        return lines

    @property
    def exit_code(self) -> int:
        """130 when interrupted, 1 when a server refused someone, else 0."""
        return 130 if self.interrupted else 1 if self.failed else 0


def email_class(
    content: "Content",
    class_id: str,
    roster_path: Path,
    out_dir: Path,
    *,
    send: bool = False,
    limit: int | None = None,
    skip_invalid: bool = False,
    retry: RetryPolicy | None = None,
    progress: Callable[[str], Progress] | None = None,
) -> EmailReport:
    """Email each roster participant their personal copy of class `class_id`: a dry run unless `send`."""
    settings = content.config.smtp
    if send and settings is None:
        raise HandoutsError("add an [smtp] section to handouts.toml before sending (see the README)")
    if limit is not None and limit < 1:
        raise HandoutsError("--limit must be 1 or more")
    if send:
        retry = retry or RetryPolicy(settings.retry_attempts, settings.retry_delay)
        transport = SmtpTransport(settings, password_from_environment(), retry)
    else:
        transport = None
    roster = read_roster(roster_path, skip_invalid)
    made = personalise_class(
        content, class_id, roster, out_dir, reuse=True, progress=progress("Preparing copies") if progress else None
    )
    clinic = content.config.clinic
    letterhead = Letterhead(
        sender=settings.from_ if settings else str(Address(display_name=clinic.name, addr_spec=clinic.email)),
        reply_to=settings.reply_to if settings else None,
        clinic=clinic,
        cls=content.get_class(class_id),
        details=class_details(content, class_id),
        series=content.config.series.name,
    )
    composer = MessageComposer(letterhead, lambda language: make_environment(content.project, language))
    folder = out_dir / class_id
    if transport is None:
        report = dry_run(made.copies, composer, folder)
    else:
        sending = progress("Sending") if progress else None
        report = send_all(made.copies, composer, transport, folder, limit=limit, progress=sending)
    report.skipped = made.skipped
    report.warnings = made.warnings
    report.copies_reused = sum(1 for copy in made.copies if copy.reused)
    report.copies_made = len(made.copies) - report.copies_reused
    return report


@dataclass(frozen=True)
class Outgoing:
    """A message ready for the wire, and what the ledger records about it."""

    copy: PersonalCopy
    data: bytes
    sha256: str
    message_id: str
    smtputf8: bool


def eml_bytes(message: EmailMessage, smtputf8: bool = False) -> bytes:
    """Return a message as the bytes an SMTP server receives (CRLF line ends)."""
    return message.as_bytes(policy=policy.SMTPUTF8 if smtputf8 else policy.SMTP)


def prepare_message(copy: PersonalCopy, composer: MessageComposer) -> Outgoing:
    """Compose and serialise the message for `copy`, attaching the PDF as it is on disk now."""
    pdf = copy.path.read_bytes()
    message = composer.compose(copy, pdf)
    smtputf8 = not (copy.participant.email + parseaddr(composer.letterhead.sender)[1]).isascii()
    digest = hashlib.sha256(pdf).hexdigest()
    return Outgoing(copy, eml_bytes(message, smtputf8), digest, message["Message-ID"], smtputf8)


def prepare_ahead(copies: list[PersonalCopy], composer: MessageComposer, depth: int = 4) -> Iterator[Outgoing]:
    """Yield each copy's Outgoing, composing the next few in a thread while the current one is on the wire."""
    ready: Queue = Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def work() -> None:
        try:
            for copy in copies:
                if not put(prepare_message(copy, composer)):
                    return
        except BaseException as exc:  # handed to the sending thread, which raises it
            put(exc)
            return
        put(None)

    worker = threading.Thread(target=work, name="compose-ahead", daemon=True)
    worker.start()
    try:
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def dry_run(copies: list[PersonalCopy], composer: MessageComposer, folder: Path) -> EmailReport:
    """Write one .eml per participant not yet sent to `folder/outbox/`; send nothing."""
    sent_before, _ = read_entries(folder)
    outbox = folder / OUTBOX_NAME
    outbox.mkdir(parents=True, exist_ok=True)
    for old in outbox.glob("*.eml"):
        old.unlink()
    report = EmailReport(dry_run=True, outbox=outbox)
    for copy in copies:
        if copy.participant.key in sent_before:
            report.already_sent.append(copy)
            continue
        write_atomically(outbox / f"{copy.slug}.eml", prepare_message(copy, composer).data)
        report.to_send.append(copy)
    return report


def send_all(
    copies: list[PersonalCopy],
    composer: MessageComposer,
    transport: SmtpTransport,
    folder: Path,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> EmailReport:
    """Send each participant not in the ledger their copy; record every outcome; write failed.csv."""
    report = EmailReport(dry_run=False)
    sender = parseaddr(composer.letterhead.sender)[1]
    class_id = composer.letterhead.details.id
    with SendLedger(folder) as ledger, transport, _deferred_interrupt() as interrupted:
        try:
            for copy in copies:
                (report.already_sent if ledger.is_sent(copy.participant.email) else report.to_send).append(copy)
            if limit is not None and len(report.to_send) > limit:
                report.left_for_later = len(report.to_send) - limit
                del report.to_send[limit:]
            total = len(report.to_send)
            with closing(prepare_ahead(report.to_send, composer)) as ready:
                for done, message in enumerate(ready, start=1):
                    recipient = message.copy.participant.email
                    delivery = transport.send(message.data, sender, recipient, smtputf8=message.smtputf8)
                    ledger.record(_ledger_entry(class_id, message, delivery))
                    if delivery.accepted:
                        report.sent.append(message.copy)
                    if progress:
                        progress(done, total)
                    if interrupted():
                        report.interrupted = True
                        report.left_for_later += total - done
                        break
        finally:
            keys = {copy.participant.key for copy in copies}
            report.failed = [entry for key, entry in ledger.failed.items() if key in keys]
            report.failed_csv = write_failed_csv(folder, report.failed)
    return report


def _ledger_entry(class_id: str, message: Outgoing, delivery: Delivery) -> LedgerEntry:
    person = message.copy.participant
    return LedgerEntry(
        event="sent" if delivery.accepted else "failed",
        class_id=class_id,
        recipient=person.email,
        sha256=message.sha256,
        message_id=message.message_id,
        time=now(),
        reply=delivery.reply,
        code=delivery.code,
        name=person.name,
    )


def write_failed_csv(folder: Path, failed: list[LedgerEntry]) -> Path | None:
    """Write `failed.csv` listing each refused recipient and the server's reply; remove it when none failed."""
    path = folder / FAILED_NAME
    if not failed:
        path.unlink(missing_ok=True)
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "email", "code", "reply", "permanent", "time"])
    for entry in failed:
        permanent = entry.code is not None and entry.code >= 500
        code = entry.code or ""
        writer.writerow([entry.name, entry.recipient, code, entry.reply, "yes" if permanent else "no", entry.time])
    write_atomically(path, buffer.getvalue().encode("utf-8"))
    return path


@contextmanager
def _deferred_interrupt() -> Iterator[Callable[[], bool]]:
    """Hold a first Ctrl-C until the message being sent is recorded; a second one stops at once."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    hits: list[int] = []

    def handler(signum, frame):
        hits.append(signum)
        if len(hits) > 1:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: bool(hits)
    finally:
        signal.signal(signal.SIGINT, previous)
