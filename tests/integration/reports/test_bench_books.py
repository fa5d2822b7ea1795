# SPDX-License-Identifier: MIT
"""The benchmarks' generated books are books the app would have made.

benchmarks/books.py writes rows straight through the driver for speed; here small books are read
back through the services: every document's totals are its lines' totals by the domain's rules,
what is paid is what was allocated, each customer's ledger closes at its open items and at what
the generator meant, the aging sums to it, numbers have no gaps, and searching folds accents.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.engine import Database
from arapp.db.models import (
    CreditAllocation,
    Customer,
    Invoice,
    NumberSequence,
    Payment,
    PaymentAllocation,
    money_sum,
)
from arapp.db.types import from_units
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind, InvoiceStatus
from arapp.domain.totals import LineInput, compute_totals
from arapp.services.aging import aging_report
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_ids
from arapp.services.customers import search_key
from arapp.services.invoices import get_invoice
from arapp.services.ledger import balance_check
from benchmarks.books import TODAY, Generated, generate


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    path = tmp_path_factory.mktemp("books") / "books.sqlite"
    return generate(path, customers=200, invoices=2_000, payments=2_500, seed=7)


@pytest.fixture
def books(made: Generated) -> AppContext:
    return AppContext(Database(f"sqlite:///{made.path}"), today=lambda: TODAY)


def test_what_was_asked_for_was_made(made: Generated, books: AppContext) -> None:
    assert (made.customers, made.invoices) == (200, 2_000)
    assert made.payments >= 2_500
    # every kind of case shows up, even in small books
    assert made.credit_notes and made.voided and made.reversed and made.lines > 2 * made.invoices
    with books.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 200
        kinds = dict(s.execute(select(Invoice.kind, func.count()).group_by(Invoice.kind)).all())
        assert kinds == {"invoice": 2_000, "credit_note": made.credit_notes}
        assert s.scalar(select(func.count()).select_from(Payment)) == made.payments
        statuses = set(s.scalars(select(Invoice.status).distinct()))
        assert {"paid", "partially_paid", "sent", "void"} <= statuses
        assert s.scalar(select(func.count()).where(Payment.unapplied > 0)) > 0


def test_every_document_totals_its_lines(made: Generated, books: AppContext) -> None:
    with books.db.read() as s:
        ids = list(s.scalars(select(Invoice.id)))
    for invoice_id in ids[:: max(1, len(ids) // 200)]:
        record = get_invoice(books, invoice_id)
        totals = compute_totals(
            [
                LineInput(line.quantity, line.unit_price, line.discount_percent, line.tax())
                for line in record.lines
            ],
            record.currency,
            record.discount_percent,
        )
        assert [line.amount for line in record.lines] == [t.amount for t in totals.lines]
        assert (record.subtotal, record.discount_total, record.tax_total, record.total) == (
            totals.subtotal,
            totals.invoice_discount,
            totals.tax_total,
            totals.total,
        )


def test_paid_is_what_was_allocated_and_status_follows(books: AppContext) -> None:
    with books.db.read() as s:
        paid: defaultdict[int, int] = defaultdict(int)
        for invoice_id, amount in s.execute(
            select(PaymentAllocation.invoice_id, PaymentAllocation.amount).where(
                PaymentAllocation.active.is_(True)
            )
        ):
            paid[invoice_id] += amount
        for invoice_id, amount in s.execute(
            select(CreditAllocation.invoice_id, CreditAllocation.amount)
        ):
            paid[invoice_id] += amount
        for note_id, amount in s.execute(
            select(CreditAllocation.credit_note_id, CreditAllocation.amount)
        ):
            paid[note_id] += amount
        for row in s.scalars(select(Invoice)):
            assert row.amount_paid == paid.get(row.id, 0), row.number
            if row.status == InvoiceStatus.VOID:
                assert row.amount_paid == 0 and row.voided_on is not None
            elif row.amount_paid >= row.total:
                assert row.status == InvoiceStatus.PAID and row.paid_date is not None
            else:
                assert row.status in OPEN_STATUSES and row.paid_date is None
        allocated = dict(
            s.execute(
                select(PaymentAllocation.payment_id, money_sum(PaymentAllocation.amount))
                .where(PaymentAllocation.active.is_(True))
                .group_by(PaymentAllocation.payment_id)
            ).all()
        )
        for pay in s.execute(select(Payment.id, Payment.amount, Payment.status, Payment.unapplied)):
            active = allocated.get(pay.id, Decimal(0))
            expected = 0 if pay.status == "reversed" else pay.amount - active
            assert pay.unapplied == expected, pay.id


def test_ledgers_and_aging_close_at_what_was_generated(made: Generated, books: AppContext) -> None:
    report = aging_report(books)
    by_customer = {line.customer_id: line.row.total for line in report.lines}
    wanted = {cid: from_units(units) for cid, units in made.balances.items()}
    assert by_customer == wanted
    for customer_id in range(1, made.customers + 1):
        closing, items = balance_check(books, customer_id)
        assert closing == items == wanted.get(customer_id, 0), customer_id
    with books.db.read() as s:
        owed = s.scalar(
            select(func.sum(Invoice.total - Invoice.amount_paid)).where(
                Invoice.kind == DocumentKind.INVOICE, Invoice.status.in_(OPEN_STATUSES)
            )
        )
    assert owed == made.open_units


def test_numbers_are_gapless_in_date_order_and_continue(books: AppContext) -> None:
    with books.db.read() as s:
        rows = s.execute(select(Invoice.kind, Invoice.number, Invoice.issue_date)).all()
        sequences = dict(s.execute(select(NumberSequence.key, NumberSequence.next_value)).all())
    series: defaultdict[str, list[tuple[int, object]]] = defaultdict(list)
    for kind, number, issued in rows:
        found = re.fullmatch(r"(INV|CN)-(\d{4})-(\d{5,})", number)
        assert found and int(found[2]) == issued.year, number
        series[f"{kind}:{found[2]}"].append((int(found[3]), issued))
    assert set(series) == set(sequences)
    for key, numbered in series.items():
        numbered.sort()
        assert [n for n, _ in numbered] == list(range(1, len(numbered) + 1)), key
        assert [d for _, d in numbered] == sorted(d for _, d in numbered), key
        assert sequences[key] == len(numbered) + 1


def test_customers_have_accents_and_are_found_without_them(books: AppContext) -> None:
    with books.db.read() as s:
        customers = s.execute(
            select(Customer.id, Customer.code, Customer.name, Customer.email).add_columns(
                Customer.contact_person, Customer.search_text, Customer.status
            )
        ).all()
    assert len({c.code for c in customers}) == len(customers)
    assert any(re.search(r"[^\x00-\x7f]", c.name) for c in customers)
    for c in customers:
        assert c.search_text == search_key(c.code, c.name, c.email, c.contact_person)
    names = [c for c in customers if "Müller" in c.name or "Ørsted" in c.name]
    assert names
    found = set(customer_ids(books, "muller")) | set(customer_ids(books, "orsted"))
    assert {c.id for c in names if c.status != "archived"} <= found


def test_the_same_seed_makes_the_same_books(tmp_path: Path, made: Generated) -> None:
    again = generate(
        tmp_path / "again.sqlite", customers=200, invoices=2_000, payments=2_500, seed=7
    )
    assert (again.balances, again.open_units, again.lines) == (
        made.balances,
        made.open_units,
        made.lines,
    )
