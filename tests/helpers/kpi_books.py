# SPDX-License-Identifier: MIT
"""Books for the KPI tests, small enough to compute every figure by hand.

The books (today 23 Nov 2026, net 30 everywhere; P = 90, so the period is (25 Aug, 23 Nov]):

* Anna: a1 1 Jul 100 paid 10 Sep; a2 1 Sep 200, 50 paid 20 Sep; a3 1 Oct 300, credited 30
  today; a5 5 Oct 100 paid 15 Oct by a payment of 120 (20 left as credit); a4 1 Nov 80 open.
* Bert: b1 1 Aug 50 paid 15 Sep by a payment reversed today; b2 5 Sep 60 voided today; b3 10
  Nov 40 paid 20 Nov; a late fee of 5 on b1 today (a fee document).
* Cleo: c1 10 Sep 10 written off (bad debt) today.
* Dora: only a payment of 5 on account, 1 Nov. Ugo: bills in USD (never in the company's).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.fees import charge_late_fees
from arapp.services.invoices import LineDraft, invoice_by_number
from arapp.services.lifecycle import credit_invoice, void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.services.settings import set_setting
from arapp.services.write_offs import write_off
from tests.helpers.books import issued_invoice as _invoice


def customer(ctx: AppContext, name: str, currency: str = "EUR") -> int:
    """A customer whose code is the name's first letter."""
    return cust.create_customer(
        ctx, cust.CustomerInput(name=name, code=name[0], currency=currency)
    ).id


def pay(ctx: AppContext, who: int, day: date, amount: str, *alloc: tuple[int, str]) -> int:
    """A payment allocated as given; returns its id."""
    return record_payment(ctx, PaymentInput(who, day, amount, allocations=alloc)).id


def kpi_books(ctx: AppContext) -> AppContext:
    """The books of this module's docstring in ``ctx`` (empty books, today 23 Nov 2026)."""
    a, b, c = customer(ctx, "Anna"), customer(ctx, "Bert"), customer(ctx, "Cleo")
    d, u = customer(ctx, "Dora"), customer(ctx, "Ugo", "USD")
    customer(ctx, "Zeno")  # nothing at all
    # issued in date order (numbers follow dates)
    _invoice(ctx, u, date(2026, 6, 1), "999.00")
    a1 = _invoice(ctx, a, date(2026, 7, 1), "100.00")
    b1 = _invoice(ctx, b, date(2026, 8, 1), "50.00")
    a2 = _invoice(ctx, a, date(2026, 9, 1), "200.00")
    b2 = _invoice(ctx, b, date(2026, 9, 5), "60.00")
    c1 = _invoice(ctx, c, date(2026, 9, 10), "10.00")
    a3 = _invoice(ctx, a, date(2026, 10, 1), "300.00")
    a5 = _invoice(ctx, a, date(2026, 10, 5), "100.00")
    _invoice(ctx, a, date(2026, 11, 1), "80.00")
    b3 = _invoice(ctx, b, date(2026, 11, 10), "40.00")
    pay(ctx, a, date(2026, 9, 10), "100.00", (a1, "100"))
    bounced = pay(ctx, b, date(2026, 9, 15), "50.00", (b1, "50"))
    pay(ctx, a, date(2026, 9, 20), "50.00", (a2, "50"))
    pay(ctx, a, date(2026, 10, 15), "120.00", (a5, "100"))  # 20 over: credit
    record_payment(ctx, PaymentInput(d, date(2026, 11, 1), "5.00"))
    pay(ctx, b, date(2026, 11, 20), "40.00", (b3, "40"))
    pay(ctx, u, date(2026, 9, 1), "999.00", (1, "999"))
    # today (23 Nov)
    reverse_payment(ctx, bounced, "bounced")
    void_invoice(ctx, b2, "sent twice")
    credit_invoice(ctx, a3, "damaged", [LineDraft("Refund", "1", "30.00")])
    write_off(ctx, c1, "bad_debt", "gone")
    set_setting(ctx, "fees.late_fee_flat", "5")
    set_setting(ctx, "fees.grace_days", "0")
    set_setting(ctx, "fees.interest_percent_per_month", "0")
    [fee] = charge_late_fees(ctx, invoice_ids={b1})
    assert fee.fee_number is not None
    fee_doc = invoice_by_number(ctx, fee.fee_number)
    assert fee_doc.total == Decimal("5.00") and fee_doc.due_date >= date(2026, 11, 23)
    return ctx
