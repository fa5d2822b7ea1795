# SPDX-License-Identifier: MIT
"""Sending the outbox in batches through a real SMTP server (aiosmtpd) on real SQLite books:
each message recorded once, an invoice that cannot be printed failing only its own message,
each claim and send stamped when it happened (a controlled clock), and a server that breaks or
a person who stops mid-batch leaving the messages not sent waiting, as they were."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from arapp.db.models import ContactLogEntry, Invoice, OutboxMessage
from arapp.services.context import AppContext
from arapp.services.reminders import outgoing as outgoing_module
from arapp.services.reminders.claims import UNKNOWN
from arapp.services.reminders.mailer import open_transport, store_password
from arapp.services.reminders.outbox import (
    SendReport,
    cancel,
    list_outbox,
    recover_stale,
    send_outbox,
)
from arapp.services.reminders.run import plan_run, queue
from tests.helpers.books import TODAY
from tests.helpers.books import customer as _customer
from tests.helpers.books import overdue_invoice as _invoice
from tests.helpers.cli import run
from tests.helpers.mailserver import (
    PASSWORD,
    USER,
    memory_keyring,
    point_at,
    self_signed,
    server,
    shop,
    start_server,
)

__all__ = ["memory_keyring", "server", "shop"]  # the mail-server fixtures, used from here

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    """A clock that moves ``step`` forward each time it is read."""

    def __init__(self, step: timedelta) -> None:
        self.at, self.step = START, step

    def __call__(self) -> datetime:
        self.at += self.step
        return self.at


def _queued(ctx: AppContext, n: int) -> list[int]:
    for i in range(n):
        _invoice(ctx, _customer(ctx, f"Customer {i:02}", f"c{i:02}@example.org"), 3)
    return list(queue(ctx, plan_run(ctx, TODAY), TODAY).message_ids)


def _rows(ctx: AppContext) -> dict[int, SimpleNamespace]:
    """Each outbox row as it is stored (plain values, readable after the session)."""
    with ctx.db.read() as session:
        return {
            r.id: SimpleNamespace(
                state=r.state, attempts=r.attempts, claimed_at=r.claimed_at, sent_at=r.sent_at,
                last_error=r.last_error, customer_id=r.customer_id,
            )
            for r in session.scalars(select(OutboxMessage))
        }  # fmt: skip


def test_batches_send_and_record_each_message_once(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    ids = _queued(ctx, 7)
    seen: list[tuple[int, int]] = []
    report = send_outbox(
        ctx, open_transport(ctx), batch=3, progress=lambda d, t: seen.append((d, t))
    )
    assert sorted(report.sent) == sorted(ids) and not report.retry + report.failed + report.unknown
    assert seen == [(n, 7) for n in range(1, 8)]
    assert sorted(r[0][0] for r in inbox.received) == [f"c{i:02}@example.org" for i in range(7)]
    assert all(len(m.get_payload()) == 2 for _, m in inbox.received)  # text and the PDF
    rows = _rows(ctx)
    assert {(r.state, r.attempts) for r in rows.values()} == {("sent", 1)}
    with ctx.db.read() as session:
        logged = list(session.scalars(select(ContactLogEntry.customer_id)))
    assert sorted(logged) == sorted(r.customer_id for r in rows.values())  # once each
    assert send_outbox(ctx, open_transport(ctx), batch=3).sent == ()
    assert len(inbox.received) == 7


def test_an_invoice_that_cannot_be_printed_fails_only_its_message(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    ids = _queued(ctx, 3)
    with ctx.db.write() as session:  # the books altered behind the program's back
        broken, number = session.execute(
            select(Invoice.id, Invoice.number).order_by(Invoice.id).offset(1).limit(1)
        ).one()
        session.execute(update(Invoice).where(Invoice.id == broken).values(total=Invoice.total + 1))
    report = send_outbox(ctx, open_transport(ctx))
    assert len(report.sent) == 2 and len(report.failed) == 1 and not report.stopped
    (failed,) = report.failed
    row = _rows(ctx)[failed]
    assert row.state == "failed" and row.attempts == 0
    assert f"The PDF of invoice {number} could not be made" in row.last_error
    assert "stored total differs from its lines" in row.last_error
    assert len(inbox.received) == 2 and failed in ids
    listing = run("outbox", "list", "--state", "failed", db=tmp_path / "books.sqlite3")
    assert f"The PDF of invoice {number}" in listing.stdout


def test_the_command_line_says_why_a_message_failed(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    _invoice(ctx, _customer(ctx, "Altered", "alt@example.org"), 3)
    with ctx.db.write() as session:
        session.execute(update(Invoice).values(total=Invoice.total + 1))
    sent = run("remind", "--as-of", TODAY.isoformat(), db=tmp_path / "books.sqlite3")
    assert sent.returncode == 1 and "failed 1" in sent.stdout
    assert "could not be made" in sent.stderr and "stored total differs" in sent.stderr
    assert inbox.received == []


def test_each_claim_and_send_is_stamped_when_it_happened(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = shop
    ids = _queued(ctx, 5)
    ctx.now = Clock(timedelta(seconds=10))
    send_outbox(ctx, open_transport(ctx), batch=2)
    rows = [_rows(ctx)[i] for i in ids]
    sent = [r.sent_at for r in rows]
    assert all(s is not None for s in sent) and sent == sorted(set(sent))  # each its own moment
    claims = [r.claimed_at for r in rows]
    assert claims[0] == claims[1] and claims[2] == claims[3]  # one claim per batch
    assert claims[0] < sent[0] < sent[1] < claims[2] < sent[2] < sent[3] < claims[4] < sent[4]
    with ctx.db.read() as session:
        logged = sorted(session.scalars(select(ContactLogEntry.at)))
    assert logged == sent


def test_a_long_run_never_looks_stale_to_a_second_run(shop) -> None:  # type: ignore[no-untyped-def]
    """Each send takes minutes by this clock; a second run looking at every step finds no
    message claimed long enough ago to take for stale (the run's start time would be)."""
    ctx, inbox = shop
    ids = _queued(ctx, 6)
    ctx.now = Clock(timedelta(minutes=4))
    taken: list[int] = []
    report = send_outbox(
        ctx, open_transport(ctx), progress=lambda d, t: taken.append(recover_stale(ctx, ctx.now()))
    )
    assert taken == [0] * 6
    assert sorted(report.sent) == sorted(ids) and len(inbox.received) == 6
    assert ctx.now() - START > timedelta(minutes=60)  # the run was long
    assert {r.state for r in list_outbox(ctx)} == {"sent"}


def test_stopping_mid_batch_leaves_the_rest_as_they_were(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    ids = _queued(ctx, 5)
    done: list[int] = []
    report = send_outbox(
        ctx, open_transport(ctx), progress=lambda d, t: done.append(d),
        should_stop=lambda: len(done) >= 2,
    )  # fmt: skip
    assert report.cancelled and len(report.sent) == 2 and len(inbox.received) == 2
    rows = _rows(ctx)
    rest = [rows[i] for i in ids if i not in report.sent]
    assert {(r.state, r.attempts, r.claimed_at) for r in rest} == {("queued", 0, None)}
    assert len(send_outbox(ctx, open_transport(ctx)).sent) == 3
    assert len(inbox.received) == 5


def test_a_process_killed_mid_batch_leaves_its_batch_unknown_none_resent(shop, db_url: str) -> None:  # type: ignore[no-untyped-def]
    """The price of a batch: killed while handing over its second message, the process leaves
    all three claimed; they become "unknown" for a person, the two not tried included, and no
    later run sends any of them."""
    ctx, inbox = shop
    _queued(ctx, 3)
    script = textwrap.dedent(
        f"""
        import os
        from arapp.db.engine import Database
        from arapp.mail.smtp import SmtpSettings, SmtpTransport
        from arapp.services.context import AppContext
        from arapp.services.reminders import outbox
        from arapp.services.settings import get_setting

        ctx = AppContext(Database({db_url!r}))
        settings = SmtpSettings("127.0.0.1", get_setting(ctx, "smtp.port"), "starttls",
                                {USER!r}, {PASSWORD!r}, 5)
        transport = SmtpTransport(settings)
        real, calls = transport.send, []
        def send(mail):
            calls.append(mail)
            if len(calls) == 2:
                os._exit(9)  # killed as the second message is handed over
            real(mail)
        transport.send = send
        outbox.send_outbox(ctx, transport)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert done.returncode == 9 and len(inbox.received) == 1
    assert {r.state for r in list_outbox(ctx)} == {"sending"}
    report = send_outbox(ctx, open_transport(ctx), stale_after=timedelta(0))
    assert report == SendReport() and len(inbox.received) == 1
    assert {(r.state, r.last_error) for r in list_outbox(ctx)} == {("unknown", UNKNOWN)}


@pytest.fixture
def stoppable(ctx: AppContext, tmp_path: Path, monkeypatch, memory_keyring) -> Iterator:  # type: ignore[no-untyped-def]
    """The shop pointed at a server, and a function that stops the server mid-run."""
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    controller, inbox = start_server(cert, key)
    point_at(ctx, controller.port)
    store_password(ctx, PASSWORD)
    running = [True]

    def stop() -> None:
        if running.pop():
            controller.stop()
            running.append(False)

    yield ctx, inbox, stop
    stop()


def test_a_server_that_breaks_mid_batch_leaves_the_rest_unsent(stoppable) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, stop_server = stoppable
    ids = _queued(ctx, 6)

    def progress(done: int, total: int) -> None:
        if done == 2:  # the server drops the line on the third message, then goes away
            inbox.rcpt_answers.append("disconnect")
        if done == 3:
            stop_server()

    report = send_outbox(ctx, open_transport(ctx), progress=progress)
    assert report.sent == tuple(ids[:2]) and len(inbox.received) == 2
    assert "refused the connection" in report.stopped  # the run says so and stops
    rows = _rows(ctx)
    assert {rows[i].state for i in ids[:2]} == {"sent"}
    third, fourth = rows[ids[2]], rows[ids[3]]
    assert report.retry == (ids[2], ids[3]) and not report.unknown + report.failed
    assert (third.state, third.attempts) == (
        "retry",
        1,
    ) and "before the message" in third.last_error
    assert (fourth.state, fourth.attempts) == ("retry", 1)
    assert "refused the connection" in fourth.last_error
    waiting = {(rows[i].state, rows[i].attempts, rows[i].claimed_at) for i in ids[4:]}
    assert waiting == {("queued", 0, None)}  # given back as they were: claimable again


def test_messages_made_ready_ahead_are_claimed_only_if_still_waiting(shop, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Several batches are made ready in one read; one cancelled after it was made ready (and
    before its batch) is not sent, and the others are sent once each."""
    ctx, inbox = shop
    ids = _queued(ctx, 7)
    reads: list[list[int]] = []
    real = outgoing_module.outgoing

    def counted(ctx_, who, wanted, attach, ahead=()):  # type: ignore[no-untyped-def]
        reads.append([*wanted, *ahead])
        return real(ctx_, who, wanted, attach, ahead)

    monkeypatch.setattr(outgoing_module, "outgoing", counted)
    report = send_outbox(
        ctx, open_transport(ctx), batch=2,
        progress=lambda d, t: d == 1 and cancel(ctx, [ids[-1]]),
    )  # fmt: skip
    assert reads == [ids]  # one read for the four batches
    assert sorted(report.sent) == ids[:-1] and len(inbox.received) == 6
    assert _rows(ctx)[ids[-1]].state == "cancelled"
    with ctx.db.read() as session:
        summaries = list(session.scalars(select(ContactLogEntry.summary)))
    assert len(summaries) == 6
    assert all(s.startswith("Reminder e-mailed to c") and "(invoices INV-" in s for s in summaries)
