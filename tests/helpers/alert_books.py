# SPDX-License-Identifier: MIT
"""Books for the alert tests, small enough to judge every alert by hand (today 23 Nov 2026,
net 30 everywhere, so each invoice is due 30 days after its day):

* Paula: p1-p3 of 1 Jun, 1 Jul, 1 Aug paid on their due dates (0 days late); p4-p6 of 1, 10,
  20 Sep (due 1, 10, 20 Oct) each paid 20 days late (21 Oct, 30 Oct, 9 Nov): paying worse.
* Lars: l1-l3 of 2 Jun, 2 Jul, 2 Aug (100 each) paid 10 days late (12 Jul, 11 Aug, 11 Sep);
  l4 of 28 Oct for 1,000, due 27 Nov: due soon for a late payer, large for a high risk.
* Olga: o1 of 1 Aug (100), due 31 Aug, open: 84 days past due today (the 61-90 column).
* Cora: credit limit 1,000; c1 of 10 Nov for 900, open: 90 % of it.
* Pia: q1 of 1 Sep (300), due 1 Oct; promised on 1 Nov to pay it all by 15 Nov; nothing came.
* Ben: b1 of 5 Sep (400), due 5 Oct; a plan agreed 10 Oct: 200 on 20 Oct, 200 on 20 Nov;
  nothing paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.plans import PlanInput, create_plan
from arapp.services.reminders.holds import record_promise
from tests.helpers.books import issued_invoice, on_day


@dataclass(frozen=True)
class AlertBooks:
    """The ids the tests look for."""

    ctx: AppContext
    paula: int
    lars: int
    olga: int
    cora: int
    pia: int
    ben: int
    l4: int
    o1: int
    q1: int
    b1: int
    promise: int
    plan: int


def _customer(ctx: AppContext, name: str, limit: str = "") -> int:
    data = CustomerInput(name=name, code=name.upper(), terms="net 30", credit_limit=limit)
    return create_customer(ctx, data).id


def _pay(ctx: AppContext, who: int, day: date, invoice: int, amount: str) -> None:
    data = PaymentInput(who, day, amount, allocations=((invoice, amount),))
    record_payment(on_day(ctx, day), data)


def alert_books(ctx: AppContext) -> AlertBooks:
    """The books of this module's docstring in ``ctx`` (empty books, today 23 Nov 2026)."""
    paula, lars, olga = _customer(ctx, "Paula"), _customer(ctx, "Lars"), _customer(ctx, "Olga")
    cora, pia, ben = _customer(ctx, "Cora", "1000"), _customer(ctx, "Pia"), _customer(ctx, "Ben")
    plan_of = [
        (paula, date(2026, 6, 1), "100"), (lars, date(2026, 6, 2), "100"),
        (paula, date(2026, 7, 1), "100"), (lars, date(2026, 7, 2), "100"),
        (olga, date(2026, 8, 1), "100"), (paula, date(2026, 8, 1), "100"),
        (lars, date(2026, 8, 2), "100"), (paula, date(2026, 9, 1), "100"),
        (pia, date(2026, 9, 1), "300"), (ben, date(2026, 9, 5), "400"),
        (paula, date(2026, 9, 10), "100"), (paula, date(2026, 9, 20), "100"),
        (lars, date(2026, 10, 28), "1000"), (cora, date(2026, 11, 10), "900"),
    ]  # fmt: skip
    ids = [issued_invoice(ctx, who, day, amount) for who, day, amount in plan_of]
    p1, l1, p2, l2, o1, p3, l3, p4, q1, b1, p5, p6, l4, _c1 = ids
    for invoice, paid in (
        (p1, date(2026, 7, 1)), (p2, date(2026, 7, 31)), (p3, date(2026, 8, 31)),
        (p4, date(2026, 10, 21)), (p5, date(2026, 10, 30)), (p6, date(2026, 11, 9)),
    ):  # fmt: skip
        _pay(ctx, paula, paid, invoice, "100")
    for invoice, paid in (
        (l1, date(2026, 7, 12)),
        (l2, date(2026, 8, 11)),
        (l3, date(2026, 9, 11)),
    ):
        _pay(ctx, lars, paid, invoice, "100")
    plan = create_plan(
        on_day(ctx, date(2026, 10, 10)),
        PlanInput(ben, (b1,), ((date(2026, 10, 20), "200"), (date(2026, 11, 20), "200"))),
    ).id
    promise = record_promise(on_day(ctx, date(2026, 11, 1)), q1, date(2026, 11, 15)).id
    return AlertBooks(ctx, paula, lars, olga, cora, pia, ben, l4, o1, q1, b1, promise, plan)
