# SPDX-License-Identifier: MIT
"""Fixtures for the reminder screens: an aiosmtpd server on 127.0.0.1 (STARTTLS, AUTH), the
in-memory keyring, a shop whose mail account points at the server, and overdue invoices."""

from __future__ import annotations

from datetime import timedelta

import pytest

from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.reminders.mailer import store_password
from tests.helpers.books import TODAY
from tests.helpers.mailserver import PASSWORD, memory_keyring, point_at, server

__all__ = ["memory_keyring", "point_at", "server"]  # from mailserver, for the UI tests


@pytest.fixture
def shop(ctx: AppContext, server, memory_keyring):  # type: ignore[no-untyped-def]
    """``(ctx, inbox)``: the mail account points at the test server, password stored."""
    port, inbox = server
    point_at(ctx, port, attach_pdf=False)
    store_password(ctx, PASSWORD)
    return ctx, inbox


def overdue_invoice(ctx: AppContext, customer: int, days_late: int, amount: str = "100") -> int:
    issued = TODAY - timedelta(days=days_late + 30)
    draft = save_draft(ctx, InvoiceDraft(customer, issued, (LineDraft("Goods", "1", amount),)))
    return issue_invoice(ctx, draft.id).id


def customer(ctx: AppContext, name: str, email: str = "") -> int:
    return cust.create_customer(ctx, cust.CustomerInput(name=name, email=email, terms="net 30")).id
