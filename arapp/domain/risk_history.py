# SPDX-License-Identifier: MIT
"""A company's payment history as arrays, and each customer's features at any day of it.

The late-payment risk model (:mod:`arapp.domain.risk_model`) learns from the invoices whose
outcome was known by D: an invoice is **late** when it was paid more than :data:`LATE_AFTER`
days after its due date, or was still unpaid :data:`LATE_AFTER` + 1 days after it; so its
outcome is known on the earlier of the day it was paid off and the day after that week.

Every feature of an invoice is taken **at its issue day t**, from what was known then: the
outcomes known by t, the payments made by t, the disputes opened and the promises broken by t.
The service reads the facts as of D (nothing dated after D), so no feature nor label can see
past D either. The features are counted for all invoices at once: each kind of event is one
array sorted by (customer, day) with running sums, and what a customer had by day t is a
binary search in it (numpy's ``searchsorted``), which keeps a million invoices to a second.

The features (:data:`FEATURES`, :func:`features`): how much history (known outcomes); the
late rate, shrunk towards the shop-wide rate; the recent late rate (each outcome weighing half
as much every :data:`HALF_LIFE` days back); the trend (late rate of the last
:data:`LATELY_DAYS` against before, as a z score); days late of the last paid invoices;
invoices more than a week overdue; disputes in the last year; broken promises; payment plans;
the invoice's size against the customer's usual; its terms; and the season (late rate on
invoices due in the same calendar month against the other months, as a z score).

Days are whole days since 1970-01-01. numpy is imported by this module: import it only when
the analysis runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

#: Days after the due date beyond which a payment is late (the issue's "more than 7 days").
LATE_AFTER = 7
#: A day after every other: "not paid off (by D)".
NEVER = 10**7
#: Days late are capped at this when averaged.
DAYS_CAP = 120
#: How many recent outcomes the "recent" features look at.
RECENT = 6
#: Days over which an outcome's weight in the recent late rate halves.
HALF_LIFE = 60.0
#: The "lately" of the trend: outcomes known in this many days up to the day.
LATELY_DAYS = 182
#: Fewest outcomes due in the same calendar month for the season to count.
SEASON_FEWEST = 2
#: Weight of the shop-wide rate in a customer's smoothed late rate (pseudo-invoices).
PRIOR_WEIGHT = 3.0

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

#: The model's features, in column order (see :func:`features`).
FEATURES = (
    "history", "late_rate", "recent", "trend", "days_late", "overdue", "disputes",
    "broken_promises", "plans", "size", "terms", "season",
)  # fmt: skip
#: Per feature, which way more of it plainly points (1: later payment; 0: either way). A
#: learned weight against it (noise, or another feature speaking for it) gives no reason.
POINTS = (0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1)


@dataclass(frozen=True)
class History:
    """The facts as of D, each an array; customers are numbered 0..n-1.

    Attributes:
        customer: Per invoice (voided ones left out), its customer's number.
        issued: Per invoice, its issue day.
        due: Per invoice, its due day.
        amount: Per invoice, its total (in its currency; only compared with the customer's own).
        paid: Per invoice, the day it was paid off as of D, or :data:`NEVER`.
        dispute_customer: Per dispute, the customer; ``dispute_day``: the day it was opened.
        broken_customer: Per broken promise, the customer; ``broken_day``: the day after the
            promised day (when it was known broken).
        plan_customer: Per payment plan, the customer; ``plan_day``: the day it was agreed.
    """

    customer: Ints
    issued: Ints
    due: Ints
    amount: Floats
    paid: Ints
    dispute_customer: Ints
    dispute_day: Ints
    broken_customer: Ints
    broken_day: Ints
    plan_customer: Ints
    plan_day: Ints

    @property
    def late(self) -> NDArray[np.bool_]:
        return self.paid > self.due + LATE_AFTER

    @property
    def known(self) -> Ints:
        """The day each invoice's outcome is known (its label may be used from then on)."""
        return np.minimum(self.paid, self.due + LATE_AFTER + 1)


def month_of(days: Ints) -> Ints:
    """The calendar month (1..12) of each day."""
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months % 12 + 1


class _Events:
    """Events sorted by (key, day), with running sums of each of their ``values``: what a key
    had by a day is two binary searches."""

    def __init__(self, key: Ints, day: Ints, *values: Floats) -> None:
        order = np.lexsort((day, key))
        self.code = key[order] * (1 << 32) + day[order]
        self.sums: list[Floats] = [
            np.concatenate([np.zeros(1), np.cumsum(v[order])]) for v in values
        ]
        del order

    def position(self, key: Ints, day: Ints, *, before: bool = False) -> Ints:
        """How many events of ``key`` come by ``day`` (before it with ``before``), counted
        from the start of all events."""
        wanted = key * (1 << 32) + day
        found = np.searchsorted(self.code, wanted, side="left" if before else "right")
        return np.asarray(found, dtype=np.int64)

    def start(self, key: Ints) -> Ints:
        return np.asarray(np.searchsorted(self.code, key * (1 << 32)), dtype=np.int64)

    def count(self, key: Ints, first: Ints, last: Ints) -> Ints:
        """Events of ``key`` dated in [first, last]."""
        return self.position(key, last) - self.position(key, first, before=True)

    def total(self, low: Ints, high: Ints, which: int = 0) -> Floats:
        """Sum of the ``which``-th values of the events between two positions."""
        return self.sums[which][high] - self.sums[which][low]


@dataclass(frozen=True)
class Counts:
    """The raw numbers behind the features of each query (also what reasons quote).

    Attributes:
        known: Outcomes known by the day; ``late``: of them, late.
        weight, weight_late: The same, each outcome weighing less by half every
            :data:`HALF_LIFE` days before the day.
        lately, lately_late: Outcomes known in the :data:`LATELY_DAYS` up to the day, and
            late; ``earlier``, ``earlier_late``: those known before.
        recent: The last :data:`RECENT` known outcomes; ``recent_late``: of them, late.
        days_late: Average days late of the last :data:`RECENT` invoices paid (0 if none).
        paid_recent: How many paid invoices that average is over.
        overdue: Invoices unpaid 8+ days past due on the day.
        disputes: Disputes opened in the year up to the day.
        broken: Promises known broken by the day.
        plans: Payment plans agreed by the day.
        size: The invoice's size against the customer's usual (log ratio).
        terms: Days from issue to due.
        season_known / season_late: Known outcomes of invoices due in the same month +-1.
        month: The due month of the query.
    """

    known: Ints
    weight: Floats
    weight_late: Floats
    lately: Ints
    lately_late: Ints
    earlier: Ints
    earlier_late: Ints
    late: Ints
    recent: Ints
    recent_late: Ints
    days_late: Floats
    paid_recent: Ints
    overdue: Ints
    disputes: Ints
    broken: Ints
    plans: Ints
    size: Floats
    terms: Ints
    season_known: Ints
    season_late: Ints
    month: Ints


class Indexed:
    """A :class:`History` indexed for feature queries at any days."""

    def __init__(self, history: History) -> None:
        h = self.history = history
        late = h.late
        # the outcomes, late ones, and both time-decayed: each outcome weighs
        # 2 ** ((known - first) / HALF_LIFE), divided back by the query day's weight
        self.first = int(h.known.min()) if len(h.known) else 0
        weight = np.exp2((h.known - self.first) / HALF_LIFE)
        self.outcomes = _Events(h.customer, h.known, late.astype(np.float64), weight, weight * late)
        paid = h.paid < NEVER
        days = np.clip(h.paid[paid] - h.due[paid], 0, DAYS_CAP).astype(np.float64)
        self.payments = _Events(h.customer[paid], h.paid[paid], days)
        self.went_late = _Events(h.customer[late], h.due[late] + LATE_AFTER + 1)
        late_paid = late & paid
        self.late_paid = _Events(h.customer[late_paid], h.paid[late_paid])
        self.disputes = _Events(h.dispute_customer, h.dispute_day)
        self.broken = _Events(h.broken_customer, h.broken_day)
        self.plans = _Events(h.plan_customer, h.plan_day)
        self.issues = _Events(h.customer, h.issued, np.log(np.maximum(h.amount, 0.01)))
        season_key = h.customer * 12 + month_of(h.due) - 1
        self.seasons = _Events(season_key, h.known, late.astype(np.float64))

    def counts(self, customer: Ints, day: Ints, due: Ints, amount: Floats | None) -> Counts:
        """The numbers of each query (customer, day, due day, amount or None for usual).

        The queries are answered in (customer, day) order, which lets each binary search
        start where the last one ended (several times faster on a million), and the answers
        are put back in the order asked."""
        order = np.lexsort((day, customer))
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        found = self._counts(
            customer[order], day[order], due[order], None if amount is None else amount[order]
        )
        return Counts(**{name: getattr(found, name)[back] for name in Counts.__dataclass_fields__})

    def _counts(self, customer: Ints, day: Ints, due: Ints, amount: Floats | None) -> Counts:
        o = self.outcomes
        start, pos = o.start(customer), o.position(customer, day)
        known = pos - start
        recent_start = np.maximum(pos - RECENT, start)
        p = self.payments
        p_start, p_pos = p.start(customer), p.position(customer, day)
        p_low = np.maximum(p_pos - RECENT, p_start)
        paid_recent = p_pos - p_low
        days_late = p.total(p_low, p_pos) / np.maximum(paid_recent, 1)
        always = np.zeros_like(day)
        overdue = self.went_late.count(customer, always, day) - self.late_paid.count(
            customer, always, day
        )
        i = self.issues
        i_low, i_high = i.start(customer), i.position(customer, day, before=True)
        usual = i.total(i_low, i_high) / np.maximum(i_high - i_low, 1)
        if amount is None:
            size = np.zeros(len(day))
        else:
            size = np.where(i_high > i_low, np.log(np.maximum(amount, 0.01)) - usual, 0.0)
        month = month_of(due)
        season_known, season_late = np.zeros_like(day), np.zeros(len(day))
        for shift in (0,):
            key = customer * 12 + (month - 1 + shift) % 12
            s = self.seasons
            low, high = s.start(key), s.position(key, day)
            season_known += high - low
            season_late += s.total(low, high)
        mid = o.position(customer, day - LATELY_DAYS)
        now = np.exp2((day - self.first) / HALF_LIFE)
        weight = o.total(start, pos, 1) / now
        weight_late = o.total(start, pos, 2) / now
        return Counts(
            known=known,
            weight=weight,
            weight_late=weight_late,
            lately=pos - mid,
            lately_late=o.total(mid, pos).astype(np.int64),
            earlier=mid - start,
            earlier_late=o.total(start, mid).astype(np.int64),
            late=o.total(start, pos).astype(np.int64),
            recent=pos - recent_start,
            recent_late=o.total(recent_start, pos).astype(np.int64),
            days_late=days_late,
            paid_recent=paid_recent,
            overdue=overdue,
            disputes=self.disputes.count(customer, day - 364, day),
            broken=self.broken.count(customer, always, day),
            plans=self.plans.count(customer, always, day),
            size=np.clip(size, -3.0, 3.0),
            terms=due - day,
            season_known=season_known,
            season_late=season_late.astype(np.int64),
            month=month,
        )


def _logit(p: Floats) -> Floats:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def smoothed_rate(c: Counts, base: float) -> Floats:
    """Each query's late rate shrunk towards the shop-wide ``base`` (the plain baseline)."""
    return (c.late + PRIOR_WEIGHT * base) / (c.known + PRIOR_WEIGHT)


def trend_score(c: Counts) -> Floats:
    """How surely the customer pays later lately than before: the difference of the two late
    rates over its standard error (a z score; 0 without outcomes on both sides)."""
    both = (c.lately > 0) & (c.earlier > 0)
    lately = np.maximum(c.lately, 1)
    earlier = np.maximum(c.earlier, 1)
    pooled = (c.lately_late + c.earlier_late + 0.5) / (lately + earlier + 1)
    error = np.sqrt(pooled * (1 - pooled) * (1 / lately + 1 / earlier))
    difference = c.lately_late / lately - c.earlier_late / earlier
    return np.where(both, np.clip(difference / error, -4.0, 4.0), 0.0)


def season_score(c: Counts) -> Floats:
    """How surely the customer pays later on invoices due in this calendar month than on the
    others: the difference of the two late rates over its standard error (a z score; 0
    without :data:`SEASON_FEWEST` outcomes in the month and one outside)."""
    inside = c.season_known
    outside = c.known - c.season_known
    both = (inside >= SEASON_FEWEST) & (outside > 0)
    inside_late = c.season_late
    outside_late = c.late - c.season_late
    inside, outside = np.maximum(inside, 1), np.maximum(outside, 1)
    pooled = (inside_late + outside_late + 0.5) / (inside + outside + 1)
    error = np.sqrt(pooled * (1 - pooled) * (1 / inside + 1 / outside))
    difference = inside_late / inside - outside_late / outside
    return np.where(both, np.clip(difference / error, -4.0, 4.0), 0.0)


def oldest_overdue(history: History, customers: int, day: int) -> Ints:
    """Per customer, days past due of the oldest invoice unpaid on ``day`` (0: none due)."""
    oldest = np.zeros(customers, dtype=np.int64)
    unpaid = (history.paid > day) & (history.due < day)
    np.maximum.at(oldest, history.customer[unpaid], day - history.due[unpaid])
    return oldest


def features(c: Counts, base: float) -> Floats:
    """The model's inputs, one row per query, in the order of :data:`FEATURES`."""
    rate = smoothed_rate(c, base)
    recent_rate = (c.weight_late + rate) / (c.weight + 1)
    trend = trend_score(c)
    columns = (
        np.log1p(c.known),
        _logit(rate),
        _logit(recent_rate),
        trend,
        c.days_late / 30,
        np.log1p(np.maximum(c.overdue, 0)),
        np.log1p(c.disputes),
        np.log1p(c.broken),
        np.log1p(c.plans),
        c.size,
        c.terms / 30,
        season_score(c),
    )
    return np.column_stack(columns).astype(np.float64)


__all__ = [
    "DAYS_CAP",
    "FEATURES",
    "LATE_AFTER",
    "NEVER",
    "POINTS",
    "RECENT",
    "Counts",
    "History",
    "Indexed",
    "features",
    "month_of",
    "oldest_overdue",
    "smoothed_rate",
    "trend_score",
]
