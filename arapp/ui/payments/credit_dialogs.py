# SPDX-License-Identifier: MIT
"""Use a customer's credit: put what a payment left unapplied on invoices, or pay it back.

:class:`ApplyCreditDialog` calls :func:`~arapp.services.credit.apply_credit` (discounts are
those of the payment's date, as the service grants them); :class:`RefundDialog` calls
:func:`~arapp.services.credit.refund_credit`. Messages show in the dialog, which stays open
with what was typed.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from arapp.domain.errors import ValidationError
from arapp.formatting import format_date, format_money
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.credit import apply_credit, customer_credit, refund_credit
from arapp.services.customers import get_customer
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.payments import PaymentRecord, get_payment
from arapp.ui.display import Display
from arapp.ui.forms import ErrorForm, error_label, plain_label
from arapp.ui.payments.allocation import AllocationPanel
from arapp.ui.payments.labels import method_text
from arapp.ui.payments.record_dialog import amount_box, method_combo, narrow
from arapp.ui.widgets.dates import date_edit
from arapp.ui.widgets.numbers import number_text, parse_number


def _buttons(dialog: QDialog, ok: str) -> tuple[QDialogButtonBox, QWidget]:
    buttons = QDialogButtonBox()
    button = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.rejected.connect(dialog.reject)
    button.setDefault(True)
    return buttons, button


class ApplyCreditDialog(QDialog):
    """Put what payment ``payment_id`` left unapplied on the customer's open invoices.

    Attributes:
        payment: The payment, as read when the dialog opened.
        record: The payment after the service applied the credit, once accepted.
        allocation: The open invoices and what is applied to each.
    """

    def __init__(
        self, ctx: AppContext, display: Display, payment_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = display.locale
        self.payment = payment = get_payment(ctx, payment_id)
        self.record: PaymentRecord | None = None
        name = get_customer(ctx, payment.customer_id).customer.name
        self.setWindowTitle(_("Apply credit from {customer}").format(customer=name))
        money = format_money(payment.unapplied, payment.currency, self.locale)
        how = method_text(payment.method)
        if payment.reference:
            how = f"{how}, {payment.reference}"
        intro = plain_label(
            _(
                "{customer} has {left} left from the payment of {amount} received {date} "
                "({method}). Apply it to open invoices; discounts are those of the payment's "
                "date. What is not applied stays as credit."
            ).format(
                customer=name,
                left=money,
                amount=format_money(payment.amount, payment.currency, self.locale),
                date=format_date(payment.date, self.locale),
                method=how,
            ),
            wrap=True,
        )
        self.allocation = AllocationPanel(ctx, self.locale)
        self.allocation.load(payment.customer_id, payment.currency, payment.date)
        self.allocation.set_amount(payment.unapplied)
        self.error = error_label("apply")
        self.buttons, self.apply_button = _buttons(self, _("Apply credit"))
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addWidget(self.allocation, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(780, 460)
        self.allocation.view.setFocus()

    def save(self) -> None:
        self.error.setVisible(False)
        try:
            allocations = self.allocation.allocations()
        except InputErrors:
            row = self.allocation.first_wrong_row()
            if row is not None:
                self.allocation.view.edit_row(row)
            return  # the messages are under the invoices already
        if not allocations:
            self.error.setText(_("Type in Apply how much goes on which invoice."))
            self.error.setVisible(True)
            return
        try:
            self.record = apply_credit(self.ctx, self.payment.id, allocations)
        except ServiceError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        self.accept()


class RefundDialog(QDialog):
    """Pay back part or all of a customer's unapplied credit.

    Attributes:
        refunded: The amount refunded, once accepted.
        credit: The credit the customer had when the dialog opened.
        form: The fields and their error labels.
    """

    def __init__(
        self, ctx: AppContext, display: Display, customer_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = display.locale
        self.customer = get_customer(ctx, customer_id).customer
        self.credit = customer_credit(ctx, customer_id)
        self.refunded: Decimal | None = None
        currency = self.customer.currency
        self.setWindowTitle(_("Refund credit to {customer}").format(customer=self.customer.name))
        intro = plain_label(
            _(
                "{customer} has {amount} of credit (payments not applied to invoices). Record "
                "the money paid back to them."
            ).format(
                customer=self.customer.name,
                amount=format_money(self.credit, currency, self.locale),
            ),
            wrap=True,
        )
        self.amount = QLineEdit(number_text(self.credit, self.locale, currency))
        self.amount.setObjectName("refundAmount")
        amount_row, currency_label = amount_box(self.amount)
        currency_label.setText(currency)
        self.date = date_edit("refundDate")
        today = ctx.today()
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.method = method_combo("refundMethod")
        self.reference = QLineEdit()
        self.reference.setObjectName("refundReference")
        self.reference.setMaxLength(200)
        self.form = ErrorForm()
        self.form.add_row(_("&Amount"), "amount", amount_row)
        self.form.add_row(_("&Date"), "date", narrow(self.date, 160))
        self.form.add_row(_("&Method"), "method", narrow(self.method, 220))
        self.form.add_row(_("&Reference"), "reference", self.reference)
        self.buttons, self.refund_button = _buttons(self, _("Record refund"))
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.form.banner)
        layout.addLayout(self.form.layout)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(480, 300)
        self.amount.setFocus()
        self.amount.selectAll()

    def save(self) -> None:
        self.form.clear_errors()
        try:
            amount = parse_number(self.amount.text(), self.locale)
        except ValidationError as exc:
            self.form.show_errors(InputErrors([ValidationError("amount", exc.message)]))
            self.amount.setFocus()
            return
        try:
            self.refunded = refund_credit(
                self.ctx,
                self.customer.id,
                amount,
                self.date.date().toPython(),  # type: ignore[arg-type]
                self.method.currentData(),
                self.reference.text(),
            )
        except InputErrors as exc:
            self.form.show_errors(exc)
            return
        except ServiceError as exc:
            self.form.show_banner(str(exc))
            return
        self.accept()
