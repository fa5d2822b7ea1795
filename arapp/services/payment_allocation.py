# SPDX-License-Identifier: MIT
"""What the record-payment dialog reads and shows before anything is recorded.

:func:`open_invoices_for_allocation` lists a customer's open invoices, oldest due first (the
order :func:`~arapp.services.payments.allocate_payment` uses), each with the early-payment
discount a payment on a given date would earn. :func:`oldest_first` plans an amount over them
with the rule ``allocate_payment`` books with (:func:`arapp.domain.allocation.oldest_first`),
and :func:`summarize_allocation` checks and sums what is applied by hand. Both use the one
discount rule (:func:`~arapp.domain.allocation.discount_earned`) and the payment service's
amount check (:func:`~arapp.services.payments.check_amount`); nothing here writes. The service
still has the last word when the payment is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from arapp.db.models import Invoice, open_invoice
from arapp.domain import allocation
from arapp.domain.allocation import discount_earned
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.domain.terms import parse_terms
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.payments import check_amount, discount_offered


@dataclass(frozen=True)
class OpenInvoice:
    """An invoice a payment can go to.

    Attributes:
        id: Invoice id.
        number: Its number.
        issue_date: Issued.
        due_date: Due.
        currency: Currency.
        total: Invoice total.
        balance: Still open.
        discount: Early-payment discount earned if the rest is paid on the date asked about
            (0 when none).
        discount_until: Last day of the discount window, when there is a discount.
    """

    id: int
    number: str
    issue_date: date
    due_date: date
    currency: str
    total: Decimal
    balance: Decimal
    discount: Decimal
    discount_until: date | None

    @property
    def settles_with(self) -> Decimal:
        """What pays this invoice off on that date (the balance less the discount)."""
        return self.balance - self.discount

    def discount_when_paying(self, amount: Decimal) -> Decimal:
        """The discount granted with ``amount`` on this invoice (all of it, or none)."""
        return discount_earned(self.discount, self.balance, amount)


def _discount_until(row: Invoice) -> date | None:
    try:
        return parse_terms(row.payment_terms).discount_date(row.issue_date)
    except ValidationError:
        return None


def open_invoices_for_allocation(
    ctx: AppContext, customer_id: int, on: date | None = None
) -> list[OpenInvoice]:
    """The customer's open invoices, oldest due first, with the discount earned on ``on``
    (today by default) when paid off."""
    on = on or ctx.today()
    query = (
        select(Invoice)
        .where(
            Invoice.customer_id == customer_id, Invoice.kind == DocumentKind.INVOICE, open_invoice()
        )
        .order_by(Invoice.due_date, Invoice.issue_date, Invoice.id)
    )
    found = []
    with ctx.db.read() as session:
        for row in session.scalars(query):
            balance = quantize(row.total - row.amount_paid, row.currency)
            offered = discount_offered(row, on)
            discount = discount_earned(offered, balance, balance - offered)
            found.append(
                OpenInvoice(
                    id=row.id,
                    number=row.number or "",
                    issue_date=row.issue_date,
                    due_date=row.due_date,
                    currency=row.currency,
                    total=quantize(row.total, row.currency),
                    balance=balance,
                    discount=discount,
                    discount_until=_discount_until(row) if discount else None,
                )
            )
    return found


def oldest_first(amount: Decimal, invoices: Sequence[OpenInvoice]) -> dict[int, Decimal]:
    """``amount`` spread over ``invoices`` in their order, as ``allocate_payment`` does when no
    invoice is chosen: each is paid off (less its discount) until the money runs out."""
    # ``discount`` is what the terms offer whenever an offer can be earned at all, else 0: the
    # same discounts as the booking's offer (see discount_earned).
    balances = (allocation.OpenBalance(i.id, i.balance, i.discount) for i in invoices)
    return {part.invoice_id: part.amount for part in allocation.oldest_first(amount, balances)}


@dataclass(frozen=True)
class AllocationSummary:
    """What a payment would do with the amounts applied.

    Attributes:
        applied: Money put on invoices.
        discount: Early-payment discounts granted with it.
        credit: Left as the customer's credit (``amount - applied``); ``None`` without an
            amount; negative when more is applied than received.
        problems: ``(invoice id or None, message)``: what the service would refuse.
    """

    applied: Decimal
    discount: Decimal
    credit: Decimal | None
    problems: tuple[tuple[int | None, str], ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def summarize_allocation(
    amount: Decimal | None,
    invoices: Sequence[OpenInvoice],
    applies: Mapping[int, Decimal],
    currency: str,
) -> AllocationSummary:
    """Sum and check ``applies`` (invoice id → amount) for a payment of ``amount``."""
    applied = discount = Decimal(0)
    problems: list[tuple[int | None, str]] = []
    for invoice in invoices:
        paying = applies.get(invoice.id)
        if paying is None:
            continue
        name = invoice.number
        if paying <= 0:
            problems.append(
                (
                    invoice.id,
                    _("Apply more than zero to {number}, or leave it empty.").format(number=name),
                )
            )
            continue
        try:
            paying = check_amount(paying, currency, "allocations")
        except ValidationError as exc:
            problems.append(
                (invoice.id, _("{number}: {problem}").format(number=name, problem=exc.message))
            )
            continue
        earned = invoice.discount_when_paying(paying)
        if paying + earned > invoice.balance:
            shown = quantize(paying, currency)
            if invoice.discount:
                text = _(
                    "{number} has {balance} {currency} open; with the {discount} discount,"
                    " {settles_with} pays it; {amount} is more than that."
                ).format(
                    number=name,
                    balance=invoice.balance,
                    currency=currency,
                    discount=invoice.discount,
                    settles_with=invoice.settles_with,
                    amount=shown,
                )
            else:
                text = _(
                    "{number} has {balance} {currency} open; {amount} is more than that."
                ).format(number=name, balance=invoice.balance, currency=currency, amount=shown)
            problems.append((invoice.id, text))
            continue
        applied += paying
        discount += earned
    credit = None if amount is None else amount - applied
    if amount is not None and credit is not None and credit < 0:
        problems.append(
            (
                None,
                _("The invoices get {applied} {currency}, more than the {amount} received.").format(
                    applied=quantize(applied, currency),
                    currency=currency,
                    amount=quantize(amount, currency),
                ),
            )
        )
    return AllocationSummary(applied, discount, credit, tuple(problems))
