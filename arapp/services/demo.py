# SPDX-License-Identifier: MIT
"""A realistic demo company, so a newcomer sees a populated window at once.

About 60 customers with different payment habits (early, on time, late, very late, partial,
never), 18 months of invoices and the payments that settled them, generated deterministically
from a seed and relative to today, so every screen has something true to show.

Everything is written through the use cases, as a user would have, in one transaction with the
clock set to the day each thing happened: the company, its catalog and customers, their contacts;
then day by day each invoice saved, issued and sent, and each payment recorded against it, so
numbers, statuses, balances and the audit log come from the same code as in daily use; the
calls to slow payers; the story of the last months, which gives every feature an example
(:mod:`.demo_money`, :mod:`.demo_collections`, :mod:`.demo_bank`); last the credit holds and
the customer who closed shop. Everything happens on an agenda run in date order
(:mod:`.demo_replay`), so each document is issued on the day it is dated.
"""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import cast

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from arapp.db.engine import Database
from arapp.db.models import Company, Customer, Invoice, Payment
from arapp.domain.customer import CustomerStatus
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.services import audit
from arapp.services.catalog import ProductRecord, TaxRateRecord, save_product, save_tax_rate
from arapp.services.company import COMPANY_ID, save_company
from arapp.services.context import AppContext
from arapp.services.customer_list import StatusFilter, customer_ids, customer_rows
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
from arapp.services.demo_bank import bank_scene
from arapp.services.demo_collections import collection_scenes
from arapp.services.demo_data import (
    CHATS,
    COMPANY,
    CURRENCY,
    FIRST_NAMES,
    FOOTER,
    LAST_NAMES,
    NAMES,
    NO_EMAIL,
    NOTES,
    OVER_LIMIT,
    PEOPLE,
    PRODUCTS,
    TERMS,
)
from arapp.services.demo_money import money_scenes
from arapp.services.demo_replay import BILL, PAYMENT, Agenda, OneTransaction, Replay, Story
from arapp.services.errors import ServiceError
from arapp.services.events import Change, Entity
from arapp.services.invoices import InvoiceDraft, InvoiceRecord, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice, mark_sent
from arapp.services.payments import PaymentInput, record_payment

#: The story (recurring invoice, plans, promises, the bank statement...) spans the last four
#: months; a shorter demo has the customers' invoices and payments only.
STORY_MONTHS = 5


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
        books = OneTransaction(ctx.db, session)
        replay = Replay(cast(Database, books), ctx.actor, ctx.now)
        replay.day = today - relativedelta(months=months)
        _write_books(Agenda(replay, books), rng, customers, today, months)
        replay.day = today
        summary = _summary(replay, session, customers)
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


def _summary(ctx: Replay, session: Session, customers: int) -> DemoSummary:
    invoices = session.scalar(
        select(func.count())
        .select_from(Invoice)
        .where(Invoice.kind == DocumentKind.INVOICE, Invoice.number.is_not(None))
    )
    payments = session.scalar(select(func.count()).select_from(Payment))
    rows = customer_rows(ctx, customer_ids(ctx, status=StatusFilter.ALL)).values()
    owed = sum((row.balance for row in rows), Decimal(0))
    return DemoSummary(customers, invoices or 0, payments or 0, owed)


def _write_books(agenda: Agenda, rng: random.Random, count: int, today: date, months: int) -> None:
    ctx = agenda.ctx
    start = ctx.day
    save_company(ctx, COMPANY)
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT 23%", Decimal("23")))
    reduced = save_tax_rate(ctx, TaxRateRecord(0, "VAT 13.5%", Decimal("13.5")))
    save_tax_rate(ctx, TaxRateRecord(0, "Zero rated", Decimal(0)))
    for desc, unit, price in PRODUCTS:
        save_product(ctx, ProductRecord(0, desc, "", unit, price, vat.id))
    habits = [_HABITS[i % len(_HABITS)] for i in range(count)]
    people = _customers(ctx, rng, habits)
    at = _retired(habits)
    retired = None if at is None else people[at]
    for customer, habit in zip(people, habits, strict=True):
        interval = rng.choice([14, 30, 30, 45, 60, 90])
        day = start + timedelta(days=rng.randint(0, interval))
        last_day = today - (relativedelta(months=5) if customer is retired else timedelta(days=1))
        while day <= last_day:
            lines = []
            for _ in range(rng.randint(1, 5)):
                (desc, unit, price), qty = rng.choice(PRODUCTS), Decimal(rng.randint(1, 12))
                rate = vat if rng.random() < 0.85 else reduced
                lines.append(LineDraft(desc, qty, price, Decimal(0), rate.id, unit))
            bill = _Bill(customer, habit, day, tuple(lines))
            agenda.at(day, functools.partial(_work_day, agenda, rng, bill, today), BILL)
            day += timedelta(days=max(7, interval + rng.randint(-6, 6)))
    nevers = [i for i, habit in enumerate(habits) if habit is Habit.NEVER]
    agency = nevers[2] if len(nevers) > 2 and months >= STORY_MONTHS else None
    _chase(agenda, rng, people, habits, today, agency)
    if months >= STORY_MONTHS:
        story = Story(agenda, people, vat.id, today, retired)
        money_scenes(story)
        collection_scenes(story, agency)
        bank_scene(story)
    agenda.run()
    for at in _holds(habits):
        set_status(ctx, people[at].id, CustomerStatus.CREDIT_HOLD, "Overdue balance")
    if retired is not None:
        set_status(ctx, retired.id, CustomerStatus.ARCHIVED, "Closed their shop")


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


