# SPDX-License-Identifier: MIT
"""The filter bar of the Payments tab: search, status, method, customer, period, credit.

It turns what is chosen into a :class:`~arapp.services.payment_list.PaymentFilter`; the
services filter in SQL. The periods are the Invoices tab's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from arapp.i18n import _, pgettext
from arapp.services.context import AppContext
from arapp.services.payment_list import PaymentFilter, PaymentStatusFilter
from arapp.ui.filter_bar import FilterBar, FilterNames
from arapp.ui.payments.labels import METHOD_LABELS, method_text

STATUS_CHOICES = (
    PaymentStatusFilter.ALL,
    PaymentStatusFilter.RECORDED,
    PaymentStatusFilter.REVERSED,
)
"""The status filter's entries, in the order shown (see :func:`status_choices`)."""


def status_choices() -> list[tuple[str, PaymentStatusFilter]]:
    """The status filter's entries, in the window's language."""
    words = {
        PaymentStatusFilter.ALL: _("Recorded and reversed"),
        PaymentStatusFilter.RECORDED: pgettext("payment status", "Recorded"),
        PaymentStatusFilter.REVERSED: pgettext("payment status", "Reversed"),
    }
    return [(words[value], value) for value in STATUS_CHOICES]


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
    search_width = 220
    picker_width = 170

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        # The texts the shared bar shows, in the window's language (chosen after import).
        self.search_placeholder = _("Search customer, reference or amount…")
        self.status_choices = status_choices()
        self.chip_tooltip = _("Show every customer's payments")
        super().__init__(ctx, parent)
        self.method_filter = QComboBox()
        self.method_filter.setObjectName("paymentMethodFilter")
        self.method_filter.addItem(_("Any method"), None)
        for code in METHOD_LABELS:
            self.method_filter.addItem(method_text(code), code)
        self.with_credit = QCheckBox(_("With credit left"))
        self.with_credit.setObjectName("paymentWithCredit")
        self.with_credit.setToolTip(_("Only payments with part not yet on invoices nor refunded"))
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
        # Translators: the parts of "No payments matching “x” that are reversed by cheque from
        # Acme Ltd received last month with credit left" (the empty Payments list).
        if f.status is not PaymentStatusFilter.ALL:
            status = self.status_filter.currentText().lower()
            choices.append(_("that are {status}").format(status=status))
        if f.method is not None:
            method = self.method_filter.currentText().lower()
            choices.append(_("by {method}").format(method=method))
        credit = [_("with credit left")] if f.with_credit else []
        # Translators: "from" before a customer's name, "received" before a period.
        customer, period = pgettext("payments from", "from"), _("received")
        return self.words(choices, customer=customer, period=period, after=credit)
