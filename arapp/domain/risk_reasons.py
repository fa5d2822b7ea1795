# SPDX-License-Identifier: MIT
"""A risk score's top three reasons, in plain words with the customer's own numbers.

The model says how much each feature moved a customer's score from the average customer's
(:meth:`arapp.domain.risk_model.Model.contributions`). A score above the shop-wide rate is
explained by the features that raised it most, one below by those that lowered it most; each
feature speaks in a sentence built from the counts behind it ("4 of the last 6 invoices were
paid more than a week late"). A customer without history gets one reason: the shop-wide rate.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass

#: Contributions (in log-odds) smaller than this say nothing worth a reason.
NOTABLE = 0.05


@dataclass(frozen=True)
class ReasonFacts:
    """One customer's counts on the day (see :class:`arapp.domain.risk_history.Counts`)."""

    known: int
    late: int
    recent: int
    recent_late: int
    lately: int
    lately_late: int
    earlier: int
    earlier_late: int
    days_late: float
    paid_recent: int
    overdue: int
    disputes: int
    broken: int
    plans: int
    terms: int
    season_known: int
    season_late: int
    month: int


def _n(count: int, noun: str, plural: str = "") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {plural or noun + 's'}"


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def sentence(feature: str, f: ReasonFacts) -> str | None:
    """What ``feature`` says about the customer, or None when it has nothing to say."""
    if feature == "history":
        if f.known == 0:
            return "no invoice with a known outcome yet"
        if f.known < 6:
            return f"only {_n(f.known, 'invoice')} with a known outcome so far"
        return f"a long record: {_n(f.known, 'invoice')} with a known outcome"
    if feature == "late_rate" and f.known:
        return (
            f"{f.late} of {_n(f.known, 'invoice')} with a known outcome {_were(f.late)} paid "
            "more than a week late"
        )
    if feature == "recent" and f.recent:
        last = "the last invoice" if f.recent == 1 else f"the last {f.recent} invoices"
        if f.recent == 1:
            return f"{last} was {'' if f.recent_late else 'not '}paid more than a week late"
        return f"{f.recent_late} of {last} {_were(f.recent_late)} paid more than a week late"
    if feature == "trend" and f.lately and f.earlier:
        now, then = f.lately_late / f.lately, f.earlier_late / f.earlier
        if now == then:
            return None
        way = "later" if now > then else "sooner"
        return (
            f"paying {way} than before: {f.lately_late} of {_n(f.lately, 'invoice')} late in "
            f"the last six months, against {f.earlier_late} of {f.earlier} before"
        )
    if feature == "days_late" and f.paid_recent:
        last = "the last paid invoice" if f.paid_recent == 1 else (
            f"the last {f.paid_recent} paid invoices"
        )  # fmt: skip
        if f.days_late < 0.5:
            return f"{last} came in by the due date or within a day of it"
        days = round(f.days_late)
        return f"{last} came in {_n(days, 'day')} after the due date on average"
    if feature == "overdue":
        if not f.overdue:
            return "no invoice is more than a week overdue now"
        return f"{_n(f.overdue, 'invoice')} more than a week overdue now"
    if feature == "disputes":
        return f"{_n(f.disputes, 'dispute') if f.disputes else 'no dispute'} in the last year"
    if feature == "broken_promises":
        if not f.broken:
            return "no broken promise to pay"
        return f"broke {_n(f.broken, 'promise')} to pay"
    if feature == "plans":
        if not f.plans:
            return "never needed a payment plan"
        return f"has needed {_n(f.plans, 'payment plan')}"
    if feature == "terms":
        return f"{'long' if f.terms > 30 else 'short'} payment terms ({f.terms} days)"
    if feature == "season" and f.season_known:
        month = calendar.month_name[f.month]
        other, other_late = f.known - f.season_known, f.late - f.season_late
        return (
            f"{f.season_late} of {_n(f.season_known, 'invoice')} due in {month} "
            f"{_were(f.season_late)} paid more than a week late, against {other_late} of "
            f"{other} due in other months"
        )
    return None


def top_reasons(
    names: Sequence[str],
    contributions: Sequence[float],
    facts: ReasonFacts,
    above_average: bool,
    base_percent: float,
    count: int = 3,
) -> tuple[str, ...]:
    """The ``count`` reasons that moved the score most in its direction (up when
    ``above_average``), each a sentence; for a customer without history, the shop-wide rate."""
    if facts.known == 0 and not facts.overdue:
        return (
            "no invoice with a known outcome yet, so the score is the shop-wide rate "
            f"of {base_percent:.0f}%",
        )
    sign = 1.0 if above_average else -1.0
    ranked = sorted(range(len(names)), key=lambda k: -sign * contributions[k])
    said: list[str] = []
    for k in ranked:
        if sign * contributions[k] < NOTABLE:
            break
        text = sentence(names[k], facts)
        if text and text not in said:
            said.append(text)
        if len(said) == count:
            break
    if not said:
        said.append(sentence("late_rate", facts) or "close to the shop-wide rate")
    return tuple(said)


__all__ = ["NOTABLE", "ReasonFacts", "sentence", "top_reasons"]
