# SPDX-License-Identifier: MIT
"""The main window: tabs, menus, status bar, company profile, backup and window state."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMenu

from arapp import __version__
from arapp.paths import app_paths
from arapp.services.company import get_company
from arapp.services.customer_list import StatusFilter
from arapp.ui import create_main_window
from arapp.ui.collections import CollectionsTab
from arapp.ui.customers.dialog import CustomerDialog
from arapp.ui.customers.model import Column
from arapp.ui.invoices import InvoicesTab
from arapp.ui.main_window import DEFAULT_SIZE, window_settings
from arapp.ui.payments import PaymentsTab
from arapp.ui.reminders.today import TodayPage
from arapp.ui.settings import SettingsDialog
from arapp.ui.widgets.screen import FRAME_ALLOWANCE, available_area, fitted


def menu_items(window) -> dict[str, list[tuple[str, str]]]:
    menus = {}
    for action in window.menuBar().actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        menus[action.text().replace("&", "")] = [
            (a.text().replace("&", ""), a.shortcut().toString())
            for a in menu.actions()
            if not a.isSeparator()
        ]
    return menus


def test_window_assembles_tabs_menus_and_status_bar(main_window, add_customer, qtbot):
    add_customer("Acme")
    add_customer("Blue Door")
    qtbot.waitUntil(lambda: main_window.count_label.text() == "2 customers")
    assert main_window.windowTitle() == "arapp — Test Shop"
    tabs = main_window.tabs
    assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == [
        "Insight", "Customers", "Invoices", "Payments", "Collections",
    ]  # fmt: skip
    assert tabs.currentWidget() is main_window.insight  # the first a person sees
    # The tabs not shown yet are made when asked for (see test_main_window_lazy.py).
    invoices, payments = main_window.invoices, main_window.payments
    collections = main_window.collections
    assert tabs.widget(2) is invoices and isinstance(tabs.widget(2), InvoicesTab)
    assert tabs.widget(3) is payments and isinstance(tabs.widget(3), PaymentsTab)
    assert tabs.widget(4) is collections
    assert isinstance(main_window.collections, CollectionsTab)
    assert main_window.collections.today_page is main_window.reminders.today
    assert isinstance(main_window.reminders.today, TodayPage)
    assert main_window.db_label.text() == f"Database: {main_window.ctx.db.describe()}"
    menus = menu_items(main_window)
    assert menus["File"] == [
        ("New customer…", "Ctrl+N"),
        ("New invoice…", "Ctrl+I"),
        ("Record payment…", "Ctrl+R"),
        ("Import", ""),
        ("Export", ""),
        ("Back up database…", ""),
        ("Restore from backup…", ""),
        ("Open data folder", ""),
        ("New books…", ""),
        ("Open books…", ""),
        ("Recent books", ""),
        ("Quit", "Ctrl+Q"),
    ]
    assert menus["Edit"] == [
        ("Find…", "Ctrl+F"),
        ("Edit customer…", "F2"),
        ("Put on credit hold…", ""),
        ("Archive…", ""),
    ]
    assert menus["Tools"] == [
        ("Company profile…", ""),
        ("Settings…", ""),
        ("Recurring invoices…", ""),
        ("Late fees…", ""),
        ("Payment plans…", ""),
    ]
    assert menus["Collections"] == [
        ("Run reminders…", ""),
        ("Outbox…", ""),
        ("Statements for all customers…", ""),
    ]
    assert [a.text().replace("&", "") for a in main_window.menuBar().actions()][-2:] == [
        "Collections", "Help",
    ]  # fmt: skip
    assert menus["Help"] == [("Check books…", ""), ("About arapp", "")]
    # 1200 x 760 where the screen has room (the offscreen one is 800 x 800): see
    # test_laptop_screen.py for a laptop's.
    free = available_area(main_window).size() - FRAME_ALLOWANCE
    assert (main_window.width(), main_window.height()) == (
        min(1200, free.width()),
        min(760, free.height()),
    )
    assert fitted(QSize(*DEFAULT_SIZE), QRect(0, 0, 1920, 1040)) == QSize(1200, 760)


def test_ctrl_f_focuses_the_search_box_from_any_tab(main_window, qtbot):
    main_window.tabs.setCurrentIndex(4)  # Collections: no search box of its own
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main_window.tabs.currentWidget() is main_window.customers
    qtbot.waitUntil(lambda: main_window.customers.search_box.hasFocus())


def test_ctrl_n_opens_the_customer_dialog(main_window, answer_modal, qtbot):
    opened: list[QDialog] = []

    def cancel(dialog: QDialog) -> None:
        opened.append(dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_modal(cancel)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and isinstance(opened[0], CustomerDialog)
    assert main_window.customers.model.rowCount() == 0


def test_company_profile_opens_settings_on_the_company_page_and_retitles(
    main_window, answer_modal, qtbot
):
    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, SettingsDialog)
        page = dialog.company_tab
        assert dialog.tabs.currentWidget() is page
        # every field of the profile, the e-invoice ones and the region too
        assert {"region", "registration_id", "electronic_address"} <= set(page.inputs)
        name = page.inputs["name"]
        assert isinstance(name, QLineEdit) and name.text() == "Test Shop"
        name.clear()
        page.inputs["currency"].setCurrentText("EURO")
        assert not dialog.save()
        assert page.groups.error_for("name").isVisible()
        assert page.groups.error_for("currency").isVisible()
        name.setText("Zoë's Hardware")
        page.inputs["currency"].setCurrentText("eur")
        page.inputs["region"].setText("Leinster")
        assert dialog.save()

    answer_modal(edit)
    tools = main_window.menuBar().actions()[2].menu()
    tools.actions()[0].trigger()
    qtbot.waitUntil(lambda: main_window.windowTitle() == "arapp — Zoë's Hardware")
    company = get_company(main_window.ctx)
    assert company is not None and (company.currency, company.region) == ("EUR", "Leinster")


def test_back_up_database_says_where_the_copy_went(main_window, qtbot, messages):
    main_window.backup_action.trigger()
    qtbot.waitUntil(lambda: messages.last is not None, timeout=5_000)
    copies = list(app_paths().backup_dir.glob("*.sqlite3"))
    assert len(copies) == 1
    assert str(copies[0]) in messages.last.text
    assert messages.last.title == "Back up database" and not messages.last.warning
    assert main_window.backup_action.isEnabled()


def test_about_tells_version_books_backups_and_licences(main_window, qtbot, answer_modal):
    """Help ▸ About (issue 16, item 7): version, where the books and backups are, the licences
    of what is bundled (packages and the e-invoice rules' notices), and no network of its own."""
    seen: list[str] = []
    answer_modal(lambda dialog: (seen.append(dialog.text.toPlainText()), dialog.reject()))
    main_window.backup_menu.about_action.trigger()
    (text,) = seen
    assert f"arapp {__version__}" in text
    assert f"Books: {main_window.ctx.db.describe()}" in text
    assert f"Backups: {app_paths().backup_dir}" in text
    assert "SQLAlchemy" in text and "PySide6" in text and "LGPL" in text
    assert "E-invoice rules, xrechnung/NOTICE.txt" in text
    assert "no network call of its own (no update check" in text


def test_window_state_is_kept_in_qsettings_under_the_test_folder(ctx, qtbot, tmp_path):
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    tab = window.customers
    tab.view.horizontalHeader().setSectionHidden(Column.EMAIL, True)
    tab.view.horizontalHeader().setSectionHidden(Column.PHONE, False)
    tab.set_status_filter(StatusFilter.ALL)
    window.close()
    settings = window_settings()
    assert settings.format() == QSettings.Format.IniFormat
    assert settings.fileName().startswith(str(tmp_path))  # never the real home
    assert settings.value("window/geometry") is not None

    again = create_main_window(ctx)
    qtbot.addWidget(again)
    again.show()
    header = again.customers.view.horizontalHeader()
    assert header.isSectionHidden(Column.EMAIL) and not header.isSectionHidden(Column.PHONE)
    assert again.customers.status() is StatusFilter.ALL


def test_run_gui_shows_the_window_and_returns_when_it_closes(ctx, qtbot):
    from arapp.ui import run_gui
    from arapp.ui.main_window import MainWindow

    seen: dict[str, object] = {}

    def close_it() -> None:  # looks, then closes: an assertion here would leave exec() running
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen["windows"] = len(windows)
        for window in windows:
            seen["visible"] = window.isVisible()
            seen["notices"] = window.notices.texts()
            seen["icon"] = [s.width() for s in window.windowIcon().availableSizes()]
            window.close()
            window.deleteLater()

    QTimer.singleShot(200, close_it)
    assert run_gui(ctx, ["arapp"], notices=["Hello from the test"]) == 0
    assert seen["windows"] == 1 and seen["visible"]
    assert seen["notices"] == ["Hello from the test"]
    assert 256 in seen["icon"]  # type: ignore[operator]  # arapp's own (resources/icons)
    assert QApplication.applicationName() == "arapp"


def test_first_start_asks_for_the_company_and_can_be_cancelled(db, answer_modal):
    from arapp.services.context import AppContext
    from arapp.ui import run_gui

    seen: list[str] = []

    def cancel(dialog: QDialog) -> None:
        seen.append(dialog.windowTitle())
        dialog.reject()

    answer_modal(cancel)
    assert run_gui(AppContext(db), ["arapp"]) == 1
    assert seen == ["Welcome: who issues your invoices?"]


def test_columns_can_be_shown_and_hidden_from_the_header_menu(main_window):
    view = main_window.customers.view
    menu = view.column_menu()
    entries = {a.text(): a for a in menu.actions()}
    assert "Name" not in entries  # the name always shows
    assert not entries["Phone"].isChecked()
    entries["Phone"].setChecked(True)
    assert not view.horizontalHeader().isSectionHidden(Column.PHONE)
    entries["E-mail"].setChecked(False)
    assert view.horizontalHeader().isSectionHidden(Column.EMAIL)
