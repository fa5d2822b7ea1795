# SPDX-License-Identifier: MIT
"""How payments read on screen: method and status words, colours.

The services store method codes (:data:`~arapp.services.payments.METHODS`); people read the
labels here (marked for translation, translated where shown). Nothing here decides anything.
"""

from __future__ import annotations

from arapp.i18n import N_, _, pgettext
from arapp.ui.widgets.colours import VOID_COLOR

METHOD_LABELS: dict[str, str] = {  # shown through method_text() / _()
    "cash": N_("Cash"),
    "cheque": N_("Cheque"),
    "card": N_("Card"),
    "bank_transfer": N_("Bank transfer / ACH"),
    "digital_wallet": N_("Digital wallet"),
    "other": N_("Other"),
}

REVERSED_COLOR = VOID_COLOR


def method_text(method: str) -> str:
    """The word for a payment method code, in the window's language."""
    label = METHOD_LABELS.get(method)
    return _(label) if label is not None else method


def status_text(status: str) -> str:
    """``Recorded`` or ``Reversed``, in the window's language."""
    if status == "recorded":
        return pgettext("payment status", "Recorded")
    if status == "reversed":
        return pgettext("payment status", "Reversed")
    return status
