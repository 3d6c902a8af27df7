"""Email every participant their copy exactly once: a dry run into outbox/, or a real send through the ledger."""

import csv
import hashlib
import io
import signal
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from queue import Full, Queue
from typing import TYPE_CHECKING

from handouts.content.edition import Edition
from handouts.delivery.ledger import (
    FAILED,
    HANDING_OVER,
    SENT,
    LedgerEntry,
    LedgerState,
    LedgerWriteError,
    SendLedger,
    now,
    read_entries,
)
from handouts.delivery.message import Letterhead, MessageComposer, message_id
from handouts.delivery.personalise import PersonalCopy, Progress, class_details, personalise_class
from handouts.delivery.roster import Roster
from handouts.delivery.smtp import Delivery, RetryPolicy, SendStopped, SmtpTransport, password_from_environment
from handouts.errors import HandoutsError, Problem
from handouts.files import write_atomically
from handouts.rendering.templating import make_environment

if TYPE_CHECKING:
    from handouts.content.load import Content

OUTBOX_NAME = "outbox"
FAILED_NAME = "failed.csv"


# Exit codes of `handouts email --send`, so a script can tell "done" from "run me again" (README, --help).
ALL_SENT = 0
DONE_WITH_REFUSALS = 2  # nothing left to send, but some addresses were refused for good (see failed.csv)
WORK_LEFT = 3  # not finished: messages not sent yet (--limit, temporary failures) or in doubt
INTERRUPTED = 130


@dataclass
class EmailReport:
    """What a run did, or in a dry run what it would do."""

    dry_run: bool
    to_send: list[PersonalCopy] = field(default_factory=list)
    already_sent: list[PersonalCopy] = field(default_factory=list)
    sent: list[PersonalCopy] = field(default_factory=list)
    failed: list[LedgerEntry] = field(default_factory=list)
    refused_before: list[PersonalCopy] = field(default_factory=list)
    in_doubt: list[LedgerEntry] = field(default_factory=list)
    left_for_later: int = 0
    limit: int | None = None
    interrupted: bool = False
    stopped_at_once: bool = False
    outbox: Path | None = None
    failed_csv: Path | None = None
    other_ledgers: list[Path] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    copies_made: int = 0
    copies_reused: int = 0

    @property
    def refused(self) -> list[LedgerEntry]:
        """The recipients a server refused for good."""
        return [entry for entry in self.failed if entry.refused_for_good]

    @property
    def temporary(self) -> list[LedgerEntry]:
        """The recipients whose last attempt failed for now (4xx after every retry): a re-run tries them again."""
        return [entry for entry in self.failed if not entry.refused_for_good]

    def summary(self) -> list[str]:
        """Return the lines that tell the coordinator what happened and what is left to do."""
        lines = [f"copies: {self.copies_made} made, {self.copies_reused} up to date"]
        for path in self.other_ledgers:
            lines.append(f"also checked the ledger in {path}: nobody recorded there is sent again")
        if self.dry_run:
            lines.append(f"dry run: {len(self.to_send)} message(s) written to {self.outbox}/, nothing sent")
            if self.left_for_later:
                lines.append(f"not written (--limit {self.limit}): {self.left_for_later}")
            lines.append(f"already sent earlier: {len(self.already_sent)}; add --send to send the rest")
        else:
            lines.append(f"sent: {len(self.sent)}, already sent earlier: {len(self.already_sent)}")
        if self.refused_before:
            lines.append(f"skipped {len(self.refused_before)} address(es) refused for good earlier (--retry-refused"
                         " offers them to the server again)")
        if self.interrupted:
            lines.append("stopped at once by a second Ctrl-C" if self.stopped_at_once
                         else "stopped by Ctrl-C after the message in flight was recorded")
        if self.in_doubt:
            lines.append(
                f"in doubt: {len(self.in_doubt)} message(s) were handed to the server but their acceptance was not "
                "recorded; check with the recipient or the server's log, then resend with --resend-in-doubt:"
            )
            lines.extend(f"  {entry.name} <{entry.recipient}> at {entry.time}" for entry in self.in_doubt)
        if self.temporary:
            lines.append(f"failed for now: {len(self.temporary)} (a re-run tries them again)")
        if self.left_for_later:
            if not self.dry_run:
                default = " (--send sends 1 message unless --limit N or --all)" if self.limit == 1 else ""
                lines.append(f"not sent yet: {self.left_for_later}{default}; run the same command again to continue")
        elif not self.dry_run and not self.in_doubt and not self.temporary and not self.interrupted:
            refused = len(self.refused)
            lines.append(f"nothing left to send; {refused} refused, see {FAILED_NAME}" if refused
                         else "nothing left to send: everyone has their copy")
        return lines

    @property
    def exit_code(self) -> int:
        """130 when interrupted; 3 while work is left (not sent yet, failed for now, in doubt); 2 when the
        only thing left is addresses refused for good; else 0."""
        if self.interrupted:
            return INTERRUPTED
        if self.dry_run:
            return ALL_SENT
        if self.left_for_later or self.in_doubt or self.temporary:
            return WORK_LEFT
        return DONE_WITH_REFUSALS if self.refused else ALL_SENT


