# SPDX-License-Identifier: MIT
"""The hand-over in the window: "Take back" next to "Hand to agency" on the Today page, and
"With agency" where the customer's status shows (Today, the customer list, its page)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from arapp.services.agency import agency_since
from arapp.services.customers import get_customer
from arapp.services.reminders.run import plan_run
from arapp.ui.customers.detail import CustomerDetailPane
from arapp.ui.customers.model import Column, CustomerTableModel
from arapp.ui.display import DisplaySource
from arapp.ui.reminders.today import TodayPage
from tests.helpers.books import TODAY, customer, overdue_invoice


def _page(qtbot, ctx) -> TodayPage:  # type: ignore[no-untyped-def]
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)
    return page


def _reload(qtbot, page: TodayPage) -> None:
    page.data = None
    page.reload()
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)


def test_hand_to_agency_then_take_back(qtbot, ctx, tmp_path, answer_modal) -> None:  # type: ignore[no-untyped-def]
    late = customer(ctx, "Gone Quiet Ltd", "q@x.example")
    overdue_invoice(ctx, late, days_late=80, amount="300")
    page = _page(qtbot, ctx)
    page.overdue.table.selectRow(0)
    page.take_back()
    assert "not with the collections agency" in page.message.text()
    page.hand_to_agency(str(tmp_path / "agency.zip"))
    assert agency_since(ctx, late) == TODAY and plan_run(ctx) == []
    _reload(qtbot, page)
    assert page.overdue.table.item(0, 5).text() == "with agency"
    model = CustomerTableModel(ctx, "en_US")
    model.search("")
    status = model.index(0, Column.STATUS)
    assert status.data() == "With agency"
    assert "collections agency" in status.data(Qt.ItemDataRole.ToolTipRole)
    detail = CustomerDetailPane(ctx, DisplaySource(ctx))
    qtbot.addWidget(detail)
    detail.show_customer(late)
    assert "With agency" in detail.subtitle.text()

    def note(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Paid the agency half; we go on")
        dialog.accept()

    page.overdue.table.selectRow(0)
    answer_modal(note)
    page.take_back()
    assert "taken back" in page.message.text()
    assert agency_since(ctx, late) is None
    assert "Paid the agency half" in get_customer(ctx, late).log[0].summary
    assert [d.customer_id for d in plan_run(ctx)] == [late]  # the chase resumes
