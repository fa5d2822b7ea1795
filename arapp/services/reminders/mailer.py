# SPDX-License-Identifier: MIT
"""The shop's mail account: settings from the database, the password from the OS keyring.

Mail problems reach the faces as :class:`MailProblem` (a :class:`ServiceError` with ``kind``),
one clear sentence each: wrong password, TLS failure, refused connection, timeout, no keyring.
"""

from __future__ import annotations

from dataclasses import dataclass

from arapp.mail import credentials
from arapp.mail.message import Attachment, OutgoingMail, new_message_id, split_addresses
from arapp.mail.smtp import MailError, SendFailure, SmtpSettings, SmtpTransport
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.settings import (
    SMTP_BCC_SELF,
    SMTP_FROM,
    SMTP_HOST,
    SMTP_PORT,
    SMTP_REPLY_TO,
    SMTP_SECURITY,
    SMTP_TIMEOUT,
    SMTP_USERNAME,
    read_setting,
)


class MailProblem(ServiceError):
    """The mail account cannot be used; ``kind`` as in :class:`arapp.mail.smtp.MailError`, or
    ``keyring`` when the password has no safe place; ``setting`` names the setting to fill in
    (``smtp.host``, ``smtp.from``, or ``smtp.password`` for the keyring's), when one is."""

    def __init__(self, kind: str, message: str, setting: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.setting = setting


@dataclass(frozen=True)
class Sender:
    """Who reminders come from.

    Attributes:
        address: The From address.
        reply_to: Reply-To, if set.
        bcc_self: Send a blind copy to ``address``.
    """

    address: str
    reply_to: str
    bcc_self: bool

    def mail(self, message_id: str, to: tuple[str, ...], subject: str, body: str,
             attachments: tuple[Attachment, ...] = ()) -> OutgoingMail:  # fmt: skip
        return OutgoingMail(
            message_id, self.address, to, subject, body, self.reply_to,
            (self.address,) if self.bcc_self else (), attachments,
        )  # fmt: skip


def sender(ctx: AppContext) -> Sender:
    with ctx.db.read() as session:
        address = read_setting(session, SMTP_FROM)
        reply_to = read_setting(session, SMTP_REPLY_TO)
        bcc = read_setting(session, SMTP_BCC_SELF)
    if not address:
        raise MailProblem("config", f"{NO_SENDER}: arapp config set smtp.from ADDRESS")
    return Sender(address, reply_to, bcc)


def smtp_settings(ctx: AppContext) -> SmtpSettings:
    """The account settings with the password read from the keyring (when a user is set)."""
    with ctx.db.read() as session:
        host = read_setting(session, SMTP_HOST)
        port = read_setting(session, SMTP_PORT)
        security = read_setting(session, SMTP_SECURITY)
        username = read_setting(session, SMTP_USERNAME)
        timeout = read_setting(session, SMTP_TIMEOUT)
    password = ""
    if username:
        try:
            password = credentials.get_password(username) or ""
        except credentials.KeyringUnavailable as exc:
            raise MailProblem("keyring", str(exc)) from None
        if not password:
            raise MailProblem(
                "auth", f"No password is stored for {username}: arapp config smtp-password"
            )
    return SmtpSettings(host, port, security, username, password, timeout)


def open_transport(ctx: AppContext) -> SmtpTransport:
    """A transport to the account (connects on first use); :class:`MailProblem` when no mail
    server is set (an empty host would reach whatever listens on this computer)."""
    settings = smtp_settings(ctx)
    if not settings.host:
        raise MailProblem("config", f"{NO_SERVER}: arapp config set smtp.host HOST")
    return SmtpTransport(settings)


NO_SERVER = "No mail server is set"
NO_SENDER = "No sender address is set"


def account_problem(ctx: AppContext) -> MailProblem | None:
    """Why reminders cannot go out through the mail account now, or ``None`` when they can.

    Checks what is known without connecting: a mail server and a sender address are set, and
    when a user name is set, a password is stored for it in a keyring that can keep it. The
    text is one sentence without a command, for the window and the command line to add where
    to fix it (``kind``: ``config``, ``auth`` or ``keyring``). A wrong password or an
    unreachable server is only found by sending; this reads the keyring, so call it off the
    GUI thread.
    """
    with ctx.db.read() as session:
        host = read_setting(session, SMTP_HOST)
        address = read_setting(session, SMTP_FROM)
        username = read_setting(session, SMTP_USERNAME)
    if not host:
        return MailProblem("config", f"{NO_SERVER}.", SMTP_HOST.key)
    if not address:
        return MailProblem("config", f"{NO_SENDER}.", SMTP_FROM.key)
    if username:
        try:
            stored = credentials.get_password(username)
        except credentials.KeyringUnavailable as exc:
            return MailProblem("keyring", str(exc))
        if not stored:
            return MailProblem("auth", f"No password is stored for {username}.", "smtp.password")
    return None


def store_password(ctx: AppContext, password: str) -> str:
    """Put the SMTP password into the OS keyring under the configured user name."""
    with ctx.db.read() as session:
        username = read_setting(session, SMTP_USERNAME)
    if not username:
        raise MailProblem("config", "Set the user name first: arapp config set smtp.username NAME")
    if not password:
        raise MailProblem("config", "The password is empty; nothing was stored.")
    try:
        credentials.set_password(username, password)
    except credentials.KeyringUnavailable as exc:
        raise MailProblem("keyring", str(exc)) from None
    return username


def password_store() -> str:
    """The name of the keyring the password goes to, or :class:`MailProblem` (``keyring``)
    saying why there is no safe place and how to get one."""
    try:
        return str(credentials.secure_keyring().name)
    except credentials.KeyringUnavailable as exc:
        raise MailProblem("keyring", str(exc)) from None


def send_test_email(ctx: AppContext, to: str = "") -> str:
    """Send a short test message (to the sender unless ``to`` is given); returns to whom.

    Raises :class:`MailProblem` whose text names the cause."""
    who = sender(ctx)
    recipients = split_addresses(to) or (who.address,)
    mail = OutgoingMail(
        new_message_id(who.address), who.address, recipients, "arapp test message",
        "This is a test message from arapp. Your reminders can be sent through this account.",
        who.reply_to,
    )  # fmt: skip
    try:
        with SmtpTransport(smtp_settings(ctx)) as transport:
            transport.send(mail)
    except MailError as exc:
        raise MailProblem(exc.kind, str(exc)) from None
    except SendFailure as exc:
        raise MailProblem("send", str(exc)) from None
    return ", ".join(recipients)
