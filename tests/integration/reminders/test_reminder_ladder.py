# SPDX-License-Identifier: MIT
"""The ladder is climbed step by step, on real books: imported long-overdue invoices, a payment
plan that broke late and a clock moved day by day over four months never reach the agency level
without a final notice that went out before it (with the gap since); messages to one customer
are at least ``reminders.min_gap_days`` apart and carry every invoice due by then; a letter run
prints one letter per customer."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import select

from arapp.db.models import ContactLogEntry, OutboxItem, OutboxMessage
from arapp.domain.reminders import DEFAULT_POLICY
from arapp.services.context import AppContext
from arapp.services.errors import NotFound
from arapp.services.plans import PlanInput, create_plan
from arapp.services.reminders.history import outbox_history
from arapp.services.reminders.letters import build_letters, mark_letters_printed, pending_letters
from arapp.services.reminders.outbox import list_outbox, mark_sent
from arapp.services.reminders.run import DueReminder, plan_run, queue
from arapp.services.settings import set_setting
from tests.helpers.books import TODAY, customer, issued_invoice
from tests.helpers.outbox import set_day

FINAL = DEFAULT_POLICY.final_level
AGENCY = DEFAULT_POLICY.levels[-1]
assert FINAL is not None and AGENCY.action == "flag"
GAP = AGENCY.offset_days - FINAL.offset_days  # 15 days from the final notice to the agency


def _imported(ctx: AppContext) -> list[int]:
    """Books as imported from another program: three customers (one without e-mail), invoices
    due 200, 150 and 90 days ago, no reminder ever sent."""
    ids = []
    people = (("Anna", "anna@example.org"), ("Bert", ""), ("Cleo", "cleo@example.org"))
    who = [customer(ctx, name, email) for name, email in people]
    for late in (200, 150, 90):  # oldest first: numbers follow dates
        for each in who:
            ids.append(issued_invoice(ctx, each, TODAY - timedelta(days=late + 30), "100"))
    return ids


def _mark_all_gone_out(ctx: AppContext) -> None:
    """Every queued e-mail sent and every queued letter printed (today, by ``ctx``'s clock)."""
    emails = [r.id for r in list_outbox(ctx, ("queued",)) if r.channel == "email"]
    if emails:
        mark_sent(ctx, emails)
    letters = [r.id for r in pending_letters(ctx)]
    if letters:
        mark_letters_printed(ctx, letters)


def _outbox(ctx: AppContext) -> list[tuple[OutboxMessage, list[tuple[int, int]]]]:
    with ctx.db.read() as s:
        items: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for item in s.scalars(select(OutboxItem)):
            items[item.outbox_id].append((item.invoice_id, item.level))
        messages = list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        s.expunge_all()
    return [(m, items[m.id]) for m in messages]


def test_imported_long_overdue_books_get_the_final_notice_never_a_flag(ctx: AppContext) -> None:
    _imported(ctx)
    due = plan_run(ctx, TODAY)
    assert len(due) == 9
    assert {(d.level, d.channel) for d in due} == {(FINAL.level, "email"), (FINAL.level, "letter")}
    queue(ctx, due, TODAY)
    assert len(list_outbox(ctx)) == 3  # one message per customer, each with its 3 invoices
    # queued is not gone out: however long it waits, no agency flag
    assert plan_run(ctx, TODAY + timedelta(days=90)) == []
    set_day(ctx, TODAY + timedelta(days=2))
    _mark_all_gone_out(ctx)
    for late in (0, GAP - 1):
        assert plan_run(ctx, TODAY + timedelta(days=2 + late)) == []
    flags = plan_run(ctx, TODAY + timedelta(days=2 + GAP))
    assert len(flags) == 9 and {(d.level, d.channel) for d in flags} == {(AGENCY.level, "flag")}


def test_an_agency_flag_is_flagged_never_sent(ctx: AppContext) -> None:
    set_day(ctx, TODAY)
    _imported(ctx)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    _mark_all_gone_out(ctx)
    day = TODAY + timedelta(days=GAP)
    result = queue(ctx, plan_run(ctx, day), day)
    assert result.reminders == 9 and len(result.message_ids) == 3  # one flag row per customer
    flagged = [m for m, _ in _outbox(ctx) if m.id in result.message_ids]
    assert {(m.channel, m.state, m.sent_at) for m in flagged} == {("flag", "flagged", None)}
    assert not [r for r in list_outbox(ctx, ("sent",)) if r.channel == "flag"]
    with ctx.db.read() as s:
        notes = list(s.scalars(select(ContactLogEntry.summary)))
    assert sum(n.startswith("Flagged for the collections agency") for n in notes) == 3
    assert plan_run(ctx, day + timedelta(days=60)) == []  # the top of the ladder: nothing more


def test_a_plan_that_broke_after_48_days_sends_the_final_notice_first(ctx: AppContext) -> None:
    who = customer(ctx, "Dora", "dora@example.org")
    invoice = issued_invoice(ctx, who, TODAY - timedelta(days=30 + 5), "480")  # due 5 days ago
    create_plan(ctx, PlanInput(who, (invoice,), ((TODAY + timedelta(days=48), "480"),)))
    for days in (0, 30, 48):
        assert plan_run(ctx, TODAY + timedelta(days=days)) == []  # a kept plan holds reminders
    broke = TODAY + timedelta(days=49)  # 54 days overdue: the ladder's agency day has long come
    (due,) = plan_run(ctx, broke)
    assert (due.level, due.channel) == (FINAL.level, "email")
    queue(ctx, [due], broke)
    set_day(ctx, broke)
    _mark_all_gone_out(ctx)
    assert plan_run(ctx, broke + timedelta(days=GAP - 1)) == []
    (flag,) = plan_run(ctx, broke + timedelta(days=GAP))
    assert flag.channel == "flag"


def _check_day(ctx: AppContext, day: date, due: list[DueReminder]) -> None:
    """No agency flag on ``day`` without the invoice's final notice gone out at least the
    agency gap before."""
    for d in due:
        if d.channel == "flag":
            assert d.level == AGENCY.level
            sent = _went_out(ctx, d.invoice_id, FINAL.level)
            assert sent is not None and (day - sent).days >= GAP, (day, d)


def _went_out(ctx: AppContext, invoice_id: int, level: int) -> date | None:
    with ctx.db.read() as s:
        history = outbox_history(s)
    return history.went_out.get(invoice_id, {}).get(level)


def _left_behind(ctx: AppContext, day: date, customer_id: int) -> list[int]:
    """Open invoices of ``customer_id`` with a message level due on ``day`` that no message
    carries (spacing aside)."""
    from arapp.db.models import Invoice, open_invoice

    with ctx.db.read() as s:
        history = outbox_history(s)
        rows = s.execute(
            select(Invoice.id, Invoice.due_date).where(
                Invoice.customer_id == customer_id, open_invoice()
            )
        ).all()
    left = []
    for invoice_id, due_date in rows:
        level = DEFAULT_POLICY.level_due(
            due_date, day, history.last.get(invoice_id, 0), history.went_out.get(invoice_id, {})
        )
        if level is not None and level.action != "flag":
            left.append(invoice_id)
    return left


def test_a_clock_moved_day_by_day_climbs_the_ladder_step_by_step(ctx: AppContext) -> None:
    gap = 7
    set_setting(ctx, "reminders.min_gap_days", str(gap))
    people = {
        "Anna": customer(ctx, "Anna", "anna@example.org"),
        "Bert": customer(ctx, "Bert", ""),  # letters, printed once a month
        "Cleo": customer(ctx, "Cleo", "cleo@example.org"),
    }
    start = TODAY - timedelta(days=40)
    for offset in (0, 3, 9):  # invoices already on the books, due around the start
        for who in people.values():
            issued_invoice(ctx, who, start - timedelta(days=30 - offset), "100")
    flagged: set[int] = set()
    for step in range(120):
        day = start + timedelta(days=step)
        set_day(ctx, day)
        if step % 11 == 0:  # new invoices keep coming
            for who in people.values():
                issued_invoice(ctx, who, day, "50")
        due = plan_run(ctx, day)
        _check_day(ctx, day, due)
        flagged |= {d.invoice_id for d in due if d.channel == "flag"}
        queue(ctx, due, day)
        for who in {d.customer_id for d in due if d.channel != "flag"}:
            assert _left_behind(ctx, day, who) == []  # the message carries every invoice due
        emails = [r.id for r in list_outbox(ctx, ("queued",)) if r.channel == "email"]
        if emails:
            mark_sent(ctx, emails)
        if step % 30 == 29:
            letters = pending_letters(ctx)
            assert len(letters) == len({r.customer_id for r in letters}) <= 1
            if letters:
                mark_letters_printed(ctx, [r.id for r in letters])
    assert flagged  # the run reached the agency level, step by step
    sent: dict[int, list[date]] = defaultdict(list)
    for message, pairs in _outbox(ctx):
        assert pairs  # no message without its invoices
        if message.channel != "flag":
            sent[message.customer_id].append(message.as_of)
    for who, days in sent.items():
        assert all((b - a).days >= gap for a, b in pairwise(days)), (who, days)
    assert len(sent) == 3


def test_a_letter_run_after_a_month_prints_one_letter_per_customer(ctx: AppContext) -> None:
    paper = customer(ctx, "Paper Ltd")
    other = customer(ctx, "Post & Co")
    start = TODAY - timedelta(days=35)
    invoices = [issued_invoice(ctx, paper, start - timedelta(days=30 - k), "100") for k in (2, 8)]
    invoices.append(issued_invoice(ctx, other, start - timedelta(days=20), "70"))
    for step in range(36):  # a daily run for a month, nobody prints
        day = start + timedelta(days=step)
        set_day(ctx, day)
        queue(ctx, plan_run(ctx, day), day)
    letters = pending_letters(ctx)
    assert sorted(r.customer_id for r in letters) == sorted([paper, other])
    built = {letter.recipient.name: letter for letter in build_letters(ctx)}
    assert len({i.number for i in built["Paper Ltd"].invoices}) == 2  # both, each once
    carried = {m.customer_id: items for m, items in _outbox(ctx) if m.channel == "letter"}
    assert len(carried) == 2  # the letters not printed were taken over, not kept beside
    # the letter is at the level now due: the oldest invoice's final notice
    assert (invoices[0], FINAL.level) in carried[paper]
    assert {i for i, _ in carried[paper]} == set(invoices[:2])
    pairs = [pair for _, items in _outbox(ctx) for pair in items]
    assert len(pairs) == len(set(pairs))  # every (invoice, level) still exactly once
    assert {i for i, _ in pairs} == set(invoices)
    mark_letters_printed(ctx, [r.id for r in letters])
    assert pending_letters(ctx) == []


def test_a_letter_taken_over_before_it_was_marked_says_what_happened(ctx: AppContext) -> None:
    """Letters printed, then a later run before "mark printed": the newer letter took the old
    one over, and marking the old one says so instead of "does not exist"."""
    paper = customer(ctx, "Paper Ltd")
    issued_invoice(ctx, paper, TODAY - timedelta(days=40), "100")
    first_day = TODAY - timedelta(days=8)
    set_day(ctx, first_day)
    queue(ctx, plan_run(ctx, first_day), first_day)
    printed = [r.id for r in pending_letters(ctx)]
    issued_invoice(ctx, paper, TODAY - timedelta(days=31), "50")
    set_day(ctx, TODAY)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    assert [r.id for r in pending_letters(ctx)] != printed
    with pytest.raises(NotFound) as refused:
        mark_letters_printed(ctx, printed)
    assert "a later reminder run may have replaced it with a newer letter" in str(refused.value)
    assert len(pending_letters(ctx)) == 1  # nothing was marked


def test_without_a_mail_account_one_email_waits_per_customer(ctx: AppContext) -> None:
    """A month of daily runs while nothing can be sent: one e-mail waits per customer, at the
    level now due, listing every invoice; none of it counts as gone out."""
    who = customer(ctx, "Anna", "anna@example.org")
    start = TODAY - timedelta(days=35)
    invoices = [issued_invoice(ctx, who, start - timedelta(days=30 - k), "100") for k in (2, 8)]
    for step in range(36):
        day = start + timedelta(days=step)
        set_day(ctx, day)
        queue(ctx, plan_run(ctx, day), day)
    (waiting,) = list_outbox(ctx, ("queued",))
    pairs = dict(_outbox(ctx))
    (message,) = [m for m in pairs if m.id == waiting.id]
    items = pairs[message]
    assert {i for i, _ in items} == set(invoices)
    assert (invoices[0], FINAL.level) in items
    assert len(items) == len(set(items))
    later = plan_run(ctx, TODAY + timedelta(days=100))
    assert later and not [d for d in later if d.channel == "flag"]  # nothing went out
