# SPDX-License-Identifier: MIT
"""The KPI tiles: each figure as of the day, its change against a period before, and a
sparkline of its last 24 month ends. Painted with QPainter (no QtCharts: the tiles are the
first thing shown, and QtCharts takes a moment to import)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from arapp.domain.insight import (
    TILES,
    InsightFirst,
    InsightMonths,
    InsightOwed,
    KpiDay,
    Tile,
    TileUnit,
)
from arapp.formatting import format_figure
from arapp.services.invoice_list import InvoiceStatusFilter
from arapp.ui.display import Display
from arapp.ui.forms import plain_label
from arapp.ui.insight.sections import Drill, DrillTo, InsightSection

GOOD = QColor("#1b7f3b")
BAD = QColor("#b3261e")
NOTHING_YET = (
    "Nothing yet: once invoices are issued, what is owed, how fast it is paid and how much is "
    "overdue show here."
)


class Sparkline(QWidget):
    """A small line of values, oldest first (``None``: no figure that month, a gap)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[Decimal | None] = []
        self.setMinimumHeight(26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, values: Sequence[Decimal | None]) -> None:
        self.values = list(values)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        known = [v for v in self.values if v is not None]
        if len(known) < 2:
            return
        low, high = min(known), max(known)
        span = (high - low) or Decimal(1)
        width, height = self.width() - 4, self.height() - 4
        step = width / (len(self.values) - 1)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 1.5))
        last: QPointF | None = None
        for index, value in enumerate(self.values):
            if value is None:
                last = None
                continue
            share = (value - low) / span  # exact, then one float for the pixel
            point = QPointF(2 + index * step, 2 + height - height * float(share))
            if last is not None:
                painter.drawLine(last, point)
            last = point
        if last is not None:
            painter.drawEllipse(last, 2, 2)
        painter.end()


