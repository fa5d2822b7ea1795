# SPDX-License-Identifier: MIT
"""No two things shown at once in a window share an Alt+letter (issue 13, item 7), and
Ctrl+1…Ctrl+5 show the main window's tabs.

Each window is walked as the person sees it: the main window on every tab and every page of a
tab, each dialog on every one of its tabs.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from tests.helpers.mnemonics import collisions, mnemonic
from tests.helpers.qt import activate
from tests.ui.test_laptop_screen import _dialogs


def settle() -> None:
    from PySide6.QtCore import QThreadPool

    QApplication.processEvents()
    QThreadPool.globalInstance().waitForDone(5_000)
    QApplication.processEvents()


def every_page(window: QWidget) -> Iterator[str]:
    """Show each page of each tab widget in ``window`` in turn (one level of nesting)."""
    yield "first"
    for tabs in window.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle()
            yield tabs.tabText(index)
            for inner in tabs.widget(index).findChildren(QTabWidget):
                if inner.isVisible():
                    for k in range(inner.count()):
                        inner.setCurrentIndex(k)
                        settle()
                        yield f"{tabs.tabText(index)} ▸ {inner.tabText(k)}"


def test_the_helper_reads_the_letter_qt_underlines():
    assert mnemonic("C&ollections") == "o"
    assert mnemonic("Fish && &Chips") == "c"
    assert mnemonic("No letter") is None


def test_no_two_things_on_a_main_window_page_share_an_alt_letter(main_window):
    for name in ("invoices", "payments", "collections"):
        getattr(main_window, name)
    for index in range(main_window.tabs.count()):
        main_window.tabs.setCurrentIndex(index)
        settle()
        page = main_window.tabs.currentWidget()
        seen = False
        for where in every_page(page):
            seen = True
            assert collisions(main_window) == {}, (main_window.tabs.tabText(index), where)
        assert seen


def test_ctrl_digits_show_the_tabs(main_window, qtbot):
    from PySide6.QtCore import Qt

    for index in (3, 1, 2, 0):
        qtbot.keyClick(
            main_window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier
        )
        assert main_window.tabs.currentIndex() == index
        assert main_window.tabs.tabToolTip(index).endswith(str(index + 1))


def test_no_two_things_in_a_dialog_share_an_alt_letter(main_window, ctx):
    wrong = {}
    for name, build in _dialogs(ctx, main_window).items():
        dialog = build()
        activate(dialog)
        settle()
        for where in every_page(dialog):
            found = collisions(dialog)
            if found:
                wrong[f"{name}: {where}"] = found
        dialog.hide()
        dialog.deleteLater()
    import pprint

    assert wrong == {}, pprint.pformat(wrong)


def test_no_two_items_of_a_menu_share_an_alt_letter(main_window):
    """In an open menu the underlined letter picks the item: two items with one letter make
    the first one answer (File had "&New customer…" and "&New invoice…")."""
    from PySide6.QtWidgets import QMenu

    for name in ("invoices", "payments", "collections"):
        getattr(main_window, name)
    settle()
    menus = [main_window.menuBar(), *main_window.menuBar().findChildren(QMenu)]
    wrong = {}
    for menu in menus:
        letters: dict[str, list[str]] = {}
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            letter = mnemonic(action.text())
            if letter is not None:
                letters.setdefault(letter, []).append(action.text())
        clashes = {k: v for k, v in letters.items() if len(v) > 1}
        if clashes:
            wrong[menu.title() or "menu bar"] = clashes
    assert wrong == {}
