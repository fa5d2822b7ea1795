# SPDX-License-Identifier: MIT
"""What the payments' services refuse, in the person's language (German here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.payment_allocation import open_invoices_for_allocation, summarize_allocation
from arapp.services.payments import PaymentInput, get_payment, record_payment
from arapp.services.plans import PlanInput, cancel_plan, create_plan
from arapp.services.reversals import reverse_payment
from arapp.services.write_offs import write_off


@pytest.fixture
def books(ctx: AppContext):  # type: ignore[no-untyped-def]
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Jürgen Groß", terms="net 30")).id
    draft = save_draft(
        ctx, InvoiceDraft(customer, date(2026, 9, 1), (LineDraft("Goods", "1", "100.00"),))
    )
    return ctx, customer, issue_invoice(ctx, draft.id)


def test_payments_refuse_in_german(books, german) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    with pytest.raises(InputErrors) as wrong:
        record_payment(ctx, PaymentInput(customer, date(2026, 9, 2), "0", "cash"))
    assert wrong.value.for_field("amount") == "Eine Zahlung muss größer als null sein."
    with pytest.raises(InputErrors) as decimals:
        record_payment(ctx, PaymentInput(customer, date(2026, 9, 2), "1.234", "cash"))
    assert decimals.value.for_field("amount") == (
        "1.234 hat zu viele Nachkommastellen: Beträge in EUR haben 2."
    )
    with pytest.raises(NotFound, match=r"^Zahlung Nr. 999 existiert nicht\.$"):
        get_payment(ctx, 999)
    paid = record_payment(ctx, PaymentInput(customer, date(2026, 9, 2), "40.00", "cash"))
    with pytest.raises(ServiceError, match=r"^Geben Sie an, warum die Zahlung storniert wird"):
        reverse_payment(ctx, paid.id, " ")
    with pytest.raises(ServiceError) as too_much:
        write_off(ctx, invoice.id, "bad_debt", "gone", "70.00")
    assert str(too_much.value) == "Schreiben Sie zwischen 0 und 60.00 EUR ab."


def test_allocation_and_plans_refuse_in_german(books, german) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    found = open_invoices_for_allocation(ctx, customer, date(2026, 9, 2))
    too_much = summarize_allocation(None, found, {invoice.id: Decimal("120.00")}, "EUR")
    assert [text for _id, text in too_much.problems] == [
        f"{invoice.number} hat 100.00 EUR offen; 120.00 ist mehr als das."
    ]
    short = summarize_allocation(Decimal("50.00"), found, {invoice.id: Decimal("60.00")}, "EUR")
    assert [text for _id, text in short.problems] == [
        "Die Rechnungen erhalten 60.00 EUR, mehr als die eingegangenen 50.00."
    ]
    with pytest.raises(InputErrors) as wrong:
        create_plan(
            ctx,
            PlanInput(
                customer,
                (invoice.id,),
                ((date(2026, 12, 1), "60"), (date(2026, 11, 30), "40")),
            ),
        )
    assert [e.message for e in wrong.value.errors] == ["Rate 2 muss nach der vorherigen liegen."]
    with pytest.raises(InputErrors) as no_reason:
        cancel_plan(ctx, 1, " ")
    assert str(no_reason.value) == "Geben Sie an, warum der Ratenplan aufgehoben wird."
