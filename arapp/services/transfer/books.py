# SPDX-License-Identifier: MIT
"""The whole books as a folder of CSV files (``arapp export all FOLDER``), read back exactly by
:mod:`arapp.services.transfer.books_import`.

The per-kind files (:mod:`~arapp.services.transfer.exports`) carry what an import from another
program needs: issued invoices, and payments with credit netted of refunds. The books carry
every document and movement that changes a balance, so that new books made from them show every
customer's ledger and the aging as of any day exactly as the old ones did:

* ``customers.csv``: the customers format;
* ``invoices.csv``: the invoices format and more columns: credit notes (``kind``, the invoice
  they credit and what of them was applied to it), voided documents (day and reason), the day
  an invoice went out and was paid off, terms, discounts, the tax as billed, notes;
* ``payments.csv``: the payments format and more columns: the rows of one payment share its
  ``payment`` key; each row with an invoice number is a part applied to it on ``applied_on``,
  a row without one is what the payment left as credit (refunded later or not); a reversed
  payment has its day and reason on every row;
* ``adjustments.csv``: early-payment discounts and write-offs (kind, reason, the payment a
  discount came with, the day it was reversed);
* ``refunds.csv``: credit paid back to customers;
* ``late_fees.csv``: which period of late fees on which invoice each fee document charged (so
  the new books never charge a period twice, nor fees on fees).

Payment plans and promises to pay move no money and are not exported; neither are drafts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from arapp.db.models import (
    Adjustment,
    CreditAllocation,
    Customer,
    Invoice,
    InvoiceLine,
    LateFeeCharge,
    Payment,
    PaymentAllocation,
    Refund,
)
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.services.context import AppContext
from arapp.services.transfer.csvfile import write_rows
from arapp.services.transfer.exports import _money, _num, customers_file
from arapp.services.write_offs import WRITE_OFF_KINDS

#: The files of exported books, in the order they are imported.
BOOK_FILES = {
    "customers.csv": "customers",
    "invoices.csv": "book_invoices",
    "payments.csv": "book_payments",
    "adjustments.csv": "adjustments",
    "refunds.csv": "refunds",
    "late_fees.csv": "late_fees",
}


def left_out(ctx: AppContext, kind: str) -> str:
    """What the per-kind file of ``kind`` (invoices or payments) leaves out of these books, as
    a sentence for people; empty when it leaves out nothing that moves money."""
    counts: list[tuple[int, str, str]] = []
    with ctx.db.read() as session:

        def count(model: type, *where: ColumnElement[bool]) -> int:
            return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

        if kind == "invoices":
            notes = Invoice.kind == DocumentKind.CREDIT_NOTE, Invoice.status != InvoiceStatus.DRAFT
            counts.append((count(Invoice, *notes), "credit note", "credit notes"))
            voided = Invoice.kind == DocumentKind.INVOICE, Invoice.status == InvoiceStatus.VOID
            counts.append((count(Invoice, *voided), "voided invoice", "voided invoices"))
            kinds = Adjustment.kind.in_(WRITE_OFF_KINDS)
            counts.append((count(Adjustment, kinds), "write-off", "write-offs"))
            discounts = Adjustment.kind == "early_payment_discount"
            counts.append(
                (count(Adjustment, discounts), "early-payment discount", "early-payment discounts")
            )
        elif kind == "payments":
            reversed_ = Payment.status == "reversed"
            counts.append((count(Payment, reversed_), "reversed payment", "reversed payments"))
            counts.append((count(Refund), "refund", "refunds"))
    found = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    if not found:
        return ""
    return (
        f"Not in this file: {', '.join(found)}. To move the whole books, use "
        "arapp export all FOLDER."
    )


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def export_books(ctx: AppContext) -> dict[str, bytes]:
    """Every file of the books by its name (:data:`BOOK_FILES`), read in one transaction (the
    files agree with each other)."""
    with ctx.db.read() as session:
        payments, keys = _payments(session)
        return {
            "customers.csv": customers_file(session),
            "invoices.csv": _documents(session),
            "payments.csv": payments,
            "adjustments.csv": _adjustments(session, keys),
            "refunds.csv": _refunds(session),
            "late_fees.csv": _late_fees(session),
        }


def _documents(session: Session) -> bytes:
    """Issued invoices and credit notes, voided or not, one row per line, by date."""
    codes = dict(session.execute(select(Customer.id, Customer.code)).all())
    numbers = dict(session.execute(select(Invoice.id, Invoice.number)).all())
    applied: defaultdict[int, list[CreditAllocation]] = defaultdict(list)
    for credit in session.scalars(select(CreditAllocation).order_by(CreditAllocation.id)):
        applied[credit.credit_note_id].append(credit)
    rows = []
    query = (
        select(Invoice, InvoiceLine)
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .where(Invoice.status != InvoiceStatus.DRAFT)
        .order_by(Invoice.issue_date, Invoice.id, InvoiceLine.position)
    )
    for inv, line in session.execute(query):
        cur = inv.currency
        note = inv.kind == DocumentKind.CREDIT_NOTE
        credits = applied.get(inv.id, [])
        related = inv.related_invoice_id
        rows.append(
            [
                inv.number or "",
                codes[inv.customer_id],
                inv.issue_date.isoformat(),
                inv.due_date.isoformat(),
                cur,
                line.description,
                _num(line.quantity),
                _money(line.unit_price, cur),
                _num(line.tax_percent) if line.tax_name else "",
                inv.kind,
                (numbers.get(related) or "") if related is not None else "",
                _money(sum((c.amount for c in credits), Decimal(0)), cur) if note else "",
                inv.payment_terms,
                _num(inv.discount_percent) if inv.discount_percent else "",
                _num(line.discount_percent) if line.discount_percent else "",
                line.tax_name,
                "yes" if line.tax_inclusive else "",
                line.unit,
                inv.notes,
                inv.sent_at.isoformat() if inv.sent_at is not None else "",
                _day(inv.paid_date if inv.status == InvoiceStatus.PAID else None),
                _day(inv.voided_on) if inv.status == InvoiceStatus.VOID else "",
                inv.void_reason if inv.status == InvoiceStatus.VOID else "",
            ]
        )
    numeric = {"quantity", "unit_price", "tax_rate", "applied", "discount", "line_discount"}
    return write_rows("book_invoices", rows, numeric=numeric)


def _payments(session: Session) -> tuple[bytes, dict[int, str]]:
    """Every payment, reversed or not: a row per part applied to an invoice and one for what
    it left as credit; and the key each payment got, by its id."""
    codes = dict(session.execute(select(Customer.id, Customer.code)).all())
    numbers = dict(session.execute(select(Invoice.id, Invoice.number)).all())
    parts: defaultdict[int, list[PaymentAllocation]] = defaultdict(list)
    for part in session.scalars(select(PaymentAllocation).order_by(PaymentAllocation.id)):
        parts[part.payment_id].append(part)
    keys: dict[int, str] = {}
    rows = []
    for pay in session.scalars(select(Payment).order_by(Payment.date, Payment.id)):
        key = keys[pay.id] = str(len(keys) + 1)
        cur = pay.currency
        reversed_ = pay.status == "reversed"
        tail = [key, "", _day(pay.reversed_on) if reversed_ else ""]
        tail.append(pay.reversal_reason if reversed_ else "")
        head = [pay.date.isoformat(), codes[pay.customer_id]]
        rest = pay.amount
        for part in parts.get(pay.id, ()):
            rest -= part.amount
            row = [*head, _money(part.amount, cur), pay.method, pay.reference]
            row += [numbers[part.invoice_id] or "", *tail]
            row[7] = part.date.isoformat()
            rows.append(row)
        if rest > 0 or not parts.get(pay.id):
            rows.append([*head, _money(rest, cur), pay.method, pay.reference, "", *tail])
    return write_rows("book_payments", rows, numeric={"amount"}), keys


def _adjustments(session: Session, keys: dict[int, str]) -> bytes:
    """Early-payment discounts and write-offs, by date (``keys``: the payments' keys)."""
    query = (
        select(Adjustment, Invoice.number, Invoice.currency)
        .join(Invoice, Invoice.id == Adjustment.invoice_id)
        .order_by(Adjustment.date, Adjustment.id)
    )
    rows = [
        [
            adj.date.isoformat(),
            number or "",
            adj.kind,
            _money(adj.amount, cur),
            adj.reason,
            keys[adj.payment_id] if adj.payment_id is not None else "",
            _day(adj.reversed_on) if adj.reversed else "",
        ]
        for adj, number, cur in session.execute(query)
    ]
    return write_rows("adjustments", rows, numeric={"amount"})


def _refunds(session: Session) -> bytes:
    """Credit paid back, by date."""
    query = (
        select(Refund, Customer.code)
        .join(Customer, Customer.id == Refund.customer_id)
        .order_by(Refund.date, Refund.id)
    )
    rows = [
        [
            ref.date.isoformat(),
            code,
            _money(ref.amount, ref.currency),
            ref.method,
            ref.reference,
        ]
        for ref, code in session.execute(query)
    ]
    return write_rows("refunds", rows, numeric={"amount"})


def _late_fees(session: Session) -> bytes:
    """The late-fee periods charged, by invoice and period."""
    numbers = dict(session.execute(select(Invoice.id, Invoice.number)).all())
    currencies = dict(session.execute(select(Invoice.id, Invoice.currency)).all())
    rows = [
        [
            numbers[fee.invoice_id] or "",
            str(fee.period),
            fee.period_start.isoformat(),
            numbers[fee.fee_invoice_id] or "",
            *(_money(v, currencies[fee.invoice_id]) for v in (fee.base, fee.flat, fee.interest)),
        ]
        for fee in session.scalars(
            select(LateFeeCharge).order_by(LateFeeCharge.invoice_id, LateFeeCharge.period)
        )
    ]
    return write_rows("late_fees", rows, numeric={"period", "base", "flat", "interest"})
