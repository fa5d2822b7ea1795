# SPDX-License-Identifier: MIT
"""The lines table of the invoice editor: cell editors and keyboard behaviour.

Typing on a cell starts editing it; Tab and Shift+Tab move cell by cell (skipping the computed
amount) and open the next cell's editor, so a line is entered without the mouse. The description
takes several lines: Enter finishes the cell, Shift+Enter starts a new line of text.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from arapp.i18n import _
from arapp.ui.invoices.lines import NUMBER_COLUMNS, LineColumn, LinesModel

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMN_WIDTHS = {
    LineColumn.QUANTITY: 64,
    LineColumn.UNIT: 64,
    LineColumn.UNIT_PRICE: 100,
    LineColumn.DISCOUNT: 70,
    LineColumn.TAX: 120,
    LineColumn.AMOUNT: 112,
}
DESCRIPTION_EDITOR_LINES = 3  # the description editor shows at least this many lines of text


class DescriptionDelegate(QStyledItemDelegate):
    """A multi-line editor: Enter commits, Shift+Enter adds a line, Tab moves on."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setObjectName("descriptionEditor")
        editor.setTabChangesFocus(True)
        editor.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QPlainTextEdit)
        editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QPlainTextEdit)
        model.setData(index, editor.toPlainText().strip("\n"), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = option.rect
        lines = DESCRIPTION_EDITOR_LINES
        rect.setHeight(max(rect.height(), editor.fontMetrics().lineSpacing() * lines + 10))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            and isinstance(editor, QWidget)
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(editor, event)


class NumberDelegate(QStyledItemDelegate):
    """A right-aligned line edit for numbers typed the company's way."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor


class TaxDelegate(QStyledItemDelegate):
    """A combo of the tax rates offered for new lines (plus the line's own, if retired)."""

    def __init__(self, model: LinesModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines = model

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("taxEditor")
        combo.addItem(_("No tax"), None)
        current = index.data(Qt.ItemDataRole.EditRole)
        for rate in self.lines.rates.values():
            if rate.active or rate.id == current:
                combo.addItem(rate.name, rate.id)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class LinesView(QTableView):
    """The editor's lines table (a handful of rows: rows may size to their text)."""

    def __init__(self, model: LinesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linesTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(
            triggers.NoEditTriggers
            if model.read_only
            else triggers.AnyKeyPressed
            | triggers.DoubleClicked
            | triggers.EditKeyPressed
            | triggers.SelectedClicked
        )
        self.setTabKeyNavigation(True)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        # A handful of rows: each may take the height of its (multi-line) description.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(LineColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.setItemDelegateForColumn(LineColumn.DESCRIPTION, DescriptionDelegate(self))
        for column in NUMBER_COLUMNS:
            self.setItemDelegateForColumn(column, NumberDelegate(self))
        self.setItemDelegateForColumn(LineColumn.TAX, TaxDelegate(model, self))

    def lines_model(self) -> LinesModel:
        model = self.model()
        assert isinstance(model, LinesModel)
        return model

    def edit_cell(self, row: int, column: LineColumn) -> None:
        """Make ``(row, column)`` current and open its editor."""
        index = self.model().index(row, column)
        self.setCurrentIndex(index)
        self.edit(index)

    def commit_open_editor(self) -> None:
        """Keep what is typed in a cell still being edited (Ctrl+S does not leave the cell)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
