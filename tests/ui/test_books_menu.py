# SPDX-License-Identifier: MIT
"""From the demo to one's own books in the window (issue 13, item 14): File ▸ New books…, Open
books… and Recent books, the demo said in the title with "Start my own books…", and the books
opened last opening at the next start."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QTabWidget
from sqlalchemy import text as sql

from arapp import app, paths
from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.books import create_books, is_demo_books
from arapp.services.company import CompanyProfile, get_company
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.services.settings import INVOICE_NUMBER_PATTERN, get_setting
from arapp.ui import create_main_window
from arapp.ui.books.new_dialog import NewBooksDialog
from arapp.ui.main_window import DEMO_NOTICE, MainWindow
from tests.helpers.book_files import fingerprint, newer_books, other_database, small_demo
from tests.helpers.books import TODAY
from tests.helpers.mnemonics import collisions
from tests.helpers.qt import activate, stub_window_start


@pytest.fixture
def demo_window(qtbot, migrated_books: Path, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The window on the demo company, as the first start shows it."""
    path = small_demo(migrated_books, tmp_path / "demo.sqlite3")
    paths.remember_books(path)  # as the start does
    db = Database(paths.sqlite_url(path))
    window = create_main_window(AppContext(db, today=lambda: TODAY, actor="tester"))
    qtbot.addWidget(window)
    activate(window)
    yield window
    db.dispose()


def every_page(window: MainWindow) -> Iterator[str]:
    """Show each tab of the window, and each page of a tab's own tabs, in turn."""
    for name in ("invoices", "payments", "collections"):
        getattr(window, name)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        yield window.tabs.tabText(index)
        for inner in window.tabs.widget(index).findChildren(QTabWidget):
            for page in range(inner.count() if inner.isVisible() else 0):
                inner.setCurrentIndex(page)
                QApplication.processEvents()
                yield f"{window.tabs.tabText(index)} ▸ {inner.tabText(page)}"


def fill_in(path: Path, name: str = "Corner Shop") -> Callable[[QDialog], None]:
    """An answer to the New books dialog: the company, its pattern and file, then Create."""

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, NewBooksDialog)
        inputs = dialog.form.inputs
        inputs["name"].setText(name)  # type: ignore[union-attr]
        inputs["currency"].setCurrentText("GBP")  # type: ignore[union-attr]
        inputs["locale"].setCurrentText("en_GB")  # type: ignore[union-attr]
        inputs["iban"].setText("DE89 3704 0044 0532 0130 00")  # type: ignore[union-attr]
        dialog.number_pattern.setText("CS-{seq:04}")
        dialog.set_file(path)
        dialog.create_button.click()

    return answer


def new_window(old: MainWindow) -> MainWindow:
    windows = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w is not old
    ]
    visible = [w for w in windows if w.isVisible()]
    assert len(visible) == 1, visible
    return visible[0]


def test_new_books_are_made_and_the_window_moves_to_them(
    main_window, qtbot, tmp_path, answer_modal
):
    target = tmp_path / "own" / "corner"
    heard: list[object] = []
    main_window.bridge.changed.connect(heard.append)
    answer_modal(fill_in(target))
    window = main_window.books.new_books()
    assert window is not None
    qtbot.addWidget(window)
    # The old books' window no longer listens, and their database holds no connection.
    main_window.ctx.events.emit(Change.COMPANY_CHANGED, Entity.COMPANY, 1)
    QApplication.processEvents()
    assert heard == []
    assert main_window.ctx.db.engine.pool.checkedout() == 0
    made = target.with_suffix(".sqlite3")
    assert window.ctx.db.sqlite_path == str(made)
    assert window.windowTitle() == "arapp — Corner Shop"
    assert window.isVisible() and not main_window.isVisible()
    assert not window.is_demo and window.notices.texts() == []
    company = get_company(window.ctx)
    assert company is not None and (company.currency, company.locale) == ("GBP", "en_GB")
    assert get_setting(window.ctx, INVOICE_NUMBER_PATTERN) == "CS-{seq:04}"
    # The books left are one click away, behind the new ones.
    assert paths.recent_books() == [made.resolve(), Path(main_window.ctx.db.sqlite_path).resolve()]
    window.close()
    window.ctx.db.dispose()


