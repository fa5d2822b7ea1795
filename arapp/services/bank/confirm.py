# SPDX-License-Identifier: MIT
"""Turning a bank line into a customer's payment.

:func:`confirm_match` records the payment (method ``bank_transfer``, the bank line's date,
amount and reference) with the rules of :func:`arapp.services.payments.record_payment`, and
marks the line matched, in one transaction: there is never a payment without its line marked,
nor a marked line without its payment. To undo a match, reverse the payment
(:func:`arapp.services.reversals.reverse_payment`): the line is then new again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from arapp.db.models import BankTransaction, Customer, Payment
from arapp.services import audit
from arapp.services.bank.matching import MatchProposal, propose_matches
from arapp.services.context import AppContext
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.payments import PaymentInput, PaymentRecord, add_payment

#: Auto-matching leaves a line alone when the runner-up is this close to the best candidate.
AUTO_MARGIN = 10


def confirm_match(
    ctx: AppContext,
    transaction_id: int,
    customer_id: int,
    allocations: Sequence[tuple[int, Decimal | str]] | None = None,
) -> PaymentRecord:
    """Record bank line ``transaction_id`` as ``customer_id``'s payment and mark it matched.

    ``allocations`` are ``(invoice id, amount)`` pairs (a proposal's
    :attr:`~.matching.Candidate.allocation_pairs`), or ``None`` for oldest-due first; what is
    not allocated becomes the customer's credit. Refused for money out, a line already matched,
    or a customer billed in another currency.
    """
    with ctx.db.write() as session:
        line = session.get(BankTransaction, transaction_id, with_for_update=True)
        if line is None:
            raise NotFound(f"Bank line #{transaction_id} does not exist.")
        if line.status == "matched" and line.payment_id is not None:
            payment = session.get(Payment, line.payment_id)
            if payment is not None and payment.status == "recorded":
                raise ServiceError(
                    f"Bank line #{line.id} is already matched: it is payment #{payment.id}. "
                    "Reverse that payment first to match it again."
                )
        if line.amount <= 0:
            raise ServiceError(
                f"Bank line #{line.id} is money going out; it cannot be a customer's payment."
            )
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound(f"Customer #{customer_id} does not exist.")
        if customer.currency != line.currency:
            raise ServiceError(
                f"{customer.name} is billed in {customer.currency}; this line is in "
                f"{line.currency}."
            )
        reference = " ".join((line.reference or line.bank_ref).split())[:200]
        record = add_payment(
            session,
            ctx,
            PaymentInput(
                customer_id=customer.id,
                date=line.booking_date,
                amount=line.amount,
                method="bank_transfer",
                reference=reference,
                allocations=None if allocations is None else tuple(allocations),
            ),
        )
        line.status, line.payment_id = "matched", record.id
        audit.record(
            session,
            ctx,
            "bank_line_matched",
            "bank_transaction",
            line.id,
            amount=line.amount,
            currency=line.currency,
            details={"payment": record.id, "customer": customer.code},
        )
    ctx.events.emit(Change.PAYMENT_RECORDED, Entity.PAYMENT, record.id)
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *(a.invoice_id for a in record.applied))
    ctx.events.emit(Change.BANK_CHANGED, Entity.BANK_TRANSACTION, transaction_id)
    return record


@dataclass(frozen=True)
class AutoMatch:
    """What :func:`auto_match` did with one line.

    Attributes:
        transaction_id: The bank line.
        confidence: Its best candidate's confidence (0 when there was none).
        payment: The payment recorded, or ``None`` when the line was left alone.
        note: Why it was left alone, or "".
    """

    transaction_id: int
    confidence: int
    payment: PaymentRecord | None
    note: str = ""


def auto_match(ctx: AppContext, min_confidence: int) -> list[AutoMatch]:
    """Confirm every new line whose best candidate has at least ``min_confidence``.

    A line is left alone when the runner-up is within :data:`AUTO_MARGIN` of the best, or when
    it may be the same money as a line of another statement: a person chooses. Each line is its
    own transaction; a proposal made stale by an earlier line of the run (the same invoice
    named twice) is proposed afresh once.
    """
    if not 1 <= min_confidence <= 100:
        raise ServiceError("Give a confidence from 1 to 100.")
    done: list[AutoMatch] = []
    for proposal in propose_matches(ctx):
        outcome = _auto_one(ctx, proposal.line.id, min_confidence, proposal)
        if outcome is not None:
            done.append(outcome)
    return done


def _auto_one(
    ctx: AppContext, line_id: int, least: int, proposal: MatchProposal, retry: bool = True
) -> AutoMatch | None:
    best = proposal.best
    if best is None or best.confidence < least:
        return None
    if proposal.duplicate_of is not None:
        return AutoMatch(
            line_id,
            best.confidence,
            None,
            f"it may be line {proposal.duplicate_of} again, imported from another statement",
        )
    runner = proposal.candidates[1].confidence if len(proposal.candidates) > 1 else 0
    if best.confidence - runner < AUTO_MARGIN:
        return AutoMatch(
            line_id, best.confidence, None, f"two customers are about as likely ({runner})"
        )
    try:
        record = confirm_match(ctx, line_id, best.customer_id, best.allocation_pairs)
    except ServiceError as exc:
        fresh = propose_matches(ctx, [line_id]) if retry else []
        if not fresh:
            return AutoMatch(line_id, best.confidence, None, str(exc))
        return _auto_one(ctx, line_id, least, fresh[0], retry=False)
    return AutoMatch(line_id, best.confidence, record)