def email_class(
    content: "Content",
    class_id: str,
    roster: Roster,
    out_dir: Path,
    *,
    edition: Edition = Edition(),
    send: bool = False,
    limit: int | None = None,
    resend_in_doubt: bool = False,
    retry_refused: bool = False,
    other_ledgers: tuple[Path, ...] = (),
    retry: RetryPolicy | None = None,
    progress: Callable[[str], Progress] | None = None,
    notify: Callable[[str], None] | None = None,
) -> EmailReport:
    """Email each roster participant their personal copy of class `class_id` in `edition`: a dry run unless `send`.

    Copies that `build --roster` made for the same edition and content are reused; copies made in another
    edition stop the run (EditionMismatch) instead of being replaced. `other_ledgers` are further OUT folders
    whose ledgers for this class are honoured read-only (the project's default one when --out points elsewhere).
    """
    settings = content.config.smtp
    if send and settings is None:
        raise HandoutsError("add an [smtp] section to handouts.toml before sending (see the README)")
    if limit is not None and limit < 1:
        raise HandoutsError("--limit must be 1 or more")
    if send:
        assert settings is not None  # checked above: sending needs an [smtp] section
        retry = retry or RetryPolicy(settings.retry_attempts, settings.retry_delay)
        transport = SmtpTransport(settings, password_from_environment(), retry)
    else:
        transport = None
    made = personalise_class(
        content, class_id, roster, out_dir, edition=edition, reuse=True, keep_edition=True,
        progress=progress("Preparing copies") if progress else None,
    )
    clinic = content.config.clinic
    letterhead = Letterhead(
        sender=settings.from_ if settings else str(Address(display_name=clinic.name, addr_spec=clinic.email)),
        reply_to=settings.reply_to if settings else None,
        clinic=clinic,
        cls=content.get_class(class_id),
        details=class_details(content, class_id, _languages(made.copies, content.config.series.language)),
        series=content.config.series.name,
    )
    composer = MessageComposer(letterhead, lambda language: _email_environment(content, letterhead, language))
    folder = out_dir / class_id
    others = [other / class_id for other in other_ledgers if (other / class_id).resolve() != folder.resolve()]
    others = [other for other in others if (other / "sent-ledger.jsonl").is_file()]
    if transport is None:
        report = dry_run(made.copies, composer, folder, limit=limit, resend_in_doubt=resend_in_doubt,
                         retry_refused=retry_refused, others=others)
    else:
        sending = progress("Sending") if progress else None
        report = send_all(made.copies, composer, transport, folder, progress=sending, notify=notify, limit=limit,
                          resend_in_doubt=resend_in_doubt, retry_refused=retry_refused, others=others)
    report.other_ledgers = others
    report.skipped = made.skipped
    report.warnings = made.warnings
    report.copies_reused = sum(1 for copy in made.copies if copy.reused)
    report.copies_made = len(made.copies) - report.copies_reused
    return report


def _languages(copies: list[PersonalCopy], source: str) -> list[str]:
    return sorted({copy.participant.language for copy in copies if copy.participant.language} - {source})


