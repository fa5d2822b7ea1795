# SPDX-License-Identifier: MIT
"""The Invoices and Payments filter bars: the filter they make, the words of the empty state,
and the order of their widgets (they share one base, each with its own words and extras)."""

from __future__ import annotations

from datetime import date

from arapp.services.invoice_list import InvoiceFilter, InvoiceStatusFilter
from arapp.services.payment_list import PaymentFilter, PaymentStatusFilter
from arapp.ui.invoices.filters import InvoiceFilterBar
from arapp.ui.payments.filters import PaymentFilterBar


def _order(bar) -> list[str]:  # type: ignore[no-untyped-def]
    row = bar.layout()
    return [row.itemAt(n).widget().objectName() for n in range(row.count())]


def test_the_invoice_bar_makes_its_filter_and_says_what_it_hides(ctx, add_customer, qtbot):
    acme = add_customer("Acme Ltd")
    bar = InvoiceFilterBar(ctx)
    qtbot.addWidget(bar)
    assert bar.current() == InvoiceFilter(text="", status=InvoiceStatusFilter.ALL)
    assert bar.describe() == ""
    with qtbot.waitSignal(bar.changed):
        bar.search_box.setText("  INV-7 ")  # after a pause in typing
    bar.set_status(InvoiceStatusFilter.OVERDUE)
    bar.set_customer(acme)
    bar.set_period("Last month")
    assert bar.current() == InvoiceFilter(
        text="INV-7",
        status=InvoiceStatusFilter.OVERDUE,
        customer_id=acme.id,
        date_from=date(2026, 10, 1),
        date_to=date(2026, 10, 31),
    )
    assert bar.describe() == "matching “INV-7” in Overdue for Acme Ltd dated last month"
    assert bar.customer_chip.text() == "Customer: Acme Ltd  ✕"
    bar.set_period("Custom dates")
    assert bar.current().date_from == date(2026, 11, 1)
    assert bar.current().date_to == date(2026, 11, 23)
    assert bar.describe().endswith("for Acme Ltd between the dates chosen")
    assert _order(bar) == [
        "invoiceSearch",
        "invoiceStatusFilter",
        "invoiceSegmentFilter",
        "invoiceCustomerFilter",
        "customerChip",
        "periodFilter",
        "dateFrom",
        "dateTo",
    ]


def test_the_payment_bar_makes_its_filter_and_says_what_it_hides(ctx, add_customer, qtbot):
    acme = add_customer("Acme Ltd")
    bar = PaymentFilterBar(ctx)
    qtbot.addWidget(bar)
    assert bar.current() == PaymentFilter(text="", status=PaymentStatusFilter.ALL)
    assert bar.describe() == ""
    bar.search_box.setText("12.50")
    with qtbot.waitSignal(bar.changed):
        bar.flush()  # Enter: at once
    with qtbot.waitSignal(bar.changed):
        bar.status_filter.setCurrentIndex(2)
    with qtbot.waitSignal(bar.changed):
        bar.method_filter.setCurrentIndex(bar.method_filter.findData("bank_transfer"))
    with qtbot.waitSignal(bar.changed):
        bar.with_credit.setChecked(True)
    bar.set_customer(acme)
    bar.period.setCurrentText("This year")
    assert bar.current() == PaymentFilter(
        text="12.50",
        status=PaymentStatusFilter.REVERSED,
        method="bank_transfer",
        customer_id=acme.id,
        date_from=date(2026, 1, 1),
        date_to=date(2026, 11, 23),
        with_credit=True,
    )
    assert bar.describe() == (
        "matching “12.50” that are reversed by bank transfer / ach from Acme Ltd "
        "received this year with credit left"
    )
    with qtbot.waitSignal(bar.changed):
        bar.customer_chip.click()  # back to everyone's
    assert bar.customer is None and bar.current().customer_id is None
    assert _order(bar) == [
        "paymentSearch",
        "paymentStatusFilter",
        "paymentMethodFilter",
        "paymentCustomerFilter",
        "paymentCustomerChip",
        "paymentPeriodFilter",
        "paymentDateFrom",
        "paymentDateTo",
        "paymentWithCredit",
    ]
