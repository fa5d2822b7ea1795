# SPDX-License-Identifier: MIT
"""The aging report's grouped SQL against the per-item reference, on random small books.

The report sums open items per customer and bucket in SQL (``services/aging_sums.py``). The
reference is the drill-down: each customer's open items rebuilt one by one in Python
(``aging_items``, the report's former algorithm), bucketed and added up here. Both must give
the same lines to the cent, in the same order (names case folded, then codes), on any day:
today and earlier days, with credit notes, partial payments, reversals, voids, write-offs,
refunds, credit applied later and payments dated after the day asked for.
"""

from __future__ import annotations

import itertools
import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from arapp.db.engine import Database
from arapp.services import customers as cust
from arapp.services.aging import AgeBy, aging_items, aging_report, aging_total
from arapp.services.context import AppContext
from arapp.services.credit import apply_credit, refund_credit
from arapp.services.errors import ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import credit_invoice, issue_invoice, void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.services.write_offs import write_off
from tests.helpers.books import copy_books
from tests.helpers.postgres import PG_URL

# names whose order tells case folding and accents apart (é sorts after z by code point)
NAMES = ["anna", "Anna", "Émile", "emile", "Zoë", "zoe", "Ørsted", "bert"]
START = date(2026, 3, 1)
cents = st.integers(min_value=1, max_value=40_000).map(lambda c: Decimal(c).scaleb(-2))
KINDS = ["invoice", "invoice", "pay", "pay_part", "late_pay", "reverse", "credit", "void"]
KINDS += ["write_off", "refund", "apply", "apply"]
steps = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.sampled_from([0, 0, 0, 1, 1, *range(len(NAMES))]),  # customer: some busy ones
        cents,
        st.integers(0, 9),  # which document, or weeks to the due date
        st.integers(0, 20),  # days the clock moves on
    ),
    min_size=1,
    max_size=24,
)
EXAMPLES = settings(
    max_examples=int(os.environ.get("AGING_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
_files = itertools.count()


Lines = list[tuple[str, tuple[Decimal, ...]]]


def _reference(
    ctx: AppContext, customers: list[cust.CustomerRecord], as_of: date, by: str
) -> Lines:
    """(code, amounts per bucket) of each of ``customers`` with a balance, by the per-item
    algorithm, in the report's order."""
    lines = []
    for customer in customers:
        sums = [Decimal(0)] * 5
        for item in aging_items(ctx, customer.id, as_of, by):
            sums[item.bucket] += item.open
        if any(sums):
            lines.append((customer.name.casefold(), customer.code, tuple(sums)))
    return [(code, sums) for _name, code, sums in sorted(lines)]


def _report(ctx: AppContext, codes: set[str], as_of: date, by: str) -> Lines:
    """The report's lines of the customers with ``codes``; its total checked against all."""
    report = aging_report(ctx, as_of, by)
    every = [line.row.buckets for line in report.lines]
    total = [sum(column, Decimal(0)) for column in zip(*every, strict=True)] or [Decimal(0)] * 5
    assert list(report.total.buckets) == total
    assert report.total.total == sum(total, Decimal(0))
    if by == AgeBy.DUE:  # the total row alone, summed at once (the Insight tab's first tiles)
        assert aging_total(ctx, as_of) == report.total, as_of
    return [(line.code, line.row.buckets) for line in report.lines if line.code in codes]


def _replay(ctx: AppContext, day: list[date], plan):  # type: ignore[no-untyped-def]
    """Book the plan's steps for new customers, moving the clock on; the customers and the
    days the clock passed through."""
    prefix = next(_files)
    records = [
        cust.create_customer(ctx, cust.CustomerInput(name=name, code=f"K{prefix}-{n}"))
        for n, name in enumerate(NAMES)
    ]
    customers = [record.id for record in records]
    invoices: list[int] = []
    payments: list[int] = []
    days = {day[0]}
    for kind, who, amount, pick, advance in plan:
        customer = customers[who]
        try:
            if kind == "invoice":
                due = day[0] + timedelta(days=pick * 7)
                draft = InvoiceDraft(customer, day[0], (LineDraft("x", "1", amount),), due_date=due)
                invoices.append(issue_invoice(ctx, save_draft(ctx, draft).id).id)
            elif kind in ("pay", "pay_part", "late_pay"):
                # late_pay: received days ago, booked today (dated before later documents)
                paid = day[0] - timedelta(days=pick if kind == "late_pay" else 0)
                chosen = None
                if kind == "pay_part" and invoices:
                    chosen = ((invoices[pick % len(invoices)], amount),)
                payments.append(
                    record_payment(ctx, PaymentInput(customer, paid, amount, allocations=chosen)).id
                )
            elif kind == "reverse" and payments:
                reverse_payment(ctx, payments[pick % len(payments)], "bounced")
            elif kind == "credit" and invoices:
                credit_invoice(
                    ctx, invoices[pick % len(invoices)], "x", [LineDraft("c", "1", amount)]
                )
            elif kind == "void" and invoices:
                void_invoice(ctx, invoices[pick % len(invoices)], "mistake")
            elif kind == "write_off" and invoices:
                write_off(ctx, invoices[pick % len(invoices)], "bad_debt", "gone")
            elif kind == "refund":
                # a part of the credit: refunds take the oldest credit first, partly
                part = (amount / 8).quantize(Decimal("0.01")) or amount
                refund_credit(ctx, customer, part, day[0], "bank_transfer")
            elif kind == "apply" and payments:
                apply_credit(ctx, payments[pick % len(payments)])
        except ServiceError:
            pass
        day[0] += timedelta(days=advance)
        days.add(day[0])
    return records, days


def _check(ctx: AppContext, customers: list[cust.CustomerRecord], days: set[date]) -> None:
    today, codes = ctx.today(), {customer.code for customer in customers}
    # today (the kept figures), earlier days (rebuilt), and days between the steps
    for as_of in sorted({*days, today, today - timedelta(days=45), START - timedelta(days=1)}):
        for by in AgeBy:
            expected = _reference(ctx, customers, as_of, by)
            assert _report(ctx, codes, as_of, by) == expected, (as_of, by)


D = Decimal
# credit refunded in parts across two payments, then a later invoice: earlier days are rebuilt
REFUNDS = [
    ("pay", 0, D("100.00"), 0, 2),
    ("refund", 0, D("80.00"), 0, 2),
    ("pay", 0, D("50.00"), 0, 3),
    ("refund", 0, D("800.00"), 0, 2),
    ("invoice", 0, D("30.00"), 1, 1),
]


@EXAMPLES
@example(plan=REFUNDS)
@given(plan=steps)
def test_sql_sums_equal_the_per_item_reference(  # type: ignore[no-untyped-def]
    tmp_path: Path, migrated_books: Path, plan
) -> None:
    db = copy_books(migrated_books, tmp_path / f"sums{next(_files)}.sqlite3")
    day = [START]
    try:
        ctx = AppContext(db, today=lambda: day[0], actor="tester")
        _check(ctx, *_replay(ctx, day, plan))
    finally:
        db.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database")
@EXAMPLES
@given(plan=steps)
def test_sql_sums_equal_the_reference_on_postgres(pg: Database, plan) -> None:  # type: ignore[no-untyped-def]
    # one server database for all examples: each example's customers are new, and its clock
    # starts after the last example's (the books only move forward)
    day = [_pg_clock[-1]]
    ctx = AppContext(pg, today=lambda: day[0], actor="tester")
    customers, days = _replay(ctx, day, plan)
    _pg_clock.append(day[0] + timedelta(days=1))
    _check(ctx, customers, days)


_pg_clock = [START]


def _book_backdated(ctx: AppContext, day: list[date], prefix: str) -> list[cust.CustomerRecord]:
    """Two customers whose payments were received on or before a day and allocated after it
    (days counted from the clock's ``day[0]``),
    booked days later: ``A`` pays two invoices with one payment received before the second was
    issued, ``B``'s payment waits as credit until an invoice comes and the credit is applied.
    Neither payment has credit left now: only its allocations' dates tell it had some then."""
    a, b = (
        cust.create_customer(ctx, cust.CustomerInput(name=name, code=f"{prefix}-{name}"))
        for name in ("A", "B")
    )
    start = day[0]

    def invoice(customer: int, amount: str, on: int) -> None:
        day[0] = start + timedelta(days=on)
        draft = InvoiceDraft(customer, day[0], (LineDraft("x", "1", Decimal(amount)),))
        issue_invoice(ctx, save_draft(ctx, draft).id)

    invoice(a.id, "120.00", 0)
    invoice(a.id, "40.00", 6)
    day[0] = start + timedelta(days=15)
    # received start+1: 120.00 on the first invoice that day, 30.00 on the second the day it
    # was issued (start+6): from start+1 to start+5 the 30.00 was credit
    record_payment(ctx, PaymentInput(a.id, start + timedelta(days=1), Decimal("150.00")))
    # received start+6, credit until it is applied on start+22
    credit = record_payment(ctx, PaymentInput(b.id, start + timedelta(days=6), Decimal("60.00")))
    invoice(b.id, "70.00", 18)
    day[0] = start + timedelta(days=22)
    apply_credit(ctx, credit.id)
    return [a, b]


def _balances(ctx: AppContext, customers: list[cust.CustomerRecord], as_of: date) -> list[str]:
    codes = {customer.code for customer in customers}
    return [f"{code} {sum(sums)}" for code, sums in _report(ctx, codes, as_of, AgeBy.DUE)]


def _check_backdated(ctx: AppContext, day: list[date], prefix: str) -> None:
    start = day[0]
    customers = _book_backdated(ctx, day, prefix)
    a, b = (customer.code for customer in customers)
    # hand-computed: the payments had credit then, and neither has any now
    assert _balances(ctx, customers, start + timedelta(days=3)) == [f"{a} -30.00"]
    assert _balances(ctx, customers, start + timedelta(days=10)) == [f"{a} 10.00", f"{b} -60.00"]
    assert _balances(ctx, customers, start + timedelta(days=20)) == [f"{a} 10.00", f"{b} 10.00"]
    assert _balances(ctx, customers, start + timedelta(days=22)) == [f"{a} 10.00", f"{b} 10.00"]
    # and every day, both ways, equal to the per-item reference
    _check(ctx, customers, {start + timedelta(days=n) for n in range(-1, 24)})


def test_payments_received_by_the_day_and_allocated_after_it(
    tmp_path: Path, migrated_books: Path
) -> None:
    db = copy_books(migrated_books, tmp_path / "backdated.sqlite3")
    day = [START]
    try:
        _check_backdated(AppContext(db, today=lambda: day[0], actor="tester"), day, "BD")
    finally:
        db.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database")
def test_payments_received_by_the_day_and_allocated_after_it_on_postgres(pg: Database) -> None:
    # the server's books only move forward: this test's days come after the last example's
    day = [_pg_clock[-1]]
    _check_backdated(AppContext(pg, today=lambda: day[0], actor="tester"), day, "BDPG")
    _pg_clock.append(day[0] + timedelta(days=1))


def test_the_total_alone_counts_only_the_customers_in_its_currency(
    tmp_path: Path, migrated_books: Path
) -> None:
    db = copy_books(migrated_books, tmp_path / "currencies.sqlite3")
    try:
        ctx = AppContext(db, today=lambda: START + timedelta(days=40), actor="tester")
        for name, currency, amount in (("Euro", "EUR", "100.00"), ("Dollar", "USD", "7.00")):
            who = cust.create_customer(
                ctx, cust.CustomerInput(name=name, code=name.upper(), currency=currency)
            ).id
            draft = InvoiceDraft(who, START, (LineDraft("x", "1", Decimal(amount)),))
            issue_invoice(ctx, save_draft(ctx, draft).id)
        for currency, owed in (("EUR", "100.00"), ("USD", "7.00")):
            total = aging_total(ctx, currency=currency)
            assert total == aging_report(ctx, currency=currency).total
            assert total.total == Decimal(owed)
    finally:
        db.dispose()