def _email_environment(content: "Content", letterhead: Letterhead, language: str):
    """The email templates' environment in `language`: its catalogue's phrases, and the class title as that
    language's edition prints it (`class_title`)."""
    from handouts.content.i18n import load_translations

    translations = load_translations(content.project, language, content.config.series.language)
    env = make_environment(content.project, language, translations)
    env.globals["class_title"] = letterhead.details.title_in(language)
    env.globals["series_name"] = translations.pgettext("handouts.toml:series:name", letterhead.series)
    return env


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
    head = composer.letterhead
    smtputf8 = not (copy.participant.email + parseaddr(head.sender)[1]).isascii()
    digest = hashlib.sha256(pdf).hexdigest()
    data = composer.compose_bytes(copy, pdf, smtputf8)  # the same message as compose(), written directly
    return Outgoing(copy, data, digest, message_id(head.details.id, copy.participant.email, head.sender), smtputf8)


def prepare_ahead(
    copies: list[PersonalCopy], composer: MessageComposer, depth: int = 4
) -> Generator[Outgoing, None, None]:
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


def _sort(
    report: EmailReport,
    copies: list[PersonalCopy],
    state: LedgerState,
    *,
    limit: int | None,
    resend_in_doubt: bool,
    retry_refused: bool,
) -> None:
    """Put each copy in `report.already_sent`, `refused_before`, `in_doubt` or `to_send` (at most `limit`)."""
    for copy in copies:
        key = copy.participant.key
        if key in state.sent:
            report.already_sent.append(copy)
        elif key in state.in_doubt and not resend_in_doubt:
            report.in_doubt.append(state.in_doubt[key])
        elif key in state.failed and state.failed[key].refused_for_good and not retry_refused:
            report.refused_before.append(copy)
        else:
            report.to_send.append(copy)
    report.limit = limit
    if limit is not None and len(report.to_send) > limit:
        report.left_for_later = len(report.to_send) - limit
        del report.to_send[limit:]


def _state(folder: Path, others: list[Path], own: LedgerState | None = None) -> LedgerState:
    state = own if own is not None else read_entries(folder)
    merged = LedgerState(dict(state.sent), dict(state.failed), dict(state.in_doubt))
    for other in others:
        merged.merge(read_entries(other))
    return merged


def dry_run(
    copies: list[PersonalCopy],
    composer: MessageComposer,
    folder: Path,
    *,
    limit: int | None = None,
    resend_in_doubt: bool = False,
    retry_refused: bool = False,
    others: list[Path] | None = None,
) -> EmailReport:
    """Write one .eml per participant a send would mail (at most `limit`) to `folder/outbox/`; send nothing."""
    outbox = folder / OUTBOX_NAME
    outbox.mkdir(parents=True, exist_ok=True)
    for old in outbox.glob("*.eml"):
        old.unlink()
    report = EmailReport(dry_run=True, outbox=outbox)
    state = _state(folder, others or [])
    _sort(report, copies, state, limit=limit, resend_in_doubt=resend_in_doubt, retry_refused=retry_refused)
    for copy in report.to_send:
        write_atomically(outbox / f"{copy.slug}.eml", prepare_message(copy, composer).data)
    keys = {copy.participant.key for copy in copies}
    report.failed = [entry for key, entry in state.failed.items() if key in keys]
    return report


