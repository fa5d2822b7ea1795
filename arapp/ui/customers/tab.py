# SPDX-License-Identifier: MIT
"""The Customers tab: search, status filter, the customer table and the detail pane."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.customer import CustomerStatus
from arapp.domain.segments import Segment
from arapp.formatting import format_date
from arapp.services.context import AppContext
from arapp.services.customer_list import CustomerRow, StatusFilter
from arapp.services.customers import get_customer, set_status
from arapp.services.errors import ServiceError
from arapp.services.events import Entity, Event
from arapp.services.segments import segments_as_of
from arapp.ui.bridge import EventBridge
from arapp.ui.customers.detail import CustomerDetailPane
from arapp.ui.customers.dialog import CustomerDialog
from arapp.ui.customers.model import Column, CustomerTableModel
from arapp.ui.customers.view import CustomerTableView
from arapp.ui.display import DisplaySource
from arapp.ui.forms import plain_label
from arapp.ui.prompts import ask_reason, inform
from arapp.ui.segments import chosen_segment, segment_combo, segment_label
from arapp.ui.widgets.flow import FlowLayout

STATUS_CHOICES = (
    ("Current (active + on hold)", StatusFilter.CURRENT),
    ("Active", StatusFilter.ACTIVE),
    ("On credit hold", StatusFilter.CREDIT_HOLD),
    ("Archived", StatusFilter.ARCHIVED),
    ("All", StatusFilter.ALL),
    ("Address to check", StatusFilter.ADDRESS_CHECK),
)


def _action(parent: QWidget, text: str, short: str, keys: tuple[str, ...] = ()) -> QAction:
    action = QAction(text, parent)
    action.setIconText(short)
    action.setShortcuts([QKeySequence(k) for k in keys])
    return action


def _button(action: QAction) -> QPushButton:
    """A push button that follows the action's short text and enabled state."""
    button = QPushButton(action.iconText())
    button.setToolTip(action.text().replace("&", "").rstrip("…"))
    button.clicked.connect(action.trigger)

    def sync() -> None:
        button.setText(action.iconText())
        button.setEnabled(action.isEnabled())

    action.changed.connect(sync)
    sync()
    return button


