# SPDX-License-Identifier: MIT
"""Fixtures for the reminder screens: an aiosmtpd server on 127.0.0.1 (STARTTLS, AUTH), the
in-memory keyring, a shop whose mail account points at the server, and overdue invoices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import keyring
import pytest

from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.reminders.mailer import store_password
from arapp.services.settings import set_setting
from tests.integration.mailserver import PASSWORD, USER, Inbox, MemoryKeyring, self_signed
from tests.ui.conftest import TODAY


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Inbox]]:
    from tests.integration.mailserver import start_server

    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    controller, inbox = start_server(cert, key)
    yield controller.port, inbox
    controller.stop()


def point_at(ctx: AppContext, port: int) -> None:
    for key, value in (
        ("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.security", "starttls"),
        ("smtp.username", USER), ("smtp.from", USER), ("smtp.timeout", "5"),
        ("reminders.attach_pdf", "no"),
    ):  # fmt: skip
        set_setting(ctx, key, value)


@pytest.fixture
def shop(ctx: AppContext, server, memory_keyring):  # type: ignore[no-untyped-def]
    """``(ctx, inbox)``: the mail account points at the test server, password stored."""
    port, inbox = server
    point_at(ctx, port)
    store_password(ctx, PASSWORD)
    return ctx, inbox


def overdue_invoice(ctx: AppContext, customer: int, days_late: int, amount: str = "100") -> int:
    issued = TODAY - timedelta(days=days_late + 30)
    draft = save_draft(ctx, InvoiceDraft(customer, issued, (LineDraft("Goods", "1", amount),)))
    return issue_invoice(ctx, draft.id).id


def customer(ctx: AppContext, name: str, email: str = "") -> int:
    return cust.create_customer(ctx, cust.CustomerInput(name=name, email=email, terms="net 30")).id
