# SPDX-License-Identifier: MIT
"""The Insight tab, the first a person sees: KPI tiles, then charts, computed on a worker.

**Feeds and sections.** A *feed* is a service call, ``operation(ctx, query)``, run on a worker
(:class:`InsightQuery`: the day and the period); a *section* (:class:`InsightSection`) shows
the feeds it names. The feeds run one after the other, in the order added, so the first
figures come first: ``owed`` (what is owed and overdue on the day, one sum of the open
items: the first tiles, a fraction of a second on big books), ``first`` (the KPIs of the
day: every tile), ``before`` (the same a period before: the tiles' changes), then
``months`` (the 24 months behind the charts and sparklines).
The chart sections (and QtCharts) are made only once the first tiles are shown.

To add a part (top risks, the cash-in forecast, alerts, segments): a service returning a
frozen result, :meth:`InsightTab.add_feed` with it, and a section class taking that result in
:meth:`~InsightSection.show_feed`, added with :meth:`InsightTab.add_section`.

After a change to invoices, payments, customers or the company the figures are read again
(a moment later, so a burst of changes reads once; on the next showing if the tab is hidden).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QSettings, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from arapp.services.context import AppContext
from arapp.services.events import Entity, Event
from arapp.services.insight import (
    insight_before,
    insight_first,
    insight_months,
    insight_owed,
)
from arapp.ui.bridge import EventBridge
from arapp.ui.display import DisplaySource
from arapp.ui.forms import plain_label
from arapp.ui.insight.sections import CALCULATING, InsightSection
from arapp.ui.insight.tiles import KpiTilesSection
from arapp.ui.widgets.dates import date_edit
from arapp.ui.worker import run_in_background, unwaited_pool

log = logging.getLogger(__name__)

#: The periods offered, in days.
PERIODS = (30, 60, 90, 180, 365)
DEFAULT_PERIOD = 90
#: Wait this long after a change before reading again (a burst of changes reads once).
REFRESH_DELAY_MS = 1500
#: Events that change the figures.
_CHANGES = (Entity.INVOICE, Entity.PAYMENT, Entity.CUSTOMER, Entity.COMPANY)
#: The first feeds (what is owed, the day's KPIs) run on the ordinary workers; the rest on
#: the low-priority thread.
_WAITED = 2
_FIRST_FEEDS = ("owed", "first")


@dataclass(frozen=True)
class InsightQuery:
    """What the feeds compute: as of ``as_of`` over ``period_days``."""

    as_of: date
    period_days: int


Operation = Callable[[AppContext, InsightQuery], object]


@dataclass(frozen=True)
class Feed:
    name: str
    operation: Operation


class InsightTab(QWidget):
    """KPI tiles and charts (see the module's docstring).

    Attributes:
        drill: ``Signal(Drill)``, a figure was clicked: open the records behind it.
        report_requested: ``Signal(date)``, "Monthly report…" for the month of that day.
        results: The last result of each feed, by name.
        sections: The sections, in the order shown.
    """

    drill = Signal(object)
    report_requested = Signal(object)

    def __init__(
        self, ctx: AppContext, display: DisplaySource, bridge: EventBridge | None = None
    ) -> None:
        super().__init__()
        self.ctx, self.display = ctx, display
        self.feeds: list[Feed] = [
            Feed("owed", lambda c, q: insight_owed(c, q.as_of)),
            Feed("first", lambda c, q: insight_first(c, q.as_of, q.period_days, compare=False)),
            Feed("before", lambda c, q: insight_before(c, q.as_of, q.period_days)),
            Feed("months", lambda c, q: insight_months(c, q.as_of, q.period_days)),
        ]
        self.results: dict[str, object] = {}
        self.sections: list[InsightSection] = []
        self._makers: list[Callable[[], InsightSection]] = []
        self._columns = 0
        self._charts_made = False
        self._run = 0
        self._stale = True
        self.loading = False

        self.as_of = date_edit("insightAsOf")
        self.as_of.setDate(_qdate(ctx.today()))
        self.as_of.setToolTip("The day the figures are as of (only what was known that day)")
        self.period = QComboBox()
        self.period.setObjectName("insightPeriod")
        for days in PERIODS:
            self.period.addItem(f"over {days} days", days)
        self.period.setCurrentIndex(PERIODS.index(DEFAULT_PERIOD))
        self.period.setToolTip("The period the KPIs look back over")
        self.status = plain_label(CALCULATING)
        self.status.setObjectName("insightStatus")
        self.refresh_button = QPushButton("Refre&sh")
        self.refresh_button.clicked.connect(self.refresh)
        self.report_button = QPushButton("&Monthly report…")
        self.report_button.setObjectName("monthlyReport")
        self.report_button.clicked.connect(lambda: self.report_requested.emit(self.query().as_of))
        header = QHBoxLayout()
        header.addWidget(plain_label("Figures as of"))
        header.addWidget(self.as_of)
        header.addWidget(self.period)
        header.addWidget(self.status, 1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.report_button)

        self.tiles = KpiTilesSection(display.current)
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.tiles)
        column.addLayout(self.grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addLayout(header)
        outer.addWidget(scroll, 1)
        self._add(self.tiles)
        self._add_chart_sections()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self._refresh_if_shown)
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        if bridge is not None:
            bridge.changed.connect(self.on_event)
        # the first reading starts when the tab is first shown (showEvent)

    # -- parts ---------------------------------------------------------------------------------

    def add_feed(self, name: str, operation: Operation) -> None:
        """A service call run on a worker after the feeds before it, ``operation(ctx, query)``
        (no widgets in it); its result goes to the sections that need ``name``."""
        self.feeds.append(Feed(name, operation))

    def add_section(self, make: Callable[[], InsightSection]) -> None:
        """A section made (by ``make``) with the charts, after the sections before it (they
        flow three, two or one to a row as the tab is wide; a section spans
        :attr:`~InsightSection.span` columns)."""
        self._makers.append(make)
        if self._charts_made:
            self._make(make)

    def _add_chart_sections(self) -> None:
        display = self.display

        def chart(name: str) -> Callable[[], InsightSection]:
            def make() -> InsightSection:
                from arapp.ui.insight import charts  # QtCharts: once the tiles are shown

                section: InsightSection = getattr(charts, name)(display.current)
                return section

            return make

        for name in ("MonthlyBarsSection", "AgingSection", "DsoSection"):
            self.add_section(chart(name))

    def _make(self, make: Callable[[], InsightSection]) -> None:
        section = make()
        self._add(section)
        self._flow(force=True)
        for name in section.needs:
            if name in self.results:
                section.show_feed(name, self.results[name])

    def _add(self, section: InsightSection) -> None:
        section.drill.connect(self.drill.emit)
        self.sections.append(section)

    def _make_charts(self) -> None:
        if self._charts_made:
            return
        self._charts_made = True
        for make in self._makers:
            self._make(make)

    def _flow(self, force: bool = False) -> None:
        """Charts three to a row on a wide tab, two on a laptop's narrow window, one below;
        the tiles all on one row when they fit, else three to a row."""
        width = self.width()
        columns = 3 if width >= 1150 else 2 if width >= 700 else 1
        self.tiles.fit(width - 24)  # the scroll bar
        if columns == self._columns and not force:
            return
        self._columns = columns
        charts = self.sections[1:]
        for section in charts:
            self.grid.removeWidget(section)
        row = column = 0
        for section in charts:  # in order; a section wider than what is left starts a row
            span = max(1, min(section.span, columns))
            if column + span > columns:
                row, column = row + 1, 0
            self.grid.addWidget(section, row, column, 1, span)
            column += span
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._flow()

    # -- reading -------------------------------------------------------------------------------

    def query(self) -> InsightQuery:
        return InsightQuery(self.as_of.date().toPython(), int(self.period.currentData()))  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Read every feed again, one after the other, on a worker."""
        self._stale = False
        self._run += 1
        self.loading = True
        self.status.setText(CALCULATING)
        for section in self.sections:
            section.busy()
        self._next(self._run, self.query(), 0)

    def _next(self, run: int, query: InsightQuery, index: int) -> None:
        if run != self._run:
            return
        if index >= len(self.feeds):
            self.loading = False
            self.status.setText("")
            return
        if index and not self.window().isVisible():  # closed (other books opened): stop here
            self.loading, self._stale = False, True
            return
        feed, ctx = self.feeds[index], self.ctx
        run_in_background(
            self,
            lambda: feed.operation(ctx, query),
            lambda result: self._arrived(run, query, index, result),
            lambda exc: self._failed(run, query, index, exc),
            # the tiles of the day are waited for; the rest come on the low-priority thread
            None if index < _WAITED else unwaited_pool(),
        )

    def _arrived(self, run: int, query: InsightQuery, index: int, result: object) -> None:
        if run != self._run:
            return  # a newer reading is on its way
        name = self.feeds[index].name
        self.results[name] = result
        for section in self.sections:
            if name in section.needs:
                section.show_feed(name, result)
        if name in self.tiles.needs:  # the tiles' texts grew: one row may no longer fit
            self._flow()
        if name in _FIRST_FEEDS and not self._charts_made:
            # the first figures painted now; the charts below them (QtCharts, "Calculating…"
            # at first) made right after, while the next feed is read
            self.repaint()
            QTimer.singleShot(0, self._make_charts)
        self._next(run, query, index + 1)

    def _failed(self, run: int, query: InsightQuery, index: int, exc: Exception) -> None:
        if run != self._run:
            return
        name = self.feeds[index].name
        log.error("Insight: %s could not be calculated", name, exc_info=exc)
        message = "These figures could not be calculated (the log file says why)."
        for section in self.sections:
            if name in section.needs:
                section.failed(message)
        if name in _FIRST_FEEDS and not self._charts_made:
            # the first figures painted now; the charts below them (QtCharts, "Calculating…"
            # at first) made right after, while the next feed is read
            self.repaint()
            QTimer.singleShot(0, self._make_charts)
        self._next(run, query, index + 1)

    def on_event(self, event: Event) -> None:
        if event.entity is Entity.COMPANY:  # the locale or currency may have changed
            for section in self.sections:
                section.display = self.display.current
        if event.entity in _CHANGES:
            self._stale = True
            self._timer.start()

    def _refresh_if_shown(self) -> None:
        if self._stale and self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self.loading:
            self.refresh()

    # -- window state --------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("insight/period", int(self.period.currentData()))

    def restore_state(self, settings: QSettings) -> None:
        days = settings.value("insight/period", DEFAULT_PERIOD)
        try:
            index = PERIODS.index(int(days))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return
        self.period.blockSignals(True)  # before the first reading: no reading of its own
        self.period.setCurrentIndex(index)
        self.period.blockSignals(False)
        if self.loading:
            self.refresh()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


__all__ = ["Feed", "InsightQuery", "InsightTab"]
