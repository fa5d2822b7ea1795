# SPDX-License-Identifier: MIT
"""Exported books imported into new books show every ledger and the aging exactly as before."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from arapp.db.models import Customer
from arapp.services.aging import AgeBy, aging_report
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.credit import apply_customer_credit, customer_credit, refund_credit
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.errors import ServiceError
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice
from arapp.services.ledger import customer_ledger
from arapp.services.lifecycle import credit_invoice, issue_new_invoice, mark_sent, void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.services.transfer.books import export_books
from arapp.services.transfer.books_import import import_books
from arapp.services.write_offs import write_off
from tests.helpers.books import copy_books, on_day

START = date(2026, 6, 1)
cents = st.integers(min_value=1_000, max_value=40_000).map(lambda c: Decimal(c).scaleb(-2))
small = st.integers(min_value=1, max_value=5_000).map(lambda c: Decimal(c).scaleb(-2))
pick = st.integers(0, 9)
steps = st.lists(
    st.tuples(
        st.integers(0, 6),  # days after the step before
        st.one_of(
            st.tuples(st.just("invoice"), pick, cents, st.booleans()),
            st.tuples(st.just("invoice"), pick, cents, st.booleans()),
            st.tuples(st.just("send"), pick),
            st.tuples(st.just("pay"), pick, cents),
            st.tuples(st.just("pay"), pick, cents.map(lambda a: a * 3)),
            st.tuples(st.just("pay_two"), pick, cents),
            st.tuples(st.just("settle"), pick),
            st.tuples(st.just("credit"), pick, small),
            st.tuples(st.just("void"), pick),
            st.tuples(st.just("write_off"), pick, st.sampled_from(["bad_debt", "small_balance"])),
            st.tuples(st.just("refund"), pick, small),
            st.tuples(st.just("reverse"), pick),
            st.tuples(st.just("apply"), pick),
        ),
    ),
    min_size=4,
    max_size=20,
)
_files = itertools.count()


def make_books(
    ctx: AppContext,
    plan: list[tuple[int, tuple]],  # type: ignore[type-arg]
    opening: bool = True,
) -> date:
    """Run ``plan`` through the services, in date order, after two invoices to each customer
    (``opening``); returns the last day."""
    customers = [
        create_customer(ctx, CustomerInput(name=f"C{n}", code=f"C{n}", terms=terms)).id
        for n, terms in enumerate(("2/10 net 30", "net 30"))
    ]
    invoices: list[int] = []
    payments: list[int] = []
    day = START
    first = [(0, ("invoice", n, Decimal("100.00"), False)) for n in (0, 1, 0, 1)]
    for gap, (action, *args) in [*(first if opening else []), *plan]:
        day += timedelta(days=gap)
        now = on_day(ctx, day)
        who = customers[args[0] % len(customers)] if args else 0
        try:
            if action == "invoice":
                lines = (LineDraft("Goods", "1", args[1]), LineDraft("=1+1", "2", "0.50"))
                draft = InvoiceDraft(who, day, lines if args[2] else lines[:1])
                invoices.append(issue_new_invoice(now, draft, confirmed=True).id)
            elif action == "send" and invoices:
                mark_sent(now, [invoices[args[0] % len(invoices)]])
            elif action == "pay":
                payments.append(record_payment(now, PaymentInput(who, day, args[1], "card")).id)
            elif action == "pay_two" and len(invoices) >= 2:
                chosen = ((invoices[-1], "1.00"), (invoices[-2], "2.00"))
                data = PaymentInput(who, day, args[1], "cheque", "split", chosen)
                payments.append(record_payment(now, data).id)
            elif action == "settle" and invoices:
                _settle(now, invoices[args[0] % len(invoices)], day, payments)
            elif action == "credit" and invoices:
                target = invoices[args[0] % len(invoices)]
                credit_invoice(now, target, "returned", [LineDraft("Back", "1", args[1])])
            elif action == "void" and invoices:
                void_invoice(now, invoices[-1 - args[0] % min(2, len(invoices))], "typo")
            elif action == "write_off" and invoices:
                write_off(now, invoices[args[0] % len(invoices)], args[1], "gone")
            elif action == "refund":
                credit = customer_credit(now, who)
                refund_credit(now, who, min(args[1], credit), day, "bank_transfer", "back")
            elif action == "reverse" and payments:
                reverse_payment(now, payments[args[0] % len(payments)], "bounced")
            elif action == "apply":
                apply_customer_credit(now, who)
        except ServiceError:
            pass  # refused: the books are as they were
    return day


def _settle(ctx: AppContext, invoice_id: int, day: date, payments: list[int]) -> None:
    """Pay what is open on an invoice less 1 %: within the terms' 2 % discount, it is paid off."""
    inv = get_invoice(ctx, invoice_id)
    left = inv.total - inv.amount_paid
    amount = left - (left / 100).quantize(Decimal("0.01"))
    data = PaymentInput(inv.customer_id, day, amount, "bank_transfer", "", ((invoice_id, amount),))
    payments.append(record_payment(ctx, data).id)


