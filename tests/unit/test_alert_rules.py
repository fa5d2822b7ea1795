# SPDX-License-Identifier: MIT
"""The alert rules at their thresholds' edges (pure: no books)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arapp.domain import alerts as rules
from arapp.domain.alerts import DueInvoice

D = Decimal
DAY = date(2026, 11, 23)


def _invoice(total: str, due: date = date(2026, 11, 30)) -> DueInvoice:
    return DueInvoice(7, "INV-7", 42, "Acme", due, D(total), "EUR")


def test_paying_worse_needs_ten_more_days_and_enough_evidence() -> None:
    # recent 10, 10, 10 against 0, 0, 0: exactly 10 days worse fires
    assert rules.paying_worse(42, "Acme", [10, 10, 10, 0, 0, 0]) is not None
    # 29 / 3 = 9.67 days worse does not
    assert rules.paying_worse(42, "Acme", [10, 10, 9, 0, 0, 0]) is None
    odd = rules.paying_worse(42, "Acme", [12, 12, 16, 1, 0, 0])
    assert odd is not None and "13.3 days late on average, against 0.3 days" in odd.reason
    # two earlier invoices are too few to judge; two recent ones too
    assert rules.paying_worse(42, "Acme", [30, 30, 30, 0, 0]) is None
    assert rules.paying_worse(42, "Acme", [30, 30]) is None
    # only the 12 before the recent 3 count: the 16th (a very late one) is not read
    alert = rules.paying_worse(42, "Acme", [12, 12, 12, *[1] * 12, 400])
    assert alert is not None and alert.key == "paying_worse:42:-:10d"
    assert alert.reason == (
        "Acme paid their last 3 invoices 12 days late on average, against 1 day for the 12 "
        "before them."
    )


def test_late_share_is_the_behavioural_risk() -> None:
    assert rules.late_share([8, 7, 0]) == 33  # only 8 is more than 7 days late
    assert rules.late_share([8, 8]) is None  # fewer than 3 invoices: not known
    assert rules.late_share([8, 8, 8, 0, 0, 0, 8, 8]) == 50  # the last 6 only


def test_large_invoice_for_a_high_risk_customer() -> None:
    assert rules.large_due_risky(_invoice("500.00"), DAY, D(250), 50) is not None
    assert rules.large_due_risky(_invoice("499.99"), DAY, D(200), 90) is None  # the floor
    assert rules.large_due_risky(_invoice("999.99"), DAY, D(500), 90) is None  # < 2 x median
    assert rules.large_due_risky(_invoice("5000"), DAY, D(100), 49) is None  # risk too low
    assert rules.large_due_risky(_invoice("5000"), DAY, D(100), None) is None  # risk unknown
    today = rules.large_due_risky(_invoice("600", DAY), DAY, D(300), 50)
    assert today is not None and "is due today: 2.0 times their usual invoice" in today.reason


def test_due_soon_for_a_late_payer() -> None:
    assert rules.due_soon_late_payer(_invoice("10"), DAY, [1, 1, 0]) is not None
    assert rules.due_soon_late_payer(_invoice("10"), DAY, [1, 0, 0]) is None
    assert rules.due_soon_late_payer(_invoice("10"), DAY, [5, 5]) is None
    tomorrow = rules.due_soon_late_payer(_invoice("10", date(2026, 11, 24)), DAY, [1, 3, 0])
    assert tomorrow is not None and tomorrow.reason == (
        "Invoice INV-7 of Acme (10 EUR) is due tomorrow; 2 of their last 3 invoices were paid "
        "late (up to 3 days)."
    )


def test_each_crossing_has_its_own_key() -> None:
    sixty = rules.overdue(42, "Acme", D("10.00"), D(0), "EUR")
    ninety = rules.overdue(42, "Acme", D("10.00"), D("5.00"), "EUR")
    assert sixty is not None and ninety is not None and sixty.key != ninety.key
    assert ninety.reason == (
        "Acme has 5.00 EUR more than 90 days past due (and 10.00 EUR 61 to 90 days)."
    )
    assert rules.overdue(42, "Acme", D(0), D(0), "EUR") is None
    near = rules.credit_limit(42, "Acme", D("900.00"), D("1000.00"), "EUR")
    over = rules.credit_limit(42, "Acme", D("1000.01"), D("1000.00"), "EUR")
    assert near is not None and over is not None and near.key != over.key
    assert rules.credit_limit(42, "Acme", D("899.99"), D("1000.00"), "EUR") is None
    at_limit = rules.credit_limit(42, "Acme", D("1000.00"), D("1000.00"), "EUR")
    assert at_limit is not None and at_limit.key == "credit_limit:42:-:90"
    assert at_limit.reason == "Acme owes 1,000.00 EUR, 100 % of their credit limit of 1,000.00 EUR."
