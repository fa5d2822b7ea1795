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

from arapp.db.models import Customer, Payment, Refund, money_sum
from arapp.domain.errors import ValidationError
from arapp.domain.money import quantize
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.payments import (
    METHODS,
    PaymentRecord,
    allocate_payment,
    check_amount,
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
            raise ServiceError("A reversed payment has nothing to apply.")
        free = payment.unapplied
        if free <= 0:
            raise ServiceError("This payment is fully applied already.")
        applied = allocate_payment(session, ctx, payment, free, allocations, on=ctx.today())
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
        record = payment_record(session, payment)
    ctx.events.emit(Change.PAYMENT_UPDATED, Entity.PAYMENT, payment_id)
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *(a.invoice_id for a in applied))
    return record


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
            raise NotFound(f"Customer #{customer_id} does not exist.")
        errors = []
        value = Decimal(0)
        try:
            value = check_amount(amount, customer.currency)
        except ValidationError as exc:
            errors.append(exc)
        if method not in METHODS:
            errors.append(ValidationError("method", f"Choose one of: {', '.join(METHODS)}."))
        if errors:
            raise InputErrors(errors)
        credit = open_credit(session, customer_id)
        if not 0 < value <= credit:
            shown = quantize(credit, customer.currency)  # a sum keeps the column's 4 places
            raise ServiceError(
                f"{customer.name} has {shown} {customer.currency} of credit to refund."
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
