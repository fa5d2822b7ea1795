# SPDX-License-Identifier: MIT
"""The payment table: ids a chunk at a time, rows a page at a time (see
:mod:`arapp.ui.paged_model`), filtered and sorted in SQL by
:mod:`arapp.services.payment_list`."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtGui import QFont

from arapp.formatting import format_money
from arapp.i18n import N_, _
from arapp.services import payment_list
from arapp.services.context import AppContext
from arapp.services.payment_list import PaymentFilter, PaymentRow, PaymentSort
from arapp.ui.list_model import ListTableModel, struck_font
from arapp.ui.paged_model import IdRole, RowRole
from arapp.ui.payments.labels import REVERSED_COLOR, method_text, status_text
from arapp.ui.widgets.colours import CREDIT_COLOR
from arapp.ui.widgets.texts import translated

PaymentIdRole = IdRole
"""Role returning the payment's database id (an ``int``)."""
PaymentRowRole = RowRole
"""Role returning the whole :class:`~arapp.services.payment_list.PaymentRow`."""


class Column(IntEnum):
    DATE = 0
    CODE = 1
    CUSTOMER = 2
    METHOD = 3
    REFERENCE = 4
    AMOUNT = 5
    ALLOCATED = 6
    UNAPPLIED = 7
    STATUS = 8


HEADERS: dict[Column, str] = {  # shown through _() (see arapp.ui.widgets.texts)
    Column.DATE: N_("Date"),
    Column.CODE: N_("Code"),
    Column.CUSTOMER: N_("Customer"),
    Column.METHOD: N_("Method"),
    Column.REFERENCE: N_("Reference"),
    Column.AMOUNT: N_("Amount"),
    Column.ALLOCATED: N_("On invoices"),
    Column.UNAPPLIED: N_("Credit left"),
    Column.STATUS: N_("Status"),
}

SORT_KEYS: dict[Column, PaymentSort] = {
    Column.DATE: PaymentSort.DATE,
    Column.CODE: PaymentSort.CODE,
    Column.CUSTOMER: PaymentSort.CUSTOMER,
    Column.METHOD: PaymentSort.METHOD,
    Column.REFERENCE: PaymentSort.REFERENCE,
    Column.AMOUNT: PaymentSort.AMOUNT,
    Column.ALLOCATED: PaymentSort.ALLOCATED,
    Column.UNAPPLIED: PaymentSort.UNAPPLIED,
    Column.STATUS: PaymentSort.STATUS,
}

AMOUNT_COLUMNS = frozenset({Column.AMOUNT, Column.ALLOCATED, Column.UNAPPLIED})


class PaymentTableModel(ListTableModel[PaymentRow, PaymentFilter]):
    """Payments for a :class:`PaymentFilter` and a sort column."""

    columns = Column
    headers = HEADERS
    amount_columns = AMOUNT_COLUMNS
    sort_keys = SORT_KEYS
    default_sort = Column.DATE
    filter_type = PaymentFilter
    ids_of = staticmethod(payment_list.payment_ids)
    rows_of = staticmethod(payment_list.payment_rows)
    count_of = staticmethod(payment_list.payment_count)
    countable = True

    def __init__(self, ctx: AppContext, locale: str = "en_US", parent: Any = None) -> None:
        super().__init__(ctx, locale, parent)
        self.headers = translated(HEADERS)

    # -- cells --------------------------------------------------------------------------------

    def display(self, row: PaymentRow, column: Column) -> str:
        match column:
            case Column.DATE:
                return self.date_text(row.date)
            case Column.CODE:
                return row.customer_code
            case Column.CUSTOMER:
                return row.customer_name
            case Column.METHOD:
                return method_text(row.method)
            case Column.REFERENCE:
                return row.reference
            case Column.AMOUNT:
                return format_money(row.amount, row.currency, self.locale)
            case Column.ALLOCATED:
                if row.allocated == 0:
                    return ""
                return format_money(row.allocated, row.currency, self.locale)
            case Column.UNAPPLIED:
                if row.unapplied == 0:
                    return ""
                return format_money(row.unapplied, row.currency, self.locale)
            case Column.STATUS:
                return status_text(row.status)

    def foreground(self, row: PaymentRow, column: Column) -> Any:
        if row.status == "reversed":
            return REVERSED_COLOR
        return CREDIT_COLOR if column is Column.UNAPPLIED and row.unapplied > 0 else None

    def font(self, row: PaymentRow, column: Column) -> QFont | None:
        return struck_font() if row.status == "reversed" and column in AMOUNT_COLUMNS else None

    def tooltip(self, row: PaymentRow, column: Column) -> str | None:
        if column in (Column.CUSTOMER, Column.CODE):
            return f"{row.customer_name} ({row.customer_code})"
        if column is Column.STATUS and row.status == "reversed":
            return _("Reversed: {reason}").format(reason=row.reversal_reason)
        if column is Column.REFERENCE and row.reference:
            return row.reference
        return None
