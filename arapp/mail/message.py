# SPDX-License-Identifier: MIT
"""An e-mail as plain values, and the RFC 5322 bytes it becomes.

The bytes of the usual message (plain addresses, a text, PDFs) are written here directly:
``email``'s :class:`EmailMessage` spends some 15 ms on a message with one PDF (header objects,
its content manager, a generator that re-reads every base64 line), which was most of the cost
of sending a reminder. Anything less usual (an address with non-ASCII characters) still goes
through :func:`build_message`; a test reads both back and finds the same message.
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass, field
from email.header import Header
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import encode_rfc2231, formatdate


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
        cc: Copies (in the ``Cc`` header).
    """

    message_id: str
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str
    reply_to: str = ""
    bcc: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    cc: tuple[str, ...] = ()

    @property
    def envelope_recipients(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.recipients, *self.cc, *self.bcc)))


def new_message_id(sender: str) -> str:
    """A unique Message-ID in the sender's domain (no DNS look-up, unlike ``make_msgid``)."""
    domain = sender.rpartition("@")[2].strip(" >") or "arapp.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def split_addresses(text: str) -> tuple[str, ...]:
    """``"a@x.org, b@y.org"`` → both; empty parts dropped."""
    return tuple(a.strip() for a in text.replace(";", ",").split(",") if a.strip())


def header_problem(mail: OutgoingMail) -> str:
    """Why ``mail`` cannot be written, in one sentence, or ``""``: a line break (or another
    control character) in a header would end it and start another (``Bcc: ...``), so such a
    message is refused before any server is spoken to."""
    fields = [("the sender", mail.sender), ("the reply-to address", mail.reply_to),
              ("the subject", mail.subject)]  # fmt: skip
    fields += [("a recipient", a) for a in (*mail.recipients, *mail.cc, *mail.bcc)]
    fields += [("an attachment's name", a.filename) for a in mail.attachments]
    for what, text in fields:
        found = _HEADER_BREAK.search(text)
        if found:
            kind = "a line break" if found.group() in "\r\n" else "a control character"
            return f"{what[0].upper()}{what[1:]} contains {kind}: {text[:60]!r}."
    return ""


_HEADER_BREAK = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def build_message(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"] = mail.sender
    message["To"] = ", ".join(mail.recipients)
    if mail.cc:
        message["Cc"] = ", ".join(mail.cc)
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
    plain = (mail.sender, mail.reply_to, *mail.recipients, *mail.cc)
    if not all(a.isascii() and _one_line(a) for a in plain) or not _one_line(mail.subject):
        return build_message(mail).as_bytes(policy=SMTP)  # it refuses what is not allowed
    charset = "us-ascii" if mail.subject.isascii() else "utf-8"
    subject = Header(mail.subject, charset, header_name="Subject").encode(linesep="\r\n")
    head = [f"From: {mail.sender}", f"To: {', '.join(mail.recipients)}"]
    if mail.cc:
        head.append(f"Cc: {', '.join(mail.cc)}")
    if mail.reply_to:
        head.append(f"Reply-To: {mail.reply_to}")
    head += [f"Subject: {subject}", f"Date: {formatdate(localtime=False, usegmt=True)}",
             f"Message-ID: {mail.message_id}", "MIME-Version: 1.0"]  # fmt: skip
    text = _text_part(mail.body)
    if not mail.attachments:
        return _crlf([*head, *text])
    boundary = f"=_{uuid.uuid4().hex}"  # "=_" appears in neither base64 nor the 7bit text
    lines = [*head, f'Content-Type: multipart/mixed; boundary="{boundary}"', "",
             f"--{boundary}", *text]  # fmt: skip
    for item in mail.attachments:
        name = item.filename
        shown = (
            f'filename="{name}"'
            if name.isascii() and _one_line(name) and '"' not in name and "\\" not in name
            else f"filename*={encode_rfc2231(name, 'utf-8')}"
        )
        lines += [f"--{boundary}", f"Content-Type: {item.mime_type}",
                  "Content-Transfer-Encoding: base64", f"Content-Disposition: attachment; {shown}",
                  "", _base64(item.content)]  # fmt: skip
    lines.append(f"--{boundary}--")
    return _crlf(lines)


def _one_line(text: str) -> bool:
    return "\r" not in text and "\n" not in text


def _base64(data: bytes) -> str:
    """``data`` in base64 lines of 76 characters, CRLF between them (encoded at once and cut,
    a third faster than ``encodebytes``, which encodes 57 bytes a call)."""
    encoded = base64.b64encode(data)
    return b"\r\n".join([encoded[i : i + 76] for i in range(0, len(encoded), 76)]).decode("ascii")


def _text_part(body: str) -> list[str]:
    """The headers and body of the text: as it is when it is printable ASCII in lines SMTP allows
    (none that could pass for a boundary), else in base64. Lines end where ``email`` ends them."""
    lines = body.encode("utf-8").splitlines() or [b""]
    plain = body.isascii() and not _CONTROL.search(body)
    if plain and all(len(x) <= 998 and not x.startswith(b"--=_") for x in lines):
        return ['Content-Type: text/plain; charset="us-ascii"',
                "Content-Transfer-Encoding: 7bit", "", *(x.decode() for x in lines)]  # fmt: skip
    return ['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: base64",
            "", _base64(b"\r\n".join(lines) + b"\r\n")]  # fmt: skip


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _crlf(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("ascii")
