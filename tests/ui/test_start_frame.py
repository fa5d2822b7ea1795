# SPDX-License-Identifier: MIT
"""The window shows before the books open: its frame (menus, tabs, "Opening the books…")
imports Qt only; the books open on a worker and then go into the same window; books that
cannot be opened still say why (and the frame closes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from arapp.app import open_books
from arapp.services.company import CompanyProfile, save_company
from arapp.ui.main_window import MainWindow
from arapp.ui.window_frame import OPENING, TABS

SHOWN = """
import json, sys
from PySide6.QtWidgets import QMainWindow
shown = []
show = QMainWindow.show
def watched(self):
    shown.append(sorted(m for m in ("sqlalchemy", "arapp.services.books", "arapp.ui.customers",
                                    "arapp.ui.insight", "babel.dates") if m in sys.modules))
    show(self)
QMainWindow.show = watched
from arapp.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, shown]))
"""


def _start(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ARAPP_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ARAPP_READY_FILE": str(tmp_path / "ready.json"),
    }
    env.pop("ARAPP_DB", None)
    return subprocess.run(
        [sys.executable, "-c", SHOWN, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_window_shows_before_the_database_layer_loads(tmp_path: Path) -> None:
    path = tmp_path / "books.sqlite3"
    books = open_books(str(path))
    save_company(books.ctx, CompanyProfile(name="Frame Shop", currency="EUR"))
    books.ctx.db.dispose()
    done = _start(tmp_path, "--db", str(path), "gui")
    assert done.returncode == 0, done.stderr
    code, shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0
    assert shown == [[]]  # one window, shown before SQLAlchemy, the services, the tabs, Babel
    figures = json.loads((tmp_path / "ready.json").read_text(encoding="utf-8"))
    assert figures["shown_at"] < figures["books_at"] <= figures["ready_at"]


def test_books_that_cannot_be_opened_still_say_why(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database, whatever its name says" * 100)
    done = _start(tmp_path, "--db", str(damaged), "gui")
    assert done.returncode == 0, done.stderr
    code, shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 1
    assert shown == [[]]  # the frame showed while the books opened
    assert "Traceback" not in done.stderr
    (message,) = [line for line in done.stderr.splitlines() if line.startswith("arapp: ")]
    assert message == f"arapp: {damaged} could not be opened as books: file is not a database"
    assert not (tmp_path / "ready.json").exists()  # the frame closed: never ready


def test_the_frame_says_the_books_are_opening_then_takes_them(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    save_company(ctx, CompanyProfile(name="Frame Shop", currency="EUR"))
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.show()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Tools", "&Collections", "&Help"]
    for action in window.menuBar().actions():
        assert [(a.text(), a.isEnabled()) for a in action.menu().actions()] == [(OPENING, False)]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [t for _, t in TABS]
    page = window.tabs.currentWidget()
    assert [label.text() for label in page.findChildren(QLabel)] == [OPENING]
    window.tabs.setCurrentIndex(2)  # Ctrl+3 while the books open: the tab answers
    assert window.tabs.currentIndex() == 2 and not window.opened
    window.attach(ctx)
    qtbot.waitUntil(lambda: window.opened, timeout=5_000)
    assert window.windowTitle() == "arapp — Frame Shop"
    assert [a.text() for a in window.menuBar().actions()] == [
        "&File", "&Edit", "&Tools", "&Collections", "&Help"
    ]  # fmt: skip
    file_menu = window.menuBar().actions()[0].menu()
    assert OPENING not in [a.text() for a in file_menu.actions()]
    assert window.is_made("invoices")  # the tab shown while the books opened is made now
    assert window.tabs.currentWidget() is window.invoices
    assert window.tabs.widget(0) is window.insight
    assert not window.is_made("customers")  # made when first shown
    window.tabs.setCurrentIndex(1)
    assert window.is_made("customers") and window.tabs.currentWidget() is window.customers
    QApplication.processEvents()
    window.close()
