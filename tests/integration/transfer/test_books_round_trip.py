# SPDX-License-Identifier: MIT
"""Exported books imported into new books show every ledger and the aging exactly as before."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from arapp.db.models import Customer, PaymentAllocation, TaxRate
from arapp.services.aging import AgeBy, aging_report
from arapp.services.catalog import TaxRateRecord, save_tax_rate
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
from tests.helpers.postgres import PG_URL, SKIP_REASON

START = date(2026, 6, 1)
cents = st.integers(min_value=1_000, max_value=40_000).map(lambda c: Decimal(c).scaleb(-2))
small = st.integers(min_value=1, max_value=5_000).map(lambda c: Decimal(c).scaleb(-2))
pick = st.integers(0, 9)
steps = st.lists(
    st.tuples(
        st.integers(0, 6),  # days after the step before
        st.one_of(
            st.tuples(st.just("invoice"), pick, cents, st.integers(0, 3)),
            st.tuples(st.just("invoice"), pick, cents, st.integers(0, 3)),
            st.tuples(st.just("rate"), pick),
            st.tuples(st.just("send"), pick),
            st.tuples(st.just("pay"), pick, cents),
            st.tuples(st.just("pay"), pick, cents.map(lambda a: a + 1500)),  # credit left
            st.tuples(st.just("pay_two"), pick, cents),
            st.tuples(st.just("settle"), pick),
            st.tuples(st.just("credit"), pick, small),
            st.tuples(st.just("void"), pick),
            st.tuples(st.just("write_off"), pick, st.sampled_from(["bad_debt", "small_balance"])),
            st.tuples(st.just("refund"), pick, small),
            st.tuples(st.just("reverse"), pick),
            st.tuples(st.just("apply"), pick),
            st.tuples(st.just("refund"), pick, small),
        ),
    ),
    min_size=4,
    max_size=20,
)
_files = itertools.count()
#: A customer with every e-invoice field (issue 14): the books carry them too.
GERMAN = {
    "street": "Hauptstr. 5\nHof 2",
    "postcode": "10117",
    "city": "Berlin",
    "region": "Berlin (Land)",
    "country": "DE",
    "tax_id": "DE123456789",
    "registration_id": "HRB 1234",
    "buyer_reference": "991-12345-67",
    "electronic_address": "991-12345-67",
    "electronic_address_scheme": "0204",
    "delivery": "email-einvoice",
    "einvoice_format": "xrechnung-ubl",
    "invoice_email": "ap@c0.example",
    "invoice_cc": "boss@c0.example",
    "language": "de",
}


def make_books(
    ctx: AppContext,
    plan: list[tuple[int, tuple]],  # type: ignore[type-arg]
    opening: bool = True,
) -> date:
    """Run ``plan`` through the services, in date order, after two invoices to each customer
    (``opening``); returns the last day."""
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT", Decimal(20)))
    gross = save_tax_rate(ctx, TaxRateRecord(0, "Gross VAT", Decimal("10"), inclusive=True)).id
    customers = [
        create_customer(ctx, CustomerInput(name=f"C{n}", code=f"C{n}", terms=terms, **party)).id
        for n, (terms, party) in enumerate((("2/10 net 30", GERMAN), ("net 30", {})))
    ]
    invoices: list[int] = []
    payments: list[int] = []
    day = START
    first = [(0, ("invoice", n, Decimal("100.00"), 0)) for n in (0, 1, 0, 1)]
    for gap, (action, *args) in [*(first if opening else []), *plan]:
        day += timedelta(days=gap)
        now = on_day(ctx, day)
        who = customers[args[0] % len(customers)] if args else 0
        try:
            if action == "invoice":
                draft = InvoiceDraft(who, day, _lines(args[1], args[2], vat.id, gross))
                if args[2] == 2:
                    draft = replace(draft, discount_percent=Decimal("5"))
                invoices.append(issue_new_invoice(now, draft, confirmed=True).id)
            elif action == "rate":  # the rate changes: invoices keep the percent billed
                vat = save_tax_rate(now, replace(vat, percent=vat.percent + 1))
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


def _lines(amount: Decimal, variant: int, vat: int, gross: int) -> tuple[LineDraft, ...]:
    """One plain line; two (the second a formula); taxed with discounts; a gross price."""
    if variant == 1:
        return (LineDraft("Goods", "1", amount), LineDraft("=1+1", "2", "0.50"))
    if variant == 2:
        return (LineDraft("Work", "1.5", amount, "10", vat, "h"), LineDraft("Tea", "3", "1.99"))
    if variant == 3:
        return (LineDraft("Gross", "1", amount, "0", gross),)
    return (LineDraft("Goods", "1", amount),)


def _settle(ctx: AppContext, invoice_id: int, day: date, payments: list[int]) -> None:
    """Pay what is open on an invoice less 1 %: within the terms' 2 % discount, it is paid off."""
    inv = get_invoice(ctx, invoice_id)
    left = inv.total - inv.amount_paid
    amount = left - (left / 100).quantize(Decimal("0.01"))
    data = PaymentInput(inv.customer_id, day, amount, "bank_transfer", "", ((invoice_id, amount),))
    payments.append(record_payment(ctx, data).id)


