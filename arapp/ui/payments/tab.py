# SPDX-License-Identifier: MIT
"""The Payments tab: every payment received, the customers holding credit, and (later) bank
statements.

The "Payments" page filters, searches and sorts the payments in SQL (a paged model), sums what
is shown on a worker, and offers the actions on the selected payment. "Unapplied credits"
lists the customers with credit. "Bank statements" is the place kept for matching statement
lines to payments: until that screen exists it says so (:meth:`PaymentsTab.set_bank_page`
puts the real one in). The commands live in :mod:`arapp.ui.payments.commands`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QPoint, QSettings, Qt, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from arapp.formatting import format_money
from arapp.i18n import N_, _, ngettext
from arapp.services.context import AppContext
from arapp.services.customers import get_customer
from arapp.services.events import Change, Entity, Event
from arapp.services.payment_list import (
    PaymentRow,
    PaymentStatusFilter,
    PaymentTotals,
    payment_totals,
)
from arapp.ui.bridge import EventBridge
from arapp.ui.display import DisplaySource, refreshes_display
from arapp.ui.list_tab import FilteredListTab, action_button, button_bar, make_action, show_menu
from arapp.ui.payments.commands import PaymentCommands
from arapp.ui.payments.credits import CreditsPage
from arapp.ui.payments.filters import PaymentFilterBar
from arapp.ui.payments.model import Column, PaymentTableModel
from arapp.ui.payments.view import PaymentTableView
from arapp.ui.placeholder import PlaceholderTab

BANK_TEXT = N_(
    "Bank statements will be matched to payments here: import a statement, confirm the matches "
    "suggested for each line, and the payments are recorded. This screen is being built; "
    "nothing here is faked."
)
PAYMENTS_PAGE, CREDITS_PAGE, BANK_PAGE = 0, 1, 2


class PaymentsTab(FilteredListTab):
    """Money in. Record payment… is also File ▸ Record payment… (Ctrl+R from any tab).

    Attributes:
        record_action, reverse_action, apply_action, refund_action, customer_action,
        invoices_action: The payment actions (the last two ask the window to show the
            customer or the invoices paid).
        credit_payments_action, credit_refund_action, credit_record_action,
        credit_customer_action: The actions of the "Unapplied credits" page.
        pages: The sub-tabs: payments, unapplied credits, bank statements.
        totals_label: "12 payments · received … · credit left …" for what the filters show.
        customer_requested: ``Signal(int)``, show this customer, please.
        invoices_requested: ``Signal(int, list)``, show these invoices of this customer.
    """

    customer_requested = Signal(int)
    invoices_requested = Signal(int, list)

    totals_of = staticmethod(payment_totals)
    header_key = "payments/header"

    def __init__(
        self,
        ctx: AppContext,
        display: DisplaySource,
        bridge: EventBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, display, parent)
        # Translators: the rows of the Payments tab, in "No payments matching “x” …".
        self.noun = _("payments")
        self.nothing_yet = _(
            "No payments yet.\n\nPress Record payment… (Ctrl+R) when money comes in."
        )
        self.commands = PaymentCommands(self, self, ctx, display)

        self.record_action = make_action(
            self, _("Record &payment…"), _("Record payment…"), ("Ctrl+R",)
        )
        self.record_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # any tab
        self.reverse_action = make_action(self, _("Re&verse payment…"), _("Reverse…"))
        self.apply_action = make_action(self, _("&Apply credit…"), _("Apply credit…"))
        self.refund_action = make_action(self, _("Re&fund credit…"), _("Refund credit…"))
        self.customer_action = make_action(self, _("Show &customer"), _("Customer"))
        self.invoices_action = make_action(self, _("Show &invoices paid"), _("Invoices paid"))
        self.payment_actions = [
            self.record_action,
            self.reverse_action,
            self.apply_action,
            self.refund_action,
            self.customer_action,
            self.invoices_action,
        ]
        self.addActions(self.payment_actions)
        self.record_action.triggered.connect(lambda: self.commands.record_payment())
        self.reverse_action.triggered.connect(self.commands.reverse_selected)
        self.apply_action.triggered.connect(self.commands.apply_selected)
        self.refund_action.triggered.connect(self._refund_selected)
        self.customer_action.triggered.connect(self._show_customer)
        self.invoices_action.triggered.connect(self.commands.show_invoices_selected)

        self.credit_payments_action = make_action(
            self, _("Show their &payments"), _("Show payments")
        )
        self.credit_refund_action = make_action(self, _("Re&fund credit…"), _("Refund credit…"))
        self.credit_record_action = make_action(self, _("Record payment…"), _("Record payment…"))
        self.credit_customer_action = make_action(self, _("Show &customer"), _("Customer"))
        self.credit_payments_action.triggered.connect(self._show_credit_payments)
        self.credit_refund_action.triggered.connect(self._refund_credit_row)
        self.credit_record_action.triggered.connect(self._record_for_credit_row)
        self.credit_customer_action.triggered.connect(self._show_credit_customer)

        self.pages = QTabWidget()
        self.pages.setObjectName("paymentPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self._payments_page(), _("Payments"))
        self.credits = CreditsPage(ctx, self.locale)
        for action, name in (
            (self.credit_payments_action, "creditShowPayments"),
            (self.credit_refund_action, "creditRefund"),
            (self.credit_record_action, "creditRecord"),
            (self.credit_customer_action, "creditCustomer"),
        ):
            self.credits.buttons.addWidget(action_button(action, name))
        self.credits.view.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions()
        )
        self.credits.view.open_requested.connect(self.credit_payments_action.trigger)
        self.pages.addTab(self.credits, _("Unapplied credits"))
        self.bank_page: QWidget = PlaceholderTab(_("Bank statements"), _(BANK_TEXT))
        self.pages.addTab(self.bank_page, _("Bank statements"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.pages)

        self.filters.changed.connect(self.run_filter)
        self.model.modelReset.connect(self._after_change)
        self.model.refreshed.connect(self._select_pending)  # a refresh read on a thread
        self.model.rowsInserted.connect(lambda *_: self._after_change())
        self.model.rowsRemoved.connect(lambda *_: self._after_change())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        # Turning sorting on sorts by the indicator: this runs the first query.
        self.model.filter = self.filters.current()
        self.view.setSortingEnabled(True)
        self.credits.reload()
        self.refresh_totals()
        self.update_actions()
        if bridge is not None:
            bridge.changed.connect(self.on_event)

    def _payments_page(self) -> QWidget:
        self.filters = PaymentFilterBar(self.ctx)
        groups = (
            ((self.record_action, "recordButton"),),
            ((self.reverse_action, "reverseButton"),),
            ((self.apply_action, "applyButton"), (self.refund_action, "refundButton")),
            ((self.customer_action, "customerButton"), (self.invoices_action, "invoicesButton")),
        )
        bar = button_bar([[action_button(a, name) for a, name in group] for group in groups])
        self.model = PaymentTableModel(self.ctx, self.locale, self)
        self.view = PaymentTableView(self.model)
        self.view.open_requested.connect(self.invoices_action.trigger)
        self.view.menu_requested.connect(self._context_menu)
        self.make_list("paymentsEmpty", "paymentTotals")
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 0)
        self.add_list(column, bar)
        return page

    def set_bank_page(self, page: QWidget) -> None:
        """Put the bank-statement screen where its placeholder is."""
        current = self.pages.currentIndex()
        self.pages.removeTab(BANK_PAGE)
        self.bank_page.deleteLater()
        self.bank_page = page
        self.pages.insertTab(BANK_PAGE, page, _("Bank statements"))
        self.pages.setCurrentIndex(current)

    # -- filtering ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.pages.currentIndex() == CREDITS_PAGE:
            box = self.credits.search_box
        else:
            self.pages.setCurrentIndex(PAYMENTS_PAGE)
            box = self.filters.search_box
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()

    def totals_text(self, totals: PaymentTotals) -> str:
        return totals_text(totals, self.locale)

    def _select_pending(self) -> None:
        if self._pending_select is not None and self.select_payment(self._pending_select):
            self._pending_select = None

    def _after_change(self) -> None:
        self.update_empty()
        self.update_actions()

    # -- selection ----------------------------------------------------------------------------

    def selected_row(self) -> PaymentRow | None:
        row = self.view.current_row()
        found = self.model.rows([row]) if row is not None else []
        return found[0] if found else None

    def select_payment(self, payment_id: int) -> bool:
        row = self.model.row_of(payment_id)
        if row is None:
            return False
        flags = QItemSelectionModel.SelectionFlag
        index = self.model.index(row, Column.AMOUNT)
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)
        return True

    def select_soon(self, payment_id: int) -> None:
        """Select ``payment_id`` now if it is shown, else once its event has arrived."""
        if not self.select_payment(payment_id):
            self._pending_select = payment_id

    def update_actions(self) -> None:
        """Enable each action for a selection it applies to (the services have the last word)."""
        row = self.selected_row()
        recorded = row is not None and row.status == "recorded"
        self.reverse_action.setEnabled(recorded)
        self.apply_action.setEnabled(recorded and row is not None and row.unapplied > 0)
        self.refund_action.setEnabled(row is not None and row.unapplied > 0)
        self.customer_action.setEnabled(row is not None)
        self.invoices_action.setEnabled(row is not None and row.allocated > 0)
        credit = self.credits.selected_row()
        for action in (
            self.credit_payments_action,
            self.credit_refund_action,
            self.credit_record_action,
            self.credit_customer_action,
        ):
            action.setEnabled(credit is not None)

    def _context_menu(self, pos: QPoint) -> None:
        actions = self.payment_actions[1:]
        show_menu(self, actions, pos, separate=(self.apply_action, self.customer_action))

    # -- actions that need the window or the credits page ---------------------------------------

    def _refund_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.commands.refund_for(row.customer_id)

    def _show_customer(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.customer_requested.emit(row.customer_id)

    def show_received(self, first: date, last: date) -> None:
        """The payments received in [first, last], not reversed (the Insight tab's bars)."""
        self.filters.blockSignals(True)
        self.filters.with_credit.setChecked(False)
        self.filters.method_filter.setCurrentIndex(0)
        self.filters.blockSignals(False)
        self.filters.show_only(PaymentStatusFilter.RECORDED, first, last)
        self.pages.setCurrentIndex(PAYMENTS_PAGE)

    def _show_credit_payments(self) -> None:
        """The payments that hold the selected customer's credit, on the Payments page."""
        credit = self.credits.selected_row()
        if credit is None:
            return
        self.filters.with_credit.setChecked(True)
        self.filters.set_customer(get_customer(self.ctx, credit.customer_id).customer)
        self.pages.setCurrentIndex(PAYMENTS_PAGE)
        if self.model.rowCount():
            self.select_payment(self.model.loaded_ids()[0])
        self.view.setFocus()

    def _refund_credit_row(self) -> None:
        credit = self.credits.selected_row()
        if credit is not None:
            self.commands.refund_for(credit.customer_id)

    def _record_for_credit_row(self) -> None:
        credit = self.credits.selected_row()
        if credit is not None:
            self.commands.record_payment(credit.customer_id)

    def _show_credit_customer(self) -> None:
        credit = self.credits.selected_row()
        if credit is not None:
            self.customer_requested.emit(credit.customer_id)

    # -- events -------------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Refresh only what an event touches: payment rows by id; names and credit on others."""
        if refreshes_display(event):  # start afresh
            self.locale = self.display.current.locale
            self.model.locale = self.credits.model.locale = self.locale
            self.run_filter()
            self.credits.reload()
            return
        if event.entity is Entity.PAYMENT:
            self.model.refresh(event.ids)
        elif event.entity is Entity.CUSTOMER:  # renamed, or a refund took part of their credit
            self.model.refresh(all_rows=True)
        else:
            return  # invoices, settings, bank lines…: no payment row changes with them
        self.credits.reload()
        self._select_pending()
        self._after_change()
        # recorded, or reversed, applied, refunded
        if event.name in (Change.PAYMENT_RECORDED, Change.PAYMENT_UPDATED):
            self.refresh_totals()

    # -- window state -------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        super().save_state(settings)
        settings.setValue("payments/page", self.pages.currentIndex())

    def restore_state(self, settings: QSettings) -> None:
        super().restore_state(settings)
        page = settings.value("payments/page")
        if isinstance(page, int | str) and str(page) in ("0", "1", "2"):
            self.pages.setCurrentIndex(int(page))


def totals_text(totals: PaymentTotals, locale: str) -> str:
    """``12 payments · received €1,234.00 · credit left €50.00 · 1 reversed``."""
    count = ngettext("{count} payment", "{count} payments", totals.count).format(
        count=f"{totals.count:,}"
    )
    if not totals.by_currency:
        return count
    currencies = sorted(totals.by_currency)
    got = ", ".join(format_money(totals.by_currency[c][0], c, locale) for c in currencies)
    left = ", ".join(format_money(totals.by_currency[c][1], c, locale) for c in currencies)
    text = _("{count} · received {received} · credit left {credit}").format(
        count=count, received=got, credit=left
    )
    if not totals.reversed:
        return text
    reversed_ = ngettext("{count} reversed", "{count} reversed", totals.reversed).format(
        count=f"{totals.reversed:,}"
    )
    return f"{text} · {reversed_}"
