# SPDX-License-Identifier: MIT
"""Segments by payment behaviour (issue 15 item 4): kept per customer, a filter of the customer
list in SQL, and a condition of the reminder policies, on books of known payers."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from arapp.domain.reminders import DEFAULT_LEVELS, ReminderPolicy
from arapp.domain.segments import Segment
from arapp.services.context import AppContext
from arapp.services.customer_list import (
    SortKey,
    StatusFilter,
    count_customers,
    customer_ids,
    customer_page,
    customer_rows,
)
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.errors import InputErrors
from arapp.services.invoice_list import (
    InvoiceFilter,
    InvoiceStatusFilter,
    invoice_count,
    invoice_ids,
    invoice_rows,
)
from arapp.services.reminders.policy import (
    list_policies,
    save_policy,
    set_customer_reminders,
    set_policy_segments,
)
from arapp.services.reminders.run import plan_run
from arapp.services.risk import risk_report
from arapp.services.segments import (
    NEVER_INVOICED,
    kept_segments,
    refresh_segments,
    segments_as_of,
    work_out_segments,
)
from tests.helpers.books import TODAY, overdue_invoice
from tests.helpers.cli import run
from tests.helpers.payer_books import payer_books_at
from tests.helpers.postgres import PG_URL

on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)


@pytest.fixture(scope="module")
def payers(
    migrated_books: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[AppContext, int]:
    """Known payers, 12 of each kind over two years, and one customer never invoiced."""
    ctx, _kinds = payer_books_at(
        migrated_books, tmp_path_factory.mktemp("s") / "s.sqlite3", seed=5, customers_per_kind=12
    )
    never = create_customer(ctx, CustomerInput(name="Never Invoiced", code="NEV001"))
    return ctx, never.id


def test_filter_lists_exactly_the_customers_of_each_segment(
    payers: tuple[AppContext, int],
) -> None:
    ctx, never = payers
    done = refresh_segments(ctx)
    assert done.as_of == TODAY == segments_as_of(ctx)
    expected: dict[Segment, set[int]] = defaultdict(set)
    for c in risk_report(ctx, with_backtest=False).customers:  # the report's own segments
        expected[c.segment].add(c.customer_id)
    expected[Segment.NEW].add(never)
    assert sum(1 for s in Segment if expected[s]) >= 4  # the books have most kinds of payer
    for segment in Segment:
        listed = customer_ids(ctx, status=StatusFilter.ALL, segment=segment)
        assert set(listed) == expected[segment] and len(listed) == len(expected[segment])
        assert count_customers(ctx, StatusFilter.ALL, segment=segment) == len(expected[segment])
        assert done.counts[segment] == len(expected[segment])
    page = customer_page(ctx, "Chronic", StatusFilter.ALL, segment=Segment.AT_RISK, limit=500)
    assert page.total == len(page.ids) > 0
    assert set(page.ids) <= expected[Segment.AT_RISK]
    row = customer_rows(ctx, [never])[never]
    assert (row.segment, row.segment_reason, row.segment_as_of) == (
        Segment.NEW,
        NEVER_INVOICED,
        TODAY,
    )


def test_refresh_rewrites_only_what_changed_and_stamps_its_day(
    payers: tuple[AppContext, int],
) -> None:
    ctx, never = payers
    refresh_segments(ctx)
    again = refresh_segments(ctx)
    assert again.changed == 0 and again.customers == sum(again.counts.values())
    earlier = TODAY - timedelta(days=200)
    before = refresh_segments(ctx, earlier)
    assert segments_as_of(ctx) == earlier and before.changed > 0
    assert kept_segments(ctx, [never])[never].as_of == earlier
    refresh_segments(ctx)
    assert segments_as_of(ctx) == TODAY


def _ladder(name: str, shift: int) -> ReminderPolicy:
    levels = tuple(
        lv.__class__(**{**lv.__dict__, "offset_days": lv.offset_days + shift})
        for lv in DEFAULT_LEVELS
    )
    return ReminderPolicy(name, levels)


def test_each_segment_gets_its_own_ladder_as_of_the_run_day(
    payers: tuple[AppContext, int],
) -> None:
    ctx, _never = payers
    firm = save_policy(ctx, _ladder("Firm", -5), segments=[Segment.AT_RISK, Segment.SLOW])
    gentle = save_policy(ctx, _ladder("Gentle", 1))
    gentle = set_policy_segments(ctx, gentle.id, [Segment.PROMPT])
    assert gentle.segments == (Segment.PROMPT,)
    assert firm.segments == (Segment.SLOW, Segment.AT_RISK)  # in the order of the segments
    with pytest.raises(InputErrors, match='already get the policy "Firm"'):
        set_policy_segments(ctx, gentle.id, [Segment.PROMPT, Segment.AT_RISK])
    default = next(r.id for r in list_policies(ctx) if r.is_default)
    day = TODAY + timedelta(days=3)
    refresh_segments(ctx, TODAY - timedelta(days=400))  # kept, of another day: not used
    with ctx.db.read() as session:
        truth = {cid: seg for cid, (seg, _why) in work_out_segments(session, day).items()}
    own = next(cid for cid, seg in truth.items() if seg is Segment.AT_RISK)
    set_customer_reminders(ctx, own, policy_id=gentle.id)  # their own policy comes first
    wanted = {Segment.AT_RISK: firm.id, Segment.SLOW: firm.id, Segment.PROMPT: gentle.id}
    due = plan_run(ctx, day)
    picked = {d.customer_id: d.policy_id for d in due}
    assert {firm.id, gentle.id, default} <= set(picked.values())
    for cid, policy_id in picked.items():
        expected = gentle.id if cid == own else wanted.get(truth[cid], default)
        assert policy_id == expected, (cid, truth[cid])
    assert picked.get(own) in (None, gentle.id)
    # A count for a screen may take the kept segments, when they are of the run's day only.
    stale = {d.customer_id: d.policy_id for d in plan_run(ctx, day, kept_segments_will_do=True)}
    assert stale == picked  # the kept ones are of another day: worked out afresh
    refresh_segments(ctx, day)
    kept = {d.customer_id: d.policy_id for d in plan_run(ctx, day, kept_segments_will_do=True)}
    assert kept == picked
    set_policy_segments(ctx, firm.id, [])
    set_policy_segments(ctx, gentle.id, [])
    set_customer_reminders(ctx, own)
    assert {d.policy_id for d in plan_run(ctx, day)} == {default}


def test_command_line_works_out_filters_and_limits_policies(
    payers: tuple[AppContext, int],
) -> None:
    ctx, _never = payers
    db = Path(ctx.db.sqlite_path or "")
    done = run("customer", "segments", "--as-of", TODAY.isoformat(), db=db)
    assert done.returncode == 0, done.stderr
    assert f"Segments worked out as of {TODAY.isoformat()} for 85 customers" in done.stdout
    at_risk = customer_ids(ctx, status=StatusFilter.ALL, segment=Segment.AT_RISK)
    codes = {r.code for r in customer_rows(ctx, at_risk).values()}
    listed = run(
        "customer", "list", "--status", "all", "--segment", "at risk", "--format", "csv", db=db
    )
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert {r["code"] for r in rows} == codes and {r["segment"] for r in rows} == {"at risk"}

    firm = run("reminders", "policy", "segments", "Firm", "--segment", "at risk", db=db)
    assert firm.returncode == 0, firm.stderr
    assert firm.stdout.strip() == (
        'Customers "at risk" now get the policy "Firm" (unless they have a policy of their own).'
    )
    shown = run("reminders", "policy", "show", "Firm", db=db).stdout
    assert 'For customers "at risk" (without a policy of their own)' in shown
    taken = run("reminders", "policy", "segments", "Standard", "--segment", "at risk", db=db)
    assert taken.returncode == 1
    assert 'Customers "at risk" already get the policy "Firm"' in taken.stderr
    cleared = run("reminders", "policy", "segments", "Firm", db=db)
    assert cleared.stdout.strip() == 'The policy "Firm" is no longer given to any segment.'


def test_invoice_list_shows_the_invoices_of_a_segments_customers(
    payers: tuple[AppContext, int],
) -> None:
    ctx, _never = payers
    refresh_segments(ctx)
    kept = kept_segments(ctx, customer_ids(ctx, status=StatusFilter.ALL))
    at_risk = {cid for cid, k in kept.items() if k.segment is Segment.AT_RISK}
    every = InvoiceFilter(status=InvoiceStatusFilter.OVERDUE)
    only = replace(every, segment=Segment.AT_RISK)
    listed = invoice_ids(ctx, only)
    everyone = invoice_ids(ctx, every)
    rows = invoice_rows(ctx, everyone)
    assert listed and set(listed) == {i for i in everyone if rows[i].customer_id in at_risk}
    assert invoice_count(ctx, only) == len(listed) < len(everyone)


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, on_postgres])]
)
def books(request: pytest.FixtureRequest) -> AppContext:
    """Empty books in a SQLite file and on the PostgreSQL server."""
    ctx: AppContext = request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")
    return ctx


def test_kept_segments_follow_the_books_on_both_databases(books: AppContext) -> None:
    ctx = books
    late = create_customer(ctx, CustomerInput(name="Late Ltd", code="LATE")).id
    fresh = create_customer(ctx, CustomerInput(name="Fresh Ltd", code="FRESH")).id
    overdue_invoice(ctx, late, days_late=70)
    done = refresh_segments(ctx)
    assert (done.customers, done.changed) == (2, 2)
    assert customer_ids(ctx, segment=Segment.AT_RISK) == [late]
    assert customer_ids(ctx, segment=Segment.NEW) == [fresh]
    assert kept_segments(ctx, [late])[late].reason == "an invoice is unpaid 70 days past due"
    overdue_invoice(ctx, fresh, days_late=65)
    again = refresh_segments(ctx)
    assert again.changed == 1
    assert customer_ids(ctx, segment=Segment.AT_RISK, sort=SortKey.CODE) == [fresh, late]
    assert customer_ids(ctx, segment=Segment.NEW) == []
