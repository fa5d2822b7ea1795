# SPDX-License-Identifier: MIT
"""What works in collecting, as of a day D over the P days before it: for each reminder level
and channel, how soon the reminded invoices were paid; the dispute reasons and how long the
disputes stayed open. The figures' rules are :mod:`arapp.domain.collecting`.

The facts are read as of D: a reminder counts from the day it went out (an e-mail sent, a
letter printed: the later of its run's day and that day, as the reminder run reads it,
:mod:`arapp.services.reminders.history`), never when it only waited in the outbox; an agency
flag is no reminder. An invoice's day paid off counts the movements dated by D and not undone
by D (:class:`arapp.services.kpi_facts.Touched`), so nothing dated after D changes the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    SQLColumnExpression,
    case,
    literal,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import (
    Adjustment,
    CreditAllocation,
    Invoice,
    InvoiceHold,
    OutboxItem,
    OutboxMessage,
    Payment,
    PaymentAllocation,
)
from arapp.domain.collecting import (
    CHANNELS,
    DisputeFact,
    DisputeRow,
    ReminderFact,
    ReminderRow,
    dispute_rows,
    reminder_rows,
)
from arapp.domain.errors import ValidationError
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.kpi_facts import REVERSED, Touched

__all__ = ["DEFAULT_PERIOD_DAYS", "CollectingReport", "collecting_report"]

#: P when none is given.
DEFAULT_PERIOD_DAYS = 90
#: The longest period accepted (ten years).
LONGEST_PERIOD_DAYS = 3660


@dataclass(frozen=True)
class CollectingReport:
    """What works in collecting.

    Attributes:
        as_of: D.
        period_days: P.
        reminders: Per level and channel, by level, e-mail before letter.
        already_paid: Reminders that went out in the period to invoices already paid off.
        disputes: Per reason, the most frequent first.
    """

    as_of: date
    period_days: int
    reminders: tuple[ReminderRow, ...]
    already_paid: int
    disputes: tuple[DisputeRow, ...]


def collecting_report(
    ctx: AppContext, as_of: date | None = None, period_days: int = DEFAULT_PERIOD_DAYS
) -> CollectingReport:
    """The report as of ``as_of`` (default today) over the ``period_days`` before it."""
    if isinstance(period_days, bool) or not 1 <= period_days <= LONGEST_PERIOD_DAYS:
        raise InputErrors(
            [ValidationError("period_days", f"The period is 1 to {LONGEST_PERIOD_DAYS} days.")]
        )
    day = as_of or ctx.today()
    first = day - timedelta(days=period_days)
    with ctx.db.read() as session:
        sent = _reminders(session, first, day)
        paid = _paid_on(session, {iid for iid, *_ in sent}, day)
        disputes = _disputes(session, first, day)
    facts = []
    already = 0
    for iid, level, channel, went_out in sent:
        paid_on = paid.get(iid)
        if paid_on is not None and paid_on < went_out:
            already += 1
        else:
            facts.append(ReminderFact(level, channel, went_out, paid_on))
    return CollectingReport(
        day, period_days, tuple(reminder_rows(facts, day)), already, tuple(dispute_rows(disputes))
    )


def _reminders(session: Session, first: date, last: date) -> list[tuple[int, int, str, date]]:
    """``(invoice id, level, channel, day it went out)`` of the reminders gone out in
    (first, last]."""
    query = (
        select(
            OutboxItem.invoice_id, OutboxItem.level, OutboxMessage.channel,
            OutboxMessage.as_of, OutboxMessage.sent_at,
        )
        .join(OutboxMessage, OutboxMessage.id == OutboxItem.outbox_id)
        .where(
            OutboxMessage.state == "sent",
            OutboxMessage.channel.in_(CHANNELS),
            OutboxMessage.as_of <= last,
        )
    )  # fmt: skip
    out = []
    for iid, level, channel, run_day, sent_at in session.execute(query):
        went_out = max(run_day, sent_at.date()) if sent_at else run_day
        if first < went_out <= last:
            out.append((iid, level, channel, went_out))
    return out


def _paid_on(session: Session, invoice_ids: set[int], seen_on: date) -> dict[int, date]:
    """The day each of ``invoice_ids`` was paid off, as seen on ``seen_on`` (if by then)."""
    found: dict[int, Touched] = {}
    for ids in chunked(sorted(invoice_ids)):
        totals = session.execute(
            select(Invoice.id, Invoice.issue_date, Invoice.due_date, _units(Invoice.total)).where(
                Invoice.id.in_(ids)
            )
        )
        for iid, issued, due, total in totals:
            found[iid] = Touched(issued, due, int(total), ())
        never = literal(None)
        undone = case((Payment.status == REVERSED, Payment.reversed_on), else_=never)
        moves = union_all(
            select(
                PaymentAllocation.invoice_id, _units(PaymentAllocation.amount),
                PaymentAllocation.date, undone,
            )
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(PaymentAllocation.invoice_id.in_(ids)),
            select(
                CreditAllocation.invoice_id, _units(CreditAllocation.amount),
                CreditAllocation.date, never,
            ).where(CreditAllocation.invoice_id.in_(ids)),
            select(
                Adjustment.invoice_id, _units(Adjustment.amount), Adjustment.date,
                case((Adjustment.reversed.is_(True), Adjustment.reversed_on), else_=never),
            ).where(Adjustment.invoice_id.in_(ids), Adjustment.kind != "bad_debt"),
        )  # fmt: skip
        for iid, units, day, undone_on in session.execute(moves):
            known = found[iid]
            move = (int(units), day, undone_on)
            found[iid] = Touched(known.issue_date, known.due_date, known.total,
                                 (*known.movements, move))  # fmt: skip
    out = {}
    for iid, invoice in found.items():
        day = invoice.zero_day(seen_on)
        if day is not None:
            out[iid] = day
    return out


def _units(column: SQLColumnExpression[Any]) -> ColumnElement[int]:
    return type_coerce(column, Integer)


def _disputes(session: Session, first: date, last: date) -> list[DisputeFact]:
    query = select(InvoiceHold.note, InvoiceHold.opened_on, InvoiceHold.resolved_on).where(
        InvoiceHold.kind == "dispute",
        InvoiceHold.opened_on > first,
        InvoiceHold.opened_on <= last,
    )
    return [
        DisputeFact(note, opened, resolved if resolved is not None and resolved <= last else None)
        for note, opened, resolved in session.execute(query)
    ]
