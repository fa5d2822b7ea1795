# SPDX-License-Identifier: MIT
"""The electronic address scheme, picked from a list by code and plain name (Settings ▸ Company
and the customer form alike); the names are :mod:`arapp.domain.eas`'s."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from arapp.domain.eas import scheme_choices
from arapp.i18n import _


def scheme_combo(value: str, fallback: str, *, compact: bool = False) -> QComboBox:
    """Every scheme the rules accept (the common ones first), after "None" (``fallback`` is
    what e-invoices then name: "your e-mail address"); a stored code the list does not know
    stays, as it is, at the end. The chosen code is the item's data. ``compact``: the closed
    list asks for room for about 30 characters only."""
    combo = QComboBox()
    combo.addItem(_("None: e-invoices name {fallback}").format(fallback=fallback), "")
    for code, label in scheme_choices():
        combo.addItem(label, code)
    if value and combo.findData(value) < 0:
        combo.addItem(value, value)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    combo.setMaxVisibleItems(15)
    if compact:  # the longest name would widen its column and squeeze the form beside it
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(30)  # the open list shows the names whole
    return combo
