# SPDX-License-Identifier: MIT
"""The filter bar of the Invoices tab: search, status, customer and period.

It turns what is chosen into an :class:`~arapp.services.invoice_list.InvoiceFilter`; the
services do the filtering in SQL.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLineEdit, QToolButton, QWidget

from arapp.services.context import AppContext
from arapp.services.customers import CustomerRecord
from arapp.services.invoice_list import InvoiceFilter, InvoiceStatusFilter
from arapp.ui.invoices.customer_picker import CustomerPicker

SEARCH_DELAY_MS = 200  # search as you type, but not one query per key stroke

STATUS_CHOICES = (
    ("All", InvoiceStatusFilter.ALL),
    ("Drafts", InvoiceStatusFilter.DRAFT),
    ("Open", InvoiceStatusFilter.OPEN),
    ("Overdue", InvoiceStatusFilter.OVERDUE),
    ("Paid", InvoiceStatusFilter.PAID),
    ("Void", InvoiceStatusFilter.VOID),
    ("Credit notes", InvoiceStatusFilter.CREDIT_NOTES),
)
PERIODS = (
    "Any date",
    "This month",
    "Last month",
    "This year",
    "Last year",
    "Last 12 months",
    "Custom dates",
)
CUSTOM = "Custom dates"


def period_range(period: str, today: date) -> tuple[date | None, date | None]:
    """First and last day of a named period around ``today`` (``None``: open-ended)."""
    month_start = today.replace(day=1)
    if period == "This month":
        return month_start, today
    if period == "Last month":
        last = month_start - timedelta(days=1)
        return last.replace(day=1), last
    if period == "This year":
        return today.replace(month=1, day=1), today
    if period == "Last year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if period == "Last 12 months":  # this month and the eleven before it
        months = today.year * 12 + today.month - 1 - 11
        return date(months // 12, months % 12 + 1, 1), today
    return None, None


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class InvoiceFilterBar(QWidget):
    """Search box, status combo, customer picker (or chip) and period.

    Attributes:
        changed: ``Signal()``, the filter changed (the search text after a pause).
        customer: The customer whose invoices are shown, or ``None`` for everyone's.
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer: CustomerRecord | None = None
        self.search_box = QLineEdit()
        self.search_box.setObjectName("invoiceSearch")
        self.search_box.setPlaceholderText("Search number or customer…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(200)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("invoiceStatusFilter")
        for text, value in STATUS_CHOICES:
            self.status_filter.addItem(text, value)
        self.customer_picker = CustomerPicker(ctx, "Any customer")
        self.customer_picker.setObjectName("invoiceCustomerFilter")
        self.customer_picker.setMinimumWidth(180)
        self.customer_chip = QToolButton()
        self.customer_chip.setObjectName("customerChip")
        self.customer_chip.setToolTip("Show every customer's invoices")
        self.customer_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.customer_chip.setVisible(False)
        self.customer_chip.clicked.connect(lambda: self.set_customer(None))
        self.period = QComboBox()
        self.period.setObjectName("periodFilter")
        self.period.addItems(list(PERIODS))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit, name in ((self.date_from, "dateFrom"), (self.date_to, "dateTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setVisible(False)
            edit.setDate(_qdate(ctx.today()))
            edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.date_from.setDate(_qdate(ctx.today().replace(day=1)))

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.search_box, 2)
        row.addWidget(self.status_filter)
        row.addWidget(self.customer_picker, 1)
        row.addWidget(self.customer_chip)
        row.addWidget(self.period)
        row.addWidget(self.date_from)
        row.addWidget(self.date_to)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.search_box.returnPressed.connect(self.flush)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.period.currentIndexChanged.connect(self._period_changed)
        self.customer_picker.customer_changed.connect(self._picked)

    def flush(self) -> None:
        """Apply a search still waiting for the pause in typing."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def current(self) -> InvoiceFilter:
        if self.period.currentText() == CUSTOM:
            start = self.date_from.date().toPython()
            end = self.date_to.date().toPython()
        else:
            start, end = period_range(self.period.currentText(), self.ctx.today())
        return InvoiceFilter(
            text=self.search_box.text().strip(),
            status=InvoiceStatusFilter(self.status_filter.currentData()),
            customer_id=self.customer.id if self.customer else None,
            date_from=start,  # type: ignore[arg-type]
            date_to=end,  # type: ignore[arg-type]
        )

    def set_status(self, status: InvoiceStatusFilter) -> None:
        self.status_filter.setCurrentIndex(self.status_filter.findData(status))

    def set_period(self, period: str) -> None:
        self.period.setCurrentText(period)

    def set_customer(self, customer: CustomerRecord | None) -> None:
        """Show only ``customer``'s invoices (a chip with ✕ to go back to everyone's)."""
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
        if f.status is not InvoiceStatusFilter.ALL:
            parts.append(f"in {self.status_filter.currentText()}")
        if self.customer is not None:
            parts.append(f"for {self.customer.name}")
        if self.period.currentText() == CUSTOM:
            parts.append("between the dates chosen")
        elif self.period.currentIndex() > 0:
            parts.append(f"dated {self.period.currentText().lower()}")
        return " ".join(parts)
