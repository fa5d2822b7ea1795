# SPDX-License-Identifier: MIT
"""Follow-ups: a call or note with a day comes back on that day until it is marked done."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import NotFound, ServiceError
from arapp.services.followups import complete_follow_up, follow_ups_due
from tests.helpers.cli import run

TODAY = date(2026, 11, 23)


def _customer(ctx: AppContext, name: str) -> int:
    return cust.create_customer(ctx, cust.CustomerInput(name=name)).id


def test_due_on_its_day_oldest_first_until_done(ctx: AppContext) -> None:
    anna, bert = _customer(ctx, "Anna"), _customer(ctx, '=HYPERLINK("x")')
    later = cust.add_log_entry(ctx, anna, "Call back", "call", follow_up=TODAY + timedelta(3))
    today = cust.add_log_entry(ctx, bert, "Send the copy", "email", follow_up=TODAY)
    cust.add_log_entry(ctx, anna, "No follow-up", "note")
    assert [(f.name, f.kind, f.days_late) for f in follow_ups_due(ctx)] == [
        ('=HYPERLINK("x")', "email", 0)
    ]
    due = follow_ups_due(ctx, TODAY + timedelta(days=5))
    assert [(f.entry_id, f.days_late) for f in due] == [(today.id, 5), (later.id, 2)]
    assert complete_follow_up(ctx, today.id) == TODAY
    assert [f.entry_id for f in follow_ups_due(ctx, TODAY + timedelta(days=5))] == [later.id]
    (entry, *_rest) = [e for e in cust.get_customer(ctx, bert).log if e.id == today.id]
    assert entry.follow_up_done_on == TODAY and entry.summary == "Send the copy"
    with pytest.raises(ServiceError, match="already done"):
        complete_follow_up(ctx, today.id)


def test_a_missed_follow_up_day_shows_late_and_wrong_ones_are_refused(ctx: AppContext) -> None:
    anna = _customer(ctx, "Anna")
    missed = cust.add_log_entry(ctx, anna, "Should have called", follow_up=TODAY - timedelta(3))
    assert [(f.entry_id, f.days_late) for f in follow_ups_due(ctx)] == [(missed.id, 3)]
    plain = cust.add_log_entry(ctx, anna, "No day")
    with pytest.raises(ServiceError, match="no follow-up"):
        complete_follow_up(ctx, plain.id)
    with pytest.raises(NotFound):
        complete_follow_up(ctx, 999)


def test_promises_and_disputes_are_followed_up_by_their_holds(ctx: AppContext) -> None:
    anna = _customer(ctx, "Anna")
    cust.add_log_entry(ctx, anna, "Will pay", "promise", follow_up=TODAY)
    assert follow_ups_due(ctx) == []


def test_followups_command(ctx: AppContext, db_url: str) -> None:
    db = Path(db_url.removeprefix("sqlite:///"))
    anna = _customer(ctx, "Anna")
    code = cust.get_customer(ctx, anna).customer.code
    real_today = date.today()  # noqa: DTZ011 - the command's clock (AppContext default)
    out = run("customer", "note", code, "Call about INV-7", "--kind", "call",
              "--follow-up", real_today.isoformat(), db=db)  # fmt: skip
    assert out.returncode == 0, out.stderr
    listed = run("followups", db=db)
    assert listed.returncode == 0, listed.stderr
    assert "Call about INV-7" in listed.stdout and code in listed.stdout
    assert run("followups", "--as-of", "2020-01-01", db=db).stdout.startswith("Nothing")
    entry_id = follow_ups_due(ctx, real_today)[0].entry_id
    done = run("followups", "done", str(entry_id), db=db)
    assert done.returncode == 0 and "done" in done.stdout
    assert run("followups", db=db).stdout.startswith("Nothing to follow up")
    wrong = run("customer", "note", code, "x", "--follow-up", "23.11.2026", db=db)
    assert wrong.returncode != 0 and "follow-up" in wrong.stderr
    assert run("followups", "done", "999", db=db).returncode != 0
