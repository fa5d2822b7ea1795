# SPDX-License-Identifier: MIT
"""The customer ledger: every document and movement of money with a running balance.

Invoices add what the customer owes; credit notes, payments, discounts and write-offs take it
away; refunds and reversed payments add it back. Nothing is left out: a voided invoice stands on
its day and its void on the day it happened, and so do reversed payments and adjustments, so the
balance on any day is what the customer owed then (a statement's closing balance equals its open
items as of its last day). The closing balance always equals the open invoice balances minus
open credit notes minus unapplied payment credit (:func:`balance_check` proves it; a property
test runs it over random sequences of actions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from arapp.db.models import Adjustment, Customer, Invoice, Payment, Refund, money_sum, open_invoice
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.languages import ENGLISH
from arapp.domain.money import quantize
from arapp.domain.texts import WORDS, Words
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.credit import open_credit

#: Kept in English in the descriptions; shown through ``_()`` (:func:`shown_description`).
_ADJUSTMENT_TEXT = {
    "early_payment_discount": N_("Early-payment discount"),
    "small_balance": N_("Small balance written off"),
    "bad_debt": N_("Bad debt written off"),
}


@dataclass(frozen=True)
class LedgerEntry:
    """One line of the ledger.

    Attributes:
        date: When.
        kind: invoice, credit_note, payment, payment_reversed, refund, an adjustment kind, or
            ``<kind>_voided`` / ``<adjustment kind>_reversed`` for what undid one of those.
        reference: Document number or payment reference.
        description: For people.
        amount: Positive when it raises what the customer owes.
        balance: Running balance after this entry.
    """

    date: date
    kind: str
    reference: str
    description: str
    amount: Decimal
    balance: Decimal


def customer_ledger(ctx: AppContext, customer_id: int) -> list[LedgerEntry]:
    raw: list[tuple[date, int, str, str, str, Decimal]] = []
    with ctx.db.read() as session:
        for inv in session.scalars(
            select(Invoice).where(
                Invoice.customer_id == customer_id, Invoice.status != InvoiceStatus.DRAFT
            )
        ):
            sign = -1 if inv.kind == DocumentKind.CREDIT_NOTE else 1
            label = "Credit note" if inv.kind == DocumentKind.CREDIT_NOTE else "Invoice"
            raw.append((inv.issue_date, 0, inv.kind, inv.number or "", label, inv.total * sign))
            if inv.status == InvoiceStatus.VOID:  # owed until the day it was voided
                raw.append(
                    (
                        inv.voided_on or inv.issue_date,
                        2,
                        f"{inv.kind}_voided",
                        inv.number or "",
                        f"{label} voided: {inv.void_reason}",
                        -inv.total * sign,
                    )
                )
        for pay in session.scalars(select(Payment).where(Payment.customer_id == customer_id)):
            text = f"Payment ({pay.method.replace('_', ' ')})"
            raw.append((pay.date, 1, "payment", pay.reference, text, -pay.amount))
            if pay.status == "reversed":
                raw.append(
                    (
                        pay.reversed_on or pay.date,
                        2,
                        "payment_reversed",
                        pay.reference,
                        f"Payment reversed: {pay.reversal_reason}",
                        pay.amount,
                    )
                )
        for adj, number in session.execute(
            select(Adjustment, Invoice.number)
            .join(Invoice, Invoice.id == Adjustment.invoice_id)
            .where(Invoice.customer_id == customer_id)
        ):
            text = _ADJUSTMENT_TEXT[adj.kind]
            raw.append((adj.date, 1, adj.kind, number or "", text, -adj.amount))
            if adj.reversed:  # it counted until the day it was reversed
                day = adj.reversed_on or adj.date
                raw.append(
                    (day, 2, f"{adj.kind}_reversed", number or "", f"{text}: reversed", adj.amount)
                )
        for ref in session.scalars(select(Refund).where(Refund.customer_id == customer_id)):
            raw.append((ref.date, 3, "refund", ref.reference, "Refund of credit", ref.amount))
        customer = session.get(Customer, customer_id)
        currency = customer.currency if customer else "EUR"
    entries = []
    balance = Decimal(0)
    for day, _order, kind, reference, text, amount in sorted(raw, key=lambda r: (r[0], r[1])):
        amount = quantize(amount, currency)
        balance += amount
        entries.append(LedgerEntry(day, kind, reference, text, amount, balance))
    return entries


#: The ledger's kinds a statement names by a word of its own (:func:`ledger_text`).
_WORDED = {
    DocumentKind.INVOICE: "invoice_title",
    DocumentKind.CREDIT_NOTE: "credit_note_title",
    "refund": "refund",
    **{kind: kind for kind in _ADJUSTMENT_TEXT},
}


def ledger_text(entry: LedgerEntry, words: Words) -> str:
    """What a statement says of ``entry`` in ``words``' language (the owner's own text, a
    reason, kept as written)."""
    kind, text = entry.kind, entry.description
    reason = text.split(": ", 1)[1] if ": " in text else ""
    if kind in _WORDED:
        return words(_WORDED[kind])
    if kind.endswith("_voided") and kind.removesuffix("_voided") in _WORDED:
        document = words(_WORDED[kind.removesuffix("_voided")])
        return words("voided", document=document, reason=reason)
    if kind == "payment":
        method = text.removeprefix("Payment (").removesuffix(")").replace(" ", "_")
        shown = words(f"method_{method}") if f"method_{method}" in WORDS[ENGLISH] else method
        return words("payment_by", method=shown)
    if kind == "payment_reversed":
        return words("payment_reversed", reason=reason)
    if kind.endswith("_reversed") and kind.removesuffix("_reversed") in _ADJUSTMENT_TEXT:
        return words("adjustment_reversed", what=words(kind.removesuffix("_reversed")))
    return text


#: Payment methods as the window names them (:func:`shown_description`).
_SHOWN_METHOD = {
    "cash": N_("Cash"),
    "cheque": N_("Cheque"),
    "card": N_("Card"),
    "bank_transfer": N_("Bank transfer / ACH"),
    "digital_wallet": N_("Digital wallet"),
    "other": N_("Other"),
}


def shown_description(entry: LedgerEntry) -> str:
    """``entry``'s description in the person's language, for the window and the command line
    (reasons as written). The description itself stays English: :func:`ledger_text` reads it."""
    kind, text = entry.kind, entry.description
    reason = text.split(": ", 1)[1] if ": " in text else ""
    shown = {
        DocumentKind.INVOICE: lambda: _("Invoice"),
        DocumentKind.CREDIT_NOTE: lambda: _("Credit note"),
        "invoice_voided": lambda: _("Invoice voided: {reason}").format(reason=reason),
        "credit_note_voided": lambda: _("Credit note voided: {reason}").format(reason=reason),
        "payment_reversed": lambda: _("Payment reversed: {reason}").format(reason=reason),
        "refund": lambda: _("Refund of credit"),
    }.get(kind)
    if shown is not None:
        return shown()
    if kind == "payment":
        method = text.removeprefix("Payment (").removesuffix(")").replace(" ", "_")
        label = _SHOWN_METHOD.get(method)
        return _("Payment ({method})").format(
            method=_(label) if label else method.replace("_", " ")
        )
    if kind in _ADJUSTMENT_TEXT:
        return _(_ADJUSTMENT_TEXT[kind])
    if kind.endswith("_reversed") and kind.removesuffix("_reversed") in _ADJUSTMENT_TEXT:
        what = _(_ADJUSTMENT_TEXT[kind.removesuffix("_reversed")])
        return _("{what}: reversed").format(what=what)
    return text


def balance_check(ctx: AppContext, customer_id: int) -> tuple[Decimal, Decimal]:
    """(ledger closing balance, open items minus unapplied credit): always equal."""
    entries = customer_ledger(ctx, customer_id)
    closing = entries[-1].balance if entries else Decimal(0)
    with ctx.db.read() as session:

        def open_sum(kind: DocumentKind) -> Decimal:
            return session.scalar(
                select(money_sum(Invoice.total - Invoice.amount_paid)).where(
                    Invoice.customer_id == customer_id, Invoice.kind == kind, open_invoice()
                )
            ) or Decimal(0)

        items = (
            open_sum(DocumentKind.INVOICE)
            - open_sum(DocumentKind.CREDIT_NOTE)
            - open_credit(session, customer_id)
        )
    return closing, items
