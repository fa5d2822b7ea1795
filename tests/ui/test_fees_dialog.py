# SPDX-License-Identifier: MIT
"""Tools ▸ Late fees… with real widgets on real SQLite books: the fees due on an overdue invoice,
charged as a fee document on a worker thread, and nothing due on a second look."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QLabel

from arapp.services.fees import fee_document_ids
from arapp.services.invoice_list import InvoiceFilter, InvoiceStatusFilter, invoice_ids
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.reminders.holds import open_dispute
from arapp.services.settings import set_setting
from arapp.ui.fees import OFF_EMPTY_TEXT, OFF_TEXT, LateFeesDialog, periods_text, rule_text
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from tests.helpers.qt import company_display

D = Decimal


@pytest.fixture
def overdue(ctx, add_customer) -> int:  # type: ignore[no-untyped-def]
    """Acme's invoice of 250.00, issued 2026-09-01 on net 30: due 2026-10-01."""
    acme = add_customer("Acme <b>&", terms="net 30")
    line = LineDraft("Goods", "1", "250.00")
    draft = save_draft(ctx, InvoiceDraft(acme.id, date(2026, 9, 1), (line,)))
    return issue_invoice(ctx, draft.id).id


def fees_on(ctx) -> None:  # type: ignore[no-untyped-def]
    set_setting(ctx, "fees.late_fee_flat", "5")
    set_setting(ctx, "fees.interest_percent_per_month", "1.5")
    set_setting(ctx, "fees.grace_days", "7")


def row(dialog: LateFeesDialog, r: int = 0) -> list[str]:
    return [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]


def test_the_rule_in_one_sentence_and_periods_in_runs():
    assert rule_text(D(0), D(0), 7, "EUR", "en_US") == OFF_TEXT
    assert rule_text(D("5"), D("1.50"), 7, "EUR", "en_US") == (
        "An invoice becomes late 7 days after its due date; it is then charged a late fee of "
        "€5.00 once and 1.5% interest on its open balance for every month or part of a month "
        "it stays late."
    )
    assert rule_text(D(0), D(2), 0, "EUR", "en_US").startswith(
        "An invoice becomes late the day after its due date; it is then charged 2% interest"
    )
    assert periods_text((1, 2, 3)) == "1–3"
    assert periods_text((2, 4, 5)) == "2, 4–5"


def test_off_by_default_with_a_way_to_settings(ctx, overdue, qtbot, answer_modal):
    dialog = LateFeesDialog(ctx, company_display(ctx))
    qtbot.addWidget(dialog)
    assert dialog.rule_label.text() == OFF_TEXT
    assert dialog.empty_label.text() == OFF_EMPTY_TEXT
    assert dialog.stack.currentWidget() is dialog.empty_label
    assert not dialog.charge_button.isEnabled()
    dated = dialog.findChild(QLabel, "feesDatedToday")
    assert dated.text() == "Fee documents are dated today; fees are counted to this day."

    def turn_on(settings: QDialog) -> None:
        assert settings.tabs.currentWidget() is settings.invoices_tab
        settings.invoices_tab.inputs["fees.late_fee_flat"].focus.setText("5.00")
        assert settings.save()

    answer_modal(turn_on)
    qtbot.mouseClick(dialog.settings_button, Qt.MouseButton.LeftButton)
    assert dialog.rule_label.text().startswith("An invoice becomes late the day after")
    assert dialog.table.rowCount() == 1


def test_charge_the_fees_due_then_nothing_is_due(ctx, overdue, qtbot, answer_modal):
    fees_on(ctx)
    dialog = LateFeesDialog(ctx, company_display(ctx))
    qtbot.addWidget(dialog)
    assert dialog.as_of() == date(2026, 11, 23)
    # Late from 9 Oct (7 days' grace); periods begin 9 Oct and 9 Nov:
    # flat 5.00 once, interest 1.5% of 250.00 = 3.75 twice.
    assert row(dialog) == ["INV-2026-00001", "Acme <b>&", "1–2", "5.00", "7.50", "12.50", "EUR"]
    assert dialog.table.item(0, 0).checkState() == Qt.CheckState.Checked
    assert dialog.summary_label.text() == "1 of 1 ticked: €12.50"

    dialog.as_of_edit.setDate(QDate(2026, 10, 20))  # only the first period has begun
    assert row(dialog)[2:6] == ["1", "5.00", "3.75", "8.75"]
    dialog.as_of_edit.setDate(QDate(2026, 11, 23))

    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert not dialog.charge_button.isEnabled()
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert dialog.charge_button.isEnabled()

    with qtbot.waitSignal(dialog.run_finished, timeout=5_000):
        qtbot.mouseClick(dialog.charge_button, Qt.MouseButton.LeftButton)
    [made] = dialog.made
    fee = get_invoice(ctx, made.fee_invoice_id)
    assert (fee.number, fee.total, fee.status) == ("INV-2026-00002", D("12.50"), "issued")
    assert fee_document_ids(ctx, [overdue, fee.id]) == {fee.id}
    assert dialog.result_label.text() == "Made 1 fee document: INV-2026-00002"
    assert dialog.results.item(0).text().startswith("INV-2026-00002  ·  Acme <b>&  ·  €12.50")
    assert dialog.stack.currentWidget() is dialog.empty_label
    assert dialog.empty_label.text() == "No late fees are due as of Nov 23, 2026."

    def look(view: QDialog) -> None:
        assert isinstance(view, InvoiceViewDialog)
        assert view.record.id == fee.id
        view.accept()

    answer_modal(look)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    again = LateFeesDialog(ctx, company_display(ctx))
    qtbot.addWidget(again)
    assert again.table.rowCount() == 0 and not again.charge_button.isEnabled()
    documents = invoice_ids(ctx, InvoiceFilter(status=InvoiceStatusFilter.ALL))
    assert len(documents) == 2  # the invoice and its one fee document


def test_tools_late_fees_opens_the_dialog(main_window, answer_modal):
    opened: list[QDialog] = []

    def look(dialog: QDialog) -> None:
        opened.append(dialog)
        dialog.accept()

    answer_modal(look)
    main_window.late_fees_action.trigger()
    assert isinstance(opened[0], LateFeesDialog)


def test_a_disputed_invoice_is_left_out_and_the_dialog_says_why(ctx, overdue, qtbot):
    fees_on(ctx)
    open_dispute(ctx, overdue, "The delivery was short")
    dialog = LateFeesDialog(ctx, company_display(ctx))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert dialog.stack.currentWidget() is dialog.empty_label
    assert not dialog.left_out_label.isHidden()
    assert dialog.left_out_label.text() == (
        "Left out, no late fee while held:\nINV-2026-00001 (Acme <b>&): disputed since 2026-11-23"
    )
