# SPDX-License-Identifier: MIT
"""Stored policies, per-customer settings, disputes and promises."""

from __future__ import annotations

from datetime import date

import pytest

from arapp.domain.reminders import DEFAULT_POLICY, ReminderLevel, ReminderPolicy
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.reminders.holds import (
    list_holds,
    open_dispute,
    record_promise,
    resolve_hold,
)
from arapp.services.reminders.policy import (
    customer_reminders,
    list_policies,
    save_policy,
    set_customer_reminders,
)


def test_the_migration_seeds_the_standard_policy(ctx: AppContext) -> None:
    (record,) = list_policies(ctx)
    assert record.policy == DEFAULT_POLICY


def test_another_policy_and_customer_settings(ctx: AppContext) -> None:
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Slow Payer")).id
    short = ReminderPolicy("Short", (ReminderLevel(1, "Only", 7, "Pay $invoice_number", "Now."),))
    record = save_policy(ctx, short)
    assert [p.policy.name for p in list_policies(ctx)] == ["Standard", "Short"]
    set_customer_reminders(ctx, customer, policy_id=record.id, paused_until=date(2026, 12, 1))
    settings = customer_reminders(ctx, customer)
    assert settings.policy_id == record.id and settings.paused_until == date(2026, 12, 1)
    changed = ReminderPolicy("Short", (ReminderLevel(1, "Only", 10, "Pay", "Now."),))
    assert save_policy(ctx, changed, record.id).policy.levels[0].offset_days == 10


def test_disputes_and_promises_are_logged(ctx: AppContext) -> None:
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Arguer")).id
    draft = save_draft(ctx, InvoiceDraft(customer, date(2026, 9, 1), (LineDraft("x", "1", "10"),)))
    invoice = issue_invoice(ctx, draft.id)
    with pytest.raises(InputErrors):
        open_dispute(ctx, invoice.id, " ")
    dispute = open_dispute(ctx, invoice.id, "wrong quantity")
    resolve_hold(ctx, dispute.id, "credit note issued")
    with pytest.raises(ServiceError):
        resolve_hold(ctx, dispute.id)
    with pytest.raises(InputErrors):
        record_promise(ctx, invoice.id, date(2026, 1, 1))
    record_promise(ctx, invoice.id, date(2026, 12, 5), "after their customer pays")
    assert [(h.kind, h.resolved_on is not None) for h in list_holds(ctx, invoice.id)] == [
        ("dispute", True),
        ("promise", False),
    ]
    log = cust.get_customer(ctx, customer).log
    assert [e.kind for e in log] == ["promise", "dispute", "dispute"]
    assert log[0].follow_up == date(2026, 12, 5)
    assert "wrong quantity" in log[2].summary
