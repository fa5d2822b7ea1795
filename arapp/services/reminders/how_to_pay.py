# SPDX-License-Identifier: MIT
"""How a reminder message says to pay: the payment link of each invoice, the bank details and
the reference to quote (letters print the same as a block with a QR code,
:mod:`arapp.pdf.letter`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from arapp.db.models import Company
from arapp.domain.payment_link import LinkValues, expand, shared_link
from arapp.domain.payment_qr import format_iban
from arapp.domain.texts import ENGLISH_WORDS, Words

__all__ = ["bank_text", "link_text", "payment_details", "payment_links", "reference_for"]


class _Item(Protocol):
    """What these read of a reminder (:class:`arapp.services.reminders.wording.ReminderItem`)."""

    @property
    def channel(self) -> str: ...
    @property
    def invoice_number(self) -> str: ...
    @property
    def amount_due(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...


def reference_for(numbers: Sequence[str], customer_code: str) -> str:
    """The payment reference a message asks for: the invoice number when there is one
    invoice, else the customer number (bank matching knows both), else the numbers."""
    numbers = [n for n in numbers if n]
    if len(numbers) == 1:
        return numbers[0]
    return customer_code.strip() or ", ".join(numbers)


def bank_text(company: Company | None) -> str:
    """``Bank of Ireland, IBAN IE29..., BIC AIBKIE2D`` (what is filled in)."""
    if company is None:
        return ""
    bank = [company.bank_name, company.iban and f"IBAN {format_iban(company.iban)}",
            company.bic and f"BIC {company.bic}", company.account_number]  # fmt: skip
    return ", ".join(b for b in bank if b)


def payment_links(
    items: Sequence[_Item], pattern: str, customer_code: str
) -> list[tuple[str, str]]:
    """``(invoice number, link)`` of each invoice of a message: the company's payment link
    pattern as it is today (a reminder is a new message, like the bank details it gives)
    filled in with the invoice's number and what is still open of it."""
    links: dict[str, str] = {}
    for d in items:
        values = LinkValues(d.invoice_number, d.amount_due, d.currency, customer_code)
        links.setdefault(d.invoice_number, expand(pattern, values))
    return list(links.items())


def link_text(links: Sequence[tuple[str, str]]) -> str:
    """The link the invoices share, else one ``- INV-1: link`` line per invoice (on lines of
    their own, after a line break)."""
    shared = shared_link(url for _, url in links)
    if shared or not any(url for _, url in links):
        return shared
    return "\n" + "\n".join(f"- {number}: {url}" for number, url in links if url)


def payment_details(
    items: Sequence[_Item],
    company: Company | None,
    reference: str,
    link: str,
    words: Words = ENGLISH_WORDS,
) -> str:
    """How to pay, one line a way (letters print it as a block with a QR code instead)."""
    if company is None or items[0].channel == "letter":
        return ""
    bank = bank_text(company)
    lines = []
    if link:
        lines.append(words("pay_online_line", link=link))
    if bank:
        lines.append(words("bank_transfer_line", bank=bank))
    if lines and reference:
        numbers = {d.invoice_number for d in items}
        customer = reference not in numbers and len(numbers) > 1
        lines.append(words("quote_customer_number" if customer else "quote_reference",
                           reference=reference))  # fmt: skip
    return "\n".join(lines)