def _work_day(agenda: Agenda, rng: random.Random, bill: _Bill, today: date) -> None:
    """The invoice of ``bill`` saved, issued and sent on its day; its customer's payments on it
    planned for the days they arrive (as their habit has it)."""
    ctx = agenda.ctx
    draft = InvoiceDraft(bill.customer.id, bill.issue_date, bill.lines, footer=FOOTER)
    invoice = issue_invoice(ctx, save_draft(ctx, draft).id, confirmed=True)
    plan = _payments(rng, bill, invoice, today)
    if plan or (today - bill.issue_date).days >= 3:  # the last days' are not sent yet
        mark_sent(ctx, [invoice.id])
    for payment in plan:
        agenda.at(payment.date, functools.partial(record_payment, ctx, payment), PAYMENT)


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


def _customers(ctx: Replay, rng: random.Random, habits: list[Habit]) -> list[CustomerRecord]:
    retired, holds = _retired(habits), _holds(habits)
    nevers = [i for i, habit in enumerate(habits) if habit is Habit.NEVER]
    people = []
    used_codes: set[str] = set()
    for i in range(len(habits)):
        name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i // len(NAMES) + 1}")
        code = "".join(ch for ch in _slug(name).upper() if ch.isalnum())[:8]
        while code in used_codes:
            code = f"{code[:6]}{rng.randint(10, 99)}"
        used_codes.add(code)
        email = "" if name == NO_EMAIL else f"accounts@{_slug(name)}.example"
        contact = _contact(rng, name)
        limit = rng.choice([None, None, Decimal(2000), Decimal(5000), Decimal(10000)])
        if nevers[3:4] == [i]:
            limit = OVER_LIMIT  # they owe more than that now
        phone, address = _phone(rng), _address(rng)
        tax_id = "" if rng.random() < 0.5 else f"IE {rng.randint(1000000, 9999999)}W"
        notes = NOTES.get(name, "")
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
        if rng.random() < 0.4 and email:
            save_contact(
                ctx, customer.id, ContactRecord(0, contact, "Accounts payable", email, phone, True)
            )
        people.append(customer)
    return people


def _chase(
    agenda: Agenda,
    rng: random.Random,
    people: list[CustomerRecord],
    habits: list[Habit],
    today: date,
    agency: int | None,
) -> None:
    """Calls to the slow payers in the last weeks (but the one with the agency), each with a
    follow-up (some due by now), and a word with each late payer (an e-mail, a visit, a call or
    a note)."""
    chats = itertools.cycle(CHATS)
    for at, (customer, habit) in enumerate(zip(people, habits, strict=True)):
        if at == agency:
            continue
        if habit in (Habit.VERY_LATE, Habit.NEVER):
            day = today - timedelta(days=rng.randint(3, 20))
            text = (
                f"Called {customer.contact_person} about overdue invoices; "
                "promised to look into it this week."
            )
            follow_up = day + timedelta(days=rng.randint(5, 18))
            agenda.at(
                day, functools.partial(_log, agenda.ctx, customer.id, text, "call", follow_up)
            )
        elif habit is Habit.LATE:
            day = today - timedelta(days=rng.randint(10, 40))
            kind, text = next(chats)
            agenda.at(day, functools.partial(_log, agenda.ctx, customer.id, text, kind, None))


def _log(ctx: Replay, customer_id: int, text: str, kind: str, follow_up: date | None) -> None:
    add_log_entry(ctx, customer_id, text, kind=kind, follow_up=follow_up)