def send_all(
    copies: list[PersonalCopy],
    composer: MessageComposer,
    transport: SmtpTransport,
    folder: Path,
    *,
    limit: int | None = None,
    resend_in_doubt: bool = False,
    retry_refused: bool = False,
    others: list[Path] | None = None,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
) -> EmailReport:
    """Send each participant not yet sent their copy; record every step in the ledger; write failed.csv.

    Each message is recorded "handing-over" (durably) before DATA and "sent" or "failed" after the reply, so a
    crash at any moment leaves it either unsent, sent, or *in doubt* -- never silently sent twice.
    """
    report = EmailReport(dry_run=False)
    sender = parseaddr(composer.letterhead.sender)[1]
    class_id = composer.letterhead.details.id
    with SendLedger(folder) as ledger, transport, _interrupts(transport, notify) as interrupted:
        state = _state(folder, others or [], ledger.state)
        attempted: set[str] = set()  # recipients whose message got an outcome (or went in doubt) this run
        completed = False
        try:
            _sort(report, copies, state, limit=limit, resend_in_doubt=resend_in_doubt, retry_refused=retry_refused)
            total = len(report.to_send)
            done = 0
            with closing(prepare_ahead(report.to_send, composer)) as ready:
                for message in ready:
                    person = message.copy.participant

                    def hand_over(message=message) -> None:
                        attempted.add(message.copy.participant.key)
                        with interrupted.held():  # a second Ctrl-C waits until the line is durable
                            ledger.record(_ledger_entry(class_id, message, HANDING_OVER))

                    try:
                        delivery = transport.send(
                            message.data, sender, person.email, smtputf8=message.smtputf8, before_data=hand_over
                        )
                    except SendStopped as stopped:  # Ctrl-C during a back-off: the message did not go out
                        if stopped.code is not None or person.key in ledger.in_doubt:
                            failure = Delivery(False, stopped.code, f"stopped by Ctrl-C; last reply: {stopped.reply}")
                            with interrupted.held():
                                ledger.record(_ledger_entry(class_id, message, FAILED, failure))
                            attempted.add(person.key)
                        break
                    attempted.add(person.key)
                    if not delivery.in_doubt:
                        try:
                            with interrupted.held():
                                event = SENT if delivery.accepted else FAILED
                                # Made durable by the next message's "handing-over" sync, or on close.
                                ledger.record(_ledger_entry(class_id, message, event, delivery), durable=False)
                        except LedgerWriteError as exc:
                            raise LedgerWriteError(
                                f"{exc}; the message to {person.name} <{person.email}> was handed to the server and "
                                "is now in doubt (the next run lists it); stopped before the next message"
                            ) from None
                    if delivery.accepted:
                        report.sent.append(message.copy)
                    done += 1
                    if progress:
                        progress(done, total)
                    if interrupted():
                        break
            completed = True
        except KeyboardInterrupt:  # the second Ctrl-C: whatever was handed over stays in doubt in the ledger
            transport.abort()
            report.stopped_at_once = True
        finally:
            report.interrupted = interrupted()
            report.left_for_later += sum(1 for copy in report.to_send if copy.participant.key not in attempted)
            keys = {copy.participant.key for copy in copies}
            final = _state(folder, others or [], ledger.state)
            report.failed = [entry for key, entry in final.failed.items() if key in keys]
            report.in_doubt = [entry for key, entry in final.in_doubt.items() if key in keys]
            try:
                report.failed_csv = write_failed_csv(folder, report.failed)
            except OSError:
                if completed:
                    raise
                # already stopping on an error (e.g. the disk is full): let that one be the one reported
    return report


def _ledger_entry(class_id: str, message: Outgoing, event: str, delivery: Delivery | None = None) -> LedgerEntry:
    person = message.copy.participant
    return LedgerEntry(
        event=event,
        class_id=class_id,
        recipient=person.email,
        sha256=message.sha256,
        message_id=message.message_id,
        time=now(),
        reply=delivery.reply if delivery else "",
        code=delivery.code if delivery else None,
        name=person.name,
        permanent=bool(delivery and delivery.permanent),
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


class _Interrupts:
    """Ctrl-C while sending: the first asks to stop after the message in flight (and ends any back-off at once);
    the second stops at once, except while a ledger line is being made durable (`held`), where it waits for it."""

    def __init__(self, transport: SmtpTransport, notify: Callable[[str], None] | None) -> None:
        self.transport = transport
        self.notify = notify
        self.hits = 0
        self._holding = 0
        self._pending = False

    def __call__(self) -> bool:
        return self.hits > 0

    def handler(self, signum, frame) -> None:
        self.hits += 1
        if self.hits == 1:
            self.transport.stop_waiting()
            if self.notify:
                self.notify("Ctrl-C: stopping after the message in flight is recorded (Ctrl-C again to stop at once)")
            return
        if self._holding:
            self._pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if not self._holding and self._pending:
                self._pending = False
                raise KeyboardInterrupt


@contextmanager
def _interrupts(transport: SmtpTransport, notify: Callable[[str], None] | None) -> Iterator[_Interrupts]:
    """Install the two-step Ctrl-C handler for the batch (only the main thread can receive signals)."""
    state = _Interrupts(transport, notify)
    if threading.current_thread() is not threading.main_thread():
        yield state
        return
    previous = signal.signal(signal.SIGINT, state.handler)
    try:
        yield state
    finally:
        signal.signal(signal.SIGINT, previous)
