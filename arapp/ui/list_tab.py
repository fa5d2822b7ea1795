# SPDX-License-Identifier: MIT
"""What the Invoices and Payments tabs share: actions shown as buttons in groups and in the
table's context menu, and a filtered list (:class:`FilteredListTab`): a filter bar over a paged
table that gives way to an explanation when nothing is shown, and the sums of what is shown,
computed on a worker, under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QMenu,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from arapp.services.context import AppContext
from arapp.ui.big_table import BigTableView
from arapp.ui.display import DisplaySource
from arapp.ui.filter_bar import FilterBar
from arapp.ui.forms import plain_label
from arapp.ui.list_model import ListTableModel
from arapp.ui.widgets.flow import FlowLayout
from arapp.ui.worker import run_in_background

GROUP_SPACING = 14  # between groups of buttons; 6 between the buttons of a group


def make_action(parent: QWidget, text: str, short: str, keys: tuple[str, ...] = ()) -> QAction:
    """An action for the widget ``parent`` and its children; ``short`` is its button's text."""
    action = QAction(text, parent)
    action.setIconText(short)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return action


def action_button(action: QAction, name: str | None = None) -> QPushButton:
    """A push button that follows the action's short text and enabled state, named ``name``
    (by default ``button_`` and its short text without spaces and dots)."""
    button = QPushButton(action.iconText())
    button.setObjectName(name or f"button_{action.iconText().replace(' ', '').replace('…', '')}")
    tip = action.text().replace("&", "")
    if not action.shortcut().isEmpty():
        tip += f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
    button.setToolTip(tip)
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    button.setEnabled(action.isEnabled())
    return button


def button_bar(groups: Sequence[Sequence[QPushButton]]) -> QWidget:
    """The buttons in a row, a gap between groups, the spare width on the right; on a narrow
    window the row wraps onto a second line instead of widening the window."""
    bar = QWidget()
    row = FlowLayout(bar, spacing=6)
    row.setContentsMargins(0, 0, 0, 0)
    for n, group in enumerate(groups):
        for k, button in enumerate(group):
            row.add_widget(button, gap_before=GROUP_SPACING if n and not k else 0)
    return bar


def show_menu(
    parent: QWidget, actions: Sequence[QAction], pos: QPoint, separate: Sequence[QAction] = ()
) -> None:
    """A context menu of ``actions`` at ``pos``, a separator before each of ``separate``."""
    menu = QMenu(parent)
    for action in actions:
        if action in separate:
            menu.addSeparator()
        menu.addAction(action)
    menu.exec(pos)


class FilteredListTab(QWidget):
    """A tab's filtered list. The subclass makes :attr:`filters`, :attr:`model` and
    :attr:`view`, then calls :meth:`make_list` and lays out :meth:`add_list`; it sets the class
    attributes below.

    Attributes:
        totals_of: The service that sums the rows of a filter, ``(ctx, filter)``; it runs on a
            worker (set it as a ``staticmethod``).
        noun: What the rows are, in the plural ("invoices"), for the empty state.
        nothing_yet: The empty state when no filter is set (there is nothing at all).
        header_key: The setting the table's columns are kept in.
        empty_label: What is said instead of the table when it is empty, or while a slow
            reload is read ("Loading…").
        table_stack: The table, or the empty label.
        totals_label: The sums of what the filters show.
        totals_op: The worker summing them (for tests).
        display: The window's display source; :attr:`locale` is read from it when the tab is
            built and on a company event.
    """

    totals_of: Callable[[AppContext, Any], Any]
    noun: str
    nothing_yet: str
    header_key: str
    filters: FilterBar
    model: ListTableModel[Any, Any]
    view: BigTableView

    def __init__(
        self, ctx: AppContext, display: DisplaySource, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.locale = display.current.locale
        self._pending_select: int | None = None
        self._totals_generation = 0
        self.totals_op = None

    # -- what subclasses provide --------------------------------------------------------------

    def totals_text(self, totals: Any) -> str:
        """The totals line for what :attr:`totals_of` returned."""
        raise NotImplementedError

    # -- the list -----------------------------------------------------------------------------

    def make_list(self, empty_name: str, totals_name: str) -> None:
        """The empty label, the stack of it and the table, and the totals line."""
        self.empty_label = plain_label(wrap=True)
        self.empty_label.setObjectName(empty_name)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setContentsMargins(24, 24, 24, 24)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.view)
        self.table_stack.addWidget(self.empty_label)
        self.totals_label = plain_label(selectable=True)
        self.totals_label.setObjectName(totals_name)
        self.model.loading_changed.connect(self._show_loading)

    def _show_loading(self, loading: bool) -> None:
        """A reload slower than a moment: say so instead of the rows of the old filter."""
        if not loading:
            self.update_empty()
            return
        self.empty_label.setText("Loading…")
        self.table_stack.setCurrentWidget(self.empty_label)

    def add_list(self, layout: QBoxLayout, bar: QWidget) -> None:
        """Filters, buttons, the table (taking the spare height) and the totals, downwards."""
        layout.setSpacing(8)
        layout.addWidget(self.filters)
        layout.addWidget(bar)
        layout.addWidget(self.table_stack, 1)
        layout.addWidget(self.totals_label)

    def run_filter(self) -> None:
        self.model.set_filter(self.filters.current())
        self.refresh_totals()

    def refresh_totals(self) -> None:
        """Sum what the filter shows on a worker (a million rows take a moment)."""
        self._totals_generation += 1
        generation, f, ctx = self._totals_generation, self.model.filter, self.ctx
        totals_of = self.totals_of
        self.totals_label.setText("Counting…")
        self.totals_op = run_in_background(
            self,
            lambda: totals_of(ctx, f),
            lambda totals: self._show_totals(generation, totals),
            lambda exc: self._show_totals(generation, None, exc),
        )

    def _show_totals(self, generation: int, totals: Any, exc: Exception | None = None) -> None:
        if generation != self._totals_generation:
            return  # the filter changed meanwhile; a newer sum is on its way
        if totals is None:
            self.totals_label.setText(f"Totals could not be computed: {exc}")
            return
        self.totals_label.setText(self.totals_text(totals))

    def update_empty(self) -> None:
        """The table if it has rows, else why not: the filters, or nothing there yet (or
        "Loading…" while a reload is on its way)."""
        if self.model.loading:
            self._show_loading(True)
            return
        if self.model.rowCount():
            self.table_stack.setCurrentWidget(self.view)
            return
        described = self.filters.describe()
        if described:
            text = f"No {self.noun} {described}.\n\nChange or clear the filters to see more."
        else:
            text = self.nothing_yet
        self.empty_label.setText(text)
        self.table_stack.setCurrentWidget(self.empty_label)

    # -- window state -------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(self.header_key, self.view.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value(self.header_key)
        if isinstance(header, QByteArray):
            self.view.horizontalHeader().restoreState(header)
