# SPDX-License-Identifier: MIT
"""The customer table: only ids in memory, the rows on screen fetched a page at a time.

:class:`CustomerTableModel` is a countable :class:`~arapp.ui.list_model.ListTableModel` over
:func:`~arapp.services.customer_list.customer_page` for the current search, status filter and
sort: a search reads the first chunk of ids and the count (through the search index), and the
rest a chunk at a time where the view goes, by a seek; rows come in pages of :data:`PAGE_SIZE`,
at most :data:`MAX_PAGES` pages' worth in memory. A customer far down (Show customer) is found
by its position, one count (:func:`~arapp.services.customer_list.customer_position`).
Sorting and filtering happen in SQL; nothing here sorts display text. An edit marks its rows
stale and emits one ``dataChanged``; rows that join, leave or move are inserted, removed or
moved without a reset, so the selection survives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from functools import cache
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from arapp.domain.customer import CustomerStatus, status_label
from arapp.domain.segments import Segment
from arapp.formatting import format_date, format_money
from arapp.services import customer_list
from arapp.services.context import AppContext
from arapp.services.customer_list import CustomerRow, SortKey, StatusFilter
from arapp.services.customer_search import MANY
from arapp.ui.list_model import ListTableModel
from arapp.ui.paged_model import FirstChunk, IdRole
from arapp.ui.segments import segment_label, segment_words
from arapp.ui.widgets.colours import HOLD_BACKGROUND as HOLD_BACKGROUND  # the light tint
from arapp.ui.widgets.colours import HOLD_COLOR, OVERDUE_COLOR, VOID_COLOR, hold_background

PAGE_SIZE = 200
MAX_PAGES = 6  # at most 1,200 rows in memory, whatever the size of the books

CustomerIdRole = IdRole
"""Role returning the customer's database id (an ``int``)."""

ARCHIVED_COLOR = VOID_COLOR


class Column(IntEnum):
    CODE = 0
    NAME = 1
    CONTACT = 2
    EMAIL = 3
    PHONE = 4
    TERMS = 5
    CREDIT_LIMIT = 6
    BALANCE = 7
    OVERDUE = 8
    STATUS = 9
    SEGMENT = 10


HEADERS: dict[Column, str] = {
    Column.CODE: "Code",
    Column.NAME: "Name",
    Column.CONTACT: "Contact",
    Column.EMAIL: "E-mail",
    Column.PHONE: "Phone",
    Column.TERMS: "Terms",
    Column.CREDIT_LIMIT: "Credit limit",
    Column.BALANCE: "Balance",
    Column.OVERDUE: "Overdue",
    Column.STATUS: "Status",
    Column.SEGMENT: "Segment",
}

SORT_KEYS: dict[Column, SortKey] = {
    Column.CODE: SortKey.CODE,
    Column.NAME: SortKey.NAME,
    Column.CONTACT: SortKey.CONTACT,
    Column.EMAIL: SortKey.EMAIL,
    Column.PHONE: SortKey.PHONE,
    Column.TERMS: SortKey.TERMS,
    Column.CREDIT_LIMIT: SortKey.CREDIT_LIMIT,
    Column.BALANCE: SortKey.BALANCE,
    Column.OVERDUE: SortKey.OVERDUE,
    Column.STATUS: SortKey.STATUS,
    Column.SEGMENT: SortKey.SEGMENT,
}

AMOUNT_COLUMNS = frozenset({Column.CREDIT_LIMIT, Column.BALANCE, Column.OVERDUE})


@dataclass(frozen=True)
class CustomerSearch:
    """What the list shows: a search text (accent-folded, in SQL), a status filter and a
    payment-behaviour segment (``None``: every segment; as kept, see
    :mod:`arapp.services.segments`)."""

    text: str = ""
    status: StatusFilter = StatusFilter.CURRENT
    segment: Segment | None = None


