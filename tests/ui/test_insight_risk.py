# SPDX-License-Identifier: MIT
"""The Insight tab's risk and forecast parts on the KPI books (tests/helpers/kpi_books.py):
the top risks list the customers who owe, highest score first, with their segment and
reasons; the segments count the customers and what they owe; the forecast chart is drawn;
a click opens the customer (or the open invoices); empty books say so plainly."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QThreadPool

from arapp.services.context import AppContext
from arapp.services.invoice_list import InvoiceStatusFilter
from arapp.ui.insight import InsightTab
from arapp.ui.insight.forecast_chart import NO_FORECAST, WEEK_DRILL, ForecastSection
from arapp.ui.insight.risk_sections import (
    NO_CUSTOMERS,
    NO_RISKS,
    SegmentsSection,
    TopRisksSection,
)
from arapp.ui.insight.sections import Drill, DrillTo
from arapp.ui.insight.wiring import add_risk_and_forecast
from tests.helpers.kpi_books import kpi_books
from tests.ui.test_insight_tab import _drawn, _loaded


def _tab(qtbot, ctx: AppContext, display_source) -> InsightTab:  # type: ignore[no-untyped-def]
    tab = InsightTab(ctx, display_source)
    add_risk_and_forecast(tab)
    qtbot.addWidget(tab)
    tab.resize(1300, 900)
    tab.show()
    _loaded(qtbot, tab)
    return tab


T = TypeVar("T")


def _section(tab: InsightTab, kind: type[T]) -> T:
    [section] = [s for s in tab.sections if isinstance(s, kind)]
    return section


def _column(table, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_the_top_risks_list_who_owes_highest_score_first(
    qtbot, ctx: AppContext, display_source
) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, kpi_books(ctx), display_source)
    assert [type(s).__name__ for s in tab.sections][4:] == [
        "SegmentsSection", "ForecastSection", "TopRisksSection",
    ]  # fmt: skip
    risks = _section(tab, TopRisksSection)
    assert risks.body is not None and risks.body.isVisible()
    table = risks.table
    # Anna owes a2 150 + a3 270 + 80; Bert b1 50 and its late fee 5; Cleo's was written off,
    # Dora has only a payment, Ugo is billed in dollars, Zeno has nothing
    assert _column(table, 0) == ["Anna (A)", "Bert (B)"]
    assert _column(table, 1) == ["€500.00", "€55.00"]
    assert _column(table, 3) == ["slow", "at risk"]
    scores = [float(text.rstrip("%")) for text in _column(table, 2)]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 100 for s in scores)
    assert "paid more than a week late" in table.item(0, 4).text()
    # six months of two customers' invoices is too little to back-test in words
    assert not risks.backtest.isVisible()
    drills: list[Drill] = []
    tab.drill.connect(drills.append)
    table.cellClicked.emit(1, 0)
    assert drills[-1].to is DrillTo.CUSTOMER and drills[-1].customer_id == 2


def test_the_segments_count_the_customers_and_a_click_lists_them(
    qtbot, ctx: AppContext, display_source
) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, kpi_books(ctx), display_source)
    segments = _section(tab, SegmentsSection)
    table = segments.table
    assert _column(table, 0) == ["Prompt", "Late but pays", "Slow", "At risk", "New"]
    assert _column(table, 1) == ["0", "0", "2", "1", "1"]
    assert _column(table, 2) == ["€0.00", "€0.00", "€500.00", "€55.00", "€0.00"]
    assert segments.list_segment(0) is None  # nobody in it: nothing to list
    dialog = segments.list_segment(2)
    assert dialog is not None and dialog.isVisible()
    assert _column(dialog.table, 0) == ["Anna (A)", "Cleo (C)"]  # owing most first
    drills: list[Drill] = []
    tab.drill.connect(drills.append)
    dialog.table.cellDoubleClicked.emit(1, 0)
    assert not dialog.isVisible()
    assert drills[-1].to is DrillTo.CUSTOMER and drills[-1].customer_id == 3


def test_the_forecast_chart_is_drawn_and_a_week_opens_the_open_invoices(
    qtbot, ctx: AppContext, display_source, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, kpi_books(ctx), display_source)
    forecast = _section(tab, ForecastSection)
    assert forecast.body is not None and forecast.body.isVisible()
    qtbot.wait(50)
    image = forecast.view.grab().toImage()
    image.save(str(tmp_path / "forecast.png"))
    assert _drawn(image) > 6  # bars, ranges and a line, not a blank box
    # 555 open: 355 in the eight weeks, 200 after them, nothing in dispute
    assert forecast.after.text().startswith("Expected after these 8 weeks: €200.00.")
    drill = forecast.drill_of()
    assert (drill.to, drill.status, drill.what) == (
        DrillTo.INVOICES, InvoiceStatusFilter.OPEN, WEEK_DRILL,
    )  # fmt: skip


def test_empty_books_say_there_is_no_one_to_chase(qtbot, ctx: AppContext, display_source) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, ctx, display_source)
    for kind, text in (
        (TopRisksSection, NO_RISKS),
        (SegmentsSection, NO_CUSTOMERS),
        (ForecastSection, NO_FORECAST),
    ):
        section = _section(tab, kind)
        assert section.note.isVisible() and section.note.text() == text
    QThreadPool.globalInstance().waitForDone(5_000)


def test_a_click_on_a_risky_customer_opens_them_in_customers(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    kpi_books(main_window.ctx)
    insight = main_window.insight
    _loaded(qtbot, insight)
    insight.refresh()  # the books were made after the window
    _loaded(qtbot, insight)
    risks = _section(insight, TopRisksSection)
    assert risks.table.rowCount() == 2
    risks.table.cellClicked.emit(1, 4)
    customers = main_window.customers
    assert main_window.tabs.currentWidget() is customers
    qtbot.waitUntil(lambda: customers.selected_id() == 2, timeout=60_000)


def test_a_change_reads_the_risks_again_once_after_the_tabs_delay(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.books import issued_invoice
    from tests.helpers.kpi_books import customer

    insight = main_window.insight
    _loaded(qtbot, insight)
    risks = _section(insight, TopRisksSection)
    assert risks.note.text() == NO_RISKS
    runs = insight._run
    ctx = main_window.ctx
    nora = customer(ctx, "Nora")
    for day in (2, 3, 4):  # a burst of changes
        issued_invoice(ctx, nora, date(2026, 11, day), "70.00")
    qtbot.waitUntil(lambda: risks.table.rowCount() == 1, timeout=60_000)
    assert risks.table.item(0, 0).text() == "Nora (N)" and risks.body.isVisible()  # type: ignore[union-attr]
    assert risks.table.item(0, 1).text() == "€210.00"
    _loaded(qtbot, insight)  # the forecast comes after the risks
    assert insight._run == runs + 1  # read once, not once per change
    forecast = _section(insight, ForecastSection)
    assert forecast.forecast is not None and forecast.forecast.open_count == 3


def test_the_tiles_wrap_when_their_figures_no_longer_fit_one_row(
    qtbot, ctx: AppContext, display_source
) -> None:  # type: ignore[no-untyped-def]
    """The tiles are laid out before their texts come ("…"); once the changes are in, six
    to a row would be wider than a 1200-pixel window: three to a row, nothing cut off."""
    from PySide6.QtWidgets import QScrollArea

    tab = InsightTab(kpi_books(ctx), display_source)
    add_risk_and_forecast(tab)  # taller than the window: a vertical scroll bar
    qtbot.addWidget(tab)
    tab.resize(1160, 650)
    tab.show()
    _loaded(qtbot, tab)
    qtbot.wait(50)
    scroll = tab.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0  # nothing wider than the tab
    for tile in tab.tiles.tiles.values():
        assert tile.change.width() >= tile.change.sizeHint().width(), tile.change.text()
