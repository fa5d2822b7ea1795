# SPDX-License-Identifier: MIT
"""A reminder run: what is due as of a day (for review), then queued into the outbox.

:func:`plan_run` reads the open invoices through the partial open-invoice index, the levels
already queued, holds, kept payment plans and customer settings, and returns one
:class:`DueReminder` per invoice whose next level has come. :func:`queue` writes the selected
ones to the outbox in one transaction; the unique ``(invoice, level)`` key on ``outbox_item``
makes a second reminder of a level impossible, also with two processes at once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import (
    Company,
    ContactLogEntry,
    Customer,
    CustomerReminderSetting,
    Invoice,
    OutboxItem,
    OutboxMessage,
    open_invoice,
)
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.domain.reminders import customer_paused
from arapp.mail.message import new_message_id
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.services.fees import fee_policy
from arapp.services.plans import invoices_on_kept_plans
from arapp.services.reminders.holds import held_invoices
from arapp.services.reminders.policy import default_policy_id, load_policies
from arapp.services.reminders.wording import MessagePreview, load_facts, preview, render_message
from arapp.services.settings import REMINDERS_GROUP_PER_CUSTOMER, SMTP_FROM, read_setting

log = logging.getLogger(__name__)

__all__ = ["DueReminder", "MessagePreview", "QueueResult", "plan_run", "preview", "queue"]


@dataclass(frozen=True)
class DueReminder:
    """One invoice whose next reminder level has come.

    Attributes:
        customer_id: Customer.
        customer_name: For people.
        channel: ``email``, ``letter`` (no e-mail address) or ``flag`` (collections).
        recipient: E-mail address(es), or empty.
        invoice_id: The invoice.
        invoice_number: Its number.
        level: The level due.
        level_name: Its name.
        due_date: The invoice's due date.
        days_overdue: Days past the due date (0 before it).
        amount_due: What is still owed.
        currency: Currency.
        late_fee: The late fee due per the fee settings (levels that announce it), else 0.
        policy_id: The policy the level belongs to.
        contact: The person to address, else the customer's name.
    """

    customer_id: int
    customer_name: str
    channel: str
    recipient: str
    invoice_id: int
    invoice_number: str
    level: int
    level_name: str
    due_date: date
    days_overdue: int
    amount_due: Decimal
    currency: str
    late_fee: Decimal
    policy_id: int
    contact: str = ""


@dataclass(frozen=True)
class QueueResult:
    """What :func:`queue` did.

    Attributes:
        message_ids: Outbox messages written.
        reminders: Reminders (invoice and level) queued.
        skipped: Reminders already queued by another run, left out.
    """

    message_ids: tuple[int, ...]
    reminders: int
    skipped: int


def _last_levels(session: Session) -> dict[int, int]:
    """The highest level queued so far of each open invoice."""
    rows = session.execute(
        select(OutboxItem.invoice_id, func.max(OutboxItem.level))
        .join(Invoice, Invoice.id == OutboxItem.invoice_id)
        .where(open_invoice())
        .group_by(OutboxItem.invoice_id)
    )
    return {invoice_id: level for invoice_id, level in rows}


def plan_run(ctx: AppContext, as_of: date | None = None) -> list[DueReminder]:
    """Every reminder due as of ``as_of`` (default today), customer by customer, for review."""
    as_of = as_of or ctx.today()
    with ctx.db.read() as session:
        policies = load_policies(session)
        standard = default_policy_id(session)
        settings = {
            r.customer_id: (r.policy_id, r.paused_until, r.excluded)
            for r in session.scalars(select(CustomerReminderSetting))
        }
        earliest = min(lv.offset_days for p in policies.values() for lv in p.levels)
        rows = session.execute(
            select(
                Invoice.id, Invoice.number, Invoice.customer_id, Invoice.due_date,
                Invoice.total, Invoice.amount_paid, Invoice.currency,
                Customer.name, Customer.email, Customer.contact_person,
            )
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(
                Invoice.kind == DocumentKind.INVOICE, open_invoice(),
                Invoice.due_date <= as_of - timedelta(days=earliest),
            )
            .order_by(Customer.name, Invoice.customer_id, Invoice.due_date, Invoice.id)
        ).all()  # fmt: skip
        last = _last_levels(session)
        held = held_invoices(session, (r.id for r in rows), as_of)
        kept = invoices_on_kept_plans(session, as_of)
        fees = fee_policy(session)
    due = []
    for r in rows:
        if r.id in held or r.id in kept:
            continue
        own_policy, paused_until, excluded = settings.get(r.customer_id, (None, None, False))
        if excluded or customer_paused(paused_until, as_of):
            continue
        policy_id = own_policy or standard
        level = policies[policy_id].level_due(r.due_date, as_of, last.get(r.id, 0))
        if level is None:
            continue
        owed = quantize(r.total - r.amount_paid, r.currency)
        if owed <= 0:
            continue
        fee = Decimal(0)
        if level.late_fee and fees.active:
            for period in range(1, fees.periods_begun(r.due_date, as_of) + 1):
                flat, interest = fees.charge(period, owed, r.currency)
                fee += flat + interest
        email = r.email.strip()
        channel = "flag" if level.action == "flag" else "email" if email else "letter"
        due.append(
            DueReminder(
                r.customer_id, r.name, channel, email if channel == "email" else "", r.id,
                r.number or "", level.level, level.name, r.due_date,
                max(0, (as_of - r.due_date).days), owed, r.currency, fee, policy_id,
                r.contact_person or r.name,
            )
        )  # fmt: skip
    return due


def queue(
    ctx: AppContext, selected: Sequence[DueReminder], as_of: date | None = None
) -> QueueResult:
    """Write ``selected`` to the outbox in one transaction (grouped per customer when the
    setting says so). Collections flags are done at once and logged to the contact log."""
    as_of = as_of or ctx.today()
    for attempt in range(3):
        try:
            return _queue(ctx, selected, as_of)
        except IntegrityError:  # another process queued some of them meanwhile (PostgreSQL)
            log.info("reminders queued meanwhile by another run; again (%d)", attempt + 1)
    return _queue(ctx, selected, as_of)


def _queue(ctx: AppContext, selected: Sequence[DueReminder], as_of: date) -> QueueResult:
    now = ctx.now()
    written: list[int] = []
    count = skipped = 0
    with ctx.db.write() as session:
        grouped = read_setting(session, REMINDERS_GROUP_PER_CUSTOMER)
        sender = read_setting(session, SMTP_FROM)
        policies = load_policies(session)
        company = session.get(Company, COMPANY_ID)
        facts = load_facts(session, selected, as_of)
        ids = [d.invoice_id for d in selected]
        taken: set[tuple[int, int]] = set()
        for chunk in chunked(ids):
            taken.update(
                (a, b)
                for a, b in session.execute(
                    select(OutboxItem.invoice_id, OutboxItem.level).where(
                        OutboxItem.invoice_id.in_(chunk)
                    )
                )
            )
        groups: dict[tuple[int, str, int], list[DueReminder]] = defaultdict(list)
        for d in selected:
            if (d.invoice_id, d.level) in taken:
                skipped += 1
                continue
            taken.add((d.invoice_id, d.level))
            key = d.invoice_id if not grouped and d.channel != "flag" else 0
            groups[(d.customer_id, d.channel, key)].append(d)
        messages: list[dict[str, object]] = []
        contents: list[list[DueReminder]] = []
        notes: list[dict[str, object]] = []
        for (customer_id, channel, _), items in groups.items():
            top = max(items, key=lambda d: d.level)
            subject, body = render_message(items, policies, company, facts)
            messages.append(
                dict(
                    message_id=new_message_id(sender), customer_id=customer_id,
                    channel=channel, state="sent" if channel == "flag" else "queued",
                    as_of=as_of, recipient=top.recipient, subject=subject, body=body,
                    attempts=0, next_attempt_at=None, claimed_at=None, last_error="",
                    created_at=now, sent_at=now if channel == "flag" else None,
                )
            )  # fmt: skip
            contents.append(items)
            count += len(items)
            if channel == "flag":
                notes.append(
                    dict(
                        customer_id=customer_id, at=now, kind="note", follow_up=as_of,
                        summary=f"Flagged for the collections agency: {subject}",
                    )
                )  # fmt: skip
        # Bulk INSERTs in this same transaction: the unique (invoice, level) key still refuses a
        # second queue. RETURNING in batches ("insertmanyvalues", SQLite and PostgreSQL) comes
        # in no set order, so the ids are matched up through the unique Message-ID.
        if messages:
            table = cast(Table, OutboxMessage.__table__)
            returned = session.execute(
                insert(table).returning(table.c.message_id, table.c.id), messages
            )
            id_of: dict[object, int] = {message_id: id_ for message_id, id_ in returned}
            written = [id_of[m["message_id"]] for m in messages]
            session.execute(
                insert(OutboxItem),
                [
                    {"outbox_id": message, "invoice_id": d.invoice_id, "level": d.level}
                    for message, items in zip(written, contents, strict=True)
                    for d in items
                ],
            )
        if notes:
            session.execute(insert(ContactLogEntry), notes)
        result = QueueResult(tuple(written), count, skipped)
    if written:
        ctx.events.emit(Change.OUTBOX_CHANGED, Entity.OUTBOX_MESSAGE, *result.message_ids)
    return result
