# SPDX-License-Identifier: MIT
"""The Insight tab's and the monthly report's risk figures as of a day D: the customers most
likely to pay late and the segments, from one run of the risk model.

:func:`top_risks` runs :func:`arapp.services.risk.risk_report` once (the scores, reasons and
segments of every customer with an issued invoice, and its back-test) and adds what each
customer owes on D: what the aging report counts open of their invoices (and fee documents) in
the company's currency, read as of D like the forecast's open invoices
(:func:`arapp.services.forecast_facts.open_invoices`). The top risks are the customers who owe
something on D (a high score with nothing open has nothing to chase), highest score first.

numpy comes with :mod:`arapp.services.risk`, imported when :func:`top_risks` runs (on a worker,
in a command): the results' classes import without it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from arapp.db.types import MONEY_SCALE
from arapp.domain.money import quantize
from arapp.domain.segments import Segment
from arapp.services.aging import issued_after
from arapp.services.company import company_currency
from arapp.services.context import AppContext

#: How many customers the top risks list.
TOP = 10
#: How many customers of each segment are kept to be listed (those owing most first).
LISTED = 50
#: Fewer invoices tested than this and the back-test's figure is left out (it would be noise).
MIN_TESTED = 30
#: The segments in the order they are shown.
SEGMENTS = (Segment.PROMPT, Segment.LATE_BUT_PAYS, Segment.SLOW, Segment.AT_RISK, Segment.NEW)


@dataclass(frozen=True)
class RiskLine:
    """One customer with their score.

    Attributes:
        customer_id, code, name: Who.
        score: The chance in percent (0-100) that their next invoice is paid late.
        segment: Their payment-behaviour segment; ``segment_reason``: why, in words.
        reasons: The score's top reasons in words (at most three).
        owed: What is open of their invoices on D (company currency; 0: nothing).
    """

    customer_id: int
    code: str
    name: str
    score: float
    segment: Segment
    segment_reason: str
    reasons: tuple[str, ...]
    owed: Decimal


@dataclass(frozen=True)
class SegmentFigures:
    """One segment on D.

    Attributes:
        segment: Which.
        customers: How many customers are in it.
        owed: What they owe on D, together.
        listed: Up to :data:`LISTED` of them, those owing most first (then by code).
    """

    segment: Segment
    customers: int
    owed: Decimal
    listed: tuple[RiskLine, ...]


@dataclass(frozen=True)
class TopRisks:
    """The risk figures of D.

    Attributes:
        as_of: D.
        currency: The company's currency (the amounts').
        top: Up to :data:`TOP` customers who owe something on D, highest score first.
        segments: Every segment, in the order of :data:`SEGMENTS` (empty ones too).
        scored: How many customers were scored (all with an issued invoice by D).
        backtest_months: The months the back-test looked at (about six).
        backtest_auc: How often (percent) the score ranked a late invoice of those months above
            one paid on time; ``None`` when it could not be tested (fewer than
            :data:`MIN_TESTED` invoices, or all late, or none).
        plain_auc: The same for the plain late rate (``None`` likewise).
    """

    as_of: date
    currency: str
    top: tuple[RiskLine, ...]
    segments: tuple[SegmentFigures, ...]
    scored: int
    backtest_months: int
    backtest_auc: float | None
    plain_auc: float | None

    def segment(self, segment: Segment) -> SegmentFigures:
        return next(s for s in self.segments if s.segment is segment)


def _owed(ctx: AppContext, day: date) -> tuple[str, dict[int, int]]:
    """The company's currency and each customer's open units on ``day``."""
    from arapp.services.forecast_facts import foreign_customers, open_invoices

    with ctx.db.read() as session:
        currency = company_currency(session)
        current = day >= ctx.today() and not issued_after(session, day)
        others = foreign_customers(session, currency)
        owed: dict[int, int] = defaultdict(int)
        for _, cid, units, _ in open_invoices(session, day, current, others):
            owed[cid] += units
    return currency, owed


def top_risks(ctx: AppContext, as_of: date | None = None, top: int = TOP) -> TopRisks:
    """The top risks and the segments as of ``as_of`` (default today)."""
    from arapp.services.risk import risk_report  # numpy: only where it runs

    day = as_of or ctx.today()
    report = risk_report(ctx, day, with_backtest=True)
    currency, owed = _owed(ctx, day)

    def money(units: int) -> Decimal:
        return quantize(Fraction(units, 10**MONEY_SCALE), currency)

    lines = [
        RiskLine(
            c.customer_id, c.code, c.name, c.score, c.segment, c.segment_reason, c.reasons,
            money(owed.get(c.customer_id, 0)),
        )
        for c in report.customers
    ]  # fmt: skip
    owing = sorted((line for line in lines if line.owed > 0), key=lambda r: (-r.score, r.code))
    groups: dict[Segment, list[RiskLine]] = {segment: [] for segment in SEGMENTS}
    for line in lines:
        groups[line.segment].append(line)
    segments = []
    for segment, members in groups.items():
        members.sort(key=lambda r: (-r.owed, r.code))
        total = sum((m.owed for m in members), Decimal(0))
        segments.append(SegmentFigures(segment, len(members), total, tuple(members[:LISTED])))
    test = report.backtest
    tested = test is not None and test.tested >= MIN_TESTED and test.auc is not None
    backtest_day = report.backtest_day()
    months = 0 if backtest_day is None else round((day - backtest_day).days / 30.4)
    return TopRisks(
        as_of=day,
        currency=currency,
        top=tuple(owing[:top]),
        segments=tuple(segments),
        scored=len(lines),
        backtest_months=months,
        backtest_auc=test.auc * 100 if tested and test and test.auc is not None else None,
        plain_auc=(
            test.plain_auc * 100 if tested and test and test.plain_auc is not None else None
        ),
    )


def backtest_sentence(risks: TopRisks) -> str:
    """The back-test in one plain sentence ("" when it could not be tested)."""
    if risks.backtest_auc is None:
        return ""
    plain = "" if risks.plain_auc is None else f"; the plain late rate did {risks.plain_auc:.0f}%"
    return (
        f"On the last {risks.backtest_months} months the score ranked late invoices above "
        f"punctual ones {risks.backtest_auc:.0f}% of the time{plain}."
    )


__all__ = [
    "LISTED",
    "SEGMENTS",
    "TOP",
    "RiskLine",
    "SegmentFigures",
    "TopRisks",
    "backtest_sentence",
    "top_risks",
]
