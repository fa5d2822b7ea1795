# SPDX-License-Identifier: MIT
"""Stored bank lines: listing them, and setting them aside.

A line's status is ``new``, ``matched`` or ``ignored``. When the payment a line was matched to
is reversed (a bounced payment), the line counts as ``new`` again: that is derived from the
payment's status whenever lines are read, never stored twice, so it cannot drift. Matching it
again records a new payment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import BankTransaction, Payment
from arapp.domain.errors import ValidationError
from arapp.domain.money import quantize
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity

STATUSES = ("new", "matched", "ignored")


@dataclass(frozen=True)
class BankLine:
    """A stored bank statement line, for lists and matching.

    Attributes:
        id: Its id.
        statement_id: The statement it came with.
        account: Our account it was booked on.
        booking_date: Booking day.
        amount: Signed amount (positive: money in).
        currency: Currency.
        counterparty: Payer or payee as the bank names them.
        counterparty_account: Their IBAN or account number.
        reference: Remittance text.
        bank_ref: The bank's id of the line, or "".
        status: ``new``, ``matched`` or ``ignored`` (``new`` again when the payment was
            reversed).
        payment_id: The payment it was recorded as, while that payment stands.
    """

    id: int
    statement_id: int
    account: str
    booking_date: date
    amount: Decimal
    currency: str
    counterparty: str
    counterparty_account: str
    reference: str
    bank_ref: str
    status: str
    payment_id: int | None


def _reversed() -> ColumnElement[bool]:
    return and_(BankTransaction.status == "matched", Payment.status == "reversed")


def status_filter(status: str | None) -> ColumnElement[bool] | None:
    """SQL for lines whose (derived) status is ``status``; needs the outer join on payment."""
    if status is None:
        return None
    if status not in STATUSES:
        raise InputErrors([ValidationError("status", f"Choose one of: {', '.join(STATUSES)}.")])
    if status == "new":
        return or_(BankTransaction.status == "new", _reversed())
    if status == "matched":
        return and_(BankTransaction.status == "matched", Payment.status != "reversed")
    return BankTransaction.status == "ignored"


def line_query(status: str | None, search: str) -> Any:
    """``SELECT`` of lines as (line, derived status, payment status), filtered; for
    :func:`to_line`."""
    effective = case((_reversed(), literal("new")), else_=BankTransaction.status)
    query = select(BankTransaction, effective, Payment.status).outerjoin(
        Payment, Payment.id == BankTransaction.payment_id
    )
    where = status_filter(status)
    if where is not None:
        query = query.where(where)
    if search.strip():
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (
                        BankTransaction.counterparty,
                        BankTransaction.reference,
                        BankTransaction.counterparty_account,
                        BankTransaction.bank_ref,
                    )
                )
            )
        )
    return query


def to_line(row: BankTransaction, status: str, payment_status: str | None) -> BankLine:
    """The frozen view of a stored line with its derived status."""
    return BankLine(
        row.id,
        row.statement_id,
        row.account,
        row.booking_date,
        quantize(row.amount, row.currency),
        row.currency,
        row.counterparty,
        row.counterparty_account,
        row.reference,
        row.bank_ref,
        status,
        row.payment_id if payment_status == "recorded" else None,
    )


def list_transactions(
    ctx: AppContext,
    status: str | None = None,
    search: str = "",
    limit: int = 100,
    offset: int = 0,
) -> list[BankLine]:
    """Stored lines, newest booking first; ``search`` looks in names, references and ids."""
    query = (
        line_query(status, search)
        .order_by(BankTransaction.booking_date.desc(), BankTransaction.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with ctx.db.read() as session:
        return [to_line(*row) for row in session.execute(query)]


def count_transactions(ctx: AppContext, status: str | None = None, search: str = "") -> int:
    """How many lines :func:`list_transactions` would page through."""
    query = select(func.count()).select_from(line_query(status, search).subquery())
    with ctx.db.read() as session:
        return int(session.scalar(query) or 0)


def get_transaction(ctx: AppContext, transaction_id: int) -> BankLine:
    with ctx.db.read() as session:
        row = session.execute(
            line_query(None, "").where(BankTransaction.id == transaction_id)
        ).first()
        if row is None:
            raise NotFound(f"Bank line #{transaction_id} does not exist.")
        return to_line(*row)


def _set_status(ctx: AppContext, transaction_id: int, status: str) -> BankLine:
    with ctx.db.write() as session:
        row = session.get(BankTransaction, transaction_id, with_for_update=True)
        if row is None:
            raise NotFound(f"Bank line #{transaction_id} does not exist.")
        payment = session.get(Payment, row.payment_id) if row.payment_id else None
        if row.status == "matched" and payment is not None and payment.status == "recorded":
            raise ServiceError(
                f"Bank line #{row.id} is recorded as payment #{payment.id}; reverse that "
                "payment first."
            )
        row.status, row.payment_id = status, None
    ctx.events.emit(Change.BANK_CHANGED, Entity.BANK_TRANSACTION, transaction_id)
    return get_transaction(ctx, transaction_id)


def ignore_transaction(ctx: AppContext, transaction_id: int) -> BankLine:
    """Mark a line as not a customer's payment (a transfer between own accounts, a fee)."""
    return _set_status(ctx, transaction_id, "ignored")


def reopen_transaction(ctx: AppContext, transaction_id: int) -> BankLine:
    """Put an ignored line back among the lines to match."""
    return _set_status(ctx, transaction_id, "new")


def possible_duplicates(session: Session, lines: Sequence[BankLine]) -> dict[int, int]:
    """For each line that may be money already imported from another statement, that earlier
    line's id: same account, day and amount, the same payer account when both name one, and a
    different statement (identical lines of one statement are distinct payments)."""
    days = sorted({line.booking_date for line in lines})
    key = {(line.account, line.booking_date, line.amount) for line in lines}
    earlier: dict[tuple[str, date, Decimal], list[tuple[int, int, str]]] = {}
    for chunk in chunked(days):
        for other in session.execute(
            select(
                BankTransaction.id,
                BankTransaction.statement_id,
                BankTransaction.account,
                BankTransaction.booking_date,
                BankTransaction.amount,
                BankTransaction.counterparty_account,
            ).where(
                BankTransaction.status.in_(STATUSES),  # lets SQLite use (status, booking_date)
                BankTransaction.booking_date.in_(chunk),
            )
        ):
            found = (other.account, other.booking_date, other.amount)
            if found in key:
                earlier.setdefault(found, []).append(
                    (other.id, other.statement_id, other.counterparty_account)
                )
    twins = {}
    for line in lines:
        for other_id, statement_id, account in sorted(
            earlier.get((line.account, line.booking_date, line.amount), [])
        ):
            same_payer = not (account and line.counterparty_account) or (
                account == line.counterparty_account
            )
            if other_id < line.id and statement_id != line.statement_id and same_payer:
                twins[line.id] = other_id
                break
    return twins
