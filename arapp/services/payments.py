# SPDX-License-Identifier: MIT
"""Money in: record payments and allocate them.

Every function is one transaction and writes the audit log. An invoice's ``amount_paid`` is kept
equal to its active allocations plus credit-note allocations plus active adjustments, in the same
transaction as they change, so balances, aging and reminders never sum payments on the fly.

Allocation: to the invoices chosen, or automatically oldest-due first. What a payment does not
allocate stays as the customer's unapplied credit, to apply to later invoices or to refund. An
early-payment discount ("2/10 net 30") is granted when the payment is inside the discount window
and pays the rest of the invoice: the discount is booked as an adjustment, not left as an unpaid
cent. Nothing is deleted: a bounced cheque is reversed with a reason and the invoices owe again.

The rest of money in lives beside this module: :mod:`arapp.services.credit` (apply or refund a
customer's credit), :mod:`arapp.services.reversals` (undo a payment) and
:mod:`arapp.services.write_offs`; the allocation rule itself is :mod:`arapp.domain.allocation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import (
    Adjustment,
    Customer,
    Invoice,
    Payment,
    PaymentAllocation,
    get_for_update,
    open_invoice,
)
from arapp.domain import allocation as rules
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind
from arapp.domain.money import minor_units, quantize, to_decimal
from arapp.domain.terms import parse_terms
from arapp.i18n import _
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.lifecycle import settle_status

METHODS = ("cash", "cheque", "card", "bank_transfer", "digital_wallet", "other")


@dataclass(frozen=True)
class PaymentInput:
    """A payment as typed.

    Attributes:
        customer_id: Who paid.
        date: When the money arrived.
        amount: Text or Decimal, more than zero.
        method: One of :data:`METHODS`.
        reference: Cheque number, transfer reference...
        allocations: ``(invoice id, amount)`` pairs chosen by hand, or ``None`` to allocate
            oldest-due first.
    """

    customer_id: int
    date: date
    amount: Decimal | str
    method: str = "bank_transfer"
    reference: str = ""
    allocations: tuple[tuple[int, Decimal | str], ...] | None = None


@dataclass(frozen=True)
class Applied:
    """What a payment did to one invoice.

    Attributes:
        invoice_id: Invoice.
        number: Its number.
        amount: Paid on it.
        discount: Early-payment discount granted with it.
    """

    invoice_id: int
    number: str
    amount: Decimal
    discount: Decimal


@dataclass(frozen=True)
class PaymentRecord:
    """A payment and where it went.

    Attributes:
        id: Payment id.
        customer_id: Customer.
        date: Date received.
        amount: Amount received.
        currency: Currency.
        method: Method.
        reference: Reference.
        status: recorded or reversed.
        applied: Per invoice.
        unapplied: Left as credit.
    """

    id: int
    customer_id: int
    date: date
    amount: Decimal
    currency: str
    method: str
    reference: str
    status: str
    applied: tuple[Applied, ...]
    unapplied: Decimal


def check_amount(raw: Decimal | str, currency: str | None, field: str = "amount") -> Decimal:
    """``raw`` (text or Decimal) as an amount of ``currency``, to its minor unit.

    THE check of every amount money-in takes (payments, allocations, credit applied, refunds,
    write-offs, and the payment dialog's preview): a number with no more decimals than the
    currency has. ``10.50`` and ``10.500`` EUR are both 10.50; ``10.005`` EUR, ``5.5`` JPY and
    ``1.2345`` KWD are refused, never rounded: a cent typed too many is a typing mistake. Without
    a currency (the customer is not known yet) only the number is checked.

    Raises:
        ValidationError: for ``field``: not a number, too large, or too many decimals.
    """
    try:
        value = to_decimal(raw)
        if currency is None:
            return value
        rounded = quantize(value, currency)
    except ValidationError as exc:
        raise ValidationError(field, exc.message) from None
    if rounded != value:
        places = minor_units(currency)
        if places:
            message = _("{value} has too many decimals: {currency} amounts have {places}.").format(
                value=value, currency=currency, places=places
            )
        else:
            message = _("{value} has decimals: {currency} amounts are whole numbers.").format(
                value=value, currency=currency
            )
        raise ValidationError(field, message)
    return rounded


def _chosen(
    chosen: tuple[tuple[int, Decimal | str], ...], currency: str
) -> list[tuple[int, Decimal]]:
    """The amounts chosen per invoice, checked all at once (``field="allocations"``)."""
    parsed, errors = [], []
    for invoice_id, raw in chosen:
        try:
            parsed.append((invoice_id, check_amount(raw, currency, "allocations")))
        except ValidationError as exc:
            errors.append(
                ValidationError(
                    exc.ref,
                    _("Invoice #{id}: {problem}").format(id=invoice_id, problem=exc.message),
                )
            )
    if errors:
        raise InputErrors(errors)
    return parsed


def _open_invoices(session: Session, customer_id: int) -> list[Invoice]:
    return list(
        session.scalars(
            select(Invoice)
            .where(
                Invoice.customer_id == customer_id,
                Invoice.kind == DocumentKind.INVOICE,
                open_invoice(),
            )
            .order_by(Invoice.due_date, Invoice.issue_date, Invoice.id)
            .with_for_update()
        )
    )


def discount_offered(row: Invoice, pay_date: date) -> Decimal:
    """The early-payment discount ``row``'s terms give for a payment on ``pay_date`` (0: none)."""
    terms = parse_terms(row.payment_terms)
    return rules.discount_offered(terms, row.issue_date, row.total, row.currency, pay_date)


def open_balance(row: Invoice, pay_date: date) -> rules.OpenBalance:
    """``row`` as the allocation rule sees it for a payment on ``pay_date``."""
    return rules.OpenBalance(row.id, row.total - row.amount_paid, discount_offered(row, pay_date))


def _apply(
    session: Session,
    ctx: AppContext,
    payment: Payment,
    row: Invoice,
    amount: Decimal,
    on: date | None = None,
) -> Applied:
    """Put ``amount`` of ``payment`` on ``row`` (with its discount when earned), dated ``on``
    (default: the payment's date), never before the invoice's date."""
    balance = row.total - row.amount_paid
    discount = rules.discount_earned(discount_offered(row, payment.date), balance, amount)
    if amount + discount > balance:
        raise ServiceError(
            _("{number} has {balance} {currency} open; {amount} is more than that.").format(
                number=row.number, balance=balance, currency=row.currency, amount=amount
            )
        )
    # the day it happened, never before the invoice existed: aging as of any day stays exact
    day = max(on or payment.date, row.issue_date)
    session.add(PaymentAllocation(payment=payment, invoice=row, amount=amount, date=day))
    row.amount_paid += amount
    payment.unapplied -= amount
    if discount:
        session.add(
            Adjustment(
                invoice_id=row.id,
                payment=payment,
                kind="early_payment_discount",
                amount=discount,
                date=day,
                reason=str(parse_terms(row.payment_terms)),
                created_at=ctx.now(),
            )
        )
        row.amount_paid += discount
    settle_status(row, day)
    return Applied(row.id, row.number or "", amount, discount)


def allocate_payment(
    session: Session,
    ctx: AppContext,
    payment: Payment,
    available: Decimal,
    chosen: tuple[tuple[int, Decimal | str], ...] | None,
    on: date | None = None,
) -> list[Applied]:
    """Allocate ``available`` of ``payment``: as ``chosen``, or oldest due first. ``on`` dates
    the allocations (default the payment's date; credit applied later is dated that day)."""
    applied: list[Applied] = []
    if chosen is not None:
        for invoice_id, amount in _chosen(chosen, payment.currency):
            row = get_for_update(session, Invoice, invoice_id)
            if (
                row is None
                or row.customer_id != payment.customer_id
                or row.kind != DocumentKind.INVOICE
            ):
                raise ServiceError(
                    _("Invoice #{id} is not one of this customer's.").format(id=invoice_id)
                )
            if row.status not in OPEN_STATUSES:
                raise ServiceError(
                    _("{number} is not open for payment.").format(number=row.number)
                    if row.number
                    else _("A draft is not open for payment.")
                )
            if amount <= 0 or amount > available:
                raise ServiceError(
                    _("Allocate between 0 and {available} to {number}.").format(
                        available=available, number=row.number
                    )
                )
            applied.append(_apply(session, ctx, payment, row, amount, on))
            available -= amount
        return applied
    rows = {row.id: row for row in _open_invoices(session, payment.customer_id)}
    balances = (open_balance(row, payment.date) for row in rows.values())
    for part in rules.oldest_first(available, balances):
        applied.append(_apply(session, ctx, payment, rows[part.invoice_id], part.amount, on))
    return applied


def record_payment(ctx: AppContext, data: PaymentInput) -> PaymentRecord:
    """Record money received and allocate it; what is left becomes the customer's credit."""
    with ctx.db.write() as session:
        record = add_payment(session, ctx, data)
    ctx.events.emit(Change.PAYMENT_RECORDED, Entity.PAYMENT, record.id)
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *(a.invoice_id for a in record.applied))
    return record


