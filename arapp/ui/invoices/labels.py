# SPDX-License-Identifier: MIT
"""How invoices read on screen: status words, colours and numbers typed in the company's locale.

Shared by the invoice table, the editor and the read-only view so they all say the same thing.
The words describe what the services decided (status, days overdue); nothing here decides.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_decimal_symbol
from PySide6.QtGui import QColor

from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import minor_units
from arapp.formatting import parse_amount

OVERDUE_COLOR = QColor("#9b1c1c")
VOID_COLOR = QColor("#8a8a8a")
DRAFT_COLOR = QColor("#5a5a7a")
HOLD_COLOR = QColor("#9a4a00")
ERROR_BACKGROUND = QColor("#fde8e8")

STATUS_LABELS = {
    InvoiceStatus.DRAFT: "Draft",
    InvoiceStatus.ISSUED: "Issued",
    InvoiceStatus.SENT: "Sent",
    InvoiceStatus.PARTIALLY_PAID: "Partially paid",
    InvoiceStatus.PAID: "Paid",
    InvoiceStatus.VOID: "Void",
}
KIND_LABELS = {DocumentKind.INVOICE: "Invoice", DocumentKind.CREDIT_NOTE: "Credit note"}


def status_text(
    status: str, kind: str, days_overdue: int = 0, balance: Decimal = Decimal(0)
) -> str:
    """``Draft``, ``Sent``, ``Overdue 12 days``, ``Credit note · open credit``…"""
    if status == InvoiceStatus.VOID:
        return "Void"
    if kind == DocumentKind.CREDIT_NOTE and status != InvoiceStatus.DRAFT:
        return "Credit note · open credit" if balance > 0 else "Credit note"
    if days_overdue > 0:
        return f"Overdue {days_overdue:,} day{'' if days_overdue == 1 else 's'}"
    return STATUS_LABELS.get(status, status)


def document_title(kind: str, number: str | None) -> str:
    """``Invoice INV-2026-00001``, ``Draft invoice``, ``Credit note CN-2026-00002``."""
    what = KIND_LABELS.get(kind, kind)
    return f"{what} {number}" if number else f"Draft {what.lower()}"


def signed(amount: Decimal, kind: str) -> Decimal:
    """Credit notes read as negative amounts in lists (as the services total them)."""
    return -amount if kind == DocumentKind.CREDIT_NOTE else amount


# -- numbers typed in cells --------------------------------------------------------------------


def number_text(value: Decimal, locale: str, currency: str | None = None) -> str:
    """``value`` as a person types it in ``locale`` (no grouping, no needless zeros).

    With ``currency`` the value shows at least the currency's decimals (``12.50``, not ``12.5``).
    """
    shown = value.normalize()
    if currency is not None:
        places = minor_units(currency)
        if shown.as_tuple().exponent > -places:  # type: ignore[operator]
            shown = value.quantize(Decimal(1).scaleb(-places))
    return format(shown, "f").replace(".", get_decimal_symbol(locale))


def parse_number(text: str, locale: str) -> Decimal:
    """A number typed in the company's locale (``19.99`` in English, ``19,99`` in German).

    Raises ``ValidationError`` with a message for people (see
    :func:`arapp.formatting.parse_amount`).
    """
    return parse_amount(text, locale)
