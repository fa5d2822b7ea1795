# SPDX-License-Identifier: MIT
"""The Payments tab on real books: the paged table and its filters and totals, the unapplied
credits page, reversing, applying and refunding credit, showing the customer or the invoices a
payment paid, refreshing only what changed, and the place kept for bank statements."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit
from sqlalchemy import insert

from arapp.db.models import Payment  # direct bulk insert: allowed in the paging test only
from arapp.services.credit import customer_credit
from arapp.services.invoices import get_invoice
from arapp.services.payment_list import PaymentFilter
from arapp.services.payments import PaymentInput, get_payment, record_payment
from arapp.ui.bank import BankPage
from arapp.ui.display import DisplaySource
from arapp.ui.main_window import window_settings
from arapp.ui.paged_model import CHUNK_SIZE, PAGE_SIZE
from arapp.ui.payments import PaymentsTab, RecordPaymentDialog
from arapp.ui.payments.credit_dialogs import ApplyCreditDialog, RefundDialog
from arapp.ui.payments.credits import CreditColumn
from arapp.ui.payments.model import Column, PaymentTableModel
from tests.helpers.ui_payments import applied, issue, pick_customer

D = Decimal


@pytest.fixture
def tab(main_window):  # type: ignore[no-untyped-def]
    main_window.tabs.setCurrentWidget(main_window.payments)
    return main_window.payments


def pay(ctx, customer, day, amount, method="bank_transfer", ref="", allocations=None):  # type: ignore[no-untyped-def]
    return record_payment(ctx, PaymentInput(customer, day, amount, method, ref, allocations))


def column(tab, col: Column) -> list[str]:  # type: ignore[no-untyped-def]
    return [tab.model.index(r, col).data() for r in range(tab.model.rowCount())]


def reason(text: str):  # type: ignore[no-untyped-def]
    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.findChild(QLineEdit).setText(text)
        dialog.accept()

    return answer


def test_payments_are_listed_filtered_searched_and_totalled(ctx, tab, add_customer, qtbot):
    assert tab.table_stack.currentWidget() is tab.empty_label
    assert "No payments yet." in tab.empty_label.text()
    acme = add_customer("Acme Supplies")
    blue = add_customer("Blue Door Bakery")
    issue(ctx, acme.id, date(2026, 10, 1), "100.00")
    pay(ctx, acme.id, date(2026, 11, 2), "120.00", "cheque", "CHQ 17")
    pay(ctx, blue.id, date(2026, 11, 20), "35.50", "cash")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert column(tab, Column.CUSTOMER) == ["Blue Door Bakery", "Acme Supplies"]
    assert column(tab, Column.METHOD) == ["Cash", "Cheque"]
    assert column(tab, Column.ALLOCATED) == ["", "€100.00"]
    assert column(tab, Column.UNAPPLIED) == ["€35.50", "€20.00"]
    qtbot.waitUntil(
        lambda: tab.totals_label.text() == "2 payments · received €155.50 · credit left €55.50"
    )

    filters = tab.filters
    filters.method_filter.setCurrentIndex(filters.method_filter.findData("cheque"))
    assert column(tab, Column.REFERENCE) == ["CHQ 17"]
    filters.method_filter.setCurrentIndex(0)
    qtbot.keyClicks(filters.search_box, "35.5")
    qtbot.waitUntil(lambda: column(tab, Column.CUSTOMER) == ["Blue Door Bakery"])
    filters.search_box.clear()
    qtbot.keyClicks(filters.search_box, "nobody")
    filters.flush()
    assert tab.table_stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text().startswith("No payments matching “nobody”.")
    filters.search_box.clear()
    filters.flush()
    tab.view.horizontalHeader().setSortIndicator(Column.AMOUNT, Qt.SortOrder.DescendingOrder)
    assert column(tab, Column.AMOUNT) == ["€120.00", "€35.50"]  # sorted in SQL


def test_a_new_payment_is_inserted_not_reset_and_selection_stays(ctx, tab, add_customer, qtbot):
    acme = add_customer("Acme Supplies")
    first = pay(ctx, acme.id, date(2026, 11, 2), "10.00")
    qtbot.waitUntil(lambda: tab.select_payment(first.id))
    with qtbot.assertNotEmitted(tab.model.modelReset, wait=100):
        pay(ctx, acme.id, date(2026, 11, 20), "20.00")
        qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert tab.selected_row() is not None and tab.selected_row().id == first.id


def test_overpayment_is_credit_listed_with_its_customer_and_refunded(
    ctx, main_window, tab, add_customer, answer_modal, qtbot
):
    acme = add_customer("Acme Supplies")
    invoice = issue(ctx, acme.id, date(2026, 10, 1), "100.00")

    def overpay(dialog: QDialog) -> None:
        assert isinstance(dialog, RecordPaymentDialog)
        pick_customer(qtbot, dialog.picker, "acme")
        qtbot.keyClicks(dialog.amount, "130")
        assert applied(dialog.allocation) == ["100.00"]
        assert dialog.allocation.summary_label.text().endswith("Left as credit €30.00")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # Record payment is the default

    answer_modal(overpay)
    tab.record_action.trigger()
    assert get_invoice(ctx, invoice).status == "paid"
    qtbot.waitUntil(lambda: column(tab, Column.UNAPPLIED) == ["€30.00"])

    tab.pages.setCurrentWidget(tab.credits)
    credits = tab.credits.model
    qtbot.waitUntil(lambda: credits.rowCount() == 1)
    assert credits.index(0, CreditColumn.CUSTOMER).data() == "Acme Supplies"
    assert credits.index(0, CreditColumn.CREDIT).data() == "€30.00"
    assert tab.credits.total_label.text() == "1 customer holds €30.00 of credit"
    tab.filters.with_credit.setChecked(True)
    assert tab.model.rowCount() == 1

    assert tab.credits.select_customer(acme.id)
    assert tab.credit_refund_action.isEnabled()
    seen: dict[str, object] = {}

    def refund(dialog: QDialog) -> None:
        assert isinstance(dialog, RefundDialog)
        seen["amount"] = dialog.amount.text()
        dialog.amount.setText("50")  # more than the credit: the service says so
        dialog.save()
        seen["refused"] = dialog.form.banner.text()
        dialog.amount.setText("30")
        dialog.method.setCurrentIndex(dialog.method.findData("cash"))
        dialog.save()

    answer_modal(refund)
    tab.credit_refund_action.trigger()
    assert seen["amount"] == "30.00"
    assert seen["refused"] == "Acme Supplies has 30.00 EUR of credit to refund."
    assert customer_credit(ctx, acme.id) == 0
    qtbot.waitUntil(lambda: credits.rowCount() == 0)
    assert tab.credits.total_label.text() == "No customer holds credit."
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)  # no payment with credit left


def test_reversing_asks_why_and_the_invoices_owe_again(
    ctx, tab, add_customer, answer_modal, qtbot, messages
):
    acme = add_customer("Acme Supplies")
    invoice = issue(ctx, acme.id, date(2026, 10, 1), "80.00")
    payment = pay(ctx, acme.id, date(2026, 11, 20), "80.00", "cheque")
    qtbot.waitUntil(lambda: tab.select_payment(payment.id))
    assert tab.reverse_action.isEnabled() and not tab.apply_action.isEnabled()

    answer_modal(reason(""))  # no reason: refused, nothing changes
    tab.reverse_action.trigger()
    qtbot.waitUntil(lambda: messages.last is not None)
    assert "Say why" in messages.last.text
    messages.last.close()
    assert get_payment(ctx, payment.id).status == "recorded"

    answer_modal(reason("cheque bounced"))
    tab.reverse_action.trigger()
    qtbot.waitUntil(lambda: column(tab, Column.STATUS) == ["Reversed"])
    assert get_invoice(ctx, invoice).status == "issued"
    assert get_invoice(ctx, invoice).balance == D("80.00")
    index = tab.model.index(0, Column.STATUS)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Reversed: cheque bounced"
    assert tab.model.index(0, Column.AMOUNT).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert not tab.reverse_action.isEnabled()  # still selected, nothing more to reverse
    qtbot.waitUntil(lambda: tab.totals_label.text().endswith("· 1 reversed"))


def test_credit_is_applied_to_a_later_invoice(ctx, tab, add_customer, answer_modal, qtbot):
    acme = add_customer("Acme Supplies")
    payment = pay(ctx, acme.id, date(2026, 11, 2), "50.00")  # no invoice yet: all credit
    later = issue(ctx, acme.id, date(2026, 11, 20), "30.00")
    qtbot.waitUntil(lambda: tab.select_payment(payment.id))
    assert tab.apply_action.isEnabled()

    def apply(dialog: QDialog) -> None:
        assert isinstance(dialog, ApplyCreditDialog)
        assert applied(dialog.allocation) == ["30.00"]
        assert dialog.allocation.summary_label.text() == (
            "Applied €30.00 · Discount €0.00 · Left as credit €20.00"
        )
        dialog.save()

    answer_modal(apply)
    tab.apply_action.trigger()
    assert get_invoice(ctx, later).status == "paid"
    qtbot.waitUntil(lambda: column(tab, Column.UNAPPLIED) == ["€20.00"])
    assert column(tab, Column.ALLOCATED) == ["€30.00"]


def test_show_the_customer_and_the_invoices_paid(ctx, main_window, tab, add_customer, qtbot):
    acme = add_customer("Acme Supplies")
    add_customer("Blue Door Bakery")
    first = issue(ctx, acme.id, date(2026, 9, 1), "10.00")
    second = issue(ctx, acme.id, date(2026, 10, 1), "20.00")
    issue(ctx, acme.id, date(2026, 11, 1), "30.00")  # not paid by it
    payment = pay(ctx, acme.id, date(2026, 11, 20), "30.00")
    invoices = main_window.invoices
    invoices.filters.set_status(invoices.filters.current().status.OPEN)  # hides paid ones
    qtbot.waitUntil(lambda: tab.select_payment(payment.id))

    tab.invoices_action.trigger()
    assert main_window.tabs.currentWidget() is invoices
    assert sorted(invoices.selected_ids()) == sorted([first, second])
    assert invoices.filters.customer is not None and invoices.filters.customer.id == acme.id

    main_window.tabs.setCurrentWidget(tab)
    main_window.customers.search_box.setText("blue")
    main_window.customers.run_search()
    tab.customer_action.trigger()
    assert main_window.tabs.currentWidget() is main_window.customers
    assert main_window.customers.selected_id() == acme.id


def test_the_bank_statements_page_is_the_match_screen(tab):
    assert tab.pages.tabText(2) == "Bank statements"
    assert isinstance(tab.pages.widget(2), BankPage)
    screen = QLabel("the real screen")
    tab.set_bank_page(screen)
    assert tab.pages.widget(2) is screen and tab.pages.tabText(2) == "Bank statements"


def test_ctrl_f_searches_the_payments(main_window, tab, qtbot):
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.filters.search_box.hasFocus())


def test_five_thousand_payments_open_a_chunk_and_a_page_at_a_time(ctx, add_customer, qtbot):
    customers = [add_customer(f"Customer {n}").id for n in range(5)]
    now = ctx.now()
    rows = [
        {
            "customer_id": customers[n % 5],
            "date": date(2024, 1, 1) + timedelta(days=n % 900),
            "amount": D(100 + n % 50),
            "currency": "EUR",
            "method": "cash",
            "reference": f"R{n}",
            "status": "recorded",
            "reversal_reason": "",
            "unapplied": D(0),
            "created_at": now,
        }
        for n in range(5_000)
    ]
    with ctx.db.write() as session:
        session.execute(insert(Payment), rows)
    model = PaymentTableModel(ctx)
    model.set_filter(PaymentFilter())
    assert model.rowCount() == CHUNK_SIZE and model.canFetchMore(QModelIndex())
    assert model.fetch_count == 0
    assert model.index(0, Column.AMOUNT).data() is not None
    assert model.fetch_count == 1 and model.rows_fetched <= PAGE_SIZE
    for r in range(0, CHUNK_SIZE, 7):
        model.flags(model.index(r, Column.CUSTOMER))
    assert model.fetch_count == 1  # flags() never reads the database
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 5_000 and not model.canFetchMore(QModelIndex())
    assert model.index(4_999, Column.DATE).data() == "Jan 1, 2024"
    assert model.fetch_count == 2


def test_show_payments_holding_a_customers_credit(ctx, tab, add_customer, qtbot):
    acme = add_customer("Acme Supplies")
    blue = add_customer("Blue Door Bakery")
    held = pay(ctx, acme.id, date(2026, 11, 2), "15.00")
    pay(ctx, acme.id, date(2026, 11, 3), "0.50", allocations=())  # credit too
    pay(ctx, blue.id, date(2026, 11, 4), "9.00")
    tab.pages.setCurrentWidget(tab.credits)
    qtbot.waitUntil(lambda: tab.credits.model.rowCount() == 2)
    assert tab.credits.select_customer(acme.id)
    tab.credits.view.open_requested.emit()  # Enter or a double click: show their payments
    assert tab.pages.currentIndex() == 0
    assert tab.filters.with_credit.isChecked()
    assert tab.filters.customer is not None and tab.filters.customer.id == acme.id
    assert tab.model.rowCount() == 2 and tab.selected_row() is not None
    assert held.id in tab.model.loaded_ids()


def test_the_page_and_columns_are_kept_with_the_window(ctx, tab, qtbot):
    tab.pages.setCurrentIndex(1)
    tab.view.horizontalHeader().setSectionHidden(Column.CODE, True)
    settings = window_settings()
    tab.save_state(settings)
    again = PaymentsTab(ctx, DisplaySource(ctx))
    qtbot.addWidget(again)
    again.restore_state(window_settings())
    assert again.pages.currentIndex() == 1
    assert again.view.horizontalHeader().isSectionHidden(Column.CODE)
