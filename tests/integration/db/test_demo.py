# SPDX-License-Identifier: MIT
"""The demo company is realistic and its books add up."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.models import Invoice, InvoiceLine, Payment, PaymentAllocation
from arapp.services.context import AppContext
from arapp.services.customer_list import StatusFilter, customer_ids, customer_rows
from arapp.services.demo import create_demo_company
from arapp.services.errors import ServiceError
from tests.helpers.books import TODAY, copy_books


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory: pytest.TempPathFactory, migrated_books: Path) -> Path:
    """The demo company's books, made once for this module (same seed, same day, same books)
    and copied for each test, which may change its copy."""
    path = tmp_path_factory.mktemp("demo") / "books.sqlite3"
    db = copy_books(migrated_books, path)
    create_demo_company(AppContext(db, today=lambda: TODAY, actor="tester"))
    db.dispose()  # the last connection closing folds the WAL journal into the file
    return path


@pytest.fixture
def demo(tmp_path: Path, demo_books: Path) -> Iterator[AppContext]:
    db = copy_books(demo_books, tmp_path / "books.sqlite3")
    yield AppContext(db, today=lambda: TODAY, actor="tester")
    db.dispose()


def test_demo_books_add_up(demo: AppContext) -> None:
    with demo.db.read() as s:
        invoices = s.scalars(select(Invoice)).all()
        allocated = dict(
            s.execute(
                select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount)).group_by(
                    PaymentAllocation.invoice_id
                )
            ).all()
        )
        line_sums = dict(
            s.execute(
                select(InvoiceLine.invoice_id, func.sum(InvoiceLine.amount)).group_by(
                    InvoiceLine.invoice_id
                )
            ).all()
        )
        payments = s.scalar(select(func.count()).select_from(Payment))
        assert 800 < len(invoices) < 2000 and payments > 500
        for inv in invoices:
            paid = allocated.get(inv.id, Decimal(0))
            assert inv.amount_paid == paid, inv.number
            assert line_sums[inv.id] == inv.subtotal
            assert inv.subtotal + inv.tax_total == inv.total
            assert (inv.status == "paid") == (inv.amount_paid == inv.total)
            assert inv.due_date >= inv.issue_date and inv.issue_date < TODAY


def test_numbers_are_gapless_per_year_in_date_order(demo: AppContext) -> None:
    with demo.db.read() as s:
        rows = s.execute(select(Invoice.number, Invoice.issue_date).order_by(Invoice.id)).all()
    by_year: dict[str, list[tuple[int, object]]] = {}
    for number, issued in rows:
        year, seq = re.fullmatch(r"INV-(\d{4})-(\d{5})", number).groups()  # type: ignore[union-attr]
        assert int(year) == issued.year
        by_year.setdefault(year, []).append((int(seq), issued))
    assert len(by_year) >= 2
    for entries in by_year.values():
        entries.sort()
        assert [seq for seq, _ in entries] == list(range(1, len(entries) + 1))
        dates = [d for _, d in entries]
        assert dates == sorted(dates)


def test_payment_habits_differ(demo: AppContext) -> None:
    with demo.db.read() as s:
        paid = s.execute(
            select(Invoice.issue_date, Invoice.due_date, Invoice.paid_date).where(
                Invoice.status == "paid"
            )
        ).all()
        statuses = Counter(s.scalars(select(Invoice.status)).all())
    lateness = [(p - due).days for _, due, p in paid]
    assert any(d <= -10 for d in lateness), "some pay early"
    assert any(d > 30 for d in lateness), "some pay late"
    assert statuses["partially_paid"] > 0 and statuses["sent"] > 0
    rows = customer_rows(demo, customer_ids(demo, status=StatusFilter.ALL))
    overdue = [r for r in rows.values() if r.overdue > 0]
    assert 10 <= len(overdue) < 60
    assert any(r.status.value == "credit_hold" for r in rows.values())
    archived = [r for r in rows.values() if r.status.value == "archived"]
    assert len(archived) == 1 and archived[0].balance == 0
    names = {r.name for r in rows.values()}
    assert {"Zoë Łukasiewicz", "Ünal Çelik Bau GmbH", "Đorđe Petrović"} <= names


def test_demo_only_goes_into_empty_books(demo: AppContext) -> None:
    with pytest.raises(ServiceError, match="already hold"):
        create_demo_company(demo)


def test_numbering_continues_after_the_demo(demo: AppContext) -> None:
    from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
    from arapp.services.lifecycle import issue_invoice

    with demo.db.read() as s:
        last = s.scalar(
            select(func.max(Invoice.number)).where(Invoice.number.like(f"INV-{TODAY.year}-%"))
        )
    customer = customer_ids(demo)[0]
    draft = save_draft(demo, InvoiceDraft(customer, TODAY, (LineDraft("Extra", "1", "10"),)))
    number = issue_invoice(demo, draft.id, confirmed=True).number
    assert number == f"INV-{TODAY.year}-{int(last[-5:]) + 1:05}"
