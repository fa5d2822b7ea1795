# SPDX-License-Identifier: MIT
"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 with STARTTLS and AUTH, a self-signed
certificate, scripted faults; an in-memory keyring backend; and the fixtures that start them
(``server``, ``memory_keyring``) and point the books' mail account at the server
(``point_at``)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from keyring.backend import KeyringBackend

USER, PASSWORD = "shop@example.org", "s3cret pass"


class MemoryKeyring(KeyringBackend):
    """Keeps passwords in a dict (tests only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost that is its own authority."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "arapp test mail")])
    now = dt.datetime.now(dt.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Inbox:
    """The aiosmtpd handler: keeps what arrived; scripted answers play first.

    ``rcpt_answers`` and ``data_answers`` are popped per command; a data answer of
    ``"disconnect"`` keeps the message and closes the connection without answering; an rcpt
    answer of ``"disconnect"`` closes it before the message is handed over.
    """

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    rcpt_answers: list[str] = field(default_factory=list)
    data_answers: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:  # fmt: skip
        if self.rcpt_answers:
            answer = self.rcpt_answers.pop(0)
            if answer == "disconnect":
                server.transport.abort()
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = self.data_answers.pop(0) if self.data_answers else "250 OK"
        if answer.startswith("250") or answer == "disconnect":
            parsed = message_from_bytes(envelope.content, policy=policy.default)
            self.received.append((list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        if answer == "disconnect":
            server.transport.abort()
            return "250 never heard"
        return answer


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                  auth_data: Any) -> AuthResult:  # fmt: skip
    ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


def start_server(cert: Path, key: Path) -> tuple[Controller, Inbox]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
        require_starttls=True, auth_required=True, authenticator=_authenticate,
    )  # fmt: skip
    controller.start()
    return controller, inbox


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Inbox]]:
    """``(port, inbox)`` of a real SMTP server whose certificate the production code trusts
    (through ``SSL_CERT_FILE``, as ``ssl.create_default_context()`` honours it)."""
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    controller, inbox = start_server(cert, key)
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The in-memory keyring, set as keyring's backend for the test."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def shop(ctx: Any, server: tuple[int, Inbox], memory_keyring: MemoryKeyring) -> tuple[Any, Inbox]:
    """``(ctx, inbox)``: the test's books pointed at the test's mail server, with the
    account's password in the (in-memory) keyring."""
    from arapp.services.reminders.mailer import store_password

    port, inbox = server
    point_at(ctx, port)
    store_password(ctx, PASSWORD)
    return ctx, inbox


def point_at(ctx: Any, port: int, *, attach_pdf: bool = True) -> None:
    """The books' mail account: the test server on ``port`` with STARTTLS and AUTH."""
    from arapp.services.settings import set_setting

    for key, value in (
        ("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.security", "starttls"),
        ("smtp.username", USER), ("smtp.from", USER), ("smtp.timeout", "5"),
        ("reminders.attach_pdf", "yes" if attach_pdf else "no"),
    ):  # fmt: skip
        set_setting(ctx, key, value)
