# SPDX-License-Identifier: MIT
"""Promises to pay with a sum, over one or several invoices: "he promised €500 on Friday".

A promise holds the reminders of every invoice it covers through its day; afterwards it is kept
(what came in on them since reached the sum), partly kept (some came in) or broken (nothing).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from arapp.services.context import AppContext
from arapp.services.customers import get_customer
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reminders.holds import list_holds, record_promise, resolve_hold
from arapp.services.reminders.overview import customer_holds, hold_overview, hold_state
from arapp.services.reminders.run import plan_run
from tests.helpers.books import TODAY, customer, overdue_invoice

D = Decimal
FRIDAY = TODAY + timedelta(days=4)  # 2026-11-27


@pytest.fixture
def owing(ctx: AppContext) -> tuple[int, int, int]:
    """Acme owes 400.00 (20 days late) and 350.00 (10 days late)."""
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    return acme, overdue_invoice(ctx, acme, 20, "400"), overdue_invoice(ctx, acme, 10, "350")


def _due(ctx: AppContext, as_of: date) -> set[int]:
    return {r.invoice_id for r in plan_run(ctx, as_of)}


def _pay(ctx: AppContext, acme: int, invoice: int, amount: str, day: date) -> None:
    ctx.today = lambda: day  # the clock moves on to the day the money arrives
    record_payment(ctx, PaymentInput(acme, day, amount, allocations=((invoice, amount),)))


def test_a_promise_of_500_over_two_invoices_holds_both_reminders_through_its_day(
    ctx: AppContext, owing: tuple[int, int, int]
) -> None:
    acme, older, newer = owing
    assert _due(ctx, TODAY) == {older, newer}
    promise = record_promise(ctx, (newer, older), FRIDAY, "Pays €500 on Friday", amount="500")
    assert (promise.amount, promise.currency) == (D("500.00"), "EUR")
    assert promise.invoice_ids == (older, newer)  # oldest due first
    assert promise.invoice_number == "INV-2026-00001, INV-2026-00002"
    assert _due(ctx, TODAY) == set() and _due(ctx, FRIDAY) == set()
    assert _due(ctx, FRIDAY + timedelta(days=1)) == {older, newer}  # broken: both resume
    assert [h.id for h in list_holds(ctx, newer)] == [promise.id]
    log = get_customer(ctx, acme).log[0]
    assert log.kind == "promise" and log.follow_up == FRIDAY
    assert log.summary == (
        "Promise to pay 500.00 EUR on invoices INV-2026-00001 and INV-2026-00002 by 2026-11-27:"
        " Pays €500 on Friday"
    )


def test_partly_kept_kept_and_broken(ctx: AppContext, owing: tuple[int, int, int]) -> None:
    acme, older, newer = owing
    record_promise(ctx, (older, newer), FRIDAY, amount="500")
    [line] = customer_holds(ctx, acme)
    assert (hold_state(line, FRIDAY), line.paid) == ("open", D("0.00"))
    after = FRIDAY + timedelta(days=1)
    assert hold_state(line, after) == "broken"
    assert [x.hold.id for x in hold_overview(ctx, after).promises_broken] == [line.hold.id]

    _pay(ctx, acme, newer, "300", FRIDAY)
    [line] = customer_holds(ctx, acme)
    assert (hold_state(line, after), line.paid, line.amount_due) == (
        "partly kept", D("300.00"), D("450.00")
    )  # fmt: skip
    assert [x.hold.id for x in hold_overview(ctx, after).promises_broken] == [line.hold.id]

    _pay(ctx, acme, older, "200", after)
    [line] = customer_holds(ctx, acme)
    assert (hold_state(line, after), line.paid) == ("kept", D("500.00"))
    assert hold_overview(ctx, after).promises_broken == ()


def test_payments_before_the_promise_do_not_count_and_withdrawing_says_what_came(
    ctx: AppContext, owing: tuple[int, int, int]
) -> None:
    acme, older, _newer = owing
    _pay(ctx, acme, older, "100", TODAY)
    promise = record_promise(ctx, older, FRIDAY, amount="150")
    _pay(ctx, acme, older, "50", TODAY)
    [line] = customer_holds(ctx, acme)
    assert (line.paid, hold_state(line, FRIDAY + timedelta(days=1))) == (D("50.00"), "partly kept")
    resolve_hold(ctx, promise.id, "He will call next week")
    assert get_customer(ctx, acme).log[0].summary == (
        "Promise to pay on invoice INV-2026-00001 resolved (50.00 of 150.00 EUR came in):"
        " He will call next week"
    )


def test_the_sum_defaults_to_what_is_owed_and_impossible_promises_are_refused(
    ctx: AppContext, owing: tuple[int, int, int]
) -> None:
    acme, older, newer = owing
    assert record_promise(ctx, (older, newer), FRIDAY).amount == D("750.00")
    with pytest.raises(InputErrors, match=r"more than the 750\.00 EUR owed"):
        record_promise(ctx, (older, newer), FRIDAY, amount="750.01")
    with pytest.raises(InputErrors, match="positive amount"):
        record_promise(ctx, older, FRIDAY, amount="0")
    with pytest.raises(InputErrors, match="no amount"):
        record_promise(ctx, older, FRIDAY, amount="five hundred")
    with pytest.raises(InputErrors, match="Choose the invoices"):
        record_promise(ctx, (), FRIDAY, amount="5")
    other = overdue_invoice(ctx, customer(ctx, "Other plc"), 5)
    with pytest.raises(ServiceError, match="one customer"):
        record_promise(ctx, (older, other), FRIDAY)
    _pay(ctx, acme, newer, "350", TODAY)
    with pytest.raises(ServiceError, match="still owed"):
        record_promise(ctx, newer, FRIDAY)
