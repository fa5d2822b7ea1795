# SPDX-License-Identifier: MIT
"""The filter bar of the Payments tab: search, status, method, customer, period, credit.

It turns what is chosen into a :class:`~arapp.services.payment_list.PaymentFilter`; the
services filter in SQL. The periods are the Invoices tab's.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from arapp.services.context import AppContext
from arapp.services.customers import CustomerRecord
from arapp.services.payment_list import PaymentFilter, PaymentStatusFilter
from arapp.ui.invoices.customer_picker import CustomerPicker
from arapp.ui.invoices.filters import CUSTOM, PERIODS, period_range
from arapp.ui.payments.labels import METHOD_LABELS

SEARCH_DELAY_MS = 200  # search as you type, but not one query per key stroke

STATUS_CHOICES = (
    ("Recorded and reversed", PaymentStatusFilter.ALL),
    ("Recorded", PaymentStatusFilter.RECORDED),
    ("Reversed", PaymentStatusFilter.REVERSED),
)


class PaymentFilterBar(QWidget):
    """Search box, status, method, customer picker (or chip), period and "with credit".

    Attributes:
        changed: ``Signal()``, the filter changed (the search text after a pause).
        customer: The customer whose payments are shown, or ``None`` for everyone's.
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer: CustomerRecord | None = None
        self.search_box = QLineEdit()
        self.search_box.setObjectName("paymentSearch")
        self.search_box.setPlaceholderText("Search customer, reference or amount…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(220)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("paymentStatusFilter")
        for text, value in STATUS_CHOICES:
            self.status_filter.addItem(text, value)
        self.method_filter = QComboBox()
        self.method_filter.setObjectName("paymentMethodFilter")
        self.method_filter.addItem("Any method", None)
        for code, label in METHOD_LABELS.items():
            self.method_filter.addItem(label, code)
        self.customer_picker = CustomerPicker(ctx, "Any customer")
        self.customer_picker.setObjectName("paymentCustomerFilter")
        self.customer_picker.setMinimumWidth(170)
        self.customer_chip = QToolButton()
        self.customer_chip.setObjectName("paymentCustomerChip")
        self.customer_chip.setToolTip("Show every customer's payments")
        self.customer_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.customer_chip.setVisible(False)
        self.customer_chip.clicked.connect(lambda: self.set_customer(None))
        self.period = QComboBox()
        self.period.setObjectName("paymentPeriodFilter")
        self.period.addItems(list(PERIODS))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        today = ctx.today()
        for edit, name in ((self.date_from, "paymentDateFrom"), (self.date_to, "paymentDateTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setVisible(False)
            edit.setDate(QDate(today.year, today.month, today.day))
            edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.date_from.setDate(QDate(today.year, today.month, 1))
        self.with_credit = QCheckBox("With credit left")
        self.with_credit.setObjectName("paymentWithCredit")
        self.with_credit.setToolTip("Only payments with part not yet on invoices nor refunded")

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.search_box, 2)
        row.addWidget(self.status_filter)
        row.addWidget(self.method_filter)
        row.addWidget(self.customer_picker, 1)
        row.addWidget(self.customer_chip)
        row.addWidget(self.period)
        row.addWidget(self.date_from)
        row.addWidget(self.date_to)
        row.addWidget(self.with_credit)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.search_box.returnPressed.connect(self.flush)
        for combo in (self.status_filter, self.method_filter):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.period.currentIndexChanged.connect(self._period_changed)
        self.with_credit.toggled.connect(lambda _on: self.changed.emit())
        self.customer_picker.customer_changed.connect(self._picked)

    def flush(self) -> None:
        """Apply a search still waiting for the pause in typing."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def current(self) -> PaymentFilter:
        if self.period.currentText() == CUSTOM:
            start = self.date_from.date().toPython()
            end = self.date_to.date().toPython()
        else:
            start, end = period_range(self.period.currentText(), self.ctx.today())
        return PaymentFilter(
            text=self.search_box.text().strip(),
            status=PaymentStatusFilter(self.status_filter.currentData()),
            method=self.method_filter.currentData(),
            customer_id=self.customer.id if self.customer else None,
            date_from=start,  # type: ignore[arg-type]
            date_to=end,  # type: ignore[arg-type]
            with_credit=self.with_credit.isChecked(),
        )

    def set_customer(self, customer: CustomerRecord | None) -> None:
        """Show only ``customer``'s payments (a chip with ✕ to go back to everyone's)."""
        self.customer = customer
        self.customer_picker.set_customer(None)
        self.customer_picker.setVisible(customer is None)
        self.customer_chip.setVisible(customer is not None)
        if customer is not None:
            self.customer_chip.setText(f"Customer: {customer.name}  ✕")
        self.changed.emit()

    def _picked(self, customer: CustomerRecord | None) -> None:
        if customer is not None:
            self.set_customer(customer)

    def _period_changed(self) -> None:
        custom = self.period.currentText() == CUSTOM
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.changed.emit()

    def describe(self) -> str:
        """What is filtered, in words (for the empty state)."""
        f = self.current()
        parts = []
        if f.text:
            parts.append(f"matching “{f.text}”")
        if f.status is not PaymentStatusFilter.ALL:
            parts.append(f"that are {self.status_filter.currentText().lower()}")
        if f.method is not None:
            parts.append(f"by {self.method_filter.currentText().lower()}")
        if self.customer is not None:
            parts.append(f"from {self.customer.name}")
        if self.period.currentText() == CUSTOM:
            parts.append("between the dates chosen")
        elif self.period.currentIndex() > 0:
            parts.append(f"received {self.period.currentText().lower()}")
        if f.with_credit:
            parts.append("with credit left")
        return " ".join(parts)
