"""The send ledger: an append-only JSON-lines file, fsynced per entry, of every message a server accepted."""

import datetime as dt
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutsError

LEDGER_NAME = "sent-ledger.jsonl"


class LedgerBusy(HandoutsError):
    """Raised when another run is already sending this class."""


@dataclass(frozen=True)
class LedgerEntry:
    """One outcome: `sent` (the server accepted the message) or `failed` (it refused it)."""

    event: str
    class_id: str
    recipient: str
    sha256: str
    message_id: str
    time: str
    reply: str = ""
    code: int | None = None
    name: str = ""

    @property
    def key(self) -> str:
        return self.recipient.casefold()


class SendLedger:
    """Who has been sent what for one class; open it for the whole batch (it holds a lock)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LEDGER_NAME
        folder.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise LedgerBusy(f"{self.path}: another 'handouts email' run is sending this class; wait for it") from None
        self.sent: dict[str, LedgerEntry] = {}
        self.failed: dict[str, LedgerEntry] = {}
        self._load()

    def _load(self) -> None:
        with open(self._fd, "rb", closefd=False) as handle:
            handle.seek(0)
            data = handle.read()
        self.sent, self.failed = parse(data)
        if data and not data.endswith(b"\n"):
            os.write(self._fd, b"\n")  # so the next entry starts on a line of its own

    def is_sent(self, recipient: str) -> bool:
        """Whether a server already accepted a message for `recipient`."""
        return recipient.casefold() in self.sent

    def record(self, entry: LedgerEntry) -> None:
        """Append `entry` and make it durable before returning."""
        data = (json.dumps(entry.__dict__, ensure_ascii=False) + "\n").encode()
        while data:
            data = data[os.write(self._fd, data) :]
        os.fdatasync(self._fd)  # the line is durable before the next message goes out
        if entry.event == "sent":
            self.sent[entry.key] = entry
            self.failed.pop(entry.key, None)
        else:
            self.failed[entry.key] = entry

    def close(self) -> None:
        """Release the lock and close the file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> "SendLedger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse(data: bytes) -> tuple[dict[str, LedgerEntry], dict[str, LedgerEntry]]:
    """Return the latest `sent` and `failed` entries by recipient; a recipient once sent is never failed."""
    sent: dict[str, LedgerEntry] = {}
    failed: dict[str, LedgerEntry] = {}
    for raw in data.splitlines():
        try:
            entry = LedgerEntry(**json.loads(raw))
        except (ValueError, TypeError):
            continue  # a line torn by a crash mid-write: its message was not yet recorded as sent
        if entry.event == "sent":
            sent[entry.key] = entry
            failed.pop(entry.key, None)
        elif entry.event == "failed" and entry.key not in sent:
            failed[entry.key] = entry
    return sent, failed


def read_entries(folder: Path) -> tuple[dict[str, LedgerEntry], dict[str, LedgerEntry]]:
    """Read the ledger in `folder` without locking it (for a dry run); empty if there is none."""
    try:
        return parse((folder / LEDGER_NAME).read_bytes())
    except FileNotFoundError:
        return {}, {}


def now() -> str:
    """Return the current UTC time as ISO 8601, the form the ledger stores."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
