# SPDX-License-Identifier: MIT
"""Payments on hand-computed cases: allocation, discounts, credit, reversal, write-offs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from arapp.db.models import AuditEntry, PaymentAllocation
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.credit import apply_credit, customer_credit, refund_credit
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.payments import PaymentInput, get_payment, record_payment
from arapp.services.reversals import reverse_payment
from arapp.services.write_offs import write_off

D = Decimal


@pytest.fixture
def books(ctx: AppContext):  # type: ignore[no-untyped-def]
    customer = cust.create_customer(
        ctx, cust.CustomerInput(name="Ünal Çelik", terms="2/10 net 30")
    ).id

    def invoice(day: date, amount: str) -> int:
        draft = save_draft(ctx, InvoiceDraft(customer, day, (LineDraft("Goods", "1", amount),)))
        return issue_invoice(ctx, draft.id).id

    return ctx, customer, invoice


def test_oldest_due_first_and_overpayment_becomes_credit(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    older = invoice(date(2026, 9, 1), "100.00")
    newer = invoice(date(2026, 10, 1), "50.00")
    paid = record_payment(
        ctx, PaymentInput(customer, date(2026, 11, 20), "170.00", "cheque", "CHQ 881")
    )
    assert [(a.number, a.amount, a.discount) for a in paid.applied] == [
        ("INV-2026-00001", D("100.00"), D("0")),
        ("INV-2026-00002", D("50.00"), D("0")),
    ]
    assert paid.unapplied == D("20.00") == customer_credit(ctx, customer)
    assert get_invoice(ctx, older).status == get_invoice(ctx, newer).status == "paid"
    later = invoice(date(2026, 11, 21), "30.00")
    used = apply_credit(ctx, paid.id)
    assert used.unapplied == 0 and get_invoice(ctx, later).balance == D("10.00")


def test_early_payment_discount_is_granted_not_left_open(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    inv = invoice(date(2026, 11, 13), "200.00")  # 2/10 net 30: 4.00 off until 2026-11-23
    paid = record_payment(ctx, PaymentInput(customer, date(2026, 11, 23), "196.00"))
    assert [(a.amount, a.discount) for a in paid.applied] == [(D("196.00"), D("4.00"))]
    record = get_invoice(ctx, inv)
    assert (record.status, record.balance) == ("paid", D("0.00"))


def test_no_discount_after_the_window_or_for_a_part(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    late = invoice(date(2026, 11, 1), "200.00")  # window ended 2026-11-11
    part = invoice(date(2026, 11, 20), "100.00")
    record_payment(
        ctx, PaymentInput(customer, date(2026, 11, 23), "196.00", allocations=((late, "196.00"),))
    )
    assert get_invoice(ctx, late).balance == D("4.00")
    record_payment(
        ctx, PaymentInput(customer, date(2026, 11, 23), "50.00", allocations=((part, "50.00"),))
    )
    assert get_invoice(ctx, part).balance == D("50.00")
    assert get_invoice(ctx, part).status == "partially_paid"


def test_manual_allocation_rules(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    a = invoice(date(2026, 10, 1), "80.00")
    b = invoice(date(2026, 10, 2), "40.00")
    with pytest.raises(ServiceError, match="more than that"):
        record_payment(
            ctx, PaymentInput(customer, date(2026, 11, 23), "100", allocations=((a, "90"),))
        )
    with pytest.raises(ServiceError, match="between 0 and"):
        record_payment(
            ctx,
            PaymentInput(customer, date(2026, 11, 23), "50", allocations=((a, "30"), (b, "30"))),
        )
    assert get_invoice(ctx, a).balance == D("80.00")  # nothing half-recorded
    paid = record_payment(
        ctx, PaymentInput(customer, date(2026, 11, 23), "50", allocations=((b, "40"), (a, "10")))
    )
    assert [x.number for x in paid.applied] == ["INV-2026-00002", "INV-2026-00001"]
    assert get_invoice(ctx, a).balance == D("70.00")


def test_bad_payments_are_refused_with_every_reason(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, _ = books
    with pytest.raises(InputErrors) as info:
        record_payment(ctx, PaymentInput(customer, date(2027, 1, 1), "-5", "barter"))
    assert {e.field for e in info.value.errors} == {"amount", "method", "date"}
    with pytest.raises(InputErrors, match="decimals"):
        record_payment(ctx, PaymentInput(customer, date(2026, 11, 1), "1.001"))


def test_reversal_makes_invoices_owe_again_and_keeps_the_record(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    inv = invoice(date(2026, 11, 13), "200.00")
    paid = record_payment(ctx, PaymentInput(customer, date(2026, 11, 20), "196.00", "cheque"))
    with pytest.raises(ServiceError, match="Say why"):
        reverse_payment(ctx, paid.id, "")
    reversed_ = reverse_payment(ctx, paid.id, "Cheque bounced")
    assert reversed_.status == "reversed" and reversed_.applied == () and reversed_.unapplied == 0
    record = get_invoice(ctx, inv)
    assert (record.status, record.balance) == ("issued", D("200.00"))  # discount undone too
    with pytest.raises(ServiceError, match="already reversed"):
        reverse_payment(ctx, paid.id, "again")
    with ctx.db.read() as s:
        reason = s.scalar(select(AuditEntry.reason).where(AuditEntry.action == "payment_reversed"))
    assert reason == "Cheque bounced"


def test_refund_of_credit(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    invoice(date(2026, 10, 1), "10.00")
    paid = record_payment(ctx, PaymentInput(customer, date(2026, 11, 20), "25.00"))
    with pytest.raises(ServiceError, match=r"15\.00"):
        refund_credit(ctx, customer, "20", date(2026, 11, 23), "bank_transfer")
    assert refund_credit(ctx, customer, "15.00", date(2026, 11, 23), "bank_transfer") == D("15.00")
    assert customer_credit(ctx, customer) == 0
    with pytest.raises(ServiceError, match="refunded"):
        reverse_payment(ctx, paid.id, "bounced")


def test_write_offs(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    bad = invoice(date(2026, 5, 1), "500.00")  # issued first: numbers follow dates
    inv = invoice(date(2026, 10, 1), "100.00")
    record_payment(
        ctx, PaymentInput(customer, date(2026, 11, 20), "99.40", allocations=((inv, "99.40"),))
    )
    assert write_off(ctx, inv, "small_balance", "rounding by the customer's bank") == D("0.60")
    assert get_invoice(ctx, inv).status == "paid"
    with pytest.raises(ServiceError, match="small-balance limit"):
        write_off(ctx, bad, "small_balance", "too big")
    assert write_off(ctx, bad, "bad_debt", "customer insolvent") == D("500.00")
    with pytest.raises(ServiceError, match="nothing open"):
        write_off(ctx, bad, "bad_debt", "again")


def test_customer_list_balance_counts_unapplied_credit(books) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.customer_list import SortKey, customer_ids, customer_rows

    ctx, customer, invoice = books
    other = cust.create_customer(ctx, cust.CustomerInput(name="Owes a little")).id
    invoice(date(2026, 10, 1), "10.00")  # issued first: numbers follow dates
    draft = save_draft(ctx, InvoiceDraft(other, date(2026, 11, 1), (LineDraft("x", "1", "5"),)))
    issue_invoice(ctx, draft.id)
    record_payment(ctx, PaymentInput(customer, date(2026, 11, 20), "25.00"))
    assert customer_rows(ctx, [customer])[customer].balance == D("-15.00")
    assert customer_ids(ctx, sort=SortKey.BALANCE) == [customer, other]
    refund_credit(ctx, customer, "15.00", date(2026, 11, 23), "bank_transfer")
    assert customer_rows(ctx, [customer])[customer].balance == D("0.00")


def test_paying_the_full_balance_in_the_window_earns_no_discount_and_between_earns_the_rest(
    books,  # type: ignore[no-untyped-def]
) -> None:
    ctx, customer, invoice = books
    full = invoice(date(2026, 11, 20), "100.00")  # 2/10 net 30: 2.00 off until 30 Nov
    between = invoice(date(2026, 11, 20), "100.00")
    paid = record_payment(
        ctx,
        PaymentInput(
            customer, date(2026, 11, 23), "199.00", allocations=((full, "100"), (between, "99"))
        ),
    )
    assert [(a.amount, a.discount) for a in paid.applied] == [
        (D("100.00"), D("0.00")),
        (D("99.00"), D("1.00")),
    ]
    assert get_invoice(ctx, full).status == get_invoice(ctx, between).status == "paid"
    assert get_payment(ctx, paid.id) == paid  # the discounts granted are those read back later


def test_credit_applied_later_is_dated_the_day_it_is_applied(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    paid = record_payment(ctx, PaymentInput(customer, date(2026, 11, 1), "50.00"))
    later = invoice(date(2026, 11, 10), "30.00")
    apply_credit(ctx, paid.id)
    with ctx.db.read() as s:
        [allocation] = s.scalars(
            select(PaymentAllocation).where(PaymentAllocation.invoice_id == later)
        )
        assert allocation.date == date(2026, 11, 23)
