# SPDX-License-Identifier: MIT
"""The reminder ladder: which level is due, catch-up, holds, safe templates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from arapp.domain.errors import ValidationError
from arapp.domain.reminders import (
    DEFAULT_POLICY,
    Hold,
    ReminderLevel,
    ReminderPolicy,
    TemplateError,
    check_template,
    customer_paused,
    is_held,
    placeholders_in,
    render,
    spaced,
)

DUE = date(2026, 10, 1)


def _on(days: int) -> date:
    return DUE + timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "last", "expected"),
    [
        (-4, 0, None),
        (-3, 0, 1),
        (0, 1, None),
        (1, 1, 2),
        (13, 2, None),
        (14, 2, 3),
        (30, 3, 4),
        (45, 4, 5),
        (200, 5, None),
    ],
)
def test_the_level_due_follows_the_offsets(days: int, last: int, expected: int | None) -> None:
    level = DEFAULT_POLICY.level_due(DUE, _on(days), last)
    assert (level.level if level else None) == expected


def test_a_week_off_catches_up_with_the_highest_level_only() -> None:
    # last sent: the polite reminder (day 1); the computer was off from day 10 to day 31
    level = DEFAULT_POLICY.level_due(DUE, _on(31), last_sent=2)
    assert level is not None and level.level == 4 and level.late_fee
    assert DEFAULT_POLICY.level_due(DUE, _on(32), last_sent=4) is None
    # never reminded at all and found 20 days late: one firm reminder, not three messages
    assert DEFAULT_POLICY.level_due(DUE, _on(20), 0).level == 3  # type: ignore[union-attr]


def test_catch_up_sends_the_highest_message_level_never_the_agency_flag() -> None:
    # imported books, a plan that broke late, a computer off for months: nothing went out
    for days in (45, 54, 200):
        level = DEFAULT_POLICY.level_due(DUE, _on(days), 0, {})
        assert level is not None and (level.level, level.action) == (4, "email")
    # the final notice queued but not gone out (no mail account, letter not printed)
    assert DEFAULT_POLICY.level_due(DUE, _on(200), 4, {}) is None


def test_the_agency_flag_waits_for_its_gap_after_the_final_notice_went_out() -> None:
    went_out = {4: _on(120)}  # the final notice went out on day 120
    assert DEFAULT_POLICY.level_due(DUE, _on(134), 4, went_out) is None
    level = DEFAULT_POLICY.level_due(DUE, _on(135), 4, went_out)  # 45 - 30 = 15 days after
    assert level is not None and level.action == "flag"
    # the gap never makes the flag earlier than its own day
    flag = DEFAULT_POLICY.levels[-1]
    assert DEFAULT_POLICY.agency_day(flag, DUE, 4, {4: _on(20)}) == _on(45)
    assert DEFAULT_POLICY.agency_day(flag, DUE, 3, {3: _on(20)}) is None


def test_a_ladder_of_flags_alone_keeps_their_days() -> None:
    only = ReminderPolicy("x", (ReminderLevel(1, "Agency", 60, "s", "b", action="flag"),))
    assert only.final_level is None
    assert only.level_due(DUE, _on(59), 0, {}) is None
    assert only.level_due(DUE, _on(60), 0, {}) is not None


def test_messages_to_one_customer_are_spaced() -> None:
    assert spaced(None, _on(0), 7)
    assert not spaced(_on(0), _on(6), 7)
    assert spaced(_on(0), _on(7), 7)
    assert spaced(_on(0), _on(0), 0)


def test_the_last_level_flags_for_collections() -> None:
    assert DEFAULT_POLICY.levels[-1].action == "flag"
    assert DEFAULT_POLICY.levels[-1].offset_days == 45


def test_levels_must_rise() -> None:
    one = ReminderLevel(1, "a", 5, "s", "b")
    with pytest.raises(ValidationError):
        ReminderPolicy("x", (one, ReminderLevel(2, "b", 5, "s", "b")))
    with pytest.raises(ValidationError):
        ReminderPolicy("x", ())
    with pytest.raises(ValidationError):
        ReminderPolicy("x", (ReminderLevel(1, "a", 5, "s", "b", action="sms"),))


def test_holds() -> None:
    assert is_held([Hold("dispute")], _on(100))
    assert not is_held([Hold("dispute", resolved=True)], _on(100))
    promise = Hold("promise", until=_on(20))
    assert promise.holds(_on(20)) and not promise.holds(_on(21))
    assert customer_paused(_on(5), _on(5)) and not customer_paused(_on(5), _on(6))
    assert not customer_paused(None, _on(5))


def test_templates_fill_plain_values_and_nothing_else() -> None:
    text = "Dear $customer, ${invoice_number} costs $$5 or $amount_due."
    assert placeholders_in(text) == ["customer", "invoice_number", "amount_due"]
    values = {"customer": "{0.__class__}", "invoice_number": "INV-1", "amount_due": "$x"}
    assert render(text, values) == "Dear {0.__class__}, INV-1 costs $5 or $x."


@pytest.mark.parametrize(
    "bad",
    ["{customer.__class__}", "$customer.__class__.__mro__", "$__import__", "${os}", "cost $ 5"],
)
def test_templates_cannot_reach_attributes_or_code(bad: str) -> None:
    if "." in bad and bad.startswith("$customer"):
        # "$customer" is filled, the rest stays literal text: no attribute lookup happens
        assert render(bad, {"customer": "Zoë"}) == "Zoë.__class__.__mro__"
        return
    if bad.startswith("{"):
        assert render(bad, {"customer": "Zoë"}) == bad  # braces without $ are plain text
        return
    with pytest.raises(TemplateError):
        check_template(bad)
    with pytest.raises(TemplateError):
        render(bad, {})


def test_default_templates_are_valid() -> None:
    for level in DEFAULT_POLICY.levels:
        check_template(level.subject)
        check_template(level.body)
