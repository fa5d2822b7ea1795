# SPDX-License-Identifier: MIT
"""Disputes and promises to pay: each holds an invoice's reminders, and each is written to the
customer's contact log in the same transaction.

An open dispute holds until resolved; a promise holds through its promised day (then reminders
resume by themselves) or until withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import ContactLogEntry, Invoice, InvoiceHold
from arapp.domain.errors import ValidationError
from arapp.domain.reminders import Hold
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity


@dataclass(frozen=True)
class HoldRecord:
    """A dispute or promise on an invoice.

    Attributes:
        id: Database id.
        invoice_id: The invoice held.
        invoice_number: Its number.
        kind: ``"dispute"`` or ``"promise"``.
        opened_on: The day it was recorded.
        until: The promised day (promises).
        resolved_on: The day it was resolved or withdrawn, if so.
        note: What was said.
    """

    id: int
    invoice_id: int
    invoice_number: str
    kind: str
    opened_on: date
    until: date | None
    resolved_on: date | None
    note: str


def _record(row: InvoiceHold, number: str) -> HoldRecord:
    return HoldRecord(
        row.id, row.invoice_id, number, row.kind, row.opened_on, row.until, row.resolved_on,
        row.note,
    )  # fmt: skip


def _log(session: Session, ctx: AppContext, invoice: Invoice, kind: str, text: str,
         follow_up: date | None = None) -> None:  # fmt: skip
    session.add(
        ContactLogEntry(
            customer_id=invoice.customer_id, at=ctx.now(), kind=kind, summary=text,
            follow_up=follow_up,
        )
    )  # fmt: skip


def _invoice(session: Session, invoice_id: int) -> Invoice:
    row = session.get(Invoice, invoice_id)
    if row is None:
        raise NotFound(f"Invoice #{invoice_id} does not exist.")
    return row


def open_dispute(ctx: AppContext, invoice_id: int, note: str) -> HoldRecord:
    """Record a dispute; the invoice's reminders wait until it is resolved."""
    if not note.strip():
        raise InputErrors([ValidationError("note", "Say what the customer disputes.")])
    with ctx.db.write() as session:
        invoice = _invoice(session, invoice_id)
        row = InvoiceHold(
            invoice_id=invoice_id, kind="dispute", opened_on=ctx.today(), note=note.strip(),
            created_at=ctx.now(),
        )  # fmt: skip
        session.add(row)
        _log(session, ctx, invoice, "dispute",
             f"Dispute on invoice {invoice.number}: {note.strip()} (reminders held)")  # fmt: skip
        session.flush()
        record = _record(row, invoice.number or "")
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, invoice.customer_id)
    return record


def record_promise(ctx: AppContext, invoice_id: int, until: date, note: str = "") -> HoldRecord:
    """Record a promise to pay by ``until``; reminders wait through that day."""
    if until < ctx.today():
        raise InputErrors([ValidationError("until", "The promised day has already passed.")])
    with ctx.db.write() as session:
        invoice = _invoice(session, invoice_id)
        row = InvoiceHold(
            invoice_id=invoice_id, kind="promise", opened_on=ctx.today(), until=until,
            note=note.strip(), created_at=ctx.now(),
        )  # fmt: skip
        session.add(row)
        text = f"Promise to pay invoice {invoice.number} by {until.isoformat()}"
        _log(session, ctx, invoice, "promise", text + (f": {note.strip()}" if note.strip() else ""),
             follow_up=until)  # fmt: skip
        session.flush()
        record = _record(row, invoice.number or "")
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, invoice.customer_id)
    return record


def resolve_hold(ctx: AppContext, hold_id: int, note: str = "") -> HoldRecord:
    """Resolve a dispute or withdraw a promise: the invoice's reminders resume."""
    with ctx.db.write() as session:
        row = session.get(InvoiceHold, hold_id)
        if row is None:
            raise NotFound(f"Dispute or promise #{hold_id} does not exist.")
        if row.resolved_on is not None:
            raise ServiceError("This is already resolved.")
        invoice = _invoice(session, row.invoice_id)
        row.resolved_on = ctx.today()
        what = "Dispute" if row.kind == "dispute" else "Promise to pay"
        text = f"{what} on invoice {invoice.number} resolved" + (
            f": {note.strip()}" if note.strip() else ""
        )
        _log(session, ctx, invoice, row.kind, text)
        record = _record(row, invoice.number or "")
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, invoice.customer_id)
    return record


def list_holds(ctx: AppContext, invoice_id: int) -> list[HoldRecord]:
    with ctx.db.read() as session:
        number = _invoice(session, invoice_id).number or ""
        rows = session.scalars(
            select(InvoiceHold).where(InvoiceHold.invoice_id == invoice_id).order_by(InvoiceHold.id)
        )
        return [_record(r, number) for r in rows]


def held_invoices(session: Session, invoice_ids: Iterable[int], as_of: date) -> set[int]:
    """Which of ``invoice_ids`` a dispute or promise holds on ``as_of`` (reads open holds only)."""
    held: set[int] = set()
    for invoice_id, kind, until in session.execute(
        select(InvoiceHold.invoice_id, InvoiceHold.kind, InvoiceHold.until).where(
            InvoiceHold.resolved_on.is_(None)
        )
    ):
        if Hold(kind, until).holds(as_of):
            held.add(invoice_id)
    wanted = set(invoice_ids)
    return held & wanted
