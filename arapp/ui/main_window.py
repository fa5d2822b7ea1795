# SPDX-License-Identifier: MIT
"""The main window: assembles the tabs, the menus and the status bar; nothing else.

It is made in two steps. Its frame (:mod:`arapp.ui.window_frame`: menus, tab bar, banner,
status bar, pages saying the books are opening) imports Qt only, so at start the window shows
before the database layer and the tabs' modules load; :meth:`MainWindow.attach` then puts the
books in it. ``MainWindow(ctx)`` does both at once (File ▸ Open books…, tests).

Only the first screen is made when the books arrive: the Insight tab (its tiles; its charts,
and QtCharts, once the first figures are in) and the Customers tab (its actions fill the menus,
its rows are read when it is first shown). The other tabs stand as pages until they are first
shown (or a command needs them, e.g. File ▸ New invoice…), and only then are their modules
imported and their widgets built; File ▸ New invoice… and Record payment… stand in for their
tabs' actions until then. Dialogs are imported when they open. On big books that is the
difference between reading one page and reading every list, total and report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from arapp.ui.window_frame import DEFAULT_SIZE, TABS, build_frame, window_settings

if TYPE_CHECKING:
    from arapp.services.context import AppContext
    from arapp.services.events import Event
    from arapp.ui.batch_export import BatchExport
    from arapp.ui.collections import CollectionsTab
    from arapp.ui.customers import CustomersTab
    from arapp.ui.insight import InsightTab
    from arapp.ui.insight.sections import Drill
    from arapp.ui.invoices import InvoicesTab
    from arapp.ui.payments import PaymentsTab

__all__ = ["DEFAULT_SIZE", "TABS", "MainWindow", "load_parts", "window_settings"]

COUNTING = "Counting customers…"
#: At start, the pause between making the first tab and the rest: the window answers between.
ANSWER_MS = 5
DEMO_NOTICE = (
    "This is the demo company, made up to try things out. Your own books start in a file of "
    "their own, and the demo stays where it is (File ▸ Recent books)."
)


def load_parts() -> None:
    """Import what :meth:`MainWindow.attach` makes (the first screen's tabs, the menus' parts,
    the services they call): the start does it on the worker that opens the books, so the GUI
    thread only makes widgets. Imports only: no widget or other QObject is made here."""
    import arapp.services.books
    import arapp.services.customer_list
    import arapp.services.events
    import arapp.ui.backups
    import arapp.ui.backups.menu
    import arapp.ui.books
    import arapp.ui.bridge
    import arapp.ui.display
    import arapp.ui.forms
    import arapp.ui.insight.charts  # QtCharts: the charts are made once the tiles are in
    import arapp.ui.insight.forecast_chart
    import arapp.ui.insight.risk_sections
    import arapp.ui.insight.wiring
    import arapp.ui.prompts
    import arapp.ui.reminders.wiring
    import arapp.ui.transfer  # noqa: F401


class MainWindow(QMainWindow):
    """The arapp window.

    Attributes:
        opened: Whether the books are in the window yet (:meth:`attach`).
        bridge: Service events as Qt signals.
        display: The company's locale and currency for every tab and dialog, built from the
            company once and again when it changes.
        notices: The banner above the tabs with what must be read (demo, upgrade, billing),
            each until closed.
        tabs: The tab widget; ``insight`` is its first tab, ``customers`` the second,
            ``invoices`` the third, ``payments`` the fourth.
        transfer_actions: File ▸ Import and Export actions, by ``import_customers``…
        books: File ▸ New books…, Open books… and Recent books.
        is_demo: Whether these books hold the demo company (said in the title and a notice).
        statements_batch: The last Collections ▸ Statements for all customers… run, if any.
    """

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        """The window on the books of ``ctx``; with ``None``, its frame only, until
        :meth:`attach` gets the books."""
        super().__init__(parent)
        self.opened = False
        self.tabs, self.notices, self._frame = build_frame(self)
        self.db_label, self.count_label = self._frame.db_label, self._frame.count_label
        self._made: dict[str, QWidget] = {}
        self._stand_ins: dict[str, list[tuple[QMenu, QAction, str]]] = {}
        self._making = ""
        self._segments_wanted = False
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Put the books of ``ctx`` in the window: the first tab (Insight, which starts reading
        its figures), then the Customers tab, the menus and the status bar (see the module's
        docstring). In a window already shown the second part waits for the next turn of the
        event loop, so neither keeps the window from answering for long."""
        from arapp.ui.backups import AutoBackups
        from arapp.ui.bridge import EventBridge
        from arapp.ui.display import DisplaySource

        self.ctx = ctx
        self.bridge = EventBridge(ctx.events, self)
        # Before the tabs: on a company event it is rebuilt before their slots read it.
        self.display = DisplaySource(ctx, self.bridge, self)
        self.auto_backups = AutoBackups(self, ctx, self.bridge, self.notices, self.statusBar)
        self.insight = self._make_insight()  # the first tab shown (its charts come later)
        self.insight.restore_state(window_settings())  # before it shows: it reads once
        self._put("insight", self.insight)
        self.db_label.setText(f"Database: {ctx.db.describe()}")
        if self.isVisible():
            QTimer.singleShot(ANSWER_MS, lambda: self.isVisible() and self._attach_rest())
        else:
            self._attach_rest()

    def _attach_rest(self) -> None:
        from arapp.services.books import is_demo_books
        from arapp.ui.reminders.wiring import Reminders

        ctx = self.ctx
        self._build_menus()
        self.is_demo = is_demo_books(ctx)
        if self.is_demo:
            self.notices.add(DEMO_NOTICE, ("Start m&y own books…", self.books.new_books))
        collections_menu = self._frame.menus["&Collections"]  # the reminders make their own
        self.menuBar().removeAction(collections_menu.menuAction())
        collections_menu.deleteLater()
        self.reminders = Reminders(
            self,
            self.ctx,
            self.bridge,
            self.display,
            self._place_today_page,
            window_settings,
        )
        self.reminders.menu.addSeparator()
        self.statements_action = self._add(
            self.reminders.menu, "&Statements for all customers…", self.statements_for_all
        )
        self.statements_batch: BatchExport | None = None
        self.count_label.setText(COUNTING)
        self._counting = 0
        self.bridge.changed.connect(self._on_event)
        # The customers' segments, worked out in the background when of an earlier day (from
        # start(), as the automatic backups: not while the books are being switched).
        from arapp.ui.segments import SegmentKeeper

        self.segments = SegmentKeeper(ctx, self.bridge, self)
        if self._segments_wanted:
            self.segments.start()
        self._update_title()
        self._update_count()
        self.opened = True
        self.tabs.currentChanged.connect(self._current_changed)
        self._current_changed(self.tabs.currentIndex())  # switched to while the books opened

    def start_segments(self) -> None:
        """Arm the customers' segment keeper now, or once the rest of the books is in the
        window (:meth:`attach` puts it in on the next turn of the event loop)."""
        keeper = getattr(self, "segments", None)
        if keeper is None:
            self._segments_wanted = True
        else:
            keeper.start()

    # -- tabs, made when first shown ----------------------------------------------------------

    @property
    def customers(self) -> CustomersTab:
        return cast("CustomersTab", self._tab("customers"))

    @property
    def invoices(self) -> InvoicesTab:
        return cast("InvoicesTab", self._tab("invoices"))

    @property
    def payments(self) -> PaymentsTab:
        return cast("PaymentsTab", self._tab("payments"))

    @property
    def collections(self) -> CollectionsTab:
        return cast("CollectionsTab", self._tab("collections"))

    def is_made(self, name: str) -> bool:
        """Whether the tab ``name`` (``invoices``…) has been built yet."""
        return name in self._made

    def _current_changed(self, index: int) -> None:
        if 0 <= index < len(TABS):
            self._tab(TABS[index][0])

    def _tab(self, name: str) -> QWidget:
        """The tab ``name``, built now if this is the first time it is needed."""
        made = self._made.get(name)
        if made is not None:
            return made
        self._making = name
        try:
            made = self._make(name)
        finally:
            self._making = ""
        self._put(name, made)
        made.restore_state(window_settings())  # type: ignore[attr-defined]  # every tab has one
        return made

    def _put(self, name: str, made: QWidget) -> None:
        """``made`` in place of the page standing in for the tab ``name``."""
        self._made[name] = made
        index = [n for n, _label in TABS].index(name)
        current, stand_in = self.tabs.currentIndex(), self.tabs.widget(index)
        stand_in_tip = self.tabs.tabToolTip(index)
        self.tabs.blockSignals(True)  # the same tab stays current; it is only made now
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, made, TABS[index][1])
        self.tabs.setTabToolTip(index, stand_in_tip)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        stand_in.deleteLater()

    def _place_today_page(self, page: QWidget) -> None:
        """The Today page, made by the reminders, goes into the Collections tab."""
        if self._making == "collections":
            return  # being made: it asks for the page itself
        collections = self.collections
        if collections.today_page is not page:
            collections.set_today_page(page)

    def _make(self, name: str) -> QWidget:
        ctx, display, bridge = self.ctx, self.display, self.bridge
        if name == "customers":
            from arapp.ui.customers import CustomersTab

            customers = CustomersTab(ctx, display, bridge)
            customers.new_invoice_requested.connect(self.new_invoice_for)
            customers.record_payment_requested.connect(self.record_payment_from)
            self._replace_stand_ins("customers", customers)
            return customers
        if name == "invoices":
            from arapp.ui.invoices import InvoicesTab

            invoices = InvoicesTab(ctx, display, bridge)
            invoices.record_payment_requested.connect(self.record_payment_of)
            self._replace_stand_ins("invoices", invoices)
            return invoices
        if name == "payments":
            from arapp.ui.bank import BankPage
            from arapp.ui.payments import PaymentsTab

            payments = PaymentsTab(ctx, display, bridge)
            payments.set_bank_page(BankPage(ctx, display, bridge))
            payments.customer_requested.connect(self.show_customer)
            payments.invoices_requested.connect(self.show_invoices)
            self._replace_stand_ins("payments", payments)
            return payments
        assert name == "collections", name
        from arapp.ui.collections import CollectionsTab

        collections = CollectionsTab(ctx, display, bridge)
        today = self.reminders.today
        collections.set_today_page(today)  # before it shows: it opens on Today
        today.alerts.customer_requested.connect(self.show_customer)  # an alert's facts
        today.alerts.invoice_requested.connect(
            lambda invoice_id: self.invoices.commands.open_invoice(invoice_id)
        )
        collections.open_invoice_requested.connect(
            lambda invoice_id: self.invoices.commands.open_invoice(invoice_id)
        )
        return collections

    def _make_insight(self) -> InsightTab:
        from arapp.ui.insight.wiring import make_insight_tab

        return make_insight_tab(self.ctx, self.display, self.bridge, self, self.monthly_report)

    def _stand_in(
        self, menu: QMenu, name: str, attribute: str, text: str, *keys: str, enabled: bool = True
    ) -> None:
        """A menu entry for the action ``attribute`` of the tab ``name``, until that tab is
        made (triggered, it makes the tab and triggers the tab's own); one that needs a row of
        the tab selected stays disabled until then."""

        def trigger() -> None:
            getattr(self._tab(name), attribute).trigger()

        action = self._add(menu, text, trigger, *keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # from any tab, as the tab's
        action.setEnabled(enabled)
        self._stand_ins.setdefault(name, []).append((menu, action, attribute))

    def _replace_stand_ins(self, name: str, tab: QWidget) -> None:
        for menu, stand_in, attribute in self._stand_ins.pop(name, []):
            menu.insertAction(stand_in, getattr(tab, attribute))
            menu.removeAction(stand_in)
            stand_in.setShortcuts([])
            stand_in.deleteLater()

    def _build_menus(self) -> None:
        from arapp.ui.backups.menu import BackupMenu
        from arapp.ui.books import BooksMenu
        from arapp.ui.transfer import add_transfer_menus

        self._frame.empty_menus()
        menus = self._frame.menus
        file_menu = menus["&File"]
        self._stand_in(file_menu, "customers", "new_action", "&New customer…", "Ctrl+N")
        self._stand_in(file_menu, "invoices", "new_action", "New in&voice…", "Ctrl+I")
        self._stand_in(file_menu, "payments", "record_action", "Record &payment…", "Ctrl+R")
        file_menu.addSeparator()
        self.transfer_actions = add_transfer_menus(file_menu, self, self.ctx)
        file_menu.addSeparator()
        help_menu = menus["&Help"]
        self.backup_menu = BackupMenu(self, file_menu, help_menu)
        self.backup_action = self.backup_menu.backup_action
        self._add(file_menu, "Open data &folder", self.open_data_folder)
        file_menu.addSeparator()
        self.books = BooksMenu(self, file_menu)
        file_menu.addSeparator()
        self._add(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, "Ctrl+Q")

        edit_menu = menus["&Edit"]
        self.find_action = self._add(edit_menu, "&Find…", self.find, QKeySequence.StandardKey.Find)
        edit_menu.addSeparator()
        for attribute, text, keys in (
            ("edit_action", "&Edit customer…", ("F2",)),
            ("hold_action", "Put on credit &hold…", ()),
            ("archive_action", "&Archive…", ()),
        ):  # a customer selected: none until the tab is made
            self._stand_in(edit_menu, "customers", attribute, text, *keys, enabled=False)

        tools_menu = menus["&Tools"]
        self._add(tools_menu, "&Company profile…", self.edit_company)
        self._add(tools_menu, "&Settings…", self.edit_settings)
        tools_menu.addSeparator()
        self.recurring_action = self._add(tools_menu, "&Recurring invoices…", self.recurring)
        self.late_fees_action = self._add(tools_menu, "&Late fees…", self.late_fees)
        self.plans_action = self._add(tools_menu, "&Payment plans…", self.payment_plans)

    def _add(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        *keys: QKeySequence.StandardKey | str,
    ) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        shortcuts = []
        for key in keys:
            shortcuts.extend(
                QKeySequence.keyBindings(key)
                if isinstance(key, QKeySequence.StandardKey)
                else [QKeySequence(key)]
            )
        unique = list(dict.fromkeys(s.toString() for s in shortcuts))
        action.setShortcuts([QKeySequence(s) for s in unique])
        return action

    # -- state --------------------------------------------------------------------------------

    def _update_title(self) -> None:
        from arapp import APP_DISPLAY_NAME

        company = self.display.company  # read once by the display, before this slot
        name = company.name if company else "no company yet"
        demo = " (demo)" if self.is_demo else ""
        self.setWindowTitle(f"{APP_DISPLAY_NAME} — {name}{demo}")

    def _update_count(self) -> None:
        """Count the customers on a worker (a newer count wins); the label says it is counting
        until the first count arrives."""
        from arapp.services.customer_list import StatusFilter, count_customers
        from arapp.ui.worker import run_in_background

        self._counting += 1
        counting, ctx = self._counting, self.ctx
        run_in_background(
            self,
            lambda: (
                count_customers(ctx, StatusFilter.CURRENT),
                count_customers(ctx, StatusFilter.ARCHIVED),
            ),
            lambda counts: self._show_count(counting, *counts),
            lambda exc: self._show_count(counting, exc),
        )

    def _show_count(self, counting: int, current: int | Exception, archived: int = 0) -> None:
        if counting != self._counting:
            return
        if isinstance(current, Exception):
            self.count_label.setText("Customers could not be counted")
            return
        text = f"{current:,} customer{'' if current == 1 else 's'}"
        if archived:
            text += f" (+{archived:,} archived)"
        self.count_label.setText(text)

    def _on_event(self, event: Event) -> None:
        from arapp.services.books import is_demo_books
        from arapp.services.events import Entity

        if event.entity is Entity.COMPANY:  # profile changed, or the books were replaced
            self.is_demo = is_demo_books(self.ctx)
            self._update_title()
            self._update_count()
        elif event.entity is Entity.CUSTOMER:
            self._update_count()

    def save_state(self) -> None:
        settings = window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        if not self.opened:  # closed while the books opened: no tab was made
            settings.sync()
            return
        for tab in self._made.values():  # a tab never made keeps the state saved before
            tab.save_state(settings)  # type: ignore[attr-defined]  # every tab has one
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.opened:  # the books are still opening: nothing of theirs to close yet
            self.save_state()
            super().closeEvent(event)
            return
        self.auto_backups.on_closing()  # after changes; the window waits for it
        self.save_state()
        self.bridge.close()
        super().closeEvent(event)

    # -- commands -----------------------------------------------------------------------------

    def find(self) -> None:
        """Ctrl+F: the search box of the tab shown (Invoices, Payments), else the customers'."""
        shown = self.tabs.currentWidget()
        if shown is self._made.get("invoices"):
            self.invoices.focus_search()
            return
        if shown is self._made.get("payments"):
            self.payments.focus_search()
            return
        self.tabs.setCurrentWidget(self.customers)
        self.customers.focus_search()

    def new_invoice_for(self, customer_id: int) -> None:
        """A new invoice for a customer (from the Customers tab); then show it in Invoices."""
        if self.invoices.commands.new_invoice(customer_id) is not None:
            self.tabs.setCurrentWidget(self.invoices)

    def record_payment_from(self, customer_id: int) -> None:
        """Record a payment from a customer (from the Customers tab), pre-filled."""
        self.payments.commands.record_payment(customer_id=customer_id)

    def record_payment_of(self, invoice_id: int) -> None:
        """Record the payment of an invoice (from the Invoices tab), pre-filled."""
        self.payments.commands.record_payment(invoice_id=invoice_id)

    def show_customer(self, customer_id: int) -> None:
        self.tabs.setCurrentWidget(self.customers)
        self.customers.reveal(customer_id)

    def show_drill(self, drill: Drill) -> None:
        """The records behind a figure of the Insight tab (a customer, or a list filtered)."""
        from arapp.ui.insight.wiring import open_drill

        open_drill(self, drill)

    def monthly_report(self, day: date) -> None:
        """Insight ▸ Monthly report…: the receivables report of the month of ``day`` as PDF."""
        from arapp.ui.insight.report import save_monthly_report

        save_monthly_report(self, self.ctx, day)

    def show_invoices(self, customer_id: int, invoice_ids: list[int]) -> None:
        self.tabs.setCurrentWidget(self.invoices)
        self.invoices.show_customer_invoices(customer_id, invoice_ids)

    def restore_backup(self, backup: Path) -> QMainWindow | None:
        """Put ``backup`` in place of these books and reopen them (a new window)."""
        return self.books.restore(backup)

    def data_folder(self) -> Path:
        source = self.ctx.db.sqlite_path
        from arapp.paths import app_paths

        return Path(source).parent if source else app_paths().data_dir

    def open_data_folder(self) -> None:
        folder = self.data_folder()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            from arapp.ui.prompts import inform

            inform(self, "Open data folder", f"The data folder is:\n\n{folder}")

    def edit_company(self) -> None:
        """Settings on its Company page: one form has every field of the profile (the short
        :class:`~arapp.ui.company_dialog.CompanyDialog` only starts new books)."""
        from arapp.ui.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.tabs.setCurrentWidget(dialog.company_tab)
        dialog.exec()

    def edit_settings(self) -> None:
        from arapp.ui.settings import SettingsDialog

        SettingsDialog(self.ctx, self).exec()

    def recurring(self) -> None:
        """Tools ▸ Recurring invoices…: list, pause, resume and bill the schedules."""
        from arapp.ui.invoices.recurring import RecurringListDialog

        RecurringListDialog(self.ctx, self.display.current, self).exec()

    def late_fees(self) -> None:
        """Tools ▸ Late fees…: review the fees due on overdue invoices and charge them."""
        from arapp.ui.fees import LateFeesDialog

        LateFeesDialog(self.ctx, self.display.current, self).exec()

    def payment_plans(self) -> None:
        """Tools ▸ Payment plans…: every plan, broken ones first; cancel one with a reason."""
        from arapp.ui.plans import PaymentPlansDialog

        PaymentPlansDialog(self.ctx, self.display.current, self).exec()

    def statements_for_all(self) -> None:
        """Collections ▸ Statements for all customers…: one PDF each, into a folder."""
        from arapp.ui.collections.statements_dialog import save_all_statements

        self.statements_batch = save_all_statements(self, self.ctx)
