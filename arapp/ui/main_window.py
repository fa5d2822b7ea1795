# SPDX-License-Identifier: MIT
"""The main window: assembles the tabs, the menus and the status bar; nothing else.

Only the first screen is made at start: the Insight tab (its tiles; its charts, and QtCharts,
once the first figures are in) and the Customers tab (its actions fill the menus, its rows are
read when it is first shown). The other tabs stand as empty pages
until they are first shown (or a command needs them, e.g. File ▸ New invoice…), and only then
are their modules imported and their widgets built; File ▸ New invoice… and Record payment…
stand in for their tabs' actions until then. Dialogs are imported when they open. On big books
that is the difference between reading one page and reading every list, total and report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QVBoxLayout, QWidget

from arapp import APP_AUTHOR, APP_DISPLAY_NAME, APP_NAME
from arapp.paths import app_paths
from arapp.services.books import is_demo_books
from arapp.services.context import AppContext
from arapp.services.customer_list import StatusFilter, count_customers
from arapp.services.events import Entity, Event
from arapp.ui.backups import AutoBackups
from arapp.ui.backups.menu import BackupMenu
from arapp.ui.books import BooksMenu
from arapp.ui.bridge import EventBridge
from arapp.ui.customers import CustomersTab
from arapp.ui.display import DisplaySource
from arapp.ui.forms import plain_label
from arapp.ui.insight import InsightTab
from arapp.ui.insight.sections import Drill
from arapp.ui.insight.wiring import make_insight_tab, open_drill
from arapp.ui.notices import NoticeBanner
from arapp.ui.prompts import inform
from arapp.ui.reminders.wiring import Reminders
from arapp.ui.segments import SegmentKeeper
from arapp.ui.transfer import add_transfer_menus
from arapp.ui.widgets.screen import fit_to_screen
from arapp.ui.worker import run_in_background

if TYPE_CHECKING:
    from arapp.ui.batch_export import BatchExport
    from arapp.ui.collections import CollectionsTab
    from arapp.ui.invoices import InvoicesTab
    from arapp.ui.payments import PaymentsTab

DEFAULT_SIZE = (1200, 760)
#: The tabs, in order: attribute name and label. No Alt+letter: a tab's letter would take the
#: Alt+letter of a menu or of a button on every page (Alt+O opened the Collections tab, not its
#: menu); Ctrl+1…Ctrl+5 show the tabs instead.
TABS = (
    ("insight", "Insight"),
    ("customers", "Customers"),
    ("invoices", "Invoices"),
    ("payments", "Payments"),
    ("collections", "Collections"),
)
COUNTING = "Counting customers…"
DEMO_NOTICE = (
    "This is the demo company, made up to try things out. Your own books start in a file of "
    "their own, and the demo stays where it is (File ▸ Recent books)."
)


def window_settings() -> QSettings:
    """Per-computer window state (geometry, splitters); company settings live in the database."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


