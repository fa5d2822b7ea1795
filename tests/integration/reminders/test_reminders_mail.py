# SPDX-License-Identifier: MIT
"""Reminders through a real SMTP server (aiosmtpd, STARTTLS, AUTH) and a real keyring API.

Faults end with no reminder sent twice and none lost: wrong password, 451 then 250, 550, a
disconnect after the message was handed over, a process killed between send and commit.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pypdf import PdfReader

from arapp.mail import credentials
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.invoice_documents import invoice_pdf
from arapp.services.reminders.holds import open_dispute, record_promise
from arapp.services.reminders.mailer import (
    MailProblem,
    open_transport,
    send_test_email,
    store_password,
)
from arapp.services.reminders.outbox import list_outbox, mark_sent, send_again, send_outbox
from arapp.services.reminders.policy import set_customer_reminders
from arapp.services.reminders.run import plan_run, queue
from arapp.services.settings import set_setting
from tests.helpers.books import customer as _customer
from tests.helpers.books import overdue_invoice as _invoice
from tests.helpers.mailserver import (
    PASSWORD,
    USER,
    MemoryKeyring,
    memory_keyring,
    point_at,
    self_signed,
    server,
)
from tests.helpers.postgres import PG_URL

__all__ = ["memory_keyring", "server"]  # the mail-server fixtures, used from here

TODAY = date(2026, 11, 23)
on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)


@pytest.fixture
def shop(ctx: AppContext, server, memory_keyring):  # type: ignore[no-untyped-def]
    return _configure(ctx, server)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=on_postgres)])
def shop_url(request: pytest.FixtureRequest, server, memory_keyring):  # type: ignore[no-untyped-def]
    """The shop in a SQLite file and on the PostgreSQL server, with the books' URL (for the
    other processes)."""
    if request.param == "sqlite":
        ctx, url = request.getfixturevalue("ctx"), request.getfixturevalue("db_url")
    else:
        ctx, url = request.getfixturevalue("pg_ctx"), PG_URL
    return (*_configure(ctx, server), url)


def _configure(ctx: AppContext, server):  # type: ignore[no-untyped-def]
    port, inbox = server
    point_at(ctx, port)
    store_password(ctx, PASSWORD)
    return ctx, inbox


def test_password_only_in_the_keyring(shop, memory_keyring: MemoryKeyring) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = shop
    assert memory_keyring.store == {("arapp-smtp", USER): PASSWORD}
    with ctx.db.read() as s:
        from sqlalchemy import text

        dump = "\n".join(str(r) for r in s.execute(text("SELECT key, value FROM setting")))
    assert PASSWORD not in dump


def test_no_usable_keyring_says_so_and_how_to_fix() -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(credentials.KeyringUnavailable, match="PYTHON_KEYRING_BACKEND"):
            credentials.set_password("x", "y")
        with pytest.raises(credentials.KeyringUnavailable, match="plain text"):
            credentials.get_password("x")
    finally:
        keyring.set_keyring(before)


def test_test_email_and_its_causes(shop, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    assert send_test_email(ctx) == USER
    assert inbox.received[0][1]["Subject"] == "arapp test message"
    store_password(ctx, "wrong")
    with pytest.raises(MailProblem, match="535") as wrong:
        send_test_email(ctx)
    assert wrong.value.kind == "auth"
    store_password(ctx, PASSWORD)
    other, _ = self_signed(tmp_path / "..")  # a certificate the server does not use
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    with pytest.raises(MailProblem, match="not trusted") as tls:
        send_test_email(ctx)
    assert tls.value.kind == "tls"
    from tests.helpers.mailserver import free_port

    set_setting(ctx, "smtp.port", str(free_port()))
    with pytest.raises(MailProblem, match="refused the connection") as refused:
        send_test_email(ctx)
    assert refused.value.kind == "refused"


def test_timeout_is_reported(shop) -> None:  # type: ignore[no-untyped-def]
    import socket

    ctx, _ = shop
    with socket.socket() as silent:  # accepts connections and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        set_setting(ctx, "smtp.port", str(silent.getsockname()[1]))
        set_setting(ctx, "smtp.timeout", "1")
        with pytest.raises(MailProblem, match="did not answer") as late:
            send_test_email(ctx)
    assert late.value.kind == "timeout"


def test_a_run_sends_each_reminder_once_with_the_pdf(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    zoe = _customer(ctx, "Zoë Café", "zoe@example.org")
    first, second = _invoice(ctx, zoe, 20, "100"), _invoice(ctx, zoe, 2, "50")
    due = plan_run(ctx, TODAY)
    assert [(d.invoice_id, d.level) for d in due] == [(first, 3), (second, 2)]
    queued = queue(ctx, due, TODAY)
    assert queued.reminders == 2 and len(queued.message_ids) == 1  # grouped per customer
    assert queue(ctx, due, TODAY).skipped == 2  # a second queue adds nothing
    assert plan_run(ctx, TODAY) == []
    report = send_outbox(ctx, open_transport(ctx))
    assert len(report.sent) == 1
    ((rcpts, message),) = inbox.received
    assert rcpts == ["zoe@example.org"]
    body = message.get_body(("plain",)).get_content()
    assert "20 days overdue" in message["Subject"] and "€100.00" in body and "€50.00" in body
    pdfs = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 2
    text = PdfReader(io.BytesIO(pdfs[0].get_content())).pages[0].extract_text()
    assert "Zoë Café" in text
    assert send_outbox(ctx, open_transport(ctx)).sent == ()  # nothing twice
    assert len(inbox.received) == 1
    assert cust.get_customer(ctx, zoe).log[0].kind == "email"


def test_the_attached_pdf_is_the_invoice_as_issued(shop) -> None:  # type: ignore[no-untyped-def]
    """A customer renamed after the invoice was issued gets the reminder at the new address, with
    the invoice attached exactly as it was issued (issue 13)."""
    ctx, inbox = shop
    zoe = _customer(ctx, "Zoë Café", "zoe@example.org")
    invoice = _invoice(ctx, zoe, 20, "100")
    issued = PdfReader(io.BytesIO(invoice_pdf(ctx, invoice))).pages[0].extract_text()
    typed = cust.get_customer(ctx, zoe).customer.as_input()
    renamed = replace(typed, name="Zoë Renamed Ltd", email="new@example.org")
    cust.update_customer(ctx, zoe, renamed)
    set_setting(ctx, "fees.late_fee_flat", "25")
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    assert len(send_outbox(ctx, open_transport(ctx)).sent) == 1
    ((rcpts, message),) = inbox.received
    assert rcpts == ["new@example.org"]
    [pdf] = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    attached = PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
    assert attached == issued and "Zoë Café" in attached and "Renamed" not in attached


def test_holds_pauses_and_letters(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = shop
    a = _customer(ctx, "Disputes", "a@example.org")
    b = _customer(ctx, "Promises", "b@example.org")
    c = _customer(ctx, "Paused", "c@example.org")
    d = _customer(ctx, "No Mail")
    open_dispute(ctx, _invoice(ctx, a, 5), "never delivered")
    record_promise(ctx, _invoice(ctx, b, 5), TODAY + timedelta(days=3))
    _invoice(ctx, c, 5)
    set_customer_reminders(ctx, c, paused_until=TODAY)
    _invoice(ctx, d, 5)
    assert [(x.customer_name, x.channel) for x in plan_run(ctx, TODAY)] == [("No Mail", "letter")]
    later = {x.customer_name for x in plan_run(ctx, TODAY + timedelta(days=4))}
    assert later == {"No Mail", "Promises", "Paused"}


def test_451_then_250_retries_with_backoff(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    _invoice(ctx, _customer(ctx, "Deferred", "d@example.org"), 3)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    inbox.rcpt_answers.append("451 4.7.1 Try again later")
    report = send_outbox(ctx, open_transport(ctx))
    assert report.retry and not inbox.received
    (row,) = list_outbox(ctx)
    assert row.state == "retry" and "451" in row.last_error and row.next_attempt_at
    assert send_outbox(ctx, open_transport(ctx)).retry == ()  # not yet due
    report = send_outbox(ctx, open_transport(ctx), now=row.next_attempt_at)
    assert report.sent == (row.id,) and len(inbox.received) == 1


def test_550_fails_for_a_person_to_act(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    _invoice(ctx, _customer(ctx, "Gone", "gone@example.org"), 3)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    inbox.rcpt_answers.append("550 5.1.1 No such user")
    assert send_outbox(ctx, open_transport(ctx)).failed
    (row,) = list_outbox(ctx)
    assert row.state == "failed" and "550" in row.last_error
    assert send_outbox(ctx, open_transport(ctx)).sent == ()
    send_again(ctx, [row.id])
    assert send_outbox(ctx, open_transport(ctx)).sent == (row.id,)
    assert len(inbox.received) == 1


def test_disconnect_after_handover_is_unknown_and_not_resent(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    _invoice(ctx, _customer(ctx, "Flaky", "f@example.org"), 3)
    _invoice(ctx, _customer(ctx, "Fine", "ok@example.org"), 3)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    inbox.data_answers.append("disconnect")
    report = send_outbox(ctx, open_transport(ctx))
    assert len(report.unknown) == 1 and len(report.sent) == 1  # the next one reconnects
    assert send_outbox(ctx, open_transport(ctx)).sent == ()
    assert len(inbox.received) == 2  # the server had it: it is not sent again
    mark_sent(ctx, report.unknown)
    assert {r.state for r in list_outbox(ctx)} == {"sent"}


def test_wrong_password_sends_nothing_and_loses_nothing(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    _invoice(ctx, _customer(ctx, "Kept", "k@example.org"), 3)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    store_password(ctx, "wrong")
    report = send_outbox(ctx, open_transport(ctx))
    assert "535" in report.stopped and not inbox.received
    store_password(ctx, PASSWORD)
    (row,) = list_outbox(ctx)
    assert row.state == "retry"
    assert send_outbox(ctx, open_transport(ctx), now=row.next_attempt_at).sent == (row.id,)


def _sender(db_url: str, kill_after_send: bool = False) -> str:
    """A separate Python process that sends the outbox (optionally killed once a message was
    confirmed by the server, before its commit) and prints how many it sent."""
    return textwrap.dedent(
        f"""
        import os
        from arapp.db.engine import Database
        from arapp.mail.smtp import SmtpSettings, SmtpTransport
        from arapp.services.context import AppContext
        from arapp.services import outbox_claims
        from arapp.services.reminders import outbox
        from arapp.services.settings import get_setting

        ctx = AppContext(Database({db_url!r}))
        real = outbox_claims._finish
        def die(row, done):
            if done.state == "sent" and {kill_after_send!r}:
                os._exit(9)  # killed after SMTP confirmed, before the commit
            real(row, done)
        outbox_claims._finish = die
        settings = SmtpSettings("127.0.0.1", get_setting(ctx, "smtp.port"), "starttls",
                                {USER!r}, {PASSWORD!r}, 5)
        print(len(outbox.send_outbox(ctx, SmtpTransport(settings)).sent))
        """
    )


def test_killed_between_send_and_commit_becomes_unknown(shop_url) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, db_url = shop_url
    _invoice(ctx, _customer(ctx, "Crash", "c@example.org"), 3)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    script = _sender(db_url, kill_after_send=True)
    done = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert done.returncode == 9
    assert len(inbox.received) == 1
    (row,) = list_outbox(ctx)
    assert row.state == "sending"
    report = send_outbox(ctx, open_transport(ctx), stale_after=timedelta(0))
    assert report.sent == () and len(inbox.received) == 1
    (row,) = list_outbox(ctx)
    assert row.state == "unknown" and "stopped while sending" in row.last_error


def test_three_processes_never_send_the_same_message(shop_url) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox, db_url = shop_url
    for n in range(12):
        _invoice(ctx, _customer(ctx, f"C{n}", f"c{n}@example.org"), 3)
    queue(ctx, plan_run(ctx, TODAY), TODAY)
    senders = [
        subprocess.Popen([sys.executable, "-c", _sender(db_url)], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    sent = [int(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in senders]
    assert all(p.returncode == 0 for p in senders)
    assert sum(sent) == 12, sent
    assert sorted(r[0][0] for r in inbox.received) == sorted(f"c{n}@example.org" for n in range(12))
    assert {row.state for row in list_outbox(ctx)} == {"sent"}
