"""One SMTP connection reused for a batch: reopened when dropped, rate limited, 4xx retried with backoff."""

import contextlib
import os
import smtplib
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from handouts.content.models.smtp import PASSWORD_VARIABLE, SmtpSettings
from handouts.errors import HandoutsError


class SmtpError(HandoutsError):
    """Raised when the server cannot be used at all (unreachable, refuses the login or the sender)."""


class SendStopped(Exception):
    """Raised when a stop was asked for while waiting (a retry back-off or the rate limit) before a message went out.

    `code` and `reply` are the last temporary failure of the message, if an attempt was made.
    """

    def __init__(self, code: int | None = None, reply: str = "") -> None:
        super().__init__(reply or "stopped")
        self.code, self.reply = code, reply


class _NoGreeting(OSError):
    """The TCP connection was made but the server said nothing within the timeout."""


class _Greeted:
    """Remembers whether the TCP connection was made, to tell 'no server there' from 'a server that never greets'."""

    tcp_connected = False
    # Set by smtplib.SMTP.__init__ and read by starttls() (the host the certificate must match); the stubs
    # leave this private attribute out, so it is declared here, where `_connect` sets it.
    _host: str

    def _get_socket(self, host, port, timeout):
        sock = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        self.tcp_connected = True
        return sock


class _Smtp(_Greeted, smtplib.SMTP):
    pass


class _SmtpSsl(_Greeted, smtplib.SMTP_SSL):
    pass


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
    in_doubt: bool = False  # the connection was lost after the message was handed over: it may have arrived


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
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if settings.username and not password:
            raise SmtpError(f"[smtp] username is set, so the password must be in the {PASSWORD_VARIABLE} variable")
        self.settings = settings
        self._password = password
        self.retry = retry
        self.stopping = threading.Event()  # set by `stop_waiting`: back-offs and rate-limit pauses end at once
        self._sleep = sleep or self._wait
        self.rate = RateLimiter(settings.rate_per_minute, sleep=self._sleep)
        self._connection: smtplib.SMTP | None = None
        self.connections = 0

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"SmtpTransport({self.settings.host}:{self.settings.effective_port}, {self.settings.security})"

    def stop_waiting(self) -> None:
        """End any back-off or rate-limit pause now, and every later one at once (a Ctrl-C asked to stop)."""
        self.stopping.set()

    def _wait(self, seconds: float) -> None:
        if self.stopping.wait(seconds):
            raise SendStopped()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if s.security == "ssl":
            connection = _SmtpSsl(timeout=s.timeout, context=context)
        else:
            connection = _Smtp(timeout=s.timeout)
        connection._host = s.host  # what STARTTLS checks the certificate against, as the constructor would set
        try:
            code, reply = connection.connect(s.host, s.effective_port)
            if code != 220:
                connection.close()
                raise smtplib.SMTPConnectError(code, reply)
        except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
            connection.close()
            if connection.tcp_connected and "timed out" in str(exc):
                raise _NoGreeting(
                    f"the server accepted the connection but did not answer within {s.timeout:g} seconds "
                    "(smtp.timeout)"
                ) from None
            raise
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

    def send(
        self,
        data: bytes,
        sender: str,
        recipient: str,
        smtputf8: bool = False,
        before_data: Callable[[], None] | None = None,
    ) -> Delivery:
        """Send the serialised message `data` from `sender` to `recipient`; retry temporary failures; report.

        `before_data` is called (each attempt) once the server took the envelope and just before DATA: from then
        on the message may arrive, so a lost connection makes it `in_doubt` instead of being retried.
        """
        delays = self.retry.delays()
        code: int | None = None
        reply = ""
        reachable = True
        for attempt in range(self.retry.attempts):
            if attempt:
                try:
                    self._sleep(delays[attempt - 1])
                except SendStopped:
                    raise SendStopped(code, reply) from None
            reachable, code, reply = self._ensure_connection()
            if not reachable and code is None and self.connections == 0:
                # Never reached it in this run: a wrong host or port, or no server; waiting will not help.
                where = f"{self.settings.host}:{self.settings.effective_port}"
                raise SmtpError(f"{where}: {reply}; check [smtp] in handouts.toml")
            if not reachable:
                continue
            connection = self._connection
            assert connection is not None, "reachable: _ensure_connection has just opened or kept it"
            handed_over = False
            try:
                self.rate.wait()
                self._envelope(connection, data, sender, recipient, smtputf8)
                if before_data:
                    before_data()
                handed_over = True
                code, raw = connection.data(data)
                if code == 250:
                    return Delivery(True, 250, "accepted")
                raise smtplib.SMTPDataError(code, raw)
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
                if handed_over:  # the server may have the whole message: sending it again could make a duplicate
                    self._drop()
                    return Delivery(False, None, f"{reply} after the message was handed over", in_doubt=True)
            except BaseException:  # a second Ctrl-C: leave no half-spoken session behind
                self.abort()
                raise
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

    def _envelope(self, connection: smtplib.SMTP, data: bytes, sender: str, recipient: str, smtputf8: bool) -> None:
        """Say MAIL FROM and RCPT TO on `connection`, as smtplib's sendmail does, raising its exceptions."""
        connection.ehlo_or_helo_if_needed()
        options = []
        if connection.does_esmtp:
            if connection.has_extn("size"):
                options.append(f"size={len(data)}")
            if smtputf8:
                options += ["SMTPUTF8", "BODY=8BITMIME"]
        code, raw = connection.mail(sender, options)
        if code != 250:
            connection.close() if code == 421 else connection.rset()
            raise smtplib.SMTPSenderRefused(code, raw, sender)
        code, raw = connection.rcpt(recipient)
        if code not in (250, 251):
            connection.close() if code == 421 else connection.rset()
            raise smtplib.SMTPRecipientsRefused({recipient: (code, raw)})

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

    def abort(self) -> None:
        """Close the connection without a word (the session may be mid-DATA, where QUIT would be read as text)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def close(self) -> None:
        """Say QUIT and close the connection, if one is open."""
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.quit()
            self._connection = None

    def __enter__(self) -> "SmtpTransport":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"