def test_the_set_up_says_what_is_wrong_and_makes_nothing(qtbot, tmp_path):
    taken = tmp_path / "taken.sqlite3"
    taken.write_bytes(b"not mine")
    dialog = NewBooksDialog(folder=tmp_path, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()  # laid out as a person sees it when the messages come
    qtbot.waitExposed(dialog)
    name = dialog.form.inputs["name"]
    assert isinstance(name, QLineEdit)
    assert dialog.file_edit.text() == str(tmp_path / "books.sqlite3")
    name.setText("Corner Shop")
    assert dialog.file_edit.text() == str(tmp_path / "corner-shop.sqlite3")  # follows the name
    assert dialog.example.text() == "For example INV-2026-00042"
    dialog.file_edit.setText("shop")  # a bare name goes in the data folder
    assert dialog.target() == tmp_path / "shop.sqlite3"
    dialog.form.inputs["iban"].setText("IE00 1234")  # type: ignore[union-attr]
    dialog.number_pattern.setText("INV-{year}")
    dialog.set_file(taken)
    dialog.create()
    groups = dialog.form.groups
    assert groups.error_for("iban").text().startswith("“IE00 1234” is not an IBAN")
    iban = groups.error_for("iban")  # a three-line message at this width: none of it cut off
    qtbot.waitUntil(lambda: iban.height() >= iban.heightForWidth(iban.width()))
    assert iban.heightForWidth(iban.width()) > 2 * iban.fontMetrics().height()
    assert (
        groups.error_for("number_pattern").text() == "The pattern needs {seq}, the running number."
    )
    assert groups.error_for("file").text() == (
        "There is already a file called taken.sqlite3 there; books are never written over it."
    )
    assert dialog.created is None and dialog.result() == 0
    assert taken.read_bytes() == b"not mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.sqlite3"]


def test_a_file_that_is_not_books_gets_a_message_and_nothing_changes(
    main_window, messages, tmp_path, migrated_books
):
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("shopping list", encoding="utf-8")
    cases = {
        notes: "notes.sqlite3 is not arapp books: it is not an SQLite database file.",
        other_database(tmp_path / "recipes.db"): "recipes.db is an SQLite database, but not "
        "arapp books (it has no arapp schema).",
        newer_books(migrated_books, tmp_path / "newer.sqlite3"): "newer.sqlite3 was saved by a "
        "newer version of arapp",
    }
    for path, text in cases.items():
        before = fingerprint(path)
        assert main_window.books.open_books(path) is None
        assert messages.last.title == "Open books" and messages.last.warning
        assert messages.last.text.startswith(text)
        assert fingerprint(path) == before
        messages.last.close()
    assert main_window.isVisible() and main_window.windowTitle() == "arapp — Test Shop"
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert [w for w in shown if w.isVisible()] == [main_window]
    assert paths.recent_books() == []


OLD_COMPANY = (
    "INSERT INTO company (id, name, legal_name, address, email, phone, website, tax_id, currency,"
    " locale, bank_name, iban, bic, account_number, payment_link_url, created_at) VALUES (1,"
    " 'Old Shop', '', '', '', '', '', '', 'EUR', 'en_IE', '', '', '', '', '',"
    " '2026-01-01 00:00:00')"
)
OLD_CUSTOMERS = (
    "INSERT INTO customer (code, name, search_text, contact_person, email, phone,"
    " billing_address, tax_id, currency, payment_terms, status, notes, created_at, updated_at)"
    " VALUES ('A', 'A', 'a', '', '', '', '1 Main St\nCork', '', 'EUR', 'net 30', 'active', '',"
    " '2026-01-01 00:00:00', '2026-01-01 00:00:00'), ('B', 'B', 'b', '', '', '',"
    " 'somewhere', '', 'EUR', 'net 30', 'active', '', '2026-01-01 00:00:00',"
    " '2026-01-01 00:00:00')"
)


def test_older_books_open_upgraded_with_the_backup_in_a_notice(main_window, qtbot, tmp_path):
    old = Database(paths.sqlite_url(tmp_path / "old.sqlite3"))
    migrate.upgrade(old, None, revision="0021")
    with old.engine.begin() as conn:  # the tables as in 0021
        conn.execute(sql(OLD_COMPANY))
        conn.execute(sql(OLD_CUSTOMERS))
    old.dispose()
    window = main_window.books.open_books(tmp_path / "old.sqlite3")
    assert window is not None
    qtbot.addWidget(window)
    notice, look = window.notices.texts()
    assert look == (
        "1 customer's address needs a look (not every part of it could be read): in Customers, "
        "choose the filter “Address to check”."
    )
    assert notice.startswith("Database upgraded; the copy from before is at ")
    assert Path(notice.rsplit(" ", 1)[-1]).exists()
    assert window.windowTitle() == "arapp — Old Shop"
    window.close()
    window.ctx.db.dispose()