class CustomerTableModel(ListTableModel[CustomerRow, CustomerSearch]):
    """Table of customers for a search text, a status filter and a sort column.

    The mechanism (ids in chunks, rows in pages, refresh by difference) is
    :class:`~arapp.ui.paged_model.PagedTableModel`'s; unlike invoices, the first chunk comes
    with its count (the search index counts as it finds), and a row that only moved keeps its
    persistent index (the selection).

    Attributes:
        wanted: The customer to find with each search or sort, wherever it is in the list (the
            tab's selection): its row is read on the same thread, so the view can keep it
            selected without a query on the window's thread.
    """

    columns = Column
    headers = HEADERS
    amount_columns = AMOUNT_COLUMNS
    sort_keys = SORT_KEYS
    default_sort = Column.NAME
    default_descending = False
    filter_type = CustomerSearch
    rows_of = staticmethod(customer_list.customer_rows)
    count_of = staticmethod(lambda ctx, f: _count(ctx, f))  # defined below
    row_roles = ListTableModel.row_roles | {Qt.ItemDataRole.BackgroundRole}
    countable = True
    page_size = PAGE_SIZE
    max_cached_rows = MAX_PAGES * PAGE_SIZE
    layout_moves = True
    wanted: int | None = None

    # -- queries ------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.filter.text

    @property
    def status(self) -> StatusFilter:
        return self.filter.status

    @property
    def segment(self) -> Segment | None:
        return self.filter.segment

    def search(
        self,
        text: str,
        status: StatusFilter | None = None,
        segment: Segment | Literal["same"] | None = "same",
    ) -> None:
        """Run a new query (filters changed): a full reset."""
        self.set_filter(
            CustomerSearch(
                text,
                self.status if status is None else status,
                self.segment if segment == "same" else segment,
            )
        )

    def _many(self) -> bool:
        """Whether the count said many customers match (the search then walks the sort's
        index with ``LIKE``, see :func:`~arapp.services.customer_list.customer_ids`)."""
        return bool(self.text.strip()) and self.rowCount() >= MANY

    def query_ids(self, limit: int, offset: int) -> list[int]:
        return self.query_seek(limit, offset, None, False)

    def query_seek(self, limit: int, offset: int, after: int | None, reverse: bool) -> list[int]:
        return customer_list.customer_ids(
            self.ctx,
            self.text,
            self.status,
            SORT_KEYS[self.sort_column],
            self.descending != reverse,
            limit=limit,
            offset=offset,
            after=after,
            many=self._many(),
            segment=self.segment,
        )

    def ids_reader(self, limit: int) -> Callable[[], FirstChunk]:
        """The first ``limit`` ids and the count, and where :attr:`wanted` is if it is further
        down, read on a thread by a new search or sort (the window says "Loading…" if it takes
        more than a moment)."""
        ctx, text, status, wanted = self.ctx, self.text, self.status, self.wanted
        sort, descending, segment = SORT_KEYS[self.sort_column], self.descending, self.segment

        def read() -> FirstChunk:
            page = customer_list.customer_page(
                ctx, text, status, sort, descending, limit=limit, segment=segment
            )
            if wanted is None or wanted in page.ids or len(page.ids) == page.total:
                return FirstChunk(page.ids, page.total)
            many = bool(text.strip()) and page.total >= MANY
            row = customer_list.customer_position(
                ctx, wanted, text, status, sort, descending, many=many, segment=segment
            )
            if row is None:
                return FirstChunk(page.ids, page.total)
            after = customer_list.customer_ids(
                ctx, text, status, sort, descending, limit=limit - 1, after=wanted, many=many,
                segment=segment,
            )  # fmt: skip
            return FirstChunk(page.ids, page.total, row, [wanted, *after])

        return read

    def refresh_reader(self, limit: int) -> Callable[[], list[int]]:
        """The first ``limit`` ids again after a change, read on a thread."""
        ctx, text, status, many = self.ctx, self.text, self.status, self._many()
        sort, descending, segment = SORT_KEYS[self.sort_column], self.descending, self.segment
        return lambda: customer_list.customer_ids(
            ctx, text, status, sort, descending, limit=limit, many=many, segment=segment
        )

    def query_position(self, record_id: int) -> int | None:
        return customer_list.customer_position(
            self.ctx,
            record_id,
            self.text,
            self.status,
            SORT_KEYS[self.sort_column],
            self.descending,
            many=self._many(),
            segment=self.segment,
        )

    def refresh_ids(self, changed: set[int] | frozenset[int] = frozenset()) -> None:
        """Customers ``changed``: re-query the ids and update rows without a reset when we can."""
        self.refresh(changed)

    def refresh_amounts(self) -> None:
        """Invoices or payments changed: balances and overdue amounts of any customer may have.

        The services name the invoices, not their customers, so every cached row is re-read
        when next shown (one page query each) and the order is re-checked for amount sorts.
        """
        self.refresh(all_rows=True)

    # -- rows ---------------------------------------------------------------------------------

    def customer_id(self, row: int) -> int | None:
        return self.record_id(row)

    # -- cells --------------------------------------------------------------------------------

    def _money(self, amount: Decimal | None, currency: str) -> str:
        if amount is None or amount == 0:
            return ""
        return format_money(amount, currency, self.locale)

    def display(self, row: CustomerRow, column: Column) -> str:
        match column:
            case Column.CODE:
                return row.code
            case Column.NAME:
                return row.name
            case Column.CONTACT:
                return row.contact_person
            case Column.EMAIL:
                return row.email
            case Column.PHONE:
                return row.phone
            case Column.TERMS:
                return row.terms
            case Column.CREDIT_LIMIT:
                if row.credit_limit is None:
                    return ""
                return format_money(row.credit_limit, row.currency, self.locale)
            case Column.BALANCE:
                return self._money(row.balance, row.currency)
            case Column.OVERDUE:
                return self._money(row.overdue, row.currency)
            case Column.STATUS:
                return status_label(row.status, row.agency_since is not None)
            case Column.SEGMENT:
                return "" if row.segment is None else segment_label(row.segment)

    def tooltip(self, row: CustomerRow, column: Column) -> str | None:
        if column is Column.BALANCE and row.over_limit and row.credit_limit is not None:
            limit = format_money(row.credit_limit, row.currency, self.locale)
            return f"Over the credit limit of {limit}"
        if column is Column.NAME:
            return row.name
        if column is Column.SEGMENT and row.segment is not None:
            return segment_words(
                row.segment, row.segment_reason, row.segment_as_of, self.ctx.today(), self.locale
            )
        if column is Column.STATUS and row.agency_since is not None:
            since = format_date(row.agency_since, self.locale)
            return f"Handed to the collections agency on {since}: no reminders or late fees"
        if column is Column.STATUS and row.status is CustomerStatus.CREDIT_HOLD:
            return "On credit hold: new invoices need a release first"
        return None

    def foreground(self, row: CustomerRow, column: Column) -> QColor | None:
        if row.status is CustomerStatus.ARCHIVED:
            return ARCHIVED_COLOR
        if column is Column.OVERDUE and row.overdue > 0:
            return OVERDUE_COLOR
        if column is Column.BALANCE and row.over_limit:
            return OVERDUE_COLOR
        if column is Column.STATUS and row.status is CustomerStatus.CREDIT_HOLD:
            return HOLD_COLOR
        return None

    def background(self, row: CustomerRow, column: Column) -> QColor | None:
        return hold_background() if row.status is CustomerStatus.CREDIT_HOLD else None

    def font(self, row: CustomerRow, column: Column) -> QFont | None:
        hold = column is Column.STATUS and row.status is CustomerStatus.CREDIT_HOLD
        return _bold_font() if hold else None


def _count(ctx: AppContext, search: CustomerSearch) -> int:
    """How many customers ``search`` lists (after a change; a search counts as it reads)."""
    return customer_list.count_customers(ctx, search.status, search.text, search.segment)


@cache
def _bold_font() -> QFont:
    font = QFont()  # made on first use: a QFont needs the QApplication
    font.setBold(True)
    return font
