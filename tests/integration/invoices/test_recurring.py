# SPDX-License-Identifier: MIT
"""Recurring invoices are billed once per period, whatever happens."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from arapp.db.models import Invoice
from arapp.domain.customer import CustomerStatus
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.invoices import LineDraft
from arapp.services.recurring import (
    RecurringInput,
    list_templates,
    run_recurring,
    save_template,
    schedule,
    set_active,
)


def monthly(customer_id: int, **changes: object) -> RecurringInput:
    base = dict(
        customer_id=customer_id,
        name="Maintenance",
        frequency="monthly",
        start_date=date(2026, 1, 31),
        lines=(LineDraft("Monthly maintenance", "1", "120.00"),),
    )
    return RecurringInput(**{**base, **changes})  # type: ignore[arg-type]


@pytest.fixture
def customer(ctx: AppContext) -> int:
    return cust.create_customer(ctx, cust.CustomerInput(name="Brightside Cafés")).id


def test_schedules() -> None:
    t = monthly(1)
    assert schedule(t, date(2026, 5, 1)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    q = monthly(1, frequency="quarterly", start_date=date(2026, 2, 15), max_count=3)
    assert schedule(q, date(2030, 1, 1)) == [
        date(2026, 2, 15),
        date(2026, 5, 15),
        date(2026, 8, 15),
    ]
    w = monthly(
        1, frequency="weekly", interval=2, start_date=date(2026, 11, 2), end_date=date(2026, 11, 30)
    )
    assert schedule(w, date(2027, 1, 1)) == [
        date(2026, 11, 2),
        date(2026, 11, 16),
        date(2026, 11, 30),
    ]
    y = monthly(1, frequency="yearly", start_date=date(2024, 2, 29))
    assert schedule(y, date(2026, 12, 31)) == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2026, 2, 28),
    ]
    d = monthly(1, start_date=date(2026, 1, 5), day_of_month=20)
    assert schedule(d, date(2026, 3, 1))[:2] == [date(2026, 1, 20), date(2026, 2, 20)]


def test_run_catches_up_and_never_bills_twice(ctx: AppContext, customer: int) -> None:
    template = save_template(ctx, monthly(customer))
    first = run_recurring(ctx)  # today is 2026-11-23: January to October
    assert len(first.created) == 10
    assert first.numbers[0] == "INV-2026-00001" and first.numbers[-1] == "INV-2026-00010"
    assert run_recurring(ctx).created == ()
    [record] = list_templates(ctx)
    assert record.id == template and record.next_period == date(2026, 11, 30)
    later = run_recurring(ctx, as_of=date(2026, 12, 31))
    assert later.numbers == ("INV-2026-00011", "INV-2026-00012")
    with ctx.db.read() as s:
        totals = s.scalars(select(Invoice.total)).all()
        notes = s.scalar(select(Invoice.notes).where(Invoice.number == "INV-2026-00002"))
    assert set(totals) == {Decimal("120.00")}
    assert notes == "Maintenance: February 2026"


def test_drafts_and_paused_templates(ctx: AppContext, customer: int) -> None:
    template = save_template(ctx, monthly(customer, auto_issue=False, start_date=date(2026, 10, 1)))
    made = run_recurring(ctx)
    assert made.numbers == (None, None)
    set_active(ctx, template, False)
    assert run_recurring(ctx, as_of=date(2027, 3, 1)).created == ()


def test_bad_templates_are_refused(ctx: AppContext, customer: int) -> None:
    with pytest.raises(InputErrors) as info:
        save_template(ctx, monthly(customer, name="", frequency="daily", lines=(), interval=0))
    assert {e.field for e in info.value.errors} == {"name", "frequency", "lines", "interval"}


def test_two_runs_at_once_bill_each_period_once(
    ctx: AppContext, customer: int, db_url: str
) -> None:
    save_template(ctx, monthly(customer, frequency="weekly", start_date=date(2026, 1, 1)))
    script = textwrap.dedent(
        f"""
        from datetime import date
        from arapp.db.engine import Database
        from arapp.services.context import AppContext
        from arapp.services.recurring import run_recurring
        run_recurring(AppContext(Database({db_url!r}), today=lambda: date(2026, 11, 23)))
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    with ctx.db.read() as s:
        count = s.scalar(select(func.count()).select_from(Invoice))
        periods = s.scalar(select(func.count(func.distinct(Invoice.recurring_period))))
        numbers = sorted(s.scalars(select(Invoice.number)))
    assert count == periods == 47
    assert numbers == [f"INV-2026-{n:05}" for n in range(1, 48)]


def test_a_run_killed_half_way_is_completed_by_the_next(
    ctx: AppContext, customer: int, db_url: str
) -> None:
    save_template(ctx, monthly(customer))
    script = textwrap.dedent(
        f"""
        import os
        from datetime import date
        from arapp.db.engine import Database
        from arapp.services import recurring
        from arapp.services.context import AppContext
        real, calls = recurring._bill_period, []
        def crashing(*args):
            if len(calls) == 4:
                os._exit(9)  # the power goes off between two periods
            calls.append(real(*args))
            return calls[-1]
        recurring._bill_period = crashing
        recurring.run_recurring(AppContext(Database({db_url!r}), today=lambda: date(2026, 11, 23)))
        """
    )
    assert subprocess.run([sys.executable, "-c", script], timeout=120).returncode == 9
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Invoice)) == 4
    assert len(run_recurring(ctx).created) == 6
    with ctx.db.read() as s:
        numbers = sorted(s.scalars(select(Invoice.number)))
    assert numbers == [f"INV-2026-{n:05}" for n in range(1, 11)]


def test_a_customer_on_credit_hold_is_not_billed_until_the_hold_is_lifted(
    ctx: AppContext, customer: int
) -> None:
    save_template(ctx, monthly(customer, start_date=date(2026, 10, 1)))
    cust.set_status(ctx, customer, CustomerStatus.CREDIT_HOLD, "Two months unpaid")
    held = run_recurring(ctx)
    assert held.created == ()
    [skipped] = held.skipped
    assert skipped.text == "Skipped: Brightside Cafés is on credit hold"
    assert (skipped.template_name, skipped.periods) == (
        "Maintenance", (date(2026, 10, 1), date(2026, 11, 1))
    )  # fmt: skip
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Invoice)) == 0
    [record] = list_templates(ctx)
    assert record.next_period == date(2026, 10, 1)  # still due
    cust.set_status(ctx, customer, CustomerStatus.ACTIVE, "Paid up")
    billed = run_recurring(ctx)
    assert billed.numbers == ("INV-2026-00001", "INV-2026-00002") and billed.skipped == ()
