# SPDX-License-Identifier: MIT
"""A realistic demo company, so a newcomer sees a populated window at once.

About 60 customers with different payment habits (early, on time, late, very late, partial,
never), 18 months of invoices and the payments that settled them, generated deterministically
from a seed and relative to today, so every screen has something true to show.

The company, its catalog and customers, their contacts, calls and credit holds are written
through the use cases, in one transaction with the clock set to the day each happened. The
thousand invoices and their payments are written in bulk (through the use cases one by one the
first start took five times as long), but by the books' own rules: amounts from
:func:`arapp.domain.totals.compute_totals`, numbers from the numbering pattern in Settings, and
statuses from :func:`arapp.services.lifecycle.settle_status` as each payment arrives.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from arapp.db.engine import Database
from arapp.db.models import (
    Company,
    Customer,
    Invoice,
    InvoiceLine,
    NumberSequence,
    Payment,
    PaymentAllocation,
)
from arapp.domain.customer import CustomerStatus
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import quantize
from arapp.domain.numbering import NumberPattern
from arapp.domain.terms import parse_terms
from arapp.domain.totals import LineInput, compute_totals
from arapp.services import audit
from arapp.services.catalog import ProductRecord, TaxRateRecord, save_product, save_tax_rate
from arapp.services.company import COMPANY_ID, save_company
from arapp.services.context import AppContext
from arapp.services.customers import (
    ContactRecord,
    CustomerInput,
    CustomerRecord,
    add_log_entry,
    create_customer,
    save_contact,
    search_key,
    set_status,
)
from arapp.services.demo_data import (
    COMPANY,
    CURRENCY,
    FIRST_NAMES,
    FOOTER,
    LAST_NAMES,
    NAMES,
    PEOPLE,
    PRODUCTS,
    TERMS,
)
from arapp.services.errors import ServiceError
from arapp.services.events import Change, Entity, EventBus
from arapp.services.lifecycle import settle_status
from arapp.services.settings import INVOICE_NUMBER_PATTERN, read_setting


class Habit(Enum):
    """How a demo customer pays: days from due date to payment (None = may never pay)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    VERY_LATE = "very_late"
    PARTIAL = "partial"
    NEVER = "never"


