# SPDX-License-Identifier: MIT
"""The document outbox's actions on real books with a real SMTP server: each refuses a delivery
in the wrong state (nothing changes), a retry not yet due goes with "send waiting now", and a
delivery marked sent is recorded as confirmed by the person, never as a fresh send."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from arapp.db.models import AuditEntry, DocumentDelivery
from arapp.services.context import AppContext
from arapp.services.delivery.outbox import (
    cancel_deliveries,
    deliveries_waiting,
    list_deliveries,
    mark_deliveries_sent,
    retry_deliveries,
    send_waiting_documents,
)
from arapp.services.delivery.send import send_invoices
from arapp.services.errors import ServiceError
from arapp.services.reminders.mailer import MailProblem
from tests.helpers.books import TODAY, customer, issued_invoice
from tests.helpers.mailserver import memory_keyring, server, shop

__all__ = ["memory_keyring", "server", "shop"]


def _invoices(ctx: AppContext, n: int) -> list[int]:
    who = customer(ctx, "Acme Ltd", "ap@example.org")
    return [issued_invoice(ctx, who, TODAY, f"{100 + i}.50") for i in range(n)]


def test_no_account_raises_and_nothing_changes(ctx: AppContext) -> None:
    ids = _invoices(ctx, 2)
    assert [o.result for o in send_invoices(ctx, ids)] == ["queued", "queued"]
    with pytest.raises(MailProblem):
        send_waiting_documents(ctx)
    assert deliveries_waiting(ctx).queued == 2
    assert [r.attempts for r in list_deliveries(ctx)] == [0, 0]


def test_actions_refuse_the_wrong_state_in_words(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, _inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "sent" and outcome.delivery_id is not None
    for action in (cancel_deliveries, mark_deliveries_sent, retry_deliveries):
        with pytest.raises(ServiceError, match=r"is sent; only one that is .* Nothing was changed"):
            action(ctx, [outcome.delivery_id])
    (record,) = list_deliveries(ctx)
    assert record.state == "sent" and record.confirmed_by == ""


def test_a_retry_not_yet_due_goes_when_the_person_asks(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    inbox.data_answers.append("451 4.3.0 Try again later")
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "retry"
    (record,) = list_deliveries(ctx, ("retry",))
    assert record.next_attempt_at is not None and record.next_attempt_at > ctx.now()
    (again,) = send_waiting_documents(ctx)
    assert again.result == "sent" and len(inbox.received) == 1
    assert deliveries_waiting(ctx).total == 0


def test_marked_sent_keeps_the_hand_over_and_names_who_confirmed(shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    (invoice_id,) = _invoices(ctx, 1)
    inbox.data_answers.append("disconnect")
    (outcome,) = send_invoices(ctx, [invoice_id])
    assert outcome.result == "unknown" and outcome.delivery_id is not None
    with ctx.db.read() as session:
        claimed = session.get_one(DocumentDelivery, outcome.delivery_id).claimed_at
    mark_deliveries_sent(ctx, [outcome.delivery_id])
    with ctx.db.read() as session:
        row = session.get_one(DocumentDelivery, outcome.delivery_id)
        assert (row.state, row.sent_at, row.confirmed_by) == ("sent", claimed, ctx.actor)
        assert row.attempts == 1  # not another hand-over
        entity_id, reason = session.execute(
            select(AuditEntry.entity_id, AuditEntry.reason).where(
                AuditEntry.action == "delivery_marked_sent"
            )
        ).one()
    assert entity_id == outcome.delivery_id and "saw it leave" in reason
    assert len(inbox.received) == 1
    (again,) = send_invoices(ctx, [invoice_id])  # a plain send says when it went
    assert again.result == "already_sent" and len(inbox.received) == 1


def test_the_command_line_lists_and_acts_on_documents(shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.cli import run

    ctx, inbox = shop
    first, second = _invoices(ctx, 2)
    books = tmp_path / "books.sqlite3"
    empty = run("outbox", "documents", db=books)
    assert empty.returncode == 0
    assert empty.stdout == "No invoice, credit note or statement e-mails are waiting or need you.\n"
    empty_reminders = run("outbox", "list", "--state", "failed", db=books)
    assert empty_reminders.stdout == "No reminders in the Outbox that are failed.\n"
    inbox.data_answers.append("disconnect")
    (unknown,) = send_invoices(ctx, [first])
    inbox.data_answers.append("550 5.1.1 No such mailbox")
    (failed,) = send_invoices(ctx, [second])
    assert (unknown.result, failed.result) == ("unknown", "failed")
    listed = run("outbox", "documents", db=books)
    assert listed.returncode == 0
    assert "unknown" in listed.stdout and "No such mailbox" in listed.stdout
    refused = run("outbox", "document-mark-sent", str(failed.delivery_id), db=books)
    assert refused.returncode == 1 and "Nothing was changed" in refused.stderr
    marked = run("outbox", "document-mark-sent", str(unknown.delivery_id), db=books)
    assert marked.returncode == 0 and "confirmed by you; not sent" in marked.stdout
    retried = run("outbox", "document-retry", str(failed.delivery_id), db=books)
    assert retried.returncode == 0 and "queued again" in retried.stdout
    sent = run("outbox", "send", db=books)
    assert sent.returncode == 0, sent.stderr
    assert len(inbox.received) == 2  # the unknown one went once; the retried one now
    everything = run("outbox", "documents", "--all", db=books)
    assert "sent (confirmed by " in everything.stdout and "broke" not in everything.stdout
