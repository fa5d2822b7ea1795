# SPDX-License-Identifier: MIT
"""Holds hold late fees: no fee on a disputed or promised invoice while it is held, the review
says why, and the days held (a dispute, a promise, a plan while kept) never count afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from arapp.db.models import LateFeeCharge
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.fees import FeeCharge, FeeLeftOut, charge_late_fees, review_fees
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.plans import PlanInput, cancel_plan, create_plan, get_plan
from arapp.services.reminders.holds import open_dispute, record_promise, resolve_hold
from arapp.services.settings import set_setting
from tests.helpers.books import on_day

D = Decimal
NAME = "Zoë Hält"


def _charge_on(ctx: AppContext, day: date, **kwargs: Any) -> list[FeeCharge]:
    """Charge the fees due on ``day``, run on that day (no fee is charged ahead of its day)."""
    return charge_late_fees(on_day(ctx, day), as_of=day, **kwargs)


@pytest.fixture
def books(ctx: AppContext):  # type: ignore[no-untyped-def]
    """Fees of 5.00 once and 1% a month, no grace; invoices dated 2026-09-01, due 2026-10-01
    (period 1 began 2026-10-02, period 2 on 2026-11-02, period 3 would begin 2026-12-02)."""
    customer = cust.create_customer(ctx, cust.CustomerInput(name=NAME, terms="net 30")).id
    set_setting(ctx, "fees.late_fee_flat", "5")
    set_setting(ctx, "fees.interest_percent_per_month", "1")
    set_setting(ctx, "fees.grace_days", "0")

    def invoice(amount: str) -> tuple[int, str]:
        lines = (LineDraft("Goods", "1", amount),)
        draft = save_draft(ctx, InvoiceDraft(customer, date(2026, 9, 1), lines))
        issued = issue_invoice(ctx, draft.id)
        return issued.id, issued.number or ""

    return ctx, customer, invoice


def _charged(ctx: AppContext, invoice_id: int) -> list[tuple[int, date]]:
    with ctx.db.read() as s:
        rows = s.execute(
            select(LateFeeCharge.period, LateFeeCharge.period_start)
            .where(LateFeeCharge.invoice_id == invoice_id)
            .order_by(LateFeeCharge.period)
        )
        return [(p, start) for p, start in rows]


def test_a_disputed_invoice_gets_no_fee_and_the_review_says_why(books) -> None:  # type: ignore[no-untyped-def]
    ctx, _customer, invoice = books
    disputed, number = invoice("100.00")
    other, _ = invoice("200.00")
    dispute = open_dispute(ctx, disputed, "Two of the chairs arrived broken")
    review = review_fees(ctx)
    assert [c.invoice_id for c in review.charges] == [other]
    assert review.left_out == [FeeLeftOut(disputed, number, NAME, "disputed since 2026-11-23")]
    assert [c.invoice_id for c in charge_late_fees(ctx)] == [other]
    assert _charged(ctx, disputed) == []
    assert _charged(ctx, other) == [(1, date(2026, 10, 2)), (2, date(2026, 11, 2))]

    ctx.today = lambda: date(2026, 12, 10)  # resolved after 17 days
    resolve_hold(ctx, dispute.id, "Replaced the chairs; the invoice stands")
    assert review_fees(ctx).left_out == []
    [fee] = charge_late_fees(ctx, invoice_ids={disputed})  # what had begun before the dispute
    assert (fee.periods, fee.flat, fee.interest) == ((1, 2), D("5.00"), D("2.00"))
    assert _charge_on(ctx, date(2026, 12, 18), invoice_ids={disputed}) == []
    [third] = _charge_on(ctx, date(2026, 12, 19), invoice_ids={disputed})
    assert third.periods == (3,)  # 2026-12-02 plus the 17 days the dispute held it
    assert _charged(ctx, disputed)[-1] == (3, date(2026, 12, 19))


def test_a_promise_holds_fees_through_its_day_like_a_dispute(books) -> None:  # type: ignore[no-untyped-def]
    ctx, _customer, invoice = books
    promised, number = invoice("100.00")
    record_promise(ctx, promised, date(2026, 11, 27), "Pays on Friday")
    assert review_fees(ctx).left_out == [
        FeeLeftOut(promised, number, NAME, "promised to be paid by 2026-11-27")
    ]
    assert _charge_on(ctx, date(2026, 11, 27)) == []
    [fee] = _charge_on(ctx, date(2026, 11, 28))  # broken: fees resume
    assert fee.periods == (1, 2)
    assert _charge_on(ctx, date(2026, 12, 6)) == []
    [third] = _charge_on(ctx, date(2026, 12, 7))  # 12-02 plus 5 days held
    assert third.periods == (3,)


def test_a_broken_plan_charges_from_the_day_it_broke(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    on_plan, _ = invoice("300.00")
    assert [c.periods for c in charge_late_fees(ctx)] == [(1, 2)]  # late before the plan
    plan = create_plan(ctx, PlanInput(customer, (on_plan,), ((date(2027, 2, 1), "300"),)))
    assert review_fees(ctx, date(2027, 2, 1)).left_out[0].reason == "on a payment plan that is kept"
    assert get_plan(ctx, plan.id, as_of=date(2027, 2, 2)).broke_on == date(2027, 2, 2)
    # Kept from 2026-11-23 to 2027-02-01: periods 3 to 5 (12-02, 01-02, 02-02) ran meanwhile
    # and are not charged at once; the clock goes on from the break where it stopped (9 days
    # before period 3).
    assert review_fees(ctx, date(2027, 2, 10)).charges == []
    [fee] = _charge_on(ctx, date(2027, 2, 15))
    assert (fee.periods, fee.flat, fee.interest) == ((3,), D("0"), D("3.00"))
    assert _charged(ctx, on_plan)[-1] == (3, date(2027, 2, 11))


def test_a_cancelled_plan_is_not_charged_for_the_months_it_was_kept(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    on_plan, _ = invoice("300.00")
    assert [c.periods for c in charge_late_fees(ctx)] == [(1, 2)]
    plan = create_plan(ctx, PlanInput(customer, (on_plan,), ((date(2027, 2, 1), "300"),)))
    ctx.today = lambda: date(2027, 1, 15)  # kept for 53 days, then cancelled
    ctx.now = lambda: datetime(2027, 1, 15, 10, 30, tzinfo=UTC)  # the audit log's moment
    cancel_plan(ctx, plan.id, "Pays by card instead")
    assert _charge_on(ctx, date(2027, 1, 23)) == []
    [fee] = _charge_on(ctx, date(2027, 1, 24))  # 2026-12-02 plus 53 days
    assert fee.periods == (3,)
    assert _charged(ctx, on_plan)[-1] == (3, date(2027, 1, 24))
