# SPDX-License-Identifier: MIT
"""A realistic demo company, so a newcomer sees a populated window at once.

About 60 customers with different payment habits (early, on time, late, very late, partial,
never), 18 months of invoices and the payments that settled them, generated deterministically
from a seed and relative to today, so every screen has something true to show. Amounts go
through the same domain rules as real invoices (:func:`arapp.domain.totals.compute_totals`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from arapp.db.models import (
    Company,
    Contact,
    ContactLogEntry,
    Customer,
    Invoice,
    InvoiceLine,
    NumberSequence,
    Payment,
    PaymentAllocation,
    Product,
    TaxRate,
)
from arapp.domain.customer import CustomerStatus
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import quantize
from arapp.domain.terms import parse_terms
from arapp.domain.totals import LineInput, compute_totals
from arapp.domain.totals import TaxRate as DomainTaxRate
from arapp.services import audit
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.customers import search_key
from arapp.services.errors import ServiceError
from arapp.services.events import Change, Entity

CURRENCY = "EUR"

_NAMES = [
    "Acme Building Supplies",
    "Zoë Łukasiewicz",
    "Ünal Çelik Bau GmbH",
    "Đorđe Petrović",
    "Brightside Cafés",
    "Harbour View Hotel",
    "Oakwood Primary School",
    "Nordlys Møbler AS",
    "Café Süßigkeiten",
    "O'Brien & Daughters",
    "Green Thumb Landscaping",
    "Marta Kowalska",
    "Riverside Dental Practice",
    "Blue Door Bakery",
    "Peak Fitness Studio",
    "Søren Kierkegaard ApS",
    "Château Lafleur Wines",
    "Northgate Garage",
    "Little Sprouts Nursery",
    "Fionnuala Ní Bhriain",
    "Kraków Deli",
    "Seaside Surf Shop",
    "Tomás Ó Súilleabháin",
    "Ironworks Forge Ltd",
    "The Crooked Spoon",
    "Hélène Durand Architecte",
    "Maple Leaf Property Mgmt",
    "Yılmaz Tekstil",
    "Sunrise Yoga",
    "Brennan Electrical",
    "Quayside Chandlery",
    "Elif Şahin",
    "Grand Canal Books",
    "Nakamura Design Studio",
    "Highfield Golf Club",
    "Pádraig Mac Giolla",
    "Westend Pharmacy",
    "Copperpot Kitchen",
    "Ørsted & Sønn",
    "Willow Tree Florist",
    "Lakeside Veterinary",
    "Athena Greek Taverna",
    "Björk Consulting",
    "Corner Hardware Co.",
    "St. Brigid's Parish Hall",
    "Müller Haustechnik",
    "Rosewood Dental Lab",
    "Castle Print Works",
    "Ana Lúcia Ferreira",
    "Silver Birch Care Home",
    "Digital Den Repairs",
    "Bridge Street Barbers",
    "Moreno y Hijos S.L.",
    "Kelly's Corner Shop",
    "Aurora Photography",
    "Glenview Farm Shop",
    "Jakub Dvořák",
    "Meadowbank Tennis Club",
    "Tidewater Kayaks",
    "Zephyr Cycles",
]

_PEOPLE = {
    "Zoë Łukasiewicz",
    "Đorđe Petrović",
    "Marta Kowalska",
    "Fionnuala Ní Bhriain",
    "Tomás Ó Súilleabháin",
    "Elif Şahin",
    "Pádraig Mac Giolla",
    "Ana Lúcia Ferreira",
    "Jakub Dvořák",
}

_PRODUCTS = [
    ("Timber decking board 2.4 m", "pcs", Decimal("18.90")),
    ("Stainless screws 4x40, box of 200", "box", Decimal("12.50")),
    ("Exterior wood stain 2.5 L", "can", Decimal("34.95")),
    ("Cordless drill hire, per day", "day", Decimal("25.00")),
    ("Delivery within 20 km", "trip", Decimal("15.00")),
    ("Installation labour", "h", Decimal("48.00")),
    ("LED floodlight 30 W", "pcs", Decimal("39.90")),
    ("Garden hose 25 m with fittings", "pcs", Decimal("29.99")),
    ("Paint roller set", "set", Decimal("9.75")),
    ("Copper pipe 15 mm x 3 m", "pcs", Decimal("21.40")),
    ("Padlock, hardened steel", "pcs", Decimal("14.20")),
    ("Workshop safety gloves, pack of 12", "pack", Decimal("16.80")),
]

_TERMS = ["net 30"] * 6 + ["net 14"] * 2 + ["due on receipt", "eom + 30", "2/10 net 30"]


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


_FIRST = ["Aoife", "Conor", "Siobhán", "Niamh", "Declan", "Ciarán", "Maeve", "Eoin", "Róisín"]
_LAST = ["Byrne", "Walsh", "Novak", "Meyer", "Costa", "O'Neill", "Murphy", "Kelly", "Nolan"]


def _contact(rng: random.Random, name: str) -> str:
    """The customer itself when it is a person, else someone in accounts."""
    return name if name in _PEOPLE else f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


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


def create_demo_company(
    ctx: AppContext, customers: int = 60, months: int = 18, seed: int = 7
) -> DemoSummary:
    """Fill empty books with the demo company (refuses books that already hold data)."""
    rng = random.Random(seed)
    today = ctx.today()
    now = ctx.now()
    start = today - relativedelta(months=months)
    with ctx.db.write() as session:
        if session.get(Company, COMPANY_ID) is not None or session.scalar(
            select(func.count()).select_from(Customer)
        ):
            raise ServiceError(
                "These books already hold a company; the demo only goes into empty books. "
                "Use --db with a new file name for a demo."
            )
        session.add(
            Company(
                id=COMPANY_ID,
                name="Harbour Lane Hardware",
                legal_name="Harbour Lane Hardware Ltd",
                address="12 Harbour Lane\nDún Laoghaire\nCo. Dublin A96 X2Y3\nIreland",
                email="accounts@harbourlane.example",
                phone="+353 1 555 0142",
                website="harbourlane.example",
                tax_id="IE 6388047V",
                currency=CURRENCY,
                locale="en_IE",
                bank_name="Allied Irish Banks",
                iban="IE29AIBK93115212345678",
                bic="AIBKIE2D",
                payment_link_url="https://pay.harbourlane.example/invoice",
                created_at=now,
            )
        )
        vat = DomainTaxRate("VAT 23%", Decimal("23"))
        reduced = DomainTaxRate("VAT 13.5%", Decimal("13.5"))
        rate_rows = {
            rate.name: TaxRate(name=rate.name, percent=rate.percent, inclusive=False)
            for rate in (vat, reduced, DomainTaxRate("Zero rated", Decimal(0)))
        }
        session.add_all(rate_rows.values())
        session.flush()
        for desc, unit, price in _PRODUCTS:
            session.add(
                Product(name=desc, unit=unit, unit_price=price, tax_rate_id=rate_rows[vat.name].id)
            )

        people: list[tuple[Customer, Habit]] = []
        used_codes: set[str] = set()
        for i in range(customers):
            name = _NAMES[i % len(_NAMES)] + ("" if i < len(_NAMES) else f" {i // len(_NAMES) + 1}")
            code = "".join(ch for ch in _slug(name).upper() if ch.isalnum())[:8]
            while code in used_codes:
                code = f"{code[:6]}{rng.randint(10, 99)}"
            used_codes.add(code)
            habit = _HABITS[i % len(_HABITS)]
            email = f"accounts@{_slug(name)}.example"
            contact = _contact(rng, name)
            limit = rng.choice([None, None, Decimal(2000), Decimal(5000), Decimal(10000)])
            row = Customer(
                code=code,
                name=name,
                contact_person=contact,
                email=email,
                phone=_phone(rng),
                billing_address=_address(rng),
                tax_id="" if rng.random() < 0.5 else f"IE {rng.randint(1000000, 9999999)}W",
                currency=CURRENCY,
                payment_terms=rng.choice(_TERMS),
                credit_limit=limit,
                status=CustomerStatus.ACTIVE.value,
                notes="",
                created_at=now,
                updated_at=now,
            )
            row.search_text = search_key(code, name, email, contact)
            if rng.random() < 0.4:
                row.contacts.append(
                    Contact(
                        name=contact,
                        role="Accounts payable",
                        email=email,
                        phone=row.phone,
                        is_primary=True,
                    )
                )
            session.add(row)
            people.append((row, habit))
        session.flush()

        # One early payer closed shop five months ago: archived, nothing owed.
        retired = next((r for r, h in people[5:] if h is Habit.EARLY), None)
        drafts: list[tuple[Invoice, Customer, Habit]] = []
        for row, habit in people:
            interval = rng.choice([14, 30, 30, 45, 60, 90])
            day = start + timedelta(days=rng.randint(0, interval))
            terms = parse_terms(row.payment_terms)
            last_day = today - (relativedelta(months=5) if row is retired else timedelta(days=1))
            while day <= last_day:
                lines = [
                    (
                        rng.choice(_PRODUCTS),
                        Decimal(rng.randint(1, 12)),
                        vat if rng.random() < 0.85 else reduced,
                    )
                    for _ in range(rng.randint(1, 5))
                ]
                totals = compute_totals(
                    [LineInput(qty, price, Decimal(0), tax) for (_, _, price), qty, tax in lines],
                    CURRENCY,
                )
                invoice = Invoice(
                    kind=DocumentKind.INVOICE,
                    customer_id=row.id,
                    status=InvoiceStatus.SENT,
                    issue_date=day,
                    due_date=terms.due_date(day),
                    currency=CURRENCY,
                    payment_terms=row.payment_terms,
                    subtotal=totals.subtotal,
                    discount_total=totals.invoice_discount,
                    tax_total=totals.tax_total,
                    total=totals.total,
                    amount_paid=Decimal(0),
                    created_at=now,
                    issued_at=_noon(day),
                    sent_at=_noon(day),
                    footer="Thank you for your business.",
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
                            tax_rate_id=rate_rows[tax.name].id,
                            tax_name=tax.name,
                            tax_percent=tax.percent,
                            tax_inclusive=False,
                            amount=line.amount,
                        )
                    )
                drafts.append((invoice, row, habit))
                day += timedelta(days=max(7, interval + rng.randint(-6, 6)))

        drafts.sort(key=lambda item: (item[0].issue_date, item[1].code))
        sequence: dict[int, int] = {}
        payments = 0
        for invoice, row, habit in drafts:
            year = invoice.issue_date.year
            sequence[year] = sequence.get(year, 0) + 1
            invoice.number = f"INV-{year}-{sequence[year]:05}"
            session.add(invoice)
            paid_on = _pay_delay(rng, habit, invoice.issue_date, invoice.due_date)
            parts = [invoice.total]
            if habit is Habit.PARTIAL and invoice.total > 10:
                first = quantize(invoice.total * Decimal("0.5"), CURRENCY)
                parts = [first, invoice.total - first]
            for n, amount in enumerate(parts):
                when = None if paid_on is None else paid_on + timedelta(days=35 * n)
                if when is None or when > today:
                    break
                payment = Payment(
                    customer_id=row.id,
                    date=when,
                    amount=amount,
                    currency=CURRENCY,
                    method=rng.choice(["bank_transfer"] * 5 + ["card", "cash", "cheque"]),
                    reference=invoice.number,
                    created_at=now,
                )
                payment.allocations.append(
                    PaymentAllocation(invoice=invoice, amount=amount, date=when)
                )
                session.add(payment)
                invoice.amount_paid += amount
                payments += 1
            if invoice.amount_paid == invoice.total:
                invoice.status = InvoiceStatus.PAID
                invoice.paid_date = when
            elif invoice.amount_paid:
                invoice.status = InvoiceStatus.PARTIALLY_PAID
            elif (today - invoice.issue_date).days < 3:
                invoice.status, invoice.sent_at = InvoiceStatus.ISSUED, None
        for year, last in sequence.items():
            session.add(NumberSequence(key=f"invoice:{year}", next_value=last + 1))
        session.flush()

        for row, habit in people:
            if habit in (Habit.VERY_LATE, Habit.NEVER):
                session.add(
                    ContactLogEntry(
                        customer_id=row.id,
                        at=now - timedelta(days=rng.randint(3, 20)),
                        kind="call",
                        summary=f"Called {row.contact_person} about overdue invoices; "
                        "promised to look into it this week.",
                        follow_up=today + timedelta(days=rng.randint(1, 10)),
                    )
                )
        holds = [r for r, h in people if h is Habit.NEVER][:2]
        for row in holds:
            row.status = CustomerStatus.CREDIT_HOLD.value
            row.notes = "On credit hold until the overdue balance is cleared."
        if retired is not None:
            retired.status = CustomerStatus.ARCHIVED.value
            retired.notes = "Closed their shop in the spring; account settled."

        open_balance = sum((inv.total - inv.amount_paid for inv, _, _ in drafts), Decimal(0))
        audit.record(
            session,
            ctx,
            "demo_created",
            "company",
            COMPANY_ID,
            details={"customers": customers, "invoices": len(drafts), "seed": seed},
        )
        summary = DemoSummary(len(people), len(drafts), payments, open_balance)
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.COMPANY, COMPANY_ID)
    return summary
