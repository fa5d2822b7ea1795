# SPDX-License-Identifier: MIT
"""A realistic demo company, so a newcomer sees a populated window at once.

About 60 customers with different payment habits (early, on time, late, very late, partial,
never), 18 months of invoices and the payments that settled them, generated deterministically
from a seed and relative to today, so every screen has something true to show.

Everything is written through the use cases, as a user would have, in one transaction with the
clock set to the day each thing happened: the company, its catalog and customers, their contacts;
then day by day each invoice saved, issued and sent, and each payment recorded against it, so
numbers, statuses, balances and the audit log come from the same code as in daily use; last the
calls to slow payers, the credit holds and the customer who closed shop.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from arapp.db.engine import Database
from arapp.db.models import Company, Customer, Invoice, NumberSequence
from arapp.domain.customer import CustomerStatus
from arapp.domain.money import quantize
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
from arapp.services.invoices import InvoiceDraft, InvoiceRecord, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice, mark_sent
from arapp.services.payments import PaymentInput, record_payment


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
    off leaves empty books, which get the demo next time), and without a commit per step.

    Two things keep the three thousand use cases of the replay quick without changing what they
    write: the session holds the customers, invoices and number sequences (a session holds
    unchanged rows weakly, so each use case would read them again), and it flushes when a use
    case asks (for a new row's id) rather than before every query, as no use case here queries
    what it or one before it changed since the last flush (the books come out the same row for
    row either way).
    """

    def __init__(self, db: Database, session: Session) -> None:
        self._db, self._session = db, session
        self._rows: list[object] = []
        event.listen(session, "pending_to_persistent", self._hold)
        event.listen(session, "loaded_as_persistent", self._hold)
        session.autoflush = False

    def _hold(self, _session: Session, row: object) -> None:
        if isinstance(row, Customer | Invoice | NumberSequence):
            self._rows.append(row)

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
    bills: list[_Bill] = []
    for customer, habit in people:
        interval = rng.choice([14, 30, 30, 45, 60, 90])
        day = start + timedelta(days=rng.randint(0, interval))
        last_day = today - (relativedelta(months=5) if customer is retired else timedelta(days=1))
        while day <= last_day:
            lines = []
            for _ in range(rng.randint(1, 5)):
                (desc, unit, price), qty = rng.choice(PRODUCTS), Decimal(rng.randint(1, 12))
                rate = vat if rng.random() < 0.85 else reduced
                lines.append(LineDraft(desc, qty, price, Decimal(0), rate.id, unit))
            bills.append(_Bill(customer, habit, day, tuple(lines)))
            day += timedelta(days=max(7, interval + rng.randint(-6, 6)))
    bills.sort(key=lambda bill: (bill.issue_date, bill.customer.code))
    payments, owed = _work_days(ctx, rng, bills, today)
    _chase(ctx, rng, people, today)
    for at in _holds([habit for _, habit in people]):
        set_status(ctx, people[at][0].id, CustomerStatus.CREDIT_HOLD, "Overdue balance")
    if retired is not None:
        set_status(ctx, retired.id, CustomerStatus.ARCHIVED, "Closed their shop")
    return DemoSummary(len(people), len(bills), payments, owed)


@dataclass(frozen=True)
class _Bill:
    """An invoice the demo company will write.

    Attributes:
        customer: Who is billed.
        habit: How they pay.
        issue_date: Invoice date.
        lines: The lines as typed.
    """

    customer: CustomerRecord
    habit: Habit
    issue_date: date
    lines: tuple[LineDraft, ...]


def _work_days(
    ctx: _Replay, rng: random.Random, bills: list[_Bill], today: date
) -> tuple[int, Decimal]:
    """Replay the months day by day: each day's invoices saved, issued and sent, then the
    payments that arrived that day recorded against them. Returns how many payments were made
    and what is still owed."""
    order = itertools.count()
    agenda: list[tuple[date, int, int, _Bill | PaymentInput]] = [
        (bill.issue_date, 0, next(order), bill) for bill in bills
    ]
    payments, owed = 0, Decimal(0)
    while agenda:
        ctx.day, _, _, step = heapq.heappop(agenda)
        if isinstance(step, PaymentInput):
            owed -= record_payment(ctx, step).amount
            payments += 1
            continue
        draft = InvoiceDraft(step.customer.id, step.issue_date, step.lines, footer=FOOTER)
        invoice = issue_invoice(ctx, save_draft(ctx, draft).id, confirmed=True)
        owed += invoice.total
        plan = _payments(rng, step, invoice, today)
        if plan or (today - step.issue_date).days >= 3:  # the last days' are not sent yet
            mark_sent(ctx, [invoice.id])
        for payment in plan:
            heapq.heappush(agenda, (payment.date, 1, next(order), payment))
    return payments, owed


def _payments(
    rng: random.Random, bill: _Bill, invoice: InvoiceRecord, today: date
) -> list[PaymentInput]:
    """The payments the customer makes on ``invoice`` up to ``today``, as their habit has it."""
    paid_on = _pay_delay(rng, bill.habit, bill.issue_date, invoice.due_date)
    parts = [invoice.total]
    if bill.habit is Habit.PARTIAL and invoice.total > 10:
        first = quantize(invoice.total * Decimal("0.5"), CURRENCY)
        parts = [first, invoice.total - first]
    plan = []
    for n, amount in enumerate(parts):
        when = None if paid_on is None else paid_on + timedelta(days=35 * n)
        if when is None or when > today:
            break
        plan.append(
            PaymentInput(
                customer_id=bill.customer.id,
                date=max(when, bill.issue_date),  # nobody pays an invoice before it is written
                amount=amount,
                method=rng.choice(["bank_transfer"] * 5 + ["card", "cash", "cheque"]),
                reference=invoice.number or "",
                allocations=((invoice.id, amount),),
            )
        )
    return plan


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
