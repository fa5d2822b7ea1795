# SPDX-License-Identifier: MIT
"""The customer pane's "Days late" tab: how late the customer paid each recent invoice (and
how late the open overdue ones are so far), as a small chart read on a worker when shown.
QtCharts is imported when the first chart is drawn, not when the pane is made."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from arapp.domain.insight import LatePoint
from arapp.services.context import AppContext
from arapp.services.insight import days_late_history
from arapp.ui.forms import plain_label
from arapp.ui.insight.sections import CALCULATING
from arapp.ui.worker import run_in_background

NONE_YET = "Nothing yet: no invoice of this customer's is paid or overdue."
FAILED = "The days late could not be read (the log file says why)."


class DaysLatePanel(QWidget):
    """The chart of one customer's days late (see the module's docstring).

    Attributes:
        points: The invoices shown, oldest first (``None`` until read).
        note: The line saying it is reading, or that there is nothing to show.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.points: tuple[LatePoint, ...] | None = None
        self._asked = 0
        self._stale = True
        self.note = plain_label(CALCULATING, wrap=True)
        self.note.setObjectName("daysLateNote")
        self.caption = plain_label(
            "Each of the latest invoices: paid ones by the days after their due date they "
            "were paid (below zero: early), open ones by the days they are overdue so far.",
            wrap=True,
        )
        self._stack = QStackedWidget()
        self._stack.addWidget(self.note)
        self.view: QWidget | None = None
        column = QVBoxLayout(self)
        column.addWidget(self.caption)
        column.addWidget(self._stack, 1)

    def show_customer(self, customer_id: int | None) -> None:
        """Show ``customer_id``'s days late (read now if shown, else when first shown)."""
        self.customer_id = customer_id
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._asked += 1
        asked, customer_id, ctx = self._asked, self.customer_id, self.ctx
        if customer_id is None:
            return
        self.note.setText(CALCULATING)
        self._stack.setCurrentWidget(self.note)
        run_in_background(
            self,
            lambda: days_late_history(ctx, customer_id),
            lambda points: self._show(asked, points),
            lambda _exc: self._failed(asked),
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _failed(self, asked: int) -> None:
        if asked == self._asked:
            self.note.setText(FAILED)

    def _show(self, asked: int, points: Sequence[LatePoint]) -> None:
        if asked != self._asked:
            return
        self.points = tuple(points)
        if not points:
            self.note.setText(NONE_YET)
            self._stack.setCurrentWidget(self.note)
            return
        from arapp.ui.insight.charts import chart_view, days_late_chart

        if self.view is not None:
            self._stack.removeWidget(self.view)
            self.view.deleteLater()
        self.view = chart_view(days_late_chart(points), height=180)
        self._stack.addWidget(self.view)
        self._stack.setCurrentWidget(self.view)
