# SPDX-License-Identifier: MIT
"""A long list read where the view goes: counted on a worker, the last rows read back from the
end (Ctrl+End), a row in the middle read from there, every row the service's row, a change
applied and counted again, and a count overtaken by a newer one dropped.

Chunks are made small (``CHUNK_SIZE`` 50) so 600 invoices are twelve chunks. The invoices are
written with one bulk insert (through ``arapp.db.models`` and ``sqlalchemy.insert``).
"""

from __future__ import annotations

import random
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from sqlalchemy import insert

from arapp.db.models import Invoice  # direct bulk insert: reading only
from arapp.services import invoice_list
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.invoice_list import InvoiceFilter, InvoiceSort, InvoiceStatusFilter
from arapp.ui import paged_model
from arapp.ui.display import DisplaySource
from arapp.ui.invoices.model import Column, InvoiceTableModel
from arapp.ui.invoices.tab import InvoicesTab
from tests.helpers.books import TODAY, issued_invoice

COUNT = 600
CHUNK = 50
PAID = InvoiceFilter(status=InvoiceStatusFilter.PAID)


@pytest.fixture
def books(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    monkeypatch.setattr(paged_model, "CHUNK_SIZE", CHUNK)
    customer = create_customer(ctx, CustomerInput(name="Acme")).id
    now = ctx.now()
    rows = [
        {
            "kind": "invoice",
            "number": f"INV-{n:04d}",
            "customer_id": customer,
            "status": "paid" if n % 4 == 0 else "sent",
            "issue_date": date(2026, 1, 1) + timedelta(days=n % 7),  # ties: by id
            "due_date": date(2026, 2, 1) + timedelta(days=n % 7),
            "currency": "EUR",
            "payment_terms": "net 30",
            "total": Decimal(n % 9),
            "amount_paid": Decimal(n % 9) if n % 4 == 0 else Decimal(0),
            "created_at": now,
        }
        for n in range(COUNT)
    ]
    with ctx.db.write() as session:
        session.execute(insert(Invoice), rows)
    return ctx


class Spy:
    """Records how the model asks for ids."""

    def __init__(self, model: InvoiceTableModel) -> None:
        self.calls: list[dict[str, Any]] = []
        real = model.ids_of

        def ids_of(*args: Any, **kwargs: Any) -> list[int]:
            self.calls.append(kwargs)
            return real(*args, **kwargs)

        model.ids_of = ids_of  # type: ignore[method-assign]


ALL = InvoiceFilter()


def counted(model: InvoiceTableModel, qtbot, f: InvoiceFilter = ALL) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(model.count_known, timeout=5_000):
        model.set_filter(f)
        assert model.counting and model.rowCount() == CHUNK  # the first chunk, then the count


def test_the_end_and_the_middle_are_read_where_they_are(books: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    expected = invoice_list.invoice_ids(books)
    model = InvoiceTableModel(books)
    counted(model, qtbot)
    assert model.rowCount() == COUNT and not model.canFetchMore(QModelIndex())
    spy = Spy(model)

    assert model.record_id(COUNT - 1) == expected[-1]  # Ctrl+End
    assert spy.calls == [{"limit": CHUNK, "offset": 0, "after": None}]  # back from the end
    assert model.record_id(COUNT - CHUNK - 1) == expected[-CHUNK - 1]  # the chunk before it
    assert spy.calls[-1]["after"] == expected[-CHUNK]  # a seek from the row after
    assert model.record_id(COUNT // 2) == expected[COUNT // 2]  # a jump to the middle
    assert model.record_id(COUNT // 2 + CHUNK) == expected[COUNT // 2 + CHUNK]
    assert spy.calls[-1]["after"] == expected[COUNT // 2 + CHUNK - 1]  # and on from there
    assert len(spy.calls) == 4
    assert model.index(COUNT - 1, Column.NUMBER).data() == "INV-0000"  # oldest, lowest id

    rows = list(range(COUNT))
    random.Random(5).shuffle(rows)
    assert [model.record_id(r) for r in rows] == [expected[r] for r in rows]
    assert model.record_id(COUNT) is None
    assert [model.row_of(i) for i in expected] == list(range(COUNT))


def test_ctrl_end_in_the_view_shows_the_last_invoice(books: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = InvoiceTableModel(books)
    model.sort(Column.NUMBER, Qt.SortOrder.AscendingOrder)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitUntil(lambda: not model.counting, timeout=5_000)
    queries = model.id_queries
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == COUNT - 1
    assert view.currentIndex().siblingAtColumn(Column.NUMBER).data() == f"INV-{COUNT - 1:04d}"
    assert model.id_queries - queries <= 2  # the last chunk (and what was on screen)


def test_a_change_in_a_long_list_is_counted_again(books: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = InvoiceTableModel(books)
    model.sort(Column.DATE, Qt.SortOrder.AscendingOrder)  # oldest first: new ones at the end
    qtbot.waitUntil(lambda: not model.counting, timeout=5_000)
    assert model.record_id(COUNT - 1) is not None  # the end was read
    new = issued_invoice(books, create_customer(books, CustomerInput(name="Blue")).id, TODAY, "5")
    with qtbot.waitSignal(model.count_known, timeout=5_000):
        model.refresh([new])
    assert model.rowCount() == COUNT + 1
    assert model.record_id(COUNT) == new
    assert model.loaded_ids() == invoice_list.invoice_ids(
        books, sort=InvoiceSort.ISSUE_DATE, descending=False, limit=CHUNK
    )


def test_a_slow_count_overtaken_by_a_newer_one_does_not_win(
    books: AppContext, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    real = invoice_list.invoice_count

    def count(ctx: AppContext, f: InvoiceFilter) -> int:
        if f == InvoiceFilter():
            release.wait(5)
            return 999_999  # a wrong figure: it must never be shown
        return real(ctx, f)

    monkeypatch.setattr(InvoiceTableModel, "count_of", staticmethod(count))
    model = InvoiceTableModel(books)
    model.set_filter(InvoiceFilter())  # its count hangs
    assert model.counting
    counted(model, qtbot, PAID)
    paid = real(books, PAID)
    assert model.rowCount() == paid == COUNT // 4
    release.set()  # the old count arrives now
    qtbot.wait(300)
    assert model.rowCount() == paid and not model.counting


def test_the_totals_say_they_are_counting(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    tab = InvoicesTab(ctx, DisplaySource(ctx))
    qtbot.addWidget(tab)
    real = tab.totals_of

    def slow(ctx: AppContext, f: InvoiceFilter) -> Any:
        release.wait(5)
        return real(ctx, f)

    tab.totals_of = slow  # type: ignore[method-assign]
    tab.refresh_totals()
    assert tab.totals_label.text() == "Counting…"
    release.set()
    qtbot.waitUntil(lambda: tab.totals_label.text().startswith("0 invoices"), timeout=5_000)


def test_a_slow_reload_overtaken_by_a_newer_one_does_not_win(
    books: AppContext, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(paged_model, "RELOAD_BUDGET", 0.05)  # the window's budget
    release = threading.Event()
    real = invoice_list.invoice_ids

    def ids_of(ctx: AppContext, f: InvoiceFilter, *args: Any, **kwargs: Any) -> list[int]:
        if f == PAID and kwargs.get("after") is None and kwargs.get("offset") == 0:
            release.wait(5)  # the first chunk of the paid ones is slow
        return real(ctx, f, *args, **kwargs)

    monkeypatch.setattr(InvoiceTableModel, "ids_of", staticmethod(ids_of))
    tab = InvoicesTab(books, DisplaySource(books))
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not (tab.model.counting or tab.model.loading), timeout=5_000)
    assert tab.table_stack.currentWidget() is tab.view

    tab.model.set_filter(PAID)  # slower than the budget: the tab says so
    assert tab.model.loading
    assert tab.table_stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text() == "Loading…"
    newest = InvoiceFilter(status=InvoiceStatusFilter.OPEN)
    tab.model.set_filter(newest)  # a newer filter, quick
    qtbot.waitUntil(lambda: not tab.model.loading, timeout=5_000)
    assert tab.table_stack.currentWidget() is tab.view
    expected = real(books, newest, limit=CHUNK)
    assert tab.model.loaded_ids() == expected
    release.set()  # the paid ones arrive late: dropped
    qtbot.wait(300)
    assert tab.model.loaded_ids() == expected and tab.model.filter == newest
    assert not tab.model.loading and tab.table_stack.currentWidget() is tab.view


def test_a_slow_reload_shows_its_rows_when_they_come(
    books: AppContext, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(paged_model, "RELOAD_BUDGET", 0.05)  # the window's budget
    real = invoice_list.invoice_ids

    def ids_of(*args: Any, **kwargs: Any) -> list[int]:
        if kwargs.get("offset") == 0 and kwargs.get("after") is None:
            time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(InvoiceTableModel, "ids_of", staticmethod(ids_of))
    model = InvoiceTableModel(books)
    model.set_filter(PAID)
    assert model.loading and model.rowCount() == 0
    with qtbot.waitSignal(model.loading_changed, timeout=5_000) as loaded:
        pass
    assert loaded.args == [False] and not model.loading
    assert model.loaded_ids() == real(books, PAID, limit=CHUNK)


def test_a_slow_customer_search_or_sort_loads_on_a_thread(
    ctx: AppContext, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from arapp.services import customer_list
    from arapp.ui.customers.model import Column as CustomerColumn
    from arapp.ui.customers.model import CustomerTableModel

    for name in ("Acme", "Blue Door", "Corner Shop"):
        create_customer(ctx, CustomerInput(name=name))
    real = customer_list.customer_ids

    def slow(*args: Any, **kwargs: Any) -> list[int]:
        time.sleep(0.3)
        return real(*args, **kwargs)

    model = CustomerTableModel(ctx)
    model.search("")
    assert not model.loading and model.rowCount() == 3  # quick: read at once
    monkeypatch.setattr(customer_list, "customer_ids", slow)
    monkeypatch.setattr(paged_model, "RELOAD_BUDGET", 0.05)  # the window's budget
    model.sort(CustomerColumn.NAME, Qt.SortOrder.DescendingOrder)
    assert model.loading  # the window is not held meanwhile
    qtbot.waitUntil(lambda: not model.loading, timeout=5_000)
    names = [model.index(r, CustomerColumn.NAME).data() for r in range(model.rowCount())]
    assert names == ["Corner Shop", "Blue Door", "Acme"]
