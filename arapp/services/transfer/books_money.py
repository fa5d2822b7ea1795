# SPDX-License-Identifier: MIT
"""Payments, adjustments and refunds of an import of books (:mod:`~.books_import`).

The rows of ``payments.csv`` with the same ``payment`` key are one payment (a row without a
key is a payment of its own): a row naming an invoice is a part applied to it on
``applied_on`` (empty: the payment's day, or the invoice's if later, as payments are applied),
a row without one is what the payment left as credit. A reversed payment keeps its parts, no
longer counted, and its day and reason. Adjustments (early-payment discounts, write-offs) are
written as they were, reversed or not; refunds take the customer's credit oldest payment first,
as :func:`arapp.services.credit.refund_credit` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from arapp.db.models import (
    Adjustment,
    Customer,
    LateFeeCharge,
    Payment,
    PaymentAllocation,
    Refund,
)
from arapp.domain.money import minor_units, quantize
from arapp.services.payments import METHODS
from arapp.services.transfer.books_state import Books
from arapp.services.transfer.checks import read_number
from arapp.services.transfer.formats import BOOK_COLUMNS
from arapp.services.write_offs import WRITE_OFF_KINDS

Cells = Iterable[tuple[int, tuple[str, ...]]]

_ADJUSTMENT_KINDS = ("early_payment_discount", *WRITE_OFF_KINDS)
_PAYMENT = BOOK_COLUMNS["book_payments"]
#: The cells every row of one payment repeats.
_SAME = tuple(
    _PAYMENT.index(c)
    for c in ("date", "customer_code", "method", "reference", "reversed_on", "reversal_reason")
)


def write_money(books: Books, kind: str, cells: Cells) -> None:
    """Check and add the rows of ``kind`` (book_payments, adjustments, refunds, late_fees)."""
    write = {
        "book_payments": _payments,
        "adjustments": _adjustments,
        "refunds": _refunds,
        "late_fees": _late_fees,
    }
    write[kind](books, cells)
    books.session.flush()


def _payments(books: Books, cells: Cells) -> None:
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, values in cells:
        key = values[_PAYMENT.index("payment")].strip() or f"\0{line}"
        group = groups.setdefault(key, [])
        if group and any(group[0][1][_PAYMENT[n]] != values[n] for n in _SAME):
            books.add(line, "payment", f"Payment {key} has other details on line {group[0][0]}.")
            continue
        group.append((line, dict(zip(_PAYMENT, values, strict=True))))
    for key, rows in groups.items():
        _payment(books, key, rows)


def _payment(books: Books, key: str, rows: list[tuple[int, dict[str, str]]]) -> None:
    line, cell = rows[0]
    before = len(books.problems)
    customer = _customer(books, line, cell["customer_code"])
    day = books.day(line, "date", cell["date"])
    method = (cell["method"] or "other").strip().lower().replace(" ", "_")
    if method not in METHODS:
        books.add(line, "method", f"“{method}” is not one of: {', '.join(METHODS)}.")
    reversed_on = books.day(line, "reversed_on", cell["reversed_on"], blank=True)
    reason = cell["reversal_reason"].strip()
    if reversed_on is not None and not reason:
        books.add(line, "reversal_reason", "Say why the payment was reversed.")
    parts: list[tuple[int, str, Decimal, date | None]] = []
    credit = Decimal(0)
    for at, row in rows:
        amount = _amount(books, at, "amount", row["amount"], customer)
        applied_on = books.day(at, "applied_on", row["applied_on"], blank=True)
        number = row["invoice_number"].strip()
        if amount is None:
            continue
        if number:
            parts.append((at, number, amount, applied_on))
        else:
            credit += amount
    if customer is None or day is None or len(books.problems) > before:
        return
    total = credit + sum((amount for _at, _n, amount, _d in parts), Decimal(0))
    payment = Payment(
        customer_id=customer.id,
        date=day,
        amount=total,
        currency=customer.currency,
        method=method,
        reference=cell["reference"].strip(),
        status="reversed" if reversed_on is not None else "recorded",
        reversal_reason=reason if reversed_on is not None else "",
        reversed_on=reversed_on,
        unapplied=Decimal(0) if reversed_on is not None else credit,
        created_at=books.ctx.now(),
    )
    books.session.add(payment)
    for at, number, amount, applied_on in parts:
        doc = books.invoice(number)
        if doc is None or doc.row.customer_id != customer.id:
            books.add(at, "invoice_number", f"There is no invoice {number} of {customer.code} "
                      "in the file.")  # fmt: skip
            continue
        on = applied_on or max(day, doc.row.issue_date)
        if on < day:
            books.add(at, "applied_on", "A payment is applied on its day or later.")
        payment.allocations.append(
            PaymentAllocation(
                invoice_id=doc.row.id, amount=amount, date=on, active=reversed_on is None
            )
        )
        if reversed_on is None:
            doc.took(amount, on)
    books.payments[key] = (payment, line)
    books.created[books.file] += 1


def _adjustments(books: Books, cells: Cells) -> None:
    columns = BOOK_COLUMNS["adjustments"]
    for line, values in cells:
        cell = dict(zip(columns, values, strict=True))
        before = len(books.problems)
        day = books.day(line, "date", cell["date"])
        number = cell["invoice_number"].strip()
        doc = books.invoice(number)
        if doc is None:
            books.add(line, "invoice_number", f"There is no invoice {number or '(empty)'} in "
                      "the file.")  # fmt: skip
        kind = cell["kind"].strip()
        if kind not in _ADJUSTMENT_KINDS:
            books.add(line, "kind", f"“{kind}” is not one of: {', '.join(_ADJUSTMENT_KINDS)}.")
        key = cell["payment"].strip()
        payment = books.payments.get(key) if key else None
        if key and payment is None:
            books.add(line, "payment", f"There is no payment {key} in payments.csv.")
        reversed_on = books.day(line, "reversed_on", cell["reversed_on"], blank=True)
        customer = books.session.get(Customer, doc.row.customer_id) if doc else None
        amount = _amount(books, line, "amount", cell["amount"], customer)
        if doc is None or day is None or amount is None or len(books.problems) > before:
            continue
        books.session.add(
            Adjustment(
                invoice_id=doc.row.id,
                payment=payment[0] if payment else None,
                kind=kind,
                amount=amount,
                date=day,
                reason=cell["reason"].strip(),
                reversed=reversed_on is not None,
                reversed_on=reversed_on,
                created_at=books.ctx.now(),
            )
        )
        if reversed_on is None:
            doc.took(amount, day)
        books.created[books.file] += 1


def _refunds(books: Books, cells: Cells) -> None:
    columns = BOOK_COLUMNS["refunds"]
    for line, values in cells:
        cell = dict(zip(columns, values, strict=True))
        before = len(books.problems)
        customer = _customer(books, line, cell["customer_code"])
        day = books.day(line, "date", cell["date"])
        amount = _amount(books, line, "amount", cell["amount"], customer)
        method = (cell["method"] or "other").strip().lower().replace(" ", "_")
        if method not in METHODS:
            books.add(line, "method", f"“{method}” is not one of: {', '.join(METHODS)}.")
        if customer is None or day is None or amount is None or len(books.problems) > before:
            continue
        credit = sorted(
            (p for p, _line in books.payments.values() if p.customer_id == customer.id),
            key=lambda p: p.date,  # stable: the file's order among payments of a day
        )
        if amount > sum((p.unapplied for p in credit), Decimal(0)):
            books.add(line, "amount", f"{customer.code} has less credit than this in "
                      "payments.csv (refunds take the credit payments left).")  # fmt: skip
            continue
        left = amount
        for payment in credit:
            taken = min(left, payment.unapplied)
            payment.unapplied -= taken
            left -= taken
        books.session.add(
            Refund(
                customer_id=customer.id,
                date=day,
                amount=amount,
                currency=customer.currency,
                method=method,
                reference=cell["reference"].strip(),
                created_at=books.ctx.now(),
            )
        )
        books.created[books.file] += 1


def _late_fees(books: Books, cells: Cells) -> None:
    columns = BOOK_COLUMNS["late_fees"]
    seen: dict[tuple[str, int], int] = {}
    for line, values in cells:
        cell = dict(zip(columns, values, strict=True))
        before = len(books.problems)
        number, fee_number = cell["invoice_number"].strip(), cell["fee_number"].strip()
        charged, fee = books.invoice(number), books.invoice(fee_number)
        if charged is None:
            books.add(line, "invoice_number", f"There is no invoice {number or '(empty)'} in "
                      "the file.")  # fmt: skip
        if fee is None:
            books.add(line, "fee_number", f"There is no invoice {fee_number or '(empty)'} in "
                      "the file.")  # fmt: skip
        read = read_number(cell["period"], 0)
        period = int(read) if isinstance(read, Decimal) and read >= 1 else None
        if period is None:
            books.add(line, "period", "The period is a whole number from 1.")
        elif (number, period) in seen:
            books.add(line, "period", f"Period {period} of {number} is also on line "
                      f"{seen[number, period]}.")  # fmt: skip
        else:
            seen[number, period] = line
        start = books.day(line, "period_start", cell["period_start"])
        amounts = [read_number(cell[c], 4) for c in ("base", "flat", "interest")]
        for column, amount in zip(("base", "flat", "interest"), amounts, strict=True):
            if isinstance(amount, str):
                books.add(line, column, amount)
        if charged is None or fee is None or period is None or start is None:
            continue
        base, flat, interest = amounts
        if len(books.problems) > before:
            continue
        assert isinstance(base, Decimal) and isinstance(flat, Decimal)
        assert isinstance(interest, Decimal)
        books.session.add(
            LateFeeCharge(
                invoice_id=charged.row.id,
                period=period,
                period_start=start,
                fee_invoice_id=fee.row.id,
                base=base,
                flat=flat,
                interest=interest,
                created_at=books.ctx.now(),
            )
        )
        books.created[books.file] += 1


def _customer(books: Books, line: int, text: str) -> Customer | None:
    code = text.strip().upper()
    customer = books.customer(code)
    if customer is None:
        books.add(line, "customer_code", f"There is no customer with code {code or '(empty)'}.")
    return customer


def _amount(
    books: Books, line: int, column: str, text: str, customer: Customer | None
) -> Decimal | None:
    value = read_number(text, 4)
    if isinstance(value, str):
        books.add(line, column, value)
        return None
    if value <= 0:
        books.add(line, column, "An amount is more than zero.")
        return None
    if customer is not None and value != quantize(value, customer.currency):
        books.add(line, column, f"More than {minor_units(customer.currency)} decimals.")
        return None
    return value
