# SPDX-License-Identifier: MIT
"""What works in collecting, as of a day D over the P days before it: the figures.

**Reminders.** Each reminder (one invoice at one level in an e-mail or a letter) that went out
in (D-P, D] (an e-mail when sent, a letter when printed, never before its run's day) to an
invoice still owed that day. Per level and channel:

* **paid within 7 days**: of the reminders that went out at least 7 days before D (a whole week
  to watch), the share whose invoice was paid off at most 7 days after the reminder went out;
  **within 14 days** the same with 14;
* **median days to payment**: over the reminded invoices paid off by D, the median of the days
  from the reminder to paid off (an invoice never paid by D is not in it: the table says how
  many were).

An invoice is paid off on the day its balance reached zero by payments, credit notes and
discounts (a bad-debt write-off is no payment), as seen on D. A reminder that went out to an
invoice already paid off (a letter printed after the payment came) is left out and counted
apart.

**Disputes** opened in (D-P, D], per reason (the note as written, compared without case or
extra spaces): how many, how many resolved by D and the median and mean days they stayed open
(opened to resolved), and how many are still open on D (their days are not in the figures).

Shares and days are computed exactly and rounded once to one decimal
(:func:`arapp.domain.kpis.one_decimal`); a figure with nothing to count is ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from arapp.domain.kpis import one_decimal

__all__ = [
    "CHANNELS",
    "DisputeFact",
    "DisputeRow",
    "ReminderFact",
    "ReminderRow",
    "dispute_rows",
    "median",
    "reason_key",
    "reminder_rows",
]

#: The channels that reach a customer, in the report's order.
CHANNELS = ("email", "letter")


@dataclass(frozen=True)
class ReminderFact:
    """One reminder that went out.

    Attributes:
        level: Its level on the reminder ladder.
        channel: ``email`` or ``letter``.
        went_out: The day it went out.
        paid_on: The day its invoice was paid off, as seen on D; ``None`` if not by then.
    """

    level: int
    channel: str
    went_out: date
    paid_on: date | None


@dataclass(frozen=True)
class ReminderRow:
    """The figures of one level and channel.

    Attributes:
        level: The level.
        channel: ``email`` or ``letter``.
        count: Reminders that went out in the period to invoices still owed.
        watched_7: Those that went out at least 7 days before D.
        within_7_percent: The share of those paid off within 7 days after.
        watched_14: Those that went out at least 14 days before D.
        within_14_percent: The share of those paid off within 14 days after.
        paid: Reminded invoices paid off by D.
        median_days: The median days from the reminder to paid off, over those.
    """

    level: int
    channel: str
    count: int
    watched_7: int
    within_7_percent: Decimal | None
    watched_14: int
    within_14_percent: Decimal | None
    paid: int
    median_days: Decimal | None


@dataclass(frozen=True)
class DisputeFact:
    """One dispute.

    Attributes:
        reason: The note as written.
        opened_on: The day it was opened.
        resolved_on: The day it was resolved, if by D (a later resolution counts as open).
    """

    reason: str
    opened_on: date
    resolved_on: date | None


@dataclass(frozen=True)
class DisputeRow:
    """The disputes of one reason.

    Attributes:
        reason: The reason, as first written.
        count: Disputes opened in the period.
        resolved: Of those, resolved by D.
        still_open: Still open on D.
        median_days_open: Median days from opened to resolved, over the resolved ones.
        mean_days_open: Mean of the same.
    """

    reason: str
    count: int
    resolved: int
    still_open: int
    median_days_open: Decimal | None
    mean_days_open: Decimal | None


def median(values: Sequence[int]) -> Fraction | None:
    """The median (the mean of the two middle values of an even count); ``None`` of none."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def _rounded(value: Fraction | None) -> Decimal | None:
    return None if value is None else one_decimal(value)


def _share(hits: int, of: int) -> Decimal | None:
    return None if of == 0 else one_decimal(Fraction(hits * 100, of))


def reminder_rows(facts: Iterable[ReminderFact], as_of: date) -> list[ReminderRow]:
    """One row per level and channel that has reminders, by level, e-mail before letter."""
    groups: dict[tuple[int, str], list[ReminderFact]] = {}
    for fact in facts:
        groups.setdefault((fact.level, fact.channel), []).append(fact)
    rows = []
    for (level, channel), group in sorted(
        groups.items(), key=lambda item: (item[0][0], CHANNELS.index(item[0][1]))
    ):
        days = [(f.paid_on - f.went_out).days if f.paid_on else None for f in group]
        waited = [(as_of - f.went_out).days for f in group]
        counts = []
        for window in (7, 14):
            watched = [d for d, w in zip(days, waited, strict=True) if w >= window]
            counts.append((len(watched), sum(1 for d in watched if d is not None and d <= window)))
        paid = [d for d in days if d is not None]
        rows.append(
            ReminderRow(
                level, channel, len(group),
                counts[0][0], _share(counts[0][1], counts[0][0]),
                counts[1][0], _share(counts[1][1], counts[1][0]),
                len(paid), _rounded(median(paid)),
            )
        )  # fmt: skip
    return rows


def reason_key(reason: str) -> str:
    """What two reasons are compared by: without case and extra spaces."""
    return " ".join(reason.split()).casefold()


def dispute_rows(facts: Iterable[DisputeFact]) -> list[DisputeRow]:
    """One row per reason, the most frequent first (then by reason)."""
    groups: dict[str, list[DisputeFact]] = {}
    for fact in facts:
        groups.setdefault(reason_key(fact.reason), []).append(fact)
    rows = []
    for group in groups.values():
        days = [(f.resolved_on - f.opened_on).days for f in group if f.resolved_on is not None]
        mean = Fraction(sum(days), len(days)) if days else None
        rows.append(
            DisputeRow(
                " ".join(group[0].reason.split()), len(group), len(days), len(group) - len(days),
                _rounded(median(days)), _rounded(mean),
            )
        )  # fmt: skip
    return sorted(rows, key=lambda row: (-row.count, reason_key(row.reason)))
