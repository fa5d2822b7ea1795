# SPDX-License-Identifier: MIT
"""Queueing a reminder run: bulk-written outbox rows, and exactly once under races.

The race is real on PostgreSQL (another process queues the same reminders between our look-up
and our INSERT); on SQLite the write lock rules it out, so there it is staged inside the same
transaction, which the unique ``(invoice, level)`` key must refuse all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import object_session

from arapp.db.models import ContactLogEntry, OutboxItem, OutboxMessage
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.reminders import run
from arapp.services.reminders.run import DueReminder, plan_run, queue
from arapp.services.settings import set_setting
from tests.helpers.books import TODAY
from tests.helpers.outbox import went_out
from tests.helpers.postgres import PG_URL

on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)


def _books(ctx: AppContext) -> list[DueReminder]:
    """Three customers, four overdue invoices: e-mail, letter (no address) and a collections
    flag (its final notice went out 16 days ago, an earlier run's, not in :func:`_outbox`);
    reminders not grouped per customer."""
    set_setting(ctx, "smtp.from", "billing@example.org")
    set_setting(ctx, "reminders.group_per_customer", "no")
    invoices = []
    for name, email, overdue in (
        ("Anna Ahlberg", "anna@example.org", (2, 20)),
        ("Bert Brandt", "", (16,)),
        ("Cleo Cruz", "cleo@example.org", (50,)),
    ):
        customer = cust.create_customer(
            ctx, cust.CustomerInput(name=name, email=email, terms="net 30")
        ).id
        invoices += [(days, customer) for days in overdue]
    for days, customer in sorted(invoices, reverse=True):  # oldest first: numbers follow dates
        issued = TODAY - timedelta(days=days + 30)
        lines = (LineDraft("Goods", "1", f"{100 + days}"),)
        invoice = issue_invoice(ctx, save_draft(ctx, InvoiceDraft(customer, issued, lines)).id)
        if days == 50:
            went_out(ctx, invoice.id, 4, TODAY - timedelta(days=16))  # Cleo's final notice
    due = plan_run(ctx, TODAY)
    assert sorted(d.channel for d in due) == ["email", "email", "flag", "letter"]
    return due


def _outbox(ctx: AppContext) -> dict[int, tuple[str, str, list[tuple[int, int]]]]:
    """The messages queued as of :data:`TODAY` (earlier runs' history left out)."""
    with ctx.db.read() as s:
        items: dict[int, list[tuple[int, int]]] = {}
        for item in s.scalars(select(OutboxItem).order_by(OutboxItem.id)):
            items.setdefault(item.outbox_id, []).append((item.invoice_id, item.level))
        return {
            m.id: (m.channel, m.subject + m.body, items.get(m.id, []))
            for m in s.scalars(select(OutboxMessage).where(OutboxMessage.as_of == TODAY))
        }


def _stage_race(monkeypatch: pytest.MonkeyPatch, race: Callable[[Any], None]) -> list[int]:
    """Run ``race(session)`` once, after :func:`run._queue` looked up what is queued already
    and before it writes; returns the list that counts the attempts (``_queue`` calls)."""
    attempts: list[int] = []
    raced: list[int] = []
    attempt, render = run._queue, run.render_message

    def queueing(*args):  # type: ignore[no-untyped-def]
        attempts.append(1)
        return attempt(*args)

    def rendering(items, policies, company, *facts):  # type: ignore[no-untyped-def]
        if not raced:
            raced.append(1)
            race(object_session(company))
        return render(items, policies, company, *facts)

    monkeypatch.setattr(run, "_queue", queueing)
    monkeypatch.setattr(run, "render_message", rendering)
    return attempts


def _exactly_once(ctx: AppContext, due: list[DueReminder]) -> None:
    outbox = _outbox(ctx)
    queued = sorted(pair for _, _, pairs in outbox.values() for pair in pairs)
    assert queued == sorted((d.invoice_id, d.level) for d in due)
    assert all(pairs for _, _, pairs in outbox.values())  # no message without its invoices
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ContactLogEntry)) == 1


def _bulk_rows_belong_together(ctx: AppContext) -> None:
    due = _books(ctx)
    result = queue(ctx, due, TODAY)
    assert (result.reminders, result.skipped, len(result.message_ids)) == (4, 0, 4)
    outbox = _outbox(ctx)
    assert sorted(outbox) == sorted(result.message_ids)
    numbers = {d.invoice_id: d for d in due}
    for channel, text, pairs in outbox.values():
        ((invoice, level),) = pairs  # each message carries its own invoice, nothing else
        assert numbers[invoice].channel == channel and numbers[invoice].level == level
        assert numbers[invoice].invoice_number in text
    with ctx.db.read() as s:
        (note,) = s.scalars(select(ContactLogEntry.summary)).all()
    assert note.startswith("Flagged for the collections agency:")
    again = queue(ctx, due, TODAY)
    assert (again.reminders, again.skipped, again.message_ids) == (0, 4, ())
    assert _outbox(ctx) == outbox


def test_queue_writes_each_message_with_its_invoices(ctx: AppContext) -> None:
    _bulk_rows_belong_together(ctx)


def test_a_reminder_queued_meanwhile_is_refused_and_the_run_retried(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = _books(ctx)
    first = due[0]

    def race(session: Any) -> None:  # in the same transaction, so rolled back with it
        message = OutboxMessage(
            message_id="<meanwhile@example.org>", customer_id=first.customer_id,
            channel="email", as_of=TODAY, subject="s", body="b", created_at=ctx.now(),
            items=[OutboxItem(invoice_id=first.invoice_id, level=first.level)],
        )  # fmt: skip
        session.add(message)
        session.flush()

    attempts = _stage_race(monkeypatch, race)
    result = queue(ctx, due, TODAY)
    assert len(attempts) == 2  # the unique (invoice, level) key refused the first attempt
    assert (result.reminders, result.skipped) == (4, 0)
    _exactly_once(ctx, due)


@on_postgres
def test_queue_writes_each_message_with_its_invoices_on_postgres(pg_ctx: AppContext) -> None:
    _bulk_rows_belong_together(pg_ctx)


@on_postgres
def test_two_runs_at_once_queue_each_reminder_once_on_postgres(
    pg_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = pg_ctx
    due = _books(ctx)
    others: list[run.QueueResult] = []
    attempts = _stage_race(monkeypatch, lambda _: others.append(queue(ctx, due, TODAY)))
    result = queue(ctx, due, TODAY)  # the other run commits between our look-up and INSERT
    assert others[0].reminders == 4
    assert len(attempts) == 3  # ours, the other run's, ours again after the refusal
    assert (result.reminders, result.skipped) == (0, 4)
    _exactly_once(ctx, due)
