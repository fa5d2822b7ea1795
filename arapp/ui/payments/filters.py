# SPDX-License-Identifier: MIT
"""The filter bar of the Payments tab: search, status, method, customer, period, credit.

It turns what is chosen into a :class:`~arapp.services.payment_list.PaymentFilter`; the
services filter in SQL. The periods are the Invoices tab's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from arapp.services.context import AppContext
from arapp.services.payment_list import PaymentFilter, PaymentStatusFilter
from arapp.ui.filter_bar import FilterBar, FilterNames
from arapp.ui.payments.labels import METHOD_LABELS

STATUS_CHOICES = (
    ("Recorded and reversed", PaymentStatusFilter.ALL),
    ("Recorded", PaymentStatusFilter.RECORDED),
    ("Reversed", PaymentStatusFilter.REVERSED),
)


class PaymentFilterBar(FilterBar):
    """Search box, status, method, customer picker (or chip), period and "with credit" (see
    :class:`~arapp.ui.filter_bar.FilterBar`).

    Attributes:
        changed: ``Signal()``, the filter changed (the search text after a pause).
        customer: The customer whose payments are shown, or ``None`` for everyone's.
    """

    names = FilterNames(
        search="paymentSearch",
        status="paymentStatusFilter",
        customer="paymentCustomerFilter",
        chip="paymentCustomerChip",
        period="paymentPeriodFilter",
        date_from="paymentDateFrom",
        date_to="paymentDateTo",
    )
    search_placeholder = "Search customer, reference or amount…"
    search_width = 220
    picker_width = 170
    status_choices = STATUS_CHOICES
    chip_tooltip = "Show every customer's payments"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.method_filter = QComboBox()
        self.method_filter.setObjectName("paymentMethodFilter")
        self.method_filter.addItem("Any method", None)
        for code, label in METHOD_LABELS.items():
            self.method_filter.addItem(label, code)
        self.with_credit = QCheckBox("With credit left")
        self.with_credit.setObjectName("paymentWithCredit")
        self.with_credit.setToolTip("Only payments with part not yet on invoices nor refunded")
        self.lay_out(after_status=(self.method_filter,), at_end=(self.with_credit,))
        self.method_filter.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.with_credit.toggled.connect(lambda _on: self.changed.emit())

    def current(self) -> PaymentFilter:
        start, end = self.dates()
        return PaymentFilter(
            text=self.search_text(),
            status=PaymentStatusFilter(self.status_filter.currentData()),
            method=self.method_filter.currentData(),
            customer_id=self.customer_id(),
            date_from=start,
            date_to=end,
            with_credit=self.with_credit.isChecked(),
        )

    def describe(self) -> str:
        """What is filtered, in words (for the empty state)."""
        f = self.current()
        choices = []
        if f.status is not PaymentStatusFilter.ALL:
            choices.append(f"that are {self.status_filter.currentText().lower()}")
        if f.method is not None:
            choices.append(f"by {self.method_filter.currentText().lower()}")
        credit = ["with credit left"] if f.with_credit else []
        return self.words(choices, customer="from", period="received", after=credit)
