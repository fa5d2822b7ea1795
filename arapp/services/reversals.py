# SPDX-License-Identifier: MIT
"""Undo a payment (a bounced cheque): its invoices owe again, and the record stays.

Allocations are marked inactive and the early-payment discounts granted with the payment are
reversed, in one transaction with the audit log; a payment part of which was refunded must have
the refund reversed first.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Adjustment, Invoice, Payment, PaymentAllocation, money_sum
from arapp.i18n import _
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.events import Change, Entity
from arapp.services.lifecycle import settle_status
from arapp.services.payments import PaymentRecord, locked_payment, payment_record


def reverse_payment(ctx: AppContext, payment_id: int, reason: str) -> PaymentRecord:
    """Undo a payment (a bounced cheque): its invoices owe again; the record stays."""
    if not reason.strip():
        raise ServiceError(_("Say why the payment is reversed; the reason is kept with it."))
    with ctx.db.write() as session:
        payment = locked_payment(session, payment_id)
        if payment.status == "reversed":
            raise ServiceError(_("This payment is already reversed."))
        if payment.unapplied < payment.amount - _allocated(session, payment):
            raise ServiceError(_("Part of this payment was refunded; reverse the refund first."))
        touched = []
        for allocation in payment.allocations:
            if allocation.active:
                allocation.active = False
                allocation.invoice.amount_paid -= allocation.amount
                touched.append(allocation.invoice)
        for adjustment in session.scalars(
            select(Adjustment).where(
                Adjustment.payment_id == payment.id, Adjustment.reversed.is_(False)
            )
        ):
            adjustment.reversed, adjustment.reversed_on = True, ctx.today()
            invoice = session.get(Invoice, adjustment.invoice_id)
            assert invoice is not None
            invoice.amount_paid -= adjustment.amount
        for invoice in touched:
            settle_status(invoice, payment.date)
        payment.status, payment.reversal_reason = "reversed", reason.strip()
        payment.reversed_on = ctx.today()
        payment.unapplied = Decimal(0)
        audit.record(
            session,
            ctx,
            "payment_reversed",
            "payment",
            payment.id,
            amount=payment.amount,
            currency=payment.currency,
            reason=reason.strip(),
        )
        record = payment_record(session, payment)
    ctx.events.emit(Change.PAYMENT_UPDATED, Entity.PAYMENT, payment_id)
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *(i.id for i in touched))
    return record


def _allocated(session: Session, payment: Payment) -> Decimal:
    session.flush()
    return session.scalar(
        select(money_sum(PaymentAllocation.amount)).where(
            PaymentAllocation.payment_id == payment.id, PaymentAllocation.active.is_(True)
        )
    ) or Decimal(0)
