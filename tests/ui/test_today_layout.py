# SPDX-License-Identifier: MIT
"""Collections ▸ Today at 1366x768: the overdue list takes the room (it had 8 rows while empty
sections filled 40% of the page with "Nothing here."), every column has a header, and the
ranking's figure is a number of days, not money."""

from __future__ import annotations

from arapp.ui.display import DisplaySource
from arapp.ui.reminders.today import NOTHING, TodayPage
from tests.helpers.books import customer, overdue_invoice


def _page(qtbot, ctx, height: int = 700) -> TodayPage:  # type: ignore[no-untyped-def]
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.resize(1366, height)  # the tab's room in a 1366x768 window with a taskbar
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)
    return page


def test_the_overdue_list_takes_the_room_and_empty_sections_keep_a_line(qtbot, ctx, shots):  # type: ignore[no-untyped-def]
    people = [customer(ctx, f"Customer {n:02}") for n in range(40)]
    for n in range(39, -1, -1):  # the longest overdue first: numbers follow dates
        overdue_invoice(ctx, people[n], days_late=5 + n, amount="1234.56")
    page = _page(qtbot, ctx)
    page.grab().save(str(shots / "today-1366x768.png"))
    table = page.overdue.table
    assert table.rowCount() == 40
    shown_rows = table.viewport().height() // table.rowHeight(0)
    assert shown_rows >= 12, shown_rows  # 8 before, with empty sections sharing the room
    for section in (page.promises, page.disputes, page.follow_ups, page.plans):
        assert section.empty.isVisible() and section.empty.text() == NOTHING
        assert section.height() < 4 * section.empty.sizeHint().height() + 40, section.height()


def test_every_column_has_a_header_and_the_average_is_days(qtbot, ctx):  # type: ignore[no-untyped-def]
    old = customer(ctx, "Old and small")
    overdue_invoice(ctx, old, days_late=90, amount="50")
    overdue_invoice(ctx, old, days_late=10, amount="150")
    page = _page(qtbot, ctx)
    table = page.overdue.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert all(headers) and headers[-1] == "State"
    assert headers[4] == "Average (days)" and table.horizontalHeaderItem(4).toolTip()
    assert table.item(0, 4).text() == "30"  # (50 x 90 + 150 x 10) / 200, not €6,000.00
    assert table.item(0, 2).text() == "90"
