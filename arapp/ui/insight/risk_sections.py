# SPDX-License-Identifier: MIT
"""The Insight tab's risk parts, both from the ``risks`` feed
(:func:`arapp.services.insight_risk.top_risks`, one run of the risk model):

* :class:`TopRisksSection`: the ten customers owing something with the highest chance of
  paying their next invoice late, with their segment and the score's reasons in words, and the
  back-test in one sentence under them; a click on a customer opens them in the Customers tab;
* :class:`SegmentsSection`: how many customers are in each segment and what they owe; a click on
  a segment lists its customers (those owing most first) in a small window, from which one is
  opened (the Customers tab has no segment filter).

No numpy and no QtCharts here: the result arrives made.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.segments import Segment
from arapp.formatting import format_figure
from arapp.services.insight_risk import LISTED, RiskLine, SegmentFigures, TopRisks
from arapp.ui.display import Display
from arapp.ui.forms import plain_label
from arapp.ui.insight.sections import Drill, DrillTo, InsightSection

NO_RISKS = "Nobody owes anything on this day: no one to chase."
NO_CUSTOMERS = "No customer has an issued invoice yet: nothing to group."
#: What each segment means, for its tooltip (the rule is arapp.domain.segments').
SEGMENT_RULES = {
    Segment.PROMPT: "At most one of the last six invoices paid more than a week late",
    Segment.LATE_BUT_PAYS: "Two of the last six invoices late, or something a week overdue now",
    Segment.SLOW: "At least half of the last six invoices paid more than a week late",
    Segment.AT_RISK: (
        "An invoice unpaid 60+ days past due, two broken promises to pay in a year, or most "
        "invoices late by a month or more"
    ),
    Segment.NEW: "Fewer than three invoices with a known outcome, nothing overdue",
}


def _item(text: str, right: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    for column in range(len(headers)):  # ten rows at most: fitting the columns is cheap
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fit_height(table: QTableWidget) -> None:
    """As tall as its rows (no scroll bar for ten rows, no blank below five)."""
    rows = table.verticalHeader().length()
    frame = 2 * table.frameWidth()
    table.setFixedHeight(table.horizontalHeader().height() + rows + frame + 2)


def _customer_rows(table: QTableWidget, lines: tuple[RiskLine, ...], money: object) -> None:
    assert callable(money)
    table.setRowCount(len(lines))
    for row, line in enumerate(lines):
        reasons = "; ".join(line.reasons)
        who = f"{line.name} ({line.code})"
        table.setItem(row, 0, _item(who, tip=f"Open {line.name} in Customers"))
        table.setItem(row, 1, _item(money(line.owed), right=True))
        table.setItem(row, 2, _item(f"{line.score:.0f}%", right=True))
        table.setItem(row, 3, _item(line.segment.value, tip=line.segment_reason))
        if table.columnCount() > 4:
            table.setItem(row, 4, _item(reasons, tip="\n".join(line.reasons)))
    table.resizeRowsToContents()


def _open(line: RiskLine) -> Drill:
    return Drill(DrillTo.CUSTOMER, what=f"{line.name} in Customers", customer_id=line.customer_id)


class TopRisksSection(InsightSection):
    """The customers owing something most likely to pay late (see the module's docstring)."""

    needs = ("risks",)
    span = 3

    def __init__(self, display: Display, parent: QWidget | None = None) -> None:
        super().__init__("Most likely to pay late", display, parent)
        self.risks: TopRisks | None = None
        self.table = _table(["Customer", "Owes", "Risk", "Segment", "Why"])
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)  # the reasons in full, on two lines where they need them
        # ten rows: each row as tall as its reasons at the column's width, the table as tall
        # as its rows (again whenever the tab is resized)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeaderItem(2).setToolTip(
            "The chance that the next invoice is paid more than a week after its due date"
        )
        self.table.cellClicked.connect(lambda row, _column: self.open_row(row))
        self.backtest = plain_label("", wrap=True)
        self.backtest.setObjectName("riskBacktest")
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addWidget(self.backtest)
        column.addStretch(1)
        self.set_body(body)

    def money(self, amount: object) -> str:
        assert self.risks is not None
        return format_figure(amount, "money", self.risks.currency, self.display.locale)  # type: ignore[arg-type]

    def show_feed(self, name: str, result: object) -> None:
        from arapp.services.insight_risk import backtest_sentence

        assert isinstance(result, TopRisks)
        self.risks = result
        if not result.top:
            self.table.setRowCount(0)
            self.nothing(NO_RISKS)
            return
        _customer_rows(self.table, result.top, self.money)
        _fit_height(self.table)
        sentence = backtest_sentence(result)
        self.backtest.setText(sentence)
        self.backtest.setVisible(bool(sentence))
        self.showing()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, lambda: _fit_height(self.table))  # once the rows are refitted

    def open_row(self, row: int) -> None:
        if self.risks is not None and 0 <= row < len(self.risks.top):
            self.drill.emit(_open(self.risks.top[row]))


