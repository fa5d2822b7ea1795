# SPDX-License-Identifier: MIT
"""Oldest-first allocation and the early-payment discount, over plain values.

The record-payment dialog previews with :func:`arapp.services.payment_allocation.oldest_first`
and the payment service books with :func:`arapp.domain.allocation.oldest_first`: the property
below proves they agree, and that the parts add up to the cent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from arapp.domain.allocation import (
    OpenBalance,
    discount_earned,
    discount_offered,
    oldest_first,
    payable,
)
from arapp.domain.terms import parse_terms
from arapp.services.payment_allocation import OpenInvoice
from arapp.services.payment_allocation import oldest_first as preview

D = Decimal
CENTS = st.integers(min_value=1, max_value=500_000).map(lambda c: D(c) / 100)
OFFERS = st.integers(min_value=0, max_value=600_000).map(lambda c: D(c) / 100)


def test_discount_earned_when_the_payment_settles_the_rest() -> None:
    assert discount_earned(D("2.00"), D("100.00"), D("98.00")) == D("2.00")
    assert discount_earned(D("2.00"), D("100.00"), D("99.00")) == D("1.00")
    assert discount_earned(D("2.00"), D("100.00"), D("100.00")) == 0  # nothing left to forgive
    assert discount_earned(D("2.00"), D("100.00"), D("97.99")) == 0  # does not settle it
    assert discount_earned(D("0"), D("100.00"), D("100.00")) == 0
    assert discount_earned(D("100.00"), D("100.00"), D("0")) == 0  # an offer of it all is none
    # money enough for the whole balance pays it whole; just short of it earns the rest
    assert payable(D("100.00"), D("2.00"), D("500")) == D("100.00")
    assert payable(D("100.00"), D("2.00"), D("99.00")) == D("99.00")
    assert payable(D("100.00"), D("2.00"), D("50")) == D("50")


def test_discount_offered_inside_the_window_only() -> None:
    terms = parse_terms("2/10 net 30")
    issued = date(2026, 3, 1)
    assert discount_offered(terms, issued, D("250.00"), "EUR", date(2026, 3, 11)) == D("5.00")
    assert discount_offered(terms, issued, D("250.00"), "EUR", date(2026, 3, 12)) == 0
    assert discount_offered(parse_terms("net 30"), issued, D("250"), "EUR", issued) == 0


@st.composite
def open_balances(draw: st.DrawFn) -> list[OpenBalance]:
    balances = draw(st.lists(st.tuples(CENTS, OFFERS), max_size=8))
    return [OpenBalance(i, balance, offered) for i, (balance, offered) in enumerate(balances)]


@st.composite
def payments(draw: st.DrawFn) -> tuple[Decimal, list[OpenBalance]]:
    """Invoices and an amount: any amount, or one that falls short of paying the first few off
    by no more than the last one's discount (where the discount decides what is booked)."""
    invoices = draw(open_balances())
    amount = draw(st.integers(min_value=0, max_value=3_000_000).map(lambda c: D(c) / 100))
    if invoices and draw(st.booleans()):
        k = draw(st.integers(min_value=1, max_value=len(invoices)))
        short = min(invoices[k - 1].offered, invoices[k - 1].balance)
        cents = draw(st.integers(min_value=0, max_value=int(short * 100)))
        amount = sum((i.balance for i in invoices[:k]), D(0)) - D(cents) / 100
    return amount, invoices


@given(payments())
def test_the_parts_add_up_and_the_preview_is_the_booking(
    payment: tuple[Decimal, list[OpenBalance]],
) -> None:
    amount, invoices = payment
    plan = oldest_first(amount, invoices)
    by_id = {i.invoice_id: i for i in invoices}
    applied = sum((part.amount for part in plan), D(0))
    credit = amount - applied
    # to the cent: what goes on invoices plus what stays as credit is what was received
    assert applied + credit == amount and credit >= 0
    assert all(part.amount == part.amount.quantize(D("0.01")) for part in plan)
    for part in plan:
        invoice = by_id[part.invoice_id]
        assert part.amount > 0 and part.discount >= 0
        assert part.amount + part.discount <= invoice.balance
        assert part.discount == discount_earned(invoice.offered, invoice.balance, part.amount)
    # oldest first: an invoice gets money only when every earlier one is settled
    ids = [part.invoice_id for part in plan]
    assert ids == sorted(ids)
    for part in plan[:-1]:
        assert part.amount + part.discount == by_id[part.invoice_id].balance
    if credit > 0:
        assert all(p.amount + p.discount == by_id[p.invoice_id].balance for p in plan)
        assert len(plan) == sum(1 for i in invoices if i.balance > 0)
    # the dialog's preview shows the discount a settling payment earns, not the terms' offer
    shown = [
        OpenInvoice(
            id=i.invoice_id,
            number=f"INV-{i.invoice_id}",
            issue_date=date(2026, 1, 1),
            due_date=date(2026, 1, 31),
            currency="EUR",
            total=i.balance,
            balance=i.balance,
            discount=discount_earned(i.offered, i.balance, i.balance - i.offered),
            discount_until=None,
        )
        for i in invoices
    ]
    assert preview(amount, shown) == {part.invoice_id: part.amount for part in plan}
    # and the discount it shows with each amount is the one booked
    by_shown = {i.id: i for i in shown}
    for part in plan:
        assert by_shown[part.invoice_id].discount_when_paying(part.amount) == part.discount