class CustomersTab(QWidget):
    """Everything about customers; its actions also appear in the window's menus.

    Attributes:
        new_action, edit_action, hold_action, archive_action: Act on the selected customer.
        new_invoice_action: A new invoice for the selected customer.
        record_payment_action: Record a payment from the selected customer.
        plan_action: Agree a payment plan with the selected customer.
        shown_changed: ``Signal(int)``, the number of customers shown changed.
        selection_changed: ``Signal()``, another customer was selected.
        new_invoice_requested: ``Signal(int)``, a new invoice for this customer id, please
            (the window opens the invoice editor).
        record_payment_requested: ``Signal(int)``, record a payment from this customer id
            (the window opens the payment dialog).
        display: The window's display source: the locale of the table and the pane, and the
            display the customer dialog takes.
    """

    shown_changed = Signal(int)
    selection_changed = Signal()
    new_invoice_requested = Signal(int)
    record_payment_requested = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        display: DisplaySource,
        bridge: EventBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        locale = display.current.locale
        self._pending_select: int | None = None
        self._reveal: int | None = None  # to select once the search still loading is read
        self._held = False  # the search fields are being set together: search once after
        self._segments_day: date | None = None  # the day the kept segments are of
        self._segments_pending = False  # worked out again while a search was on its way

        self._build_actions()
        bar = self._build_bar()
        left = self._build_table(locale)

        self.detail = CustomerDetailPane(ctx, display)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([755, 445])  # room for the pane's five tabs

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(bar)
        layout.addWidget(self.splitter, 1)

        self.model.modelReset.connect(self._after_reset)
        self.model.refreshed.connect(self._after_refresh)
        self.model.loading_changed.connect(lambda _loading: self._update_shown())
        self.model.rowsInserted.connect(lambda *_: self._update_shown())
        self.model.rowsRemoved.connect(lambda *_: self._update_shown())
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        # Turning sorting on sorts by the indicator: this runs the first query.
        self.view.setSortingEnabled(True)
        self._update_actions()
        if bridge is not None:
            bridge.changed.connect(self.on_event)

    def _build_actions(self) -> None:
        """The tab's actions: its buttons and the table's context menu."""
        self.new_action = _action(self, "&New customer…", "New", ("Ctrl+N",))
        self.edit_action = _action(self, "&Edit customer…", "Edit", ("F2",))
        self.hold_action = _action(self, "Put on credit &hold…", "Hold")
        self.archive_action = _action(self, "&Archive…", "Archive")
        self.new_action.triggered.connect(self.new_customer)
        self.edit_action.triggered.connect(self.edit_selected)
        self.hold_action.triggered.connect(self.toggle_hold)
        self.archive_action.triggered.connect(self.archive_selected)
        self.addActions([self.new_action, self.edit_action, self.hold_action, self.archive_action])
        self.new_invoice_action = _action(self, "New &invoice for this customer…", "Invoice")
        self.new_invoice_action.triggered.connect(self._new_invoice)
        self.addAction(self.new_invoice_action)
        self.record_payment_action = _action(self, "Record &payment…", "Payment…")
        self.record_payment_action.triggered.connect(self._record_payment)
        self.addAction(self.record_payment_action)
        self.plan_action = _action(self, "Payment p&lan…", "Plan…")
        self.plan_action.triggered.connect(lambda: self.detail.new_plan())
        self.addAction(self.plan_action)

    def _build_bar(self) -> QWidget:
        """The search field, the status filter and the buttons, searching as one types."""
        self.search_box = QLineEdit()
        self.search_box.setObjectName("customerSearch")
        self.search_box.setPlaceholderText("Search name, code, e-mail…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(280)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        for text, value in STATUS_CHOICES:
            self.status_filter.addItem(text, value)
        # Every keystroke searches at once: the search index answers a page and a count in a
        # few milliseconds, so no pause in typing is waited for.
        self.search_box.textChanged.connect(lambda _text: self.run_search())
        self.search_box.returnPressed.connect(self.run_search)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.run_search())
        self.segment_filter = segment_combo("segmentFilter")
        self.segment_filter.currentIndexChanged.connect(lambda _i: self._segment_chosen())

        bar = QWidget()  # one row on a wide window, two on a laptop's
        row = FlowLayout(bar, spacing=8)
        row.setContentsMargins(0, 0, 0, 0)
        row.add_widget(self.search_box, 1)
        row.add_widget(self.status_filter)
        row.add_widget(self.segment_filter)
        actions = (self.new_action, self.edit_action, self.hold_action, self.archive_action)
        for n, action in enumerate(
            (*actions, self.new_invoice_action, self.record_payment_action, self.plan_action)
        ):
            row.add_widget(_button(action), gap_before=0 if n else 12)
        return bar

    def _build_table(self, locale: str) -> QWidget:
        """The customer table, its empty state and the count shown under it."""
        self.model = CustomerTableModel(self.ctx, locale, self)
        self.view = CustomerTableView(self.model)
        self.view.open_requested.connect(self.edit_action.trigger)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.addActions(self.actions()[1:])  # all but New: they act on the selected one
        self.empty_label = plain_label(wrap=True)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setContentsMargins(24, 24, 24, 24)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.view)
        self.table_stack.addWidget(self.empty_label)
        self.shown_label = plain_label()
        self.shown_label.setObjectName("shownCount")

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(6)
        left_column.addWidget(self.table_stack, 1)
        left_column.addWidget(self.shown_label)
        return left

    # -- searching ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def status(self) -> StatusFilter:
        return StatusFilter(self.status_filter.currentData())

    def set_status_filter(self, status: StatusFilter) -> None:
        self.status_filter.setCurrentIndex(self.status_filter.findData(status))

    def segment(self) -> Segment | None:
        return chosen_segment(self.segment_filter)

    def set_segment_filter(self, segment: Segment | None) -> None:
        self.segment_filter.setCurrentIndex(self.segment_filter.findData(segment))

    def _segment_chosen(self) -> None:
        if self.segment() is not None:
            self._segments_day = segments_as_of(self.ctx)  # one small query, for the note
        self.run_search()

    def run_search(self) -> None:
        """Show the search box's text, the status and segment filters (the latest request is the
        one shown).

        The selected customer stays selected when it still matches (see :meth:`_after_reset`).
        """
        if self._held:
            return
        self.model.search(self.search_box.text(), self.status(), self.segment())

    def _segments_changed(self) -> None:
        """Read the rows again for their segments; after the search on its way, if one is (it
        reads the kept segments anyway, and its selection must not be lost under it)."""
        if self.model.loading:
            self._segments_pending = True
            return
        self._segments_pending = False
        self.model.refresh_amounts()
        if self.detail.customer_id is not None:
            self.detail.reload()
        self._update_shown()

    def _after_reset(self) -> None:
        if self._segments_pending:
            self._segments_pending = False
            QTimer.singleShot(0, self._segments_changed)
        selected = self.detail.customer_id
        if self._reveal is not None:
            selected, self._reveal = self._reveal, None
        if selected is None or not self.select_customer(selected):
            self.model.wanted = None
            self.detail.show_customer(None)
            self._update_actions()
        self._update_shown()

    def _after_refresh(self) -> None:
        """A change was applied to the rows: select the customer just made, if waited for."""
        if self._pending_select is not None:
            self.select_customer(self._pending_select)
            self._pending_select = None
        self._update_actions()

    def _update_shown(self) -> None:
        if self.model.loading:  # a search or sort slower than a moment (100,000 customers)
            self.shown_label.setText("Loading…")
            self.empty_label.setText("Loading…")
            self.table_stack.setCurrentWidget(self.empty_label)
            return
        count = self.model.rowCount()
        shown = f"{count:,} customer{'' if count == 1 else 's'} shown"
        self.shown_label.setText(shown + self._segments_note())
        if count:
            self.table_stack.setCurrentWidget(self.view)
        else:
            self.empty_label.setText(self._empty_text())
            self.table_stack.setCurrentWidget(self.empty_label)
        self.shown_changed.emit(count)

    def _segments_note(self) -> str:
        """What a segment filter lists by: the segments as worked out on a day."""
        if self.segment() is None:
            return ""
        day = self._segments_day
        if day is None:
            return " · segments not worked out yet (they are being worked out)"
        if day == self.ctx.today():
            return " · segments as of today"
        return f" · segments as of {format_date(day, self.display.current.locale)}"

    def _empty_text(self) -> str:
        text = self.search_box.text().strip()
        status = self.status_filter.currentText()
        segment = self.segment()
        if segment is not None:
            status = f"{status}, segment “{segment_label(segment)}”"
        if text:
            return (
                f"No customer matches “{text}” in {status}.\n\n"
                "Check the spelling, clear the search, or choose All to include archived ones."
            )
        if segment is None and self.status() in (StatusFilter.CURRENT, StatusFilter.ALL):
            return "No customers yet.\n\nPress New (Ctrl+N) to add the first one."
        return f"No customers in {status}."

    # -- selection ----------------------------------------------------------------------------

    def select_customer(self, customer_id: int) -> bool:
        """Select and show a customer if it is in the table (anywhere in it: the model reads
        the rows where it is); False when it is not."""
        row = self.model.find_row(customer_id)
        if row is None:
            return False
        index = self.model.index(row, Column.NAME)
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)
        return True

    def reveal(self, customer_id: int) -> bool:
        """Select a customer, clearing the search and showing every status if it is hidden."""
        if self.select_customer(customer_id):
            return True
        # Read with the search, on its thread, wherever it is (see _after_reset).
        self._reveal = self.model.wanted = customer_id
        self._held = True  # one search below, not one per field
        try:
            self.search_box.clear()
            self.set_status_filter(StatusFilter.ALL)
            self.set_segment_filter(None)
        finally:
            self._held = False
        self.run_search()
        return self.model.loading or self.selected_id() == customer_id

    def selected_id(self) -> int | None:
        return self.detail.customer_id

    def selected_row(self) -> CustomerRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        customer_id = self.model.customer_id(current.row()) if current.isValid() else None
        self.model.wanted = customer_id  # found with each search or sort, wherever it is
        self.detail.show_customer(customer_id)
        self._update_actions()
        self.selection_changed.emit()

    def _update_actions(self) -> None:
        row = self.selected_row()
        status = row.status if row is not None else None
        on_hold = status is CustomerStatus.CREDIT_HOLD
        archived = status is CustomerStatus.ARCHIVED
        self.edit_action.setEnabled(row is not None)
        self.hold_action.setEnabled(row is not None and not archived)
        self.hold_action.setText("&Release from credit hold" if on_hold else "Put on credit &hold…")
        self.hold_action.setIconText("Release" if on_hold else "Hold")
        self.archive_action.setEnabled(row is not None)
        self.new_invoice_action.setEnabled(row is not None and not archived)
        self.record_payment_action.setEnabled(row is not None)
        self.plan_action.setEnabled(row is not None)
        self.archive_action.setText("&Restore from archive" if archived else "&Archive…")
        self.archive_action.setIconText("Restore" if archived else "Archive")

    # -- events -------------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if event.entity is Entity.COMPANY:  # profile changed, or the books were replaced
            self.model.locale = self.detail.locale = self.display.current.locale
            self.run_search()
            return
        if event.entity is Entity.SEGMENT:  # worked out again: the column, the filter, the pane
            self._segments_day = segments_as_of(self.ctx)
            self._segments_changed()
            return
        if event.entity in (Entity.INVOICE, Entity.PAYMENT):  # credit notes are invoices
            self.model.refresh_amounts()
            if self.detail.customer_id is not None:
                self.detail.reload()
            return
        if event.entity in (Entity.PAYMENT_PLAN, Entity.REMINDER_POLICY):
            if self.detail.customer_id is not None:  # the Plans and Collections tabs follow
                self.detail.reload()
            return
        if event.entity is not Entity.CUSTOMER:
            return
        self.model.refresh_ids(set(event.ids))  # read on a thread: see _after_refresh
        if self.detail.customer_id in event.ids:
            self.detail.reload()
        self._update_actions()

    # -- actions ------------------------------------------------------------------------------

    def new_customer(self) -> None:
        dialog = CustomerDialog(self.ctx, self.display.current, parent=self)
        if (
            dialog.exec()
            and dialog.record is not None
            and not self.select_customer(dialog.record.id)
        ):
            self._pending_select = dialog.record.id  # selected once its event has arrived

    def edit_selected(self) -> None:
        customer_id = self.selected_id()
        if customer_id is None:
            return
        try:
            record = get_customer(self.ctx, customer_id).customer
        except ServiceError as exc:
            inform(self, "Edit customer", str(exc), warning=True)
            return
        CustomerDialog(self.ctx, self.display.current, record, parent=self).exec()

    def _new_invoice(self) -> None:
        customer_id = self.selected_id()
        if customer_id is not None:
            self.new_invoice_requested.emit(customer_id)

    def _record_payment(self) -> None:
        customer_id = self.selected_id()
        if customer_id is not None:
            self.record_payment_requested.emit(customer_id)

    def toggle_hold(self) -> None:
        row = self.selected_row()
        if row is None or row.status is CustomerStatus.ARCHIVED:
            return
        if row.status is CustomerStatus.CREDIT_HOLD:
            self._set_status(row, CustomerStatus.ACTIVE, "released")
            return
        reason = ask_reason(
            self,
            "Put on credit hold",
            f"Put {row.name} on credit hold?\n\nThey stay in the list, marked, and new invoices "
            "wait until you release them. Why (kept in the history)?",
            "Put on hold",
        )
        if reason is not None:
            self._set_status(row, CustomerStatus.CREDIT_HOLD, reason)

    def archive_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.status is CustomerStatus.ARCHIVED:
            self._set_status(row, CustomerStatus.ACTIVE, "restored")
            return
        reason = ask_reason(
            self,
            "Archive customer",
            f"Archive {row.name}?\n\nThey leave the Current list; their invoices, payments and "
            "history are kept, and you can restore them from Archived. Why (kept in the history)?",
            "Archive",
        )
        if reason is not None:
            self._set_status(row, CustomerStatus.ARCHIVED, reason)

    def _set_status(self, row: CustomerRow, status: CustomerStatus, reason: str) -> None:
        try:
            set_status(self.ctx, row.id, status, reason)
        except ServiceError as exc:
            inform(self, "Customer status", str(exc), warning=True)

    # -- window state -------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("customers/splitter", self.splitter.saveState())
        settings.setValue("customers/header", self.view.horizontalHeader().saveState())
        settings.setValue("customers/status", self.status().value)

    def _restore_header(self, state: QByteArray) -> None:
        """Widths, order and sort indicator; the list is read again only if the sort changed
        (the first query already ran: on big books a second one was a second wait at start)."""
        header = self.view.horizontalHeader()
        blocked = header.blockSignals(True)
        try:
            header.restoreState(state)
        finally:
            header.blockSignals(blocked)
        section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        descending = order == Qt.SortOrder.DescendingOrder
        if 0 <= section < self.model.columnCount() and (
            self.model.columns(section) != self.model.sort_column
            or descending != self.model.descending
        ):
            self.model.sort(section, order)

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("customers/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = settings.value("customers/header")
        if isinstance(header, QByteArray):
            self._restore_header(header)
        status = settings.value("customers/status")
        if status in {s.value for s in StatusFilter}:
            self.set_status_filter(StatusFilter(status))
