# SPDX-License-Identifier: MIT
"""The top of the invoice editor: who is billed, what they owe, and the dates.

The due date follows the customer's payment terms (computed by the domain's
:func:`~arapp.domain.terms.parse_terms`) until the person changes it by hand; "From terms" puts
it back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from arapp.domain.customer import CustomerStatus
from arapp.domain.errors import ValidationError
from arapp.domain.terms import parse_terms
from arapp.formatting import format_money
from arapp.i18n import _
from arapp.services import customer_list
from arapp.services.context import AppContext
from arapp.services.customers import CustomerRecord, get_customer
from arapp.services.errors import ServiceError
from arapp.ui.forms import error_label, plain_label
from arapp.ui.widgets.colours import HOLD_COLOR, on_window
from arapp.ui.widgets.customer_picker import CustomerPicker
from arapp.ui.widgets.dates import date_edit


def due_from_terms(customer: CustomerRecord, issue_date: date) -> date | None:
    try:
        return parse_terms(customer.terms).due_date(issue_date)
    except ValidationError:
        return None


class InvoiceHeader(QWidget):
    """Customer picker, the customer's terms and balance, invoice and due date.

    Attributes:
        changed: ``Signal()``, anything here changed (by the person or by loading).
        customer_changed: ``Signal(object)``, another customer (or ``None``).
        customer: The customer billed, if chosen.
        due_edited: The due date was set by hand (sent to the service instead of the terms).
    """

    changed = Signal()
    customer_changed = Signal(object)

    def __init__(self, ctx: AppContext, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = locale
        self.customer: CustomerRecord | None = None
        self.due_edited = False
        self._filling = False

        self.picker = CustomerPicker(ctx, _("Type a customer's name, code or e-mail…"))
        self.picker.setMinimumWidth(340)
        self.customer_error = error_label("customer")
        self.info = plain_label(wrap=True)
        self.info.setObjectName("customerInfo")
        self.info.setEnabled(False)  # quieter than the fields
        self.warning = plain_label(wrap=True)
        self.warning.setObjectName("holdWarning")
        self.warning.setStyleSheet(f"color: {on_window(HOLD_COLOR).name()}; font-weight: bold;")
        self.warning.setVisible(False)

        self.issue_date = date_edit("issueDate")
        self.due_date = date_edit("dueDate")
        self.from_terms = QPushButton(_("From terms"))
        self.from_terms.setObjectName("dueFromTerms")
        self.from_terms.setToolTip(_("Set the due date from the customer's payment terms again"))
        self.from_terms.setAutoDefault(False)
        self.from_terms.setVisible(False)
        self.from_terms.clicked.connect(self.refill_due_date)
        self.due_error = error_label("due_date")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        caption = QLabel(_("&Customer"))
        caption.setBuddy(self.picker)
        grid.addWidget(caption, 0, 0)
        grid.addWidget(self.picker, 0, 1)
        grid.addWidget(self.customer_error, 1, 1)
        grid.addWidget(self.info, 2, 1)
        grid.addWidget(self.warning, 3, 1)
        date_caption = QLabel(_("Invoice &date"))
        date_caption.setBuddy(self.issue_date)
        due_caption = QLabel(_("D&ue date"))
        due_caption.setBuddy(self.due_date)
        due_row = QHBoxLayout()
        due_row.setSpacing(6)
        due_row.addWidget(self.due_date)
        due_row.addWidget(self.from_terms)
        due_row.addStretch(1)
        grid.setColumnMinimumWidth(2, 24)
        grid.addWidget(date_caption, 0, 3, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.issue_date, 0, 4, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(
            due_caption, 1, 3, 2, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        grid.addLayout(due_row, 1, 4, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.due_error, 3, 4)
        grid.setColumnStretch(1, 1)

        self.picker.customer_changed.connect(self._customer_chosen)
        self.issue_date.dateChanged.connect(self._issue_date_changed)
        self.due_date.dateChanged.connect(self._due_date_changed)

    # -- filling ------------------------------------------------------------------------------

    def set_dates(self, issue: date, due: date | None, due_edited: bool) -> None:
        self._filling = True
        self.issue_date.setDate(QDate(issue.year, issue.month, issue.day))
        if due is not None:
            self.due_date.setDate(QDate(due.year, due.month, due.day))
        self._filling = False
        self._set_due_edited(due_edited)

    def set_customer_id(self, customer_id: int) -> None:
        try:
            record = get_customer(self.ctx, customer_id).customer
        except ServiceError:
            record = None
        self.picker.set_customer(record)
        self._customer_chosen(record, refill=False)

    def issue(self) -> date:
        return self.issue_date.date().toPython()  # type: ignore[return-value]

    def due(self) -> date:
        return self.due_date.date().toPython()  # type: ignore[return-value]

    def currency(self, default: str) -> str:
        return self.customer.currency if self.customer is not None else default

    # -- reacting -----------------------------------------------------------------------------

    def _customer_chosen(self, record: CustomerRecord | None, refill: bool = True) -> None:
        self.customer = record
        self.customer_error.setVisible(False)
        self._show_customer(record)
        if refill and not self.due_edited:
            self.refill_due_date()
        self.customer_changed.emit(record)
        self.changed.emit()

    def _show_customer(self, record: CustomerRecord | None) -> None:
        if record is None:
            self.info.setText("")
            self.warning.setVisible(False)
            return
        row = customer_list.customer_rows(self.ctx, [record.id]).get(record.id)
        balance = row.balance if row is not None else Decimal(0)
        owed = format_money(balance, record.currency, self.locale)
        parts = [_("Terms: {terms}").format(terms=record.terms), record.currency]
        if record.credit_limit is not None:
            limit = format_money(record.credit_limit, record.currency, self.locale)
            parts.append(
                _("Balance {balance} of {limit} credit limit").format(balance=owed, limit=limit)
            )
        else:
            parts.append(_("Balance {balance}").format(balance=owed))
        if row is not None and row.overdue > 0:
            overdue = format_money(row.overdue, record.currency, self.locale)
            parts.append(_("{amount} overdue").format(amount=overdue))
        self.info.setText("  ·  ".join(parts))
        on_hold = record.status is CustomerStatus.CREDIT_HOLD
        self.warning.setText(
            "⚠ "
            + _("{customer} is on credit hold: issuing will ask you to confirm.").format(
                customer=record.name
            )
            if on_hold
            else ""
        )
        self.warning.setVisible(on_hold)

    def _issue_date_changed(self) -> None:
        if self._filling:
            return
        if not self.due_edited:
            self.refill_due_date()
        self.changed.emit()

    def _due_date_changed(self) -> None:
        if self._filling:
            return
        self._set_due_edited(True)
        self.changed.emit()

    def _set_due_edited(self, edited: bool) -> None:
        self.due_edited = edited
        self.from_terms.setVisible(edited and self.customer is not None)

    def refill_due_date(self) -> None:
        """Due date from the customer's terms (or the invoice date without a customer)."""
        due = due_from_terms(self.customer, self.issue()) if self.customer else self.issue()
        self.set_dates(self.issue(), due or self.issue(), False)
        self.changed.emit()

    def show_error(self, field: str, message: str) -> bool:
        label = {"customer": self.customer_error, "due_date": self.due_error}.get(field)
        if label is None:
            return False
        label.setText(message)
        label.setVisible(True)
        return True

    def clear_errors(self) -> None:
        for label in (self.customer_error, self.due_error):
            label.clear()
            label.setVisible(False)
