# SPDX-License-Identifier: MIT
"""The run dialog lists messages, not invoices, and never says "sent" for what did not go.

One row per message (a customer and a channel), expandable to its invoices, with the preview of
that exact message; customers for the collections agency apart and never ticked by default;
without a usable mail account Send is off, says why, and "Set up e-mail…" opens the mail
settings; with a real account (aiosmtpd) the summary counts what arrived.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyle
from sqlalchemy import select

from arapp.db.models import OutboxMessage
from arapp.services.context import AppContext
from arapp.services.reminders.outbox import list_outbox
from arapp.services.reminders.run import DueReminder, plan_run
from arapp.services.settings import set_setting
from arapp.ui.reminders import run_dialog
from arapp.ui.reminders.run_dialog import ReminderRunDialog
from arapp.ui.reminders.run_tree import AGENCY, SENDING, Column, MessageModel, due_in_words
from arapp.ui.settings import SettingsDialog
from tests.helpers.books import TODAY, customer, overdue_invoice
from tests.helpers.qt import company_display
from tests.helpers.ui_reminders import memory_keyring, server, shop

__all__ = ["memory_keyring", "server", "shop"]


def _open(qtbot, ctx: AppContext) -> ReminderRunDialog:  # type: ignore[no-untyped-def]
    dialog = ReminderRunDialog(ctx, company_display(ctx))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def _books(ctx: AppContext) -> dict[str, int]:
    """Anna: three invoices (one due in two days, one due today, one late); Bert: one; Cleo
    (no e-mail address, a letter): two; Dora: one, marked for the agency by the plan below."""
    ids = {name: customer(ctx, name, email) for name, email in (
        ("Anna Ahlberg", "anna@x.example"), ("Bert Brandt", "bert@x.example"),
        ("Cleo Cruz", ""), ("Dora Dunne", "dora@x.example"),
    )}  # fmt: skip
    # The longest overdue first: numbers follow dates.
    overdue_invoice(ctx, ids["Dora Dunne"], days_late=25)
    overdue_invoice(ctx, ids["Anna Ahlberg"], days_late=20, amount="120")
    overdue_invoice(ctx, ids["Cleo Cruz"], days_late=16)
    overdue_invoice(ctx, ids["Bert Brandt"], days_late=10)
    overdue_invoice(ctx, ids["Cleo Cruz"], days_late=10)
    for days in (0, -2):
        overdue_invoice(ctx, ids["Anna Ahlberg"], days_late=days, amount=f"{100 + days}")
    return ids


@pytest.fixture
def with_agency(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The plan marks Dora for the collections agency (made from her planned reminder, so the
    test does not hang on the day the ladder hands a customer over)."""

    def planned(ctx: AppContext, as_of=None) -> list[DueReminder]:  # type: ignore[no-untyped-def]
        return [
            replace(d, channel="flag", recipient="", level=5, level_name="Collections agency")
            if d.customer_name == "Dora Dunne"
            else d
            for d in plan_run(ctx, as_of)
        ]

    monkeypatch.setattr(run_dialog, "plan_run", planned)


def _messages(model: MessageModel) -> dict[str, QModelIndex]:
    """Each message row by the text of its first column."""
    rows = [model.message_index(m) for m in range(len(model.messages))]
    return {model.text(row): row for row in rows}


def _invoices(model: MessageModel, row: QModelIndex) -> list[QModelIndex]:
    return [model.index(i, 0, row) for i in range(model.rowCount(row))]


def _text(model: MessageModel, row: QModelIndex, column: Column) -> str:
    return model.text(row.siblingAtColumn(column))


