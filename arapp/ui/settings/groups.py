# SPDX-License-Identifier: MIT
"""What the settings' forms share: grey notes, exact amounts, and the grouped forms
(:class:`~arapp.ui.form_groups.FormGroups`, named here too)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel

from arapp.domain.errors import ValidationError
from arapp.formatting import format_amount, parse_amount
from arapp.ui.form_groups import FormGroups
from arapp.ui.forms import plain_label

__all__ = ["FormGroups", "exact_amount_text", "note_label"]

NOTE_STYLE = "color: #555555;"
HINT_STYLE = "color: #666666;"


def note_label(text: str) -> QLabel:
    """A grey line that explains a tab or a form (plain text, wrapped)."""
    label = plain_label(text, wrap=True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def exact_amount_text(value: Decimal, currency: str, locale: str) -> str:
    """``value`` in the company's notation when that shows it exactly, else plainly
    (``0.125`` stays ``0.125`` where the currency has two decimals)."""
    try:
        shown = format_amount(value, currency, locale)
        if parse_amount(shown, locale) == value:
            return shown
    except ValidationError:
        pass
    return f"{value.normalize():f}"
