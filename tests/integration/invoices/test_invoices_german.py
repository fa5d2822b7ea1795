# SPDX-License-Identifier: MIT
"""The invoicing services speak the person's language; the audit log keeps English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from arapp.db.models import AuditEntry
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, check_lines, save_draft
from arapp.services.lifecycle import NeedsConfirmation, issue_invoice, void_invoice
from tests.helpers.books import TODAY, customer, issued_invoice


def test_line_errors_come_in_german(german: None) -> None:
    with pytest.raises(InputErrors) as caught:
        check_lines([LineDraft("", "abc", "1.00001")], {})
    assert [e.message for e in caught.value.errors] == [
        "Position 1: Beschreiben Sie, was berechnet wird.",
        "Position 1: Menge – „abc“ ist keine Zahl.",
        "Position 1: Der Einzelpreis hat mehr als 4 Nachkommastellen.",
    ]


def test_refusals_and_warnings_in_german_audit_in_english(ctx: AppContext, german: None) -> None:
    shop = create_customer(ctx, CustomerInput(name="Anna", terms="net 30", credit_limit="50")).id
    draft = save_draft(ctx, InvoiceDraft(shop, TODAY, (LineDraft("Goods", "1", "80"),)))
    with pytest.raises(NeedsConfirmation) as warned:
        issue_invoice(ctx, draft.id)
    assert warned.value.warnings[0].startswith("Mit dieser Rechnung würde Anna ")
    issued = issue_invoice(ctx, draft.id, confirmed=True)
    with ctx.db.read() as session:
        reason = session.scalar(
            select(AuditEntry.reason).where(AuditEntry.action == "invoice_issued")
        )
    assert reason is not None and reason.startswith("With this invoice Anna would owe ")
    with pytest.raises(ServiceError, match=r"^Geben Sie an, warum die Rechnung storniert wird"):
        void_invoice(ctx, issued.id, " ")
    with pytest.raises(NotFound, match=r"^Rechnung Nr\. 999 existiert nicht\.$"):
        void_invoice(ctx, 999, "wrong")
    bert = issued_invoice(ctx, customer(ctx, "Bert"), TODAY, "10")
    voided = void_invoice(ctx, bert, "wrong customer")
    with pytest.raises(ServiceError, match=rf"^{voided.number} ist bereits storniert\.$"):
        void_invoice(ctx, bert, "again")


def test_issue_dates_are_refused_in_german(ctx: AppContext, german: None) -> None:
    draft = save_draft(
        ctx, InvoiceDraft(customer(ctx, "Anna"), TODAY, (LineDraft("Goods", "1", "5"),))
    )
    with pytest.raises(
        ServiceError, match=r"^Eine Rechnung kann nicht auf den .* datiert werden, "
    ):
        issue_invoice(ctx, draft.id, on=TODAY + timedelta(days=1))
