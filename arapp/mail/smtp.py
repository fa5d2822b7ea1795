# SPDX-License-Identifier: MIT
"""Sending through the user's SMTP account, with every failure sorted by what to do about it.

* :class:`MailError` (``kind``: ``auth``, ``tls``, ``refused``, ``timeout``, ``host``,
  ``connection``, ``config``): the account or server cannot be used now; nothing was sent.
* :class:`TemporaryFailure`: a 4xx answer, or the connection broke *before* the message was
  handed over; safe to try again later.
* :class:`PermanentFailure`: a 5xx answer (such as 550 no such user); a person must act.
* :class:`UnknownOutcome`: the connection broke after the whole message was handed over and
  before the server confirmed it. The server may have sent it: never resend blindly.

DATA is spoken step by step (not through ``smtplib.sendmail``) to tell the last two apart.
Certificates are checked against the system's trust store (``ssl.create_default_context``, which
honours ``SSL_CERT_FILE``).
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from types import TracebackType

from arapp.mail.message import OutgoingMail, message_bytes

SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the account.

    Attributes:
        host: Server name.
        port: Port (587 STARTTLS, 465 SSL, 25 none).
        security: ``starttls``, ``ssl`` or ``none``.
        username: Login name; empty for no login.
        password: The password (from the keyring; never printed).
        timeout: Seconds to wait for the server.
    """

    host: str
    port: int
    security: str = "starttls"
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30


class MailError(Exception):
    """The server or account cannot be used; ``kind`` says why, the text says what to do."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class SendFailure(Exception):
    """One message was not (surely) sent; ``code`` is the server's reply code, if any."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class TemporaryFailure(SendFailure):
    pass


class PermanentFailure(SendFailure):
    pass


class UnknownOutcome(SendFailure):
    pass


def _reply(code: int, text: bytes | str) -> str:
    shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(shown.split())}"


def _refused(code: int, text: bytes | str, what: str) -> SendFailure:
    if 400 <= code < 500:
        return TemporaryFailure(f"The server deferred {what}: {_reply(code, text)}", code)
    return PermanentFailure(f"The server refused {what}: {_reply(code, text)}", code)


_PERIOD = re.compile(rb"(?m)^\.")


def _data_payload(raw: bytes) -> bytes:
    # the regex walks every byte (~0.7 ms for a message with a PDF); base64 has no "." at all,
    # so most messages have no line to stuff, which a plain search finds at memchr speed
    body = _PERIOD.sub(b"..", raw) if raw.startswith(b".") or b"\n." in raw else raw
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


class SmtpTransport:
    """One connection to the account, opened on first use and reused for a run."""

    def __init__(self, settings: SmtpSettings, context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self._context = context
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def open(self) -> None:
        """Connect, secure and log in; raises :class:`MailError` with the cause."""
        if self._smtp is not None:
            return
        s = self.settings
        if not s.host:
            raise MailError("config", "No mail server is set: arapp config set smtp.host HOST")
        if s.security not in SECURITY:
            raise MailError("config", f"Unknown security {s.security!r}: use {SECURITY}.")
        context = self._context or ssl.create_default_context()
        smtp: smtplib.SMTP | None = None
        try:
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            smtp.ehlo()
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise MailError(
                        "tls", f"{self._where()} does not offer STARTTLS; try security ssl."
                    )
                smtp.starttls(context=context)
                smtp.ehlo()  # the capabilities may differ once encrypted (AUTH often appears)
            if s.username:
                smtp.login(s.username, s.password)
        except MailError:
            _quietly_close(smtp)
            raise
        except Exception as exc:
            _quietly_close(smtp)
            raise self._explain(exc) from exc
        self._smtp = smtp

    def _explain(self, exc: Exception) -> MailError:
        where = self._where()
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return MailError(
                "auth",
                f"{where} refused the user name or password "
                f"({_reply(exc.smtp_code, exc.smtp_error)}). "
                "Check smtp.username and set the password again: arapp config smtp-password",
            )
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return MailError("auth", f"{where} does not accept a login here: {exc}")
        if isinstance(exc, ssl.SSLCertVerificationError):
            return MailError(
                "tls",
                f"The certificate of {where} is not trusted ({exc.verify_message}). Check the host "
                "name; a private certificate authority can be added with SSL_CERT_FILE.",
            )
        if isinstance(exc, ssl.SSLError):
            return MailError(
                "tls",
                f"The encrypted connection to {where} failed ({exc.reason or exc}). Check that "
                "smtp.security matches the port: starttls for 587, ssl for 465.",
            )
        if isinstance(exc, ConnectionRefusedError):
            return MailError(
                "refused", f"{where} refused the connection: check smtp.host and smtp.port."
            )
        # smtplib turns a timeout while reading a reply into "Connection unexpectedly closed"
        timed_out = isinstance(exc.__context__, TimeoutError)
        if isinstance(exc, TimeoutError | socket.timeout) or timed_out:
            return MailError(
                "timeout",
                f"{where} did not answer within {self.settings.timeout:g} seconds: check the "
                "host, the port and any firewall.",
            )
        if isinstance(exc, socket.gaierror):
            return MailError("host", f"The mail server {self.settings.host} was not found.")
        if isinstance(exc, smtplib.SMTPResponseException):
            return MailError(
                "connection", f"{where} answered {_reply(exc.smtp_code, exc.smtp_error)}"
            )
        return MailError("connection", f"Could not talk to {where}: {exc}")

    def send(self, mail: OutgoingMail) -> None:
        """Hand one message over; raises a :class:`SendFailure` subclass when not confirmed."""
        self.open()
        smtp = self._smtp
        assert smtp is not None
        try:  # before any command: a message that cannot be written never reached the server
            payload = _data_payload(message_bytes(mail))
        except (ValueError, UnicodeError) as exc:
            raise PermanentFailure(f"The message cannot be written: {exc}") from exc
        try:
            code, text = smtp.mail(mail.sender)
            if code != 250:
                raise self._reset(_refused(code, text, f"the sender {mail.sender}"))
            for rcpt in mail.envelope_recipients:
                code, text = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    raise self._reset(_refused(code, text, f"the recipient {rcpt}"))
            smtp.putcmd("data")
            code, text = smtp.getreply()
            if code != 354:
                raise self._reset(_refused(code, text, "the message"))
        except SendFailure:
            raise
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self._drop()
            raise TemporaryFailure(
                f"The connection to {self._where()} broke before the message was handed over "
                f"({exc or type(exc).__name__})."
            ) from exc
        try:
            smtp.send(payload)
            code, text = smtp.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self._drop()
            raise UnknownOutcome(
                f"The connection to {self._where()} broke after the message was handed over and "
                "before the server confirmed it; it may or may not have been sent."
            ) from exc
        if code != 250:
            raise _refused(code, text, "the message")

    def _reset(self, failure: SendFailure) -> SendFailure:
        try:
            assert self._smtp is not None
            self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self._drop()
        return failure

    def _drop(self) -> None:
        _quietly_close(self._smtp)
        self._smtp = None

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            _quietly_close(smtp)


def _quietly_close(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    with contextlib.suppress(OSError):
        smtp.close()
