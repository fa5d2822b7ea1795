# SPDX-License-Identifier: MIT
"""Write off what a customer will not pay: a small balance (up to a limit) or a bad debt.

A write-off is an adjustment: it counts in the invoice's ``amount_paid`` like a payment, with a
reason in the audit log, and nothing is deleted.
"""

from __future__ import annotations

from decimal import Decimal

from arapp.db.models import Adjustment, Invoice
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import OPEN_STATUSES
from arapp.domain.money import quantize
from arapp.i18n import _
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.lifecycle import settle_status
from arapp.services.payments import check_amount
from arapp.services.settings import SMALL_BALANCE_LIMIT, read_setting

WRITE_OFF_KINDS = ("small_balance", "bad_debt")


def _amount(raw: Decimal | str, currency: str | None, field: str = "amount") -> Decimal:
    """:func:`check_amount`, its problem raised as :class:`InputErrors` (nothing is written)."""
    try:
        return check_amount(raw, currency, field)
    except ValidationError as exc:
        raise InputErrors([exc]) from exc


def write_off(
    ctx: AppContext, invoice_id: int, kind: str, reason: str, amount: Decimal | str | None = None
) -> Decimal:
    """Write off what is left on an invoice (or ``amount`` of it); returns the amount."""
    if kind not in WRITE_OFF_KINDS:
        raise ServiceError(
            _("Write-offs are {small} or {bad}.").format(small="small_balance", bad="bad_debt")
        )
    if not reason.strip():
        raise ServiceError(_("Say why the amount is written off; the reason is kept with it."))
    with ctx.db.write() as session:
        row = session.get(Invoice, invoice_id, with_for_update=True)
        if row is None:
            raise NotFound(_("Invoice #{id} does not exist.").format(id=invoice_id))
        balance = quantize(row.total - row.amount_paid, row.currency)  # 4 places stored
        if row.status not in OPEN_STATUSES or balance <= 0:
            raise ServiceError(
                _("{number} has nothing open to write off.").format(number=row.number)
                if row.number
                else _("This invoice has nothing open to write off.")
            )
        value = balance if amount is None else _amount(amount, row.currency)
        if not 0 < value <= balance:
            raise ServiceError(
                _("Write off between 0 and {balance} {currency}.").format(
                    balance=balance, currency=row.currency
                )
            )
        if kind == "small_balance":
            limit = read_setting(session, SMALL_BALANCE_LIMIT)
            if value > limit:
                raise ServiceError(
                    _(
                        "{amount} {currency} is more than the small-balance limit of {limit}; "
                        "write it off as bad debt with a reason, or change the limit in Settings."
                    ).format(amount=value, currency=row.currency, limit=limit)
                )
        session.add(
            Adjustment(
                invoice_id=row.id,
                kind=kind,
                amount=value,
                date=ctx.today(),
                reason=reason.strip(),
                created_at=ctx.now(),
            )
        )
        row.amount_paid += value
        settle_status(row, ctx.today())
        audit.record(
            session,
            ctx,
            f"write_off_{kind}",
            "invoice",
            row.id,
            amount=value,
            currency=row.currency,
            reason=reason.strip(),
            details={"number": row.number},
        )
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, invoice_id)
    return value
