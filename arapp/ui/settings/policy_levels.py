# SPDX-License-Identifier: MIT
"""The levels of a reminder policy as an editable table: name, day, action, late fee.

A handful of rows (a ladder has five or so), so a plain :class:`QTableWidget` holds them, with
a spin box for the day and a combo box for the action. Each row also keeps its subject and
body, which the policy page edits below the table for the selected row.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from arapp.domain.languages import ENGLISH
from arapp.domain.reminders import PLACEHOLDERS, LevelText, ReminderLevel
from arapp.i18n import N_, _

ACTION_LABELS = ((N_("E-mail"), "email"), (N_("Agency flag"), "flag"))
#: Days a level may lie before or after the due date.
DAY_RANGE = (-365, 3650)
TextsRole = Qt.ItemDataRole.UserRole + 1
"""Role on a row's name item holding its ``(subject, body)``."""
NumberRole = Qt.ItemDataRole.UserRole + 2
"""Role on a row's name item holding its level number (kept: see ``policy_problems``)."""
LanguagesRole = Qt.ItemDataRole.UserRole + 3
"""Role on a row's name item holding its ``{language: (subject, body)}`` in other languages."""


class LevelColumn(IntEnum):
    NAME = 0
    DAY = 1
    ACTION = 2
    LATE_FEE = 3


# Translated where shown.
HEADERS = {
    LevelColumn.NAME: N_("Level"),
    LevelColumn.DAY: N_("Days from due"),
    LevelColumn.ACTION: N_("Action"),
    LevelColumn.LATE_FEE: N_("Late fee"),
}
TOOLTIPS = {
    LevelColumn.NAME: N_("The level's name, for you (customers read the subject and the text)"),
    LevelColumn.DAY: N_("Days after the due date the level is due (negative: before it)"),
    LevelColumn.ACTION: N_(
        "Send an e-mail (a letter to customers without an address), or mark "
        "the customer for the collections agency"
    ),
    LevelColumn.LATE_FEE: N_("The message announces the late fee"),
}