_HABITS = (
    [Habit.EARLY] * 9
    + [Habit.ON_TIME] * 21
    + [Habit.LATE] * 15
    + [Habit.VERY_LATE] * 6
    + [Habit.PARTIAL] * 5
    + [Habit.NEVER] * 4
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo created.

    Attributes:
        customers: Number of customers.
        invoices: Number of invoices.
        payments: Number of payments.
        open_balance: What customers still owe, in EUR.
    """

    customers: int
    invoices: int
    payments: int
    open_balance: Decimal

    def describe(self) -> str:
        return (
            f"Demo company created: {self.customers} customers, {self.invoices} invoices, "
            f"{self.payments} payments, {self.open_balance} {CURRENCY} still owed."
        )


def _slug(name: str) -> str:
    return "".join(ch for ch in search_key("", name, "", "") if ch.isalnum())[:30] or "customer"


def _contact(rng: random.Random, name: str) -> str:
    """The customer itself when it is a person, else someone in accounts."""
    return name if name in PEOPLE else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _phone(rng: random.Random) -> str:
    return f"+353 {rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _address(rng: random.Random) -> str:
    street = rng.choice(["Main", "Church", "Quay", "Mill", "Station"])
    town = rng.choice(["Dublin 2", "Cork", "Galway", "Bray", "Howth", "Kilkenny"])
    return f"{rng.randint(1, 220)} {street} Street\n{town}\nIreland"


def _pay_delay(rng: random.Random, habit: Habit, issue: date, due: date) -> date | None:
    """When an invoice gets paid, or None for not (yet)."""
    if habit is Habit.EARLY:
        return issue + timedelta(days=rng.randint(1, 9))
    if habit is Habit.ON_TIME:
        return due + timedelta(days=rng.randint(-6, 2))
    if habit is Habit.LATE:
        return due + timedelta(days=rng.randint(8, 40))
    if habit is Habit.VERY_LATE:
        return None if rng.random() < 0.2 else due + timedelta(days=rng.randint(45, 120))
    if habit is Habit.PARTIAL:
        return due + timedelta(days=rng.randint(0, 30))
    return None if rng.random() < 0.6 else due + timedelta(days=rng.randint(60, 150))


class _OneTransaction:
    """The books' database as the replay sees it: the reads and writes of every use case share
    one session, so the demo's history is committed at once or not at all (a first start broken
    off leaves empty books, which get the demo next time), and without a commit per step."""

    def __init__(self, db: Database, session: Session) -> None:
        self._db, self._session = db, session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        yield self._session

    write = read

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


class _Replay(AppContext):
    """A context whose clock is the day being replayed, so the use cases leave the books (dates,
    audit log) as if the company had worked them day by day. Its events go nowhere: the window
    hears ``books_replaced`` once at the end."""

    def __init__(self, db: Database, actor: str) -> None:
        super().__init__(db, EventBus(), self._today, actor)
        self.day = date.min

    def _today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return _noon(self.day)


def create_demo_company(
    ctx: AppContext, customers: int = 60, months: int = 18, seed: int = 7
) -> DemoSummary:
    """Fill empty books with the demo company (refuses books that already hold data).

    All or nothing: a first start broken off leaves empty books, which get the demo next time.
    """
    rng = random.Random(seed)
    today = ctx.today()
    with ctx.db.write() as session:
        if session.get(Company, COMPANY_ID) is not None or session.scalar(
            select(func.count()).select_from(Customer)
        ):
            raise ServiceError(
                "These books already hold a company; the demo only goes into empty books. "
                "Use --db with a new file name for a demo."
            )
        replay = _Replay(cast(Database, _OneTransaction(ctx.db, session)), ctx.actor)
        replay.day = today - relativedelta(months=months)
        summary = _write_books(replay, rng, customers, today)
        replay.day = today
        audit.record(
            session,
            replay,
            "demo_created",
            "company",
            COMPANY_ID,
            details={"customers": customers, "invoices": summary.invoices, "seed": seed},
        )
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.COMPANY, COMPANY_ID)
    return summary


def _write_books(ctx: _Replay, rng: random.Random, count: int, today: date) -> DemoSummary:
    start = ctx.day
    save_company(ctx, COMPANY)
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT 23%", Decimal("23")))
    reduced = save_tax_rate(ctx, TaxRateRecord(0, "VAT 13.5%", Decimal("13.5")))
    save_tax_rate(ctx, TaxRateRecord(0, "Zero rated", Decimal(0)))
    for desc, unit, price in PRODUCTS:
        save_product(ctx, ProductRecord(0, desc, "", unit, price, vat.id))
    people = _customers(ctx, rng, count)
    at = _retired([habit for _, habit in people])
    retired = None if at is None else people[at][0]
    bills: list[tuple[Invoice, CustomerRecord, Habit]] = []
    for customer, habit in people:
        interval = rng.choice([14, 30, 30, 45, 60, 90])
        day = start + timedelta(days=rng.randint(0, interval))
        terms = parse_terms(customer.terms)
        last_day = today - (relativedelta(months=5) if customer is retired else timedelta(days=1))
        while day <= last_day:
            lines = [
                (
                    rng.choice(PRODUCTS),
                    Decimal(rng.randint(1, 12)),
                    vat if rng.random() < 0.85 else reduced,
                )
                for _ in range(rng.randint(1, 5))
            ]
            bills.append((_invoice(customer, day, terms.due_date(day), lines), customer, habit))
            day += timedelta(days=max(7, interval + rng.randint(-6, 6)))
    bills.sort(key=lambda bill: (bill[0].issue_date, bill[1].code))
    payments = _issue_and_pay(ctx, rng, bills, today)
    _chase(ctx, rng, people, today)
    for at in _holds([habit for _, habit in people]):
        set_status(ctx, people[at][0].id, CustomerStatus.CREDIT_HOLD, "Overdue balance")
    if retired is not None:
        set_status(ctx, retired.id, CustomerStatus.ARCHIVED, "Closed their shop")
    owed = sum((row.total - row.amount_paid for row, _, _ in bills), Decimal(0))
    return DemoSummary(len(people), len(bills), payments, owed)


def _invoice(
    customer: CustomerRecord,
    day: date,
    due: date,
    lines: list[tuple[tuple[str, str, Decimal], Decimal, TaxRateRecord]],
) -> Invoice:
    """An invoice of ``lines``, its amounts computed as the invoice editor's are."""
    totals = compute_totals(
        [LineInput(qty, price, Decimal(0), tax.as_domain()) for (_, _, price), qty, tax in lines],
        CURRENCY,
    )
    invoice = Invoice(
        kind=DocumentKind.INVOICE,
        customer_id=customer.id,
        status=InvoiceStatus.ISSUED,
        issue_date=day,
        due_date=due,
        currency=CURRENCY,
        payment_terms=customer.terms,
        subtotal=totals.subtotal,
        discount_total=totals.invoice_discount,
        tax_total=totals.tax_total,
        total=totals.total,
        amount_paid=Decimal(0),
        created_at=_noon(day),
        issued_at=_noon(day),
        footer=FOOTER,
    )
    for pos, (((desc, unit, price), qty, tax), line) in enumerate(
        zip(lines, totals.lines, strict=True), start=1
    ):
        invoice.lines.append(
            InvoiceLine(
                position=pos,
                description=desc,
                quantity=qty,
                unit=unit,
                unit_price=price,
                tax_rate_id=tax.id,
                tax_name=tax.name,
                tax_percent=tax.percent,
                tax_inclusive=tax.inclusive,
                amount=line.amount,
            )
        )
    return invoice


