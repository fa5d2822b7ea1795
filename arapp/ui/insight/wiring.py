# SPDX-License-Identifier: MIT
"""The Insight tab as the main window uses it: the tab, its risk and forecast parts, and
where a click on a figure leads.

The parts added to the tab's own (tiles, then the monthly charts):

* feed ``risks``: :func:`arapp.services.insight_risk.top_risks` (one run of the risk model for
  both the top risks and the segments);
* feed ``forecast``: :func:`arapp.services.cash_forecast` without its back-test (the chart
  does not show it);
* sections, in this order: the segments, the forecast chart (QtCharts, made with the other
  charts after the tiles) and the top risks.

The feeds run on the worker after the tab's own, so the tiles still come first; they are read
again with the rest after a change (the tab's own delay).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from arapp.services.context import AppContext
from arapp.ui.bridge import EventBridge
from arapp.ui.display import DisplaySource
from arapp.ui.insight.sections import Drill, DrillTo, InsightSection
from arapp.ui.insight.tab import InsightQuery, InsightTab


class DrillTarget(Protocol):
    """What a click on a figure needs of the main window (named so, not imported: the main
    window imports this module)."""

    tabs: Any
    customers: Any
    payments: Any
    invoices: Any


def _risks(ctx: AppContext, query: InsightQuery) -> object:
    from arapp.services.insight_risk import top_risks  # numpy: on the worker

    return top_risks(ctx, query.as_of)


def _forecast(ctx: AppContext, query: InsightQuery) -> object:
    from arapp.services.forecast import cash_forecast

    return cash_forecast(ctx, query.as_of, backtest=False)


def add_risk_and_forecast(tab: InsightTab) -> None:
    """The feeds and sections of the top risks, the segments and the cash-in forecast."""
    display = tab.display
    tab.add_feed("risks", _risks)
    tab.add_feed("forecast", _forecast)

    def segments() -> InsightSection:
        from arapp.ui.insight.risk_sections import SegmentsSection

        return SegmentsSection(display.current)

    def forecast() -> InsightSection:
        from arapp.ui.insight.forecast_chart import ForecastSection  # QtCharts

        return ForecastSection(display.current)

    def risks() -> InsightSection:
        from arapp.ui.insight.risk_sections import TopRisksSection

        return TopRisksSection(display.current)

    for make in (segments, forecast, risks):
        tab.add_section(make)


def make_insight_tab(
    ctx: AppContext,
    display: DisplaySource,
    bridge: EventBridge | None,
    window: DrillTarget,
    report: Callable[[date], None],
) -> InsightTab:
    """The tab with every part, its clicks opening ``window``'s lists, "Monthly report…"
    calling ``report`` with the day."""
    tab = InsightTab(ctx, display, bridge)
    add_risk_and_forecast(tab)
    tab.drill.connect(lambda drill: open_drill(window, drill))
    tab.report_requested.connect(report)
    return tab


def open_drill(window: DrillTarget, drill: Drill) -> None:
    """The records behind a figure: a customer in Customers, else the list filtered so."""
    if drill.to is DrillTo.CUSTOMER:
        assert drill.customer_id is not None
        window.tabs.setCurrentWidget(window.customers)
        window.customers.reveal(drill.customer_id)
        return
    if drill.to is DrillTo.PAYMENTS:
        assert drill.first is not None and drill.last is not None
        window.tabs.setCurrentWidget(window.payments)
        window.payments.show_received(drill.first, drill.last)
        return
    window.tabs.setCurrentWidget(window.invoices)
    window.invoices.show_only(drill.status, drill.first, drill.last)


__all__ = ["add_risk_and_forecast", "make_insight_tab", "open_drill"]
