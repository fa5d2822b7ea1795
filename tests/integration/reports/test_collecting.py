# SPDX-License-Identifier: MIT
"""What works in collecting (issue 15, item 6) on books computed by hand.

Today 23 Nov 2026, P = 90: the period is (25 Aug, 23 Nov]. Net 30, every invoice 100.00.

Level 1 e-mails: i1 (out 7 Sep, paid 10 Sep: 3 days), i2 (11 Sep, paid 21 Sep: 10), i3 (16 Sep,
never paid), i4 (21 Sep, paid 20 Oct: 29), i5 (26 Sep, paid off 9 Oct in two parts: 13), i6
(20 Nov, paid 22 Nov: 2; out 3 days ago, so not watched yet). 7 days watched: i1-i5, paid within
7 days: i1 -> 20.0 %; 14 days: i1, i2, i5 -> 60.0 %; median of 2, 3, 10, 13, 29 -> 10.0.
Level 2 letters: i3 (1 Oct, never paid), i5 (5 Oct, paid 9 Oct: 4) -> 50.0 %, 50.0 %, median 4.0.
Left out: i7's e-mail of 20 Aug (before the period), i8's letter printed 6 Oct after it was paid
on 5 Oct (counted apart), a letter still waiting to be printed.

Disputes opened in the period: "Goods arrived broken" three times (spelt three ways; open 1,
20 and 30 days: median 20.0, mean 17.0), "Wrong price" once, still open. One opened on 10 Aug
is before the period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update

from arapp.db.models import OutboxMessage
from arapp.services.collecting import collecting_report
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.reminders.holds import open_dispute, resolve_hold
from arapp.services.reversals import reverse_payment
from tests.helpers.books import issued_invoice
from tests.helpers.cli import run
from tests.helpers.kpi_books import customer, pay
from tests.helpers.outbox import set_day, went_out

D = Decimal
TODAY = date(2026, 11, 23)


def _dispute(ctx: AppContext, invoice: int, note: str, opened: date, resolved: date | None) -> None:
    set_day(ctx, opened)
    hold = open_dispute(ctx, invoice, note)
    if resolved is not None:
        set_day(ctx, resolved)
        resolve_hold(ctx, hold.id)
    set_day(ctx, TODAY)


def collecting_books(ctx: AppContext) -> dict[str, int]:
    a, b, c = customer(ctx, "Anna"), customer(ctx, "Bert"), customer(ctx, "Cleo")
    days = {
        "i7": (a, date(2026, 6, 1)), "i1": (a, date(2026, 8, 1)), "i2": (a, date(2026, 8, 5)),
        "i3": (b, date(2026, 8, 10)), "i4": (b, date(2026, 8, 15)), "i5": (c, date(2026, 8, 20)),
        "i8": (a, date(2026, 9, 1)), "i6": (c, date(2026, 10, 1)),
    }  # fmt: skip
    ids = {name: issued_invoice(ctx, who, day, "100.00") for name, (who, day) in days.items()}
    who = {name: whom for name, (whom, _) in days.items()}
    for name, level, day, channel in [
        ("i7", 1, date(2026, 8, 20), "email"), ("i1", 1, date(2026, 9, 7), "email"),
        ("i2", 1, date(2026, 9, 11), "email"), ("i3", 1, date(2026, 9, 16), "email"),
        ("i4", 1, date(2026, 9, 21), "email"), ("i5", 1, date(2026, 9, 26), "email"),
        ("i3", 2, date(2026, 10, 1), "letter"), ("i5", 2, date(2026, 10, 5), "letter"),
        ("i8", 1, date(2026, 10, 6), "letter"), ("i6", 1, date(2026, 11, 20), "email"),
        ("i4", 2, date(2026, 10, 12), "letter"),  # still waiting to be printed (below)
    ]:  # fmt: skip
        went_out(ctx, ids[name], level, day, channel)
    with ctx.db.write() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.as_of == date(2026, 10, 12))
            .values(state="queued", sent_at=None)
        )
    for name, day, amount in [
        ("i7", date(2026, 8, 25), "100"), ("i1", date(2026, 9, 10), "100"),
        ("i2", date(2026, 9, 21), "100"), ("i8", date(2026, 10, 5), "100"),
        ("i5", date(2026, 10, 8), "50"), ("i5", date(2026, 10, 9), "50"),
        ("i4", date(2026, 10, 20), "100"), ("i6", date(2026, 11, 22), "100"),
    ]:  # fmt: skip
        ids[f"pay-{name}"] = pay(ctx, who[name], day, amount, (ids[name], amount))
    _dispute(ctx, ids["i7"], "Old matter", date(2026, 8, 10), date(2026, 8, 20))
    _dispute(ctx, ids["i1"], "Goods arrived broken", date(2026, 9, 8), date(2026, 9, 9))
    _dispute(ctx, ids["i3"], "goods arrived  BROKEN", date(2026, 9, 20), date(2026, 10, 10))
    _dispute(ctx, ids["i4"], " Goods arrived broken ", date(2026, 9, 25), date(2026, 10, 25))
    _dispute(ctx, ids["i6"], "Wrong price", date(2026, 11, 1), None)
    return ids


@pytest.fixture
def books(ctx: AppContext) -> AppContext:
    collecting_books(ctx)
    return ctx


def test_hand_computed(books: AppContext) -> None:
    report = collecting_report(books)
    got = [
        (r.level, r.channel, r.count, r.watched_7, r.within_7_percent, r.watched_14,
         r.within_14_percent, r.paid, r.median_days)
        for r in report.reminders
    ]  # fmt: skip
    assert got == [
        (1, "email", 6, 5, D("20.0"), 5, D("60.0"), 5, D("10.0")),
        (2, "letter", 2, 2, D("50.0"), 2, D("50.0"), 1, D("4.0")),
    ]
    assert report.already_paid == 1
    disputes = [
        (r.reason, r.count, r.resolved, r.still_open, r.median_days_open, r.mean_days_open)
        for r in report.disputes
    ]
    assert disputes == [
        ("Goods arrived broken", 3, 3, 0, D("20.0"), D("17.0")),
        ("Wrong price", 1, 0, 1, None, None),
    ]


def test_facts_after_the_day_change_nothing(ctx: AppContext) -> None:
    """As of 10 Oct over 40 days: later payments, a reversal, a resolution, another
    reminder and a dispute opened later change nothing."""
    ids = collecting_books(ctx)
    before = collecting_report(ctx, date(2026, 10, 10), 40)
    assert before.reminders and before.disputes
    # i3's dispute was resolved on 10 Oct itself; i4's (25 Oct) still open then
    assert [(r.resolved, r.still_open) for r in before.disputes] == [(2, 1)]
    pay(ctx, ctx_customer(ctx, ids["i3"]), TODAY, "100", (ids["i3"], "100"))
    reverse_payment(ctx, ids["pay-i1"], "bounced")
    went_out(ctx, ids["i3"], 3, date(2026, 11, 21), "letter")
    assert collecting_report(ctx, date(2026, 10, 10), 40) == before
    assert collecting_report(ctx).reminders != collecting_report(ctx, date(2026, 10, 10)).reminders


def ctx_customer(ctx: AppContext, invoice_id: int) -> int:
    from arapp.db.models import Invoice

    with ctx.db.read() as session:
        row = session.get(Invoice, invoice_id)
        assert row is not None
        return row.customer_id


def test_nothing_in_the_period(ctx: AppContext) -> None:
    report = collecting_report(ctx)
    assert (report.reminders, report.disputes, report.already_paid) == ((), (), 0)
    db_path = Path(ctx.db.engine.url.database or "")
    table = run("report", "collecting", "--as-of", "2026-11-23", db=db_path)
    assert table.returncode == 0, table.stderr
    assert "No reminders went out in the period." in table.stdout
    assert "No disputes were opened in the period." in table.stdout
    csv = run("report", "collecting", "--format", "csv", db=db_path)
    assert csv.stdout == (
        "section,level,channel,reason,count,watched_7_days,paid_within_7_days_percent,"
        "watched_14_days,paid_within_14_days_percent,paid,median_days_to_payment,resolved,"
        "still_open,median_days_open,mean_days_open\n"
    )


def test_bad_period(books: AppContext) -> None:
    for days in (0, 3661):
        with pytest.raises(InputErrors):
            collecting_report(books, period_days=days)
    db_path = Path(books.db.engine.url.database or "")
    bad = run("report", "collecting", "--period-days", "0", db=db_path)
    assert bad.returncode != 0 and "The period is 1 to 3660 days." in bad.stderr


def test_cli_csv_and_table(books: AppContext) -> None:
    db_path = Path(books.db.engine.url.database or "")
    csv = run("report", "collecting", "--as-of", "2026-11-23", "--format", "csv", db=db_path)
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.splitlines()[1:] == [
        "reminder,1,email,,6,5,20.0,5,60.0,5,10.0,,,,",
        "reminder,2,letter,,2,2,50.0,2,50.0,1,4.0,,,,",
        "dispute,,,Goods arrived broken,3,,,,,,,3,0,20.0,17.0",
        "dispute,,,Wrong price,1,,,,,,,0,1,,",
    ]
    table = run("report", "collecting", "--as-of", "2026-11-23", db=db_path).stdout
    assert "What works in collecting as of 2026-11-23, over the 90 days before it" in table
    assert "20.0 % of 5" in table and "10.0 (5 paid)" in table
    assert "1 reminder went out after the invoice was paid off (left out)." in table
    assert "Goods arrived broken" in table and "Wrong price" in table