class KpiTile(QFrame):
    """One figure: its label, its value, the change and a sparkline; a click opens the
    invoices behind it.

    Attributes:
        clicked: ``Signal()``.
    """

    clicked = Signal()

    def __init__(self, tile: Tile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile = tile
        self.setObjectName(f"tile_{tile.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = plain_label(tile.label)
        self.value = plain_label("…")
        self.value.setObjectName("tileValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.change = plain_label("")
        self.change.setObjectName("tileChange")
        self.sparkline = Sparkline()
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.setSpacing(2)
        for widget in (self.label, self.value, self.change, self.sparkline):
            column.addWidget(widget)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.pos()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class KpiTilesSection(InsightSection):
    """The tiles of :data:`arapp.domain.insight.TILES` (feeds ``owed``, then ``first``,
    ``before`` and ``months``)."""

    needs = ("owed", "first", "before", "months")

    def __init__(self, display: Display, parent: QWidget | None = None) -> None:
        super().__init__("As of today", display, parent)
        self.first: InsightFirst | None = None
        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.tiles: dict[str, KpiTile] = {}
        for tile in TILES:
            widget = KpiTile(tile)
            widget.clicked.connect(lambda t=tile: self._clicked(t))
            self.tiles[tile.key] = widget
        self._columns = 0
        self.set_columns(len(TILES))
        self.set_body(body)

    def fit(self, width: int) -> None:
        """All tiles on one row if they fit in ``width``, else three to a row."""
        margins = self.contentsMargins()
        need = sum(t.minimumSizeHint().width() for t in self.tiles.values())
        need += self.grid.spacing() * (len(TILES) - 1) + margins.left() + margins.right() + 24
        self.set_columns(len(TILES) if need <= width else 3)

    def set_columns(self, columns: int) -> None:
        """Lay the tiles out ``columns`` to a row."""
        if columns == self._columns:
            return
        self._columns = columns
        for widget in self.tiles.values():
            self.grid.removeWidget(widget)
        for index, widget in enumerate(self.tiles.values()):
            self.grid.addWidget(widget, index // columns, index % columns)
        for column in range(len(TILES)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def show_feed(self, name: str, result: object) -> None:
        if name == "owed":
            assert isinstance(result, InsightOwed)
            self._show_owed(result)
        elif name == "first":
            assert isinstance(result, InsightFirst)
            self._show_first(result)
        elif name == "before" and self.first is not None:
            assert isinstance(result, KpiDay)
            self._show_first(replace(self.first, before=result))
        elif name == "months":
            assert isinstance(result, InsightMonths)
            for tile in TILES:
                values = [tile.value(m.kpis) for m in result.months]
                self.tiles[tile.key].sparkline.set_values(values)

    def _show_owed(self, owed: InsightOwed) -> None:
        """What is owed and overdue, the other tiles on their way (a new reading: the
        figures of an earlier one are not mixed with these)."""
        self.first = None
        self.title.setText(f"As of {self.display.date(owed.as_of)}")
        values = owed.tile_values()
        for tile in TILES:
            widget = self.tiles[tile.key]
            widget.change.setText("")
            widget.setToolTip("")
            if tile.key not in values:
                widget.value.setText("…")
                continue
            value = values[tile.key]
            shown = (
                f"— ({tile.empty})"
                if value is None
                else format_figure(value, tile.unit.value, owed.currency, self.display.locale)
            )
            widget.value.setText(shown)
        if owed.aging.total or any(owed.aging.buckets):
            self.showing()  # else wait: empty books say so with the day's KPIs

    def _show_first(self, first: InsightFirst) -> None:
        self.first = first
        self.title.setText(f"As of {self.display.date(first.as_of)}")
        if _nothing_yet(first):
            self.nothing(NOTHING_YET)
            return
        for tile in TILES:
            widget = self.tiles[tile.key]
            now = tile.value(first.now)
            widget.value.setText(self._shown(tile, now))
            if first.before is None:
                widget.change.setText("comparing…")
                widget.change.setStyleSheet("color: #666666")
            else:
                before = tile.value(first.before)
                widget.change.setText(self._change(tile, now, before, first.before.as_of))
                widget.change.setStyleSheet(f"color: {_colour(tile, now, before).name()}")
            widget.setToolTip(f"Click to see {_drill(tile, first).what}.")
        self.showing()

    def _shown(self, tile: Tile, value: Decimal | None) -> str:
        if value is None:
            return f"— ({tile.empty})"
        assert self.first is not None
        return format_figure(value, tile.unit.value, self.first.currency, self.display.locale)

    def _change(self, tile: Tile, now: Decimal | None, before: Decimal | None, then: date) -> str:
        since = f"since {self.display.date(then)}"
        if now is None or before is None:
            return f"no figure to compare {since}"
        delta = now - before
        if delta == 0:
            return f"unchanged {since}"
        arrow = "▲" if delta > 0 else "▼"
        assert self.first is not None
        size = format_figure(abs(delta), tile.unit.value, self.first.currency, self.display.locale)
        if tile.unit is TileUnit.PERCENT:
            size = size.replace(" %", " points")
        return f"{arrow} {size} {since}"

    def _clicked(self, tile: Tile) -> None:
        if self.first is not None and not _nothing_yet(self.first):
            self.drill.emit(_drill(tile, self.first))


def _nothing_yet(first: InsightFirst) -> bool:
    facts = first.now.facts
    return (
        facts.ending_ar == 0
        and facts.sales == 0
        and facts.beginning_ar == 0
        and facts.settled.count == 0
        and (first.before is None or first.before.facts.ending_ar == 0)
    )


def _colour(tile: Tile, now: Decimal | None, before: Decimal | None) -> QColor:
    if now is None or before is None or now == before:
        return QColor("#666666")
    return GOOD if (now > before) == tile.rise_is_good else BAD


def _drill(tile: Tile, first: InsightFirst) -> Drill:
    """The invoices behind a tile."""
    if tile.key in ("overdue", "overdue_share"):
        return Drill(DrillTo.INVOICES, InvoiceStatusFilter.OVERDUE, what="the overdue invoices")
    if tile.key == "days_late":
        return Drill(DrillTo.INVOICES, InvoiceStatusFilter.PAID, what="the paid invoices")
    if tile.key == "cei":
        return Drill(
            DrillTo.INVOICES,
            InvoiceStatusFilter.ALL,
            first.as_of - timedelta(days=first.period_days - 1),
            first.as_of,
            "the invoices issued in the period",
        )
    return Drill(DrillTo.INVOICES, InvoiceStatusFilter.OPEN, what="the open invoices")
