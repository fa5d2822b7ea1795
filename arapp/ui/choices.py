# SPDX-License-Identifier: MIT
"""Suggestions offered in editable combo boxes (the services decide what is valid)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

COMMON_CURRENCIES = (
    "EUR", "USD", "GBP", "CHF", "PLN", "CZK", "SEK", "NOK", "DKK", "HUF", "RON", "TRY",
    "RSD", "CAD", "AUD", "NZD", "JPY", "CNY", "INR", "ZAR", "BRL", "MXN",
)  # fmt: skip
COMMON_TERMS = (
    "due on receipt", "net 7", "net 14", "net 30", "net 60", "eom + 30", "2/10 net 30",
)  # fmt: skip
COMMON_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL",
                  "cs_CZ", "sv_SE", "tr_TR", "sr_Latn_RS", "pt_BR", "ja_JP")  # fmt: skip


def editable_combo(
    items: tuple[str, ...], text: str = "", parent: QWidget | None = None
) -> QComboBox:
    """An editable combo with suggestions whose text starts as ``text``."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(list(items))
    combo.setCurrentText(text)
    return combo
