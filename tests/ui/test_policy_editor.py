# SPDX-License-Identifier: MIT
"""Settings ▸ Reminder policies: edit a level's words and days with a live preview on a real
customer, mistakes refused with what is known, and a saved policy used by the next run."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from arapp.db.models import OutboxMessage
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.reminders.policy import find_policy, list_policies, set_customer_reminders
from arapp.services.reminders.run import plan_run, queue
from arapp.ui.settings import SettingsDialog
from arapp.ui.settings.policies_tab import PoliciesTab
from tests.helpers.books import issued_invoice
from tests.helpers.qt import activate


@pytest.fixture
def books(ctx: AppContext) -> tuple[AppContext, int]:
    """Ann owes two invoices of 1 Sept (due 1 Oct, 53 days late on 23 Nov)."""
    ann = cust.create_customer(
        ctx, cust.CustomerInput(name="Ann Weber", code="ANN", email="ann@example.com")
    ).id
    issued_invoice(ctx, ann, date(2026, 9, 1), "120.00")
    issued_invoice(ctx, ann, date(2026, 9, 2), "80.00")
    return ctx, ann


@pytest.fixture
def dialog(qtbot, books):  # type: ignore[no-untyped-def]
    ctx, _ann = books
    settings = SettingsDialog(ctx)
    qtbot.addWidget(settings, before_close_func=lambda d: d.hide())
    settings.tabs.setCurrentWidget(settings.policies_tab)
    activate(settings)
    return settings


def _select(tab: PoliciesTab, row: int) -> None:
    tab.table.selectRow(row)
    assert tab.table.current() == row


def _type_body(qtbot, tab: PoliciesTab, text: str) -> None:  # type: ignore[no-untyped-def]
    tab.body.selectAll()
    tab.body.setFocus()
    qtbot.keyClicks(tab.body, text)
    tab.refresh()  # what the pause in typing does


def test_editing_a_body_changes_the_preview_and_saving_is_used_by_the_run(
    qtbot, dialog, books
) -> None:  # type: ignore[no-untyped-def]
    ctx, ann = books
    tab: PoliciesTab = dialog.policies_tab
    assert (
        tab.preview.picker.customer is not None and tab.preview.picker.customer.id == ann
    )  # a real customer
    _select(tab, 1)  # "Polite reminder"
    before = tab.preview.body.toPlainText()
    assert "Ann" in before
    _type_body(qtbot, tab, "Hello $contact, please settle $amount_due by Friday.")
    shown = tab.preview.body.toPlainText()  # both open invoices, as the run would group them
    assert shown.startswith("Hello Ann Weber, please settle €200.00 by Friday.")
    assert "INV-2026-00001" in shown and "INV-2026-00002" in shown and shown != before
    assert tab.is_dirty() and tab.checks.text() == ""
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "Saved." and not tab.is_dirty()
    stored = find_policy(ctx).policy.level(2)
    assert stored is not None and stored.body.startswith("Hello $contact")
    again = SettingsDialog(ctx)
    qtbot.addWidget(again)
    assert again.policies_tab.levels()[1].body == stored.body  # read back


def test_the_run_uses_the_words_saved_in_the_editor(qtbot, dialog, books) -> None:  # type: ignore[no-untyped-def]
    ctx, _ann = books
    tab: PoliciesTab = dialog.policies_tab
    levels = tab.levels()
    due = plan_run(ctx)
    row = due[0].level - 1  # whichever level the run sends Ann today
    _select(tab, row)
    _type_body(qtbot, tab, f"Edited words for {levels[row].name}: $amount_due.")
    tab.subject.setFocus()
    tab.subject.selectAll()
    qtbot.keyClicks(tab.subject, "Edited subject $invoice_number")
    assert tab.save()
    result = queue(ctx, plan_run(ctx))  # the run writes the messages it will send
    with ctx.db.read() as session:
        (message,) = session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_(result.message_ids))
        )
        subject, body = message.subject, message.body
    assert subject == "Edited subject INV-2026-00001, INV-2026-00002"
    assert body.startswith(f"Edited words for {levels[row].name}: €200.00.")


def test_an_unknown_placeholder_is_refused_naming_the_known_ones(qtbot, dialog, books) -> None:  # type: ignore[no-untyped-def]
    ctx, _ann = books
    tab: PoliciesTab = dialog.policies_tab
    stored = find_policy(ctx).policy
    _select(tab, 0)
    _type_body(qtbot, tab, "Dear $contcat, thanks.")
    shown = tab.checks.text()
    assert shown.startswith("Level 1 (") and "Unknown placeholder $contcat" in shown
    assert "$contact" in shown and "$amount_due" in shown
    assert tab.checks.isVisible()
    assert "Unknown placeholder $contcat" in tab.preview.body.toPlainText()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "Not saved: first correct the mistake listed above."
    assert not dialog.save()  # the dialog's Save refuses too, and shows this tab
    assert dialog.tabs.currentWidget() is tab
    assert find_policy(ctx).policy == stored  # nothing was stored


def test_days_out_of_order_and_empty_subject_are_listed(qtbot, dialog, books) -> None:  # type: ignore[no-untyped-def]
    ctx, _ann = books
    tab: PoliciesTab = dialog.policies_tab
    stored = find_policy(ctx).policy
    tab.table.day_box(2).setValue(-10)
    _select(tab, 3)
    tab.subject.setFocus()
    tab.subject.selectAll()
    qtbot.keyClick(tab.subject, Qt.Key.Key_Delete)
    tab.refresh()
    lines = tab.checks.text().splitlines()
    assert any("Level 3" in line and "must come after level 2's" in line for line in lines)
    assert any(line.startswith("Level 4") and "the subject is empty" in line for line in lines)
    assert not tab.save() and find_policy(ctx).policy == stored


def test_add_make_default_and_delete_a_policy(qtbot, dialog, books) -> None:  # type: ignore[no-untyped-def]
    ctx, ann = books
    tab: PoliciesTab = dialog.policies_tab
    assert tab.add_policy("Gentle")
    assert tab.policy.currentText() == "Gentle" and tab.delete_button.isEnabled()
    tab.make_default()
    assert tab.policy.currentText() == "Gentle (the default)"
    assert [(r.policy.name, r.is_default) for r in list_policies(ctx)] == [
        ("Standard", False),
        ("Gentle", True),
    ]
    standard = find_policy(ctx, "Standard")
    set_customer_reminders(ctx, ann, policy_id=standard.id)
    tab.reload(standard.id)
    assert not tab.delete_button.isEnabled()
    assert tab.usage.text() == "This is not the default; 1 customer has it as their own."


def test_settings_policy_page_fits_1366x768(qtbot, dialog, books, shots) -> None:  # type: ignore[no-untyped-def]
    tab: PoliciesTab = dialog.policies_tab
    dialog.resize(1366 - 40, 768 - 60)  # the screen less the window frame and a task bar
    _select(tab, 3)
    QApplication.processEvents()
    tab.refresh()
    for widget in (tab.table, tab.body, tab.preview.body, tab.save_button, tab.preview.picker):
        assert widget.isVisible() and widget.height() >= 20, widget
    assert tab.table.height() >= 5 * tab.table.rowHeight(0)  # every level shows, unscrolled
    assert tab.table.horizontalHeader().length() <= tab.table.viewport().width()
    dialog.grab().save(str(shots / "settings-reminder-policies.png"))


def test_removing_a_level_keeps_the_numbers_of_the_others(qtbot, dialog, books) -> None:  # type: ignore[no-untyped-def]
    ctx, _ann = books
    tab: PoliciesTab = dialog.policies_tab
    numbers = [lv.level for lv in tab.levels()]
    _select(tab, 2)
    qtbot.mouseClick(tab.remove_level_button, Qt.MouseButton.LeftButton)
    kept = [n for i, n in enumerate(numbers) if i != 2]
    assert [lv.level for lv in tab.levels()] == kept
    assert tab.table.verticalHeaderItem(2).text() == str(kept[2])
    qtbot.mouseClick(tab.add_level_button, Qt.MouseButton.LeftButton)
    assert tab.levels()[-1].level == max(numbers) + 1 and tab.table.current() == len(kept)
    assert any("subject is empty" in line for line in tab.problems())
    tab.subject.setFocus()
    qtbot.keyClicks(tab.subject, "Last call $invoice_number")
    assert tab.save()
    assert [lv.level for lv in find_policy(ctx).policy.levels] == [*kept, max(numbers) + 1]


def test_a_level_gets_german_words_kept_apart_from_the_english_ones(
    qtbot, dialog, books, shots
) -> None:  # type: ignore[no-untyped-def]
    ctx, ann = books
    tab: PoliciesTab = dialog.policies_tab
    _select(tab, 3)  # the final notice: Ann's invoices are 53 days late
    english = tab.body.toPlainText()
    tab.language.setCurrentIndex(tab.language.findData("de"))
    assert tab.subject.text() == "" and tab.body.toPlainText() == ""
    assert tab.body.placeholderText().startswith("Guten Tag $contact")  # what they get meanwhile
    assert "None of its own yet: customers who read it get arapp's" in tab.language_state.text()
    tab.copy_button.click()
    assert tab.body.toPlainText() == english
    tab.subject.setText("Zahlungserinnerung: $invoices")
    tab.subject.textEdited.emit(tab.subject.text())
    _type_body(qtbot, tab, "Guten Tag $contact, bitte zahlen Sie $amount_due bis $due_date.")
    assert tab.preview.subject.text().startswith("Zahlungserinnerung: Rechnungen INV-")
    assert "bitte zahlen Sie 200,00" in tab.preview.body.toPlainText()  # German amounts
    dialog.resize(1366, 768)
    dialog.grab().save(str(shots / "settings-policy-language.png"))
    tab.language.setCurrentIndex(tab.language.findData("en"))
    assert tab.body.toPlainText() == english  # the English words are untouched
    assert tab.save(), tab.status.text()
    level = find_policy(ctx).policy.levels[3]
    assert level.body == english
    assert [(t.language, t.subject) for t in level.texts] == [
        ("de", "Zahlungserinnerung: $invoices")
    ]
    # a German customer's reminder is written in German
    current = cust.get_customer(ctx, ann).customer
    cust.update_customer(ctx, ann, replace(current.as_input(), language="de"))
    queue(ctx, plan_run(ctx))
    with ctx.db.read() as session:
        subjects = session.scalars(select(OutboxMessage.subject)).all()
    assert subjects and all(s.startswith("Zahlungserinnerung") for s in subjects)