def picture(ctx: AppContext, days: list[date]) -> dict[str, object]:
    """Every customer's ledger and the aging as of ``days``, by code."""
    ledgers = {}
    with ctx.db.read() as session:
        codes = dict(session.execute(select(Customer.id, Customer.code)).all())
    for cid, code in codes.items():
        ledgers[code] = [
            (e.date, e.kind, e.reference, e.description, e.amount, e.balance)
            for e in customer_ledger(ctx, cid)
        ]
    aging = {
        (day, by): [(line.code, line.row) for line in aging_report(ctx, day, by).lines]
        for day in days
        for by in AgeBy
    }
    return {"ledgers": ledgers, "aging": aging}


def fresh(template: Path, path: Path, today: date) -> AppContext:
    """Empty books of a shop in EUR in the new file ``path``."""
    books = AppContext(copy_books(template, path), today=lambda: today)
    save_company(books, CompanyProfile(name="Shop", currency="EUR"))
    return books


def round_trip(ctx: AppContext, last: date, folder: Path, template: Path) -> AppContext:
    """Export the books to ``folder`` and import them into new books; the new books."""
    folder.mkdir()
    for name, data in export_books(ctx).items():
        (folder / name).write_bytes(data)
    new = fresh(template, folder / "new.sqlite3", last)
    report = import_books(new, folder)
    assert report.ok, [str(p) for p in report.problems]
    return new


def days_of(last: date) -> list[date]:
    days = [START, START + timedelta(days=9), START + timedelta(days=31), last - timedelta(1)]
    return sorted({d for d in days if d <= last} | {last})


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=steps)
def test_exported_books_come_back_exactly(  # type: ignore[no-untyped-def]
    tmp_path: Path, migrated_books: Path, plan
) -> None:
    folder = tmp_path / f"books{next(_files)}"
    folder.mkdir()
    ctx = fresh(migrated_books, folder / "old.sqlite3", START)
    last = make_books(ctx, plan)
    ctx = on_day(ctx, last)
    before = picture(ctx, days_of(last))
    new = round_trip(ctx, last, folder / "books", migrated_books)
    assert picture(new, days_of(last)) == before


def test_a_credit_note_refund_write_off_and_reversal_survive_the_round_trip(
    ctx: AppContext, tmp_path: Path, migrated_books: Path
) -> None:
    """The books of the bug report: EUR aging of -0.07 came back as 154.53 (credit notes,
    refunds, write-offs and reversed payments were left out)."""
    plan = [
        (0, ("invoice", 1, Decimal("154.60"), False)),
        (0, ("invoice", 1, Decimal("80.00"), False)),
        (1, ("pay", 1, Decimal("154.60"))),
        (2, ("credit", 1, Decimal("30.00"))),
        (1, ("pay", 1, Decimal("50.07"))),  # 50.00 pays the rest of the second, 0.07 credit
        (1, ("invoice", 1, Decimal("25.00"), False)),
        (0, ("write_off", 2, "bad_debt")),
        (1, ("pay", 1, Decimal("40.00"))),
        (0, ("reverse", 2)),
        (1, ("pay", 1, Decimal("9.00"))),
        (0, ("refund", 1, Decimal("9.00"))),
    ]
    last = make_books(ctx, plan, opening=False)
    ctx = on_day(ctx, last)
    before = picture(ctx, days_of(last))
    assert [line.row.total for line in aging_report(ctx, last).lines] == [Decimal("-0.07")]
    new = round_trip(ctx, last, tmp_path / "books", migrated_books)
    assert picture(new, days_of(last)) == before
