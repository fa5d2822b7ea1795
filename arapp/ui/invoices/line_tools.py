# SPDX-License-Identifier: MIT
"""The buttons above the editor's lines: add a line (blank or from the catalog), remove the
current one, move it up or down."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.ui.invoices.catalog_box import CatalogBox
from arapp.ui.invoices.line_view import LinesView
from arapp.ui.invoices.lines import LineColumn, LineState


class LineTools(QWidget):
    """Acts on ``view``'s lines model and its current line.

    Attributes:
        catalog: The product search box.
    """

    def __init__(
        self,
        ctx: AppContext,
        view: LinesView,
        locale: str,
        currency: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.lines = view.lines_model()
        self.add_button = QPushButton(_("&Add line"))
        self.add_button.clicked.connect(self.add_line)
        self.catalog = CatalogBox(ctx, locale, currency)
        self.catalog.chosen.connect(self.add_product)
        self.remove_button = QPushButton(_("&Remove line"))
        self.remove_button.clicked.connect(self.remove_line)
        self.up_button = QPushButton(_("Move up"))
        self.up_button.clicked.connect(lambda: self.move_line(-1))
        self.down_button = QPushButton(_("Move down"))
        self.down_button.clicked.connect(lambda: self.move_line(1))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.add_button)
        row.addWidget(self.catalog, 1)
        row.addSpacing(12)
        for button in (self.remove_button, self.up_button, self.down_button):
            row.addWidget(button)
        view.selectionModel().currentChanged.connect(lambda *_: self.update_buttons())
        self.lines.rowsInserted.connect(lambda *_: self.update_buttons())
        self.lines.rowsRemoved.connect(lambda *_: self.update_buttons())
        self.update_buttons()

    def add_line(self) -> None:
        """A new line before the blank one, its description open for typing."""
        row = self.lines.add_line()
        self.view.edit_cell(row, LineColumn.DESCRIPTION)

    def add_product(self, line: LineState) -> None:
        self.lines.add_line(line)
        self.view.setFocus()

    def remove_line(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.lines.remove_line(index.row())
        self.update_buttons()

    def move_line(self, delta: int) -> None:
        """Move the current line up (-1) or down (+1); it stays current."""
        index = self.view.currentIndex()
        if index.isValid():
            row = self.lines.move_line(index.row(), delta)
            self.view.setCurrentIndex(self.lines.index(row, index.column()))
        self.update_buttons()

    def update_buttons(self) -> None:
        index = self.view.currentIndex()
        real = len(self.lines.lines) - 1  # the last line is the blank one
        row = index.row() if index.isValid() else -1
        self.remove_button.setEnabled(0 <= row < real)
        self.up_button.setEnabled(0 < row < real)
        self.down_button.setEnabled(0 <= row < real - 1)
