# SPDX-License-Identifier: MIT
"""The main window: assembles the tabs, the menus and the status bar; nothing else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QWidget

from arapp import APP_AUTHOR, APP_DISPLAY_NAME, APP_NAME, __version__
from arapp.paths import app_paths
from arapp.services.backup import back_up_database
from arapp.services.company import get_company
from arapp.services.context import AppContext
from arapp.services.customer_list import StatusFilter, count_customers
from arapp.services.events import Entity, Event
from arapp.ui.bank import BankPage
from arapp.ui.batch_export import BatchExport
from arapp.ui.bridge import EventBridge
from arapp.ui.collections import CollectionsTab
from arapp.ui.collections.statements_dialog import save_all_statements
from arapp.ui.company_dialog import CompanyDialog
from arapp.ui.customers import CustomersTab
from arapp.ui.display import DisplaySource
from arapp.ui.fees import LateFeesDialog
from arapp.ui.forms import plain_label
from arapp.ui.invoices import InvoicesTab
from arapp.ui.invoices.recurring import RecurringListDialog
from arapp.ui.payments import PaymentsTab
from arapp.ui.plans import PaymentPlansDialog
from arapp.ui.prompts import inform
from arapp.ui.reminders.wiring import Reminders
from arapp.ui.settings import SettingsDialog
from arapp.ui.transfer import add_transfer_menus
from arapp.ui.worker import run_in_background

DEFAULT_SIZE = (1200, 760)


def window_settings() -> QSettings:
    """Per-computer window state (geometry, splitters); company settings live in the database."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


