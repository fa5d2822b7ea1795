# SPDX-License-Identifier: MIT
"""Every sort of the invoice and payment lists gives the order of a plain Python sort of the same
rows (ties by id, empty numbers where the database puts them), and reading it a page at a time
by a seek (``after=``), forwards or back from the end, gives the same ids as reading it whole.

The rows are written with one bulk insert (through ``arapp.db.models`` and
``sqlalchemy.insert``) so that ties, drafts without a number and every status are there at once;
the lists only read them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, insert, select

from arapp.db.models import Customer, Invoice, Payment  # direct bulk insert: reading only
from arapp.services import invoice_list, keyset, payment_list
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.invoice_list import (
    OPEN_FILTERS,
    InvoiceFilter,
    InvoiceSort,
    InvoiceStatusFilter,
    invoice_count,
    invoice_ids,
)
from arapp.services.keyset import nulls_first_ascending
from arapp.services.payment_list import (
    PaymentFilter,
    PaymentSort,
    PaymentStatusFilter,
    payment_count,
    payment_ids,
)
from tests.helpers.books import TODAY
from tests.helpers.postgres import ON_POSTGRES

STATUSES = ["draft", "sent", "paid", "void", "partially_paid", "issued"]
PAGE = 7


@pytest.fixture(params=["ctx", pytest.param("pg_ctx", marks=ON_POSTGRES)])
def books(request: pytest.FixtureRequest) -> AppContext:
    """80 invoices and 60 payments of three customers (two with the same name), full of ties."""
    ctx: AppContext = request.getfixturevalue(request.param)
    customers = [
        create_customer(ctx, CustomerInput(name=name)).id for name in ("Bob", "Anna", "Bob")
    ]
    now = ctx.now()
    invoices = []
    for n in range(80):
        status = STATUSES[n % len(STATUSES)]
        total = Decimal((n * 7) % 5 * 10)
        paid = {"paid": total, "partially_paid": total / 2}.get(status, Decimal(0))
        invoices.append(
            {
                "kind": "credit_note" if n % 11 == 0 else "invoice",
                "number": None if status == "draft" else f"N-{(n * 37) % 50:03d}-{n}",
                "customer_id": customers[n % 3],
                "status": status,
                "issue_date": date(2026, 11, 1) + timedelta(days=n % 4),
                "due_date": date(2026, 12, 1) + timedelta(days=(n * 5) % 3),
                "currency": "EUR",
                "payment_terms": "net 30",
                "total": total,
                "amount_paid": paid,
                "created_at": now,
            }
        )
    payments = [
        {
            "customer_id": customers[n % 3],
            "date": date(2026, 11, 1) + timedelta(days=n % 5),
            "amount": Decimal(n % 4 * 25),
            "currency": "EUR",
            "method": ("bank_transfer", "cash", "card")[n % 3],
            "reference": ("Ref", "ref", "", "Other")[n % 4],
            "status": "reversed" if n % 7 == 0 else "recorded",
            "unapplied": Decimal(n % 2 * 5),
            "created_at": now,
        }
        for n in range(60)
    ]
    with ctx.db.write() as session:
        session.execute(insert(Invoice), invoices)
        session.execute(insert(Payment), payments)
    return ctx


def plain_sort(rows: list[tuple[Any, int]], descending: bool, dialect: str) -> list[int]:
    """Ids sorted by key then id, ``None`` first when ascending on SQLite, last on PostgreSQL."""
    nulls_low = nulls_first_ascending(dialect)

    def key(row: tuple[Any, int]) -> tuple[bool, Any, int]:
        value, rid = row
        if value is None:
            return (not nulls_low, 0, rid)
        return (nulls_low, value, rid)

    ordered = [rid for _, rid in sorted(rows, key=key)]
    return ordered[::-1] if descending else ordered


def read_by_seeks(read: Callable[..., list[int]], descending: bool) -> list[int]:
    """The whole list a page at a time, each page a seek past the last id of the one before."""
    found: list[int] = []
    while True:
        page = read(descending, limit=PAGE, after=found[-1] if found else None)
        found.extend(page)
        if len(page) < PAGE:
            return found


def read_back_from_the_end(read: Callable[..., list[int]], descending: bool) -> list[int]:
    """The whole list read backwards (the opposite order), a page at a time, then reversed."""
    return read_by_seeks(read, not descending)[::-1]


def check_order(read: Callable[..., list[int]], expected: list[int], descending: bool) -> None:
    whole = read(descending)
    assert whole == expected
    assert read_by_seeks(read, descending) == expected
    assert read_back_from_the_end(read, descending) == expected
    middle = len(expected) // 2
    assert read(descending, limit=PAGE, offset=middle) == expected[middle : middle + PAGE]
    # A seek past a row the filter hides still finds the rows after it.
    assert (
        read(descending, limit=PAGE, after=expected[middle - 1]) == expected[middle : middle + PAGE]
    )


def dialect_of(ctx: AppContext) -> str:
    return ctx.db.engine.dialect.name


def test_every_invoice_sort_is_a_plain_sort_both_ways(books: AppContext) -> None:
    ctx, dialect = books, dialect_of(books)
    with ctx.db.read() as session:
        found = session.execute(
            select(
                Invoice.id,
                Invoice.number,
                Customer.search_text,
                Invoice.issue_date,
                Invoice.due_date,
                Invoice.total,
                Invoice.amount_paid,
                Invoice.status,
            ).join(Customer, Customer.id == Invoice.customer_id)
        ).all()
    keys: dict[InvoiceSort, Callable[[Any], Any]] = {
        InvoiceSort.NUMBER: lambda r: r.number,
        InvoiceSort.CUSTOMER: lambda r: r.search_text,
        InvoiceSort.ISSUE_DATE: lambda r: r.issue_date,
        InvoiceSort.DUE_DATE: lambda r: r.due_date,
        InvoiceSort.TOTAL: lambda r: r.total,
        InvoiceSort.BALANCE: lambda r: r.total - r.amount_paid,
        InvoiceSort.STATUS: lambda r: r.status,
    }
    assert sum(r.number is None for r in found) > 1  # drafts: ties of empty numbers
    for sort, key in keys.items():
        for descending in (False, True):
            expected = plain_sort([(key(r), r.id) for r in found], descending, dialect)

            def read(desc: bool, sort: InvoiceSort = sort, **page: Any) -> list[int]:
                return invoice_ids(ctx, sort=sort, descending=desc, **page)

            check_order(read, expected, descending)
    assert invoice_count(ctx) == len(found)


@pytest.mark.parametrize("share", [1, 1_000])  # common: never, or from one row in 1,000
@pytest.mark.parametrize(
    ("status", "statuses", "kind"),
    [
        (InvoiceStatusFilter.PAID, {"paid"}, "invoice"),
        (InvoiceStatusFilter.OPEN, {"issued", "sent", "partially_paid"}, "invoice"),
        (InvoiceStatusFilter.CREDIT_NOTES, set(STATUSES), "credit_note"),
    ],
)
def test_a_filtered_invoice_list_seeks_within_the_filter(
    books: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    share: int,
    status: InvoiceStatusFilter,
    statuses: set[str],
    kind: str,
) -> None:
    """Whether the filter is tested row by row in sort order or read from its own index (a
    plan for the database only), the rows are the same."""
    monkeypatch.setattr(keyset, "COMMON_SHARE", share)
    ctx, dialect = books, dialect_of(books)
    f = InvoiceFilter(status=status)
    with ctx.db.read() as session:
        found = session.execute(
            select(Invoice.id, Invoice.due_date, Customer.search_text)
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(Invoice.status.in_(statuses), Invoice.kind == kind)
        ).all()
    assert len(found) > PAGE
    with ctx.db.read() as session:  # the plan this test is about
        walk = invoice_list._walk(session, f, TODAY, dialect)
    # Open invoices have their own indexes in each sort order, however common they are (see
    # test_open_invoices_are_read_in_order_from_their_own_index).
    own_index = status in OPEN_FILTERS
    assert walk is (share == 1_000 and dialect == "sqlite" and not own_index)
    for descending in (False, True):
        expected = plain_sort([(r.due_date, r.id) for r in found], descending, dialect)

        def read(desc: bool, **page: Any) -> list[int]:
            return invoice_ids(ctx, f, InvoiceSort.DUE_DATE, desc, **page)

        check_order(read, expected, descending)
        # by customer: the customers in name order and each one's invoices when walked
        expected = plain_sort([(r.search_text, r.id) for r in found], descending, dialect)

        def by_customer(desc: bool, **page: Any) -> list[int]:
            return invoice_ids(ctx, f, InvoiceSort.CUSTOMER, desc, **page)

        check_order(by_customer, expected, descending)
    assert invoice_count(ctx, f) == len(found)


@pytest.mark.parametrize("status", sorted(OPEN_FILTERS))
def test_open_and_overdue_invoices_in_every_sort(
    books: AppContext, status: InvoiceStatusFilter
) -> None:
    """The Open and Overdue filters read their own indexes (and by customer, each customer's
    open invoices): the same rows in the same order as a plain sort, by pages and jumps."""
    ctx, dialect = books, dialect_of(books)
    as_of = date(2026, 12, 3)  # some open invoices are past due (2 December), some not
    with ctx.db.read() as session:
        found = session.execute(
            select(
                Invoice.id,
                Invoice.number,
                Customer.search_text,
                Invoice.issue_date,
                Invoice.due_date,
                Invoice.total,
                Invoice.amount_paid,
                Invoice.status,
            )
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(
                Invoice.kind == "invoice",
                Invoice.status.in_(["issued", "sent", "partially_paid"]),
            )
        ).all()
    if status is InvoiceStatusFilter.OVERDUE:
        found = [r for r in found if r.due_date < as_of]
    assert PAGE < len(found) < 80 // 2
    f = InvoiceFilter(status=status)
    keys: dict[InvoiceSort, Callable[[Any], Any]] = {
        InvoiceSort.NUMBER: lambda r: r.number,
        InvoiceSort.CUSTOMER: lambda r: r.search_text,
        InvoiceSort.ISSUE_DATE: lambda r: r.issue_date,
        InvoiceSort.DUE_DATE: lambda r: r.due_date,
        InvoiceSort.TOTAL: lambda r: r.total,
        InvoiceSort.BALANCE: lambda r: r.total - r.amount_paid,
        InvoiceSort.STATUS: lambda r: r.status,
    }
    for sort, key in keys.items():
        for descending in (False, True):
            expected = plain_sort([(key(r), r.id) for r in found], descending, dialect)

            def read(desc: bool, sort: InvoiceSort = sort, **page: Any) -> list[int]:
                return invoice_ids(ctx, f, sort, desc, as_of, **page)

            check_order(read, expected, descending)
    assert invoice_count(ctx, f, as_of) == len(found)


@pytest.mark.parametrize("status", sorted(OPEN_FILTERS))
def test_open_invoices_are_read_in_order_from_their_own_index(
    ctx: AppContext, status: InvoiceStatusFilter
) -> None:
    """The plan SQLite (without statistics, as the app keeps its books) takes for a chunk of
    open or overdue invoices: each sort's open-invoice index read in order, nothing sorted; by
    customer, the customers in name order and each one's open invoices (only the invoice ids
    of one name are sorted). Gathering every open invoice and sorting them took 0.4 s for a
    chunk of a million invoices."""
    statements: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.startswith("SELECT invoice.id") and "ORDER BY" in statement:
            statements.append((statement, params))

    event.listen(ctx.db.engine, "before_cursor_execute", grab)
    f = InvoiceFilter(status=status)
    for sort in InvoiceSort:
        for descending in (False, True):
            statements.clear()
            first = invoice_ids(ctx, f, sort, descending, limit=PAGE)
            invoice_ids(ctx, f, sort, descending, limit=PAGE, offset=PAGE)
            assert first == []
            for statement, params in statements:
                with ctx.db.engine.connect() as conn:
                    plan = " / ".join(
                        row[-1]
                        for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params)
                    )
                if sort is InvoiceSort.CUSTOMER:
                    assert "ix_customer_search_text_id" in plan, plan
                    assert "INDEX ix_invoice_open " in plan, plan
                    assert "B-TREE FOR ORDER BY" not in plan, plan  # (the RIGHT PART is)
                else:
                    assert f"INDEX ix_invoice_open_{sort.value}" in plan, plan
                    assert "B-TREE" not in plan, plan
    event.remove(ctx.db.engine, "before_cursor_execute", grab)


def test_every_payment_sort_is_a_plain_sort_both_ways(books: AppContext) -> None:
    ctx, dialect = books, dialect_of(books)
    with ctx.db.read() as session:
        found = session.execute(
            select(
                Payment.id,
                Payment.date,
                Customer.code,
                Customer.search_text,
                Payment.method,
                Payment.reference,
                Payment.amount,
                Payment.unapplied,
                Payment.status,
            ).join(Customer, Customer.id == Payment.customer_id)
        ).all()
    keys: dict[PaymentSort, Callable[[Any], Any]] = {
        PaymentSort.DATE: lambda r: r.date,
        PaymentSort.CODE: lambda r: r.code,
        PaymentSort.CUSTOMER: lambda r: r.search_text,
        PaymentSort.METHOD: lambda r: r.method,
        PaymentSort.REFERENCE: lambda r: r.reference.lower(),
        PaymentSort.AMOUNT: lambda r: r.amount,
        PaymentSort.ALLOCATED: lambda r: Decimal(0),  # nothing allocated: all ties
        PaymentSort.UNAPPLIED: lambda r: r.unapplied,
        PaymentSort.STATUS: lambda r: r.status,
    }
    for sort, key in keys.items():
        for descending in (False, True):
            expected = plain_sort([(key(r), r.id) for r in found], descending, dialect)

            def read(desc: bool, sort: PaymentSort = sort, **page: Any) -> list[int]:
                return payment_ids(ctx, sort=sort, descending=desc, **page)

            check_order(read, expected, descending)
    reversed_only = PaymentFilter(status=PaymentStatusFilter.REVERSED)
    assert payment_count(ctx, reversed_only) == sum(r.status == "reversed" for r in found)


@pytest.mark.parametrize("share", [1, 1_000])  # common: never, or from one row in 1,000
@pytest.mark.parametrize(
    "f",
    [
        PaymentFilter(method="cash"),
        PaymentFilter(status=PaymentStatusFilter.RECORDED, method="card"),
    ],
)
def test_a_filtered_payment_list_seeks_within_the_filter(
    books: AppContext, monkeypatch: pytest.MonkeyPatch, share: int, f: PaymentFilter
) -> None:
    monkeypatch.setattr(keyset, "COMMON_SHARE", share)
    ctx, dialect = books, dialect_of(books)
    with ctx.db.read() as session:
        found = session.execute(
            select(Payment.id, Payment.amount).where(
                Payment.method == f.method,
                Payment.status.in_(
                    ["recorded", "reversed"] if f.status is PaymentStatusFilter.ALL else [f.status]
                ),
            )
        ).all()
        walk = payment_list._walk(session, f, dialect)
    assert len(found) > PAGE
    assert walk is (share == 1_000 and dialect == "sqlite")
    for descending in (False, True):
        expected = plain_sort([(r.amount, r.id) for r in found], descending, dialect)

        def read(desc: bool, **page: Any) -> list[int]:
            return payment_ids(ctx, f, PaymentSort.AMOUNT, desc, **page)

        check_order(read, expected, descending)
    assert payment_count(ctx, f) == len(found)
