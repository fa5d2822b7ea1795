# SPDX-License-Identifier: MIT
"""The bytes a message is sent as, written directly, read back as the same message that
``email``'s own builder makes: headers, text, attachments; CRLF line ends; no Bcc header."""

from __future__ import annotations

import base64
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arapp.mail.message import Attachment, OutgoingMail, _base64, build_message, message_bytes
from arapp.mail.smtp import _data_payload

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def _read(raw: bytes) -> dict[str, Any]:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    return {
        "headers": {
            k: str(message[k]) for k in ("From", "To", "Reply-To", "Subject", "Message-ID")
        },
        "bcc": message["Bcc"],
        "text": body.get_content().rstrip("\r\n"),  # an empty text: "" here, "\r\n" there
        "files": [
            (p.get_filename(), p.get_content_type(), p.get_content())
            for p in message.iter_attachments()
        ],
    }


def _same(mail: OutgoingMail) -> None:
    fast = message_bytes(mail)
    assert b"\n" not in fast.replace(b"\r\n", b"") and b"\r" not in fast.replace(b"\r\n", b"")
    assert max(len(line) for line in fast.split(b"\r\n")) <= 998
    ours, theirs = _read(fast), _read(build_message(mail).as_bytes(policy=policy.SMTP))
    # The subject reads back as written, up to the white space around it, which a header
    # cannot keep: email's builder and a reader differ there (" \xa0" reads back as "\xa0").
    assert ours["headers"].pop("Subject").strip() == mail.subject.strip()
    assert theirs["headers"].pop("Subject").strip() == mail.subject.strip()
    assert ours == theirs


MAILS = [
    OutgoingMail("<1@shop.example>", "billing@shop.example", ("a@x.example",), "Reminder", "Hi"),
    OutgoingMail(
        "<2@shop.example>", "billing@shop.example", ("a@x.example", "b@y.example"),
        "Zahlungserinnerung: Zoë Café – Rechnung INV-2026-00042 ist 20 Tage überfällig, "
        "bitte überweisen Sie den offenen Betrag",
        "Guten Tag Zoë,\n\nbitte zahlen Sie €1.234,50.\n.\n- INV-1\n\n", "reply@shop.example",
        ("billing@shop.example",),
        (Attachment("INV-2026-00042.pdf", PDF), Attachment("Rëchnung \"2\".pdf", b"%PDF x")),
    ),
    OutgoingMail(
        "<3@shop.example>", "billing@shop.example", ("a@x.example",), "Long " * 60,
        "word " * 400 + "\nshort\r\nline\x0bwith a vertical tab",
        attachments=(Attachment("a.pdf", b""),),
    ),
    OutgoingMail("<4@shop.example>", "billing@shop.example", ("a@x.example",), "", ""),
]  # fmt: skip


@pytest.mark.parametrize("mail", MAILS, ids=range(len(MAILS)))
def test_written_bytes_read_back_as_the_email_package_message(mail: OutgoingMail) -> None:
    _same(mail)


def test_blind_copies_are_no_header() -> None:
    assert _read(message_bytes(MAILS[1]))["bcc"] is None
    assert b"billing@shop.example" not in message_bytes(MAILS[1]).split(b"Subject:")[1]


def test_an_address_email_would_refuse_is_still_refused() -> None:
    mail = OutgoingMail(
        "<5@shop.example>", "billing@shop.example", ("a@x.example\r\nBcc: x",), "S", ""
    )
    with pytest.raises(ValueError):
        message_bytes(mail)


@settings(max_examples=40, deadline=None)
@given(
    subject=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=120),
    body=st.text(st.characters(blacklist_categories=("Cs",)), max_size=400),
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30),
)
def test_any_text_reads_back_the_same(subject: str, body: str, name: str) -> None:
    _same(
        OutgoingMail(
            "<6@shop.example>", "billing@shop.example", ("a@x.example",), subject, body,
            attachments=(Attachment(name, PDF[:300]),),
        )
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=".\r\nab", max_size=12), max_size=8))
def test_lines_starting_with_a_dot_are_stuffed(parts: list[str]) -> None:
    """DATA doubles a dot that starts a line, also where the plain search skips the regex."""
    raw = "\r\n".join(parts).encode()
    payload = _data_payload(raw)
    assert payload.endswith(b"\r\n.\r\n")
    body = payload[: -len(b".\r\n")]
    expected = raw if raw.endswith(b"\r\n") else raw + b"\r\n"
    assert body == re.sub(rb"(?m)^\.", b"..", expected)
    assert _data_payload(b".a\r\nb.\r\n.\r\n") == b"..a\r\nb.\r\n..\r\n.\r\n"


def test_base64_lines_are_76_characters_and_read_back() -> None:
    lines = _base64(PDF).split("\r\n")
    assert all(len(x) == 76 for x in lines[:-1]) and 0 < len(lines[-1]) <= 76
    assert base64.b64decode("".join(lines)) == PDF
