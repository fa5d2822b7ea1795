# SPDX-License-Identifier: MIT
"""Money in, over plain values: the early-payment discount and oldest-first allocation.

The one rule for both what the record-payment dialog previews and what the payment service
books (and what bank matching proposes): each works on Decimal balances in the order given,
never on rows, so the three cannot drift apart.

An early-payment discount ("2/10 net 30") is earned when a payment inside the window settles
the rest of the invoice: what the payment leaves open is forgiven, up to the amount the terms
offer. Paying the full balance earns nothing: there is nothing left to forgive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from arapp.domain.terms import PaymentTerms


def discount_offered(
    terms: PaymentTerms, issue_date: date, total: Decimal, currency: str, pay_date: date
) -> Decimal:
    """The discount ``terms`` give on an invoice of ``total`` issued on ``issue_date`` when paid
    on ``pay_date``, rounded to the currency (0: none, or the window has passed)."""
    if not terms.has_discount or not terms.discount_applies(issue_date, pay_date):
        return Decimal(0)
    return terms.discount_amount(total, currency)


def discount_earned(offered: Decimal, balance: Decimal, paying: Decimal) -> Decimal:
    """The discount granted when ``paying`` goes to an invoice with ``balance`` open whose terms
    offer ``offered``: what the payment leaves open, up to the offer, when the payment settles
    the rest; else none."""
    if 0 < offered < balance and paying >= balance - offered:
        return max(min(offered, balance - paying), Decimal(0))
    return Decimal(0)


def payable(balance: Decimal, offered: Decimal, available: Decimal) -> Decimal:
    """How much of ``available`` goes on an invoice with ``balance`` open: the balance less any
    discount that earns, at most ``available``."""
    return min(available, balance - discount_earned(offered, balance, available))


@dataclass(frozen=True)
class OpenBalance:
    """An open invoice as allocation sees it.

    Attributes:
        invoice_id: Invoice id.
        balance: Still owed on it.
        offered: The early-payment discount its terms give on the payment's date (0: none).
    """

    invoice_id: int
    balance: Decimal
    offered: Decimal = Decimal(0)


@dataclass(frozen=True)
class Allocation:
    """Part of a payment put on one invoice.

    Attributes:
        invoice_id: Invoice id.
        amount: Money put on it.
        discount: Early-payment discount granted with it (0: none).
    """

    invoice_id: int
    amount: Decimal
    discount: Decimal


def oldest_first(amount: Decimal, invoices: Iterable[OpenBalance]) -> tuple[Allocation, ...]:
    """``amount`` spread over ``invoices`` in their order (the caller sorts them oldest due
    first): each is paid off, less the discount it earns, until the money runs out. What is
    not allocated (``amount`` less the sum of the amounts) is the customer's credit."""
    plan = []
    left = amount
    for invoice in invoices:
        if left <= 0:
            break
        paying = payable(invoice.balance, invoice.offered, left)
        if paying > 0:
            discount = discount_earned(invoice.offered, invoice.balance, paying)
            plan.append(Allocation(invoice.invoice_id, paying, discount))
            left -= paying
    return tuple(plan)


__all__ = [
    "Allocation",
    "OpenBalance",
    "discount_earned",
    "discount_offered",
    "oldest_first",
    "payable",
]