class MainWindow(QMainWindow):
    """The arapp window.

    Attributes:
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

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bridge = EventBridge(ctx.events, self)
        # Before the tabs: on a company event it is rebuilt before their slots read it.
        self.display = DisplaySource(ctx, self.bridge, self)
        self._made: dict[str, QWidget] = {}
        self._stand_ins: dict[str, tuple[QMenu, QAction]] = {}
        self._making = ""
        self.customers = CustomersTab(ctx, self.display, self.bridge)
        self.customers.new_invoice_requested.connect(self.new_invoice_for)
        self.customers.record_payment_requested.connect(self.record_payment_from)
        self._made["customers"] = self.customers
        self.insight = self._make_insight()  # the first tab shown (its charts come later)
        self._made["insight"] = self.insight
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for name, label in TABS:
            self.tabs.addTab(self._made.get(name) or QWidget(), label)
        self.tabs.currentChanged.connect(self._current_changed)
        for index in range(len(TABS)):
            key = QKeySequence(f"Ctrl+{index + 1}")
            self.tabs.setTabToolTip(index, key.toString(QKeySequence.SequenceFormat.NativeText))
            go = QAction(self)
            go.setShortcut(key)
            go.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(go)
        self.notices = NoticeBanner()
        self.auto_backups = AutoBackups(self, ctx, self.bridge, self.notices, self.statusBar)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notices)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.is_demo = is_demo_books(ctx)
        if self.is_demo:
            self.notices.add(DEMO_NOTICE, ("Start m&y own books…", self.books.new_books))
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
        self.db_label = plain_label(f"Database: {ctx.db.describe()}")
        self.db_label.setObjectName("databaseLocation")
        self.count_label = plain_label(COUNTING)
        self.count_label.setObjectName("customerCount")
        self._counting = 0
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.bridge.changed.connect(self._on_event)
        # The customers' segments, worked out in the background when of an earlier day (from
        # start(), as the automatic backups: not while the books are being switched).
        self.segments = SegmentKeeper(ctx, self.bridge, self)
        self._update_title()
        self._update_count()
        fit_to_screen(self, *DEFAULT_SIZE)  # a laptop's screen is smaller
        self._restore_state()

    # -- tabs, made when first shown ----------------------------------------------------------

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
        made.restore_state(window_settings())  # type: ignore[attr-defined]  # every tab has one
        return made

    def _place_today_page(self, page: QWidget) -> None:
        """The Today page, made by the reminders, goes into the Collections tab."""
        if self._making == "collections":
            return  # being made: it asks for the page itself
        collections = self.collections
        if collections.today_page is not page:
            collections.set_today_page(page)

    def _make(self, name: str) -> QWidget:
        ctx, display, bridge = self.ctx, self.display, self.bridge
        if name == "invoices":
            from arapp.ui.invoices import InvoicesTab

            invoices = InvoicesTab(ctx, display, bridge)
            invoices.record_payment_requested.connect(self.record_payment_of)
            self._replace_stand_in("invoices", invoices.new_action)
            return invoices
        if name == "payments":
            from arapp.ui.bank import BankPage
            from arapp.ui.payments import PaymentsTab

            payments = PaymentsTab(ctx, display, bridge)
            payments.set_bank_page(BankPage(ctx, display, bridge))
            payments.customer_requested.connect(self.show_customer)
            payments.invoices_requested.connect(self.show_invoices)
            self._replace_stand_in("payments", payments.record_action)
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
        return make_insight_tab(self.ctx, self.display, self.bridge, self, self.monthly_report)

    def _stand_in(self, menu: QMenu, name: str, text: str, key: str) -> None:
        """A menu entry for an action of the tab ``name``, until that tab is made."""

        def trigger() -> None:
            action = self.invoices.new_action if name == "invoices" else self.payments.record_action
            action.trigger()

        action = self._add(menu, text, trigger, key)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # from any tab, as the tab's
        self._stand_ins[name] = (menu, action)

    def _replace_stand_in(self, name: str, real: QAction) -> None:
        menu, stand_in = self._stand_ins.pop(name)
        menu.insertAction(stand_in, real)
        menu.removeAction(stand_in)
        stand_in.setShortcuts([])
        stand_in.deleteLater()

    def _build_menus(self) -> None:
        tab = self.customers
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(tab.new_action)
        self._stand_in(file_menu, "invoices", "New in&voice…", "Ctrl+I")
        self._stand_in(file_menu, "payments", "Record &payment…", "Ctrl+R")
        file_menu.addSeparator()
        self.transfer_actions = add_transfer_menus(file_menu, self, self.ctx)
        file_menu.addSeparator()
        help_menu = QMenu("&Help", self)
        self.backup_menu = BackupMenu(self, file_menu, help_menu)
        self.backup_action = self.backup_menu.backup_action
        self._add(file_menu, "Open data &folder", self.open_data_folder)
        file_menu.addSeparator()
        self.books = BooksMenu(self, file_menu)
        file_menu.addSeparator()
        self._add(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, "Ctrl+Q")

        edit_menu = self.menuBar().addMenu("&Edit")
        self.find_action = self._add(edit_menu, "&Find…", self.find, QKeySequence.StandardKey.Find)
        edit_menu.addSeparator()
        for action in (tab.edit_action, tab.hold_action, tab.archive_action):
            edit_menu.addAction(action)

        tools_menu = self.menuBar().addMenu("&Tools")
        self._add(tools_menu, "&Company profile…", self.edit_company)
        self._add(tools_menu, "&Settings…", self.edit_settings)
        tools_menu.addSeparator()
        self.recurring_action = self._add(tools_menu, "&Recurring invoices…", self.recurring)
        self.late_fees_action = self._add(tools_menu, "&Late fees…", self.late_fees)
        self.plans_action = self._add(tools_menu, "&Payment plans…", self.payment_plans)

        self.menuBar().addMenu(help_menu)

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
        company = self.display.company  # read once by the display, before this slot
        name = company.name if company else "no company yet"
        demo = " (demo)" if self.is_demo else ""
        self.setWindowTitle(f"{APP_DISPLAY_NAME} — {name}{demo}")

    def _update_count(self) -> None:
        """Count the customers on a worker (a newer count wins); the label says it is counting
        until the first count arrives."""
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
        if event.entity is Entity.COMPANY:  # profile changed, or the books were replaced
            self.is_demo = is_demo_books(self.ctx)
            self._update_title()
            self._update_count()
        elif event.entity is Entity.CUSTOMER:
            self._update_count()

    def _restore_state(self) -> None:
        settings = window_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.customers.restore_state(settings)  # the other tabs when they are made
        self.insight.restore_state(settings)

    def save_state(self) -> None:
        settings = window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        for tab in self._made.values():  # a tab never made keeps the state saved before
            tab.save_state(settings)  # type: ignore[attr-defined]  # every tab has one
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
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
        return Path(source).parent if source else app_paths().data_dir

    def open_data_folder(self) -> None:
        folder = self.data_folder()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
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