class SegmentDialog(QDialog):
    """The customers of one segment (those owing most first); a double click (or Open) opens
    one in the Customers tab."""

    def __init__(
        self, figures: SegmentFigures, money: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.figures = figures
        self.chosen: RiskLine | None = None
        self.setWindowTitle(f"Customers: {figures.segment.value}")
        shown, count = len(figures.listed), figures.customers
        if count > shown:
            listed = f"The {shown} of its {count:,} customers who owe most:"
        elif count == 1:
            listed = "Its one customer:"
        else:
            listed = f"Its {count:,} customers, those owing most first:"
        intro = plain_label(
            f"{SEGMENT_RULES[figures.segment]}. {listed} double-click one to open it.",
            wrap=True,
        )
        self.table = _table(["Customer", "Owes", "Risk", "Segment"])
        _customer_rows(self.table, figures.listed, money)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.choose(row))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.clicked.connect(lambda: self.choose(self.table.currentRow()))
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        self.resize(560, 420)

    def choose(self, row: int) -> None:
        if 0 <= row < len(self.figures.listed):
            self.chosen = self.figures.listed[row]
            self.accept()


class SegmentsSection(InsightSection):
    """How many customers each segment holds and what they owe (see the module's
    docstring)."""

    needs = ("risks",)

    def __init__(self, display: Display, parent: QWidget | None = None) -> None:
        super().__init__("Customers by how they pay", display, parent)
        self.risks: TopRisks | None = None
        self.table = _table(["Segment", "Customers", "Owe"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(lambda row, _column: self.list_segment(row))
        note = plain_label(f"Click a segment to see its customers (up to {LISTED}).", wrap=True)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addWidget(note)
        column.addStretch(1)
        self.set_body(body)
        self.dialog: SegmentDialog | None = None

    def money(self, amount: object) -> str:
        assert self.risks is not None
        return format_figure(amount, "money", self.risks.currency, self.display.locale)  # type: ignore[arg-type]

    def show_feed(self, name: str, result: object) -> None:
        assert isinstance(result, TopRisks)
        self.risks = result
        if not result.scored:
            self.table.setRowCount(0)
            self.nothing(NO_CUSTOMERS)
            return
        self.table.setRowCount(len(result.segments))
        for row, figures in enumerate(result.segments):
            rule = SEGMENT_RULES[figures.segment]
            self.table.setItem(row, 0, _item(figures.segment.value.capitalize(), tip=rule))
            self.table.setItem(row, 1, _item(f"{figures.customers:,}", right=True, tip=rule))
            self.table.setItem(row, 2, _item(self.money(figures.owed), right=True, tip=rule))
        self.table.resizeRowsToContents()
        _fit_height(self.table)
        self.showing()

    def list_segment(self, row: int) -> SegmentDialog | None:
        """Its customers in a small window (opened, not waited for: a test can look)."""
        if self.risks is None or not 0 <= row < len(self.risks.segments):
            return None
        figures = self.risks.segments[row]
        if not figures.customers:
            return None
        dialog = SegmentDialog(figures, self.money, self)
        dialog.accepted.connect(
            lambda: self.drill.emit(_open(dialog.chosen)) if dialog.chosen else None
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog


__all__ = ["SegmentDialog", "SegmentsSection", "TopRisksSection"]
