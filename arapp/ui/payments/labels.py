# SPDX-License-Identifier: MIT
"""How payments read on screen: method and status words, colours.

The services store method codes (:data:`~arapp.services.payments.METHODS`); people read the
labels here. Nothing here decides anything.
"""

from __future__ import annotations

from arapp.ui.widgets.colours import VOID_COLOR

METHOD_LABELS: dict[str, str] = {
    "cash": "Cash",
    "cheque": "Cheque",
    "card": "Card",
    "bank_transfer": "Bank transfer / ACH",
    "digital_wallet": "Digital wallet",
    "other": "Other",
}
STATUS_LABELS = {"recorded": "Recorded", "reversed": "Reversed"}

REVERSED_COLOR = VOID_COLOR


def method_text(method: str) -> str:
    return METHOD_LABELS.get(method, method)


def status_text(status: str) -> str:
    return STATUS_LABELS.get(status, status)
