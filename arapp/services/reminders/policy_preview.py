# SPDX-License-Identifier: MIT
"""A level's words as one real customer would read them, before the policy is saved.

The policy editor (Settings ▸ Reminders) shows the subject and body of the level being edited,
rendered for the open invoices of a customer of the books, with the same rendering a reminder
run uses (:func:`arapp.services.reminders.wording.render_message`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, select

from arapp.db.models import Company, Customer, Invoice, open_invoice
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.domain.reminders import ReminderLevel
from arapp.domain.reminders import ReminderPolicy as Policy
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.customers import CustomerRecord, customer_by_code
from arapp.services.errors import NotFound
from arapp.services.fees import fee_policy
from arapp.services.reminders.run import DueReminder
from arapp.services.reminders.wording import load_facts, render_message

_PREVIEW_POLICY = 0  # the id the edited level is handed to the rendering under


@dataclass(frozen=True)
class LevelPreview:
    """A level rendered for one customer.

    Attributes:
        customer: Who it is for.
        subject: The subject as it would be sent ("" when the text cannot be rendered).
        body: The body as it would be sent.
        invoices: The open invoices it lists (none: the customer owes nothing now).
        problem: Why the text cannot be rendered (an unknown placeholder ...), else "".
    """

    customer: str
    subject: str
    body: str
    invoices: tuple[str, ...]
    problem: str = ""


def sample_customer(ctx: AppContext) -> CustomerRecord | None:
    """A customer to preview with: the first (by id) who owes an open invoice, if any.

    Customers in id order, each asked through the open-invoice index whether they owe one: a
    millisecond on a million invoices ("the oldest open invoice" walked the due-date index past
    the paid ones, 0.45 s; "the lowest customer id among open invoices" read SQLite's status
    index and sorted, 0.27 s).
    """
    owes = exists().where(
        Invoice.customer_id == Customer.id, Invoice.kind == DocumentKind.INVOICE, open_invoice()
    )
    with ctx.db.read() as session:
        found = session.scalar(select(Customer.code).where(owes).order_by(Customer.id).limit(1))
    if found is None:
        return None
    try:
        return customer_by_code(ctx, found)
    except NotFound:  # renamed meanwhile: the owner picks one
        return None


def preview_level(
    ctx: AppContext,
    level: ReminderLevel,
    customer_id: int,
    as_of: date | None = None,
    language: str | None = None,
) -> LevelPreview:
    """``level``'s subject and body for ``customer_id``'s open invoices as of ``as_of``, in
    the customer's language, or in ``language`` when given (the text being edited)."""
    as_of = as_of or ctx.today()
    with ctx.db.read() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound(f"Customer #{customer_id} does not exist.")
        rows = session.execute(
            select(Invoice.id, Invoice.number, Invoice.due_date, Invoice.total,
                   Invoice.amount_paid, Invoice.currency)
            .where(Invoice.customer_id == customer_id, Invoice.kind == DocumentKind.INVOICE,
                   open_invoice())
            .order_by(Invoice.due_date, Invoice.id)
        ).all()  # fmt: skip
        fees = fee_policy(session)
        name, email = customer.name, customer.email.strip()
        items = []
        for r in rows:
            owed = quantize(r.total - r.amount_paid, r.currency)
            if owed <= 0:
                continue
            fee = Decimal(0)
            if level.late_fee and fees.active:
                for period in range(1, fees.periods_begun(r.due_date, as_of) + 1):
                    flat, interest = fees.charge(period, owed, r.currency)
                    fee += flat + interest
            channel = "flag" if level.action == "flag" else "email" if email else "letter"
            items.append(
                DueReminder(
                    customer.id, customer.name, channel, email, r.id, r.number or "",
                    level.level, level.name, r.due_date, max(0, (as_of - r.due_date).days),
                    owed, r.currency, fee, _PREVIEW_POLICY,
                    customer.contact_person or customer.name,
                )
            )  # fmt: skip
        if not items:
            return LevelPreview(name, "", "", ())
        numbers = tuple(d.invoice_number for d in items)
        try:
            policies = {_PREVIEW_POLICY: Policy("preview", (level,))}
            facts = load_facts(session, items, as_of)
            if language is not None:
                facts = replace(facts, languages={customer.id: language})
            company = session.get(Company, COMPANY_ID)
            subject, body = render_message(items, policies, company, facts)
        except ValidationError as exc:
            return LevelPreview(name, "", "", numbers, exc.message)
    return LevelPreview(name, subject, body, numbers)