def test_one_row_per_message_expanding_to_its_invoices(qtbot, ctx, with_agency, shots) -> None:  # type: ignore[no-untyped-def]
    ids = _books(ctx)
    dialog = _open(qtbot, ctx)
    model = dialog.tree.model_
    rows = _messages(model)
    assert len(model.due) == 7
    assert len(rows) == len({(d.customer_id, d.channel) for d in model.due}) == 4
    assert set(rows) == {"Anna Ahlberg (3 invoices)", "Bert Brandt", "Cleo Cruz (2 invoices)",
                         "Dora Dunne"}  # fmt: skip
    sending, agency = model.section_index(SENDING), model.section_index(AGENCY)
    assert (model.rowCount(sending), model.rowCount(agency)) == (3, 1)
    assert model.data(sending) == "Messages to send: 3"
    assert model.index(0, 0, agency) == rows["Dora Dunne"]
    assert model.check_state(rows["Dora Dunne"]) == Qt.CheckState.Unchecked
    assert _text(model, rows["Cleo Cruz (2 invoices)"], Column.SEND_TO).startswith("letter")
    anna = rows["Anna Ahlberg (3 invoices)"]
    assert model.check_state(anna) == Qt.CheckState.Checked
    invoices = _invoices(model, anna)
    assert [_text(model, c, Column.WHEN) for c in invoices] == [
        "20 days overdue", "due today", "due in 2 days"
    ]  # fmt: skip
    assert _text(model, anna, Column.WHEN) == "20 days overdue"
    assert all(model.check_state(c) == Qt.CheckState.Checked for c in invoices)
    assert {d.customer_id for d in dialog.selected()} == {
        ids["Anna Ahlberg"], ids["Bert Brandt"], ids["Cleo Cruz"]
    }  # fmt: skip
    assert "3 messages to 4 customers, 7 invoices in all. 1 customer due for the agency" in (
        dialog.state.text()
    )

    checked, unchecked = Qt.CheckState.Checked, Qt.CheckState.Unchecked
    role = Qt.ItemDataRole.CheckStateRole
    model.setData(anna, unchecked, role)  # a message ticks its invoices
    assert all(model.check_state(c) == unchecked for c in invoices)
    model.setData(invoices[0], checked, role)
    assert model.check_state(anna) == Qt.CheckState.PartiallyChecked
    dora = rows["Dora Dunne"]
    model.setData(dora, checked, role)
    assert model.check_state(_invoices(model, dora)[0]) == checked
    dialog.tree.tick_all(False)
    assert [d.customer_id for d in dialog.selected()] == [ids["Dora Dunne"]]
    dialog.tree.setCurrentIndex(rows["Bert Brandt"])
    assert dialog.preview_hint.text().startswith("Not ticked: this message will not go.")
    assert "bert@x.example" in dialog.subject.text()
    dialog.tree.tick_all(True)
    assert len(dialog.selected()) == 7

    header = dialog.tree.header()
    metrics = dialog.tree.fontMetrics()
    for row in [*rows.values(), *invoices]:  # level names, amounts and due words in full
        for column in (Column.LEVEL, Column.WHEN, Column.AMOUNT):
            assert metrics.horizontalAdvance(_text(model, row, column)) < header.sectionSize(column)
    dialog.tree.expand(anna)
    dialog.resize(1366, 768)
    dialog.tree.setCurrentIndex(anna)
    dialog.grab().save(str(shots / "reminder-run-messages.png"))


def test_clicking_a_message_box_ticks_its_invoices(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    _books(ctx)
    dialog = _open(qtbot, ctx)
    model, tree = dialog.tree.model_, dialog.tree
    anna = _messages(model)["Anna Ahlberg (3 invoices)"]
    tree.expand(anna)
    box = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator,
                                      _option(tree, anna), tree)  # fmt: skip
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert model.check_state(anna) == Qt.CheckState.Unchecked
    assert all(model.check_state(c) == Qt.CheckState.Unchecked for c in _invoices(model, anna))
    assert len(dialog.selected()) == 4


def _option(tree, index):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)  # type: ignore[attr-defined]
    option.rect = tree.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    return option


def test_the_preview_is_the_message_that_is_queued(qtbot, shop) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    ids = _books(ctx)
    dialog = _open(qtbot, ctx)
    model = dialog.tree.model_
    anna = _messages(model)["Anna Ahlberg (3 invoices)"]
    invoices = _invoices(model, anna)
    model.setData(invoices[1], Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    dialog.tree.setCurrentIndex(anna)
    numbers = [model.text(c) for c in invoices]
    qtbot.waitUntil(lambda: numbers[1] not in dialog.body.toPlainText())  # after the ticks
    assert "anna@x.example" in dialog.subject.text()
    shown = dialog.body.toPlainText()
    subject = dialog.subject.text().split("Subject: ", 1)[1]
    assert numbers[0] in shown and numbers[2] in shown

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy, timeout=10_000)
    with ctx.db.read() as session:
        body, queued_subject = session.execute(
            select(OutboxMessage.body, OutboxMessage.subject).where(
                OutboxMessage.customer_id == ids["Anna Ahlberg"]
            )
        ).one()
    assert (body, queued_subject) == (shown, subject)
    arrived = {tuple(rcpt): message for rcpt, message in inbox.received}
    assert arrived[("anna@x.example",)]["Subject"] == subject


