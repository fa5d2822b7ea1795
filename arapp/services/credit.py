# SPDX-License-Identifier: MIT
"""A customer's credit: what payments left unapplied, applied to invoices later or refunded.

A payment's ``unapplied`` is the credit; applying it allocates as a payment does (chosen
invoices, or oldest-due first, see :func:`~arapp.services.payments.allocate_payment`), and a
refund takes it from the oldest payments first. Each function is one transaction and writes
the audit log.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Customer, Invoice, Payment, Refund, money_sum
from arapp.domain.allocation import payable
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind
from arapp.domain.money import quantize
from arapp.i18n import _
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.payments import (
    METHODS,
    Applied,
    PaymentRecord,
    allocate_payment,
    check_amount,
    discount_offered,
    locked_payment,
    payment_record,
)


def apply_credit(
    ctx: AppContext,
    payment_id: int,
    allocations: tuple[tuple[int, Decimal | str], ...] | None = None,
) -> PaymentRecord:
    """Use what a payment left unapplied on open invoices (chosen, or oldest-due first)."""
    with ctx.db.write() as session:
        payment = locked_payment(session, payment_id)
        if payment.status != "recorded":
            raise ServiceError(_("A reversed payment has nothing to apply."))
        if payment.unapplied <= 0:
            raise ServiceError(_("This payment is fully applied already."))
        applied = _use(session, ctx, payment, allocations)
        record = payment_record(session, payment)
    ctx.events.emit(Change.PAYMENT_UPDATED, Entity.PAYMENT, payment_id)
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *(a.invoice_id for a in applied))
    return record


def apply_customer_credit(
    ctx: AppContext,
    customer_id: int,
    allocations: tuple[tuple[int, Decimal | str | None], ...] | None = None,
) -> list[Applied]:
    """:func:`apply_credit` over all of a customer's credit, oldest payment first, in one
    transaction: on the invoices chosen (an amount of ``None``: what settles the invoice after
    the early-payment discount of the payment's date), or oldest-due first.

    For ``arapp payment apply-credit``; the window applies one payment's credit at a time.
    """
    with ctx.db.write() as session:
        customer = session.get(Customer, customer_id, with_for_update=True)
        if customer is None:
            raise NotFound(_("Customer #{id} does not exist.").format(id=customer_id))
        payments = list(
            session.scalars(
                select(Payment)
                .where(
                    Payment.customer_id == customer_id,
                    Payment.status == "recorded",
                    Payment.unapplied > 0,
                )
                .order_by(Payment.date, Payment.id)
                .with_for_update()
            )
        )
        if not payments:
            raise ServiceError(_("{name} has no credit to apply.").format(name=customer.name))
        applied: list[Applied] = []
        if allocations is None:
            for payment in payments:
                applied += _use(session, ctx, payment, None)
        for invoice_id, raw in allocations or ():
            applied += _credit_on(session, ctx, customer, payments, invoice_id, raw)
        if not applied:
            raise ServiceError(
                _("{name} has no open invoice to apply credit to.").format(name=customer.name)
            )
    ctx.events.emit(Change.PAYMENT_UPDATED, Entity.PAYMENT, *(p.id for p in payments))
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *(a.invoice_id for a in applied))
    return applied


def _credit_on(
    session: Session,
    ctx: AppContext,
    customer: Customer,
    payments: list[Payment],
    invoice_id: int,
    raw: Decimal | str | None,
) -> list[Applied]:
    """Put ``raw`` (``None``: what settles it) of the payments' credit on one invoice."""
    row = session.get(Invoice, invoice_id)
    if row is None or row.customer_id != customer.id or row.kind != DocumentKind.INVOICE:
        raise ServiceError(
            _("Invoice #{id} is not one of {name}'s.").format(id=invoice_id, name=customer.name)
        )
    if row.status not in OPEN_STATUSES:
        raise ServiceError(
            _("{number} is not open for payment.").format(number=row.number)
            if row.number
            else _("A draft is not open for payment.")
        )
    left = None if raw is None else _checked(raw, customer.currency)
    credit = sum((p.unapplied for p in payments), Decimal(0))
    if left is not None and left > credit:
        shown = quantize(credit, customer.currency)  # the column keeps 4 places
        raise ServiceError(
            _("{name} has {credit} {currency} of credit; {amount} is more than that.").format(
                name=customer.name, credit=shown, currency=customer.currency, amount=left
            )
        )
    applied: list[Applied] = []
    for payment in payments:
        free, balance = payment.unapplied, row.total - row.amount_paid
        if free <= 0 or balance <= 0 or left == 0:
            continue
        if left is None:
            take = payable(balance, discount_offered(row, payment.date), free)
        else:
            take = min(left, free)
            left -= take
        applied += _use(session, ctx, payment, ((row.id, take),))
    return applied


def _checked(raw: Decimal | str, currency: str) -> Decimal:
    try:
        value = check_amount(raw, currency, "allocations")
    except ValidationError as exc:
        raise InputErrors([exc]) from exc
    if value <= 0:
        raise InputErrors([ValidationError("allocations", _("Apply more than zero."))])
    return value


def _use(
    session: Session,
    ctx: AppContext,
    payment: Payment,
    chosen: tuple[tuple[int, Decimal | str], ...] | None,
) -> list[Applied]:
    """Allocate ``payment``'s credit as :func:`apply_credit` does (dated today, audit log)."""
    applied = allocate_payment(session, ctx, payment, payment.unapplied, chosen, on=ctx.today())
    if applied:
        audit.record(
            session,
            ctx,
            "credit_applied",
            "payment",
            payment.id,
            amount=sum((a.amount for a in applied), Decimal(0)),
            currency=payment.currency,
            details={a.number: str(a.amount) for a in applied},
        )
    return applied


def refund_credit(
    ctx: AppContext,
    customer_id: int,
    amount: Decimal | str,
    day: date,
    method: str,
    reference: str = "",
) -> Decimal:
    """Pay back part or all of a customer's unapplied credit."""
    with ctx.db.write() as session:
        customer = session.get(Customer, customer_id, with_for_update=True)
        if customer is None:
            raise NotFound(_("Customer #{id} does not exist.").format(id=customer_id))
        errors = []
        value = Decimal(0)
        try:
            value = check_amount(amount, customer.currency)
        except ValidationError as exc:
            errors.append(exc)
        if method not in METHODS:
            errors.append(
                ValidationError(
                    "method", _("Choose one of: {choices}.").format(choices=", ".join(METHODS))
                )
            )
        if errors:
            raise InputErrors(errors)
        credit = open_credit(session, customer_id)
        if not 0 < value <= credit:
            shown = quantize(credit, customer.currency)  # a sum keeps the column's 4 places
            raise ServiceError(
                _("{name} has {credit} {currency} of credit to refund.").format(
                    name=customer.name, credit=shown, currency=customer.currency
                )
            )
        left = value
        for payment in session.scalars(
            select(Payment)
            .where(Payment.customer_id == customer_id, Payment.unapplied > 0)
            .order_by(Payment.date, Payment.id)
            .with_for_update()
        ):
            taken = min(left, payment.unapplied)
            payment.unapplied -= taken
            left -= taken
            if not left:
                break
        refund = Refund(
            customer_id=customer_id,
            date=day,
            amount=value,
            currency=customer.currency,
            method=method,
            reference=reference.strip(),
            created_at=ctx.now(),
        )
        session.add(refund)
        session.flush()
        audit.record(
            session,
            ctx,
            "credit_refunded",
            "refund",
            refund.id,
            amount=value,
            currency=customer.currency,
        )
    ctx.events.emit(Change.PAYMENT_UPDATED, Entity.CUSTOMER, customer_id)
    return value


def customer_credit(ctx: AppContext, customer_id: int) -> Decimal:
    """Unapplied credit: payments not allocated, minus refunds."""
    with ctx.db.read() as session:
        return open_credit(session, customer_id)


def open_credit(session: Session, customer_id: int) -> Decimal:
    """:func:`customer_credit` inside the caller's transaction."""
    return session.scalar(
        select(money_sum(Payment.unapplied)).where(
            Payment.customer_id == customer_id, Payment.unapplied > 0
        )
    ) or Decimal(0)
