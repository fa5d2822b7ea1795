# SPDX-License-Identifier: MIT
"""Record a payment: who paid, when, how much, how, and which invoices it pays.

The dialog gathers what was typed; :func:`~arapp.services.payments.record_payment` records the
payment and its allocations in one transaction (and grants any early-payment discount). When
something is wrong the message shows under its field, or under the invoices, and the dialog
stays open with everything as typed.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.formatting import format_money
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.credit import customer_credit
from arapp.services.customers import CustomerRecord, get_customer
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.invoices import get_invoice
from arapp.services.payments import PaymentInput, PaymentRecord, record_payment
from arapp.ui.display import Display
from arapp.ui.forms import ErrorForm, plain_label
from arapp.ui.payments.allocation import AllocationPanel
from arapp.ui.payments.labels import METHOD_LABELS, method_text
from arapp.ui.widgets.customer_picker import CustomerPicker
from arapp.ui.widgets.dates import date_edit
from arapp.ui.widgets.numbers import number_text, parse_number

DEFAULT_METHOD = "bank_transfer"


def method_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for code in METHOD_LABELS:
        combo.addItem(method_text(code), code)
    combo.setCurrentIndex(combo.findData(DEFAULT_METHOD))
    return combo


def narrow(widget: QWidget, width: int, *after: QWidget) -> QWidget:
    """``widget`` at ``width`` pixels (and ``after`` it), not stretched across the form."""
    widget.setFixedWidth(width)
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for part in (widget, *after):
        row.addWidget(part)
    row.addStretch(1)
    box.setFocusProxy(widget)  # the caption's mnemonic lands in the field
    return box


def amount_box(edit: QLineEdit) -> tuple[QWidget, QLabel]:
    """A right-aligned amount field with the currency after it; returns (box, currency)."""
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    currency = plain_label()
    return narrow(edit, 160, currency), currency


class RecordPaymentDialog(QDialog):
    """Record money received from a customer.

    ``customer_id`` pre-fills the customer; ``invoice_id`` also pre-fills the amount that pays
    that invoice off, applied to it alone.

    Attributes:
        record: What the service recorded, once accepted.
        form: The fields and their error labels (``form.error_for("amount")``).
        allocation: The open invoices and what is applied to each.
    """

    def __init__(
        self,
        ctx: AppContext,
        display: Display,
        customer_id: int | None = None,
        invoice_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = display.locale
        self.record: PaymentRecord | None = None
        self.setWindowTitle(_("Record payment"))

        self.picker = CustomerPicker(ctx)
        self.picker.setObjectName("paymentCustomer")
        self.date = date_edit("paymentDate")
        today = ctx.today()
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.amount = QLineEdit()
        self.amount.setObjectName("paymentAmount")
        self.amount.setPlaceholderText(_("received"))
        amount_row, self.currency_label = amount_box(self.amount)
        self.method = method_combo("paymentMethod")
        self.reference = QLineEdit()
        self.reference.setObjectName("paymentReference")
        self.reference.setPlaceholderText(_("Cheque number, transfer reference…"))
        self.reference.setMaxLength(200)

        self.form = ErrorForm()
        self.form.add_row(_("&Customer"), "customer", self.picker)
        self.form.add_row(_("&Date"), "date", narrow(self.date, 160))
        self.form.add_row(_("&Amount"), "amount", amount_row)
        self.form.add_row(_("&Method"), "method", narrow(self.method, 220))
        self.form.add_row(_("&Reference"), "reference", self.reference)
        self.credit_note = plain_label(wrap=True)
        self.credit_note.setObjectName("creditHeld")
        self.credit_note.setEnabled(False)
        self.credit_note.setVisible(False)

        self.allocation = AllocationPanel(ctx, self.locale)
        invoices_caption = plain_label(_("Open invoices (type in Apply what this payment pays)"))
        font = invoices_caption.font()
        font.setBold(True)
        invoices_caption.setFont(font)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            _("Record payment"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("recordPayment")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.form.banner)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.credit_note)
        layout.addSpacing(4)
        layout.addWidget(invoices_caption)
        layout.addWidget(self.allocation, 1)
        layout.addWidget(self.buttons)
        chain = (
            self.picker,
            self.date,
            self.amount,
            self.method,
            self.reference,
            self.allocation.view,
            self.allocation.oldest_button,
            self.allocation.clear_button,
        )
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.picker.customer_changed.connect(self._customer_chosen)
        self.amount.textChanged.connect(self._amount_changed)
        self.date.dateChanged.connect(lambda d: self.allocation.set_date(d.toPython()))
        self.resize(800, 620)
        self._prefill(customer_id, invoice_id)

    # -- filling in ---------------------------------------------------------------------------

    def _prefill(self, customer_id: int | None, invoice_id: int | None) -> None:
        try:
            if invoice_id is not None:
                customer_id = get_invoice(self.ctx, invoice_id).customer_id
            customer = get_customer(self.ctx, customer_id).customer if customer_id else None
        except ServiceError as exc:
            self.form.show_banner(str(exc))
            customer = None
        if customer is None:
            self._customer_chosen(None)
            self.picker.setFocus()
            return
        self.picker.set_customer(customer)
        self._customer_chosen(customer)
        invoice = self.allocation.invoice(invoice_id) if invoice_id is not None else None
        if invoice is not None:  # Apply follows the amount on this invoice: a part payment is
            self.allocation.follow_invoice(invoice.id)  # just a smaller amount typed
            self.amount.setText(number_text(invoice.settles_with, self.locale, invoice.currency))
        self.amount.setFocus()
        self.amount.selectAll()

    def _customer_chosen(self, customer: CustomerRecord | None) -> None:
        currency = customer.currency if customer else self.allocation.currency
        self.currency_label.setText(currency if customer else "")
        self.allocation.load(customer.id if customer else None, currency)
        credit = customer_credit(self.ctx, customer.id) if customer else Decimal(0)
        self.credit_note.setVisible(credit > 0)
        if credit > 0 and customer is not None:
            self.credit_note.setText(
                _(
                    "{customer} already has {amount} of credit from earlier payments "
                    "(Payments ▸ Apply credit… puts it on invoices)."
                ).format(customer=customer.name, amount=format_money(credit, currency, self.locale))
            )

    def _amount_changed(self, text: str) -> None:
        """A new amount: spread it again; one that does not read keeps what was applied."""
        try:
            self.allocation.set_amount(parse_number(text, self.locale))
        except ValidationError:
            self.allocation.set_amount(None, replan=not text.strip())

    # -- recording ----------------------------------------------------------------------------

    def save(self) -> None:
        """Record the payment; on a problem show it and stay open with everything as typed."""
        self.form.clear_errors()
        errors: list[ValidationError] = []
        customer = self.picker.customer
        if customer is None:
            errors.append(ValidationError("customer", _("Choose the customer who paid.")))
        try:
            amount = parse_number(self.amount.text(), self.locale)
        except ValidationError as exc:
            errors.append(ValidationError("amount", exc.message))
            amount = Decimal(0)
        try:
            allocations = self.allocation.allocations()
        except InputErrors as exc:
            errors.extend(exc.errors)
            allocations = ()
        if errors or customer is None:
            self._show(InputErrors(errors))
            return
        data = PaymentInput(
            customer_id=customer.id,
            date=self.date.date().toPython(),  # type: ignore[arg-type]
            amount=amount,
            method=self.method.currentData(),
            reference=self.reference.text(),
            allocations=allocations,
        )
        try:
            self.record = record_payment(self.ctx, data)
        except InputErrors as exc:
            self._show(exc)
            return
        except ServiceError as exc:
            self.form.show_banner(str(exc))
            return
        self.accept()

    def _show(self, errors: InputErrors) -> None:
        """Messages under their fields; those about the invoices are shown under the table,
        and the banner says why nothing was recorded (it is never a silent click)."""
        shown = InputErrors([e for e in errors.errors if e.field != "allocations"])
        self.form.show_errors(shown)
        about_invoices = [e.message for e in errors.errors if e.field == "allocations"]
        if about_invoices:
            self.form.show_banner(
                _(
                    "Not recorded yet: {problem} Change Apply, or press Oldest first or Clear."
                ).format(problem=about_invoices[0])
            )
        field = self.form.first_wrong_field()
        if field is not None:
            widget = {"customer": self.picker, "date": self.date, "amount": self.amount}.get(
                field, self.method
            )
            widget.setFocus()
            return
        row = self.allocation.first_wrong_row()
        if row is not None:
            self.allocation.view.edit_row(row)
