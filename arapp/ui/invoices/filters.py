# SPDX-License-Identifier: MIT
"""The filter bar of the Invoices tab: search, status, customer and period.

It turns what is chosen into an :class:`~arapp.services.invoice_list.InvoiceFilter`; the
services do the filtering in SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from arapp.i18n import _, pgettext
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

STATUS_CHOICES = tuple(InvoiceStatusFilter)
"""The status filter's entries, in the order shown (see :func:`status_choices`)."""


def status_choices() -> list[tuple[str, InvoiceStatusFilter]]:
    """The status filter's entries, in the window's language."""
    words = {
        InvoiceStatusFilter.ALL: pgettext("invoice filter", "All"),
        InvoiceStatusFilter.DRAFT: pgettext("invoice filter", "Drafts"),
        InvoiceStatusFilter.OPEN: pgettext("invoice filter", "Open"),
        InvoiceStatusFilter.OVERDUE: pgettext("invoice filter", "Overdue"),
        InvoiceStatusFilter.PAID: pgettext("invoice filter", "Paid"),
        InvoiceStatusFilter.VOID: pgettext("invoice filter", "Void"),
        InvoiceStatusFilter.CREDIT_NOTES: pgettext("invoice filter", "Credit notes"),
    }
    return [(words[value], value) for value in STATUS_CHOICES]


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
    search_width = 200
    picker_width = 180

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        # The texts the shared bar shows, in the window's language (chosen after import).
        self.search_placeholder = _("Search number or customer…")
        self.status_choices = status_choices()
        self.chip_tooltip = _("Show every customer's invoices")
        super().__init__(ctx, parent)
        self.segment_filter = segment_combo("invoiceSegmentFilter")
        self.segment_filter.setToolTip(
            _("Show only the invoices of customers of one payment-behaviour segment")
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
        # Translators: part of "No invoices matching “x” in Overdue for Acme dated last month".
        status = self.status_filter.currentText()
        choices = [_("in {status}").format(status=status)] if shown else []
        segment = chosen_segment(self.segment_filter)
        if segment is not None:
            # Translators: part of "No invoices … of customers “at risk” …".
            choices.append(_("of customers “{segment}”").format(segment=segment.value))
        # Translators: "for" before a customer's name, "dated" before a period ("last month")
        # in "No invoices … for Acme Ltd dated last month".
        return self.words(choices, customer=_("for"), period=_("dated"))
