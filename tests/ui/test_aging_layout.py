# SPDX-License-Identifier: MIT
"""Collections ▸ Aging at 1366x768: the customers' table takes the room (11 of 45 rows showed),
a single click shows a customer's items (it took a double click), and an item not yet due says
"due in 11 days" (it said "-11")."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from arapp.services.aging import AgingReport
from arapp.ui.collections import CollectionsTab
from arapp.ui.collections.models import AgingColumn, ItemColumn
from tests.helpers.books import TODAY, customer, issued_invoice, overdue_invoice


def _tab(qtbot, ctx, display_source) -> CollectionsTab:  # type: ignore[no-untyped-def]
    tab = CollectionsTab(ctx, display_source)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)  # the tab's room in a 1366x768 window with a taskbar
    with qtbot.waitSignal(tab.aging.report_loaded, timeout=5_000) as blocker:
        tab.show()
    assert isinstance(blocker.args[0], AgingReport)
    return tab


def test_the_table_takes_the_room_and_a_click_shows_the_items(qtbot, ctx, display_source, shots):  # type: ignore[no-untyped-def]
    first = customer(ctx, "Customer 00")
    others = {n: customer(ctx, f"Customer {n:02}") for n in range(1, 45)}
    for n in range(44, 0, -1):  # the longest overdue first: numbers follow dates
        overdue_invoice(ctx, others[n], days_late=n, amount="100")
        if n == 40:
            overdue_invoice(ctx, first, days_late=40, amount="300")
    issued_invoice(ctx, first, TODAY - timedelta(days=19), "120")  # net 30: due in 11 days
    tab = _tab(qtbot, ctx, display_source)
    page = tab.aging
    view = page.view
    assert page.model.rowCount() == 45
    shown = view.viewport().height() // view.rowHeight(0)
    assert shown >= 16, shown  # 11 before

    row = next(
        r
        for r in range(page.model.rowCount())
        if page.model.index(r, AgingColumn.CUSTOMER).data() == "Customer 00"
    )
    rect = view.visualRect(page.model.index(row, AgingColumn.CUSTOMER))
    with qtbot.waitSignal(page.items_loaded, timeout=5_000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.drill_customer is not None and page.drill_customer.customer_id == first
    days = [page.items.index(r, ItemColumn.DAYS).data() for r in range(page.items.rowCount())]
    assert sorted(days) == ["40", "due in 11 days"]
    page.grab().save(str(shots / "aging-1366x768.png"))

    with qtbot.waitSignal(page.items_loaded, timeout=5_000):  # the keys choose too
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert page.drill_customer.customer_id != first
