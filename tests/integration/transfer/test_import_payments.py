# SPDX-License-Identifier: MIT
"""Imported payments are allocated exactly as payments recorded one by one, and imported
customers are stored as the ORM would store them (SQLite, and PostgreSQL when
``ARAPP_TEST_PG_URL`` is set)."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select, text

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import Adjustment, Customer, Invoice, Payment, PaymentAllocation
from arapp.domain.money import quantize
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.customers import search_key
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.transfer import bulk, payment_import, payment_writer
from arapp.services.transfer.imports import (
    CUSTOMER_COLUMNS,
    import_customers,
    import_invoices,
    import_payments,
)
from tests.helpers.books import TODAY

PG_URL = os.environ.get("ARAPP_TEST_PG_URL", "")


def _books(url: str, fresh: bool) -> AppContext:
    db = Database(url)
    if fresh:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(db, None)
    ctx = AppContext(db, today=lambda: TODAY, actor="tester")
    save_company(ctx, CompanyProfile(name="Shop", currency="EUR"))
    return ctx


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def books(request: pytest.FixtureRequest, ctx: AppContext) -> Iterator[AppContext]:
    if request.param == "sqlite":
        yield ctx
        return
    if not PG_URL:
        pytest.skip("set ARAPP_TEST_PG_URL to a PostgreSQL database")
    books = _books(PG_URL, fresh=True)
    yield books
    books.db.dispose()


CUSTOMERS = "code,name,email,phone,address,terms,credit_limit,currency\n" + "".join(
    f"C{i},Customer {i},c{i}@example.org,,,{'2/10 net 30' if i % 2 else 'net 30'},"
    f"{'' if i % 3 else '1500.50'},{'JPY' if i == 4 else 'EUR'}\n"
    for i in range(6)
)
HEADER = (
    "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,tax_rate\n"
)


def _invoices(rng: random.Random) -> tuple[str, list[tuple[str, str, date]]]:
    rows, made = [], []
    for n in range(40):
        code = f"C{n % 6}"
        day = date(2026, 9, 1) + timedelta(days=rng.randint(0, 60))
        price = f"{rng.randint(5, 900)}" if code == "C4" else f"{rng.randint(500, 90000) / 100:.2f}"
        rows.append(f"P-{n},{code},{day},,,Work,1,{price},{rng.choice(['23', ''])}\n")
        made.append((f"P-{n}", code, day))
    return HEADER + "".join(rows), made


def _payments(rng: random.Random, made: list[tuple[str, str, date]]) -> list[tuple[str, ...]]:
    payments = []
    for k in range(60):
        number, code, day = rng.choice(made)
        paid = min(day + timedelta(days=rng.randint(0, 20)), TODAY)
        amount = (
            str(rng.randint(1, 400)) if code == "C4" else f"{rng.randint(100, 80000) / 100:.2f}"
        )
        payments.append((str(paid), code, amount, number if k % 3 else ""))
    return payments


def _state(ctx: AppContext) -> dict[str, list[tuple[object, ...]]]:
    with ctx.db.read() as s:
        return {
            "payments": s.execute(
                select(
                    Payment.id,
                    Payment.customer_id,
                    Payment.date,
                    Payment.amount,
                    Payment.unapplied,
                    Payment.status,
                ).order_by(Payment.id)
            ).all(),
            "allocations": s.execute(
                select(
                    PaymentAllocation.payment_id,
                    PaymentAllocation.invoice_id,
                    PaymentAllocation.amount,
                    PaymentAllocation.date,
                    PaymentAllocation.active,
                ).order_by(PaymentAllocation.id)
            ).all(),
            "adjustments": s.execute(
                select(
                    Adjustment.invoice_id, Adjustment.payment_id, Adjustment.kind, Adjustment.amount
                ).order_by(Adjustment.id)
            ).all(),
            "invoices": s.execute(
                select(
                    Invoice.number, Invoice.status, Invoice.amount_paid, Invoice.paid_date
                ).order_by(Invoice.id)
            ).all(),
        }


@pytest.mark.parametrize(
    ("batch", "rebuild_from", "pending", "ahead"),
    [
        (payment_import.BATCH, bulk.REBUILD_FROM, payment_writer.PENDING, payment_writer.AHEAD),
        (7, bulk.REBUILD_FROM, payment_writer.PENDING, payment_writer.AHEAD),
        (7, 2, payment_writer.PENDING, payment_writer.AHEAD),
        (7, bulk.REBUILD_FROM, 1, payment_writer.AHEAD),  # balances written after most batches
        (7, bulk.REBUILD_FROM, payment_writer.PENDING, 1),  # open invoices read one at a time
    ],
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_imported_payments_are_allocated_as_recorded_ones(
    books: AppContext,
    tmp_path,
    seed: int,
    batch: int,
    rebuild_from: int,
    pending: int,
    ahead: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(payment_import, "BATCH", batch)  # batches of 7: invoices seen across
    monkeypatch.setattr(payment_writer, "PENDING", pending)
    monkeypatch.setattr(payment_writer, "AHEAD", ahead)
    # from 2 rows: the invoice indexes of the balance and status are made again afterwards
    monkeypatch.setattr(bulk, "REBUILD_FROM", rebuild_from)
    rng = random.Random(seed)
    invoices, made = _invoices(rng)
    payments = _payments(rng, made)
    other = _books(f"sqlite:///{tmp_path / 'one_by_one.sqlite3'}", fresh=False)
    for ctx in (books, other):
        assert import_customers(ctx, CUSTOMERS.encode()).ok
        assert import_invoices(ctx, invoices.encode()).ok
    with books.db.read() as s:  # and some paying all but the 2 % discount, early enough
        totals = dict(s.execute(select(Invoice.number, Invoice.total)).all())
    early = [m for m in made if int(m[1][1:]) % 2][:8]  # odd customers: 2/10 net 30, in EUR
    payments = [
        (str(day + timedelta(days=3)), code, str(totals[n] - quantize(totals[n] / 50, "EUR")), n)
        for n, code, day in early
    ] + payments
    csv = "date,customer_code,amount,method,reference,invoice_number\n" + "".join(
        f"{day},{code},{amount},cash,,{number}\n" for day, code, amount, number in payments
    )
    indexes = _invoice_indexes(books)
    dropped: list[str] = []
    event.listen(books.db.engine, "before_cursor_execute", _dropping(dropped))
    assert import_payments(books, csv.encode()).ok
    assert _invoice_indexes(books) == indexes
    if rebuild_from == 2 and books.db.engine.dialect.name == "sqlite":
        assert {"ix_invoice_open", "ix_invoice_balance_id", "ix_invoice_status_id"} <= set(dropped)
        assert "ix_invoice_number_id" not in dropped  # no column the payments change
    else:
        assert not [name for name in dropped if name.startswith("ix_invoice")]

    with other.db.read() as s:
        customer_of = dict(s.execute(select(Customer.code, Customer.id)).all())
        invoice_of = dict(s.execute(select(Invoice.number, Invoice.id)).all())
    for day, code, amount, number in payments:
        chosen = None
        if number:  # the import puts at most what is open on the invoice named, the rest is credit
            with other.db.read() as s:
                row = s.get(Invoice, invoice_of[number])
                assert row is not None
                open_ = row.total - row.amount_paid
                is_open = row.status in ("issued", "sent", "partially_paid") and open_ > 0
            chosen = ((invoice_of[number], min(Decimal(amount), open_)),) if is_open else ()
        record_payment(
            other,
            PaymentInput(customer_of[code], date.fromisoformat(day), amount, "cash", "", chosen),
        )
    mine, theirs = _state(books), _state(other)
    assert mine == theirs
    assert mine["adjustments"], "some payments earn an early-payment discount"
    assert {status for _, status, *_ in mine["invoices"]} >= {"paid", "partially_paid"}
    assert any(unapplied > 0 for *_, unapplied, _ in mine["payments"])
    other.db.dispose()


def _invoice_indexes(ctx: AppContext) -> list[tuple[str, str]]:
    """The invoice table's indexes, as the database describes them."""
    if ctx.db.engine.dialect.name != "sqlite":
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'invoice'"
    else:
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoice'"
    with ctx.db.read() as s:
        return sorted((name, sql or "") for name, sql in s.execute(text(query)))


