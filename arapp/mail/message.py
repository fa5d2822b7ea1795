# SPDX-License-Identifier: MIT
"""An e-mail as plain values, and the RFC 5322 bytes it becomes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate


@dataclass(frozen=True)
class Attachment:
    """A file sent with the message.

    Attributes:
        filename: Name the recipient sees.
        content: The bytes.
        mime_type: Such as ``application/pdf``.
    """

    filename: str
    content: bytes = field(repr=False)
    mime_type: str = "application/pdf"


@dataclass(frozen=True)
class OutgoingMail:
    """One message to send.

    Attributes:
        message_id: The Message-ID header, ``<...@...>``; fixed before the first attempt.
        sender: The From address.
        recipients: The To addresses.
        subject: Subject line.
        body: Plain text body.
        reply_to: Reply-To address, if any.
        bcc: Blind copies (not in the headers).
        attachments: Files attached.
    """

    message_id: str
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str
    reply_to: str = ""
    bcc: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()

    @property
    def envelope_recipients(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.recipients, *self.bcc)))


def new_message_id(sender: str) -> str:
    """A unique Message-ID in the sender's domain (no DNS look-up, unlike ``make_msgid``)."""
    domain = sender.rpartition("@")[2].strip(" >") or "arapp.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def split_addresses(text: str) -> tuple[str, ...]:
    """``"a@x.org, b@y.org"`` → both; empty parts dropped."""
    return tuple(a.strip() for a in text.replace(";", ",").split(",") if a.strip())


def build_message(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"] = mail.sender
    message["To"] = ", ".join(mail.recipients)
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = mail.message_id
    message.set_content(mail.body)
    for item in mail.attachments:
        main, _, sub = item.mime_type.partition("/")
        message.add_attachment(item.content, maintype=main, subtype=sub, filename=item.filename)
    return message


def message_bytes(mail: OutgoingMail) -> bytes:
    """The message with CRLF line ends, as sent after DATA (before dot-stuffing)."""
    return build_message(mail).as_bytes(policy=SMTP)
