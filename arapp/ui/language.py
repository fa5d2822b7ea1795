# SPDX-License-Identifier: MIT
"""The window's language: chosen at start (see :mod:`arapp.i18n`), with Qt's own texts (the
standard buttons, the file dialogs, a text box's context menu) in the same language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from arapp.i18n import PSEUDO, SOURCE_LANGUAGE, use_language

_installed: list[QTranslator] = []


def start_language(app: QApplication, code: str | None = None) -> str:
    """Speak ``code`` (``None``: the setting, else the system's language as Qt reports it)
    in arapp's texts and Qt's; returns the code in force."""
    language = use_language(code, QLocale.system().uiLanguages())
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language not in (SOURCE_LANGUAGE, PSEUDO):
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(QLocale(language), "qtbase", "_", folder):
            app.installTranslator(translator)
            _installed.append(translator)
    return language