def picture(ctx: AppContext, days: list[date]) -> dict[str, object]:
    """Every customer's ledger and the aging as of ``days`` (by due date, and by invoice date
    as of the last), by code."""
    ledgers = {}
    fields = [getattr(Customer, name) for name in ("code", *GERMAN)]
    with ctx.db.read() as session:
        codes = dict(session.execute(select(Customer.id, Customer.code)).all())
        parties = sorted(tuple(row) for row in session.execute(select(*fields)))
    for cid, code in codes.items():
        ledgers[code] = [
            (e.date, e.kind, e.reference, e.description, e.amount, e.balance)
            for e in customer_ledger(ctx, cid)
        ]
    asked = [(day, AgeBy.DUE) for day in days] + [(days[-1], AgeBy.INVOICE)]
    aging = {
        (day, by): [(line.code, line.row) for line in aging_report(ctx, day, by).lines]
        for day, by in asked
    }
    return {"ledgers": ledgers, "aging": aging, "parties": parties}


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
    days = [START + timedelta(days=9), START + timedelta(days=31), last - timedelta(1)]
    return sorted({d for d in days if d <= last} | {last})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
        (0, ("invoice", 1, Decimal("154.60"), 0)),
        (0, ("invoice", 1, Decimal("80.00"), 0)),
        (1, ("pay", 1, Decimal("154.60"))),
        (2, ("credit", 1, Decimal("30.00"))),
        (1, ("pay", 1, Decimal("50.07"))),  # 50.00 pays the rest of the second, 0.07 credit
        (1, ("invoice", 1, Decimal("25.00"), 0)),
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


EVERY_KIND = [
    (0, ("invoice", 0, Decimal("100.00"), 2)),  # taxed, line and invoice discounts
    (0, ("invoice", 0, Decimal("80.00"), 3)),  # a gross price
    (1, ("send", 0)),
    (2, ("settle", 0)),  # within 2/10: the early-payment discount
    (1, ("rate", 0)),  # VAT goes up; the invoices keep the rate billed
    (0, ("invoice", 0, Decimal("60.00"), 2)),
    (1, ("pay", 0, Decimal("2000.00"))),  # pays what is open, the rest is credit
    (2, ("invoice", 0, Decimal("40.00"), 1)),
    (2, ("apply", 0)),  # credit applied days after the payment
    (1, ("reverse", 0)),  # the settling payment bounces: its discount is undone too
    (0, ("credit", 2, Decimal("10.00"))),
    (1, ("invoice", 1, Decimal("20.00"), 0)),
    (0, ("void", 0)),
    (1, ("refund", 0, Decimal("5.00"))),
]


def test_every_kind_of_document_and_movement_survives_the_round_trip(
    tmp_path: Path, migrated_books: Path
) -> None:
    ctx = fresh(migrated_books, tmp_path / "old.sqlite3", START)
    last = make_books(ctx, EVERY_KIND, opening=False)
    ctx = on_day(ctx, last)
    before = picture(ctx, days_of(last))
    kinds = {entry[1] for entry in before["ledgers"]["C0"]}  # type: ignore[index]
    assert kinds >= {
        "invoice",
        "credit_note",
        "payment",
        "payment_reversed",
        "early_payment_discount",
        "early_payment_discount_reversed",
        "refund",
    }
    assert "invoice_voided" in {entry[1] for entry in before["ledgers"]["C1"]}  # type: ignore[index]
    new = round_trip(ctx, last, tmp_path / "books", migrated_books)
    assert picture(new, days_of(last)) == before
    with new.db.read() as session:
        late = session.scalars(select(PaymentAllocation).where(PaymentAllocation.late())).all()
        rates = dict(session.execute(select(TaxRate.name, TaxRate.percent)).all())
    # the name goes to the rate as it is now; the old percent is kept under another name
    assert late and rates["VAT"] == Decimal(21) and rates["VAT (20%)"] == Decimal(20)


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_books_move_from_a_file_to_a_server(
    tmp_path: Path, migrated_books: Path, pg_ctx: AppContext
) -> None:
    ctx = fresh(migrated_books, tmp_path / "old.sqlite3", START)
    last = make_books(ctx, EVERY_KIND, opening=False)
    ctx = on_day(ctx, last)
    folder = tmp_path / "books"
    folder.mkdir()
    for name, data in export_books(ctx).items():
        (folder / name).write_bytes(data)
    report = import_books(pg_ctx, folder)
    assert report.ok, [str(p) for p in report.problems]
    # the server's today is months later: the aging as of those days is rebuilt from history
    assert picture(pg_ctx, days_of(last)) == picture(ctx, days_of(last))
