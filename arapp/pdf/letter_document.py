# SPDX-License-Identifier: MIT
"""The plain input of the reminder-letter renderer: one payment reminder on paper.

The services build a :class:`ReminderLetter` from a queued letter in the outbox (its subject
and rendered body) and the books (the invoices it reminds of, what is still open);
:func:`arapp.pdf.letter.render_letters` only lays letters out.  Every amount is a
:class:`~decimal.Decimal`, already rounded; nothing here computes money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from arapp.pdf.document import PAPER_SIZES, Party, PaymentDetails

__all__ = ["LetterInvoice", "ReminderLetter"]

from arapp.domain.texts import Words


@dataclass(frozen=True)
class LetterInvoice:
    """One invoice the letter reminds of.

    Attributes:
        number: Invoice number.
        due_date: Its due date.
        days_overdue: Days past the due date on the letter's date (0: due that day; below
            0: due in so many days).
        open: What is still open of it.
        currency: ISO 4217 code of ``open``.
        payment_link: Where to pay this invoice online (the company's link filled in for it),
            or empty.
    """

    number: str
    due_date: date
    days_overdue: int
    open: Decimal
    currency: str
    payment_link: str = ""


@dataclass(frozen=True)
class ReminderLetter:
    """A payment reminder, ready to print and post in a windowed envelope.

    Attributes:
        seller: The company sending it (with its logo).
        recipient: The customer: name, billing address, contact person, code.
        letter_date: The date printed on the letter.
        subject: The subject line (plain text).
        body: The rendered reminder text (plain text; line breaks kept, nothing interpreted).
        locale: Locale for amounts and dates, e.g. ``"en_IE"``.
        invoices: The invoices concerned, printed as one table (in the place of the body's
            listing of them, if it has one); may be empty.
        payment: Bank details, the reference to quote and the payment link the invoices share
            (empty when each has its own :attr:`LetterInvoice.payment_link`).
        footer: Free text at the foot of every page.
        paper_size: ``"a4"`` or ``"letter"``.
    """

    seller: Party
    recipient: Party
    letter_date: date
    subject: str
    body: str
    locale: str
    invoices: tuple[LetterInvoice, ...] = ()
    payment: PaymentDetails = field(default_factory=PaymentDetails)
    footer: str = ""
    paper_size: str = "a4"
    words: Words = field(default_factory=Words)

    def __post_init__(self) -> None:
        if self.paper_size not in PAPER_SIZES:
            raise ValueError(f"paper_size must be one of {PAPER_SIZES}, not {self.paper_size!r}")

    @property
    def currency(self) -> str | None:
        """The one currency of the invoices, or ``None`` (none, or several)."""
        currencies = {i.currency for i in self.invoices}
        return currencies.pop() if len(currencies) == 1 else None

    @property
    def open_total(self) -> Decimal:
        """What is open of the invoices (meaningful only with one :attr:`currency`)."""
        return sum((i.open for i in self.invoices), Decimal(0))

    @property
    def open_totals(self) -> dict[str, Decimal]:
        """What is open of the invoices per currency (in code order), only what is above 0."""
        totals: dict[str, Decimal] = {}
        for item in self.invoices:
            totals[item.currency] = totals.get(item.currency, Decimal(0)) + item.open
        return {c: totals[c] for c in sorted(totals) if totals[c] > 0}