def test_with_a_real_account_the_summary_counts_what_arrived(qtbot, shop, with_agency) -> None:  # type: ignore[no-untyped-def]
    ctx, inbox = shop
    _books(ctx)
    inbox.data_answers = ["250 OK", "550 no such user here"]
    dialog = _open(qtbot, ctx)
    assert dialog.send_button.isEnabled() and not dialog.setup_button.isVisible()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy, timeout=10_000)
    text = dialog.summary.text()
    assert len(inbox.received) == 1
    assert text.startswith(
        "Sent: 1   ·   Queued, not sent: 0   ·   Will retry: 0   ·   Failed: 1   ·   Unknown: 0"
    )
    assert "Letters to print: 1." in text
    assert "Marked for the agency" not in text  # Dora was not ticked
    assert "no such user here" in text
    states = sorted((r.channel, r.state) for r in list_outbox(ctx))
    assert states == [("email", "failed"), ("email", "sent"), ("letter", "queued")]


def test_without_an_account_send_is_off_and_says_why(qtbot, ctx, shots) -> None:  # type: ignore[no-untyped-def]
    _books(ctx)
    dialog = _open(qtbot, ctx)
    assert dialog.selected()
    assert not dialog.send_button.isEnabled()
    assert dialog.account_note.isVisible()
    assert "Sending is off: No mail server is set." in dialog.account_note.text()
    assert dialog.setup_button.isVisible() and dialog.setup_button.isEnabled()
    assert dialog.queue_button.isVisible() and dialog.queue_button.isEnabled()
    dialog.resize(1366, 768)
    dialog.grab().save(str(shots / "reminder-run-no-account.png"))

    qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
    [settings] = dialog.findChildren(SettingsDialog)
    assert settings.isVisible() and settings.tabs.currentWidget() is settings.mail_tab
    set_setting(ctx, "smtp.host", "mail.example.org")
    set_setting(ctx, "smtp.from", "shop@example.org")
    settings.reject()
    qtbot.waitUntil(lambda: dialog.problem is None and not dialog.busy)
    assert dialog.send_button.isEnabled() and not dialog.account_note.isVisible()


def test_queued_for_later_says_queued_not_sent(qtbot, ctx, with_agency) -> None:  # type: ignore[no-untyped-def]
    _books(ctx)
    dialog = _open(qtbot, ctx)
    model = dialog.tree.model_
    dora = model.index(0, 0, model.section_index(AGENCY))
    model.setData(dora, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    qtbot.mouseClick(dialog.queue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy, timeout=10_000)
    assert dialog.summary.text().split("\n") == [
        "Sent: 0   ·   Queued, not sent: 2   ·   Will retry: 0   ·   Failed: 0   ·   Unknown: 0",
        "Queued, not sent: 2 e-mails wait in the Outbox until the e-mail account can be used "
        "(No mail server is set).",
        "Letters to print: 1. They wait in the Outbox; mark them sent once posted.",
        "Marked for the agency: 1 customer (nothing was sent to them; see the contact log).",
    ]
    qtbot.waitUntil(lambda: dialog.state.text().startswith("Nothing is due now."))
    assert "In the Outbox: 2 e-mails queued, not sent, 1 letter to print." in dialog.state.text()
    shown = {(r.channel, r.state) for r in list_outbox(ctx)}
    assert shown == {("email", "queued"), ("letter", "queued"), ("flag", "flagged")}


def test_due_in_words() -> None:
    assert [due_in_words(TODAY.replace(day=d), TODAY) for d in (26, 24, 23, 22, 3)] == [
        "due in 3 days", "due tomorrow", "due today", "1 day overdue", "20 days overdue"
    ]  # fmt: skip


def test_the_outbox_shows_flags_as_marked_and_will_not_send_without_an_account(
    qtbot, ctx, with_agency
) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.reminders.sending import queue_only
    from arapp.ui.reminders.outbox import OutboxDialog

    _books(ctx)
    queue_only(ctx, run_dialog.plan_run(ctx, TODAY), TODAY)
    outbox = OutboxDialog(ctx, company_display(ctx))
    qtbot.addWidget(outbox)
    states = [outbox.table.item(r, 5).text() for r in range(outbox.table.rowCount())]
    assert states == ["queued, not sent"] * 3  # e-mails and the letter; the flag is done
    outbox.show_all.setChecked(True)
    rows = {
        outbox.table.item(r, 1).text(): (outbox.table.item(r, 2).text(),
                                         outbox.table.item(r, 5).text())
        for r in range(outbox.table.rowCount())
    }  # fmt: skip
    assert rows["Dora Dunne"] == ("agency", "Marked for the agency")
    qtbot.mouseClick(outbox.send_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outbox.send_now_button.isEnabled())
    assert outbox.message.text().startswith("Nothing was sent: No mail server is set.")
    assert {r.state for r in list_outbox(ctx)} == {"queued", "flagged"}
