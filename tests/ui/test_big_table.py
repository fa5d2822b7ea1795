# SPDX-License-Identifier: MIT
"""100,000 customers: the table stays light, and returning None from a model never crashes.

Two regressions this guards against:

* opening the Customers tab must not read every customer (the model holds ids and fetches the
  rows on screen a page at a time);
* PySide6 6.12.0 leaks a reference to ``None`` each time a Python model returns ``None`` to Qt,
  until the interpreter dies with "Fatal Python error: none_dealloc". Here a few hundred
  thousand ``None`` answers go through Qt (``QModelIndex.data`` calls the model from C++), so a
  broken PySide6 fails this test instead of a user's afternoon. pyproject pins ``<6.12``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from arapp.db.models import Customer  # direct bulk insert: allowed in this test only
from arapp.services.customers import search_key
from arapp.ui.customers import model as customer_model
from arapp.ui.customers.model import Column, CustomerIdRole

COUNT = 100_000

pytestmark = pytest.mark.slow


def bulk_customers(ctx, count: int) -> None:  # type: ignore[no-untyped-def]
    now = ctx.now()
    rows = []
    for n in range(count):
        code, name, email = f"C{n:06d}", f"Customer {n:06d} Ltd", f"ap{n}@example.com"
        rows.append(
            {
                "code": code,
                "name": name,
                "email": email,
                "contact_person": "",
                "search_text": search_key(code, name, email, ""),
                "currency": "EUR",
                "payment_terms": "net 30",
                "status": "credit_hold" if n % 97 == 0 else "active",
                "created_at": now,
                "updated_at": now,
            }
        )
    with ctx.db.write() as session:
        session.execute(insert(Customer), rows)


def test_a_hundred_thousand_customers(ctx, qtbot):  # type: ignore[no-untyped-def]
    bulk_customers(ctx, COUNT)

    from arapp.ui import create_main_window

    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    model = window.customers.model
    view = window.customers.view

    assert model.rowCount() == COUNT
    assert window.customers.shown_label.text() == "100,000 customers shown"
    assert model.fetch_count <= 2  # the first screenful, not the books
    assert model.rows_fetched <= 2 * customer_model.PAGE_SIZE

    for index in (model.index(r, c) for r in range(0, COUNT, 997) for c in range(len(Column))):
        model.flags(index)
    assert model.fetch_count <= 2  # flags() never reads the database

    view.scrollToBottom()
    QApplication.processEvents()
    last = model.index(COUNT - 1, Column.NAME).data()
    assert last == "Customer 099999 Ltd"
    view.scrollToTop()
    QApplication.processEvents()
    assert model.fetch_count <= 5
    assert model.cached_rows() <= customer_model.MAX_PAGES * customer_model.PAGE_SIZE

    none_roles = (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.WhatsThisRole,
        Qt.ItemDataRole.StatusTipRole,
    )
    nones = 0
    for row in (*range(0, 1_000), *range(COUNT - 1_000, COUNT)):
        for column in Column:
            index = model.index(row, column)
            for role in none_roles:
                nones += index.data(role) is None
            index.data(Qt.ItemDataRole.DisplayRole)
            index.data(Qt.ItemDataRole.ForegroundRole)
            index.data(Qt.ItemDataRole.BackgroundRole)
            index.data(Qt.ItemDataRole.ToolTipRole)
        assert isinstance(model.index(row, 0).data(CustomerIdRole), int)
    assert nones == 2_000 * len(Column) * len(none_roles)
    for section in range(-1, len(Column) + 1):
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            model.headerData(section, orientation, Qt.ItemDataRole.DecorationRole)
    assert model.data(QModelIndex()) is None
    assert model.cached_rows() <= customer_model.MAX_PAGES * customer_model.PAGE_SIZE

    view.horizontalHeader().setSortIndicator(Column.NAME, Qt.SortOrder.DescendingOrder)
    QApplication.processEvents()
    assert model.index(0, Column.NAME).data() == "Customer 099999 Ltd"  # sorted in SQL
    view.grab()  # paint it all once more

    window.close()
    QApplication.processEvents()
