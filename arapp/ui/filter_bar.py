# SPDX-License-Identifier: MIT
"""The filter bar the Invoices and Payments tabs share: a search box, a status combo, a customer
picker that becomes a chip (✕ goes back to everyone's), and a named period or two dates.

A subclass names the widgets, adds its own (a method combo, a check box), lays the row out with
:meth:`FilterBar.lay_out`, and turns what is chosen into its service's filter (``current``) and
into words for the empty state (``describe``, with :meth:`FilterBar.words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QToolButton, QWidget

from arapp.services.context import AppContext
from arapp.services.customers import CustomerRecord
from arapp.ui.widgets.customer_picker import CustomerPicker
from arapp.ui.widgets.flow import FlowLayout

SEARCH_DELAY_MS = 200  # search as you type, but not one query per key stroke

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


@dataclass(frozen=True)
class FilterNames:
    """The object names of the shared widgets (tests and style sheets find them by these)."""

    search: str
    status: str
    customer: str
    chip: str
    period: str
    date_from: str
    date_to: str


class FilterBar(QWidget):
    """Search box, status combo, customer picker (or chip) and period.

    Subclasses set the class attributes below, add their own widgets after calling
    ``super().__init__`` and then call :meth:`lay_out`.

    Attributes:
        changed: ``Signal()``, the filter changed (the search text after a pause).
        customer: The customer whose records are shown, or ``None`` for everyone's.
    """

    changed = Signal()

    names: FilterNames
    search_placeholder: str
    search_width: int
    picker_width: int
    status_choices: Sequence[tuple[str, Any]]
    chip_tooltip: str

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer: CustomerRecord | None = None
        self.search_box = QLineEdit()
        self.search_box.setObjectName(self.names.search)
        self.search_box.setPlaceholderText(self.search_placeholder)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(self.search_width)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName(self.names.status)
        for text, value in self.status_choices:
            self.status_filter.addItem(text, value)
        self.customer_picker = CustomerPicker(ctx, "Any customer")
        self.customer_picker.setObjectName(self.names.customer)
        self.customer_picker.setMinimumWidth(self.picker_width)
        self.customer_chip = QToolButton()
        self.customer_chip.setObjectName(self.names.chip)
        self.customer_chip.setToolTip(self.chip_tooltip)
        self.customer_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.customer_chip.setVisible(False)
        self.customer_chip.clicked.connect(lambda: self.set_customer(None))
        self.period = QComboBox()
        self.period.setObjectName(self.names.period)
        self.period.addItems(list(PERIODS))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        today = ctx.today()
        for edit, name in (
            (self.date_from, self.names.date_from),
            (self.date_to, self.names.date_to),
        ):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setVisible(False)
            edit.setDate(_qdate(today))
            edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.date_from.setDate(_qdate(today.replace(day=1)))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.search_box.returnPressed.connect(self.flush)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.period.currentIndexChanged.connect(self._period_changed)
        self.customer_picker.customer_changed.connect(self._picked)

    def lay_out(self, after_status: Sequence[QWidget] = (), at_end: Sequence[QWidget] = ()) -> None:
        """One row: search, status, ``after_status``, customer, period, dates, ``at_end``;
        it wraps onto a second line on a narrow window."""
        row = FlowLayout(self, spacing=8)
        row.setContentsMargins(0, 0, 0, 0)
        row.add_widget(self.search_box, 2)
        row.add_widget(self.status_filter)
        for widget in after_status:
            row.add_widget(widget)
        row.add_widget(self.customer_picker, 1)
        row.add_widget(self.customer_chip)
        row.add_widget(self.period)
        row.add_widget(self.date_from)
        row.add_widget(self.date_to)
        for widget in at_end:
            row.add_widget(widget)

    def flush(self) -> None:
        """Apply a search still waiting for the pause in typing."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def search_text(self) -> str:
        return self.search_box.text().strip()

    def dates(self) -> tuple[date | None, date | None]:
        """First and last day of the period chosen (``None``: open-ended)."""
        if self.period.currentText() == CUSTOM:
            return self.date_from.date().toPython(), self.date_to.date().toPython()  # type: ignore[return-value]
        return period_range(self.period.currentText(), self.ctx.today())

    def customer_id(self) -> int | None:
        return self.customer.id if self.customer else None

    def set_status(self, status: Any) -> None:
        self.status_filter.setCurrentIndex(self.status_filter.findData(status))

    def set_period(self, period: str) -> None:
        self.period.setCurrentText(period)

    def set_customer(self, customer: CustomerRecord | None) -> None:
        """Show only ``customer``'s records (a chip with ✕ to go back to everyone's)."""
        self.customer = customer
        self.customer_picker.set_customer(None)
        self.customer_picker.setVisible(customer is None)
        self.customer_chip.setVisible(customer is not None)
        if customer is not None:
            self.customer_chip.setText(f"Customer: {customer.name}  ✕")
        self.changed.emit()

    def show_only(self, status: Any, first: date | None = None, last: date | None = None) -> None:
        """In one change (one ``changed``): the search cleared, ``status``, every customer's,
        dated in [first, last] (both ``None``: any date). The Insight tab's click-through."""
        self.blockSignals(True)
        try:
            self._timer.stop()
            self.search_box.clear()
            self._timer.stop()
            self.set_status(status)
            self.set_customer(None)
            if first is None or last is None:
                self.set_period(PERIODS[0])
            else:
                self.set_period(CUSTOM)
                self.date_from.setDate(_qdate(first))
                self.date_to.setDate(_qdate(last))
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def _picked(self, customer: CustomerRecord | None) -> None:
        if customer is not None:
            self.set_customer(customer)

    def _period_changed(self) -> None:
        custom = self.period.currentText() == CUSTOM
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.changed.emit()

    def words(
        self, choices: Sequence[str], *, customer: str, period: str, after: Sequence[str] = ()
    ) -> str:
        """What is filtered, in words: the search, ``choices`` (the combos'), the customer
        after the word ``customer``, the period after the word ``period``, then ``after``."""
        parts = []
        text = self.search_text()
        if text:
            parts.append(f"matching “{text}”")
        parts.extend(choices)
        if self.customer is not None:
            parts.append(f"{customer} {self.customer.name}")
        if self.period.currentText() == CUSTOM:
            parts.append("between the dates chosen")
        elif self.period.currentIndex() > 0:
            parts.append(f"{period} {self.period.currentText().lower()}")
        parts.extend(after)
        return " ".join(parts)
