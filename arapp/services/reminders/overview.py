# SPDX-License-Identifier: MIT
"""Disputes and promises across customers, for the collections "Today" page and the customer pane.

:func:`hold_overview` sorts the open holds into what a person must look at today: promises due
today, promises broken (the promised day passed and the invoice is still owed) and open
disputes. :func:`customer_holds` lists one customer's holds, open ones first, :func:`hold_state`
names each one's state, and :func:`open_invoices` lists the invoices a promise or dispute can be
about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, select

from arapp.db.chunks import chunked
from arapp.db.models import Customer, Invoice, InvoiceHold, open_invoice
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.services.context import AppContext
from arapp.services.reminders.holds import HoldRecord


@dataclass(frozen=True)
class HoldLine:
    """A dispute or promise with what a person needs to act on it.

    Attributes:
        hold: The dispute or promise.
        customer_id: Whose invoice.
        customer_name: For people.
        amount_due: What is still owed on the invoice.
        currency: Its currency.
        invoice_open: Whether the invoice is still owed.
    """

    hold: HoldRecord
    customer_id: int
    customer_name: str
    amount_due: Decimal
    currency: str
    invoice_open: bool


@dataclass(frozen=True)
class HoldOverview:
    """Open holds sorted for today.

    Attributes:
        promises_due: Promises whose day is today.
        promises_broken: Promises whose day has passed with the invoice still owed.
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
    open_ids: set[int] = set()
    with ctx.db.read() as session:
        rows = session.execute(
            select(InvoiceHold, Invoice, Customer.name)
            .join(Invoice, Invoice.id == InvoiceHold.invoice_id)
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(*where)
            .order_by(InvoiceHold.resolved_on.is_not(None), InvoiceHold.until, InvoiceHold.id)
        ).all()
        ids = [invoice.id for _, invoice, _ in rows]
        for chunk in chunked(ids):
            open_ids.update(
                session.scalars(select(Invoice.id).where(open_invoice(), Invoice.id.in_(chunk)))
            )
        return [
            HoldLine(
                HoldRecord(
                    h.id, h.invoice_id, i.number or "", h.kind, h.opened_on, h.until,
                    h.resolved_on, h.note,
                ),
                i.customer_id, name, quantize(i.total - i.amount_paid, i.currency), i.currency,
                i.id in open_ids,
            )
            for h, i, name in rows
        ]  # fmt: skip


def hold_overview(ctx: AppContext, as_of: date | None = None) -> HoldOverview:
    """The open disputes and promises that need a look on ``as_of`` (default today)."""
    as_of = as_of or ctx.today()
    lines = _lines(ctx, InvoiceHold.resolved_on.is_(None))
    due = [x for x in lines if x.hold.kind == "promise" and x.hold.until == as_of]
    broken = [
        x
        for x in lines
        if x.hold.kind == "promise" and x.invoice_open and x.hold.until and x.hold.until < as_of
    ]
    disputes = [x for x in lines if x.hold.kind == "dispute"]
    return HoldOverview(tuple(due), tuple(broken), tuple(disputes))


def hold_state(line: HoldLine, as_of: date) -> str:
    """``"resolved"`` (or withdrawn), ``"kept"`` (a promise whose invoice is no longer owed),
    ``"broken"`` (a promise whose day passed with the invoice still owed) or ``"open"``."""
    hold = line.hold
    if hold.resolved_on is not None:
        return "resolved"
    if hold.kind != "promise":
        return "open"
    if not line.invoice_open:
        return "kept"
    return "broken" if hold.until is not None and hold.until < as_of else "open"


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
