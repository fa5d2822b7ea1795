# SPDX-License-Identifier: MIT
"""The demo company is realistic and its books add up."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from arapp.db.models import (
    Adjustment,
    BankTransaction,
    ContactLogEntry,
    CreditAllocation,
    Invoice,
    InvoiceHold,
    InvoiceLine,
    OutboxMessage,
    Payment,
    PaymentAllocation,
)
from arapp.services.agency import agency_since
from arapp.services.bank.transactions import count_transactions
from arapp.services.context import AppContext
from arapp.services.customer_list import CustomerRow, StatusFilter, customer_ids, customer_rows
from arapp.services.customers import get_customer
from arapp.services.demo import create_demo_company
from arapp.services.demo_data import NO_EMAIL
from arapp.services.errors import ServiceError
from arapp.services.fees import fee_document_ids, pending_fees
from arapp.services.followups import follow_ups_due
from arapp.services.ledger import customer_ledger
from arapp.services.payment_list import credit_rows
from arapp.services.plans import broken_plans, list_plans
from arapp.services.recurring import list_templates
from arapp.services.reminders.outbox import list_outbox
from arapp.services.reminders.overview import hold_overview
from arapp.services.reminders.run import plan_run
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


def _sums(s: Session, invoice: Any, amount: Any, *where: Any) -> Counter[int]:
    query = select(invoice, func.sum(amount)).where(*where).group_by(invoice)
    return Counter(dict(s.execute(query).all()))


def test_demo_books_add_up(demo: AppContext) -> None:
    alloc = PaymentAllocation
    with demo.db.read() as s:
        invoices = s.scalars(select(Invoice)).all()
        allocated = (
            _sums(s, alloc.invoice_id, alloc.amount, alloc.active)  # not a bounced cheque's
            + _sums(s, CreditAllocation.invoice_id, CreditAllocation.amount)
            + _sums(s, Adjustment.invoice_id, Adjustment.amount)
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
            if inv.kind == "invoice":  # a credit note's is what it took off its invoice
                assert inv.amount_paid == paid, inv.number
            assert line_sums[inv.id] == inv.subtotal
            assert inv.subtotal + inv.tax_total == inv.total
            assert (inv.status == "paid") == (inv.amount_paid == inv.total) or (
                inv.kind == "credit_note" or inv.status == "void"
            )
            assert inv.due_date >= inv.issue_date and inv.issue_date < TODAY


def test_numbers_are_gapless_per_year_in_date_order(demo: AppContext) -> None:
    with demo.db.read() as s:
        rows = s.execute(
            select(Invoice.number, Invoice.issue_date)
            .where(Invoice.kind == "invoice")
            .order_by(Invoice.id)
        ).all()
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


def _by_name(ctx: AppContext) -> dict[str, CustomerRow]:
    rows = customer_rows(ctx, customer_ids(ctx, status=StatusFilter.ALL))
    return {r.name: r for r in rows.values()}


def test_every_feature_has_something_to_show(demo: AppContext) -> None:
    """Each screen's service finds the demo's example of its feature (one check a feature)."""
    customers = _by_name(demo)
    ledger_kinds = {e.kind for c in customers.values() for e in customer_ledger(demo, c.id)}
    templates = list_templates(demo)
    with demo.db.read() as s:
        billed = s.scalar(
            select(func.count())
            .select_from(Invoice)
            .where(Invoice.recurring_template_id == templates[0].id, Invoice.number.is_not(None))
        )
        split = s.scalar(
            select(func.count()).select_from(
                select(PaymentAllocation.payment_id)
                .group_by(PaymentAllocation.payment_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
    assert templates[0].active and billed >= 3, "a recurring invoice with the invoices it billed"
    plans = list_plans(demo)
    assert any(
        p.status == "active" and {i.status.value for i in p.instalments} >= {"paid", "due"}
        for p in plans
    ), "a payment plan kept so far: an instalment paid, one due"
    assert broken_plans(demo, TODAY), "a broken payment plan on the Today page"
    holds = hold_overview(demo, TODAY)
    assert any(
        h.hold.amount is not None and h.hold.amount < h.amount_due for h in holds.promises_due
    ), "a promise of part of what is owed, due today"
    assert holds.promises_broken, "a broken promise"
    assert holds.disputes, "an open dispute"
    assert count_transactions(demo, "matched") >= 3, "bank lines matched to payments"
    assert count_transactions(demo, "new") == 1, "a bank line waiting for the owner"
    assert count_transactions(demo, "ignored") == 1, "money going out, set aside"
    assert credit_rows(demo), "a customer holding unapplied credit"
    assert "credit_note" in ledger_kinds, "a credit note"
    assert "invoice_voided" in ledger_kinds, "a voided invoice"
    assert "small_balance" in ledger_kinds, "a small balance written off"
    assert "refund" in ledger_kinds, "a refund of credit"
    assert "payment_reversed" in ledger_kinds, "a bounced cheque, reversed"
    assert "early_payment_discount" in ledger_kinds, "an early-payment discount taken"
    assert split, "one payment across several invoices"
    assert fee_document_ids(demo, list(_all_invoice_ids(demo))), "a late-fee document"
    assert pending_fees(demo, TODAY), "late fees due, for the Late fees tool"
    assert any(r.status.value == "credit_hold" for r in customers.values()), "on credit hold"
    assert any(
        r.credit_limit is not None and r.balance > r.credit_limit for r in customers.values()
    ), "a customer over the credit limit"
    assert not get_customer(demo, customers[NO_EMAIL].id).customer.email, "a customer by post"
    assert any(d.channel == "letter" for d in plan_run(demo, TODAY)), "a letter reminder due"
    assert any(agency_since(demo, r.id) for r in customers.values()), "with the agency"
    details = [get_customer(demo, r.id) for r in customers.values()]
    log = {e.kind for d in details for e in d.log}
    assert {"call", "email", "meeting", "note", "promise", "dispute", "letter"} <= log
    assert follow_ups_due(demo, TODAY), "follow-ups due today"
    assert sum(bool(d.customer.notes) for d in details) >= 5, "notes on customers"
    assert len({d.level for d in plan_run(demo, TODAY)}) >= 2, "reminders due at several levels"


def _all_invoice_ids(ctx: AppContext) -> list[int]:
    with ctx.db.read() as s:
        return list(s.scalars(select(Invoice.id)))


def test_reminder_history_is_recorded_not_pretended(demo: AppContext) -> None:
    """The outbox holds the owner's past runs at several levels, each e-mail recorded as sent
    by a person (no attempt by this program), and nothing waiting to go to the demo's
    made-up addresses."""
    outbox = list_outbox(demo)
    sent = [m for m in outbox if m.channel == "email" and m.state == "sent"]
    assert len({level for m in sent for level in m.levels}) >= 3
    assert all(m.attempts == 0 and m.as_of < TODAY for m in sent)
    assert any(m.channel == "letter" and m.state == "sent" for m in outbox)  # printed
    assert not [m for m in outbox if m.channel == "email" and m.state != "sent"]


def test_numbers_follow_dates_and_nothing_is_dated_ahead(demo: AppContext) -> None:
    """Within each number sequence (invoices, fee documents and credit notes by year) number
    order is date order, as "numbers follow dates" requires; no document, payment, promise,
    message or bank line is dated after today."""
    with demo.db.read() as s:
        documents = s.execute(select(Invoice.kind, Invoice.number, Invoice.issue_date)).all()
        days = [
            *s.scalars(select(Payment.date)),
            *s.scalars(select(InvoiceHold.opened_on)),
            *s.scalars(select(OutboxMessage.as_of)),
            *s.scalars(select(BankTransaction.booking_date)),
            *(at.date() for at in s.scalars(select(ContactLogEntry.at))),
        ]
    sequences: dict[tuple[str, str], list[tuple[int, date]]] = {}
    for kind, number, issued in documents:
        if number is not None:
            prefix, seq = re.fullmatch(r"(.*?)(\d+)", number).groups()  # type: ignore[union-attr]
            sequences.setdefault((kind, prefix), []).append((int(seq), issued))
    assert {kind for kind, _ in sequences} == {"invoice", "credit_note"}
    for entries in sequences.values():
        entries.sort()
        assert [d for _, d in entries] == sorted(d for _, d in entries)
    assert max(d for _, _, d in documents) <= TODAY and max(days) <= TODAY
