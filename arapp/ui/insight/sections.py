# SPDX-License-Identifier: MIT
"""The Insight tab's parts: a section is a framed box with a title that shows one result.

A section says which feeds it needs (:attr:`InsightSection.needs`, names of the tab's feeds,
each a service call run on a worker); the tab hands it each feed's result as it arrives
(:meth:`InsightSection.show_feed`), says when it is calculating again (:meth:`busy`) and when a
feed failed (:meth:`failed`). A figure a person can click emits :attr:`drill` with a
:class:`Drill` naming the records behind it; the window opens them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QStackedWidget, QVBoxLayout, QWidget

from arapp.services.invoice_list import InvoiceStatusFilter
from arapp.ui.display import Display
from arapp.ui.forms import plain_label

CALCULATING = "Calculating…"


class DrillTo(Enum):
    INVOICES = "invoices"
    PAYMENTS = "payments"
    CUSTOMER = "customer"


@dataclass(frozen=True)
class Drill:
    """The records behind a figure: the Invoices (or Payments) tab filtered so, or one
    customer in the Customers tab.

    Attributes:
        to: Which list.
        status: The invoices' status filter (ignored for payments).
        first: Issued (received) on or after; ``None``: any day.
        last: Issued (received) on or before; ``None``: any day.
        what: What they are, for a tooltip (``"the invoices issued in Nov 2026"``).
        customer_id: The customer to open (``DrillTo.CUSTOMER`` only).
    """

    to: DrillTo
    status: InvoiceStatusFilter = InvoiceStatusFilter.ALL
    first: date | None = None
    last: date | None = None
    what: str = ""
    customer_id: int | None = None


class InsightSection(QFrame):
    """A titled box of the Insight tab (subclass it; see the module's docstring).

    Attributes:
        needs: The feeds it shows, by name.
        span: The columns it spans in the tab's grid (a wide table, a long chart).
        drill: ``Signal(Drill)``, a figure was clicked.
        body: The widget showing the figures (set by the subclass with :meth:`set_body`).
        note: The line saying it is calculating, failed or has nothing to show.
        display: The locale and currency its figures are shown in (the tab hands it the new
            one when the company changes, before the figures are read again).
    """

    drill = Signal(object)
    needs: tuple[str, ...] = ()
    #: How many of the tab's columns it takes (at most as many as there are; 1: one cell).
    span: int = 1

    def __init__(
        self, title: str, display: Display | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.display = display or Display()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = plain_label(title)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.note: QLabel = plain_label(CALCULATING, wrap=True)
        self.note.setObjectName("sectionNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.note)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self._stack, 1)
        self.body: QWidget | None = None

    def set_body(self, body: QWidget) -> None:
        if self.body is not None:
            self._stack.removeWidget(self.body)
            self.body.deleteLater()
        self.body = body
        self._stack.addWidget(body)

    def busy(self) -> None:
        """Say it is calculating (the figures shown so far stay until the new ones come)."""
        if self.body is None or self._stack.currentWidget() is self.note:
            self._say(CALCULATING)

    def failed(self, message: str) -> None:
        self._say(message)

    def nothing(self, message: str) -> None:
        """Nothing to show yet, said plainly."""
        self._say(message)

    def showing(self) -> None:
        """The figures are in the body."""
        if self.body is not None:
            self._stack.setCurrentWidget(self.body)

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self._stack.setCurrentWidget(self.note)

    def show_feed(self, name: str, result: object) -> None:
        """Show the result of the feed ``name`` (one of :attr:`needs`)."""
        raise NotImplementedError
