# SPDX-License-Identifier: MIT
"""The customer list reads the chunk shown and a count, never every id of a search; a customer
far down (Show customer, a selection kept through a search) is found by its position.

Chunks are made small (``CHUNK_SIZE`` 10) so 45 customers are five chunks; every id the
service hands out is counted.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from arapp.domain.customer import CustomerStatus
from arapp.services import customer_list
from arapp.services.context import AppContext
from arapp.services.customer_list import StatusFilter
from arapp.services.customers import CustomerInput, create_customer, set_status
from arapp.ui import paged_model
from arapp.ui.customers.model import Column, CustomerTableModel

CHUNK = 10
COUNT = 45


@pytest.fixture
def books(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    monkeypatch.setattr(paged_model, "CHUNK_SIZE", CHUNK)
    for n in range(COUNT):
        create_customer(ctx, CustomerInput(name=f"Customer {n:02d}", code=f"C{n:02d}"))
    for name in ("Acme", "Blue Door", "Zed"):
        create_customer(ctx, CustomerInput(name=name))
    return ctx


@pytest.fixture
def ids_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many ids each call of customer_ids handed out."""
    real, calls = customer_list.customer_ids, []

    def counted(*args: Any, **kwargs: Any) -> list[int]:
        ids = real(*args, **kwargs)
        calls.append(len(ids))
        return ids

    monkeypatch.setattr(customer_list, "customer_ids", counted)
    return calls


def every_id(ctx: AppContext, text: str = "", status: StatusFilter = StatusFilter.CURRENT):
    return customer_list.customer_ids(ctx, text, status)


