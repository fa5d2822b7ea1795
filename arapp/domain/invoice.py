# SPDX-License-Identifier: MIT
"""The invoice's vocabulary: its statuses, its kinds of document, and the rule that settles it.

One home for words that were bare strings in many files. The values are exactly what the
database stores (``invoice.status``, ``invoice.kind``) and the check constraints allow, so a
:class:`~enum.StrEnum` member compares and hashes equal to the stored text: rows read back as
plain strings still match, and label tables keyed by the enum still find them.

The lifecycle: draft -> issued -> sent -> partially paid -> paid; a draft or an issued invoice
with nothing on it may be voided. What is paid decides the status of an issued invoice
(:func:`settle`); nothing else sets ``partially_paid`` or ``paid``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum


class InvoiceStatus(StrEnum):
    """Where an invoice or credit note stands (``invoice.status``)."""

    DRAFT = "draft"
    ISSUED = "issued"
    SENT = "sent"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOID = "void"


class DocumentKind(StrEnum):
    """What an ``invoice`` row is (``invoice.kind``)."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


#: Statuses whose balance is still owed: aging, balances, reminders and payments read these.
OPEN_STATUSES: frozenset[InvoiceStatus] = frozenset(
    {InvoiceStatus.ISSUED, InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID}
)

#: Statuses nothing is owed on and payments never touch: no number yet, or cancelled.
DRAFT_OR_VOID: frozenset[InvoiceStatus] = frozenset({InvoiceStatus.DRAFT, InvoiceStatus.VOID})


def in_order(statuses: Iterable[InvoiceStatus]) -> tuple[InvoiceStatus, ...]:
    """``statuses`` in lifecycle order (draft first): for SQL text that must not change."""
    wanted = set(statuses)
    return tuple(status for status in InvoiceStatus if status in wanted)


def settle(
    status: str,
    total: Decimal,
    amount_paid: Decimal,
    *,
    sent: bool,
    paid_date: date | None,
    day: date,
) -> tuple[InvoiceStatus, date | None]:
    """The status and paid date of an invoice with ``amount_paid`` of ``total`` paid or credited.

    Drafts and voids keep their status (and paid date). An invoice paid off keeps the day it was
    first paid off, else ``day``; one that owes again loses its paid date and goes back to sent
    (or issued, if it never went out).
    """
    current = status if isinstance(status, InvoiceStatus) else InvoiceStatus(status)
    if current in DRAFT_OR_VOID:
        return current, paid_date
    if amount_paid >= total:
        return InvoiceStatus.PAID, paid_date or day
    if amount_paid > 0:
        return InvoiceStatus.PARTIALLY_PAID, None
    return (InvoiceStatus.SENT if sent else InvoiceStatus.ISSUED), None


__all__ = [
    "DRAFT_OR_VOID",
    "OPEN_STATUSES",
    "DocumentKind",
    "InvoiceStatus",
    "in_order",
    "settle",
]
