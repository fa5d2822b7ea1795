# SPDX-License-Identifier: MIT
"""How invoices read on screen: status words and titles.

Shared by the invoice table, the editor and the read-only view so they all say the same thing.
The words describe what the services decided (status, days overdue); nothing here decides.
Colours and numbers typed in cells are the whole window's: :mod:`arapp.ui.widgets`.
"""

from __future__ import annotations

from decimal import Decimal

from arapp.domain.invoice import DocumentKind, InvoiceStatus

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
