# SPDX-License-Identifier: MIT
"""Sending invoices by e-mail from the window, to a real SMTP server (aiosmtpd on 127.0.0.1):
the Invoices tab's selection as a batch with progress and a truthful summary, Cancel leaving
the rest unsent, the invoice view's Send and "Send again…", and "Issue and send" in the editor.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from arapp.ui.send_documents import SendBatch
from tests.helpers.mailserver import memory_keyring, server, shop
from tests.helpers.qt import company_display

__all__ = ["memory_keyring", "server", "shop"]

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


def test_the_tab_sends_the_selection_and_says_what_happened(  # type: ignore[no-untyped-def]
    shop, main_window, add_customer, answer_modal, qtbot, shots: Path
):
    ctx, inbox = shop
    ids = _issued(ctx, add_customer, 3)
    tab = main_window.invoices
    main_window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.select_invoices(ids))
    assert tab.send_action.isEnabled()
    answer_modal(_click("Send"))
    tab.send_action.trigger()
    batch = tab.commands.last_send
    assert isinstance(batch, SendBatch)
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    assert batch.summary is not None
    main_window.grab().save(str(shots / "send-summary-window.png"))
    batch.summary.grab().save(str(shots / "send-summary.png"))
    assert batch.summary.text().startswith("3 sent.")
    assert len(inbox.received) == 3
    assert all(get_invoice(ctx, i).sent_at is not None for i in ids)
    batch.summary.close()


def test_cancel_stops_before_the_next_message(  # type: ignore[no-untyped-def]
    shop, add_customer, qtbot
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from arapp.ui.send_documents import send_invoices_in_window

    ctx, inbox = shop
    ids = _issued(ctx, add_customer, 4)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    batch = send_invoices_in_window(window, ctx, ids, ask=False)
    assert batch is not None
    batch.progressed.connect(lambda *_: batch.cancel(), Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    assert batch.outcomes is not None
    said = [o.result for o in batch.outcomes]
    assert said == ["sent", "waiting", "waiting", "waiting"] and len(inbox.received) == 1
    assert batch.summary is not None
    assert batch.summary.text().startswith("You stopped the sending. 1 sent, 3 not sent")
    batch.summary.close()


def test_the_view_sends_once_then_offers_to_send_again(  # type: ignore[no-untyped-def]
    shop, add_customer, answer_modal, qtbot
):
    ctx, inbox = shop
    (invoice_id,) = _issued(ctx, add_customer, 1)
    view = InvoiceViewDialog(ctx, company_display(ctx), invoice_id)
    qtbot.addWidget(view)
    view.show()
    for _ in range(2):
        answer_modal(_click("Send"))
        view.send_button.click()
        batch = view.send_batch
        assert batch is not None
        qtbot.waitUntil(lambda b=batch: b.summary is not None, timeout=TIMEOUT_MS)
    assert len(inbox.received) == 1
    assert batch.summary is not None
    assert "already sent on" in batch.summary.text() and "nothing sent" in batch.summary.text()
    again = next(b for b in batch.summary.buttons() if b.text() == "Send again…")
    answer_modal(_click("Send again"))
    again.click()
    copy = batch.next_batch
    assert copy is not None
    qtbot.waitUntil(lambda: copy.summary is not None, timeout=TIMEOUT_MS)
    assert copy.summary is not None and copy.summary.text().startswith("1 sent.")
    assert len(inbox.received) == 2


def test_issue_and_send_from_the_editor(  # type: ignore[no-untyped-def]
    shop, main_window, add_customer, answer_modal, qtbot
):
    ctx, inbox = shop
    who = add_customer("Editor Ltd", email="ed@example.org")
    draft = save_draft(ctx, InvoiceDraft(who.id, DAY, (LineDraft("Paint", "1", "30"),)))
    tab = main_window.invoices

    def issue_and_send(editor) -> None:  # type: ignore[no-untyped-def]
        editor.issue_send_button.click()

    answer_modal(issue_and_send)
    tab.commands.edit_draft(draft.id)
    batch = tab.commands.last_send
    assert batch is not None
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    ((rcpts, _message),) = inbox.received
    assert rcpts == ["ed@example.org"]
    assert get_invoice(ctx, draft.id).sent_at is not None


def test_the_account_tab_e_mails_the_statement_once(  # type: ignore[no-untyped-def]
    shop, main_window, add_customer, qtbot, shots: Path
):
    ctx, inbox = shop
    (invoice_id,) = _issued(ctx, add_customer, 1)
    customer_id = get_invoice(ctx, invoice_id).customer_id
    tab = main_window.customers
    main_window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.select_customer(customer_id))
    pane = tab.detail
    pane.tabs.setCurrentWidget(pane.account)
    panel = pane.account
    main_window.grab().save(str(shots / "account-email-statement.png"))
    for _ in range(2):
        panel.email_statement(ask=False)
        batch = panel.send_batch
        assert batch is not None
        qtbot.waitUntil(lambda b=batch: b.summary is not None, timeout=TIMEOUT_MS)
    assert len(inbox.received) == 1
    ((rcpts, message),) = inbox.received
    assert rcpts == ["c00@example.org"] and message["Subject"].startswith("Statement of account")
    assert batch.summary is not None and "already sent on" in batch.summary.text()


def test_the_month_end_run_e_mails_each_statement_once(  # type: ignore[no-untyped-def]
    shop, add_customer, answer_modal, qtbot
):
    from PySide6.QtWidgets import QWidget

    from arapp.ui.collections.statements_dialog import save_all_statements

    ctx, inbox = shop
    _issued(ctx, add_customer, 2)
    paper = add_customer("Paper Only")  # no e-mail: told, nothing sent
    draft = save_draft(ctx, InvoiceDraft(paper.id, DAY, (LineDraft("Paint", "1", "30"),)))
    issue_invoice(ctx, draft.id)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    for _ in range(2):

        def email(dialog) -> None:  # type: ignore[no-untyped-def]
            qtbot.waitUntil(lambda: dialog.counted)
            dialog.email_button.click()

        answer_modal(email)
        batch = save_all_statements(window, ctx)
        assert isinstance(batch, SendBatch)
        qtbot.waitUntil(lambda b=batch: b.summary is not None, timeout=TIMEOUT_MS)
        assert batch.outcomes is not None
    assert sorted(r[0][0] for r in inbox.received) == ["c00@example.org", "c01@example.org"]
    said = sorted(o.result for o in batch.outcomes)
    assert said == ["already_sent", "already_sent", "refused"]
    assert batch.summary is not None
    assert "Paper Only has no e-mail address" in batch.summary.text()


def test_a_recurring_invoice_set_to_e_mail_is_sent_when_billed(  # type: ignore[no-untyped-def]
    shop, add_customer, qtbot
):
    from PySide6.QtCore import Qt

    from arapp.services.recurring import list_templates
    from arapp.ui.invoices.recurring import RecurringDialog, RecurringListDialog
    from tests.helpers.qt import company_display

    ctx, inbox = shop
    (invoice_id,) = _issued(ctx, add_customer, 1)
    dialog = RecurringDialog(ctx, company_display(ctx), invoice_id)
    qtbot.addWidget(dialog)
    dialog.start_edit.setDate(dialog.start_edit.date().addMonths(-1))  # one period is due
    dialog.send_check.setChecked(True)
    dialog.save()
    (template,) = list_templates(ctx)
    listing = RecurringListDialog(ctx, company_display(ctx))
    qtbot.addWidget(listing)
    qtbot.mouseClick(listing.bill_button, Qt.MouseButton.LeftButton)
    batch = listing.send_batch
    assert batch is not None and "E-mailing 1 of them" in listing.result_label.text()
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    assert [r[0] for r in inbox.received] == [["c00@example.org"]]
    assert template.name
