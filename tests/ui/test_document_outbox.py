# SPDX-License-Identifier: MIT
"""The Outbox's invoices and statements page, with a real SMTP server (aiosmtpd on 127.0.0.1):
documents queued without a mail account are listed and "Send waiting now" sends them with a
truthful summary; a failed one is retried; one whose hand-over broke is marked as sent by the
person (recorded as confirmed, nothing sent again); a waiting one is cancelled; the Today page
counts them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from arapp.db.models import AuditEntry, ContactLogEntry
from arapp.services.context import AppContext
from arapp.services.delivery.outbox import deliveries_waiting, list_deliveries
from arapp.services.delivery.send import send_invoices
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.reminders.mailer import store_password
from arapp.ui.reminders.outbox import OutboxDialog
from tests.helpers.mailserver import PASSWORD, memory_keyring, point_at, server
from tests.helpers.qt import company_display

__all__ = ["memory_keyring", "server"]

TIMEOUT_MS = 30_000
DAY = date(2026, 11, 2)


def _issued(ctx: AppContext, add_customer, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for i in range(n):
        who = add_customer(f"Customer {i:02}", email=f"c{i:02}@example.org")
        draft = save_draft(ctx, InvoiceDraft(who.id, DAY, (LineDraft("Paint", "1", "30"),)))
        ids.append(issue_invoice(ctx, draft.id).id)
    return ids


def _click(text: str):  # type: ignore[no-untyped-def]
    def answer(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == text).click()

    return answer


def _page(ctx: AppContext, qtbot):  # type: ignore[no-untyped-def]
    dialog = OutboxDialog(ctx, company_display(ctx), documents=True)
    qtbot.addWidget(dialog)
    dialog.resize(1366 - 80, 640)
    dialog.show()
    assert dialog.tabs.currentWidget() is dialog.documents
    return dialog, dialog.documents


def _cells(page, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.table.item(r, column).text() for r in range(page.table.rowCount())]


@pytest.fixture
def books(ctx: AppContext, server, memory_keyring, add_customer):  # type: ignore[no-untyped-def]
    """Three invoices queued while no mail account was set, then the account set up."""
    port, inbox = server
    ids = _issued(ctx, add_customer, 3)
    said = [o.result for o in send_invoices(ctx, ids)]
    assert said == ["queued"] * 3 and not inbox.received
    point_at(ctx, port)
    store_password(ctx, PASSWORD)
    return ctx, inbox, ids


def test_send_waiting_now_sends_the_queued_documents_and_says_so(  # type: ignore[no-untyped-def]
    books, qtbot, shots: Path
):
    ctx, inbox, ids = books
    dialog, page = _page(ctx, qtbot)
    assert _cells(page, 3) == ["waiting to be sent"] * 3
    assert sorted(_cells(page, 1)) == ["Customer 00", "Customer 01", "Customer 02"]
    dialog.grab().save(str(shots / "document-outbox.png"))
    page.send_now_button.click()
    batch = page.batch
    assert batch is not None
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    assert batch.summary is not None and batch.summary.text().startswith("3 sent.")
    batch.summary.close()
    assert len(inbox.received) == 3
    assert all(get_invoice(ctx, i).sent_at is not None for i in ids)
    qtbot.waitUntil(lambda: page.table.rowCount() == 0)
    assert deliveries_waiting(ctx).total == 0


def test_cancel_stops_the_send_and_the_rest_stay_waiting(  # type: ignore[no-untyped-def]
    books, qtbot
):
    from PySide6.QtCore import Qt

    ctx, inbox, _ids = books
    _dialog, page = _page(ctx, qtbot)
    page.send_now_button.click()
    batch = page.batch
    assert batch is not None
    batch.progressed.connect(lambda *_: batch.cancel(), Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    assert batch.summary is not None
    assert batch.summary.text().startswith("You stopped the sending. 1 sent, 2 not sent")
    batch.summary.close()
    assert len(inbox.received) == 1
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    assert _cells(page, 3) == ["waiting to be sent"] * 2


def test_a_failed_one_is_retried_and_a_waiting_one_cancelled(  # type: ignore[no-untyped-def]
    books, qtbot, answer_modal
):
    ctx, inbox, ids = books
    inbox.data_answers.append("550 5.1.1 No such mailbox")
    send_invoices(ctx, ids[:1])  # refused for good
    _dialog, page = _page(ctx, qtbot)
    rows = {r.invoice_id: r for r in page.records}
    assert rows[ids[0]].state == "failed"
    page.select(rows[ids[0]].id)
    assert page.retry_button.isEnabled() and not page.sent_button.isEnabled()
    assert "No such mailbox" in page.table.item(page.table.currentRow(), 6).text()
    page.retry_button.click()
    assert "queued again" in page.message.text()
    page.select(rows[ids[2]].id)
    page.cancel_button.click()
    assert "cancelled; it will not be sent" in page.message.text()
    page.send_now_button.click()
    batch = page.batch
    assert batch is not None
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    assert batch.summary is not None and batch.summary.text().startswith("2 sent.")
    batch.summary.close()
    states = {r.invoice_id: r.state for r in list_deliveries(ctx)}
    assert states == {ids[0]: "sent", ids[1]: "sent", ids[2]: "cancelled"}
    assert get_invoice(ctx, ids[2]).sent_at is None


def test_an_unknown_one_is_marked_sent_as_the_person_confirmed(  # type: ignore[no-untyped-def]
    books, qtbot, answer_modal, shots: Path
):
    ctx, inbox, ids = books
    inbox.data_answers.append("disconnect")  # the message arrives, the answer never does
    (outcome,) = send_invoices(ctx, ids[:1])
    assert outcome.result == "unknown" and len(inbox.received) == 1
    dialog, page = _page(ctx, qtbot)
    record = next(r for r in page.records if r.invoice_id == ids[0])
    page.select(record.id)
    assert page.table.item(page.table.currentRow(), 3).text() == "unknown: did it go?"
    assert page.sent_button.isEnabled() and not page.cancel_button.isEnabled()
    dialog.grab().save(str(shots / "document-outbox-unknown.png"))
    answer_modal(_click("Mark as sent"))
    page.sent_button.click()
    assert "marked as sent (confirmed by you; nothing sent)" in page.message.text()
    (done,) = [r for r in list_deliveries(ctx) if r.id == record.id]
    assert done.state == "sent" and done.confirmed_by == ctx.actor
    assert len(inbox.received) == 1  # nothing was sent again
    invoice = get_invoice(ctx, ids[0])
    assert invoice.sent_at is not None
    with ctx.db.read() as session:
        (summary,) = session.scalars(select(ContactLogEntry.summary)).all()
    assert summary.startswith("Invoice ") and "marked as sent by" in summary
    with ctx.db.read() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "delivery_marked_sent" in actions
    page.show_all.setChecked(True)
    assert f"sent (confirmed by {ctx.actor})" in _cells(page, 3)


def test_today_counts_the_documents(books, qtbot, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from arapp.ui.display import DisplaySource
    from arapp.ui.reminders.today import TodayPage

    ctx, _inbox, _ids = books
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.loading, timeout=TIMEOUT_MS)
    page.grab().save(str(shots / "today-documents.png"))
    text = page.waiting.text()
    assert "Invoices and statements in the Outbox: 3 e-mails queued, not sent." in text
    assert "(3 waiting)" in page.reminders.link.text()
