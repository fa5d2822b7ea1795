# SPDX-License-Identifier: MIT
"""Who to chase first (amount x days) and who to consider for credit hold, on hand cases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.worklist import hold_candidates, overdue_customers

TODAY = date(2026, 11, 23)


def _customer(ctx: AppContext, code: str, limit: str = "") -> int:
    return cust.create_customer(
        ctx, cust.CustomerInput(name=f"Shop {code}", code=code, credit_limit=limit or None)
    ).id


def _invoice(ctx: AppContext, customer: int, days_late: int, amount: str) -> int:
    due = TODAY - timedelta(days=days_late)
    draft = InvoiceDraft(customer, due - timedelta(days=30), (LineDraft("x", "1", amount),), due)
    return issue_invoice(ctx, save_draft(ctx, draft).id, confirmed=True).id


def test_ranked_by_amount_times_days_and_hold_suggested_for_the_right_ones(
    ctx: AppContext,
) -> None:
    a, b = _customer(ctx, "A"), _customer(ctx, "B")
    c, d = _customer(ctx, "C", limit="500"), _customer(ctx, "D")
    # Issued oldest first (numbers follow dates).
    _invoice(ctx, d, 95, "10.00")
    _invoice(ctx, b, 70, "100.00")  # weight 7,000; 70 days
    _invoice(ctx, a, 10, "1000.00")  # weight 10,000
    _invoice(ctx, b, 5, "40.00")  # weight 200
    _invoice(ctx, a, -5, "50.00")  # not due yet: balance, not overdue
    _invoice(ctx, c, -10, "600.00")  # over the limit, nothing overdue
    record_payment(ctx, PaymentInput(b, TODAY, "20.00", allocations=None))  # oldest first
    cust.set_status(ctx, d, "credit_hold")

    ranked = overdue_customers(ctx)
    assert [(o.code, o.overdue, o.weight, o.oldest_days, o.invoices) for o in ranked] == [
        ("A", Decimal("1000.00"), Decimal("10000.00"), 10, 1),
        ("B", Decimal("120.00"), Decimal("5800.00"), 70, 2),  # 80 x 70 + 40 x 5
        ("D", Decimal("10.00"), Decimal("950.00"), 95, 1),
    ]
    assert ranked[0].balance == Decimal("1050.00")
    assert [h.code for h in hold_candidates(ctx)] == ["B", "C"]
    assert overdue_customers(ctx, limit=1)[0].code == "A"
