# SPDX-License-Identifier: MIT
"""A partial payment from an invoice: Apply follows the amount typed (it stayed at the full
amount, and "Record payment" then did nothing until "Oldest first" was found); a click on
"Record payment" that cannot record says why; the invoice window opens the dialog itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from arapp.services.credit import customer_credit
from arapp.services.invoices import get_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from arapp.ui.payments import RecordPaymentDialog
from tests.helpers.qt import activate, company_display
from tests.helpers.ui_payments import applied, issue, type_apply

D = Decimal


def test_a_part_payment_of_an_invoice_is_just_a_smaller_amount(ctx, add_customer, qtbot, shots):
    acme = add_customer("Acme Supplies")
    older = issue(ctx, acme.id, date(2026, 10, 1), "40.00")
    chosen = issue(ctx, acme.id, date(2026, 11, 1), "250.00")
    dialog = RecordPaymentDialog(ctx, company_display(ctx), invoice_id=chosen)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 700)
    assert dialog.amount.text() == "250.00" and applied(dialog.allocation) == ["", "250.00"]
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "100")
    assert applied(dialog.allocation) == ["", "100.00"]  # followed, on that invoice alone
    assert not dialog.allocation.problems_label.text()
    assert "INV-2026-00002" in dialog.allocation.hint.text()
    dialog.show()
    dialog.grab().save(str(shots / "record-payment-partial.png"))
    dialog.amount.setText("300")  # more than it owes: the rest stays as credit
    assert applied(dialog.allocation) == ["", "250.00"]
    dialog.amount.setText("100")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.record is not None
    assert get_invoice(ctx, chosen).status == "partially_paid"
    assert get_invoice(ctx, chosen).balance == D("150.00")
    assert get_invoice(ctx, older).status == "issued"
    assert customer_credit(ctx, acme.id) == 0


def test_once_apply_is_typed_it_stays_and_oldest_first_spreads_again(ctx, add_customer, qtbot):
    acme = add_customer("Acme Supplies")
    issue(ctx, acme.id, date(2026, 10, 1), "40.00")
    chosen = issue(ctx, acme.id, date(2026, 11, 1), "250.00")
    dialog = RecordPaymentDialog(ctx, company_display(ctx), invoice_id=chosen)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(dialog)
    type_apply(qtbot, dialog.allocation, 1, "70")
    dialog.amount.setText("90")
    assert applied(dialog.allocation) == ["", "70"]  # typed by hand: kept
    dialog.allocation.oldest_button.click()
    assert applied(dialog.allocation) == ["40.00", "50.00"]


def test_record_payment_that_cannot_record_says_why(ctx, add_customer, qtbot):
    acme = add_customer("Acme Supplies")
    chosen = issue(ctx, acme.id, date(2026, 11, 1), "250.00")
    dialog = RecordPaymentDialog(ctx, company_display(ctx), invoice_id=chosen)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 700)
    dialog.show()
    activate(dialog)
    type_apply(qtbot, dialog.allocation, 0, "250")
    dialog.amount.setText("100")  # less than applied by hand
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.record is None
    banner = dialog.form.banner
    assert banner.isVisible() and banner.text().startswith("Not recorded yet:")
    assert "Oldest first" in banner.text()
    assert get_invoice(ctx, chosen).balance == D("250.00")


def test_the_invoice_window_records_a_payment_of_that_invoice(
    ctx, add_customer, answer_modal, qtbot
):
    acme = add_customer("Acme Supplies")
    issue(ctx, acme.id, date(2026, 10, 1), "40.00")
    chosen = issue(ctx, acme.id, date(2026, 11, 1), "250.00")
    view = InvoiceViewDialog(ctx, company_display(ctx), chosen)
    qtbot.addWidget(view)
    view.show()
    assert view.payment_button.isEnabled()
    seen: dict[str, object] = {}

    def pay_part(dialog: QDialog) -> None:
        assert isinstance(dialog, RecordPaymentDialog)
        seen["applied"] = applied(dialog.allocation)
        dialog.amount.setText("50")
        seen["then"] = applied(dialog.allocation)
        dialog.save()

    answer_modal(pay_part)
    view.payment_button.click()
    assert seen == {"applied": ["", "250.00"], "then": ["", "50.00"]}
    assert view.record.balance == D("200.00")  # the window shows what is left
    assert view.payment_button.isEnabled()

    paid = issue(ctx, acme.id, date(2026, 11, 2), "10.00")
    allocations = ((paid, D("10.00")),)
    record_payment(
        ctx, PaymentInput(acme.id, date(2026, 11, 3), D("10.00"), "cash", "", allocations)
    )
    paid_view = InvoiceViewDialog(ctx, company_display(ctx), paid)
    qtbot.addWidget(paid_view)
    assert not paid_view.payment_button.isEnabled()  # nothing left to record
