# SPDX-License-Identifier: MIT
"""Disputes and promises across customers, for the collections "Today" page and the customer pane.

:func:`hold_overview` sorts the open holds into what a person must look at today: promises due
today, promises broken or partly kept (the promised day passed and less than the promised sum
came in on the invoices it covers) and open disputes. :func:`customer_holds` lists one
customer's holds, open ones first, :func:`hold_state` names each one's state, and
:func:`open_invoices` lists the invoices a promise or dispute can be about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, select

from arapp.db.chunks import chunked
from arapp.db.models import Customer, Invoice, InvoiceHold, open_invoice
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind
from arapp.domain.money import quantize
from arapp.services.context import AppContext
from arapp.services.reminders.holds import HoldRecord, covered_invoices, hold_record, paid_since


@dataclass(frozen=True)
class HoldLine:
    """A dispute or promise with what a person needs to act on it.

    Attributes:
        hold: The dispute or promise.
        customer_id: Whose invoices.
        customer_name: For people.
        amount_due: What is still owed on the invoices it holds.
        currency: Their currency.
        invoice_open: Whether any of them is still owed.
        paid: What came in on them since the promise was made (promises).
    """

    hold: HoldRecord
    customer_id: int
    customer_name: str
    amount_due: Decimal
    currency: str
    invoice_open: bool
    paid: Decimal = Decimal(0)


@dataclass(frozen=True)
class HoldOverview:
    """Open holds sorted for today.

    Attributes:
        promises_due: Promises whose day is today.
        promises_broken: Promises whose day has passed, broken or partly kept.
        disputes: Disputes not yet resolved.
    """

    promises_due: tuple[HoldLine, ...]
    promises_broken: tuple[HoldLine, ...]
    disputes: tuple[HoldLine, ...]


@dataclass(frozen=True)
class OpenInvoice:
    """An invoice still owed, to choose in a promise or dispute.

    Attributes:
        id: Invoice id.
        number: Its number.
        due_date: Due date.
        amount_due: What is still owed.
        currency: Currency.
    """

    id: int
    number: str
    due_date: date
    amount_due: Decimal
    currency: str


def _lines(ctx: AppContext, *where: ColumnElement[bool]) -> list[HoldLine]:
    with ctx.db.read() as session:
        rows = session.execute(
            select(InvoiceHold, Customer.name)
            .join(Invoice, Invoice.id == InvoiceHold.invoice_id)
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(*where)
            .order_by(InvoiceHold.resolved_on.is_not(None), InvoiceHold.until, InvoiceHold.id)
        ).all()
        lines = []
        for hold, name in rows:
            invoices = covered_invoices(session, hold)
            still = [i for i in invoices if i.status in OPEN_STATUSES]
            currency = invoices[0].currency
            due = sum((i.total - i.amount_paid for i in still), Decimal(0))
            paid = paid_since(hold, invoices)
            lines.append(
                HoldLine(
                    hold_record(hold, invoices), invoices[0].customer_id, name,
                    quantize(due, currency), currency, bool(still), quantize(paid, currency),
                )
            )  # fmt: skip
        return lines


def hold_overview(ctx: AppContext, as_of: date | None = None) -> HoldOverview:
    """The open disputes and promises that need a look on ``as_of`` (default today)."""
    as_of = as_of or ctx.today()
    lines = _lines(ctx, InvoiceHold.resolved_on.is_(None))
    due = [x for x in lines if x.hold.kind == "promise" and x.hold.until == as_of]
    broken = [x for x in lines if hold_state(x, as_of) in ("broken", "partly kept")]
    disputes = [x for x in lines if x.hold.kind == "dispute"]
    return HoldOverview(tuple(due), tuple(broken), tuple(disputes))


def hold_state(line: HoldLine, as_of: date) -> str:
    """``"resolved"`` (or withdrawn); for a promise ``"kept"`` (what came in on its invoices
    since reached the sum, or nothing is owed on them any more), once its day has passed
    ``"partly kept"`` (some came in) or ``"broken"`` (nothing came in); else ``"open"``."""
    hold = line.hold
    if hold.resolved_on is not None:
        return "resolved"
    if hold.kind != "promise":
        return "open"
    if not line.invoice_open or (hold.amount is not None and line.paid >= hold.amount):
        return "kept"
    if hold.until is not None and hold.until < as_of:
        return "partly kept" if line.paid > 0 else "broken"
    return "open"


def customer_holds(ctx: AppContext, customer_id: int) -> list[HoldLine]:
    """One customer's disputes and promises, open ones first."""
    return _lines(ctx, Invoice.customer_id == customer_id)


def open_invoices(ctx: AppContext, customer_id: int) -> list[OpenInvoice]:
    """The customer's invoices still owed, oldest due first."""
    with ctx.db.read() as session:
        rows = session.scalars(
            select(Invoice)
            .where(
                open_invoice(),
                Invoice.kind == DocumentKind.INVOICE,
                Invoice.customer_id == customer_id,
            )
            .order_by(Invoice.due_date, Invoice.id)
        )
        return [
            OpenInvoice(
                r.id, r.number or "", r.due_date, quantize(r.total - r.amount_paid, r.currency),
                r.currency,
            )
            for r in rows
        ]  # fmt: skip


def customer_names(ctx: AppContext, ids: set[int] | list[int]) -> dict[int, str]:
    """Names of the customers ``ids`` (for lists that keep only ids, such as the outbox)."""
    wanted = sorted(set(ids))
    names: dict[int, str] = {}
    with ctx.db.read() as session:
        for chunk in chunked(wanted):
            rows = session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(chunk)))
            names.update((cid, name) for cid, name in rows)
    return names
