# SPDX-License-Identifier: MIT
"""E-mailing invoices through a real SMTP server (aiosmtpd on 127.0.0.1) on real SQLite books:
the PDF attached and read back, exactly once per document and recipient set (also after a kill),
"again" as a delivery of its own, honest states for a broken server, the command line."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from arapp.db.models import ContactLogEntry, Customer, DocumentDelivery, Invoice
from arapp.services.context import AppContext
from arapp.services.delivery.send import send_invoices, send_statement
from arapp.services.delivery.sending import recover_stale, send_deliveries
from arapp.services.reminders.claims import UNKNOWN
from arapp.services.reminders.mailer import open_transport
from tests.helpers.books import TODAY, customer, issued_invoice
from tests.helpers.cli import run
from tests.helpers.mailserver import PASSWORD, USER, memory_keyring, server, shop

__all__ = ["memory_keyring", "server", "shop"]  # the mail-server fixtures, used from here


def _invoices(ctx: AppContext, n: int, email: str = "ap@example.org") -> list[int]:
    who = customer(ctx, "Acme Ltd", email)
    return [issued_invoice(ctx, who, TODAY, f"{100 + i}.50") for i in range(n)]


def _number(ctx: AppContext, invoice_id: int) -> str:
    with ctx.db.read() as session:
        number = session.get_one(Invoice, invoice_id).number
    assert number
    return number


def test_an_invoice_arrives_with_its_pdf_and_is_marked_sent(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    number = _number(ctx, invoice_id)
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "sent" and outcome.recipients == "ap@example.org"
    ((rcpts, message),) = inbox.received
    assert rcpts == ["ap@example.org"] and message["From"] == USER
    assert message["Subject"] == f"Invoice {number} from Test Shop"
    assert message["Message-ID"].endswith("@example.org>")
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == f"{number}.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(part.get_content())).pages)
    assert number in text and "100.50" in text
    assert number in message.get_body(("plain",)).get_content()
    with ctx.db.read() as session:
        invoice = session.get_one(Invoice, invoice_id)
        assert invoice.sent_at is not None and invoice.status == "sent"
        (summary,) = session.scalars(select(ContactLogEntry.summary)).all()
    assert summary == f"Invoice {number} e-mailed to ap@example.org"


def test_sending_twice_sends_once_and_again_sends_a_copy(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    send_invoices(ctx, [invoice_id])
    (second,) = send_invoices(ctx, [invoice_id])
    assert second.result == "already_sent" and second.at is not None
    assert len(inbox.received) == 1
    (copy,) = send_invoices(ctx, [invoice_id], again=True)
    assert copy.result == "sent" and len(inbox.received) == 2
    with ctx.db.read() as session:
        rows = session.scalars(select(DocumentDelivery).order_by(DocumentDelivery.id)).all()
        assert [(r.copy, r.state) for r in rows] == [(0, "sent"), (1, "sent")]
        assert rows[0].message_id != rows[1].message_id
    # other people are another recipient set: it goes to them
    (other,) = send_invoices(ctx, [invoice_id], to="boss@example.org")
    assert other.result == "sent" and inbox.received[-1][0] == ["boss@example.org"]


def test_a_dry_run_sends_and_writes_nothing(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    (outcome,) = send_invoices(ctx, [invoice_id], dry_run=True)
    assert outcome.result == "would_send" and not inbox.received
    with ctx.db.read() as session:
        assert session.scalars(select(DocumentDelivery)).all() == []
        assert session.get_one(Invoice, invoice_id).sent_at is None


def test_a_customer_without_address_and_a_draft_are_refused(shop) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft

    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1, email="")
    draft = save_draft(ctx, InvoiceDraft(customer(ctx, "B", "b@example.org"), TODAY,
                                         (LineDraft("x", "1", "5"),)))  # fmt: skip
    no_address, drafted = send_invoices(ctx, [invoice_id, draft.id])
    assert no_address.result == "refused" and "no e-mail address" in no_address.reason
    assert drafted.result == "refused" and "issue it first" in drafted.reason
    assert not inbox.received


def test_a_server_that_refuses_leaves_it_failed_never_sent(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    inbox.data_answers.append("554 5.7.1 Message rejected as spam")
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "failed" and "rejected as spam" in outcome.reason
    with ctx.db.read() as session:
        assert session.get_one(Invoice, invoice_id).sent_at is None
        assert session.scalars(select(ContactLogEntry)).all() == []


def test_a_temporary_failure_is_retried_later(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    inbox.data_answers.append("451 4.3.0 Try again later")
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "retry"
    with ctx.db.read() as session:
        row_id, later = session.execute(
            select(DocumentDelivery.id, DocumentDelivery.next_attempt_at)
        ).one()
    assert later is not None
    assert send_deliveries(ctx, open_transport(ctx), now=later).sent == (row_id,)


def test_a_broken_hand_over_is_unknown_and_not_resent(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    inbox.data_answers.append("disconnect")
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "unknown"
    (again,) = send_invoices(ctx, [invoice_id])
    assert again.result == "unknown" and len(inbox.received) == 1
    with ctx.db.read() as session:
        assert session.get_one(Invoice, invoice_id).sent_at is None


def test_no_mail_account_queues_and_says_so(ctx: AppContext) -> None:
    (invoice_id,) = _invoices(ctx, 1)
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "queued" and "No mail server is set" in outcome.reason
    with ctx.db.read() as session:
        assert session.scalars(select(DocumentDelivery.state)).all() == ["queued"]


def _sender_script(db_url: str, ids: list[int], kill_at: int, after_send: bool) -> str:
    return textwrap.dedent(
        f"""
        import os
        from arapp.db.engine import Database
        from arapp.mail.smtp import SmtpSettings, SmtpTransport
        from arapp.services.context import AppContext
        from arapp.services.delivery import send as delivery
        from arapp.services.settings import get_setting

        ctx = AppContext(Database({db_url!r}))
        settings = SmtpSettings("127.0.0.1", get_setting(ctx, "smtp.port"), "starttls",
                                {USER!r}, {PASSWORD!r}, 5)
        transport = SmtpTransport(settings)
        real, calls = transport.send, []
        def send(mail):
            calls.append(mail)
            if {after_send!r}:
                real(mail)
            if len(calls) == {kill_at}:
                os._exit(9)
            if not {after_send!r}:
                real(mail)
        transport.send = send
        delivery.send_invoices(ctx, {ids!r}, transport=transport)
        """
    )


def test_killed_after_the_server_accepted_is_unknown_not_resent(shop, db_url: str) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    script = _sender_script(db_url, [invoice_id], 1, after_send=True)
    done = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert done.returncode == 9 and len(inbox.received) == 1
    report = send_deliveries(ctx, open_transport(ctx), stale_after=timedelta(0))
    assert report.sent == () and len(inbox.received) == 1
    with ctx.db.read() as session:
        row = session.scalars(select(DocumentDelivery)).one()
        assert (row.state, row.last_error) == ("unknown", UNKNOWN)
        assert session.get_one(Invoice, invoice_id).sent_at is None
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "unknown" and len(inbox.received) == 1


def test_a_batch_killed_half_way_and_run_again_sends_nothing_twice(shop, db_url: str) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    ids = _invoices(ctx, 45)  # batches of 20: the first is recorded, the second dies
    script = _sender_script(db_url, ids, 25, after_send=False)
    done = subprocess.run([sys.executable, "-c", script], check=False, timeout=120)
    assert done.returncode == 9 and len(inbox.received) == 24
    assert recover_stale(ctx, ctx.now(), timedelta(0)) == 20  # the dead batch: unknown
    outcomes = send_invoices(ctx, ids)
    by_status: dict[str, int] = {}
    for o in outcomes:
        by_status[o.result] = by_status.get(o.result, 0) + 1
    assert by_status == {"already_sent": 20, "unknown": 20, "sent": 5}
    numbers = [m["Subject"] for _, m in inbox.received]
    assert len(numbers) == len(set(numbers)) == 29


def test_the_command_line_sends_and_refuses_to_send_twice(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    number = _number(ctx, invoice_id)
    books = tmp_path / "books.sqlite3"
    dry = run("invoice", "send", number, "--dry-run", db=books)
    assert dry.returncode == 0 and "would be sent to ap@example.org" in dry.stdout
    assert not inbox.received
    sent = run("invoice", "send", number, "--to", "x@example.org", db=books)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == f"Invoice {number}: sent to x@example.org."
    twice = run("invoice", "send", number, "--to", "x@example.org", db=books)
    assert twice.returncode == 0 and "already sent on" in twice.stdout
    dry_again = run("invoice", "send", number, "--to", "x@example.org", "--dry-run", db=books)
    assert "already sent on" in dry_again.stdout
    assert "nothing sent" in twice.stdout and len(inbox.received) == 1
    again = run("invoice", "send", number, "--to", "x@example.org", "--again", db=books)
    assert again.returncode == 0 and "sent to x@example.org" in again.stdout
    assert len(inbox.received) == 2


def test_a_statement_is_e_mailed_once(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    with ctx.db.read() as session:
        customer_id = session.get_one(Invoice, invoice_id).customer_id
        code = session.get_one(Customer, customer_id).code
    outcome = send_statement(ctx, customer_id, TODAY - timedelta(days=30), TODAY)
    assert outcome.result == "sent"
    ((_, message),) = inbox.received
    (part,) = list(message.iter_attachments())
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(part.get_content())).pages)
    assert "100.50" in text
    assert "Your balance is" in message.get_body(("plain",)).get_content()
    again = run("statement", "send", code, "--from", (TODAY - timedelta(days=30)).isoformat(),
                "--to", TODAY.isoformat(), db=tmp_path / "books.sqlite3")  # fmt: skip
    assert again.returncode == 0 and "already sent" in again.stdout
    assert len(inbox.received) == 1


def test_a_recurring_invoice_set_to_e_mail_goes_when_billed(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.invoices import LineDraft
    from arapp.services.recurring import RecurringInput, save_template

    ctx, inbox = shop
    who = customer(ctx, "Monthly Ltd", "m@example.org")
    for email in (True, False):
        save_template(
            ctx,
            RecurringInput(who, f"Care {email}", "monthly", TODAY,
                           (LineDraft("Care", "1", "50"),), send_by_email=email),
        )  # fmt: skip
    books = tmp_path / "books.sqlite3"
    billed = run("recurring", "run", "--as-of", TODAY.isoformat(), db=books)
    assert billed.returncode == 0, billed.stderr
    assert billed.stdout.count("Billed ") == 2 and ": sent to m@example.org." in billed.stdout
    assert len(inbox.received) == 1
    again = run("recurring", "run", "--as-of", TODAY.isoformat(), db=books)
    assert again.stdout.strip() == "Nothing is due." and len(inbox.received) == 1
