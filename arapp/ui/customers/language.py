# SPDX-License-Identifier: MIT
"""The customer's language in the window: the form's combo box and the detail pane's line.

Empty is "the company's language" (that of the company's locale), shown with its name so the
owner sees what the customer gets.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from arapp.domain.languages import LANGUAGES, company_language, language_label

TOOLTIP = (
    "The language of the e-mails this customer gets (invoices, statements, reminders), with "
    "amounts and dates written as that language does in your country"
)


def language_text(code: str, company_locale: str) -> str:
    """``Deutsch (de)``, or ``The company's: English (en)`` for a customer without their own."""
    if code:
        return language_label(code)
    return f"The company's: {language_label(company_language(company_locale))}"


def language_combo(code: str, company_locale: str) -> QComboBox:
    """The company's language first (stored as empty), then each language by its own name."""
    box = QComboBox()
    box.addItem(language_text("", company_locale), "")
    for each, name in LANGUAGES.items():
        box.addItem(f"{name} ({each})", each)
    box.setCurrentIndex(max(0, box.findData(code)))
    box.setToolTip(TOOLTIP)
    return box
