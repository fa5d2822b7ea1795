# SPDX-License-Identifier: MIT
"""Late fees on overdue invoices, and instalment schedules for payment plans.

Late fees follow one documented rule. ``grace_days`` after the due date, an invoice becomes late.
From then on it is charged per *period* of one calendar month: period 1 begins on the first late
day, period 2 one month later, and so on. When a period begins it is charged once:

* the flat fee, with period 1 only;
* interest of ``interest_percent_per_month`` on the open balance, with every period
  ("per month or part of a month overdue").

Amounts are rounded with :func:`arapp.domain.money.quantize` (half up, to the currency's minor
unit). Fees are never charged on fee documents themselves (no interest on interest).

The fee clock stops while something holds the invoice (a dispute, a promise to pay through its
day, a payment plan while it is kept): those days are *pauses*. A period begins only on a late
day outside every pause, so the clock goes on where it stopped when the pause ends: a plan
kept for five months and then broken charges nothing for those months, and its next period
begins as many days after the break as were left of the current one when it was agreed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from arapp.domain.errors import ValidationError
from arapp.domain.money import allocate, quantize
from arapp.i18n import _

#: How often instalments of a payment plan fall due.
PLAN_FREQUENCIES = {
    "weekly": relativedelta(weeks=1),
    "fortnightly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
}


#: Days the fee clock stands still: ``(first day, day after the last)``; ``None`` for a pause
#: still running.
Pause = tuple[date, date | None]


def _merged(pauses: Iterable[Pause], first_late: date) -> list[Pause]:
    """The pauses from ``first_late`` on, sorted, overlapping ones joined."""
    merged: list[Pause] = []
    for start, end in sorted(pauses, key=lambda p: p[0]):
        start = max(start, first_late)
        if end is not None and end <= start:
            continue
        last_end = merged[-1][1] if merged else start
        if merged and (last_end is None or start <= last_end):
            joined = None if end is None or last_end is None else max(end, last_end)
            merged[-1] = (merged[-1][0], joined)
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class FeePolicy:
    """The company's late-fee settings.

    Attributes:
        flat: Charged once, when the invoice becomes late.
        interest_percent_per_month: Charged on the open balance for every month or part of one.
        grace_days: Days after the due date before anything is charged.
    """

    flat: Decimal = Decimal(0)
    interest_percent_per_month: Decimal = Decimal(0)
    grace_days: int = 0

    @property
    def active(self) -> bool:
        return self.flat > 0 or self.interest_percent_per_month > 0

    def first_late_day(self, due: date) -> date:
        return due + timedelta(days=self.grace_days + 1)

    def period_start(self, due: date, period: int, pauses: Iterable[Pause] = ()) -> date | None:
        """The day period ``period`` (1, 2, ...) begins, after ``pauses`` (``None``: it waits
        behind a pause still running)."""
        if period < 1:
            raise ValueError("periods start at 1")
        day = self.first_late_day(due) + relativedelta(months=period - 1)
        for start, end in _merged(pauses, self.first_late_day(due)):
            if start > day:
                break
            if end is None:
                return None
            day += end - start  # the clock stood still for these days
        return day

    def periods_begun(self, due: date, as_of: date, pauses: Iterable[Pause] = ()) -> int:
        """How many periods have begun by ``as_of`` (0 while not yet late), after ``pauses``."""
        first = self.first_late_day(due)
        if pauses:  # most invoices were never held: no need to look
            after = as_of + timedelta(days=1)
            held = sum(
                ((min(end or after, after) - start).days for start, end in _merged(pauses, first)
                 if start <= as_of),
                0,
            )  # fmt: skip
            as_of -= timedelta(days=held)  # the clock stood still on those days
        if as_of < first:
            return 0
        begun = (as_of.year - first.year) * 12 + as_of.month - first.month + 1
        while begun > 1 and self._start(due, begun) > as_of:
            begun -= 1
        while self._start(due, begun + 1) <= as_of:
            begun += 1
        return begun

    def _start(self, due: date, period: int) -> date:
        return self.first_late_day(due) + relativedelta(months=period - 1)

    def charge(self, period: int, balance: Decimal, currency: str) -> tuple[Decimal, Decimal]:
        """(flat fee, interest) charged when ``period`` begins on an open ``balance``."""
        if balance <= 0:
            return Decimal(0), Decimal(0)
        flat = quantize(self.flat, currency) if period == 1 else Decimal(0)
        interest = quantize(balance * self.interest_percent_per_month / 100, currency)
        return flat, interest


def split_instalments(
    total: Decimal, count: int, first_due: date, frequency: str, currency: str
) -> list[tuple[date, Decimal]]:
    """``total`` in ``count`` instalments, equal to the cent, any odd cents on the first ones."""
    if not 1 <= count <= 120:
        raise ValidationError("count", _("A plan has from 1 to 120 instalments."))
    if frequency not in PLAN_FREQUENCIES:
        raise ValidationError(
            "frequency", _("Choose one of: {choices}.").format(choices=", ".join(PLAN_FREQUENCIES))
        )
    if total <= 0:
        raise ValidationError("total", _("There is nothing open to split."))
    amounts = allocate(total, [1] * count, currency)
    step = PLAN_FREQUENCIES[frequency]
    return [(first_due + step * i, amount) for i, amount in enumerate(amounts)]


class InstalmentStatus(StrEnum):
    """How far an instalment of a payment plan is paid (not an invoice's status)."""

    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    DUE = "due"
    MISSED = "missed"


@dataclass(frozen=True)
class InstalmentState:
    """How far one instalment is paid, as of a day.

    Attributes:
        position: 1, 2, ...
        due_date: When it falls due.
        amount: What it asks for.
        paid: Paid towards it (payments fill instalments in order).
        status: paid, partially_paid, due (not yet due or due today), or missed.
    """

    position: int
    due_date: date
    amount: Decimal
    paid: Decimal
    status: InstalmentStatus

    @property
    def left(self) -> Decimal:
        return self.amount - self.paid


def instalment_states(
    instalments: list[tuple[date, Decimal]], paid: Decimal, as_of: date
) -> list[InstalmentState]:
    """Fill the instalments in order with what was ``paid`` on the plan, and say which are missed.

    An instalment is missed when its due date has passed and it is not fully paid.
    """
    states = []
    left = max(paid, Decimal(0))
    for position, (due, amount) in enumerate(instalments, start=1):
        take = min(left, amount)
        left -= take
        if take >= amount:
            status = InstalmentStatus.PAID
        elif due < as_of:
            status = InstalmentStatus.MISSED
        elif take > 0:
            status = InstalmentStatus.PARTIALLY_PAID
        else:
            status = InstalmentStatus.DUE
        states.append(InstalmentState(position, due, amount, take, status))
    return states
