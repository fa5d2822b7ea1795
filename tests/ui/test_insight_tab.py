# SPDX-License-Identifier: MIT
"""The Insight tab: the tiles show the KPI books' figures (tests/helpers/kpi_books.py), read on
a worker, the charts come after them and are drawn, a click opens the invoices behind a figure,
and empty books say plainly there is nothing yet."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QImage

from arapp.domain.insight import TILES
from arapp.services.context import AppContext
from arapp.services.insight import insight_owed
from arapp.services.invoice_list import InvoiceStatusFilter
from arapp.services.payment_list import PaymentStatusFilter
from arapp.ui.insight import InsightTab
from arapp.ui.insight.sections import CALCULATING, Drill, DrillTo
from arapp.ui.insight.tab import Feed
from arapp.ui.insight.tiles import NOTHING_YET
from tests.helpers.kpi_books import kpi_books


def _tab(qtbot, ctx: AppContext, display_source) -> InsightTab:  # type: ignore[no-untyped-def]
    tab = InsightTab(ctx, display_source)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    return tab


def _loaded(qtbot, tab: InsightTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not tab.loading, timeout=60_000)


def _drawn(image: QImage) -> int:
    """How many distinct colours an image holds (a blank widget has one or two)."""
    colours = set()
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            colours.add(image.pixel(x, y))
    return len(colours)


def test_the_tiles_show_the_books_figures_first_then_the_charts(
    qtbot, ctx: AppContext, display_source, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, kpi_books(ctx), display_source)
    assert tab.status.text() == CALCULATING and tab.tiles.note.text() == CALCULATING
    assert tab.results == {}  # nothing read before it is shown
    tab.show()
    assert tab.loading  # on a worker: the window is not waiting
    qtbot.waitUntil(lambda: "first" in tab.results, timeout=60_000)
    tiles = tab.tiles.tiles
    assert tiles["owed"].value.text() == "€530.00"
    qtbot.waitUntil(lambda: "before" in tab.results, timeout=60_000)
    # 25 Aug: a1 100 and b1 50 were owed
    assert tiles["owed"].change.text() == "▲ €380.00 since Aug 25, 2026"
    assert tab.tiles.title.text() == "As of Nov 23, 2026"
    _loaded(qtbot, tab)
    assert tab.status.text() == ""
    assert [type(s).__name__ for s in tab.sections] == [
        "KpiTilesSection", "MonthlyBarsSection", "AgingSection", "DsoSection",
    ]  # fmt: skip
    assert len(tiles["owed"].sparkline.values) == 24
    assert tiles["owed"].sparkline.values[-1] == tab.results["first"].now.facts.ending_ar  # type: ignore[attr-defined]
    qtbot.wait(50)
    for section in tab.sections[1:]:
        assert section.body is not None and section.body.isVisible(), section.title.text()
        image = section.body.grab().toImage()
        image.save(str(tmp_path / f"{type(section).__name__}.png"))
        assert _drawn(image) > 6, type(section).__name__  # bars and lines, not a blank box


def test_what_is_owed_shows_first_then_the_other_figures(
    qtbot, ctx: AppContext, display_source
) -> None:  # type: ignore[no-untyped-def]
    books = kpi_books(ctx)
    tab = _tab(qtbot, books, display_source)
    assert [feed.name for feed in tab.feeds][:2] == ["owed", "first"]
    # the day's KPIs held back: what is owed and overdue (one sum of the open items) shows
    # alone first, the tiles that need the KPIs wait, the charts are made below them
    gate, kpis = threading.Event(), tab.feeds[1]
    tab.feeds[1] = Feed("first", lambda c, q: (gate.wait(30), kpis.operation(c, q))[1])
    tab.show()
    qtbot.waitUntil(lambda: "owed" in tab.results, timeout=60_000)
    tiles = tab.tiles.tiles
    try:
        assert tiles["owed"].value.text() == "€530.00"
        assert tiles["dso"].value.text() == "…" and tiles["days_late"].value.text() == "…"
        assert tab.tiles.body is not None and tab.tiles.body.isVisible()
        # the charts, made right after, "Calculating…" until their feed comes
        qtbot.waitUntil(lambda: len(tab.sections) == 4, timeout=10_000)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: "first" in tab.results, timeout=60_000)
    assert tiles["dso"].value.text() != "…" and tiles["owed"].value.text() == "€530.00"
    first = tab.results["first"]
    for key in ("owed", "overdue", "overdue_share"):  # the same figures as the KPIs give
        tile = next(t for t in TILES if t.key == key)
        assert insight_owed(books).tile_values()[key] == tile.value(first.now), key  # type: ignore[attr-defined]
    _loaded(qtbot, tab)


def test_a_tile_and_a_bar_open_the_invoices_behind_them(
    qtbot, ctx: AppContext, display_source
) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, kpi_books(ctx), display_source)
    tab.show()
    _loaded(qtbot, tab)
    drills: list[Drill] = []
    tab.drill.connect(drills.append)
    tab.tiles.tiles["overdue"].clicked.emit()
    assert drills[-1].to is DrillTo.INVOICES and drills[-1].status is InvoiceStatusFilter.OVERDUE
    bars = tab.sections[1]
    november = bars.drill_of(23, invoiced=True)  # type: ignore[attr-defined]
    assert (november.first, november.last) == (date(2026, 11, 1), date(2026, 11, 23))
    assert november.status is InvoiceStatusFilter.ALL
    payments = bars.drill_of(22, invoiced=False)  # type: ignore[attr-defined]
    assert payments.to is DrillTo.PAYMENTS
    assert (payments.first, payments.last) == (date(2026, 10, 1), date(2026, 10, 31))


def test_the_window_opens_on_insight_and_a_click_shows_the_invoices(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    kpi_books(main_window.ctx)
    insight = main_window.insight
    assert main_window.tabs.currentWidget() is insight
    assert main_window.tabs.tabText(0) == "Insight"
    _loaded(qtbot, insight)
    insight.refresh()  # the books were made after the window
    _loaded(qtbot, insight)
    insight.tiles.tiles["overdue"].clicked.emit()
    invoices = main_window.invoices
    assert main_window.tabs.currentWidget() is invoices
    assert invoices.filters.current().status is InvoiceStatusFilter.OVERDUE
    qtbot.waitUntil(lambda: invoices.model.rowCount() > 0, timeout=60_000)
    numbers = {invoices.model.row_at(r).number for r in range(invoices.model.rowCount())}
    # overdue on 23 Nov: a2 (due 1 Oct), a3 (due 31 Oct), b1 (due 31 Aug, its payment reversed)
    assert len(numbers) == 3
    main_window.tabs.setCurrentWidget(insight)
    insight.sections[1].drill.emit(insight.sections[1].drill_of(23, invoiced=True))
    assert invoices.filters.current().date_from == date(2026, 11, 1)
    assert invoices.filters.current().date_to == date(2026, 11, 23)
    main_window.tabs.setCurrentWidget(insight)
    insight.sections[1].drill.emit(insight.sections[1].drill_of(22, invoiced=False))
    payments = main_window.payments
    assert main_window.tabs.currentWidget() is payments
    shown = payments.filters.current()
    assert shown.status is PaymentStatusFilter.RECORDED
    assert (shown.date_from, shown.date_to) == (date(2026, 10, 1), date(2026, 10, 31))


def test_empty_books_say_there_is_nothing_yet(qtbot, ctx: AppContext, display_source) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, ctx, display_source)
    tab.show()
    _loaded(qtbot, tab)
    assert tab.tiles.note.text() == NOTHING_YET and tab.tiles.note.isVisible()
    for section in tab.sections[1:]:
        assert section.note.isVisible() and "Nothing yet" in section.note.text()
    QThreadPool.globalInstance().waitForDone(5_000)


def test_the_figures_are_read_again_after_a_change(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.books import issued_invoice
    from tests.helpers.kpi_books import customer

    insight = main_window.insight
    _loaded(qtbot, insight)
    assert insight.tiles.note.text() == NOTHING_YET
    issued_invoice(main_window.ctx, customer(main_window.ctx, "Nora"), date(2026, 11, 2), "70.00")
    qtbot.waitUntil(lambda: insight.tiles.tiles["owed"].value.text() == "€70.00", timeout=60_000)
    assert insight.tiles.body is not None and insight.tiles.body.isVisible()
