# SPDX-License-Identifier: MIT
"""The customer pane's Days late tab: read on a worker when shown, one bar per invoice (paid
ones and open overdue ones in their own colours), and a plain line when there is none."""

from __future__ import annotations

from pathlib import Path

from arapp.services.customers import customer_by_code
from arapp.ui.insight.days_late import NONE_YET
from tests.helpers.kpi_books import kpi_books


def _days_late(qtbot, main_window, code: str):  # type: ignore[no-untyped-def]
    customer_id = customer_by_code(main_window.ctx, code).id
    tab = main_window.customers
    main_window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.select_customer(customer_id), timeout=60_000)
    pane = tab.detail
    return pane, pane.days_late


def test_a_customers_days_late_are_charted(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kpi_books(main_window.ctx)
    pane, panel = _days_late(qtbot, main_window, "A")
    assert panel.points is None  # not read while its tab is hidden
    pane.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.points is not None, timeout=60_000)
    assert [(p.days, p.paid) for p in panel.points] == [
        (41, True),
        (53, False),
        (23, False),
        (-20, True),
    ]
    assert panel.view is not None and panel.view.isVisible()
    qtbot.wait(50)
    image = panel.view.grab().toImage()
    image.save(str(tmp_path / "days-late.png"))
    colours = {
        image.pixel(x, y) for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)
    }
    assert len(colours) > 6  # bars, not a blank box


def test_a_customer_with_nothing_paid_or_late_says_so(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    kpi_books(main_window.ctx)
    pane, panel = _days_late(qtbot, main_window, "Z")
    pane.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.points is not None, timeout=60_000)
    assert panel.points == () and panel.note.text() == NONE_YET and panel.note.isVisible()
