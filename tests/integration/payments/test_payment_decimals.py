# SPDX-License-Identifier: MIT
"""Amounts with more decimals than their currency has are refused by the payment service, for
every kind of money in (payments, allocations, credit applied, refunds, write-offs), with the
field they belong to, and nothing is written. Hand-computed: EUR (2), JPY (0), KWD (3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from arapp.db.models import Adjustment, AuditEntry, Invoice, Payment, PaymentAllocation, Refund
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.credit import apply_credit, customer_credit, refund_credit
from arapp.services.errors import InputErrors
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.payments import PaymentInput, check_amount, record_payment
from arapp.services.write_offs import write_off

D = Decimal
DAY = date(2026, 11, 20)


def _books(ctx: AppContext, currency: str, *amounts: str) -> tuple[int, list[int]]:
    customer = cust.create_customer(
        ctx, cust.CustomerInput(name=f"Kunde {currency}", currency=currency)
    ).id
    invoices = []
    for amount in amounts:
        draft = save_draft(
            ctx, InvoiceDraft(customer, date(2026, 11, 1), (LineDraft("Goods", "1", amount),))
        )
        invoices.append(issue_invoice(ctx, draft.id).id)
    return customer, invoices


def _state(ctx: AppContext) -> tuple[object, ...]:
    with ctx.db.read() as session:
        counts = tuple(
            session.scalar(select(func.count()).select_from(table))
            for table in (Payment, PaymentAllocation, Adjustment, Refund, AuditEntry)
        )
        paid = tuple(session.scalars(select(Invoice.amount_paid).order_by(Invoice.id)))
        unapplied = tuple(session.scalars(select(Payment.unapplied).order_by(Payment.id)))
    return counts, paid, unapplied


def _refused(ctx: AppContext, call, *expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    before = _state(ctx)
    with pytest.raises(InputErrors) as info:
        call()
    assert [(e.field, e.message) for e in info.value.errors] == list(expected)
    assert _state(ctx) == before  # nothing written


@pytest.mark.parametrize(
    ("raw", "currency", "expected"),
    [
        ("10.00", "EUR", D("10.00")),
        ("10.000", "EUR", D("10.00")),  # the same amount, written longer
        ("10", "EUR", D("10.00")),
        (D("5.50"), "EUR", D("5.50")),
        ("1500", "JPY", D("1500")),
        ("1500.00", "JPY", D("1500")),
        ("1.234", "KWD", D("1.234")),
        ("1.2340", "KWD", D("1.234")),
    ],
)
def test_amounts_within_the_minor_unit_are_taken_at_it(
    raw: str | Decimal, currency: str, expected: Decimal
) -> None:
    value = check_amount(raw, currency)
    assert value == expected and value.as_tuple().exponent == expected.as_tuple().exponent


def test_eur_payment_and_allocations_with_a_third_decimal_are_refused(ctx: AppContext) -> None:
    customer, (inv,) = _books(ctx, "EUR", "100.00")
    _refused(
        ctx,
        lambda: record_payment(ctx, PaymentInput(customer, DAY, "10.005")),
        ("amount", "10.005 has too many decimals: EUR amounts have 2."),
    )
    _refused(
        ctx,
        lambda: record_payment(
            ctx, PaymentInput(customer, DAY, "50.00", allocations=((inv, "10.005"),))
        ),
        ("allocations", f"Invoice #{inv}: 10.005 has too many decimals: EUR amounts have 2."),
    )
    # every wrong field at once: the amount, and each allocation
    _refused(
        ctx,
        lambda: record_payment(
            ctx,
            PaymentInput(customer, DAY, D("0.001"), allocations=((inv, D("0.004")), (inv, "x"))),
        ),
        ("amount", "0.001 has too many decimals: EUR amounts have 2."),
        ("allocations", f"Invoice #{inv}: 0.004 has too many decimals: EUR amounts have 2."),
        ("allocations", f"Invoice #{inv}: “x” is not a number"),
    )
    paid = record_payment(ctx, PaymentInput(customer, DAY, "60.000", allocations=((inv, "40.0"),)))
    assert (paid.amount, paid.applied[0].amount, paid.unapplied) == (
        D("60.00"),
        D("40.00"),
        D("20.00"),
    )
    _refused(
        ctx,
        lambda: apply_credit(ctx, paid.id, ((inv, "10.005"),)),
        ("allocations", f"Invoice #{inv}: 10.005 has too many decimals: EUR amounts have 2."),
    )
    _refused(
        ctx,
        lambda: refund_credit(ctx, customer, "5.555", DAY, "bank_transfer"),
        ("amount", "5.555 has too many decimals: EUR amounts have 2."),
    )
    _refused(
        ctx,
        lambda: write_off(ctx, inv, "small_balance", "cents", "0.605"),
        ("amount", "0.605 has too many decimals: EUR amounts have 2."),
    )
    # 100.00 - 40.00 paid = 60.00 open; 20.00 of credit applied leaves 40.00; 0.60 written off
    assert apply_credit(ctx, paid.id, ((inv, "20.000"),)).unapplied == D("0.00")
    assert write_off(ctx, inv, "bad_debt", "gone", "0.60") == D("0.60")
    with ctx.db.read() as session:
        assert session.get(Invoice, inv).amount_paid == D("60.60")  # type: ignore[union-attr]


def test_jpy_has_no_decimals_anywhere(ctx: AppContext) -> None:
    customer, (first, _second) = _books(ctx, "JPY", "1000", "300")
    whole = "has decimals: JPY amounts are whole numbers."
    _refused(
        ctx,
        lambda: record_payment(ctx, PaymentInput(customer, DAY, "5.5")),
        ("amount", f"5.5 {whole}"),
    )
    _refused(
        ctx,
        lambda: record_payment(
            ctx, PaymentInput(customer, DAY, "1500", allocations=((first, "999.5"),))
        ),
        ("allocations", f"Invoice #{first}: 999.5 {whole}"),
    )
    # 1500 paid: 1000 on the older invoice, 300 on the other, 200 left as credit
    paid = record_payment(ctx, PaymentInput(customer, DAY, "1500"))
    assert [a.amount for a in paid.applied] == [D("1000"), D("300")]
    assert paid.unapplied == D("200") == customer_credit(ctx, customer)
    _refused(
        ctx,
        lambda: refund_credit(ctx, customer, "0.5", DAY, "cash"),
        ("amount", f"0.5 {whole}"),
    )
    assert refund_credit(ctx, customer, "150", DAY, "cash") == D("150")
    (third,) = _books_more(ctx, customer, "80")
    _refused(
        ctx,
        lambda: apply_credit(ctx, paid.id, ((third, "49.9"),)),
        ("allocations", f"Invoice #{third}: 49.9 {whole}"),
    )
    _refused(
        ctx,
        lambda: write_off(ctx, third, "bad_debt", "gone", "30.5"),
        ("amount", f"30.5 {whole}"),
    )
    assert apply_credit(ctx, paid.id, ((third, "50"),)).unapplied == D("0")
    assert write_off(ctx, third, "bad_debt", "gone") == D("30")  # 80 - 50


def _books_more(ctx: AppContext, customer: int, amount: str) -> list[int]:
    draft = save_draft(
        ctx, InvoiceDraft(customer, date(2026, 11, 2), (LineDraft("Goods", "1", amount),))
    )
    return [issue_invoice(ctx, draft.id).id]


def test_kwd_takes_three_decimals_and_not_four(ctx: AppContext) -> None:
    customer, (inv,) = _books(ctx, "KWD", "10.000")
    _refused(
        ctx,
        lambda: record_payment(ctx, PaymentInput(customer, DAY, "1.2345")),
        ("amount", "1.2345 has too many decimals: KWD amounts have 3."),
    )
    _refused(
        ctx,
        lambda: record_payment(
            ctx, PaymentInput(customer, DAY, "2.000", allocations=((inv, "1.0005"),))
        ),
        ("allocations", f"Invoice #{inv}: 1.0005 has too many decimals: KWD amounts have 3."),
    )
    # 2.125 paid, 1.125 of it on the invoice: 8.875 open, 1.000 credit
    paid = record_payment(ctx, PaymentInput(customer, DAY, "2.125", allocations=((inv, "1.125"),)))
    assert (paid.applied[0].amount, paid.unapplied) == (D("1.125"), D("1.000"))
    _refused(
        ctx,
        lambda: refund_credit(ctx, customer, "0.0001", DAY, "cash"),
        ("amount", "0.0001 has too many decimals: KWD amounts have 3."),
    )
    assert refund_credit(ctx, customer, "0.001", DAY, "cash") == D("0.001")
    assert customer_credit(ctx, customer) == D("0.999")
