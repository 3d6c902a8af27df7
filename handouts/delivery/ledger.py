"""The send ledger: an append-only JSON-lines file, fsynced per entry, of every message handed to a server.

Each message gets a "handing-over" line (made durable) before the server is sent its DATA, then a "sent" line
after the server's 250, or a "failed" line when the server refused it. A message whose last line is still
"handing-over" is *in doubt*: the run stopped (a crash, kill -9, a second Ctrl-C, a full disk) after the server
may have accepted it but before that was recorded. A re-run lists it and does not resend it unless asked.
"""

import contextlib
import datetime as dt
import fcntl
import json
import os
from dataclasses import dataclass, fields
from pathlib import Path

from handouts.errors import HandoutsError

LEDGER_NAME = "sent-ledger.jsonl"
HANDING_OVER, SENT, FAILED = "handing-over", "sent", "failed"


class LedgerBusy(HandoutsError):
    """Raised when another run is already sending this class."""


class LedgerWriteError(HandoutsError):
    """Raised when an entry cannot be made durable (disk full, folder gone); the batch stops there."""


@dataclass(frozen=True)
class LedgerEntry:
    """One step of one message: `handing-over`, `sent` (the server accepted it) or `failed` (it refused it)."""

    event: str
    class_id: str
    recipient: str
    sha256: str
    message_id: str
    time: str
    reply: str = ""
    code: int | None = None
    name: str = ""
    permanent: bool = False

    @property
    def key(self) -> str:
        return self.recipient.casefold()

    @property
    def refused_for_good(self) -> bool:
        """Whether the server refused this message permanently (5xx): sending it again will not help."""
        return self.event == FAILED and (self.permanent or (self.code is not None and self.code >= 500))


_FIELDS = {f.name for f in fields(LedgerEntry)}


@dataclass
class LedgerState:
    """The latest state of each recipient: sent, failed (refused), or in doubt (handed over, unconfirmed)."""

    sent: dict[str, LedgerEntry]
    failed: dict[str, LedgerEntry]
    in_doubt: dict[str, LedgerEntry]

    def merge(self, other: "LedgerState") -> None:
        """Add what `other` (another ledger of the same class) knows; a recipient sent anywhere stays sent."""
        for key, entry in other.sent.items():
            self.sent.setdefault(key, entry)
            self.failed.pop(key, None)
            self.in_doubt.pop(key, None)
        for key, entry in other.in_doubt.items():
            if key not in self.sent:
                self.in_doubt.setdefault(key, entry)
        for key, entry in other.failed.items():
            if key not in self.sent and key not in self.in_doubt:
                self.failed.setdefault(key, entry)


class SendLedger:
    """Who has been sent what for one class; open it for the whole batch (it holds a lock)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LEDGER_NAME
        folder.mkdir(parents=True, exist_ok=True)
        self._unsynced = False  # outcomes written but not yet synced (see `record`)
        self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise LedgerBusy(f"{self.path}: another 'handouts email' run is sending this class; wait for it") from None
        with open(self._fd, "rb", closefd=False) as handle:
            handle.seek(0)
            data = handle.read()
        self.state = parse(data)
        if data and not data.endswith(b"\n"):
            self._append(b"\n")  # a line torn by a crash: the next entry starts on a line of its own

    @property
    def sent(self) -> dict[str, LedgerEntry]:
        return self.state.sent

    @property
    def failed(self) -> dict[str, LedgerEntry]:
        return self.state.failed

    @property
    def in_doubt(self) -> dict[str, LedgerEntry]:
        return self.state.in_doubt

    def is_sent(self, recipient: str) -> bool:
        """Whether a server already accepted a message for `recipient`."""
        return recipient.casefold() in self.state.sent

    def record(self, entry: LedgerEntry, durable: bool = True) -> None:
        """Append `entry`, durable before returning unless `durable` is False; raise LedgerWriteError on failure.

        An outcome ("sent", "failed") may wait for the next sync: until then a crash leaves its message
        "handing-over", that is in doubt, which is never resent unasked. The "handing-over" line itself must be
        durable before DATA, and its sync carries every line before it, so a batch pays one sync a message.
        """
        self._append((json.dumps(entry.__dict__, ensure_ascii=False) + "\n").encode(), sync=durable)
        _apply(self.state, entry)

    def _append(self, data: bytes, sync: bool = True) -> None:
        start = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            while data:
                data = data[os.write(self._fd, data) :]
            if sync:
                os.fdatasync(self._fd)  # durable before the next step of the batch
                self._unsynced = False
            else:
                self._unsynced = True
        except OSError as exc:
            # Leave no torn line behind: the last complete line still tells the truth.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise LedgerWriteError(f"{self.path}: cannot record in the send ledger ({exc.strerror or exc})") from None

    def close(self) -> None:
        """Make the last outcomes durable, release the lock and close the file."""
        if self._fd >= 0 and self._unsynced:
            # Unsynced outcomes lost to a failing disk leave their messages in doubt, never resent.
            with contextlib.suppress(OSError):
                os.fdatasync(self._fd)
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> "SendLedger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _apply(state: LedgerState, entry: LedgerEntry) -> None:
    key = entry.key
    if key in state.sent:
        return  # once accepted, always sent: a later line cannot un-send a message
    if entry.event == SENT:
        state.sent[key] = entry
        state.failed.pop(key, None)
        state.in_doubt.pop(key, None)
    elif entry.event == HANDING_OVER:
        state.in_doubt[key] = entry
    elif entry.event == FAILED:
        state.failed[key] = entry
        state.in_doubt.pop(key, None)


def parse(data: bytes) -> LedgerState:
    """Return each recipient's latest state; lines that do not parse (torn by a crash) are skipped."""
    state = LedgerState({}, {}, {})
    for raw in data.splitlines():
        try:
            record = json.loads(raw)
            entry = LedgerEntry(**{k: v for k, v in record.items() if k in _FIELDS})
        except (ValueError, TypeError, AttributeError):
            continue  # a line torn by a crash mid-write: what it would have said did not become durable
        _apply(state, entry)
    return state


def read_entries(folder: Path) -> LedgerState:
    """Read the ledger in `folder` without locking it (for a dry run or a second look); empty if there is none."""
    try:
        return parse((folder / LEDGER_NAME).read_bytes())
    except FileNotFoundError:
        return LedgerState({}, {}, {})


def now() -> str:
    """Return the current UTC time as ISO 8601, the form the ledger stores."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
