# SPDX-License-Identifier: MIT
"""The aging report on hand-computed cases, and as of earlier days exactly as it was then."""

from __future__ import annotations

import itertools
import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from arapp.db.engine import Database
from arapp.services import customers as cust
from arapp.services.aging import aging_items, aging_report
from arapp.services.context import AppContext
from arapp.services.credit import apply_credit, refund_credit
from arapp.services.customer_list import customer_rows
from arapp.services.errors import ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.ledger import customer_ledger
from arapp.services.lifecycle import credit_invoice, issue_invoice, void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.services.write_offs import write_off
from tests.helpers.books import copy_books
from tests.helpers.books import issued_invoice as _invoice
from tests.helpers.postgres import PG_URL

D = Decimal
on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=on_postgres)])
def books(request: pytest.FixtureRequest) -> AppContext:
    """The hand-computed books, in a SQLite file and on the PostgreSQL server."""
    return _books(request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx"))


def _books(ctx: AppContext) -> AppContext:
    # Issued in date order (numbers follow dates): INV-2026-00001 is Uwe's of 1 January.
    a = cust.create_customer(ctx, cust.CustomerInput(name="Anna", code="A")).id
    b = cust.create_customer(ctx, cust.CustomerInput(name="Bert", code="B")).id
    u = cust.create_customer(ctx, cust.CustomerInput(name="Uwe", code="U", currency="USD")).id
    _invoice(ctx, u, date(2026, 1, 1), "999.00")
    inv1 = _invoice(ctx, a, date(2026, 7, 1), "100.00")  # due 31 Jul: 115 days late
    inv4 = _invoice(ctx, a, date(2026, 8, 10), "60.00")  # due 9 Sep: 75 days
    inv6 = _invoice(ctx, a, date(2026, 9, 1), "40.00")
    paid = _invoice(ctx, b, date(2026, 9, 1), "10.00")
    inv2 = _invoice(ctx, a, date(2026, 9, 15), "200.00")  # due 15 Oct: 39 days
    _invoice(ctx, a, date(2026, 10, 10), "25.00")  # due 9 Nov: 14 days
    _invoice(ctx, a, date(2026, 10, 24), "80.00")  # due 23 Nov: due on the day, current
    record_payment(ctx, PaymentInput(a, date(2026, 10, 1), "50.00", allocations=((inv2, "50"),)))
    bounced = record_payment(
        ctx, PaymentInput(a, date(2026, 9, 20), "20.00", allocations=((inv4, "20"),))
    )
    reverse_payment(ctx, bounced.id, "bounced")  # today
    credit_invoice(ctx, inv1, "damaged", [LineDraft("Refund", "1", "30.00")])  # today
    void_invoice(ctx, inv6, "sent twice")  # today
    record_payment(ctx, PaymentInput(b, date(2026, 9, 5), "10.00", allocations=((paid, "10"),)))
    d = cust.create_customer(ctx, cust.CustomerInput(name="Dora", code="D")).id
    record_payment(ctx, PaymentInput(d, date(2026, 11, 1), "500.00"))
    return ctx


def _table(report) -> dict[str, tuple[Decimal, ...]]:  # type: ignore[no-untyped-def]
    return {line.code: (*line.row.buckets, line.row.total) for line in report.lines}


def test_today_by_due_date(books: AppContext) -> None:
    report = aging_report(books)
    assert _table(report) == {
        "A": (D("80.00"), D("25.00"), D("150.00"), D("60.00"), D("70.00"), D("385.00")),
        "D": (D(0), D("-500.00"), D(0), D(0), D(0), D("-500.00")),
    }
    assert report.total.total == D("-115.00") and report.currency == "EUR"
    rows = customer_rows(books, [line.customer_id for line in report.lines])
    assert {rows[line.customer_id].balance for line in report.lines} == {D("385.00"), D("-500")}


def test_earlier_day_counts_what_was_open_then(books: AppContext) -> None:
    # 1 Oct: the credit note, the void and the reversal (all today) had not happened yet.
    report = aging_report(books, as_of=date(2026, 10, 1))
    assert _table(report) == {
        "A": (D("190.00"), D("40.00"), D(0), D("100.00"), D(0), D("330.00")),
    }


def test_by_invoice_date_and_other_currency(books: AppContext) -> None:
    assert _table(aging_report(books, by="invoice"))["A"] == (
        D(0), D("80.00"), D("25.00"), D("150.00"), D("130.00"), D("385.00")
    )  # fmt: skip
    assert _table(aging_report(books, currency="usd")) == {
        "U": (D(0), D(0), D(0), D(0), D("999.00"), D("999.00"))
    }


def test_drill_down_adds_up_to_the_line(books: AppContext) -> None:
    line = aging_report(books).lines[0]
    items = aging_items(books, line.customer_id)
    assert [(i.reference, i.open, i.days) for i in items] == [
        ("INV-2026-00002", D("70.00"), 115),
        ("INV-2026-00003", D("60.00"), 75),
        ("INV-2026-00006", D("150.00"), 39),
        ("INV-2026-00007", D("25.00"), 14),
        ("INV-2026-00008", D("80.00"), 0),
    ]
    assert sum(i.open for i in items) == line.row.total


def test_wrong_age_basis_is_refused(books: AppContext) -> None:
    with pytest.raises(ServiceError):
        aging_report(books, by="weather")


cents = st.integers(min_value=1, max_value=50_000).map(lambda c: Decimal(c).scaleb(-2))
steps = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "invoice",
                "invoice",
                "pay",
                "reverse",
                "credit",
                "void",
                "write_off",
                "refund",
                "apply",
            ]
        ),
        cents,
        st.integers(0, 9),
        st.integers(0, 12),
    ),
    min_size=1,
    max_size=16,
)
_names = itertools.count()