class LevelTable(QTableWidget):
    """The rows of a ladder, lowest level first.

    Attributes:
        changed: ``Signal()``: a name, day, action or late fee changed, or rows came or went.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(LevelColumn), parent)
        self.setObjectName("levelTable")
        self.setHorizontalHeaderLabels([_(HEADERS[c]) for c in LevelColumn])
        for column in LevelColumn:
            header = self.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(_(TOOLTIPS[column]))
        head = self.horizontalHeader()
        head.setSectionResizeMode(LevelColumn.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (LevelColumn.DAY, LevelColumn.ACTION, LevelColumn.LATE_FEE):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemChanged.connect(lambda _item: self.changed.emit())
        # As tall as its rows (a ladder has a handful), leaving the rest to the text below.
        self.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    def set_levels(self, levels: tuple[ReminderLevel, ...] | list[ReminderLevel]) -> None:
        """Show ``levels`` (without emitting :attr:`changed`)."""
        self.blockSignals(True)
        try:
            self.setRowCount(0)
            for level in levels:
                self._append(level)
        finally:
            self.blockSignals(False)
        if levels:
            self.selectRow(0)

    def add_level(self, level: ReminderLevel) -> None:
        self._append(level)
        self.selectRow(self.rowCount() - 1)
        self.changed.emit()

    def remove_row(self, row: int) -> None:
        self.removeRow(row)
        self.changed.emit()

    def _append(self, level: ReminderLevel) -> None:
        row = self.rowCount()
        self.blockSignals(True)
        try:
            self.insertRow(row)
            name = QTableWidgetItem(level.name)
            name.setData(TextsRole, (level.subject, level.body))
            name.setData(LanguagesRole, {t.language: (t.subject, t.body) for t in level.texts})
            name.setData(NumberRole, level.level)
            self.setItem(row, LevelColumn.NAME, name)
            self.setVerticalHeaderItem(row, QTableWidgetItem(str(level.level)))
            day = QSpinBox()
            day.setRange(*DAY_RANGE)
            day.setValue(level.offset_days)
            day.setToolTip(_(TOOLTIPS[LevelColumn.DAY]))
            day.valueChanged.connect(lambda _v: self.changed.emit())
            self.setCellWidget(row, LevelColumn.DAY, day)
            action = QComboBox()
            for label, code in ACTION_LABELS:
                action.addItem(_(label), code)
            action.setCurrentIndex(max(action.findData(level.action), 0))
            action.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.setCellWidget(row, LevelColumn.ACTION, action)
            fee = QTableWidgetItem("")
            fee.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                         | Qt.ItemFlag.ItemIsSelectable)  # fmt: skip
            fee.setCheckState(Qt.CheckState.Checked if level.late_fee else Qt.CheckState.Unchecked)
            fee.setToolTip(_(TOOLTIPS[LevelColumn.LATE_FEE]))
            self.setItem(row, LevelColumn.LATE_FEE, fee)
        finally:
            self.blockSignals(False)

    def current(self) -> int:
        """The selected row, or -1."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].row() if rows else -1

    def day_box(self, row: int) -> QSpinBox:
        widget = self.cellWidget(row, LevelColumn.DAY)
        assert isinstance(widget, QSpinBox)
        return widget

    def action_box(self, row: int) -> QComboBox:
        widget = self.cellWidget(row, LevelColumn.ACTION)
        assert isinstance(widget, QComboBox)
        return widget

    def texts(self, row: int, language: str = ENGLISH) -> tuple[str, str]:
        """The subject and body of ``row`` in ``language`` (empty: none of its own)."""
        item = self.item(row, LevelColumn.NAME)
        if language != ENGLISH:
            others = item.data(LanguagesRole) if item is not None else None
            return dict(others or {}).get(language, ("", ""))
        value = item.data(TextsRole) if item is not None else None
        return value if isinstance(value, tuple) else ("", "")

    def set_texts(self, row: int, subject: str, body: str, language: str = ENGLISH) -> None:
        """Keep the subject and body of ``row`` in ``language`` (without emitting
        :attr:`changed`); both empty: the language has no text of its own."""
        item = self.item(row, LevelColumn.NAME)
        if item is not None:
            self.blockSignals(True)
            try:
                if language == ENGLISH:
                    item.setData(TextsRole, (subject, body))
                else:
                    others = dict(item.data(LanguagesRole) or {})
                    others[language] = (subject, body)
                    item.setData(LanguagesRole, others)
            finally:
                self.blockSignals(False)

    def other_texts(self, row: int) -> tuple[LevelText, ...]:
        """The texts of ``row`` in other languages, those with a subject or body."""
        item = self.item(row, LevelColumn.NAME)
        others = dict(item.data(LanguagesRole) or {}) if item is not None else {}
        return tuple(
            LevelText(language, subject, body)
            for language, (subject, body) in sorted(others.items())
            if subject.strip() or body.strip()
        )

    def number(self, row: int) -> int:
        item = self.item(row, LevelColumn.NAME)
        value = item.data(NumberRole) if item is not None else None
        return int(value) if value is not None else row + 1

    def level(self, row: int) -> ReminderLevel:
        """Row ``row`` as the level it stands for."""
        name = self.item(row, LevelColumn.NAME)
        fee = self.item(row, LevelColumn.LATE_FEE)
        subject, body = self.texts(row)
        return ReminderLevel(
            self.number(row),
            name.text() if name is not None else "",
            self.day_box(row).value(),
            subject,
            body,
            str(self.action_box(row).currentData()),
            fee is not None and fee.checkState() == Qt.CheckState.Checked,
            self.other_texts(row),
        )

    def levels(self) -> list[ReminderLevel]:
        return [self.level(row) for row in range(self.rowCount())]


def placeholder_box() -> QComboBox:
    """ "Insert a placeholder…": each of :data:`PLACEHOLDERS` with what it stands for."""
    box = QComboBox()
    box.setObjectName("placeholders")
    box.addItem(_("Insert a placeholder…"), "")
    for key, meaning in PLACEHOLDERS.items():
        box.addItem(f"${key}: {meaning}", key)  # the meanings: arapp.domain's, in English
    # The items explain each placeholder at length; the closed box needs not be that wide.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(22)
    return box