def add_payment(session: Session, ctx: AppContext, data: PaymentInput) -> PaymentRecord:
    """:func:`record_payment` inside the caller's transaction (checks, allocation, audit log).

    For a use case that records a payment together with other changes, such as matching a bank
    line; the caller commits and emits ``payment_recorded`` and ``invoice_updated``.
    """
    errors = []
    customer = session.get(Customer, data.customer_id)
    if customer is None:
        errors.append(ValidationError("customer", _("Choose a customer.")))
    currency = customer.currency if customer is not None else None
    amount = Decimal(0)
    try:
        amount = check_amount(data.amount, currency)
        if amount <= 0:
            errors.append(ValidationError("amount", _("A payment is more than zero.")))
    except ValidationError as exc:
        errors.append(exc)
    if data.method not in METHODS:
        errors.append(
            ValidationError(
                "method", _("Choose one of: {methods}.").format(methods=", ".join(METHODS))
            )
        )
    if data.date > ctx.today():
        errors.append(ValidationError("date", _("A payment cannot be dated in the future.")))
    if data.allocations is not None and currency is not None:
        try:
            _chosen(data.allocations, currency)
        except InputErrors as exc:
            errors.extend(exc.errors)
    if errors or customer is None:
        raise InputErrors(errors)
    payment = Payment(
        customer_id=customer.id,
        date=data.date,
        amount=amount,
        unapplied=amount,
        currency=customer.currency,
        method=data.method,
        reference=data.reference.strip(),
        status="recorded",
        created_at=ctx.now(),
    )
    session.add(payment)
    applied = allocate_payment(session, ctx, payment, amount, data.allocations)
    granted = {a.invoice_id: a.discount for a in applied if a.discount}
    record = payment_record(session, payment, granted)  # flushes: the payment has its id
    audit.record(
        session,
        ctx,
        "payment_recorded",
        "payment",
        payment.id,
        amount=amount,
        currency=customer.currency,
        details={
            "applied": {a.number: str(a.amount) for a in applied},
            "discounts": {a.number: str(a.discount) for a in applied if a.discount},
        },
    )
    return record


