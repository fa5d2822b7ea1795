# SPDX-License-Identifier: MIT
"""Customers' payment-behaviour segments: worked out from the books as of a day, and kept.

The rule is :func:`arapp.domain.segments.segment_of`; its facts come from the same history as
the risk model (:mod:`arapp.services.risk_facts`: nothing dated after the day), so the risk
report, the lists and the reminder run always agree on a customer's segment for a day.

* :func:`work_out_segments` gives every customer's segment as of a day, from the books, in one
  pass (read in SQL, counted with numpy): the reminder run calls it for its own day.
* :func:`refresh_segments` keeps the result in ``customer_segment`` (one transaction, only the
  rows that changed rewritten), so the lists filter 100,000 customers by segment in SQL.
  The window calls it on a worker when the books open on a day later than the one kept, and a
  little after each change of invoices or payments; ``arapp segments refresh`` from the
  command line. What is kept says the day it was worked out for (:func:`segments_as_of`), and
  the screens show it, so a segment that may be behind the books says so.

A customer without any invoice issued is ``new``. numpy is imported only when segments are
worked out, never at start-up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, delete, func, insert, select, update
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import Customer, CustomerSegment
from arapp.domain.segments import PayerFacts, Segment, segment_of
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity

#: The reason of a customer who was never invoiced.
NEVER_INVOICED = "no invoice issued yet"

_KEPT = CustomerSegment.__table__
_K = _KEPT.c


@dataclass(frozen=True)
class CustomerSegmentRecord:
    """One customer's kept segment.

    Attributes:
        customer_id: The customer.
        segment: The segment.
        reason: Why, in words.
        as_of: The day it was worked out for.
    """

    customer_id: int
    segment: Segment
    reason: str
    as_of: date


@dataclass(frozen=True)
class SegmentRefresh:
    """What :func:`refresh_segments` did.

    Attributes:
        as_of: The day the segments were worked out for.
        customers: Customers with a segment now (every customer).
        changed: Of them, how many got another segment or reason (or had none).
        counts: Customers per segment.
    """

    as_of: date
    customers: int
    changed: int
    counts: dict[Segment, int]


def facts_from_counts(counts: Any, oldest: Any, broken: Any) -> list[PayerFacts]:
    """The rule's facts of each customer, from the risk history's counts on the day
    (:class:`arapp.domain.risk_history.Counts`), days past due of the oldest unpaid invoice
    and promises broken in the year up to the day (arrays, one entry per customer)."""
    columns = zip(
        counts.known.tolist(), counts.recent.tolist(), counts.recent_late.tolist(),
        counts.days_late.tolist(), counts.overdue.tolist(), oldest.tolist(), broken.tolist(),
        strict=True,
    )  # fmt: skip
    return [
        PayerFacts(
            known=known,
            recent=recent,
            recent_late=late,
            average_days_late=days_late,
            overdue=max(overdue, 0),
            oldest_overdue_days=oldest_days,
            broken_promises=broken_year,
        )
        for known, recent, late, days_late, overdue, oldest_days, broken_year in columns
    ]


def _invoiced_segments(session: Session, as_of: date) -> dict[int, tuple[Segment, str]]:
    """The segment of each customer with a live invoice issued by ``as_of``."""
    import numpy as np

    from arapp.domain.risk_history import Indexed, oldest_overdue
    from arapp.services.risk_facts import day_number, read_history

    history, ids = read_history(session, as_of)
    if not ids:
        return {}
    index = Indexed(history)
    day = day_number(as_of)
    customer = np.arange(len(ids), dtype=np.int64)
    today = np.full(len(ids), day, dtype=np.int64)
    counts = index.counts(customer, today, today, None)
    oldest = oldest_overdue(history, len(ids), day)
    broken = index.broken.count(customer, today - 364, today)
    facts = facts_from_counts(counts, oldest, broken)
    return {cid: segment_of(f) for cid, f in zip(ids, facts, strict=True)}


def work_out_segments(session: Session, as_of: date) -> dict[int, tuple[Segment, str]]:
    """Every customer's segment and reason as of ``as_of``, from the books as they stood then
    (a customer never invoiced by then is new)."""
    found = _invoiced_segments(session, as_of)
    for cid in session.scalars(select(Customer.id)):
        found.setdefault(cid, (Segment.NEW, NEVER_INVOICED))
    return found


def refresh_segments(ctx: AppContext, as_of: date | None = None) -> SegmentRefresh:
    """Work every customer's segment out as of ``as_of`` (default today) and keep it: the rows
    that changed are rewritten and every row gets the day, in one transaction."""
    day = as_of or ctx.today()
    with ctx.db.read() as session:
        found = work_out_segments(session, day)
    with ctx.db.write() as session:
        kept = {
            cid: (segment, reason)
            for cid, segment, reason in session.execute(
                select(_K.customer_id, _K.segment, _K.reason)
            )
        }
        changed = [cid for cid, (seg, why) in found.items() if kept.get(cid) != (seg.value, why)]
        gone = [cid for cid in kept if cid not in found]
        for chunk in chunked([*changed, *gone]):
            session.execute(delete(CustomerSegment).where(_K.customer_id.in_(chunk)))
        rows = [
            {"customer_id": cid, "segment": found[cid][0].value, "reason": found[cid][1],
             "as_of": day}
            for cid in changed
        ]  # fmt: skip
        if rows:
            session.execute(insert(CustomerSegment), rows)
        session.execute(update(CustomerSegment).where(_K.as_of != day).values(as_of=day))
    counts = Counter(segment for segment, _why in found.values())
    ctx.events.emit(Change.SEGMENTS_REFRESHED, Entity.SEGMENT)
    return SegmentRefresh(day, len(found), len(changed), {s: counts.get(s, 0) for s in Segment})


def segments_as_of(ctx: AppContext) -> date | None:
    """The day the kept segments were worked out for (``None``: never worked out)."""
    with ctx.db.read() as session:
        return session.scalar(select(func.min(_K.as_of)))


def kept_segments_of_day(session: Session, as_of: date) -> dict[int, tuple[Segment, str]] | None:
    """Every customer's kept segment and reason, if all were worked out for ``as_of`` (else
    ``None``: work them out)."""
    days = session.execute(select(func.min(_K.as_of), func.max(_K.as_of))).one()
    if days[0] != as_of or days[1] != as_of:
        return None
    rows = session.execute(select(_K.customer_id, _K.segment, _K.reason))
    return {cid: (Segment(segment), why) for cid, segment, why in rows}


def kept_segments(ctx: AppContext, customer_ids: list[int]) -> dict[int, CustomerSegmentRecord]:
    """The kept segment of each of ``customer_ids`` that has one."""
    found: dict[int, CustomerSegmentRecord] = {}
    with ctx.db.read() as session:
        for chunk in chunked(customer_ids):
            for row in session.execute(select(_KEPT).where(_K.customer_id.in_(chunk))):
                found[row.customer_id] = CustomerSegmentRecord(
                    row.customer_id, Segment(row.segment), row.reason, row.as_of
                )
    return found


def in_segments(
    customer_id: SQLColumnExpression[int], segments: frozenset[Segment]
) -> ColumnElement[bool]:
    """SQL: ``customer_id`` is of one of ``segments`` (as kept), through the segment index."""
    of = select(_K.customer_id).where(_K.segment.in_(sorted(s.value for s in segments)))
    return customer_id.in_(of)


__all__ = [
    "NEVER_INVOICED",
    "CustomerSegmentRecord",
    "SegmentRefresh",
    "facts_from_counts",
    "in_segments",
    "kept_segments",
    "kept_segments_of_day",
    "refresh_segments",
    "segments_as_of",
    "work_out_segments",
]
