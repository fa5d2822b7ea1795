# SPDX-License-Identifier: MIT
"""The Collections tab's Aging page: who owes what, and for how long, as of any day.

The toolbar picks the day, the age basis (due or invoice date) and the currency; the report
(:func:`~arapp.services.aging.aging_report`) is read on a worker while a busy bar shows, and
read again, a moment after the last of a burst, when invoices, payments or customers change.
Choosing a customer (a click, the arrow keys, Enter or a double click) lists their open items
below (:func:`~arapp.services.aging.aging_items`, also on a worker); a double click on an
invoice or credit note there asks the window to open it (:attr:`AgingPage.open_invoice_requested`).
The export buttons are in :mod:`arapp.ui.collections.export`.

The first report is read when the page is first shown, not when it is made: on big books it is
seconds of work nobody asked for while the window starts. Once read, it is kept fresh.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.invoice import DocumentKind
from arapp.formatting import format_date, format_money
from arapp.services.aging import AgeBy, AgingItem, AgingLine, AgingReport, aging_items, aging_report
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_currencies
from arapp.services.events import Entity, Event
from arapp.ui.bridge import EventBridge
from arapp.ui.collections.export import AgingExports
from arapp.ui.collections.models import AgingItemsModel, AgingTableModel, AgingTotalsModel
from arapp.ui.collections.views import AgingItemsView, AgingTableView, TotalsRowView
from arapp.ui.display import DisplaySource, refreshes_display
from arapp.ui.forms import plain_label
from arapp.ui.widgets.flow import FlowLayout
from arapp.ui.worker import run_in_background

# A payment recorded with five allocations sends several events: read the report once after.
REFRESH_DELAY_MS = 300
# Events that can change someone's aging (a customer's currency or name, too).
_AGING_ENTITIES = frozenset({Entity.INVOICE, Entity.PAYMENT, Entity.CUSTOMER, Entity.COMPANY})
DRILL_HINT = "Click a customer to see the open items behind the line."


class AgingPage(QWidget):
    """Toolbar, the customers' aging with a totals row, and one customer's items below.

    Attributes:
        report: The report shown, once read.
        model, view: The customers' lines.
        totals, totals_view: The bold totals row.
        items, items_view: The drill-down of :attr:`drill_customer`.
        busy: The busy bar shown while a report is read.
        report_loaded: ``Signal(object)``, a report (or the exception) arrived and is shown.
        items_loaded: ``Signal(object)``, the drill-down items (or the exception) are shown.
        open_invoice_requested: ``Signal(int)``, open this invoice or credit note, please.
        display: The window's display source; the page follows its locale on a company event.
    """

    report_loaded = Signal(object)
    items_loaded = Signal(object)
    open_invoice_requested = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        display: DisplaySource,
        bridge: EventBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.locale = display.current.locale
        self.report: AgingReport | None = None
        self.drill_customer: AgingLine | None = None
        self._generation = 0
        self._items_generation = 0
        self._currencies_stale = False
        self._read_once = False

        self._build_controls()
        bar = self._build_bar()
        top = self._build_table()
        bottom = self._build_items()

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("agingSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)  # the customers are what the page is for
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(bar)
        layout.addWidget(self.splitter, 1)

        self._connect(bridge)

    def _build_controls(self) -> None:
        """The toolbar's fields and buttons."""
        self.as_of = QDateEdit()
        self.as_of.setObjectName("agingAsOf")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("d MMM yyyy")
        self.as_of.setToolTip("The day the report is as of: what was open then, aged from then")
        self.set_as_of(self.ctx.today())
        self.age_by = QComboBox()
        self.age_by.setObjectName("agingAgeBy")
        self.age_by.addItem("Due date", AgeBy.DUE.value)
        self.age_by.addItem("Invoice date", AgeBy.INVOICE.value)
        self.currency = QComboBox()
        self.currency.setObjectName("agingCurrency")
        self.currency.setToolTip("Customers billed in another currency have their own report")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("agingRefresh")
        self.refresh_button.setToolTip("Read the report again (F5)")
        self.refresh_button.setShortcut("F5")
        self.busy = QProgressBar()
        self.busy.setObjectName("agingBusy")
        self.busy.setRange(0, 0)  # no steps to count: it just moves while the report is read
        self.busy.setTextVisible(False)
        self.busy.setMaximumSize(90, 12)
        self.busy.setVisible(False)
        self.exports = AgingExports(self, self.ctx, lambda: self.report)

    def _build_bar(self) -> QWidget:
        """The toolbar: as of, age by, currency, refresh, exports (on two lines when narrow)."""
        bar = QWidget()
        row = FlowLayout(bar, spacing=6)
        row.setContentsMargins(0, 0, 0, 0)
        for n, (text, widget) in enumerate(
            (("As of", self.as_of), ("Age by", self.age_by), ("Currency", self.currency))
        ):
            pair = QWidget()  # a caption stays with its field
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 0, 0)
            pair_row.setSpacing(6)
            pair_row.addWidget(plain_label(text))
            pair_row.addWidget(widget)
            row.add_widget(pair, gap_before=10 if n else 0)
        row.add_widget(self.refresh_button, gap_before=10)
        row.add_widget(self.busy)
        for n, button in enumerate(self.exports.buttons):
            row.add_widget(button, gap_before=0 if n else 24)
        return bar

    def _build_table(self) -> QWidget:
        """The report's table with its totals row and status line."""
        self.model = AgingTableModel(self)
        self.view = AgingTableView(self.model)
        self.totals = AgingTotalsModel(self)
        self.totals_view = TotalsRowView(self.totals, self.view)
        self.status_label = plain_label(selectable=True)
        self.status_label.setObjectName("agingStatus")
        top = QWidget()
        top_column = QVBoxLayout(top)
        top_column.setContentsMargins(0, 0, 0, 0)
        top_column.setSpacing(0)
        top_column.addWidget(self.view, 1)
        top_column.addWidget(self.totals_view)
        top_column.addSpacing(6)
        top_column.addWidget(self.status_label)
        return top

    def _build_items(self) -> QWidget:
        """The drill-down: one customer's open items."""
        self.items = AgingItemsModel(self)
        self.items_view = AgingItemsView(self.items)
        self.items_title = plain_label(DRILL_HINT, wrap=True)
        self.items_title.setObjectName("agingItemsTitle")
        bottom = QWidget()
        bottom_column = QVBoxLayout(bottom)
        bottom_column.setContentsMargins(0, 6, 0, 0)
        bottom_column.setSpacing(6)
        bottom_column.addWidget(self.items_title)
        bottom_column.addWidget(self.items_view, 1)
        return bottom

    def _connect(self, bridge: EventBridge | None) -> None:
        """Wire the fields to the report, and the report to the books' events."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.fill_currencies(customer_currencies(self.ctx))
        self.as_of.dateChanged.connect(lambda _d: self._timer.start())
        self.age_by.currentIndexChanged.connect(lambda _i: self.reload())
        self.currency.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.view.open_requested.connect(self.drill_down)
        self.view.selectionModel().selectionChanged.connect(lambda _s, _d: self._chosen())
        self.items_view.open_requested.connect(self._open_item)
        self.model.modelReset.connect(self.totals_view.follow_table)
        self.busy.setVisible(True)  # until the first report, read when the page is first shown
        if bridge is not None:
            bridge.changed.connect(self.on_event)

    # -- choices ------------------------------------------------------------------------------

    def set_as_of(self, day: date) -> None:
        self.as_of.setDate(QDate(day.year, day.month, day.day))

    def chosen(self) -> tuple[date, AgeBy, str]:
        """The day, the age basis and the currency the toolbar asks for."""
        day = self.as_of.date().toPython()
        assert isinstance(day, date)
        return day, AgeBy(self.age_by.currentData()), str(self.currency.currentData() or "")

    def fill_currencies(self, codes: list[str]) -> bool:
        """Offer ``codes`` (the company's currency first); whether the choice had to change."""
        current = self.currency.currentData()
        self.currency.blockSignals(True)
        self.currency.clear()
        for code in codes:
            self.currency.addItem(code, code)
        found = self.currency.findData(current) if current else -1
        self.currency.setCurrentIndex(max(found, 0))
        self.currency.blockSignals(False)
        return found < 0 and current is not None

    # -- reading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._read_once:
            self.reload()

    def reload(self) -> None:
        """Read the report for the toolbar's choices on a worker (a newer read wins)."""
        self._read_once = True
        self._timer.stop()
        self._generation += 1
        generation, ctx = self._generation, self.ctx
        as_of, by, currency = self.chosen()
        refill, self._currencies_stale = self._currencies_stale, False
        self.busy.setVisible(True)
        run_in_background(
            self,
            lambda: (
                aging_report(ctx, as_of, by, currency),
                customer_currencies(ctx) if refill else None,
            ),
            lambda result: self._show_report(generation, *result),
            lambda exc: self._show_report(generation, exc),
        )

    def _show_report(
        self, generation: int, result: AgingReport | Exception, codes: list[str] | None = None
    ) -> None:
        if generation != self._generation:
            return  # the choices changed meanwhile; a newer report is on its way
        if codes is not None and self.fill_currencies(codes):
            self.reload()  # the currency shown is no customer's any more: the company's then
            return
        self.busy.setVisible(False)
        if isinstance(result, Exception):
            self.status_label.setText(f"The report could not be read: {result}")
            self.report_loaded.emit(result)
            return
        selected = self.selected_line()
        self.report = result
        self.model.set_report(result, self.locale)
        self.totals.set_report(result, self.locale)
        self.totals_view.follow_table()
        self.status_label.setText(self._status_text(result))
        self.exports.update_enabled()
        if selected is not None:
            self.select_customer(selected.customer_id)
        if self.drill_customer is not None:
            ids = result.lines.customer_ids
            drilled = self.drill_customer.customer_id
            self.show_items(result.lines[ids.index(drilled)] if drilled in ids else None)
        self.report_loaded.emit(result)

    def _status_text(self, report: AgingReport) -> str:
        day = format_date(report.as_of, self.locale)
        basis = "due date" if report.by is AgeBy.DUE else "invoice date"
        if not report.lines:
            return f"Nobody owes anything in {report.currency} as of {day}."
        overdue = format_money(report.total.overdue, report.currency, self.locale)
        return f"As of {day}, aged by {basis} · {report.currency} · {overdue} past due"

    # -- drill-down ---------------------------------------------------------------------------

    def selected_line(self) -> AgingLine | None:
        row = self.view.current_row()
        return self.model.row_at(row) if row is not None else None

    def select_customer(self, customer_id: int) -> bool:
        row = self.model.row_of(customer_id)
        if row is None:
            return False
        flags = QItemSelectionModel.SelectionFlag
        index = self.model.index(row, 1)
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)
        return True

    def _chosen(self) -> None:
        """A customer was clicked or reached with the keys: show their items (not again when
        a fresh report selects the same customer; that refresh reads them itself)."""
        line = self.selected_line()
        if line is not None and (
            self.drill_customer is None or line.customer_id != self.drill_customer.customer_id
        ):
            self.show_items(line)

    def drill_down(self) -> None:
        """List the open items behind the selected customer's line."""
        self.show_items(self.selected_line())

    def show_items(self, line: AgingLine | None) -> None:
        """Read ``line``'s items on a worker (``None``: the customer has no line any more)."""
        self._items_generation += 1
        generation = self._items_generation
        self.drill_customer = line
        if line is None or self.report is None:
            self.items.set_rows([], self.model.currency, self.locale)
            self.items_title.setText(DRILL_HINT)
            self.items_loaded.emit([])
            return
        ctx, customer_id, as_of, by = self.ctx, line.customer_id, self.report.as_of, self.report.by
        self.items_title.setText(f"{line.name} ({line.code}): reading the open items…")
        run_in_background(
            self,
            lambda: aging_items(ctx, customer_id, as_of, by),
            lambda items: self._show_items(generation, line, items),
            lambda exc: self._show_items(generation, line, exc),
        )

    def _show_items(
        self, generation: int, line: AgingLine, result: list[AgingItem] | Exception
    ) -> None:
        if generation != self._items_generation or self.report is None:
            return
        if isinstance(result, Exception):
            self.items_title.setText(f"The items of {line.name} could not be read: {result}")
            self.items_loaded.emit(result)
            return
        currency = self.report.currency
        self.items.set_rows(result, currency, self.locale)
        count = len(result)
        total = format_money(self.items.open_sum(), currency, self.locale)
        self.items_title.setText(
            f"{line.name} ({line.code}): {count:,} open item{'' if count == 1 else 's'}, "
            f"{total} as of {format_date(self.report.as_of, self.locale)}"
        )
        self.items_loaded.emit(result)

    def _open_item(self) -> None:
        row = self.items_view.current_row()
        item = self.items.row_at(row) if row is not None else None
        if item is not None and item.kind in (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE):
            self.open_invoice_requested.emit(item.id)

    # -- events -------------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Read the report again a moment after money or customers changed."""
        if refreshes_display(event):
            self.locale = self.display.current.locale
        if event.entity in (Entity.CUSTOMER, Entity.COMPANY):
            self._currencies_stale = True  # read again with the report, on the worker
        if event.entity in _AGING_ENTITIES and self._read_once:  # else the first showing reads
            self._timer.start()
