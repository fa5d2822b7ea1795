# SPDX-License-Identifier: MIT
"""How invoices read on screen: status words and titles.

Shared by the invoice table, the editor and the read-only view so they all say the same thing.
The words describe what the services decided (status, days overdue); nothing here decides.
Colours and numbers typed in cells are the whole window's: :mod:`arapp.ui.widgets`.
"""

from __future__ import annotations

from decimal import Decimal

from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.i18n import _, ngettext, pgettext


def status_label(status: str) -> str:
    """The word for an invoice status (``Draft``, ``Partially paid``…), in the window's
    language."""
    labels = {
        InvoiceStatus.DRAFT: pgettext("invoice status", "Draft"),
        InvoiceStatus.ISSUED: pgettext("invoice status", "Issued"),
        InvoiceStatus.SENT: pgettext("invoice status", "Sent"),
        InvoiceStatus.PARTIALLY_PAID: pgettext("invoice status", "Partially paid"),
        InvoiceStatus.PAID: pgettext("invoice status", "Paid"),
        InvoiceStatus.VOID: pgettext("invoice status", "Void"),
    }
    return labels.get(status, status)


def kind_label(kind: str) -> str:
    """``Invoice`` or ``Credit note``."""
    if kind == DocumentKind.CREDIT_NOTE:
        return _("Credit note")
    return _("Invoice") if kind == DocumentKind.INVOICE else kind


def status_text(
    status: str, kind: str, days_overdue: int = 0, balance: Decimal = Decimal(0)
) -> str:
    """``Draft``, ``Sent``, ``Overdue 12 days``, ``Credit note · open credit``…"""
    if status == InvoiceStatus.VOID:
        return pgettext("invoice status", "Void")
    if kind == DocumentKind.CREDIT_NOTE and status != InvoiceStatus.DRAFT:
        return _("Credit note · open credit") if balance > 0 else _("Credit note")
    if days_overdue > 0:
        return ngettext("Overdue {count} day", "Overdue {count} days", days_overdue).format(
            count=f"{days_overdue:,}"
        )
    return status_label(status)


def document_title(kind: str, number: str | None) -> str:
    """``Invoice INV-2026-00001``, ``Draft invoice``, ``Credit note CN-2026-00002``."""
    if kind == DocumentKind.CREDIT_NOTE:
        return _("Credit note {number}").format(number=number) if number else _("Draft credit note")
    if number:
        return _("Invoice {number}").format(number=number)
    return _("Draft invoice")


def signed(amount: Decimal, kind: str) -> Decimal:
    """Credit notes read as negative amounts in lists (as the services total them)."""
    return -amount if kind == DocumentKind.CREDIT_NOTE else amount
