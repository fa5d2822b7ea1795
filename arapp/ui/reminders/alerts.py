# SPDX-License-Identifier: MIT
"""The Alerts section of the Today page: early warnings with their reasons
(:func:`arapp.services.alerts.alerts`), read on a worker thread whenever the page reads.

A row opens its facts (double-click or Show facts: the invoice it is about, else the customer),
and can be dismissed for good or snoozed for a day or a week; a dismissed or snoozed alert comes
back only as a new crossing (a new key) or when its snooze ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QTableWidget, QVBoxLayout, QWidget

from arapp.domain.alerts import Alert
from arapp.domain.segments import Segment
from arapp.formatting import format_date
from arapp.services.alerts import AlertList, alerts, dismiss_alert, snooze_alert
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.segments import kept_segments
from arapp.ui.dialog_parts import push_button, small_table, text_item
from arapp.ui.display import DisplaySource
from arapp.ui.reminders.common import heading, hint_label
from arapp.ui.worker import run_in_background

#: Rows shown at most (the rest are counted under the table); big books can have thousands.
SHOWN = 200
HEADERS = ("Alert", "Customer", "Why")
NOTHING = "Nothing here."
LOADING = "Loading…"


class AlertsSection(QWidget):
    """Early warnings, with Show facts, Dismiss and Snooze.

    Attributes:
        data: What was last read, or ``None`` before the first read.
        loading: Whether a read is under way.
        table: The alerts shown (at most :data:`SHOWN`).
        empty: "Loading…", "Nothing here." or how many more there are.
        customer_requested: ``Signal(int)``: show this customer, please.
        invoice_requested: ``Signal(int)``: open this invoice, please.
        said: ``Signal(str, bool)``: an action's outcome (text, whether it is an error).
        filled: ``Signal()``: rows were shown.
    """

    customer_requested = Signal(int)
    invoice_requested = Signal(int)
    said = Signal(str, bool)
    filled = Signal()

    def __init__(
        self, ctx: AppContext, display: DisplaySource, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.data: AlertList | None = None
        self.segment: Segment | None = None  # only the alerts of this segment's customers
        self.loading = False
        self._again = False
        self.table: QTableWidget = small_table(HEADERS, "alerts")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(120)
        self.table.setVisible(False)
        self.table.doubleClicked.connect(lambda _index: self.show_facts())
        self.empty = hint_label(LOADING)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.facts_button = push_button("Show &facts", self.show_facts)
        self.dismiss_button = push_button("D&ismiss", self.dismiss)
        self.day_button = push_button("Snooze a da&y", lambda: self.snooze(1))
        self.week_button = push_button("Snooze a &week", lambda: self.snooze(7))
        for button in self._buttons():
            self.buttons.addWidget(button)
            button.setEnabled(False)
            button.setVisible(False)  # an empty section is its heading and one line
        self.buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(heading("Alerts: early warnings"))
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        column.addLayout(self.buttons)
        column.addStretch(0)

    def _buttons(self) -> tuple[QWidget, ...]:
        return (self.facts_button, self.dismiss_button, self.day_button, self.week_button)

    # -- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the alerts as of today again (off the GUI thread)."""
        if self.loading:
            self._again = True
            return
        self.loading = True
        ctx, as_of, segment = self.ctx, self.ctx.today(), self.segment
        run_in_background(self, lambda: _alerts_of(ctx, as_of, segment), self._loaded, self._failed)

    def _done(self) -> None:
        self.loading = False
        if self._again:
            self._again = False
            self.reload()

    def _failed(self, exc: Exception) -> None:
        self.said.emit(f"The alerts could not be read: {exc}", True)
        if self.data is None:
            self.empty.setText("Not read: see the message above.")
        self._done()

    def _loaded(self, data: AlertList) -> None:
        self.data = data
        shown = data.alerts[:SHOWN]
        self.table.setRowCount(len(shown))
        for r, alert in enumerate(shown):
            for c, text in enumerate((alert.kind.label, alert.customer, alert.reason)):
                item = text_item(text)
                item.setToolTip(alert.reason)
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(shown))
        self.empty.setText(_under(data))
        self.empty.setVisible(bool(self.empty.text()))
        for button in self._buttons():
            button.setEnabled(bool(shown))
            button.setVisible(bool(shown))
        self.filled.emit()
        self._done()

    # -- actions ------------------------------------------------------------------------------

    def selected(self) -> Alert | None:
        rows = self.table.selectionModel().selectedRows()
        if self.data is None or not rows:
            return None
        return self.data.alerts[rows[0].row()]

    def show_facts(self) -> None:
        """Open what the selected alert is about: its invoice, else its customer."""
        alert = self.selected()
        if alert is None:
            return
        if alert.invoice_id is not None:
            self.invoice_requested.emit(alert.invoice_id)
        else:
            self.customer_requested.emit(alert.customer_id)

    def dismiss(self) -> None:
        """Hide the selected alert for good (a new crossing shows again)."""
        alert = self.selected()
        if alert is not None:
            self._act(alert, lambda: dismiss_alert(self.ctx, alert.key),
                      f"Dismissed: {alert.reason}")  # fmt: skip

    def snooze(self, days: int) -> None:
        """Hide the selected alert for ``days`` days."""
        alert = self.selected()
        if alert is None:
            return
        until = self.ctx.today() + timedelta(days=days)
        self._act(alert, lambda: snooze_alert(self.ctx, alert.key, until),
                  f"Snoozed until {format_date(until, self.display.current.locale)}: "
                  f"{alert.reason}")  # fmt: skip

    def _act(self, alert: Alert, action: Callable[[], None], done: str) -> None:
        try:
            action()
        except ServiceError as exc:
            self.said.emit(str(exc), True)
            return
        self.said.emit(done, False)
        self.reload()


def _alerts_of(ctx: AppContext, as_of: date, segment: Segment | None) -> AlertList:
    """The alerts of the day, only those of ``segment``'s customers if given (on a worker)."""
    found = alerts(ctx, as_of)
    if segment is None:
        return found
    of = {a.customer_id for a in found.alerts}
    kept = kept_segments(ctx, sorted(of))
    mine = tuple(
        a for a in found.alerts if a.customer_id in kept and kept[a.customer_id].segment is segment
    )
    return replace(found, alerts=mine)


def _under(data: AlertList) -> str:
    """The line under the table: nothing to show, or what is not shown."""
    parts = []
    if not data.alerts:
        parts.append(NOTHING.rstrip("."))
    elif len(data.alerts) > SHOWN:
        parts.append(f"The first {SHOWN} of {len(data.alerts):,} alerts are shown")
    if data.hidden:
        parts.append(f"{data.hidden:,} dismissed or snoozed not shown")
    return "; ".join(parts) + "." if parts else ""
