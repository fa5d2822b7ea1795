# SPDX-License-Identifier: MIT
"""A reminder run: what is due as of a day (for review), then queued into the outbox.

:func:`plan_run` reads the open invoices through the partial open-invoice index, the levels
already queued (and which messages went out when), holds, kept payment plans and customer
settings, and returns one :class:`DueReminder` per invoice whose next level has come. The ladder
is climbed step by step (:meth:`~arapp.domain.reminders.ReminderPolicy.level_due`): catch-up
sends the highest message level due, and the agency level comes only after the final notice
went out. Two messages to one customer are at least ``reminders.min_gap_days`` apart; on the
day one may go out, every invoice of that customer due a level is in the plan, so the message
carries them all. A customer handed to the agency gets nothing until taken back.

:func:`queue` writes the selected ones to the outbox in one transaction; the unique
``(invoice, level)`` key on ``outbox_item`` makes a second reminder of a level impossible, also
with two processes at once. A new message to a customer whose last one still waits in the
outbox (an e-mail not sent, a letter not printed) takes it over with its invoices: the customer
never gets two at once, and a letter run prints one letter per customer.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, delete, insert, select, update
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
from arapp.domain.reminders import ReminderPolicy as Policy
from arapp.domain.reminders import customer_paused, policy_for, spaced
from arapp.domain.segments import Segment
from arapp.mail.message import new_message_id
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.services.fees import fee_policy
from arapp.services.plans import invoices_on_kept_plans
from arapp.services.reminders.history import (
    FLAGGED,
    late_fee,
    open_amounts,
    outbox_history,
    waiting_messages,
)
from arapp.services.reminders.holds import held_invoices
from arapp.services.reminders.policy import default_policy_id, load_policies
from arapp.services.reminders.policy_segments import policies_by_segment
from arapp.services.reminders.wording import MessagePreview, load_facts, preview, render_message
from arapp.services.segments import kept_segments_of_day, work_out_segments
from arapp.services.settings import (
    REMINDERS_GROUP_PER_CUSTOMER,
    REMINDERS_MIN_GAP_DAYS,
    SMTP_FROM,
    read_setting,
)

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


def plan_run(
    ctx: AppContext, as_of: date | None = None, *, kept_segments_will_do: bool = False
) -> list[DueReminder]:
    """Every reminder due as of ``as_of`` (default today), customer by customer, for review.

    While a policy is given to a segment, each customer's segment is worked out as of
    ``as_of`` from the books (a few seconds on 100,000 customers). ``kept_segments_will_do``:
    a count for a screen (the Today page) takes the kept segments instead when they are of that
    day, which may be a few seconds behind the latest change; a run that queues never does."""
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
                Customer.agency_since.is_(None),  # with the agency: it chases, not we
            )
            .order_by(Customer.name, Invoice.customer_id, Invoice.due_date, Invoice.id)
        ).all()  # fmt: skip
        history = outbox_history(session)
        held = held_invoices(session, (r.id for r in rows), as_of)
        kept = invoices_on_kept_plans(session, as_of)
        fees = fee_policy(session)
        gap = read_setting(session, REMINDERS_MIN_GAP_DAYS)
        by_segment = policies_by_segment(session)
        # The segments as of the run's day, worked out from the books (not the kept ones,
        # which may be of another day): only when a policy is limited to a segment.
        segments = _segments(session, as_of, kept_segments_will_do) if by_segment else {}
    due = []
    for r in rows:
        if r.id in held or r.id in kept:
            continue
        own_policy, paused_until, excluded = settings.get(r.customer_id, (None, None, False))
        if excluded or customer_paused(paused_until, as_of):
            continue
        segment = segments.get(r.customer_id)
        policy_id = policy_for(
            own_policy, None if segment is None else segment[0].value, by_segment, standard
        )
        level = policies[policy_id].level_due(
            r.due_date, as_of, history.last.get(r.id, 0), history.went_out.get(r.id, {})
        )
        if level is None:
            continue
        if level.action != "flag" and not spaced(
            history.last_message.get(r.customer_id), as_of, gap
        ):
            continue
        owed = quantize(r.total - r.amount_paid, r.currency)
        if owed <= 0:
            continue
        fee = late_fee(fees, level, r.due_date, as_of, owed, r.currency)
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


def _segments(session: Session, as_of: date, kept_will_do: bool) -> dict[int, tuple[Segment, str]]:
    """Each customer's segment as of ``as_of``: the kept ones when they will do and are of that
    day, else worked out from the books."""
    if kept_will_do:
        kept = kept_segments_of_day(session, as_of)
        if kept is not None:
            return kept
    return work_out_segments(session, as_of)


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
        waiting = {
            (c, channel): items for (c, channel, _), items in groups.items() if channel != "flag"
        }
        taken_over = _carried(session, waiting, policies, as_of) if grouped else {}
        carried_all = [d for _, carried in taken_over.values() for d in carried]
        facts = load_facts(session, [*selected, *carried_all], as_of)
        messages: list[dict[str, object]] = []
        contents: list[list[DueReminder]] = []
        replaced: list[list[int]] = []
        notes: list[dict[str, object]] = []
        for (customer_id, channel, _), items in groups.items():
            old, carried = taken_over.get((customer_id, channel), ([], []))
            top = max(items, key=lambda d: d.level)
            subject, body = render_message([*items, *carried], policies, company, facts)
            messages.append(
                dict(
                    message_id=new_message_id(sender), customer_id=customer_id,
                    channel=channel, state=FLAGGED if channel == "flag" else "queued",
                    as_of=as_of, recipient=top.recipient, subject=subject, body=body,
                    attempts=0, next_attempt_at=None, claimed_at=None, last_error="",
                    created_at=now, sent_at=None,
                )
            )  # fmt: skip
            contents.append(items)
            replaced.append(old)
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
            for message, old in zip(written, replaced, strict=True):
                if old:  # the new message takes over the waiting ones' (invoice, level) rows
                    session.execute(
                        update(OutboxItem)
                        .where(OutboxItem.outbox_id.in_(old))
                        .values(outbox_id=message)
                    )
                    session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(old)))
        if notes:
            session.execute(insert(ContactLogEntry), notes)
        result = QueueResult(tuple(written), count, skipped)
    if written:
        ctx.events.emit(Change.OUTBOX_CHANGED, Entity.OUTBOX_MESSAGE, *result.message_ids)
    return result


def _carried(
    session: Session,
    new: dict[tuple[int, str], list[DueReminder]],
    policies: dict[int, Policy],
    as_of: date,
) -> dict[tuple[int, str], tuple[list[int], list[DueReminder]]]:
    """Per customer and channel a new message is queued for: the messages still waiting for
    them (queued, not sent or printed yet), and the open invoices those list that the new one
    does not, as reminders at the level they were queued at. The new message carries them, so
    a customer never gets two messages at once (a letter run prints one letter each)."""
    waiting = waiting_messages(session, list(new))
    for key, (_, listed) in waiting.items():
        for d in new[key]:
            listed.pop(d.invoice_id, None)  # the new message has it at its new level
    invoices = open_amounts(session, [i for _, listed in waiting.values() for i in listed])
    fees = fee_policy(session)
    result: dict[tuple[int, str], tuple[list[int], list[DueReminder]]] = {}
    for key, (ids, listed) in waiting.items():
        first = new[key][0]
        carried = []
        for invoice_id, number in sorted(listed.items()):
            r = invoices.get(invoice_id)
            step = policies[first.policy_id].level(number)
            if r is None or step is None or r.owed <= 0:
                continue
            carried.append(
                replace(
                    first, invoice_id=invoice_id, invoice_number=r.number, level=number,
                    level_name=step.name, due_date=r.due_date,
                    days_overdue=max(0, (as_of - r.due_date).days), amount_due=r.owed,
                    currency=r.currency,
                    late_fee=late_fee(fees, step, r.due_date, as_of, r.owed, r.currency),
                )
            )  # fmt: skip
        result[key] = (ids, carried)
    return result
