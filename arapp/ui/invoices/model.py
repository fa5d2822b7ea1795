# SPDX-License-Identifier: MIT
"""The invoice table: ids a chunk at a time, rows a page at a time (see
:mod:`arapp.ui.paged_model`), filtered and sorted in SQL by :mod:`arapp.services.invoice_list`,
so a million invoices open at once.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtGui import QFont

from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.formatting import format_money
from arapp.i18n import N_, _, pgettext
from arapp.services import invoice_list
from arapp.services.context import AppContext
from arapp.services.invoice_list import InvoiceFilter, InvoiceRow, InvoiceSort
from arapp.ui.invoices.labels import document_title, signed, status_text
from arapp.ui.list_model import ListTableModel, struck_font
from arapp.ui.paged_model import (  # noqa: F401  (the sizes: tests read them here)
    CHUNK_SIZE,
    MAX_CACHED_ROWS,
    MAX_STEPS,
    PAGE_SIZE,
    IdRole,
    RowRole,
)
from arapp.ui.widgets.colours import DRAFT_COLOR, OVERDUE_COLOR, VOID_COLOR
from arapp.ui.widgets.texts import translated

InvoiceIdRole = IdRole
"""Role returning the invoice's database id (an ``int``)."""
InvoiceRowRole = RowRole
"""Role returning the whole :class:`~arapp.services.invoice_list.InvoiceRow`."""


class Column(IntEnum):
    NUMBER = 0
    CUSTOMER = 1
    DATE = 2
    DUE = 3
    TOTAL = 4
    BALANCE = 5
    STATUS = 6


HEADERS: dict[Column, str] = {  # shown through _() (see arapp.ui.widgets.texts)
    Column.NUMBER: N_("Number"),
    Column.CUSTOMER: N_("Customer"),
    Column.DATE: N_("Date"),
    Column.DUE: N_("Due"),
    Column.TOTAL: N_("Total"),
    Column.BALANCE: N_("Balance"),
    Column.STATUS: N_("Status"),
}

SORT_KEYS: dict[Column, InvoiceSort] = {
    Column.NUMBER: InvoiceSort.NUMBER,
    Column.CUSTOMER: InvoiceSort.CUSTOMER,
    Column.DATE: InvoiceSort.ISSUE_DATE,
    Column.DUE: InvoiceSort.DUE_DATE,
    Column.TOTAL: InvoiceSort.TOTAL,
    Column.BALANCE: InvoiceSort.BALANCE,
    Column.STATUS: InvoiceSort.STATUS,
}

AMOUNT_COLUMNS = frozenset({Column.TOTAL, Column.BALANCE})


class InvoiceTableModel(ListTableModel[InvoiceRow, InvoiceFilter]):
    """Invoices and credit notes for an :class:`InvoiceFilter` and a sort column.

    The mechanism (ids in chunks, rows in pages, refresh by difference) is
    :class:`~arapp.ui.paged_model.PagedTableModel`'s.
    """

    columns = Column
    headers = HEADERS
    amount_columns = AMOUNT_COLUMNS
    sort_keys = SORT_KEYS
    default_sort = Column.DATE
    filter_type = InvoiceFilter
    ids_of = staticmethod(invoice_list.invoice_ids)
    rows_of = staticmethod(invoice_list.invoice_rows)
    count_of = staticmethod(invoice_list.invoice_count)
    countable = True

    def __init__(self, ctx: AppContext, locale: str = "en_US", parent: Any = None) -> None:
        super().__init__(ctx, locale, parent)
        self.headers = translated(HEADERS)

    def invoice_id(self, row: int) -> int | None:
        return self.record_id(row)

    # -- cells --------------------------------------------------------------------------------

    def display(self, row: InvoiceRow, column: Column) -> str:
        match column:
            case Column.NUMBER:
                return row.number or pgettext("invoice status", "Draft")
            case Column.CUSTOMER:
                return row.customer_name
            case Column.DATE:
                return self.date_text(row.issue_date)
            case Column.DUE:
                return "" if row.kind == DocumentKind.CREDIT_NOTE else self.date_text(row.due_date)
            case Column.TOTAL:
                return format_money(signed(row.total, row.kind), row.currency, self.locale)
            case Column.BALANCE:
                if row.balance == 0:
                    return ""
                return format_money(signed(row.balance, row.kind), row.currency, self.locale)
            case Column.STATUS:
                return status_text(row.status, row.kind, row.days_overdue, row.balance)

    def foreground(self, row: InvoiceRow, column: Column) -> Any:
        if row.status == InvoiceStatus.VOID:
            return VOID_COLOR
        if row.overdue and column in (Column.STATUS, Column.DUE):
            return OVERDUE_COLOR
        if row.status == InvoiceStatus.DRAFT and column in (Column.NUMBER, Column.STATUS):
            return DRAFT_COLOR
        return None

    def font(self, row: InvoiceRow, column: Column) -> QFont | None:
        return struck_font() if row.status == InvoiceStatus.VOID else None

    def tooltip(self, row: InvoiceRow, column: Column) -> str | None:
        if column is Column.CUSTOMER:
            return f"{row.customer_name} ({row.customer_code})"
        if column is Column.NUMBER:
            return document_title(row.kind, row.number)
        if column is Column.STATUS and row.overdue:
            return _("Due {date}").format(date=self.date_text(row.due_date))
        return None
