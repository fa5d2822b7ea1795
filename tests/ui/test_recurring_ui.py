# SPDX-License-Identifier: MIT
"""Recurring invoices in the window, with real widgets on real SQLite books: set one up from an
issued invoice, list it, pause, resume and bill what is due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from arapp.domain.customer import CustomerStatus
from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.customers import set_status
from arapp.services.invoice_list import InvoiceFilter, InvoiceStatusFilter, invoice_ids
from arapp.services.invoices import InvoiceDraft, InvoiceRecord, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.recurring import RecurringInput, list_templates, save_template
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from arapp.ui.invoices.recurring import AFTER, ON_DATE, RecurringDialog, RecurringListDialog
from tests.helpers.books import TODAY
from tests.helpers.qt import company_display


@pytest.fixture
def invoice(ctx, add_customer) -> InvoiceRecord:  # type: ignore[no-untyped-def]
    """An issued invoice to Acme of 2026-09-23: maintenance 100 + hosting 2 × 25, 20% VAT."""
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT 20%", Decimal("20")))
    acme = add_customer("Acme <b>&")
    lines = (
        LineDraft("Monthly maintenance\nservers and backups", "1", "100", tax_rate_id=vat.id),
        LineDraft("Hosting", "2", "25", tax_rate_id=vat.id, unit="pcs"),
    )
    draft = save_draft(ctx, InvoiceDraft(acme.id, date(2026, 9, 23), lines))
    return issue_invoice(ctx, draft.id, confirmed=True)


def all_invoices(ctx) -> list[InvoiceRecord]:  # type: ignore[no-untyped-def]
    f = InvoiceFilter(status=InvoiceStatusFilter.ALL)
    return [get_invoice(ctx, i) for i in invoice_ids(ctx, f, limit=100)]


def cells(dialog: RecurringListDialog, row: int = 0) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_the_dialog_is_filled_from_the_invoice(ctx, invoice, qtbot):
    dialog = RecurringDialog(ctx, company_display(ctx), invoice.id)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "Monthly maintenance"
    assert dialog.frequency_box.currentData() == "monthly"
    assert dialog.start_edit.date() == QDate(2026, 10, 23)  # the invoice date plus one month
    assert dialog.auto_check.isChecked()
    assert dialog.lines_table.rowCount() == 2
    assert dialog.lines_table.item(1, 1).text() == "2 pcs"
    assert dialog.total_label.text() == "Total per invoice: €180.00"
    assert "Acme <b>&" in dialog.customer_label.text()
    assert dialog.next_dates() == [date(2026, 10, 23), date(2026, 11, 23), date(2026, 12, 23)]
    assert dialog.preview_label.text().startswith("Bills on: Oct 23, 2026, Nov 23, 2026")

    dialog.frequency_box.setCurrentIndex(dialog.frequency_box.findData("quarterly"))
    dialog.end_radios[AFTER].setChecked(True)
    dialog.count_spin.setValue(2)
    assert dialog.next_dates() == [date(2026, 10, 23), date(2027, 1, 23)]
    assert "Every quarter" in dialog.preview_label.text()


def test_make_recurring_then_pause_resume_and_bill(ctx, invoice, answer_modal, qtbot):
    view = InvoiceViewDialog(ctx, company_display(ctx), invoice.id)
    qtbot.addWidget(view)
    assert view.recurring_button.isEnabled()

    def set_up(dialog: QDialog) -> None:
        assert isinstance(dialog, RecurringDialog)
        dialog.name_edit.setText("Maintenance")
        dialog.frequency_box.setCurrentIndex(dialog.frequency_box.findData("monthly"))
        dialog.start_edit.setDate(QDate(2026, 9, 23))
        dialog.auto_check.setChecked(True)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_modal(set_up)
    qtbot.mouseClick(view.recurring_button, Qt.MouseButton.LeftButton)
    assert view.recurring_dialog.template_id is not None
    [template] = list_templates(ctx)
    assert (template.name, template.frequency, template.start_date) == (
        "Maintenance",
        "monthly",
        date(2026, 9, 23),
    )

    listing = RecurringListDialog(ctx, company_display(ctx))
    qtbot.addWidget(listing)
    assert cells(listing) == [
        "Maintenance",
        "Acme <b>&",
        "Every month",
        "Sep 23, 2026",
        "Sep 23, 2026",
        "Active",
    ]
    assert listing.pause_button.isEnabled() and not listing.resume_button.isEnabled()

    qtbot.mouseClick(listing.pause_button, Qt.MouseButton.LeftButton)
    assert cells(listing)[5] == "Paused"
    assert listing.resume_button.isEnabled() and not listing.pause_button.isEnabled()
    qtbot.mouseClick(listing.bill_button, Qt.MouseButton.LeftButton)
    assert listing.result_label.text() == "Nothing is due."
    assert len(all_invoices(ctx)) == 1

    qtbot.mouseClick(listing.resume_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(listing.bill_button, Qt.MouseButton.LeftButton)
    billed = [r for r in all_invoices(ctx) if r.id != invoice.id]
    # September to November (the last period due), each dated the day it is billed and
    # naming its period: numbers follow dates
    assert [r.issue_date for r in billed] == [TODAY, TODAY, TODAY]
    assert sorted(r.notes.split("\n")[0] for r in billed) == [
        "Maintenance: November 2026",
        "Maintenance: October 2026",
        "Maintenance: September 2026",
    ]
    assert all(r.status == "issued" and r.number and r.total == Decimal("180.00") for r in billed)
    numbers = sorted(r.number or "" for r in billed)
    assert listing.result_label.text() == f"Billed 3 invoices: {', '.join(numbers)}"
    assert cells(listing)[4:] == ["Dec 23, 2026", "Active"]

    qtbot.mouseClick(listing.bill_button, Qt.MouseButton.LeftButton)  # nothing twice
    assert listing.result_label.text() == "Nothing is due."


def test_an_end_before_the_start_is_shown_at_the_field_and_nothing_is_saved(ctx, invoice, qtbot):
    dialog = RecurringDialog(ctx, company_display(ctx), invoice.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("   ")
    dialog.end_radios[ON_DATE].setChecked(True)
    dialog.end_date_edit.setDate(QDate(2026, 10, 1))  # the start is Oct 23
    assert dialog.next_dates() == []
    assert "no date" in dialog.preview_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.template_id is None
    end_error = dialog.form.error_for("end_date")
    assert end_error.isVisible() and end_error.text() == "The end date is before the start."
    assert dialog.form.error_for("name").text() == "Give the recurring invoice a name."
    assert not dialog.form.error_for("start_date").isVisible()
    assert list_templates(ctx) == []


def test_the_list_opens_from_the_tools_menu(main_window, answer_modal):
    seen: list[str] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, RecurringListDialog)
        seen.append(dialog.windowTitle())
        assert dialog.empty_label.isVisible() and dialog.table.rowCount() == 0
        dialog.accept()

    texts = [a.text() for a in main_window.menuBar().actions()]
    assert "&Tools" in texts
    answer_modal(look)
    main_window.recurring_action.trigger()
    assert seen == ["Recurring invoices"]


def test_billing_says_who_is_skipped_for_a_credit_hold(ctx, invoice, qtbot):
    save_template(
        ctx,
        RecurringInput(
            invoice.customer_id, "Hosting", "monthly", date(2026, 11, 1),
            lines=(LineDraft("Hosting", "1", "25"),),
        ),
    )  # fmt: skip
    set_status(ctx, invoice.customer_id, CustomerStatus.CREDIT_HOLD, "Unpaid since September")
    listing = RecurringListDialog(ctx, company_display(ctx))
    qtbot.addWidget(listing)
    qtbot.mouseClick(listing.bill_button, Qt.MouseButton.LeftButton)
    assert listing.result_label.text() == "Skipped: Acme <b>& is on credit hold (Hosting waits)"
    assert len(all_invoices(ctx)) == 1
    set_status(ctx, invoice.customer_id, CustomerStatus.ACTIVE, "Paid")
    qtbot.mouseClick(listing.bill_button, Qt.MouseButton.LeftButton)
    assert listing.result_label.text().startswith("Billed 1 invoice: INV-2026-")


def test_quantities_read_as_typed_not_in_exponent_notation(ctx, add_customer, qtbot):
    """A stored quantity of 10 (Decimal 1E+1 once normalised) reads "10 day", as typed."""
    customer = add_customer("Tool Hire Ltd")
    lines = (LineDraft("Drill hire", "10", "25", unit="day"), LineDraft("Bits", "2.50", "4"))
    draft = save_draft(ctx, InvoiceDraft(customer.id, date(2026, 9, 23), lines))
    issued = issue_invoice(ctx, draft.id, confirmed=True)
    dialog = RecurringDialog(ctx, company_display(ctx), issued.id)
    qtbot.addWidget(dialog)
    assert [dialog.lines_table.item(r, 1).text() for r in range(2)] == ["10 day", "2.5"]
