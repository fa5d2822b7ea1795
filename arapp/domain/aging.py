# SPDX-License-Identifier: MIT
"""Receivables aging: how long open amounts have been past their due date.

An amount is **current** until and including its due date.  From the day after, it is
1 day past due.  Buckets (by days past due): Current (<= 0), 1-30, 31-60, 61-90 and
90+ (91 days and more).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum

from arapp.domain.money import MONEY_CONTEXT, check_decimal, quantize
from arapp.i18n import pgettext

__all__ = ["AgingBucket", "AgingRow", "age_items", "bucket_for", "days_past_due"]


class AgingBucket(IntEnum):
    """Aging buckets; the value is the bucket's index in :attr:`AgingRow.buckets`."""

    CURRENT = 0
    DAYS_1_30 = 1
    DAYS_31_60 = 2
    DAYS_61_90 = 3
    DAYS_90_PLUS = 4

    @property
    def label(self) -> str:
        """Column heading in the person's language: ``"Current"``, ``"1-30"``, ``"31-60"``,
        ``"61-90"``, ``"90+"``."""
        return pgettext("aging", "Current") if self is AgingBucket.CURRENT else _LABELS[self]

    @property
    def english_label(self) -> str:
        """The heading in English, whoever reads the window (documents in English)."""
        return _LABELS[self]


_LABELS = {
    AgingBucket.CURRENT: "Current",
    AgingBucket.DAYS_1_30: "1-30",
    AgingBucket.DAYS_31_60: "31-60",
    AgingBucket.DAYS_61_90: "61-90",
    AgingBucket.DAYS_90_PLUS: "90+",
}
_BUCKET_COUNT = len(AgingBucket)


def _check_date(value: object, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date, not {type(value).__name__}")
    return value


def days_past_due(due_date: date, as_of: date) -> int:
    """Days from ``due_date`` to ``as_of``; zero or negative means not yet overdue."""
    return (_check_date(as_of, "as_of") - _check_date(due_date, "due_date")).days


def bucket_for(due_date: date, as_of: date) -> AgingBucket:
    """The aging bucket of an amount due on ``due_date``, seen on ``as_of``."""
    days = days_past_due(due_date, as_of)
    if days <= 0:
        return AgingBucket.CURRENT
    if days <= 30:
        return AgingBucket.DAYS_1_30
    if days <= 60:
        return AgingBucket.DAYS_31_60
    if days <= 90:
        return AgingBucket.DAYS_61_90
    return AgingBucket.DAYS_90_PLUS


@dataclass(frozen=True)
class AgingRow:
    """Open amounts of one customer (or of a whole report) per aging bucket.

    Rows can be added with ``+``; ``sum(rows)`` works as well.

    Attributes:
        buckets: Five amounts, indexed by :class:`AgingBucket`.
        total: Sum of the buckets (checked).
    """

    buckets: tuple[Decimal, ...]
    total: Decimal

    def __post_init__(self) -> None:
        buckets = tuple(check_decimal(b) for b in self.buckets)
        if len(buckets) != _BUCKET_COUNT:
            raise ValueError(f"an aging row has {_BUCKET_COUNT} buckets, not {len(buckets)}")
        total = check_decimal(self.total)
        with decimal.localcontext(MONEY_CONTEXT):
            if sum(buckets, Decimal(0)) != total:
                raise ValueError(f"aging row total {total} is not the sum of {buckets}")
        object.__setattr__(self, "buckets", buckets)
        object.__setattr__(self, "total", total)

    @classmethod
    def of(cls, buckets: Iterable[Decimal]) -> AgingRow:
        """A row totalling ``buckets`` (the total is computed here, so there is nothing to
        cross-check: cheap enough for reports of 100,000 customers)."""
        values = tuple(buckets)
        if len(values) != _BUCKET_COUNT or any(type(b) is not Decimal for b in values):
            raise TypeError(f"an aging row has {_BUCKET_COUNT} Decimal buckets: {values!r}")
        row = object.__new__(cls)
        with decimal.localcontext(MONEY_CONTEXT):
            total = sum(values, Decimal(0))
        object.__setattr__(row, "buckets", values)
        object.__setattr__(row, "total", total)
        return row

    @classmethod
    def empty(cls, currency: str) -> AgingRow:
        """A row of zeros in ``currency``."""
        zero = quantize(0, currency)
        return cls((zero,) * _BUCKET_COUNT, zero)

    def __getitem__(self, bucket: AgingBucket) -> Decimal:
        return self.buckets[bucket]

    @property
    def overdue(self) -> Decimal:
        """Everything past due: the total minus the current bucket."""
        with decimal.localcontext(MONEY_CONTEXT):
            return self.total - self.buckets[AgingBucket.CURRENT]

    def __add__(self, other: object) -> AgingRow:
        if not isinstance(other, AgingRow):
            return NotImplemented
        with decimal.localcontext(MONEY_CONTEXT):
            return AgingRow(
                tuple(a + b for a, b in zip(self.buckets, other.buckets, strict=True)),
                self.total + other.total,
            )

    def __radd__(self, other: object) -> AgingRow:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # makes sum(rows) work
        return NotImplemented


def age_items(items: Iterable[tuple[date, Decimal]], as_of: date, currency: str) -> AgingRow:
    """Sum open amounts into aging buckets.

    Args:
        items: ``(due_date, open_amount)`` pairs; amounts are rounded to ``currency``.
            Negative amounts (credits) reduce their bucket.
        as_of: The reporting date.
        currency: Currency of all amounts.
    """
    zero = quantize(0, currency)
    sums = [zero] * _BUCKET_COUNT
    with decimal.localcontext(MONEY_CONTEXT):
        for due_date, amount in items:
            sums[bucket_for(due_date, as_of)] += quantize(amount, currency)
        return AgingRow(tuple(sums), sum(sums, zero))