@settings(
    max_examples=int(os.environ.get("AGING_EXAMPLES", "25")),
    phases=[Phase.explicit, Phase.reuse, Phase.generate]
    if os.environ.get("AGING_NO_SHRINK")
    else list(Phase),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plan=steps)
def test_a_day_looks_later_exactly_as_it_looked_that_day(  # type: ignore[no-untyped-def]
    tmp_path: Path, migrated_books: Path, plan
) -> None:
    # Fresh books per example: the clock of one set of books only moves forward.
    db = copy_books(migrated_books, tmp_path / f"aging{next(_names)}.sqlite3")
    try:
        _replay(db, plan)
    finally:
        db.dispose()


def _replay(db: Database, plan) -> None:  # type: ignore[no-untyped-def]
    day = [date(2026, 6, 1)]
    ctx = AppContext(db, today=lambda: day[0], actor="tester")
    customer = cust.create_customer(ctx, cust.CustomerInput(name=f"R{next(_names)}")).id
    invoices: list[int] = []
    payments: list[int] = []
    seen = {}
    for kind, amount, pick, advance in plan:
        try:
            if kind == "invoice":
                # dated today (a backdated document would rightly change the past)
                draft = InvoiceDraft(
                    customer,
                    day[0],
                    (LineDraft("x", "1", amount),),
                    due_date=day[0] + timedelta(days=pick * 7),
                )
                invoices.append(issue_invoice(ctx, save_draft(ctx, draft).id).id)
            elif kind == "pay":
                payments.append(record_payment(ctx, PaymentInput(customer, day[0], amount)).id)
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
                refund_credit(ctx, customer, amount, day[0], "bank_transfer")
            elif kind == "apply" and payments:
                apply_credit(ctx, payments[pick % len(payments)])
        except ServiceError:
            pass
        for by in ("due", "invoice"):
            seen[day[0], by] = _table(aging_report(ctx, by=by))
        day[0] += timedelta(days=advance)
    for (then, by), table in seen.items():
        assert _table(aging_report(ctx, as_of=then, by=by)) == table, (then, by)
    # a statement's closing balance (the ledger up to a day) is what was open that day
    ledger = customer_ledger(ctx, customer)
    for then, _by in seen:
        balance = next((e.balance for e in reversed(ledger) if e.date <= then), D(0))
        assert balance == sum((i.open for i in aging_items(ctx, customer, then)), D(0)), then
