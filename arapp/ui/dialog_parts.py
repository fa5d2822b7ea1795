# SPDX-License-Identifier: MIT
"""Small parts the list dialogs share (late fees, payment plans): a table of a few rows, its text
items, and a button that never steals Enter.

These tables hold at most a few hundred rows (overdue invoices not yet charged, one customer's
open invoices, plans), so a ``QTableWidget`` sized to its contents is fine; the big lists of the
tabs use :mod:`arapp.ui.big_table` instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from arapp.i18n import _


def small_table(headers: tuple[str, ...] | list[str], name: str) -> QTableWidget:
    """A read-only table selecting whole rows, one at a time, columns sized to their contents.

    ``headers`` are the English texts marked with ``N_`` (module-level tuples): they are
    translated here, when the table is built (a text translated already stays as it is).
    """
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([_(header) for header in headers])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    # A few hundred rows at most (see the module doc): sizing to contents stays cheap.
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def text_item(text: str, right: bool = False) -> QTableWidgetItem:
    """A read-only cell showing ``text`` as typed (never as HTML); ``right`` for amounts."""
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def checkable_item(text: str, data_role: int, value: object, checked: bool) -> QTableWidgetItem:
    """A read-only cell with a tick box, carrying ``value`` under ``data_role``."""
    item = text_item(text)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(data_role, value)
    return item


def push_button(text: str, slot: Callable[[], None]) -> QPushButton:
    """A button that runs ``slot`` and never becomes the dialog's default (Enter)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button