def _dropping(dropped: list[str]):  # type: ignore[no-untyped-def]
    """A statement listener that notes the name of each index dropped."""

    def listen(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("DROP INDEX"):
            dropped.append(statement.split()[-1].strip('"'))

    return listen


def test_payments_on_the_same_invoice_add_up(books: AppContext) -> None:
    assert import_customers(books, CUSTOMERS.encode()).ok
    assert import_invoices(books, (HEADER + "Q-1,C0,2026-10-01,,,x,1,10,\n").encode()).ok
    good = "2026-10-02,C0,4,cash,,Q-1\n" * 2
    report = import_payments(
        books, ("date,customer_code,amount,method,reference,invoice_number\n" + good).encode()
    )
    assert report.ok
    assert _state(books)["invoices"] == [("Q-1", "partially_paid", Decimal(8), None)]


def test_imported_customers_are_stored_as_the_model_says(books: AppContext) -> None:
    table = Customer.__table__.c.keys()
    constants = ("status", "created_at", "updated_at", "agency_since", "billing_address")
    assert sorted((*CUSTOMER_COLUMNS, "id", *constants)) == sorted(table)
    assert import_customers(books, CUSTOMERS.encode()).ok
    with books.db.read() as s:
        rows = list(s.scalars(select(Customer).order_by(Customer.id)))
        assert [(c.code, c.currency, c.payment_terms, c.credit_limit) for c in rows] == [
            (f"C{i}", "JPY" if i == 4 else "EUR", "2/10 net 30" if i % 2 else "net 30", limit)
            for i, limit in enumerate(
                [Decimal("1500.50"), None, None, Decimal("1500.50"), None, None]
            )
        ]
        first = rows[0]
        assert first.status == "active" and first.created_at == first.updated_at
        assert first.agency_since is None
        assert first.created_at.tzinfo is not None
        assert first.search_text == search_key("C0", "Customer 0", "c0@example.org", "")
        assert (first.phone, first.street, first.tax_id, first.notes) == ("", "", "", "")
        assert (first.billing_address, first.delivery) == ("", "email-pdf")