def _issue_and_pay(
    ctx: _Replay,
    rng: random.Random,
    bills: list[tuple[Invoice, CustomerRecord, Habit]],
    today: date,
) -> int:
    """Number the invoices in date order, send them, and book what each customer paid.

    Written in bulk, which is what keeps the first start quick (the use cases one by one take
    about five times as long), but by the books' own rules: numbers from the numbering pattern
    in Settings and its sequences, statuses from :func:`~arapp.services.lifecycle.settle_status`
    as each payment arrives. Returns how many payments were made.
    """
    with ctx.db.write() as session:
        pattern = NumberPattern(read_setting(session, INVOICE_NUMBER_PATTERN))
        taken: dict[str, int] = {}
        payments = 0
        for invoice, customer, habit in bills:
            key = pattern.sequence_key(DocumentKind.INVOICE, invoice.issue_date)
            taken[key] = taken.get(key, 0) + 1
            invoice.number = pattern.format(invoice.issue_date, taken[key])
            session.add(invoice)
            paid_on = _pay_delay(rng, habit, invoice.issue_date, invoice.due_date)
            parts = [invoice.total]
            if habit is Habit.PARTIAL and invoice.total > 10:
                first = quantize(invoice.total * Decimal("0.5"), CURRENCY)
                parts = [first, invoice.total - first]
            paid: list[tuple[date, Decimal]] = []
            for n, amount in enumerate(parts):
                when = None if paid_on is None else paid_on + timedelta(days=35 * n)
                if when is None or when > today:
                    break
                paid.append((when, amount))
                payment = Payment(
                    customer_id=customer.id,
                    date=when,
                    amount=amount,
                    currency=CURRENCY,
                    method=rng.choice(["bank_transfer"] * 5 + ["card", "cash", "cheque"]),
                    reference=invoice.number,
                    status="recorded",
                    created_at=_noon(when),
                )
                payment.allocations.append(
                    PaymentAllocation(invoice=invoice, amount=amount, date=when)
                )
                session.add(payment)
                payments += 1
            if paid or (today - invoice.issue_date).days >= 3:  # the last days' are not sent yet
                invoice.sent_at = _noon(invoice.issue_date)
            settle_status(invoice, invoice.issue_date)
            for when, amount in paid:
                invoice.amount_paid += amount
                settle_status(invoice, when)
        for key, last in taken.items():
            session.add(NumberSequence(key=key, next_value=last + 1))
        session.flush()
    return payments


def _retired(habits: list[Habit]) -> int | None:
    """The customer who closed shop five months ago (an early payer): archived, nothing owed."""
    return next((i for i, habit in enumerate(habits) if i >= 5 and habit is Habit.EARLY), None)


def _holds(habits: list[Habit]) -> list[int]:
    """The two customers put on credit hold: the first who never pay."""
    return [i for i, habit in enumerate(habits) if habit is Habit.NEVER][:2]


def _customers(ctx: _Replay, rng: random.Random, count: int) -> list[tuple[CustomerRecord, Habit]]:
    habits = [_HABITS[i % len(_HABITS)] for i in range(count)]
    retired, holds = _retired(habits), _holds(habits)
    people = []
    used_codes: set[str] = set()
    for i in range(count):
        name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i // len(NAMES) + 1}")
        code = "".join(ch for ch in _slug(name).upper() if ch.isalnum())[:8]
        while code in used_codes:
            code = f"{code[:6]}{rng.randint(10, 99)}"
        used_codes.add(code)
        habit = habits[i]
        email = f"accounts@{_slug(name)}.example"
        contact = _contact(rng, name)
        limit = rng.choice([None, None, Decimal(2000), Decimal(5000), Decimal(10000)])
        phone, address = _phone(rng), _address(rng)
        tax_id = "" if rng.random() < 0.5 else f"IE {rng.randint(1000000, 9999999)}W"
        notes = ""
        if i in holds:
            notes = "On credit hold until the overdue balance is cleared."
        elif i == retired:
            notes = "Closed their shop in the spring; account settled."
        customer = create_customer(
            ctx,
            CustomerInput(
                name=name,
                code=code,
                contact_person=contact,
                email=email,
                phone=phone,
                billing_address=address,
                tax_id=tax_id,
                currency=CURRENCY,
                terms=rng.choice(TERMS),
                credit_limit=limit,
                notes=notes,
            ),
        )
        if rng.random() < 0.4:
            save_contact(
                ctx, customer.id, ContactRecord(0, contact, "Accounts payable", email, phone, True)
            )
        people.append((customer, habit))
    return people


def _chase(
    ctx: _Replay, rng: random.Random, people: list[tuple[CustomerRecord, Habit]], today: date
) -> None:
    """Calls to the slow payers in the last weeks, with a follow-up each."""
    for customer, habit in people:
        if habit in (Habit.VERY_LATE, Habit.NEVER):
            ctx.day = today - timedelta(days=rng.randint(3, 20))
            add_log_entry(
                ctx,
                customer.id,
                f"Called {customer.contact_person} about overdue invoices; "
                "promised to look into it this week.",
                kind="call",
                follow_up=today + timedelta(days=rng.randint(1, 10)),
            )
    ctx.day = today
