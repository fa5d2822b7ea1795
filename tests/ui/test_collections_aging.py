# SPDX-License-Identifier: MIT
"""The Collections tab's Aging page on hand-computed books (as in
``tests/integration/reports/test_aging_report.py``): figures, earlier days, invoice dates,
sorting, the drill-down, refreshing after a payment, exports and the window's wiring."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from arapp.services import customers as cust
from arapp.services.aging import AgingReport
from arapp.services.context import AppContext
from arapp.services.invoices import LineDraft
from arapp.services.lifecycle import credit_invoice, void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.ui.collections import CollectionsTab
from arapp.ui.collections import export as export_ui
from arapp.ui.collections.aging_page import AgingPage
from arapp.ui.collections.models import LATE_TINT, AgingColumn, ItemColumn, ValueRole
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from tests.helpers.books import issued_invoice as _invoice

D = Decimal
AMOUNTS = [c for c in AgingColumn if c >= AgingColumn.CURRENT]


@pytest.fixture
def books(ctx: AppContext) -> dict[str, int]:
    """Anna owes 385.00 in every bucket, Dora holds 500.00 credit, Uwe is billed in USD."""
    # Issued in date order (numbers follow dates): INV-2026-00001 is Uwe's of 1 January.
    a = cust.create_customer(ctx, cust.CustomerInput(name="Anna", code="A")).id
    u = cust.create_customer(ctx, cust.CustomerInput(name="Uwe", code="U", currency="USD")).id
    _invoice(ctx, u, date(2026, 1, 1), "999.00")
    inv1 = _invoice(ctx, a, date(2026, 7, 1), "100.00")  # due 31 Jul: 115 days late
    inv4 = _invoice(ctx, a, date(2026, 8, 10), "60.00")  # due 9 Sep: 75 days
    inv6 = _invoice(ctx, a, date(2026, 9, 1), "40.00")
    inv2 = _invoice(ctx, a, date(2026, 9, 15), "200.00")  # due 15 Oct: 39 days
    _invoice(ctx, a, date(2026, 10, 10), "25.00")  # due 9 Nov: 14 days
    _invoice(ctx, a, date(2026, 10, 24), "80.00")  # due 23 Nov: due on the day, current
    record_payment(ctx, PaymentInput(a, date(2026, 10, 1), "50.00", allocations=((inv2, "50"),)))
    bounced = record_payment(
        ctx, PaymentInput(a, date(2026, 9, 20), "20.00", allocations=((inv4, "20"),))
    )
    reverse_payment(ctx, bounced.id, "bounced")  # today
    credit_invoice(ctx, inv1, "damaged", [LineDraft("Refund", "1", "30.00")])  # today
    void_invoice(ctx, inv6, "sent twice")  # today
    d = cust.create_customer(ctx, cust.CustomerInput(name="Dora", code="D")).id
    record_payment(ctx, PaymentInput(d, date(2026, 11, 1), "500.00"))
    return {"anna": a, "dora": d, "uwe": u, "inv1": inv1, "inv2": inv2}


def _loaded(qtbot, page: AgingPage, change=None) -> AgingReport:  # type: ignore[no-untyped-def]
    """Run ``change`` (or a reload) and wait for the report it causes."""
    with qtbot.waitSignal(page.report_loaded, timeout=5_000) as blocker:
        (change or page.reload)()
    report = blocker.args[0]
    assert isinstance(report, AgingReport)
    return report


def _values(page: AgingPage) -> dict[str, tuple[Decimal, ...]]:
    model = page.model
    return {
        model.data(model.index(r, AgingColumn.CODE)): tuple(
            model.data(model.index(r, c), ValueRole) for c in AMOUNTS
        )
        for r in range(model.rowCount())
    }


def _texts(model, row: int, columns) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(row, c)) for c in columns]


@pytest.fixture
def tab(qtbot, ctx: AppContext, books: dict[str, int], display_source) -> CollectionsTab:  # type: ignore[no-untyped-def]
    widget = CollectionsTab(ctx, display_source)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    _loaded(qtbot, widget.aging)
    return widget


def test_opens_on_aging_with_the_hand_computed_figures(tab: CollectionsTab) -> None:
    page = tab.aging
    assert tab.pages.currentWidget() is page
    assert tab.pages.tabText(0) == "Today"
    assert page.currency.currentText() == "EUR"
    assert [page.currency.itemText(i) for i in range(page.currency.count())] == ["EUR", "USD"]
    assert _values(page) == {
        "A": (D("80.00"), D("25.00"), D("150.00"), D("60.00"), D("70.00"), D("385.00")),
        "D": (D(0), D("-500.00"), D(0), D(0), D(0), D("-500.00")),
    }
    assert _texts(page.model, 0, AgingColumn) == [
        "A", "Anna", "80.00", "25.00", "150.00", "60.00", "70.00", "385.00"
    ]  # fmt: skip
    assert _texts(page.model, 1, AgingColumn) == ["D", "Dora", "", "-500.00", "", "", "", "-500.00"]
    totals = page.totals
    assert _texts(totals, 0, AgingColumn) == [
        "Total", "2 customers", "80.00", "-475.00", "150.00", "60.00", "70.00", "-115.00"
    ]  # fmt: skip
    assert totals.data(totals.index(0, AgingColumn.TOTAL), Qt.ItemDataRole.FontRole).bold()
    # Credit is coloured, right-aligned; the 90+ amount is tinted, an empty 90+ is not.
    credit = page.model.index(1, AgingColumn.TOTAL)
    assert isinstance(page.model.data(credit, Qt.ItemDataRole.ForegroundRole), QColor)
    align = page.model.data(credit, Qt.ItemDataRole.TextAlignmentRole)
    assert align & Qt.AlignmentFlag.AlignRight
    late = Qt.ItemDataRole.BackgroundRole
    assert page.model.data(page.model.index(0, AgingColumn.DAYS_90_PLUS), late) == LATE_TINT
    assert page.model.data(page.model.index(1, AgingColumn.DAYS_90_PLUS), late) is None
    # The totals row follows the table's column widths.
    header, totals_header = page.view.horizontalHeader(), page.totals_view.horizontalHeader()
    assert [totals_header.sectionSize(c) for c in AgingColumn] == [
        header.sectionSize(c) for c in AgingColumn
    ]


def test_an_earlier_day_shows_what_was_open_then(qtbot, tab: CollectionsTab) -> None:  # type: ignore[no-untyped-def]
    page = tab.aging
    report = _loaded(qtbot, page, lambda: page.set_as_of(date(2026, 10, 1)))
    assert report.as_of == date(2026, 10, 1)
    # The credit note, the void and the reversal (all today) had not happened yet.
    assert _values(page) == {
        "A": (D("190.00"), D("40.00"), D(0), D("100.00"), D(0), D("330.00")),
    }
    assert _texts(page.totals, 0, [AgingColumn.CUSTOMER, AgingColumn.TOTAL]) == [
        "1 customer",
        "330.00",
    ]


def test_age_by_invoice_date_and_another_currency(qtbot, tab: CollectionsTab) -> None:  # type: ignore[no-untyped-def]
    page = tab.aging
    _loaded(qtbot, page, lambda: page.age_by.setCurrentIndex(1))
    assert _values(page)["A"] == (
        D(0), D("80.00"), D("25.00"), D("150.00"), D("130.00"), D("385.00")
    )  # fmt: skip
    _loaded(qtbot, page, lambda: page.currency.setCurrentIndex(page.currency.findText("USD")))
    assert _values(page) == {"U": (D(0), D(0), D(0), D(0), D("999.00"), D("999.00"))}


def test_sorting_by_total_orders_by_amount(qtbot, ctx: AppContext, tab: CollectionsTab) -> None:  # type: ignore[no-untyped-def]
    b = cust.create_customer(ctx, cust.CustomerInput(name="Bea", code="B")).id
    _invoice(ctx, b, date(2026, 11, 20), "9.50")  # "9.50" sorts after "385.00" as text
    page = tab.aging
    _loaded(qtbot, page)
    page.view.sortByColumn(AgingColumn.TOTAL, Qt.SortOrder.AscendingOrder)
    codes = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    assert codes == ["D", "B", "A"]
    page.view.sortByColumn(AgingColumn.TOTAL, Qt.SortOrder.DescendingOrder)
    codes = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    assert codes == ["A", "B", "D"]
    page.view.sortByColumn(AgingColumn.CUSTOMER, Qt.SortOrder.AscendingOrder)
    assert page.model.data(page.model.index(0, AgingColumn.CUSTOMER)) == "Anna"


def test_drill_down_lists_the_items_adding_up_to_the_line(
    qtbot, tab: CollectionsTab, books: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    page = tab.aging
    page.select_customer(books["anna"])
    with qtbot.waitSignal(page.items_loaded, timeout=5_000):
        page.view.open_requested.emit()
    items = page.items
    refs = [items.data(items.index(r, ItemColumn.REFERENCE)) for r in range(items.rowCount())]
    assert refs == [
        "INV-2026-00002",
        "INV-2026-00003",
        "INV-2026-00005",
        "INV-2026-00006",
        "INV-2026-00007",
    ]
    assert _texts(items, 0, ItemColumn) == [
        "Invoice", "INV-2026-00002", "Jul 1, 2026", "Jul 31, 2026", "100.00", "70.00", "115", "90+"
    ]  # fmt: skip
    assert items.open_sum() == D("385.00")
    assert "5 open items" in page.items_title.text() and "385.00" in page.items_title.text()
    # Double-clicking an invoice asks to open it.
    items_view = page.items_view
    items_view.selectRow(0)
    with qtbot.waitSignal(tab.open_invoice_requested) as opened:
        items_view.open_requested.emit()
    assert opened.args == [books["inv1"]]
    # Dora's line is her unapplied payment.
    page.select_customer(books["dora"])
    with qtbot.waitSignal(page.items_loaded, timeout=5_000):
        page.drill_down()
    assert _texts(items, 0, [ItemColumn.KIND, ItemColumn.OPEN, ItemColumn.BUCKET]) == [
        "Payment credit",
        "-500.00",
        "1-30",
    ]


def test_a_payment_recorded_refreshes_the_table_and_drill_down(
    qtbot, ctx: AppContext, books: dict[str, int], main_window
) -> None:  # type: ignore[no-untyped-def]
    page = main_window.collections.aging
    _loaded(qtbot, page)
    page.select_customer(books["anna"])
    with qtbot.waitSignal(page.items_loaded, timeout=5_000):
        page.drill_down()
    assert _values(page)["A"][-1] == D("385.00")
    with qtbot.waitSignal(page.report_loaded, timeout=5_000):
        record_payment(
            ctx,
            PaymentInput(books["anna"], date(2026, 11, 23), "70.00",
                         allocations=((books["inv1"], "70"),)),
        )  # fmt: skip
    assert _values(page)["A"] == (
        D("80.00"), D("25.00"), D("150.00"), D("60.00"), D(0), D("315.00")
    )  # fmt: skip
    assert page.selected_line() is not None and page.selected_line().code == "A"
    qtbot.waitUntil(lambda: page.items.rowCount() == 4, timeout=5_000)
    assert page.items.open_sum() == D("315.00")


def test_a_customer_in_a_new_currency_is_offered(qtbot, ctx: AppContext, main_window) -> None:  # type: ignore[no-untyped-def]
    page = main_window.collections.aging
    _loaded(qtbot, page)
    assert [page.currency.itemText(i) for i in range(page.currency.count())] == ["EUR"]
    with qtbot.waitSignal(page.report_loaded, timeout=5_000):
        cust.create_customer(ctx, cust.CustomerInput(name="Zoë", code="Z", currency="CHF"))
    assert [page.currency.itemText(i) for i in range(page.currency.count())] == ["EUR", "CHF"]
    assert page.currency.currentText() == "EUR"


def test_window_has_the_tab_and_opens_invoices_from_it(
    main_window, books, answer_modal, messages
) -> None:  # type: ignore[no-untyped-def]
    tab = main_window.collections
    assert main_window.tabs.indexOf(tab) == 4
    seen = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(type(dialog).__name__)
        dialog.reject()

    answer_modal(look)
    tab.open_invoice_requested.emit(books["inv2"])
    assert seen == ["InvoiceViewDialog"]
    assert messages.last_dialog(InvoiceViewDialog).record.id == books["inv2"]


def test_today_page_can_be_put_in(tab: CollectionsTab) -> None:
    today = QLabel("today")
    tab.set_today_page(today)
    assert tab.pages.widget(0) is today and tab.pages.currentWidget() is today
    assert tab.pages.widget(1) is tab.aging


def test_exports_say_plainly_when_the_exporter_is_missing(tab, monkeypatch, messages) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delattr(export_ui.aging_export, "aging_csv")
    exports = tab.aging.exports
    asked = []
    exports.ask_path = lambda kind, name: asked.append(name)
    exports.buttons[0].click()
    assert asked == []
    assert "not available" in messages.last.text


def test_export_writes_the_exporters_bytes(qtbot, tab, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    got: list[AgingReport] = []

    def fake_csv(report: AgingReport) -> bytes:
        got.append(report)
        return b"code;total\nA;385.00\n"

    monkeypatch.setattr(export_ui, "find_exporter", lambda kind: fake_csv)
    exports = tab.aging.exports
    names = []
    target = tmp_path / "aging.csv"
    exports.ask_path = lambda kind, name: names.append(name) or target
    exports.buttons[0].click()
    qtbot.waitUntil(lambda: exports.last_path == target, timeout=5_000)
    assert target.read_bytes() == b"code;total\nA;385.00\n"
    assert got == [tab.aging.report]
    assert names == ["Aging EUR 2026-11-23 by due date.csv"]
    assert all(b.isEnabled() for b in exports.buttons)


@pytest.mark.parametrize("key", ["csv", "xlsx", "pdf"])
def test_export_with_the_real_exporter(qtbot, tab, tmp_path: Path, key: str, messages) -> None:  # type: ignore[no-untyped-def]
    exports = tab.aging.exports
    kind = next(k for k in export_ui.KINDS if k.key == key)
    target = tmp_path / f"aging.{key}"
    exports.ask_path = lambda kind, name: target
    exports.export(kind)
    qtbot.waitUntil(lambda: messages.last is not None, timeout=20_000)
    assert exports.last_path == target, messages.last.text
    data = target.read_bytes()
    assert data.startswith({"csv": b"customer_code", "xlsx": b"PK", "pdf": b"%PDF"}[key])
