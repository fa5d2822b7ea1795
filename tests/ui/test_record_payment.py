# SPDX-License-Identifier: MIT
"""The record-payment dialog on real books: typing a payment and where it goes (by hand or
oldest first), early-payment discounts, messages that keep what was typed, pre-filling from an
invoice or a customer, and a sane keyboard order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QDialog

from arapp.services.credit import customer_credit
from arapp.services.invoices import get_invoice
from arapp.ui.payments import RecordPaymentDialog
from arapp.ui.payments.allocation_model import AllocationColumn
from tests.helpers.qt import activate, company_display
from tests.helpers.ui_payments import applied, issue, pick_customer, type_apply

D = Decimal


def test_a_payment_typed_in_the_window_pays_two_invoices_by_hand(
    ctx, main_window, add_customer, answer_modal, qtbot
):
    acme = add_customer("Acme Supplies", terms="net 30")
    first = issue(ctx, acme.id, date(2026, 9, 1), "100.00")
    second = issue(ctx, acme.id, date(2026, 10, 1), "50.00")
    third = issue(ctx, acme.id, date(2026, 11, 1), "30.00")
    tab = main_window.payments
    main_window.tabs.setCurrentWidget(tab)
    seen: dict[str, object] = {}

    def fill_in(dialog: QDialog) -> None:
        assert isinstance(dialog, RecordPaymentDialog)
        picker = dialog.picker
        assert picker.hasFocus()
        pick_customer(qtbot, picker, "acme")
        assert picker.customer is not None and picker.customer.id == acme.id
        dialog.amount.setFocus()
        qtbot.keyClicks(dialog.amount, "150")
        seen["planned"] = applied(dialog.allocation)  # followed the amount, oldest first
        type_apply(qtbot, dialog.allocation, 1, "")  # not the second invoice
        type_apply(qtbot, dialog.allocation, 2, "30")  # the third instead
        seen["applied"] = applied(dialog.allocation)
        seen["summary"] = dialog.allocation.summary_label.text()
        qtbot.keyClicks(dialog.reference, "CHQ 881")
        dialog.method.setCurrentIndex(dialog.method.findData("cheque"))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_modal(fill_in)
    qtbot.keyClick(main_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert seen["planned"] == ["100.00", "50.00", ""]
    assert seen["applied"] == ["100.00", "", "30"]
    assert seen["summary"] == "Applied €130.00 · Discount €0.00 · Left as credit €20.00"

    assert [get_invoice(ctx, i).status for i in (first, second, third)] == [
        "paid",
        "issued",
        "paid",
    ]
    assert get_invoice(ctx, second).balance == D("50.00")
    assert customer_credit(ctx, acme.id) == D("20.00")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    row = tab.selected_row()  # the new payment is selected
    assert row is not None and (row.amount, row.allocated, row.unapplied) == (
        D("150.00"),
        D("130.00"),
        D("20.00"),
    )
    assert (row.method, row.reference) == ("cheque", "CHQ 881")


def test_oldest_first_clear_and_the_discount_granted(ctx, add_customer, qtbot):
    shop = add_customer("Ünal Çelik", terms="2/10 net 30")
    late = issue(ctx, shop.id, date(2026, 10, 1), "150.00")  # discount window over
    fresh = issue(ctx, shop.id, date(2026, 11, 20), "100.00")  # 2.00 off until 30 Nov
    dialog = RecordPaymentDialog(ctx, company_display(ctx), customer_id=shop.id)
    qtbot.addWidget(dialog)
    panel = dialog.allocation
    assert dialog.picker.text() == f"Ünal Çelik ({shop.code})"
    assert panel.model.index(1, AllocationColumn.DISCOUNT).data() == "€2.00"

    dialog.amount.setText("248")
    assert applied(panel) == ["150.00", "98.00"]  # the second paid off less its discount
    assert panel.summary_label.text() == ("Applied €248.00 · Discount €2.00 · Left as credit €0.00")
    panel.clear_button.click()
    assert applied(panel) == ["", ""]
    dialog.amount.setText("260")  # a hand-made (empty) allocation is not replaced
    assert panel.summary_label.text() == ("Applied €0.00 · Discount €0.00 · Left as credit €260.00")
    dialog.amount.setText("248")
    assert applied(panel) == ["", ""]  # still by hand
    panel.oldest_button.click()
    assert applied(panel) == ["150.00", "98.00"]
    assert panel.summary_label.text() == ("Applied €248.00 · Discount €2.00 · Left as credit €0.00")
    dialog.amount.setText("150")  # oldest first follows the amount again
    assert applied(panel) == ["150.00", ""]
    dialog.amount.setText("248")

    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.record is not None
    assert [(a.invoice_id, a.amount, a.discount) for a in dialog.record.applied] == [
        (late, D("150.00"), D("0")),
        (fresh, D("98.00"), D("2.00")),
    ]
    assert get_invoice(ctx, fresh).status == "paid"
    assert customer_credit(ctx, shop.id) == 0


def test_a_date_outside_the_discount_window_takes_the_discount_away(ctx, add_customer, qtbot):
    shop = add_customer("Ünal Çelik", terms="2/10 net 30")
    issue(ctx, shop.id, date(2026, 11, 1), "100.00")  # 2.00 off until 11 Nov
    dialog = RecordPaymentDialog(ctx, company_display(ctx), customer_id=shop.id)
    qtbot.addWidget(dialog)
    assert dialog.allocation.invoices[0].discount == 0  # today is 23 Nov
    dialog.date.setDate(dialog.date.date().addDays(-14))  # paid on 9 Nov
    dialog.amount.setText("98")
    assert applied(dialog.allocation) == ["98.00"]
    assert "Discount €2.00" in dialog.allocation.summary_label.text()


def test_wrong_input_shows_a_message_and_keeps_everything_typed(
    ctx, main_window, add_customer, answer_modal, qtbot
):
    acme = add_customer("Acme Supplies")
    invoice = issue(ctx, acme.id, date(2026, 10, 1), "80.00")
    main_window.tabs.setCurrentWidget(main_window.payments)
    seen: dict[str, object] = {}

    def mistype(dialog: QDialog) -> None:
        assert isinstance(dialog, RecordPaymentDialog)
        dialog.amount.setText("12x")  # and nobody chosen: a message for that too
        dialog.reference.setText("transfer 77")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["amount error"] = dialog.form.error_for("amount").text()
        seen["customer error"] = dialog.form.error_for("customer").text()
        seen["typed"] = (dialog.amount.text(), dialog.reference.text())

        pick_customer(qtbot, dialog.picker, "acme")
        dialog.amount.setText("100")
        type_apply(qtbot, dialog.allocation, 0, "90")  # more than is open
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["still open"] = dialog.isVisible()
        seen["problem"] = dialog.allocation.problems_label.text()
        seen["amount error after"] = dialog.form.error_for("amount").isVisible()

        type_apply(qtbot, dialog.allocation, 0, "80")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_modal(mistype)
    main_window.payments.record_action.trigger()
    assert seen["open"] is True
    assert seen["amount error"] == "“12x” is not a number"
    assert seen["customer error"] == "Choose the customer who paid."
    assert seen["typed"] == ("12x", "transfer 77")
    assert seen["still open"] is True
    assert seen["problem"] == "INV-2026-00001 has 80.00 EUR open; 90.00 is more than that."
    assert seen["amount error after"] is False
    assert get_invoice(ctx, invoice).status == "paid"
    assert customer_credit(ctx, acme.id) == D("20.00")


def test_a_service_refusal_shows_in_the_dialog(ctx, add_customer, qtbot):
    acme = add_customer("Acme Supplies")
    dialog = RecordPaymentDialog(ctx, company_display(ctx), customer_id=acme.id)
    qtbot.addWidget(dialog)
    dialog.amount.setText("10")
    dialog.date.setDate(dialog.date.date().addDays(3))  # in the future
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.record is None
    assert dialog.form.error_for("date").text() == "A payment cannot be dated in the future."
    assert dialog.amount.text() == "10"
    assert customer_credit(ctx, acme.id) == 0


def test_opening_from_an_invoice_pre_fills_it(ctx, main_window, add_customer, answer_modal, qtbot):
    acme = add_customer("Acme Supplies", terms="2/10 net 30")
    older = issue(ctx, acme.id, date(2026, 10, 1), "40.00")
    chosen = issue(ctx, acme.id, date(2026, 11, 20), "250.00")  # 5.00 off today
    invoices = main_window.invoices
    main_window.tabs.setCurrentWidget(invoices)
    qtbot.waitUntil(lambda: invoices.select_invoices([chosen]))
    assert invoices.payment_action.isEnabled()
    seen: dict[str, object] = {}

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, RecordPaymentDialog)
        seen["customer"] = dialog.picker.text()
        seen["amount"] = dialog.amount.text()
        seen["applied"] = applied(dialog.allocation)
        seen["summary"] = dialog.allocation.summary_label.text()
        seen["focus"] = QApplication.focusWidget() is dialog.amount
        dialog.save()

    answer_modal(look)
    invoices.payment_action.trigger()
    assert seen["customer"] == f"Acme Supplies ({acme.code})"
    assert seen["amount"] == "245.00"
    assert seen["applied"] == ["", "245.00"]  # that invoice only, not the older one
    assert seen["summary"] == "Applied €245.00 · Discount €5.00 · Left as credit €0.00"
    assert seen["focus"] is True
    assert get_invoice(ctx, chosen).status == "paid"
    assert get_invoice(ctx, older).status == "issued"
    qtbot.waitUntil(lambda: not invoices.payment_action.isEnabled())  # nothing left to pay


def test_opening_from_a_customer_pre_fills_the_customer(
    ctx, main_window, add_customer, answer_modal, qtbot
):
    acme = add_customer("Acme Supplies")
    issue(ctx, acme.id, date(2026, 10, 1), "40.00")
    customers = main_window.customers
    qtbot.waitUntil(lambda: customers.select_customer(acme.id))
    seen: dict[str, object] = {}

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, RecordPaymentDialog)
        seen["customer"] = dialog.picker.customer
        seen["invoices"] = dialog.allocation.model.rowCount()
        dialog.reject()

    answer_modal(look)
    customers.record_payment_action.trigger()
    assert seen["customer"] == acme and seen["invoices"] == 1


def test_tab_order_follows_the_form(ctx, add_customer, qtbot):
    acme = add_customer("Acme Supplies")
    issue(ctx, acme.id, date(2026, 10, 1), "40.00")
    dialog = RecordPaymentDialog(ctx, company_display(ctx), customer_id=acme.id)
    qtbot.addWidget(dialog)
    activate(dialog)
    assert QApplication.focusWidget() is dialog.amount  # the customer is known: type the amount
    dialog.picker.setFocus()
    order: list[str] = []
    for _ in range(12):
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if isinstance(widget.parent(), QDateEdit):  # the date's own line edit
            widget = widget.parent()
        if not order or order[-1] != widget.objectName():  # Tab walks the date's day, month, year
            order.append(widget.objectName())
    assert order[:5] == [
        "paymentDate",
        "paymentAmount",
        "paymentMethod",
        "paymentReference",
        "allocationTable",
    ]
    assert order.index("oldestFirst") < order.index("clearApplied") < order.index("recordPayment")


def test_the_current_cell_stays_in_apply_and_a_click_elsewhere_keeps_the_typing(
    ctx, add_customer, qtbot
):
    acme = add_customer("Acme Supplies")
    issue(ctx, acme.id, date(2026, 9, 1), "10.00")
    issue(ctx, acme.id, date(2026, 10, 1), "20.00")
    dialog = RecordPaymentDialog(ctx, company_display(ctx), customer_id=acme.id)
    qtbot.addWidget(dialog)
    activate(dialog)
    view = dialog.allocation.view
    view.edit_row(0)
    qtbot.keyClicks(QApplication.focusWidget(), "7")
    number = dialog.allocation.model.index(1, AllocationColumn.NUMBER)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(number).center()
    )
    assert view.currentIndex().column() == AllocationColumn.APPLY
    assert view.currentIndex().row() == 1
    qtbot.waitUntil(lambda: applied(dialog.allocation) == ["7", ""])
    assert dialog.allocation.following is False
