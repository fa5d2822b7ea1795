# SPDX-License-Identifier: MIT
"""Customers grouped by how they pay: one pure rule from a few facts of their history.

:func:`segment_of` takes a :class:`PayerFacts` (what a customer's history says as of a day)
and gives the :class:`Segment` and the reason in plain words. The rule, first match wins:

1. **new**: fewer than :data:`NEW_BELOW` invoices whose outcome is known (paid, or unpaid a week
   past due), and nothing overdue now: too little to judge;
2. **at risk**: an invoice unpaid :data:`AT_RISK_DAYS` or more days past its due date, or
   :data:`BROKEN_AT_RISK` broken promises to pay in the last year, or most recent invoices
   late by a month or more on average;
3. **slow**: at least half the recent invoices (the last :data:`RECENT` with a known outcome)
   paid more than a week late;
4. **late but pays**: at least :data:`LATE_BUT_PAYS` of the recent invoices late, or an
   invoice more than a week overdue now;
5. **prompt**: everyone else (at most one recent invoice late).

"Late" is the issue's: paid more than 7 days after the due date, or still unpaid 8 or more
days after it. The same rule serves the risk report, list filters and reminder policies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: How many recent invoices with a known outcome the rule looks at.
RECENT = 6
#: Fewer known outcomes than this: a new customer.
NEW_BELOW = 3
#: Days past due at which an unpaid invoice puts the customer at risk.
AT_RISK_DAYS = 60
#: Average days late (recent paid invoices) that, with most of them late, means at risk.
AT_RISK_AVERAGE = 30
#: Broken promises to pay in the last year that put a customer at risk.
BROKEN_AT_RISK = 2
#: Recent late invoices from which a customer is "late but pays".
LATE_BUT_PAYS = 2


class Segment(StrEnum):
    """A group of customers by payment behaviour (the value is what CSV files carry)."""

    PROMPT = "prompt"
    LATE_BUT_PAYS = "late but pays"
    SLOW = "slow"
    AT_RISK = "at risk"
    NEW = "new"


@dataclass(frozen=True)
class PayerFacts:
    """What a customer's history says as of a day.

    Attributes:
        known: Invoices whose outcome is known (paid, or unpaid 8+ days past due).
        recent: Of those, the last ones looked at (at most :data:`RECENT`).
        recent_late: Of ``recent``, how many were late.
        average_days_late: Days after the due date the recent paid invoices were paid, on
            average (0 when none was paid, early payments counting as 0).
        overdue: Invoices unpaid 8 or more days past their due date now.
        oldest_overdue_days: Days past due of the oldest unpaid invoice (0 if none is due).
        broken_promises: Promises to pay broken in the last year.
    """

    known: int = 0
    recent: int = 0
    recent_late: int = 0
    average_days_late: float = 0.0
    overdue: int = 0
    oldest_overdue_days: int = 0
    broken_promises: int = 0


def _invoices(n: int) -> str:
    return f"{n} invoice" if n == 1 else f"{n} invoices"


def segment_of(facts: PayerFacts) -> tuple[Segment, str]:
    """The customer's segment and why, in words."""
    late = f"{facts.recent_late} of the last {_invoices(facts.recent)} paid more than a week late"
    if facts.oldest_overdue_days >= AT_RISK_DAYS:
        return Segment.AT_RISK, f"an invoice is unpaid {facts.oldest_overdue_days} days past due"
    if facts.broken_promises >= BROKEN_AT_RISK:
        return Segment.AT_RISK, f"broke {facts.broken_promises} promises to pay in the last year"
    if facts.known < NEW_BELOW and not facts.overdue:
        if facts.known == 0:
            return Segment.NEW, "no invoice with a known outcome yet"
        return Segment.NEW, f"only {_invoices(facts.known)} with a known outcome so far"
    most_late = 2 * facts.recent_late >= facts.recent > 0
    if most_late and facts.average_days_late >= AT_RISK_AVERAGE:
        return Segment.AT_RISK, f"{late}, {facts.average_days_late:.0f} days late on average"
    if most_late:
        return Segment.SLOW, late
    if facts.recent_late >= LATE_BUT_PAYS:
        return Segment.LATE_BUT_PAYS, late
    if facts.overdue:
        return Segment.LATE_BUT_PAYS, f"{_invoices(facts.overdue)} more than a week overdue now"
    return Segment.PROMPT, late


__all__ = [
    "AT_RISK_AVERAGE",
    "AT_RISK_DAYS",
    "BROKEN_AT_RISK",
    "LATE_BUT_PAYS",
    "NEW_BELOW",
    "RECENT",
    "PayerFacts",
    "Segment",
    "segment_of",
]
