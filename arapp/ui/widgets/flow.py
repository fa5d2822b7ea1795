# SPDX-License-Identifier: MIT
"""A row of widgets that wraps onto a second line when the window is narrow.

A laptop window (1366 px wide, or half a screen) cannot hold the search box, the filters and
every button of a tab in one row; a ``QHBoxLayout`` then forces the whole window to be wider than
the screen. :class:`FlowLayout` places its items left to right and starts a new line when the
next one does not fit, so on a wide window nothing changes and on a narrow one nothing is cut
off. Items marked as stretching (``stretch`` > 0) share the spare width of their line, as in a
box layout.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Items in lines, left to right; a line ends where the next item would not fit.

    Attributes:
        spacing_px: The gap between items, across and between lines.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self.spacing_px = spacing
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []
        self._gap_before: list[int] = []

    # -- filling ------------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._stretch.append(0)
        self._gap_before.append(0)

    def add_widget(self, widget: QWidget, stretch: int = 0, gap_before: int = 0) -> None:
        """Add ``widget``; ``stretch`` > 0 lets it take spare width on its line; ``gap_before``
        is extra space before it when it is not the first on its line."""
        self.addChildWidget(widget)
        self._items.append(QWidgetItem(widget))
        self._stretch.append(stretch)
        self._gap_before.append(gap_before)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        if not 0 <= index < len(self._items):
            return None
        del self._stretch[index], self._gap_before[index]
        return self._items.pop(index)

    # -- geometry -----------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line."""
        items = self._shown()
        width = sum(self._hint(i).width() + self._gap_before[i] for i in items)
        width += self.spacing_px * max(0, len(items) - 1)
        height = max((self._hint(i).height() for i in items), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As wide as the widest item: everything else can go on another line."""
        size = QSize()
        for i in self._shown():
            size = size.expandedTo(self._items[i].minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _shown(self) -> list[int]:
        return [i for i, item in enumerate(self._items) if not item.isEmpty()]

    def _hint(self, index: int) -> QSize:
        item = self._items[index]
        return item.sizeHint().expandedTo(item.minimumSize())

    def _lines(self, width: int) -> list[list[int]]:
        lines: list[list[int]] = []
        used = 0
        for i in self._shown():
            need = self._hint(i).width()
            if lines and used + self.spacing_px + self._gap_before[i] + need <= width:
                lines[-1].append(i)
                used += self.spacing_px + self._gap_before[i] + need
            else:
                lines.append([i])
                used = need
        return lines

    def _lay_out(self, rect: QRect, move: bool) -> int:
        m: QMargins = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = area.y()
        for line in self._lines(area.width()):
            widths = [self._hint(i).width() for i in line]
            gaps = [self._gap_before[i] if n else 0 for n, i in enumerate(line)]
            spare = area.width() - sum(widths) - sum(gaps) - self.spacing_px * (len(line) - 1)
            stretch = [self._stretch[i] for i in line]
            if spare > 0 and sum(stretch):
                total = sum(stretch)
                widths = [w + spare * s // total for w, s in zip(widths, stretch, strict=True)]
            height = max(self._hint(i).height() for i in line)
            x = area.x()
            for n, i in enumerate(line):
                x += gaps[n]
                if move:
                    item = self._items[i]
                    policy = item.widget().sizePolicy() if item.widget() else None
                    fixed = policy is not None and policy.verticalPolicy() in (
                        QSizePolicy.Policy.Fixed,
                        QSizePolicy.Policy.Preferred,
                        QSizePolicy.Policy.Maximum,
                    )
                    h = self._hint(i).height() if fixed else height
                    top = y + (height - h) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(min(widths[n], area.width()), h)))
                x += widths[n] + self.spacing_px
            y += height + self.spacing_px
        return y - self.spacing_px - area.y() + m.top() + m.bottom() if y > area.y() else 0
