# SPDX-License-Identifier: MIT
"""The plain input of the statement renderer: a customer's account as printed.

The services build a :class:`StatementDocument` from the books (open items, the ledger of the
period, the aging); :func:`arapp.pdf.statement.render_statement` only lays it out.  Every
amount is a :class:`~decimal.Decimal`, already rounded; nothing here computes money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from arapp.domain.aging import AgingRow
from arapp.pdf.document import PAPER_SIZES, Party, PaymentDetails

__all__ = ["StatementActivity", "StatementDocument", "StatementItem"]

from arapp.domain.texts import Words


@dataclass(frozen=True)
class StatementItem:
    """One open item: an invoice, a credit note or payment credit not yet used.

    Attributes:
        kind: ``invoice``, ``credit_note`` or ``payment``.
        number: Document number (payment: its reference).
        issue_date: Document date (payment: the day it arrived).
        due_date: Due date; ``None`` prints nothing (credits).
        original: Full amount of the document, positive.
        open: What is still open; negative for credit.
        days_overdue: Days past the due date; ``None`` or ``0`` prints nothing.
        payment_link: Where to pay this invoice online (the company's link filled in for it),
            or empty.
    """

    kind: str
    number: str
    issue_date: date
    due_date: date | None
    original: Decimal
    open: Decimal
    days_overdue: int | None
    payment_link: str = ""


@dataclass(frozen=True)
class StatementActivity:
    """One movement of the period, from the customer's ledger.

    Attributes:
        date: When.
        reference: Document number or payment reference.
        description: For people: "Invoice", "Payment (bank transfer)", "Late fee" ...
        amount: Positive when it raises what the customer owes (a charge), else a credit.
        balance: Running balance after this movement.
    """

    date: date
    reference: str
    description: str
    amount: Decimal
    balance: Decimal


@dataclass(frozen=True)
class StatementDocument:
    """A customer statement, ready to print.

    Attributes:
        seller: The company sending the statement (with its logo).
        customer: The customer, with its code.
        statement_date: The day the open items and the aging are taken on.
        period_start: First day of the activity shown.
        period_end: Last day of the activity shown.
        currency: ISO 4217 code of all amounts.
        locale: Locale for amounts and dates, e.g. ``"en_IE"``.
        open_items: The open items as of the statement date, oldest first.
        open_total: Their sum: what the customer owes (negative: in credit).
        opening_balance: Balance before the period.
        activity: The movements of the period, in order.
        closing_balance: Balance at the end of the period.
        aging: The open items per aging bucket.
        payment: Bank details, the reference to quote and the payment link the open invoices
            share (empty when each has its own :attr:`StatementItem.payment_link`).
        footer: Free text at the foot of every page.
        paper_size: ``"a4"`` or ``"letter"``.
    """

    seller: Party
    customer: Party
    statement_date: date
    period_start: date
    period_end: date
    currency: str
    locale: str
    open_items: tuple[StatementItem, ...]
    open_total: Decimal
    opening_balance: Decimal
    activity: tuple[StatementActivity, ...]
    closing_balance: Decimal
    aging: AgingRow
    payment: PaymentDetails = field(default_factory=PaymentDetails)
    footer: str = ""
    paper_size: str = "a4"
    words: Words = field(default_factory=Words)

    def __post_init__(self) -> None:
        if self.paper_size not in PAPER_SIZES:
            raise ValueError(f"paper_size must be one of {PAPER_SIZES}, not {self.paper_size!r}")
        if self.period_start > self.period_end:
            raise ValueError("the period starts after it ends")

    @property
    def amount_due(self) -> Decimal:
        """What to pay now: the open total, or nothing when the customer is in credit."""
        return max(self.open_total, Decimal(0))
