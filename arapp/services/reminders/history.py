# SPDX-License-Identifier: MIT
"""What the outbox remembers, read for planning a reminder run.

The ladder is climbed step by step, so planning needs more than the highest level queued of
each invoice: the day each message level *went out* (an agency flag waits for the final notice
to have gone out, and counts its gap from that day), the day of the newest message to each
customer (two messages are at least ``reminders.min_gap_days`` apart), and the messages still
waiting for a customer (an e-mail not sent, a letter not printed: a new message takes them over,
so a customer never gets two at once and a letter run prints one letter per customer). Queued
is not gone out: an e-mail waiting for a mail account, or a letter not yet printed, never
starts an agency flag's gap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import Invoice, OutboxItem, OutboxMessage, open_invoice
from arapp.domain.fees import FeePolicy
from arapp.domain.money import quantize
from arapp.domain.reminders import ReminderLevel

#: The outbox state of an agency flag: done at once, but nothing was sent to anyone.
FLAGGED = "flagged"


@dataclass(frozen=True)
class OutboxHistory:
    """What the outbox says about the open invoices and the customers.

    Attributes:
        last: The highest level queued so far of each open invoice.
        went_out: Per open invoice, the day each message level went out (sent, or printed:
            the later of its run's day and the day it was sent).
        last_message: Per customer, the run day of the newest message (e-mail or letter, not
            cancelled) queued for them, gone out or not.
    """

    last: dict[int, int]
    went_out: dict[int, dict[int, date]]
    last_message: dict[int, date]


def outbox_history(session: Session) -> OutboxHistory:
    """The outbox's history of the open invoices, and each customer's newest message."""
    last: dict[int, int] = {}
    went_out: dict[int, dict[int, date]] = defaultdict(dict)
    rows = session.execute(
        select(
            OutboxItem.invoice_id, OutboxItem.level, OutboxMessage.channel,
            OutboxMessage.state, OutboxMessage.as_of, OutboxMessage.sent_at,
        )
        .join(OutboxMessage, OutboxMessage.id == OutboxItem.outbox_id)
        .join(Invoice, Invoice.id == OutboxItem.invoice_id)
        .where(open_invoice())
    )  # fmt: skip
    for invoice_id, level, channel, state, as_of, sent_at in rows:
        last[invoice_id] = max(level, last.get(invoice_id, 0))
        if channel != "flag" and state == "sent":
            went_out[invoice_id][level] = max(as_of, sent_at.date()) if sent_at else as_of
    newest = session.execute(
        select(OutboxMessage.customer_id, func.max(OutboxMessage.as_of))
        .where(OutboxMessage.channel != "flag", OutboxMessage.state != "cancelled")
        .group_by(OutboxMessage.customer_id)
    )
    return OutboxHistory(last, dict(went_out), {c: day for c, day in newest})


def waiting_messages(
    session: Session, customer_channels: Sequence[tuple[int, str]]
) -> dict[tuple[int, str], tuple[list[int], dict[int, int]]]:
    """Per customer and channel (``email``, ``letter``) of ``customer_channels``, the messages
    queued and not sent or printed yet (never claimed by a sender): their ids and, per invoice
    they list, the highest level. Locked until the transaction ends (on PostgreSQL), so no
    sender claims them and nobody marks them printed meanwhile."""
    wanted = set(customer_channels)
    old: dict[tuple[int, str], list[int]] = defaultdict(list)
    for chunk in chunked(sorted({c for c, _ in wanted})):
        for message_id, customer_id, channel in session.execute(
            select(OutboxMessage.id, OutboxMessage.customer_id, OutboxMessage.channel)
            .where(
                OutboxMessage.customer_id.in_(chunk),
                OutboxMessage.channel.in_(("email", "letter")),
                OutboxMessage.state == "queued",
            )
            .with_for_update()
        ):  # fmt: skip
            if (customer_id, channel) in wanted:
                old[(customer_id, channel)].append(message_id)
    owner = {m: key for key, ids in old.items() for m in ids}
    levels: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for chunk in chunked(list(owner)):
        for outbox_id, invoice_id, level in session.execute(
            select(OutboxItem.outbox_id, OutboxItem.invoice_id, OutboxItem.level).where(
                OutboxItem.outbox_id.in_(chunk)
            )
        ):
            listed = levels[owner[outbox_id]]
            listed[invoice_id] = max(level, listed.get(invoice_id, 0))
    return {key: (ids, levels[key]) for key, ids in old.items()}


@dataclass(frozen=True)
class OpenAmount:
    """What is owed on an open invoice.

    Attributes:
        number: Its number.
        due_date: Its due date.
        owed: What is still owed.
        currency: Its currency.
    """

    number: str
    due_date: date
    owed: Decimal
    currency: str


def open_amounts(session: Session, invoice_ids: Sequence[int]) -> dict[int, OpenAmount]:
    """Of ``invoice_ids``, the open ones and what is owed on each."""
    return {
        r.id: OpenAmount(
            r.number or "", r.due_date, quantize(r.total - r.amount_paid, r.currency), r.currency
        )
        for chunk in chunked(list(invoice_ids))
        for r in session.execute(
            select(
                Invoice.id, Invoice.number, Invoice.due_date, Invoice.total,
                Invoice.amount_paid, Invoice.currency,
            ).where(Invoice.id.in_(chunk), open_invoice())
        )
    }  # fmt: skip


def late_fee(
    fees: FeePolicy, level: ReminderLevel, due: date, as_of: date, owed: Decimal, currency: str
) -> Decimal:
    """The late fee a level announces (0 when it announces none, or fees are off)."""
    fee = Decimal(0)
    if level.late_fee and fees.active:
        for period in range(1, fees.periods_begun(due, as_of) + 1):
            flat, interest = fees.charge(period, owed, currency)
            fee += flat + interest
    return fee
