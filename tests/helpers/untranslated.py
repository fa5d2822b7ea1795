# SPDX-License-Identifier: MIT
"""Find the texts of a window that did not pass through arapp.i18n's ``_()``.

Under the pseudo-translation (``use_language("pseudo")``) every translated text reads
``⟦…⟧``; :func:`untranslated_texts` walks a widget tree (labels, buttons, group boxes, tabs,
menus and their actions, list headers, placeholders, tool tips, combo box entries, spin box
suffixes and special texts, window titles) and returns every text with letters that is not so
marked and is not data from the books (``data``: texts, such as customer names, that come from
the books and stay as typed).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from arapp.i18n import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN, SOURCE_LANGUAGE, use_language

#: Texts that are not words: shortcuts, amounts, dates in figures, codes.
_NOT_WORDS = re.compile(
    r"^(?:(?:Ctrl|Alt|Shift|Meta|Cmd)\+)*(?:F\d{1,2}|\w)$"  # a shortcut
    r"|^[A-Z]{3}$"  # a currency code
    r"|^[^A-Za-zÀ-ÿ]*$"  # no letters at all
    r"|^(?:https?|mailto):\S+$"  # a web or mail address (an example pattern, say)
)
_TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return _TAG.sub(" ", text).replace("&nbsp;", " ").strip()


def _has_letters(text: str) -> bool:
    """Letters of any script: × and ÷ sit among the accented letters, but are none."""
    return any(ch.isalpha() for ch in text)


def _translated(text: str) -> bool:
    return PSEUDO_OPEN in text and PSEUDO_CLOSE in text


def _texts_of_widget(widget: QWidget) -> Iterator[tuple[str, str]]:
    kind = type(widget).__name__
    if widget.isWindow():
        yield f"{kind} window title", widget.windowTitle()
    yield f"{kind} tool tip", widget.toolTip()
    if isinstance(widget, QLabel):
        yield f"{kind} text", widget.text()
    if isinstance(widget, QAbstractButton):
        box = widget.parent()
        standard = isinstance(box, QDialogButtonBox) and box.standardButton(widget) != (
            QDialogButtonBox.StandardButton.NoButton
        )
        if not standard:  # Qt translates its standard buttons itself
            yield f"{kind} text", widget.text()
    if isinstance(widget, QGroupBox):
        yield f"{kind} title", widget.title()
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        yield f"{kind} placeholder", widget.placeholderText()
    if isinstance(widget, QComboBox) and not widget.isEditable():
        for index in range(widget.count()):
            yield f"{kind} entry", widget.itemText(index)
    if isinstance(widget, QSpinBox | QDoubleSpinBox):  # "12 invoices": the words around it
        yield f"{kind} prefix", widget.prefix()
        yield f"{kind} suffix", widget.suffix()
    if isinstance(widget, QAbstractSpinBox):
        yield f"{kind} special text", widget.specialValueText()
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield f"{kind} tab", widget.tabText(index)
            yield f"{kind} tab tool tip", widget.tabToolTip(index)
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _headers(kind, widget.model())
    actions = list(widget.actions())
    if isinstance(widget, QMainWindow):
        actions += widget.menuBar().actions()
    for action in actions:
        yield from _texts_of_action(action)


def _headers(kind: str, model: QAbstractItemModel) -> Iterator[tuple[str, str]]:
    role = Qt.ItemDataRole.DisplayRole
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list widget's own model keeps its columns private: it has no headers
        return
    for column in range(columns):
        value = model.headerData(column, Qt.Orientation.Horizontal, role)
        if isinstance(value, str):
            yield f"{kind} header", value


def _texts_of_action(action: QAction, seen: set[int] | None = None) -> Iterator[tuple[str, str]]:
    seen = set() if seen is None else seen
    if id(action) in seen:
        return
    seen.add(id(action))
    yield "action", action.text()
    if action.toolTip() != action.text().replace("&", ""):
        yield "action tool tip", action.toolTip()
    menu = action.menu()
    if isinstance(menu, QMenu):
        yield "menu title", menu.title()
        for inner in menu.actions():
            yield from _texts_of_action(inner, seen)


def untranslated_texts(top: QWidget, data: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(where, text) of every text below ``top`` (itself included) shown untranslated."""
    # a name such as "Acme <b>&" is read as typed, and as _plain() leaves it of a rich text
    known = sorted({t for d in data for t in (d, _plain(d)) if t}, key=len, reverse=True)
    found: list[tuple[str, str]] = []
    for widget in [top, *top.findChildren(QWidget)]:
        for where, text in _texts_of_widget(widget):
            plain = _plain(text)
            if not _has_letters(plain) or _translated(plain):
                continue
            if _NOT_WORDS.match(plain.replace("&", "")):
                continue
            rest = plain
            for item in known:
                rest = rest.replace(item, "")
            if not _has_letters(rest):
                continue
            entry = (f"{where} ({widget.objectName() or type(widget).__name__})", plain)
            if entry not in found:
                found.append(entry)
    return found


@contextlib.contextmanager
def pseudo_language() -> Iterator[None]:
    """Every ``_()`` pseudo-translates while inside; English again after."""
    use_language(PSEUDO)
    try:
        yield
    finally:
        use_language(SOURCE_LANGUAGE)
