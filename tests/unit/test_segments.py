# SPDX-License-Identifier: MIT
"""The segment rule (arapp/domain/segments.py) and the reasons' sentences."""

from __future__ import annotations

from arapp.domain.risk_reasons import ReasonFacts, sentence
from arapp.domain.segments import PayerFacts, Segment, segment_of


def test_segments_first_match_wins() -> None:
    assert segment_of(PayerFacts()) == (Segment.NEW, "no invoice with a known outcome yet")
    assert segment_of(PayerFacts(known=2, recent=2))[0] is Segment.NEW
    assert segment_of(PayerFacts(known=20, recent=6, recent_late=0)) == (
        Segment.PROMPT, "0 of the last 6 invoices paid more than a week late",
    )  # fmt: skip
    assert segment_of(PayerFacts(known=20, recent=6, recent_late=2))[0] is Segment.LATE_BUT_PAYS
    assert segment_of(PayerFacts(known=20, recent=6, overdue=1))[0] is Segment.LATE_BUT_PAYS
    assert segment_of(PayerFacts(known=20, recent=6, recent_late=3, average_days_late=12)) == (
        Segment.SLOW, "3 of the last 6 invoices paid more than a week late",
    )  # fmt: skip
    assert segment_of(PayerFacts(known=20, recent=6, recent_late=4, average_days_late=45)) == (
        Segment.AT_RISK,
        "4 of the last 6 invoices paid more than a week late, 45 days late on average",
    )  # fmt: skip
    assert segment_of(PayerFacts(known=1, overdue=1, oldest_overdue_days=75)) == (
        Segment.AT_RISK, "an invoice is unpaid 75 days past due",
    )  # fmt: skip
    assert segment_of(PayerFacts(known=9, recent=6, broken_promises=2))[0] is Segment.AT_RISK


def test_sentences_are_grammatical() -> None:
    facts = ReasonFacts(
        known=2, late=1, recent=1, recent_late=1, lately=1, lately_late=1, earlier=0,
        earlier_late=0, days_late=1.0,
        paid_recent=1, overdue=1, disputes=1, broken=1, plans=1, terms=60, season_known=1,
        season_late=1, month=7,
    )  # fmt: skip
    said = {name: sentence(name, facts) for name in (
        "history", "late_rate", "recent", "days_late", "overdue", "disputes",
        "broken_promises", "plans", "terms", "season",
    )}  # fmt: skip
    assert said == {
        "history": "only 2 invoices with a known outcome so far",
        "late_rate": "1 of 2 invoices with a known outcome was paid more than a week late",
        "recent": "the last invoice was paid more than a week late",
        "days_late": "the last paid invoice came in 1 day after the due date on average",
        "overdue": "1 invoice more than a week overdue now",
        "disputes": "1 dispute in the last year",
        "broken_promises": "broke 1 promise to pay",
        "plans": "has needed 1 payment plan",
        "terms": "long payment terms (60 days)",
        "season": "1 of 1 invoice due in July was paid more than a week late, against 0 of 1 "
        "due in other months",
    }
