# SPDX-License-Identifier: MIT
"""Late fees (once per period, as fee documents) and payment plans, on hand-computed cases."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from arapp.db.engine import Database
from arapp.db.models import Invoice, LateFeeCharge
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.fees import FeeCharge, charge_late_fees, fee_document_ids, pending_fees
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.ledger import balance_check, customer_ledger
from arapp.services.lifecycle import issue_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.plans import (
    PlanInput,
    broken_plans,
    cancel_plan,
    create_plan,
    get_plan,
    suggest_instalments,
)
from arapp.services.reversals import reverse_payment
from arapp.services.settings import set_setting
from tests.helpers.books import on_day

D = Decimal


def _charge_on(ctx: AppContext, day: date, **kwargs: Any) -> list[FeeCharge]:
    """Charge the fees due on ``day``, run on that day (no fee is charged ahead of its day)."""
    return charge_late_fees(on_day(ctx, day), as_of=day, **kwargs)


@pytest.fixture
def books(ctx: AppContext):  # type: ignore[no-untyped-def]
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Zoë <b>&\"'", terms="net 30")).id

    def invoice(day: date, amount: str) -> int:
        draft = save_draft(ctx, InvoiceDraft(customer, day, (LineDraft("Goods", "1", amount),)))
        return issue_invoice(ctx, draft.id).id

    return ctx, customer, invoice


def _fees(ctx: AppContext, flat: str = "5", interest: str = "1.5", grace: str = "7") -> None:
    set_setting(ctx, "fees.late_fee_flat", flat)
    set_setting(ctx, "fees.interest_percent_per_month", interest)
    set_setting(ctx, "fees.grace_days", grace)


def test_no_fees_without_settings(books) -> None:  # type: ignore[no-untyped-def]
    ctx, _customer, invoice = books
    invoice(date(2026, 1, 1), "100.00")
    assert pending_fees(ctx) == [] and charge_late_fees(ctx) == []


def test_fee_document_per_invoice_with_flat_fee_and_interest(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    _fees(ctx)
    inv = invoice(date(2026, 9, 1), "250.00")  # due 1 Oct; late from 9 Oct; 2nd period 9 Nov
    invoice(date(2026, 11, 1), "80.00")  # due 1 Dec: not late
    record_payment(ctx, PaymentInput(customer, date(2026, 10, 5), "50.00"))  # 200.00 open
    [charge] = _charge_on(ctx, date(2026, 11, 23))
    assert (charge.periods, charge.flat, charge.interest) == ((1, 2), D("5.00"), D("6.00"))
    fee = get_invoice(ctx, charge.fee_invoice_id)
    assert (fee.number, fee.status, fee.total, fee.due_date) == (
        "INV-2026-00003", "issued", D("11.00"), date(2026, 11, 23)
    )  # fmt: skip
    assert [line.description for line in fee.lines] == [
        "Late fee: invoice INV-2026-00001 due 2026-10-01",
        "Interest 1.5% per month on 200.00 EUR open on invoice INV-2026-00001,"
        " 2026-10-09 to 2026-11-08",
        "Interest 1.5% per month on 200.00 EUR open on invoice INV-2026-00001,"
        " 2026-11-09 to 2026-12-08",
    ]
    assert fee_document_ids(ctx, [inv, fee.id]) == {fee.id}
    assert customer_ledger(ctx, customer)[-1].balance == D("291.00")  # 200 + 80 + 11
    assert balance_check(ctx, customer)[0] == balance_check(ctx, customer)[1]


def test_a_period_is_never_charged_twice_and_fees_are_not_charged_on_fees(books) -> None:  # type: ignore[no-untyped-def]
    ctx, _customer, invoice = books
    _fees(ctx, flat="0", interest="2", grace="0")
    invoice(date(2026, 8, 1), "100.00")  # due 31 Aug; periods begin 1 Sep, 1 Oct, 1 Nov
    first = _charge_on(ctx, date(2026, 10, 15))
    assert [c.periods for c in first] == [(1, 2)]
    assert _charge_on(ctx, date(2026, 10, 31)) == []
    later = _charge_on(ctx, date(2026, 12, 31))  # also: the fee document is late
    assert [(c.number, c.periods, c.interest) for c in later] == [
        ("INV-2026-00001", (3, 4), D("4.00"))
    ]
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(LateFeeCharge)) == 4


def test_two_runs_at_once_charge_each_period_once(ctx: AppContext, db_url: str) -> None:
    customer = cust.create_customer(ctx, cust.CustomerInput(name="Both")).id
    for month in range(1, 7):
        draft = save_draft(
            ctx, InvoiceDraft(customer, date(2026, month, 1), (LineDraft("x", "1", "100"),))
        )
        issue_invoice(ctx, draft.id)
    _fees(ctx, flat="10", interest="1", grace="0")
    results: list[int] = []

    def run() -> None:
        other = AppContext(Database(db_url), today=ctx.today)
        results.append(len(charge_late_fees(other)))
        other.db.dispose()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 6
    with ctx.db.read() as s:
        numbers = sorted(s.scalars(select(Invoice.number)))
    assert numbers == [f"INV-2026-{n:05}" for n in range(1, 13)]  # no gaps, no doubles


def test_plan_instalments_follow_payments_and_a_missed_one_breaks_it(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    a = invoice(date(2026, 9, 1), "100.00")
    b = invoice(date(2026, 10, 1), "200.00")
    suggested = suggest_instalments(ctx, customer, (), 3, date(2026, 12, 1))
    assert suggested == [
        (date(2026, 12, 1), D("100.00")),
        (date(2027, 1, 1), D("100.00")),
        (date(2027, 2, 1), D("100.00")),
    ]
    plan = create_plan(ctx, PlanInput(customer, (a, b), tuple(suggested), "Agreed by phone"))
    assert (plan.status, plan.total, plan.invoice_numbers) == (
        "active", D("300.00"), ("INV-2026-00001", "INV-2026-00002")
    )  # fmt: skip
    pay = record_payment(ctx, PaymentInput(customer, date(2026, 11, 23), "130.00"))
    now = get_plan(ctx, plan.id, as_of=date(2026, 12, 1))
    assert [(i.status, i.paid) for i in now.instalments] == [
        ("paid", D("100.00")), ("partially_paid", D("30.00")), ("due", D("0"))
    ]  # fmt: skip
    assert broken_plans(ctx, as_of=date(2027, 1, 1)) == []
    broken = broken_plans(ctx, as_of=date(2027, 1, 2))
    assert [(p.id, p.status, [m.position for m in p.missed]) for p in broken] == [
        (plan.id, "broken", [2])
    ]
    reverse_payment(ctx, pay.id, "Cheque bounced")
    again = get_plan(ctx, plan.id, as_of=date(2026, 12, 2))
    assert again.instalments[0].status == "missed"
    record_payment(ctx, PaymentInput(customer, date(2026, 11, 23), "300.00"))
    assert get_plan(ctx, plan.id).status == "completed"


def test_a_kept_plan_holds_late_fees_a_broken_one_does_not(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    _fees(ctx, flat="5", interest="0", grace="0")
    invoice(date(2026, 9, 1), "100.00")
    plan = create_plan(
        ctx, PlanInput(customer, (), ((date(2026, 12, 1), "50"), (date(2027, 1, 1), "50")))
    )
    assert pending_fees(ctx) == []
    assert [c.flat for c in pending_fees(ctx, as_of=date(2026, 12, 2))] == [D("5.00")]
    cancel_plan(ctx, plan.id, "Customer stopped answering")
    assert len(pending_fees(ctx)) == 1


def test_impossible_plans_are_refused_with_reasons(books) -> None:  # type: ignore[no-untyped-def]
    ctx, customer, invoice = books
    a = invoice(date(2026, 9, 1), "100.00")
    with pytest.raises(InputErrors) as wrong:
        create_plan(
            ctx,
            PlanInput(customer, (a,), ((date(2026, 12, 1), "60"), (date(2026, 11, 30), "30"))),
        )
    assert [e.message for e in wrong.value.errors] == [
        "Instalment 2 must come after the one before."
    ]
    with pytest.raises(InputErrors) as short:
        create_plan(ctx, PlanInput(customer, (a,), ((date(2026, 12, 1), "99.99"),)))
    assert "open balance is 100.00 EUR" in short.value.errors[0].message
    create_plan(ctx, PlanInput(customer, (a,), ((date(2026, 12, 1), "100"),)))
    with pytest.raises(ServiceError, match="already on an active plan"):
        create_plan(ctx, PlanInput(customer, (a,), ((date(2026, 12, 1), "100"),)))
    with pytest.raises(InputErrors):
        cancel_plan(ctx, 1, " ")
