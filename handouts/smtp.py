"""One SMTP connection reused for a batch: reopened when dropped, rate limited, 4xx retried with backoff."""

import os
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from handouts.errors import HandoutsError
from handouts.models.smtp import PASSWORD_VARIABLE, SmtpSettings


class SmtpError(HandoutsError):
    """Raised when the server cannot be used at all (unreachable, refuses the login or the sender)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a temporary failure (4xx, dropped connection) is retried."""

    attempts: int = 5
    initial_delay: float = 2.0
    factor: float = 2.0
    max_delay: float = 60.0

    def delays(self) -> list[float]:
        """The pauses between attempts."""
        delays, delay = [], self.initial_delay
        for _ in range(self.attempts - 1):
            delays.append(delay)
            delay = min(delay * self.factor, self.max_delay)
        return delays


@dataclass(frozen=True)
class Delivery:
    """What the server said about one message."""

    accepted: bool
    code: int | None
    reply: str
    permanent: bool = False


class RateLimiter:
    """Spaces calls so no more than `per_minute` happen in any minute."""

    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic, sleep=time.sleep) -> None:
        self.interval = 60.0 / per_minute
        self._clock, self._sleep = clock, sleep
        self._next = 0.0

    def wait(self) -> None:
        """Block until the next call is allowed."""
        now = self._clock()
        if now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


def password_from_environment() -> str | None:
    """Return the SMTP password from HANDOUTS_SMTP_PASSWORD, the only place it is ever read from."""
    return os.environ.get(PASSWORD_VARIABLE) or None


class SmtpTransport:
    """Sends messages over one connection to the configured server, reconnecting as needed."""

    def __init__(
        self,
        settings: SmtpSettings,
        password: str | None = None,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if settings.username and not password:
            raise SmtpError(f"[smtp] username is set, so the password must be in the {PASSWORD_VARIABLE} variable")
        self.settings = settings
        self._password = password
        self.retry = retry
        self._sleep = sleep
        self.rate = RateLimiter(settings.rate_per_minute, sleep=sleep)
        self._connection: smtplib.SMTP | None = None
        self.connections = 0

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"SmtpTransport({self.settings.host}:{self.settings.effective_port}, {self.settings.security})"

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        if s.security == "ssl":
            connection = smtplib.SMTP_SSL(s.host, s.effective_port, timeout=s.timeout, context=context)
        else:
            connection = smtplib.SMTP(s.host, s.effective_port, timeout=s.timeout)
        try:
            connection.ehlo()
            if s.security == "starttls":
                connection.starttls(context=context)
                connection.ehlo()
            if s.username:
                connection.login(s.username, self._password or "")
        except BaseException as exc:
            connection.close()
            if isinstance(exc, smtplib.SMTPAuthenticationError):
                raise SmtpError(f"{s.host}: the server refused the login for '{s.username}': {_reply(exc)}") from None
            if isinstance(exc, smtplib.SMTPNotSupportedError):
                raise SmtpError(f"{s.host}: {exc} (check [smtp] security in handouts.toml)") from None
            if isinstance(exc, ssl.SSLError):
                raise SmtpError(f"{s.host}:{s.effective_port}: TLS failed: {exc.reason or exc}") from None
            raise
        self.connections += 1
        return connection

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None

    def send(self, data: bytes, sender: str, recipient: str, smtputf8: bool = False) -> Delivery:
        """Send the serialised message `data` from `sender` to `recipient`; retry temporary failures; report."""
        delays = self.retry.delays()
        code: int | None = None
        reply = ""
        reachable = True
        for attempt in range(self.retry.attempts):
            if attempt:
                self._sleep(delays[attempt - 1])
            reachable, code, reply = self._ensure_connection()
            if not reachable and code is None and self.connections == 0:
                # Never reached it in this run: a wrong host or port, or no server; waiting will not help.
                where = f"{self.settings.host}:{self.settings.effective_port}"
                raise SmtpError(f"{where}: {reply}; check [smtp] in handouts.toml")
            if not reachable:
                continue
            try:
                self.rate.wait()
                options = ["SMTPUTF8", "BODY=8BITMIME"] if smtputf8 else []
                self._connection.sendmail(sender, [recipient], data, mail_options=options)
                return Delivery(True, 250, "accepted")
            except smtplib.SMTPNotSupportedError as exc:  # an internationalised address, and no SMTPUTF8 here
                return Delivery(False, None, str(exc), permanent=True)
            except smtplib.SMTPRecipientsRefused as exc:
                code, raw = next(iter(exc.recipients.values()))
                reply = _text(raw)
            except smtplib.SMTPSenderRefused as exc:
                code, reply = exc.smtp_code, _text(exc.smtp_error)
                if code >= 500:
                    message = f"{self.settings.host}: the server refused the sender {sender}: {code} {reply}"
                    raise SmtpError(message) from None
            except smtplib.SMTPResponseException as exc:  # DATA refused, or 421 at any command
                code, reply = exc.smtp_code, _text(exc.smtp_error)
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                code, reply = None, f"connection lost: {exc or type(exc).__name__}"
            if code is not None and 500 <= code < 600:
                return Delivery(False, code, reply, permanent=True)
            if code is None or code == 421:  # the channel is gone or closing: the next attempt reconnects
                self._drop()
        if not reachable or code is None:
            raise SmtpError(
                f"{self.settings.host}:{self.settings.effective_port}: cannot deliver after "
                f"{self.retry.attempts} attempts ({reply}); run the command again to send the rest"
            )
        return Delivery(False, code, reply)

    def _ensure_connection(self) -> tuple[bool, int | None, str]:
        """Open the connection if there is none; return (reachable, code, reply) for a failed attempt."""
        if self._connection is not None:
            return True, None, ""
        try:
            self._connection = self._connect()
        except smtplib.SMTPResponseException as exc:  # e.g. 421 or 554 in the greeting
            if exc.smtp_code >= 500:
                raise SmtpError(f"{self.settings.host}: the server refused the connection: {_reply(exc)}") from None
            return False, exc.smtp_code, _text(exc.smtp_error)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            return False, None, f"cannot connect: {exc or type(exc).__name__}"
        return True, None, ""

    def close(self) -> None:
        """Say QUIT and close the connection, if one is open."""
        if self._connection is not None:
            try:
                self._connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._connection = None

    def __enter__(self) -> "SmtpTransport":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"