class MainWindow(QMainWindow):
    """The arapp window.

    Attributes:
        bridge: Service events as Qt signals.
        display: The company's locale and currency for every tab and dialog, built from the
            company once and again when it changes.
        tabs: The tab widget; ``customers`` is its first tab, ``invoices`` the second,
            ``payments`` the third.
        transfer_actions: File ▸ Import and Export actions, by ``import_customers``…
        statements_batch: The last Collections ▸ Statements for all customers… run, if any.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bridge = EventBridge(ctx.events, self)
        # Before the tabs: on a company event it is rebuilt before their slots read it.
        self.display = DisplaySource(ctx, self.bridge, self)
        display, bridge = self.display, self.bridge
        self.customers = CustomersTab(ctx, display, bridge)
        self.invoices = InvoicesTab(ctx, display, bridge)
        self.payments = PaymentsTab(ctx, display, bridge)
        self.payments.set_bank_page(BankPage(ctx, display, bridge))
        self.collections = CollectionsTab(ctx, display, bridge)
        self.customers.new_invoice_requested.connect(self.new_invoice_for)
        self.customers.record_payment_requested.connect(self.record_payment_from)
        self.invoices.record_payment_requested.connect(self.record_payment_of)
        self.payments.customer_requested.connect(self.show_customer)
        self.payments.invoices_requested.connect(self.show_invoices)
        self.collections.open_invoice_requested.connect(self.invoices.commands.open_invoice)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.customers, "&Customers")
        self.tabs.addTab(self.invoices, "&Invoices")
        self.tabs.addTab(self.payments, "&Payments")
        self.tabs.addTab(self.collections, "C&ollections")
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self.reminders = Reminders(
            self, ctx, bridge, display, self.collections.set_today_page, window_settings
        )
        self.reminders.menu.addSeparator()
        self.statements_action = self._add(
            self.reminders.menu, "&Statements for all customers…", self.statements_for_all
        )
        self.statements_batch: BatchExport | None = None
        self.db_label = plain_label(f"Database: {ctx.db.describe()}")
        self.db_label.setObjectName("databaseLocation")
        self.count_label = plain_label()
        self.count_label.setObjectName("customerCount")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.bridge.changed.connect(self._on_event)
        self._update_title()
        self._update_count()
        self.resize(*DEFAULT_SIZE)
        self._restore_state()

    def _build_menus(self) -> None:
        tab = self.customers
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(tab.new_action)
        file_menu.addAction(self.invoices.new_action)
        file_menu.addAction(self.payments.record_action)
        file_menu.addSeparator()
        self.transfer_actions = add_transfer_menus(file_menu, self, self.ctx)
        file_menu.addSeparator()
        self.backup_action = self._add(file_menu, "&Back up database…", self.back_up_database)
        self._add(file_menu, "Open data &folder", self.open_data_folder)
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

        help_menu = self.menuBar().addMenu("&Help")
        self._add(help_menu, f"&About {APP_DISPLAY_NAME}", self.about)

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
        company = get_company(self.ctx)
        name = company.name if company else "no company yet"
        self.setWindowTitle(f"{APP_DISPLAY_NAME} — {name}")

    def _update_count(self) -> None:
        current = count_customers(self.ctx, StatusFilter.CURRENT)
        archived = count_customers(self.ctx, StatusFilter.ARCHIVED)
        text = f"{current:,} customer{'' if current == 1 else 's'}"
        if archived:
            text += f" (+{archived:,} archived)"
        self.count_label.setText(text)

    def _on_event(self, event: Event) -> None:
        if event.entity is Entity.COMPANY:  # profile changed, or the books were replaced
            self._update_title()
            self._update_count()
        elif event.entity is Entity.CUSTOMER:
            self._update_count()

    def _restore_state(self) -> None:
        settings = window_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.customers.restore_state(settings)
        self.invoices.restore_state(settings)
        self.payments.restore_state(settings)
        self.collections.restore_state(settings)

    def save_state(self) -> None:
        settings = window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        self.customers.save_state(settings)
        self.invoices.save_state(settings)
        self.payments.save_state(settings)
        self.collections.save_state(settings)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.bridge.close()
        super().closeEvent(event)

    # -- commands -----------------------------------------------------------------------------

    def find(self) -> None:
        """Ctrl+F: the search box of the tab shown (Invoices, Payments), else the customers'."""
        if self.tabs.currentWidget() is self.invoices:
            self.invoices.focus_search()
            return
        if self.tabs.currentWidget() is self.payments:
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

    def show_invoices(self, customer_id: int, invoice_ids: list[int]) -> None:
        self.tabs.setCurrentWidget(self.invoices)
        self.invoices.show_customer_invoices(customer_id, invoice_ids)

    def back_up_database(self) -> None:
        """Copy the database to the backup folder (on a worker: a big file takes a moment)."""
        ctx, folder = self.ctx, app_paths().backup_dir
        self.backup_action.setEnabled(False)
        self.statusBar().showMessage("Backing up the database…")
        run_in_background(
            self,
            lambda: back_up_database(ctx, folder),
            self._backup_done,
            self._backup_failed,
        )

    def _backup_done(self, target: Path | None) -> None:
        self.backup_action.setEnabled(True)
        if target is None:
            text = (
                "This database lives on a server; back it up there (for PostgreSQL: pg_dump).\n\n"
                f"Database: {self.ctx.db.describe()}"
            )
        else:
            text = f"A copy of the database was saved to:\n\n{target}"
            self.statusBar().showMessage(f"Backup saved to {target}", 10_000)
        inform(self, "Back up database", text)

    def _backup_failed(self, exc: Exception) -> None:
        self.backup_action.setEnabled(True)
        self.statusBar().clearMessage()
        inform(self, "Back up database", f"The backup failed: {exc}", True)

    def data_folder(self) -> Path:
        source = self.ctx.db.sqlite_path
        return Path(source).parent if source else app_paths().data_dir

    def open_data_folder(self) -> None:
        folder = self.data_folder()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            inform(self, "Open data folder", f"The data folder is:\n\n{folder}")

    def edit_company(self) -> None:
        CompanyDialog(self.ctx, self).exec()

    def edit_settings(self) -> None:
        SettingsDialog(self.ctx, self).exec()

    def recurring(self) -> None:
        """Tools ▸ Recurring invoices…: list, pause, resume and bill the schedules."""
        RecurringListDialog(self.ctx, self.display.current, self).exec()

    def late_fees(self) -> None:
        """Tools ▸ Late fees…: review the fees due on overdue invoices and charge them."""
        LateFeesDialog(self.ctx, self.display.current, self).exec()

    def payment_plans(self) -> None:
        """Tools ▸ Payment plans…: every plan, broken ones first; cancel one with a reason."""
        PaymentPlansDialog(self.ctx, self.display.current, self).exec()

    def statements_for_all(self) -> None:
        """Collections ▸ Statements for all customers…: one PDF each, into a folder."""
        self.statements_batch = save_all_statements(self, self.ctx)

    def about(self) -> None:
        text = (
            f"{APP_DISPLAY_NAME} {__version__}\n"
            "Invoicing and collections for small shops, offline on your own computer.\n\n"
            f"Database: {self.ctx.db.describe()}\n"
            f"Backups: {app_paths().backup_dir}\n"
            f"Logs: {app_paths().log_dir}"
        )
        inform(self, f"About {APP_DISPLAY_NAME}", text)
