# SPDX-License-Identifier: MIT
"""The Alt+letter mnemonics a window shows at once, and the letters that two of them share.

Qt gives Alt+O to whichever widget it finds first when two visible widgets both underline O:
the Collections tab took it from the Collections menu. :func:`collisions` lists, for one shown
window, every letter that more than one of its visible menu titles, tabs, buttons, labels with a
buddy and group boxes use.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMainWindow, QTabBar, QWidget


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` in ``text`` (lower case), if any."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Every letter the shown ``window`` underlines, with what underlines it."""
    found: dict[str, list[str]] = defaultdict(list)

    def note(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter is not None:
            found[letter].append(f"{what} {text!r}")

    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                note(action.text(), "menu")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QAbstractButton):
            note(widget.text(), "button")
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            note(widget.text(), "label")
        elif isinstance(widget, QGroupBox):
            note(widget.title(), "group")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    note(widget.tabText(index), "tab")
    return dict(found)


def collisions(window: QWidget) -> dict[str, list[str]]:
    """The letters more than one visible thing in ``window`` underlines."""
    return {letter: users for letter, users in mnemonics(window).items() if len(users) > 1}