def test_the_demo_says_so_and_leads_to_ones_own_books(
    demo_window, qtbot, tmp_path, answer_modal, monkeypatch
):
    company = get_company(demo_window.ctx)
    assert company is not None
    assert demo_window.windowTitle() == f"arapp — {company.name} (demo)"
    assert demo_window.notices.texts() == [DEMO_NOTICE]
    (start,) = [
        b for b in demo_window.notices.findChildren(QPushButton, "noticeButton") if b.isVisible()
    ]
    assert start.text() == "Start m&y own books…"
    for where in every_page(demo_window):  # the notice stays over every tab and page
        assert collisions(demo_window) == {}, where
    own = tmp_path / "corner-shop.sqlite3"
    answer_modal(fill_in(own))
    start.click()
    window = new_window(demo_window)
    qtbot.addWidget(window)
    assert window.windowTitle() == "arapp — Corner Shop"
    assert window.notices.texts() == []
    # The next start opens one's own books, not the demo.
    started: list[AppContext] = []
    stub_window_start(monkeypatch, lambda ctx, _notices: started.append(ctx))
    assert app.run_window() == 0
    assert started[0].db.sqlite_path == str(own.resolve())
    assert not is_demo_books(started[0])
    started[0].db.dispose()
    window.close()
    window.ctx.db.dispose()


def test_recent_books_are_remembered_across_a_restart(demo_window, qtbot, tmp_path):
    demo = Path(demo_window.ctx.db.sqlite_path)
    first = create_books(tmp_path / "first.sqlite3", CompanyProfile(name="First Shop"))
    gone = create_books(tmp_path / "gone.sqlite3", CompanyProfile(name="Gone Shop"))
    window = demo_window.books.open_books(gone)
    qtbot.addWidget(window)
    window = window.books.open_books(first)
    qtbot.addWidget(window)
    gone.unlink()
    # A restart: a new process reads the list from the config folder.
    from tests.helpers.cli import run_process

    info = run_process("db", "info")
    assert info.stdout.splitlines()[0] == f"database:  {first.resolve()}"
    window.close()  # and the window of the restart
    restarted = create_main_window(window.ctx)
    qtbot.addWidget(restarted)
    restarted.books.fill_recent()
    entries = [(a.text(), a.isEnabled()) for a in restarted.books.recent_actions()]
    assert entries == [
        (f"&1 first.sqlite3   ({tmp_path}) - open now", False),
        (f"&2 gone.sqlite3   ({tmp_path}) - not found", False),
        (f"&3 demo.sqlite3   ({demo.parent})", True),
    ]
    demo_entry = restarted.books.recent_actions()[2]
    demo_entry.trigger()
    back = new_window(restarted)
    qtbot.addWidget(back)
    assert back.is_demo and back.windowTitle().endswith("(demo)")
    assert paths.recent_books()[0] == demo.resolve()
    back.close()
    back.ctx.db.dispose()


def test_a_start_without_the_books_opened_last_says_so(tmp_path, monkeypatch):
    gone = create_books(tmp_path / "gone.sqlite3", CompanyProfile(name="Gone Shop"))
    paths.remember_books(gone)
    gone.unlink()
    started: list[tuple[AppContext, list[str]]] = []
    stub_window_start(monkeypatch, lambda ctx, notices: started.append((ctx, notices)))
    assert app.run_window(demo_if_new=False) == 0
    ((ctx, notices),) = started
    assert ctx.db.sqlite_path == str(paths.app_paths().default_db_file)
    assert notices == [
        f"The books opened last, {gone.resolve()}, are not there any more (moved or deleted?). "
        "These are the books in the data folder; File ▸ Open books… opens others."
    ]
    assert not gone.exists()
    ctx.db.dispose()
    # A start on books named with --db is for once: the next start opens the remembered ones.
    assert app.run_window(str(tmp_path / "once.sqlite3"), demo_if_new=False) == 0
    started[-1][0].db.dispose()
    assert paths.last_books() == paths.app_paths().default_db_file.resolve()
