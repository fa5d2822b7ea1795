# SPDX-License-Identifier: MIT
"""CustomerTableModel on its own: columns, pages, stale rows and changes without resets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from arapp.domain.customer import CustomerStatus
from arapp.services.customer_list import StatusFilter
from arapp.services.customers import CustomerInput, set_status, update_customer
from arapp.ui import paged_model
from arapp.ui.customers import model as customer_model
from arapp.ui.customers.model import HEADERS, Column, CustomerIdRole, CustomerTableModel


@pytest.fixture
def model(ctx, qtbot):  # type: ignore[no-untyped-def]
    table = CustomerTableModel(ctx, "en_US")
    table.search("")
    return table


def names(model: CustomerTableModel) -> list[str]:
    return [model.index(r, Column.NAME).data() for r in range(model.rowCount())]


def test_columns_headers_and_roles(model, add_customer):
    acme = add_customer("Acme", code="ACME", credit_limit="1500", terms="net 14")
    model.search("")
    assert model.columnCount() == len(Column) == len(HEADERS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == list(
        HEADERS.values()
    )
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    row = {c: model.index(0, c).data() for c in Column}
    assert row[Column.CODE] == "ACME"
    assert row[Column.CREDIT_LIMIT] == "€1,500.00"
    assert row[Column.BALANCE] == "" and row[Column.OVERDUE] == ""  # zero shows empty
    assert row[Column.TERMS] == "net 14"
    assert row[Column.STATUS] == "Active"
    assert model.index(0, 0).data(CustomerIdRole) == acme.id
    right = model.index(0, Column.BALANCE).data(Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight
    assert model.index(0, Column.NAME).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.data(QModelIndex()) is None
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_rows_are_fetched_a_page_at_a_time_into_a_small_cache(
    ctx, add_customer, monkeypatch, qtbot
):
    monkeypatch.setattr(CustomerTableModel, "page_size", 2)
    monkeypatch.setattr(CustomerTableModel, "max_cached_rows", 4)  # two pages
    for n in range(7):
        add_customer(f"Customer {n}")
    model = CustomerTableModel(ctx)
    model.search("")
    assert model.rowCount() == 7 and model.fetch_count == 0  # ids only

    for row in range(model.rowCount()):
        model.flags(model.index(row, 0))
    assert model.fetch_count == 0  # flags() never reads rows

    assert model.index(0, Column.NAME).data() == "Customer 0"
    assert model.index(1, Column.NAME).data() == "Customer 1"
    assert (model.fetch_count, model.rows_fetched) == (1, 2)
    assert names(model) == [f"Customer {n}" for n in range(7)]
    assert model.fetch_count == 4  # pages 0..3
    assert model.cached_rows() <= 4  # only the two most recently used pages are kept


def test_an_edit_marks_the_row_stale_and_emits_one_data_changed(ctx, model, add_customer, qtbot):
    add_customer("Acme")
    blue = add_customer("Blue Door", email="old@bluedoor.example")
    model.search("")
    assert model.index(1, Column.EMAIL).data() == "old@bluedoor.example"
    changes: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, _roles: changes.append((top.row(), bottom.row())))

    data = CustomerInput(name="Blue Door", code=blue.code, email="new@bluedoor.example")
    update_customer(ctx, blue.id, data)
    fetched = model.rows_fetched
    with qtbot.assertNotEmitted(model.modelReset):
        model.refresh_ids({blue.id})
    assert changes == [(1, 1)]
    assert model.index(1, Column.EMAIL).data() == "new@bluedoor.example"
    assert model.rows_fetched == fetched + 1  # only the stale row was read again


def test_new_and_departing_rows_are_inserted_and_removed_without_reset(
    ctx, model, add_customer, qtbot
):
    a = add_customer("Acme")
    add_customer("Corner Shop")
    model.search("")
    inserted: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    with qtbot.assertNotEmitted(model.modelReset):
        b = add_customer("Blue Door")
        model.refresh_ids({b.id})
        set_status(ctx, a.id, CustomerStatus.ARCHIVED, "closed")
        model.refresh_ids({a.id})
    assert inserted == [(1, 1)]
    assert removed == [(0, 0)]
    assert names(model) == ["Blue Door", "Corner Shop"]


def test_a_rename_that_moves_the_row_keeps_its_persistent_index(ctx, model, add_customer, qtbot):
    add_customer("Acme")
    zed = add_customer("Zed")
    model.search("")
    from PySide6.QtCore import QPersistentModelIndex

    held = QPersistentModelIndex(model.index(1, Column.NAME))
    update_customer(ctx, zed.id, CustomerInput(name="Aardvark", code=zed.code))
    with qtbot.assertNotEmitted(model.modelReset):
        model.refresh_ids({zed.id})
    assert names(model) == ["Aardvark", "Acme"]
    assert held.row() == 0 and held.data() == "Aardvark"


def test_filters_and_sorting_run_in_sql(ctx, model, add_customer):
    add_customer("beta")
    add_customer("Alpha")
    gone = add_customer("Archived Co")
    set_status(ctx, gone.id, CustomerStatus.ARCHIVED)
    model.search("")
    assert names(model) == ["Alpha", "beta"]
    model.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["beta", "Alpha"]
    model.search("", StatusFilter.ALL)
    assert names(model) == ["beta", "Archived Co", "Alpha"]
    model.search("arch")
    assert names(model) == ["Archived Co"]


def test_every_id_is_read_at_once(ctx, add_customer, monkeypatch, qtbot):
    monkeypatch.setattr(paged_model, "CHUNK_SIZE", 2)
    for n in range(3):
        add_customer(f"Customer {n}")
    model = CustomerTableModel(ctx)
    model.search("")
    assert model.rowCount() == 3
    assert not model.canFetchMore(QModelIndex())  # the count shown is the whole search


def test_rows_that_join_while_others_leave_reset_the_model(ctx, model, add_customer, qtbot):
    a = add_customer("Acme")
    add_customer("Corner Shop")
    model.search("")
    b = add_customer("Blue Door")
    set_status(ctx, a.id, CustomerStatus.ARCHIVED, "closed")
    with qtbot.waitSignal(model.modelReset, timeout=1_000):
        model.refresh_ids({a.id, b.id})
    assert names(model) == ["Blue Door", "Corner Shop"]


def test_a_customer_on_hold_is_marked(ctx, model, add_customer):
    held = add_customer("Acme")
    set_status(ctx, held.id, CustomerStatus.CREDIT_HOLD, "late")
    model.search("")
    status = model.index(0, Column.STATUS)
    assert status.data(Qt.ItemDataRole.BackgroundRole) == customer_model.HOLD_BACKGROUND
    assert status.data(Qt.ItemDataRole.ForegroundRole) == customer_model.HOLD_COLOR
    assert status.data(Qt.ItemDataRole.FontRole).bold()
    assert not model.index(0, Column.NAME).data(Qt.ItemDataRole.FontRole)
    assert "credit hold" in status.data(Qt.ItemDataRole.ToolTipRole)
