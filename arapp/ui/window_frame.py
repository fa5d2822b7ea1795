# SPDX-License-Identifier: MIT
"""The main window's frame: what shows before the books are open.

At start the window is shown before the database layer, the tabs' modules and the books are
loaded (:func:`arapp.ui.first_frame`): its menu bar (File, Edit, Tools, Collections, Help, each
saying the books are opening), its tab bar (Ctrl+1…Ctrl+5 switch already), a page per tab saying
"Opening the books…", the notice banner and the status bar, at the size and place the window had
last time. :meth:`arapp.ui.main_window.MainWindow.attach` then fills the same window. This module
imports Qt only.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from arapp import APP_AUTHOR, APP_DISPLAY_NAME, APP_NAME
from arapp.ui.notices import NoticeBanner
from arapp.ui.widgets.screen import fit_to_screen

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
#: The menus, in order (the Collections menu is the reminders', Help stays last).
MENUS = ("&File", "&Edit", "&Tools", "&Collections", "&Help")
OPENING = "Opening the books…"


def window_settings() -> QSettings:
    """Per-computer window state (geometry, splitters); company settings live in the database."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


class OpeningPage(QWidget):
    """A tab's page while the books open (or until the tab is made): says so, nothing else."""

    def __init__(self) -> None:
        super().__init__()
        label = QLabel(OPENING)
        label.setObjectName("openingBooks")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(self)
        column.addWidget(label)


@dataclass
class Frame:
    """The frame's parts the window fills once the books are open.

    Attributes:
        menus: The menus by title (``&File``…), each with one disabled "Opening the books…".
        db_label: The status bar's left label (where the books are).
        count_label: The status bar's right label (how many customers).
    """

    menus: dict[str, QMenu]
    db_label: QLabel
    count_label: QLabel

    def empty_menus(self) -> None:
        """Take the "Opening the books…" entries out, for the real ones."""
        for menu in self.menus.values():
            menu.clear()


def build_frame(window: QMainWindow) -> tuple[QTabWidget, NoticeBanner, Frame]:
    """Give ``window`` its tabs (a page each saying the books are opening), the notice banner,
    the menus and the status bar; size and place it as last time."""
    window.setWindowTitle(APP_DISPLAY_NAME)
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    for index, (_name, label) in enumerate(TABS):
        tabs.addTab(OpeningPage(), label)
        key = QKeySequence(f"Ctrl+{index + 1}")
        tabs.setTabToolTip(index, key.toString(QKeySequence.SequenceFormat.NativeText))
        go = QAction(window)
        go.setShortcut(key)
        go.triggered.connect(lambda _=False, i=index: tabs.setCurrentIndex(i))
        window.addAction(go)
    notices = NoticeBanner()
    central = QWidget()
    column = QVBoxLayout(central)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(notices)
    column.addWidget(tabs, 1)
    window.setCentralWidget(central)
    menus: dict[str, QMenu] = {}
    for title in MENUS:
        menu = QMenu(title, window)
        window.menuBar().addMenu(menu)
        menu.addAction(OPENING).setEnabled(False)
        menus[title] = menu
    db_label, count_label = _status_label(OPENING), _status_label("")
    db_label.setObjectName("databaseLocation")
    count_label.setObjectName("customerCount")
    window.statusBar().addWidget(db_label, 1)
    window.statusBar().addPermanentWidget(count_label)
    fit_to_screen(window, *DEFAULT_SIZE)  # a laptop's screen is smaller
    geometry = window_settings().value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    return tabs, notices, Frame(menus, db_label, count_label)


def _status_label(text: str) -> QLabel:
    """A label that shows its text as plain text (as :func:`arapp.ui.forms.plain_label`)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
