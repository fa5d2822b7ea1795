# SPDX-License-Identifier: MIT
"""The Invoices tab with real widgets on real SQLite books: the table and its filters and
totals, and the actions (issue, open read-only, void, credit note, duplicate, PDF)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QInputDialog, QLineEdit, QMessageBox

from arapp.domain.customer import CustomerStatus
from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.customer_list import customer_rows
from arapp.services.customers import set_status
from arapp.services.invoice_list import InvoiceStatusFilter
from arapp.services.invoices import InvoiceDraft, InvoiceRecord, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import issue_invoice, mark_sent
from arapp.ui.invoices.credit_dialog import CreditNoteDialog
from arapp.ui.invoices.editor import InvoiceEditor
from arapp.ui.invoices.filters import period_range
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from arapp.ui.invoices.model import Column
from arapp.ui.pdf_view import PdfPreviewDialog
from tests.helpers.books import TODAY


@pytest.fixture
def vat(ctx) -> TaxRateRecord:  # type: ignore[no-untyped-def]
    return save_tax_rate(ctx, TaxRateRecord(0, "VAT 20%", Decimal("20")))


@pytest.fixture
def make_invoice(ctx, vat):  # type: ignore[no-untyped-def]
    """``make_invoice(customer, day, *prices, issue=True)``: one line per price, 20% VAT."""

    def make(customer_id: int, day: date, *prices: str, issue: bool = True) -> InvoiceRecord:
        lines = tuple(
            LineDraft(f"Item {n}", "1", price, tax_rate_id=vat.id)
            for n, price in enumerate(prices or ("100",), start=1)
        )
        record = save_draft(ctx, InvoiceDraft(customer_id, day, lines))
        return issue_invoice(ctx, record.id, confirmed=True) if issue else record

    return make


@pytest.fixture
def tab(main_window):  # type: ignore[no-untyped-def]
    main_window.tabs.setCurrentWidget(main_window.invoices)
    return main_window.invoices


def column(tab, col: Column) -> list[str]:  # type: ignore[no-untyped-def]
    return [tab.model.index(r, col).data() for r in range(tab.model.rowCount())]


def reason(text: str):  # type: ignore[no-untyped-def]
    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.findChild(QLineEdit).setText(text)
        dialog.accept()

    return answer


def test_issue_from_the_tab_asks_for_a_customer_on_credit_hold(
    ctx, tab, add_customer, make_invoice, answer_modal, qtbot
):
    held = add_customer("Late Payer")
    set_status(ctx, held.id, CustomerStatus.CREDIT_HOLD, "three invoices past 60 days")
    draft = make_invoice(held.id, TODAY, "50", issue=False)
    qtbot.waitUntil(lambda: column(tab, Column.NUMBER) == ["Draft"])
    assert tab.select_invoices([draft.id])
    assert tab.issue_action.isEnabled() and not tab.void_action.isEnabled()
    asked: list[str] = []

    def answer(yes: bool):  # type: ignore[no-untyped-def]
        def click(box: QDialog) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            next(b for b in box.buttons() if (b.text() == "Issue anyway") == yes).click()

        return click

    answer_modal(answer(False))
    tab.issue_action.trigger()
    assert "Late Payer is on credit hold." in asked[0]
    qtbot.wait(50)
    assert get_invoice(ctx, draft.id).status == "draft"
    assert column(tab, Column.NUMBER) == ["Draft"]

    answer_modal(answer(True))
    with qtbot.assertNotEmitted(tab.model.modelReset, wait=100):
        tab.issue_action.trigger()
        qtbot.waitUntil(lambda: column(tab, Column.NUMBER) == ["INV-2026-00001"])
    assert tab.selected_ids() == [draft.id]  # still selected
    assert not tab.issue_action.isEnabled() and tab.void_action.isEnabled()


def test_an_issued_invoice_opens_read_only(
    ctx, tab, add_customer, make_invoice, answer_modal, qtbot
):
    acme = add_customer("Acme")
    invoice = make_invoice(acme.id, TODAY - timedelta(days=3), "100", "40")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    seen: dict[str, object] = {}

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, InvoiceViewDialog)
        seen["title"] = dialog.title.text()
        seen["status"] = dialog.status.text()
        seen["customer"] = dialog.facts["customer"].text()
        lines = dialog.lines
        seen["editable"] = any(
            lines.flags(lines.index(r, c)) & Qt.ItemFlag.ItemIsEditable
            for r in range(lines.rowCount())
            for c in range(lines.columnCount())
        )
        seen["triggers"] = dialog.lines_view.editTriggers()
        seen["changed"] = lines.setData(lines.index(0, 0), "Something else")
        seen["rows"] = lines.rowCount()
        seen["totals"] = dialog.totals.rows
        seen["buttons"] = (dialog.void_button.isEnabled(), dialog.sent_button.isEnabled())
        assert not any(isinstance(w, InvoiceEditor) for w in dialog.findChildren(QDialog))
        dialog.accept()

    answer_modal(look)
    rect = tab.view.visualRect(tab.model.index(0, Column.CUSTOMER))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # select
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen["title"] == "Invoice INV-2026-00001"
    assert seen["status"] == "Issued"
    assert seen["customer"] == f"Acme ({acme.code})"
    assert seen["editable"] is False and seen["changed"] is False
    assert seen["triggers"] == QAbstractItemView.EditTrigger.NoEditTriggers
    assert seen["rows"] == 2  # no blank line to type into
    assert seen["totals"] == [
        ("Subtotal", "€140.00"),
        ("VAT 20% on €140.00", "€28.00"),
        ("Total", "€168.00"),
    ]
    assert seen["buttons"] == (True, True)
    assert get_invoice(ctx, invoice.id).lines[0].description == "Item 1"


def test_void_asks_why_and_greys_the_row(ctx, tab, add_customer, make_invoice, answer_modal, qtbot):
    acme = add_customer("Acme")
    invoice = make_invoice(acme.id, TODAY, "100")
    qtbot.waitUntil(lambda: tab.select_invoices([invoice.id]))
    answer_modal(reason("billed the wrong customer"))
    tab.void_action.trigger()
    qtbot.waitUntil(lambda: column(tab, Column.STATUS) == ["Void"])
    assert get_invoice(ctx, invoice.id).void_reason == "billed the wrong customer"
    index = tab.model.index(0, Column.TOTAL)
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == "#8a8a8a"
    assert column(tab, Column.BALANCE) == [""]
    assert not tab.void_action.isEnabled() and not tab.credit_action.isEnabled()


def test_a_credit_note_for_one_line_reduces_the_balance(
    ctx, tab, add_customer, make_invoice, answer_modal, qtbot
):
    acme = add_customer("Acme")
    invoice = make_invoice(acme.id, TODAY, "100", "50")  # 150 + 20% = 180.00
    qtbot.waitUntil(lambda: tab.select_invoices([invoice.id]))
    assert column(tab, Column.BALANCE) == ["€180.00"]
    seen: list[str] = []

    def credit_second_line(dialog: QDialog) -> None:
        assert isinstance(dialog, CreditNoteDialog)
        dialog.check_line(1)
        seen.append(dialog.preview.text())
        qtbot.keyClicks(dialog.reason, "damaged in transit")
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    answer_modal(credit_second_line)
    tab.credit_action.trigger()
    assert seen == ["Credit note total: €60.00"]  # 50 + 20%
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    row = tab.model.row_of(invoice.id)
    qtbot.waitUntil(lambda: tab.model.index(row, Column.BALANCE).data() == "€120.00")
    assert tab.model.index(row, Column.STATUS).data() == "Partially paid"
    note = tab.model.row_at(1 - row)
    assert note is not None and note.kind == "credit_note" and note.number == "CN-2026-00001"
    assert tab.model.index(1 - row, Column.TOTAL).data() == "-€60.00"
    assert customer_rows(ctx, [acme.id])[acme.id].balance == Decimal("120.00")
    assert tab.selected_ids() == [note.id]


def test_filters_search_and_totals_of_what_is_shown(ctx, tab, add_customer, make_invoice, qtbot):
    acme = add_customer("Acme Supplies", terms="net 30")
    blue = add_customer("Blue Door Bakery", terms="net 30")
    old = make_invoice(acme.id, date(2026, 9, 1), "100")  # due Oct 1: overdue
    make_invoice(blue.id, date(2026, 10, 15), "10")  # due Nov 14: overdue
    make_invoice(acme.id, date(2026, 11, 20), "50")  # due Dec 20
    make_invoice(blue.id, TODAY, "1000", issue=False)  # a draft
    filters = tab.filters
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4)
    qtbot.waitUntil(
        lambda: tab.totals_label.text() == "4 invoices · total €192.00 · open €192.00"
    )  # drafts count, but add nothing to the sums

    filters.set_status(InvoiceStatusFilter.OVERDUE)
    assert column(tab, Column.CUSTOMER) == ["Blue Door Bakery", "Acme Supplies"]
    assert column(tab, Column.STATUS) == ["Overdue 9 days", "Overdue 53 days"]
    qtbot.waitUntil(lambda: tab.totals_label.text() == "2 invoices · total €132.00 · open €132.00")
    overdue = tab.model.index(1, Column.STATUS).data(Qt.ItemDataRole.ForegroundRole)
    assert overdue is not None and overdue.name() == "#9b1c1c"

    filters.set_status(InvoiceStatusFilter.DRAFT)
    assert column(tab, Column.NUMBER) == ["Draft"]

    filters.set_status(InvoiceStatusFilter.ALL)
    filters.set_customer(get_customer_record(ctx, acme.id))
    assert filters.customer_chip.isVisible() and "Acme Supplies" in filters.customer_chip.text()
    assert set(column(tab, Column.CUSTOMER)) == {"Acme Supplies"} and tab.model.rowCount() == 2
    filters.customer_chip.click()  # ✕: everyone again
    assert tab.model.rowCount() == 4

    qtbot.keyClicks(filters.search_box, "bakery")
    assert tab.model.rowCount() == 4  # not one query per key stroke
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=2_000)
    filters.search_box.clear()
    qtbot.keyClicks(filters.search_box, "INV-2026-00001")
    qtbot.waitUntil(lambda: column(tab, Column.NUMBER) == ["INV-2026-00001"], timeout=2_000)
    assert tab.model.invoice_id(0) == old.id
    qtbot.waitUntil(lambda: tab.totals_label.text() == "1 invoice · total €120.00 · open €120.00")

    filters.search_box.clear()
    filters.flush()
    filters.set_period("Last month")  # October 2026
    assert column(tab, Column.CUSTOMER) == ["Blue Door Bakery"]
    filters.set_period("Custom dates")
    assert filters.date_from.isVisible() and filters.date_to.isVisible()
    filters.date_from.setDate(QDate(2026, 8, 1))
    filters.date_to.setDate(QDate(2026, 9, 30))
    assert column(tab, Column.NUMBER) == ["INV-2026-00001"]
    filters.search_box.setText("nobody")
    filters.flush()
    assert tab.table_stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text().startswith(
        "No invoices matching “nobody” between the dates chosen."
    )


def test_periods_around_today():
    assert period_range("This month", date(2026, 1, 15)) == (date(2026, 1, 1), date(2026, 1, 15))
    assert period_range("Last month", date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert period_range("This year", TODAY) == (date(2026, 1, 1), TODAY)
    assert period_range("Last year", TODAY) == (date(2025, 1, 1), date(2025, 12, 31))
    assert period_range("Last 12 months", TODAY) == (date(2025, 12, 1), TODAY)
    assert period_range("Last 12 months", date(2026, 12, 5)) == (
        date(2026, 1, 1),
        date(2026, 12, 5),
    )
    assert period_range("Any date", TODAY) == (None, None)


def get_customer_record(ctx, customer_id: int):  # type: ignore[no-untyped-def]
    from arapp.services.customers import get_customer

    return get_customer(ctx, customer_id).customer


def test_actions_follow_the_selection(ctx, tab, add_customer, make_invoice, qtbot):
    acme = add_customer("Acme")
    draft = make_invoice(acme.id, TODAY, "10", issue=False)
    issued = make_invoice(acme.id, TODAY, "20")
    sent = make_invoice(acme.id, TODAY, "30")
    mark_sent(ctx, [sent.id])
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    states = {}
    actions = (
        tab.open_action,
        tab.issue_action,
        tab.sent_action,
        tab.void_action,
        tab.credit_action,
        tab.duplicate_action,
        tab.pdf_action,
        tab.export_action,
        tab.delete_action,
    )
    for name, ids in (
        ("none", []),
        ("draft", [draft.id]),
        ("issued", [issued.id]),
        ("sent", [sent.id]),
        ("two", [issued.id, sent.id]),
    ):
        tab.view.clearSelection()
        if ids:
            assert tab.select_invoices(ids)
        states[name] = {a.iconText() for a in actions if a.isEnabled()}
    assert states["none"] == set()
    assert states["draft"] == {"Open", "Issue", "Duplicate", "PDF", "Delete"}
    assert states["issued"] == {
        "Open",
        "Mark sent",
        "Void…",
        "Credit note…",
        "Duplicate",
        "PDF",
        "Save PDFs…",
    }
    assert states["sent"] == {"Open", "Void…", "Credit note…", "Duplicate", "PDF", "Save PDFs…"}
    assert states["two"] == {"Mark sent", "Save PDFs…"}

    tab.sent_action.trigger()  # marks the issued one; the sent one stays as it was
    qtbot.waitUntil(lambda: get_invoice(ctx, issued.id).sent_at is not None)
    qtbot.waitUntil(
        lambda: tab.model.index(tab.model.row_of(issued.id), Column.STATUS).data() == "Sent"
    )


def test_duplicate_opens_the_copy_in_the_editor(
    ctx, tab, add_customer, make_invoice, answer_modal, qtbot
):
    acme = add_customer("Acme")
    source = make_invoice(acme.id, TODAY - timedelta(days=40), "75", "25")
    qtbot.waitUntil(lambda: tab.select_invoices([source.id]))
    opened: list[InvoiceEditor] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, InvoiceEditor)
        opened.append(dialog)
        dialog.reject()

    answer_modal(look)
    tab.duplicate_action.trigger()
    copy = opened[0].record
    assert copy is not None and copy.status == "draft" and copy.issue_date == TODAY
    assert [ln.description for ln in copy.lines] == ["Item 1", "Item 2"]
    qtbot.waitUntil(lambda: tab.selected_ids() == [copy.id])


def test_pdf_preview_shows_the_invoice(ctx, tab, add_customer, make_invoice, qtbot, messages):
    acme = add_customer("Acme")
    invoice = make_invoice(acme.id, TODAY, "12.50")
    qtbot.waitUntil(lambda: tab.select_invoices([invoice.id]))
    tab.pdf_action.trigger()
    dialog = messages.last_dialog()
    assert isinstance(dialog, PdfPreviewDialog)
    qtbot.waitUntil(lambda: dialog.page_count() >= 1, timeout=15_000)
    assert invoice.number in dialog.windowTitle()
    dialog.close()


def test_save_pdfs_of_the_selection(ctx, tab, add_customer, make_invoice, qtbot, tmp_path: Path):
    acme = add_customer("Acme")
    first = make_invoice(acme.id, TODAY, "10")
    second = make_invoice(acme.id, TODAY, "20")
    qtbot.waitUntil(lambda: tab.select_invoices([first.id, second.id]))
    tab.commands.export_selected(tmp_path / "pdfs")
    batch = tab.commands.last_export
    assert batch is not None
    qtbot.waitUntil(lambda: batch.result is not None, timeout=20_000)
    assert len(batch.result.written) == 2 and not batch.result.failed
    assert batch.summary is not None
    batch.summary.close()


def test_new_invoice_for_the_customer_selected_in_customers(
    main_window, add_customer, vat, answer_modal, qtbot
):
    acme = add_customer("Acme")
    customers = main_window.customers
    qtbot.waitUntil(lambda: customers.select_customer(acme.id))
    assert customers.new_invoice_action.isEnabled()

    def write(dialog: QDialog) -> None:
        assert isinstance(dialog, InvoiceEditor)
        assert dialog.header.customer is not None and dialog.header.customer.id == acme.id
        dialog.lines.setData(dialog.lines.index(0, 0), "Consulting")
        dialog.lines.setData(dialog.lines.index(0, 3), "80")
        dialog.save()

    answer_modal(write)
    customers.new_invoice_action.trigger()
    assert main_window.tabs.currentWidget() is main_window.invoices
    qtbot.waitUntil(lambda: main_window.invoices.model.rowCount() == 1)
    assert main_window.invoices.model.index(0, Column.TOTAL).data() == "€96.00"
