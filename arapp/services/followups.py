# SPDX-License-Identifier: MIT
"""Follow-ups: contact-log entries with a day to look at them again ("call back on Friday").

From its day on, a follow-up is on the Collections Today page (and ``arapp followups``) until it
is marked done; the day it was done is kept and the entry itself never changes otherwise.
Promises to pay and disputes are followed up through their holds, which have their own sections
on the Today page, so they are not listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from arapp.db.models import ContactLogEntry, Customer
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity

#: Entries followed up elsewhere (their holds).
HELD_KINDS = ("promise", "dispute")


@dataclass(frozen=True)
class FollowUp:
    """A follow-up that is due.

    Attributes:
        entry_id: The contact-log entry.
        customer_id: Customer.
        code: Customer code.
        name: Customer name.
        kind: note, call, email, letter or meeting.
        summary: What was said or agreed.
        logged_at: When the entry was written (UTC).
        due: The follow-up day.
        days_late: Days since that day (0 on the day).
    """

    entry_id: int
    customer_id: int
    code: str
    name: str
    kind: str
    summary: str
    logged_at: datetime
    due: date
    days_late: int


def follow_ups_due(ctx: AppContext, as_of: date | None = None, limit: int = 500) -> list[FollowUp]:
    """Open follow-ups due on or before ``as_of`` (default today), oldest day first."""
    as_of = as_of or ctx.today()
    entry = ContactLogEntry
    query = (
        select(
            entry.id,
            entry.customer_id,
            Customer.code,
            Customer.name,
            entry.kind,
            entry.summary,
            entry.at,
            entry.follow_up,
        )
        .join(Customer, Customer.id == entry.customer_id)
        .where(
            entry.follow_up.is_not(None),
            entry.follow_up_done_on.is_(None),  # the partial index ix_contact_log_open_follow_up
            entry.follow_up <= as_of,
            entry.kind.notin_(HELD_KINDS),
        )
        .order_by(entry.follow_up, Customer.name, entry.id)
        .limit(limit)
    )
    with ctx.db.read() as session:
        return [
            FollowUp(eid, cid, code, name, kind, summary, at, due, (as_of - due).days)
            for eid, cid, code, name, kind, summary, at, due in session.execute(query)
            if due is not None  # always, by the query; says so to the type checker
        ]


def complete_follow_up(ctx: AppContext, entry_id: int) -> date:
    """Mark the follow-up of contact-log entry ``entry_id`` done today; returns the day."""
    with ctx.db.write() as session:
        row = session.get(ContactLogEntry, entry_id)
        if row is None:
            raise NotFound(_("Contact-log entry #{id} does not exist.").format(id=entry_id))
        if row.follow_up is None:
            raise ServiceError(_("That entry has no follow-up."))
        if row.follow_up_done_on is not None:
            raise ServiceError(
                _("That follow-up was already done on {day}.").format(day=row.follow_up_done_on)
            )
        row.follow_up_done_on = ctx.today()
        customer_id = row.customer_id
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return ctx.today()
