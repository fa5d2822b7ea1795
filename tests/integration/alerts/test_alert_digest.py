# SPDX-License-Identifier: MIT
"""The owner's daily alerts digest, end to end through a real SMTP server (aiosmtpd): off by
default, queued once a day, queued is not sent, sent through the outboxes' send loop, and the
command line for the scheduler."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from arapp.db.models import AlertDigest
from arapp.services.alert_digest import queue_digest, send_digests
from arapp.services.alerts import dismiss_alert
from arapp.services.context import AppContext
from arapp.services.reminders.mailer import open_transport, store_password
from arapp.services.settings import set_setting
from tests.helpers.alert_books import AlertBooks, alert_books
from tests.helpers.cli import run
from tests.helpers.mailserver import PASSWORD, Inbox, memory_keyring, point_at, server

__all__ = ["memory_keyring", "server"]
OWNER = "owner@example.org"


@pytest.fixture
def shop(ctx: AppContext, server, memory_keyring) -> tuple[AlertBooks, Inbox]:  # type: ignore[no-untyped-def]
    port, inbox = server
    point_at(ctx, port)
    store_password(ctx, PASSWORD)
    return alert_books(ctx), inbox


def _digests(ctx: AppContext) -> list[tuple[date, str, str]]:
    with ctx.db.read() as session:
        return [
            (d.day, d.state, d.recipient)
            for d in session.query(AlertDigest).order_by(AlertDigest.id)
        ]


def test_off_by_default_then_queued_once_a_day_and_sent(shop) -> None:  # type: ignore[no-untyped-def]
    books, inbox = shop
    ctx = books.ctx
    off = queue_digest(ctx)
    assert not off.queued and off.message == "The alerts digest is off (alerts.digest)."
    set_setting(ctx, "alerts.digest", "yes")
    assert "no address" in queue_digest(ctx).message
    set_setting(ctx, "alerts.digest_to", OWNER)
    dismiss_alert(ctx, f"overdue:{books.olga}:-:60")
    done = queue_digest(ctx)
    assert done.queued and done.state == "queued"
    assert done.message == (
        f"Queued the alerts digest of 2026-11-23 (6 alerts) for {OWNER}; not sent yet."
    )
    assert inbox.received == []  # queued is not sent
    again = queue_digest(ctx)
    assert not again.queued and again.digest_id == done.digest_id
    assert "queued before (now queued); one a day at most" in again.message
    report = send_digests(ctx, open_transport(ctx))
    assert report.sent == (done.digest_id,)
    [(to, mail)] = inbox.received
    assert to == [OWNER] and mail["Subject"] == "Test Shop: 6 alerts on 2026-11-23"
    body = mail.get_content().replace("\r\n", "\n")
    assert "Broken promise (1)\n- Pia promised to pay 300.00 EUR" in body
    assert "Credit limit (1)\n- Cora owes 900.00 EUR, 90 % of their credit limit" in body
    assert "1 dismissed or snoozed alert is not listed." in body
    assert "Olga" not in body
    assert _digests(ctx) == [(date(2026, 11, 23), "sent", OWNER)]
    # sent once: a second send and a second queueing send nothing more
    assert send_digests(ctx, open_transport(ctx)).sent == ()
    assert "now sent" in queue_digest(ctx).message and len(inbox.received) == 1


def test_a_refused_digest_waits_to_be_retried(shop) -> None:  # type: ignore[no-untyped-def]
    books, inbox = shop
    set_setting(books.ctx, "alerts.digest", "yes")
    set_setting(books.ctx, "alerts.digest_to", OWNER)
    queue_digest(books.ctx)
    inbox.data_answers.append("451 try again later")
    report = send_digests(books.ctx, open_transport(books.ctx))
    assert report.sent == () and len(report.retry) == 1
    assert _digests(books.ctx)[0][1] == "retry"


def test_cli_digest_for_the_scheduler(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    books, inbox = shop
    db = tmp_path / "books.sqlite3"
    off = run("alerts", "digest", "--as-of", "2026-11-23", db=db)
    assert off.returncode == 0 and off.stdout == "The alerts digest is off (alerts.digest).\n"
    set_setting(books.ctx, "alerts.digest", "yes")
    set_setting(books.ctx, "alerts.digest_to", OWNER)
    queued = run("alerts", "digest", "--as-of", "2026-11-23", "--no-send", db=db)
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout == (
        f"Queued the alerts digest of 2026-11-23 (7 alerts) for {OWNER}; not sent yet.\n"
    )
    assert inbox.received == []
    sent = run("alerts", "digest", "--as-of", "2026-11-23", db=db)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.splitlines() == [
        "The alerts digest of 2026-11-23 was queued before (now queued); one a day at most.",
        "Sent: 1 digest of alerts.",
    ]
    assert len(inbox.received) == 1