def test_a_search_reads_one_chunk_and_its_count(books, ids_read, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert len(every_id(books, "customer 1")) == 14  # 01, 10-19, 21, 31, 41 (and the codes)
    model = CustomerTableModel(books)
    for text in ("", "c", "cus", "customer 1", "customer 4", "zed"):
        total = len(every_id(books, text))
        calls = len(ids_read)
        model.search(text)
        qtbot.waitUntil(lambda: not model.loading, timeout=3_000)
        assert model.rowCount() == total and not model.counting
        assert not model.canFetchMore(QModelIndex())  # the count is the whole search
        assert ids_read[calls:] == [min(total, CHUNK)]  # one chunk, however many match
        assert len(model.loaded_ids()) == min(total, CHUNK)
    expected = every_id(books)
    model.search("")
    qtbot.waitUntil(lambda: not model.loading, timeout=3_000)
    calls = len(ids_read)
    assert [model.customer_id(r) for r in range(model.rowCount())] == expected  # as it scrolls
    assert sum(ids_read[calls:]) < len(expected)  # the chunks after the first, by a seek
    assert model.index(COUNT + 2, Column.NAME).data() == "Zed"


def test_show_customer_far_down_selects_its_row(books, main_window, ids_read, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = main_window.customers
    qtbot.waitUntil(lambda: tab.model.rowCount() == COUNT + 3, timeout=3_000)
    every = every_id(books, status=StatusFilter.ALL)
    far = every[37]  # "Customer 35": three chunks down
    set_status(books, far, CustomerStatus.ARCHIVED, "closed")  # hidden by Current
    qtbot.waitUntil(lambda: tab.model.rowCount() == COUNT + 2, timeout=3_000)
    qtbot.keyClicks(tab.search_box, "blue")
    ids_read.clear()
    main_window.show_customer(far)
    qtbot.waitUntil(lambda: tab.selected_id() == far, timeout=3_000)
    assert tab.status() is StatusFilter.ALL and tab.search_box.text() == ""
    assert tab.view.currentIndex().row() == 37 == tab.model.row_of(far)
    assert tab.detail.name.text() == "Customer 35"
    assert sum(ids_read) <= 2 * CHUNK  # the first chunk, and the one from the customer on
    assert len(tab.model.loaded_ids()) == CHUNK
    # The rows around it are the list's rows, read from there up and down.
    rows = range(tab.model.rowCount())
    assert [tab.model.customer_id(r) for r in reversed(rows)] == every[::-1]


def test_the_selection_far_down_stays_through_a_search(books, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = main_window.customers
    qtbot.waitUntil(lambda: tab.model.rowCount() == COUNT + 3, timeout=3_000)
    far = every_id(books)[40]  # "Customer 38"
    assert tab.select_customer(far) and tab.view.currentIndex().row() == 40
    for keys, text in (("cust", "cust"), ("omer 3", "customer 3"), ("8", "customer 38")):
        qtbot.keyClicks(tab.search_box, keys)
        qtbot.waitUntil(lambda t=text: tab.model.text == t and not tab.model.loading)
        expected = every_id(books, text)
        assert tab.model.rowCount() == len(expected)
        assert tab.selected_id() == far
        assert tab.view.currentIndex().row() == expected.index(far)
    assert tab.view.currentIndex().row() > 0 or len(expected) == 1
    qtbot.keyClicks(tab.search_box, "x")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=3_000)
    assert tab.selected_id() is None


def test_the_selection_is_found_on_the_thread(books, main_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Typing with a customer far down selected asks where it is with the search, on the
    search's thread: the window's thread runs no count for it, even when the search is slow."""
    tab = main_window.customers
    qtbot.waitUntil(lambda: tab.model.rowCount() == COUNT + 3, timeout=3_000)
    far = every_id(books)[42]  # "Customer 40"
    assert tab.select_customer(far)
    real_position, real_page = customer_list.customer_position, customer_list.customer_page
    on_gui: list[int] = []

    def position(*args: Any, **kwargs: Any) -> int | None:
        if threading.current_thread() is threading.main_thread():
            on_gui.append(args[1])
        return real_position(*args, **kwargs)

    def slow_page(*args: Any, **kwargs: Any) -> customer_list.CustomerPage:
        time.sleep(0.2)
        return real_page(*args, **kwargs)

    monkeypatch.setattr(customer_list, "customer_position", position)
    monkeypatch.setattr(customer_list, "customer_page", slow_page)
    monkeypatch.setattr(paged_model, "RELOAD_BUDGET", 0.05)
    for key in "cust":
        qtbot.keyClick(tab.search_box, key)
        assert tab.model.loading and tab.shown_label.text() == "Loading…"
        qtbot.waitUntil(lambda: not tab.model.loading, timeout=3_000)
        assert tab.selected_id() == far
        assert tab.view.currentIndex().row() == every_id(books, tab.model.text).index(far)
    assert on_gui == []
    set_status(books, far, CustomerStatus.ARCHIVED, "closed")
    qtbot.waitUntil(lambda: tab.model.rowCount() == COUNT - 1, timeout=3_000)
    main_window.show_customer(far)  # hidden: the search is cleared, read on the thread
    assert tab.model.loading
    qtbot.waitUntil(lambda: tab.selected_id() == far and not tab.model.loading, timeout=3_000)
    assert tab.view.currentIndex().row() == 42 and tab.status() is StatusFilter.ALL


def test_a_refresh_reads_on_a_thread_and_the_newest_wins(books, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    """After a change the first ids are read again on a thread when that is slow: the rows
    shown stay until they come, and two changes in a row are both applied once."""
    model = CustomerTableModel(books)
    model.search("")
    before = model.loaded_ids()
    real = customer_list.customer_ids
    on_gui: list[int] = []

    def slow(*args: Any, **kwargs: Any) -> list[int]:
        if threading.current_thread() is threading.main_thread():
            on_gui.append(1)
        time.sleep(0.2)
        return real(*args, **kwargs)

    monkeypatch.setattr(customer_list, "customer_ids", slow)
    monkeypatch.setattr(paged_model, "RELOAD_BUDGET", 0.05)
    first = create_customer(books, CustomerInput(name="Aardvark")).id
    model.refresh_ids({first})
    assert model.loaded_ids() == before  # not yet: shown as they were meanwhile
    second = create_customer(books, CustomerInput(name="Abacus")).id
    with qtbot.waitSignal(model.refreshed, timeout=3_000):
        model.refresh_ids({second})
    assert on_gui == []
    assert model.loaded_ids() == [first, second, *before][:CHUNK]
    qtbot.waitUntil(lambda: not model.counting, timeout=3_000)  # the rows past the head
    assert model.rowCount() == COUNT + 5
    assert [model.customer_id(r) for r in range(model.rowCount())] == real(books)


def test_a_new_customer_is_selected_once_the_slow_refresh_shows_it(
    books, main_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    tab = main_window.customers
    qtbot.waitUntil(lambda: tab.model.rowCount() == COUNT + 3, timeout=3_000)
    real = customer_list.customer_ids

    def slow(*args: Any, **kwargs: Any) -> list[int]:
        time.sleep(0.2)
        return real(*args, **kwargs)

    monkeypatch.setattr(customer_list, "customer_ids", slow)
    monkeypatch.setattr(paged_model, "RELOAD_BUDGET", 0.05)
    tab._pending_select = made = create_customer(books, CustomerInput(name="Aardvark")).id
    assert tab.model.row_of(made) is None  # the event's refresh is still being read
    qtbot.waitUntil(lambda: tab.selected_id() == made, timeout=3_000)
    assert tab.view.currentIndex().row() == 0