def get_payment(ctx: AppContext, payment_id: int) -> PaymentRecord:
    with ctx.db.read() as session:
        return payment_record(session, locked_payment(session, payment_id))


def locked_payment(session: Session, payment_id: int) -> Payment:
    """The payment, locked for update in the caller's transaction (``NotFound`` if none)."""
    payment = session.get(Payment, payment_id, with_for_update=True)
    if payment is None:
        raise NotFound(_("Payment #{id} does not exist.").format(id=payment_id))
    return payment


def payment_record(
    session: Session, payment: Payment, discounts: dict[int, Decimal] | None = None
) -> PaymentRecord:
    """``payment`` and where it went now, as the frozen record the faces get.

    ``discounts`` are the early-payment discounts per invoice when the caller has just granted
    them all (a payment being recorded); otherwise they are read back.
    """
    session.flush()
    if discounts is None:
        discounts = {
            a.invoice_id: a.amount
            for a in session.scalars(select(Adjustment).where(Adjustment.payment_id == payment.id))
        }
    cur = payment.currency
    applied = tuple(
        Applied(
            a.invoice_id,
            a.invoice.number or "",
            quantize(a.amount, cur),
            quantize(discounts.get(a.invoice_id, Decimal(0)), cur),
        )
        for a in payment.allocations
        if a.active
    )
    return PaymentRecord(
        payment.id,
        payment.customer_id,
        payment.date,
        quantize(payment.amount, cur),
        cur,
        payment.method,
        payment.reference,
        payment.status,
        applied,
        quantize(payment.unapplied, cur),
    )
