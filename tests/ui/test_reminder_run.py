# SPDX-License-Identifier: MIT
"""Collections ▸ Run reminders… against a real SMTP server (aiosmtpd) and the in-memory keyring."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import update

from arapp.db.models import Invoice
from arapp.services.reminders.mailer import store_password
from arapp.services.reminders.outbox import list_outbox
from arapp.services.settings import set_setting
from arapp.ui.reminders.outbox import OutboxDialog
from arapp.ui.reminders.run_dialog import ReminderRunDialog
from arapp.ui.reminders.run_tree import Column
from tests.helpers.books import customer, overdue_invoice
from tests.helpers.mailserver import PASSWORD
from tests.helpers.qt import company_display
from tests.helpers.ui_reminders import memory_keyring, server, shop

__all__ = ["memory_keyring", "server", "shop"]


def _open(qtbot, ctx) -> ReminderRunDialog:  # type: ignore[no-untyped-def]
    dialog = ReminderRunDialog(ctx, company_display(ctx))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def test_send_an_overdue_reminder_once(qtbot, shop, shots) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    overdue_invoice(ctx, acme, days_late=10)
    dialog = _open(qtbot, ctx)
    model = dialog.tree.model_
    assert len(model.messages) == 1
    assert model.text(model.message_index(0)) == "Acme Ltd"
    assert model.check_state(model.message_index(0)) == Qt.CheckState.Checked
    assert model.text(model.message_index(0, Column.SEND_TO)) == "ap@acme.example"
    assert "Subject:" in dialog.subject.text()
    subject = dialog.subject.text().split("Subject: ", 1)[1]
    assert dialog.body.toPlainText()
    dialog.grab().save(str(shots / "reminder-run.png"))

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy, timeout=10_000)
    assert len(dialog.outcome.report.sent) == 1
    assert dialog.summary.text().startswith("Sent: 1")
    [(rcpt, message)] = inbox.received
    assert rcpt == ["ap@acme.example"]
    assert message["Subject"] == subject
    [record] = list_outbox(ctx)
    assert record.state == "sent"
    assert dialog.tree.messages == []
    assert dialog.state.text().startswith("Nothing is due")
    dialog.grab().save(str(shots / "reminder-run-done.png"))

    again = _open(qtbot, ctx)
    assert again.tree.messages == []
    assert not again.send_button.isEnabled()


def test_wrong_password_is_said_plainly_and_the_message_waits(qtbot, shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    store_password(ctx, "not the password")
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    overdue_invoice(ctx, acme, days_late=10)
    dialog = _open(qtbot, ctx)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy, timeout=10_000)
    text = dialog.summary.text()
    assert "refused the user name or password" in text
    assert "Settings ▸ E-mail" in text
    assert inbox.received == []
    [record] = list_outbox(ctx)
    assert record.state == "retry"

    store_password(ctx, PASSWORD)
    outbox = OutboxDialog(ctx, company_display(ctx))
    qtbot.addWidget(outbox)
    outbox.select(record.id)
    assert outbox.again_button.isEnabled()
    qtbot.mouseClick(outbox.again_button, Qt.MouseButton.LeftButton)
    assert list_outbox(ctx)[0].state == "queued"
    qtbot.mouseClick(outbox.send_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outbox.send_now_button.isEnabled(), timeout=10_000)
    assert outbox.message.text().startswith("Sent: 1")
    assert [r for r, _ in inbox.received] == [["ap@acme.example"]]


def test_an_invoice_that_cannot_be_printed_is_named_and_the_rest_go(qtbot, shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    set_setting(ctx, "reminders.attach_pdf", "yes")
    overdue_invoice(ctx, customer(ctx, "Acme Ltd", "ap@acme.example"), days_late=10)
    broken = overdue_invoice(ctx, customer(ctx, "Bent Books", "ap@bent.example"), days_late=10)
    with ctx.db.write() as session:  # the books altered behind the program's back
        session.execute(update(Invoice).where(Invoice.id == broken).values(total=Invoice.total + 1))
    dialog = _open(qtbot, ctx)
    assert len(dialog.tree.messages) == 2
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy, timeout=10_000)
    text = dialog.summary.text()
    assert text.startswith("Sent: 1") and "Failed: 1" in text
    assert "could not be made" in text and "stored total differs" in text
    assert [rcpt for rcpt, _ in inbox.received] == [["ap@acme.example"]]
    outbox = OutboxDialog(ctx, company_display(ctx))
    qtbot.addWidget(outbox)
    assert outbox.table.rowCount() == 1
    assert outbox.table.item(0, 5).text() == "failed"
    assert "could not be made" in outbox.table.item(0, 8).text()
