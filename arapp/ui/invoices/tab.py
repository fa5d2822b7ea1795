# SPDX-License-Identifier: MIT
"""The Invoices tab: filters, the invoice table, the totals of what is shown, and the actions.

The commands behind the actions live in :mod:`arapp.ui.invoices.commands`; this module lays out
the tab, keeps the table in step with the filters and the services' events, and enables each
action only when it applies to the selected invoices.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from arapp.domain.invoice import DRAFT_OR_VOID, DocumentKind, InvoiceStatus
from arapp.formatting import format_money
from arapp.i18n import _, ngettext
from arapp.services.context import AppContext
from arapp.services.customers import get_customer
from arapp.services.events import Entity, Event
from arapp.services.invoice_list import (
    InvoiceRow,
    InvoiceStatusFilter,
    ListTotals,
    invoice_totals,
)
from arapp.ui.bridge import EventBridge
from arapp.ui.display import DisplaySource, refreshes_display
from arapp.ui.invoices.commands import InvoiceCommands
from arapp.ui.invoices.filters import PERIODS, InvoiceFilterBar
from arapp.ui.invoices.model import Column, InvoiceTableModel
from arapp.ui.invoices.view import InvoiceTableView
from arapp.ui.list_tab import FilteredListTab, action_button, button_bar, make_action, show_menu

# Events that change no invoice row: the table is left alone for them.
_NOT_ABOUT_INVOICES = frozenset(
    {Entity.SETTING, Entity.TAX_RATE, Entity.PRODUCT, Entity.RECURRING_TEMPLATE}
)


class InvoicesTab(FilteredListTab):
    """Every invoice and credit note, with its actions as buttons and in the table's context
    menu (New is also File ▸ New invoice…, Ctrl+I from any tab).

    Attributes:
        new_action, open_action, issue_action, sent_action, void_action, credit_action,
        duplicate_action, pdf_action, export_action, delete_action, payment_action: The actions.
        totals_label: "124 invoices · total … · open …" for what the filters show.
        saved: ``Signal(int)``, an invoice was saved from an editor opened here.
        record_payment_requested: ``Signal(int)``, record a payment of this invoice (the
            window opens the payment dialog, pre-filled).
    """

    saved = Signal(int)
    record_payment_requested = Signal(int)

    totals_of = staticmethod(invoice_totals)
    header_key = "invoices/header"

    def __init__(
        self,
        ctx: AppContext,
        display: DisplaySource,
        bridge: EventBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, display, parent)
        # Translators: the rows of the Invoices tab, in "No invoices matching “x” …".
        self.noun = _("invoices")
        self.nothing_yet = _("No invoices yet.\n\nPress New (Ctrl+I) to write the first one.")
        self._reset_selection: list[int] = []

        self.new_action = make_action(self, _("New in&voice…"), _("New"), ("Ctrl+I",))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # from any tab
        self.open_action = make_action(self, _("&Open invoice"), _("Open"))
        self.issue_action = make_action(self, _("&Issue"), _("Issue"))
        self.sent_action = make_action(self, _("Mark &sent"), _("Mark sent"))
        self.send_action = make_action(self, _("Send by &e-mail…"), _("Send…"))
        self.void_action = make_action(self, _("&Void…"), _("Void…"))
        self.credit_action = make_action(self, _("&Credit note…"), _("Credit note…"))
        self.duplicate_action = make_action(self, _("&Duplicate"), _("Duplicate"))
        self.pdf_action = make_action(self, _("&PDF preview"), _("PDF"), ("Ctrl+P",))
        self.export_action = make_action(self, _("Save PDFs of selection…"), _("Save PDFs…"))
        self.delete_action = make_action(self, _("Delete draft…"), _("Delete"), ("Del",))
        self.payment_action = make_action(self, _("Record &payment…"), _("Payment…"))
        self.actions_ = [
            self.new_action,
            self.open_action,
            self.issue_action,
            self.sent_action,
            self.send_action,
            self.void_action,
            self.credit_action,
            self.duplicate_action,
            self.payment_action,
            self.pdf_action,
            self.export_action,
            self.delete_action,
        ]
        self.addActions(self.actions_)
        self.commands = InvoiceCommands(self, self, ctx, display)
        for action, slot in (
            (self.new_action, self.commands.new_invoice),
            (self.open_action, self.commands.open_selected),
            (self.issue_action, self.commands.issue_selected),
            (self.sent_action, self.commands.mark_selected_sent),
            (self.send_action, self.commands.send_selected),
            (self.void_action, self.commands.void_selected),
            (self.credit_action, self.commands.credit_selected),
            (self.duplicate_action, self.commands.duplicate_selected),
            (self.pdf_action, self.commands.preview_selected),
            (self.export_action, self.commands.export_selected),
            (self.delete_action, self.commands.delete_selected),
            (self.payment_action, self._record_payment),
        ):
            action.triggered.connect(lambda _checked=False, s=slot: s())

        self.filters = InvoiceFilterBar(ctx)
        groups = (
            (self.new_action, self.open_action),
            (self.issue_action, self.sent_action, self.send_action),
            (self.void_action, self.credit_action, self.duplicate_action),
            (self.payment_action,),
            (self.pdf_action, self.export_action),
        )
        bar = button_bar([[action_button(a) for a in group] for group in groups])

        self.model = InvoiceTableModel(ctx, self.locale, self)
        self.view = InvoiceTableView(self.model)
        self.view.open_requested.connect(self.open_action.trigger)
        self.view.menu_requested.connect(self._context_menu)
        self.make_list("invoicesEmpty", "invoiceTotals")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        self.add_list(layout, bar)

        self.filters.changed.connect(self.run_filter)
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)
        self.model.refreshed.connect(self._select_pending)  # a refresh read on a thread
        self.model.rowsInserted.connect(lambda *_: self.update_empty())
        self.model.rowsRemoved.connect(lambda *_: self.update_empty())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        # Turning sorting on sorts by the indicator: this runs the first query.
        self.model.filter = self.filters.current()
        self.view.setSortingEnabled(True)
        self.refresh_totals()
        self.update_actions()
        if bridge is not None:
            bridge.changed.connect(self.on_event)

    # -- filtering ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.filters.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search_box.selectAll()

    def totals_text(self, totals: ListTotals) -> str:
        return totals_text(totals, self.locale)

    # -- selection ----------------------------------------------------------------------------

    def selected_rows(self) -> list[InvoiceRow]:
        return self.model.rows(self.view.selected_rows())

    def selected_ids(self) -> list[int]:
        ids = (self.model.invoice_id(r) for r in self.view.selected_rows())
        return [i for i in ids if i is not None]

    def select_soon(self, invoice_id: int) -> None:
        """Select ``invoice_id`` now if it is in the table, else once its event arrives."""
        if not self.select_invoices([invoice_id]):
            self._pending_select = invoice_id

    def select_invoices(self, invoice_ids: list[int]) -> bool:
        """Select those of ``invoice_ids`` that are loaded (the first one current)."""
        rows = [r for r in (self.model.row_of(i) for i in invoice_ids) if r is not None]
        if not rows:
            return False
        selection = self.view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        first = self.model.index(rows[0], Column.NUMBER)
        selection.setCurrentIndex(first, flags.ClearAndSelect | flags.Rows)
        for row in rows[1:]:
            selection.select(self.model.index(row, 0), flags.Select | flags.Rows)
        self.view.scrollTo(first)
        return True

    def show_customer_invoices(self, customer_id: int, invoice_ids: list[int]) -> bool:
        """Show all of a customer's invoices and select ``invoice_ids`` (those a payment paid)."""
        self.filters.clear_segment()
        self.filters.set_status(InvoiceStatusFilter.ALL)
        self.filters.set_period(PERIODS[0])
        self.filters.set_customer(get_customer(self.ctx, customer_id).customer)
        return self.select_invoices(invoice_ids)

    def show_only(
        self, status: InvoiceStatusFilter, first: date | None = None, last: date | None = None
    ) -> None:
        """Every customer's invoices of ``status`` issued in [first, last] (``None``: any
        day): the invoices behind a figure of the Insight tab."""
        self.filters.show_only(status, first, last)

    def _select_pending(self) -> None:
        if self._pending_select is not None and self.select_invoices([self._pending_select]):
            self._pending_select = None

    def _before_reset(self) -> None:
        self._reset_selection = self.selected_ids()

    def _after_reset(self) -> None:
        if self._reset_selection:
            self.select_invoices(self._reset_selection)
        self.update_empty()
        self.update_actions()

    def update_actions(self) -> None:
        """Enable each action for a selection it applies to (the services have the last word)."""
        rows = self.selected_rows()
        one = rows[0] if len(rows) == 1 else None
        issued = [r for r in rows if r.status != InvoiceStatus.DRAFT]
        self.open_action.setEnabled(one is not None)
        self.issue_action.setEnabled(
            bool(rows) and all(r.status == InvoiceStatus.DRAFT for r in rows)
        )
        self.sent_action.setEnabled(any(r.status == InvoiceStatus.ISSUED for r in rows))
        self.send_action.setEnabled(any(r.status not in DRAFT_OR_VOID for r in rows))
        self.void_action.setEnabled(
            one is not None
            and one.status in (InvoiceStatus.ISSUED, InvoiceStatus.SENT)
            and one.balance == one.total
        )
        self.credit_action.setEnabled(
            one is not None and one.kind == DocumentKind.INVOICE and one.status not in DRAFT_OR_VOID
        )
        self.duplicate_action.setEnabled(one is not None and one.kind == DocumentKind.INVOICE)
        self.pdf_action.setEnabled(one is not None)
        self.export_action.setEnabled(bool(issued))
        self.delete_action.setEnabled(
            bool(rows) and all(r.status == InvoiceStatus.DRAFT for r in rows)
        )
        self.payment_action.setEnabled(
            one is not None
            and one.kind == DocumentKind.INVOICE
            and one.status != InvoiceStatus.DRAFT
            and one.balance > 0
        )

    def _record_payment(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.record_payment_requested.emit(ids[0])

    def _context_menu(self, pos: QPoint) -> None:
        show_menu(self, self.actions_[1:], pos, separate=(self.export_action, self.delete_action))

    # -- events -------------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if refreshes_display(event):  # start afresh
            self.locale = self.model.locale = self.display.current.locale
            self.run_filter()
            return
        if event.entity in _NOT_ABOUT_INVOICES:
            return
        if event.entity is Entity.SEGMENT and self.filters.current().segment is None:
            return  # the segments were worked out again: only a segment filter follows them
        if event.entity is Entity.INVOICE:
            self.model.refresh(event.ids)
        else:  # a customer renamed, a payment recorded…: rows on screen are read again
            self.model.refresh(all_rows=True)
        self._select_pending()
        self.update_empty()
        self.update_actions()
        self.refresh_totals()


def totals_text(totals: ListTotals, locale: str) -> str:
    """``124 invoices · total €12,345.67 · open €1,234.00`` (amounts per currency)."""
    count = ngettext("{count} invoice", "{count} invoices", totals.count).format(
        count=f"{totals.count:,}"
    )
    if not totals.by_currency:
        return count
    currencies = sorted(totals.by_currency)
    total = ", ".join(format_money(totals.by_currency[c][0], c, locale) for c in currencies)
    open_ = ", ".join(format_money(totals.by_currency[c][1], c, locale) for c in currencies)
    return _("{count} · total {total} · open {open}").format(count=count, total=total, open=open_)
