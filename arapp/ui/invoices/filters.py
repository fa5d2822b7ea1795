# SPDX-License-Identifier: MIT
"""The filter bar of the Invoices tab: search, status, customer and period.

It turns what is chosen into an :class:`~arapp.services.invoice_list.InvoiceFilter`; the
services do the filtering in SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from arapp.services.context import AppContext
from arapp.services.invoice_list import InvoiceFilter, InvoiceStatusFilter
from arapp.ui.filter_bar import (  # noqa: F401  (the periods: the tab and tests read them here)
    CUSTOM,
    PERIODS,
    SEARCH_DELAY_MS,
    FilterBar,
    FilterNames,
    period_range,
)
from arapp.ui.segments import chosen_segment, segment_combo

STATUS_CHOICES = (
    ("All", InvoiceStatusFilter.ALL),
    ("Drafts", InvoiceStatusFilter.DRAFT),
    ("Open", InvoiceStatusFilter.OPEN),
    ("Overdue", InvoiceStatusFilter.OVERDUE),
    ("Paid", InvoiceStatusFilter.PAID),
    ("Void", InvoiceStatusFilter.VOID),
    ("Credit notes", InvoiceStatusFilter.CREDIT_NOTES),
)


class InvoiceFilterBar(FilterBar):
    """Search box, status combo, customer picker (or chip) and period (see
    :class:`~arapp.ui.filter_bar.FilterBar`).

    Attributes:
        changed: ``Signal()``, the filter changed (the search text after a pause).
        customer: The customer whose invoices are shown, or ``None`` for everyone's.
    """

    names = FilterNames(
        search="invoiceSearch",
        status="invoiceStatusFilter",
        customer="invoiceCustomerFilter",
        chip="customerChip",
        period="periodFilter",
        date_from="dateFrom",
        date_to="dateTo",
    )
    search_placeholder = "Search number or customer…"
    search_width = 200
    picker_width = 180
    status_choices = STATUS_CHOICES
    chip_tooltip = "Show every customer's invoices"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.segment_filter = segment_combo("invoiceSegmentFilter")
        self.segment_filter.setToolTip(
            "Show only the invoices of customers of one payment-behaviour segment"
        )
        self.segment_filter.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.lay_out(after_status=(self.segment_filter,))

    def current(self) -> InvoiceFilter:
        start, end = self.dates()
        return InvoiceFilter(
            text=self.search_text(),
            status=InvoiceStatusFilter(self.status_filter.currentData()),
            customer_id=self.customer_id(),
            date_from=start,
            date_to=end,
            segment=chosen_segment(self.segment_filter),
        )

    def show_only(self, status: Any, first: date | None = None, last: date | None = None) -> None:
        """As :meth:`FilterBar.show_only`, every segment's customers too."""
        self.clear_segment()
        super().show_only(status, first, last)

    def clear_segment(self) -> None:
        """Every segment's customers, without a change of its own (the next change shows it)."""
        self.segment_filter.blockSignals(True)
        self.segment_filter.setCurrentIndex(0)
        self.segment_filter.blockSignals(False)

    def describe(self) -> str:
        """What is filtered, in words (for the empty state)."""
        shown = self.current().status is not InvoiceStatusFilter.ALL
        choices = [f"in {self.status_filter.currentText()}"] if shown else []
        segment = chosen_segment(self.segment_filter)
        if segment is not None:
            choices.append(f"of customers “{segment.value}”")
        return self.words(choices, customer="for", period="dated")
