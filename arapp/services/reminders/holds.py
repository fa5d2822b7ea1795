# SPDX-License-Identifier: MIT
"""Disputes and promises to pay: each holds reminders and late fees, and each is written to the
customer's contact log in the same transaction.

An open dispute holds its invoice until resolved. A promise names a sum ("€500 by Friday") and
covers one, several or all of a customer's open invoices; it holds their reminders through the
promised day (then reminders resume by themselves) or until withdrawn. What came in on the
covered invoices since counts towards it (see :func:`arapp.services.reminders.overview.
hold_state`: kept, partly kept or broken once the day has passed).

Late fees stand still while a hold holds (:func:`fee_holds`): no fee is charged on a disputed
invoice, nor on one promised and not yet past its day, and the days held do not count towards
the next fee period afterwards. A shop owner who agreed to wait until Friday does not bill
interest for the days he agreed to wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import ContactLogEntry, Invoice, InvoiceHold, PromiseInvoice
from arapp.domain.errors import ValidationError
from arapp.domain.fees import Pause
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind, InvoiceStatus
from arapp.domain.money import quantize, to_decimal
from arapp.domain.reminders import Hold
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity


@dataclass(frozen=True)
class HoldRecord:
    """A dispute on an invoice, or a promise to pay on one or more invoices.

    Attributes:
        id: Database id.
        invoice_id: The invoice held (a promise: the first it covers).
        invoice_number: Its number (a promise: the numbers it covers, joined by commas).
        kind: ``"dispute"`` or ``"promise"``.
        opened_on: The day it was recorded.
        until: The promised day (promises).
        resolved_on: The day it was resolved or withdrawn, if so.
        note: What was said.
        amount: The sum promised (promises), in ``currency``.
        currency: The covered invoices' currency.
        invoice_ids: Every invoice it holds.
        invoice_numbers: Their numbers.
    """

    id: int
    invoice_id: int
    invoice_number: str
    kind: str
    opened_on: date
    until: date | None
    resolved_on: date | None
    note: str
    amount: Decimal | None = None
    currency: str = ""
    invoice_ids: tuple[int, ...] = ()
    invoice_numbers: tuple[str, ...] = ()


def hold_record(row: InvoiceHold, invoices: Sequence[Invoice]) -> HoldRecord:
    """``row`` as a record; ``invoices`` are the ones it holds, oldest due first."""
    numbers = tuple(i.number or "" for i in invoices)
    currency = invoices[0].currency if invoices else ""
    amount = quantize(row.amount, currency) if row.amount is not None and currency else row.amount
    return HoldRecord(
        row.id, row.invoice_id, ", ".join(numbers), row.kind, row.opened_on, row.until,
        row.resolved_on, row.note, amount, currency, tuple(i.id for i in invoices), numbers,
    )  # fmt: skip


def covered_invoices(session: Session, row: InvoiceHold) -> list[Invoice]:
    """The invoices ``row`` holds, oldest due first."""
    ids = [c.invoice_id for c in row.covered] or [row.invoice_id]
    return list(
        session.scalars(
            select(Invoice).where(Invoice.id.in_(ids)).order_by(Invoice.due_date, Invoice.id)
        )
    )


def paid_since(row: InvoiceHold, invoices: Sequence[Invoice]) -> Decimal:
    """What came in on the invoices a promise covers since it was made (payments, credits,
    write-offs: whatever raised ``amount_paid``; a voided invoice is owed no more)."""
    before = {c.invoice_id: c.paid_before for c in row.covered}
    paid = Decimal(0)
    for invoice in invoices:
        if invoice.id in before:
            now = invoice.total if invoice.status == InvoiceStatus.VOID else invoice.amount_paid
            paid += now - before[invoice.id]
    return paid


def _log(session: Session, ctx: AppContext, customer_id: int, kind: str, text: str,
         follow_up: date | None = None) -> None:  # fmt: skip
    session.add(
        ContactLogEntry(
            customer_id=customer_id, at=ctx.now(), kind=kind, summary=text, follow_up=follow_up,
        )
    )  # fmt: skip


def _invoice(session: Session, invoice_id: int) -> Invoice:
    row = session.get(Invoice, invoice_id)
    if row is None:
        raise NotFound(f"Invoice #{invoice_id} does not exist.")
    return row


def _numbers(invoices: Sequence[Invoice]) -> str:
    numbers = [i.number or "" for i in invoices]
    if len(numbers) == 1:
        return f"invoice {numbers[0]}"
    return f"invoices {', '.join(numbers[:-1])} and {numbers[-1]}"


def open_dispute(ctx: AppContext, invoice_id: int, note: str) -> HoldRecord:
    """Record a dispute; the invoice's reminders and late fees wait until it is resolved."""
    if not note.strip():
        raise InputErrors([ValidationError("note", "Say what the customer disputes.")])
    with ctx.db.write() as session:
        invoice = _invoice(session, invoice_id)
        row = InvoiceHold(
            invoice_id=invoice_id, kind="dispute", opened_on=ctx.today(), note=note.strip(),
            created_at=ctx.now(),
        )  # fmt: skip
        session.add(row)
        _log(session, ctx, invoice.customer_id, "dispute",
             f"Dispute on invoice {invoice.number}: {note.strip()} (reminders held)")  # fmt: skip
        session.flush()
        record = hold_record(row, [invoice])
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, invoice.customer_id)
    return record


def _promised_invoices(session: Session, invoice_ids: Sequence[int]) -> list[Invoice]:
    if not invoice_ids:
        raise InputErrors([ValidationError("invoices", "Choose the invoices the promise covers.")])
    rows = list(
        session.scalars(
            select(Invoice)
            .where(Invoice.id.in_(set(invoice_ids)))
            .order_by(Invoice.due_date, Invoice.id)
            .with_for_update()
        )
    )
    if len(rows) != len(set(invoice_ids)):
        raise NotFound("One of the chosen invoices does not exist.")
    if any(r.kind != DocumentKind.INVOICE or r.status not in OPEN_STATUSES for r in rows):
        raise ServiceError("A promise covers invoices still owed; one of these is not.")
    if len({r.customer_id for r in rows}) > 1:
        raise ServiceError("A promise covers invoices of one customer.")
    if len({r.currency for r in rows}) > 1:
        raise ServiceError("A promise covers invoices in one currency; record one per currency.")
    return rows


def record_promise(
    ctx: AppContext,
    invoice_ids: int | Sequence[int],
    until: date,
    note: str = "",
    amount: Decimal | str | None = None,
) -> HoldRecord:
    """Record a promise to pay ``amount`` (default: all still owed on them) on ``invoice_ids``
    (one invoice or several of one customer) by ``until``; their reminders and late fees wait
    through that day."""
    ids = [invoice_ids] if isinstance(invoice_ids, int) else list(invoice_ids)
    errors = []
    if until < ctx.today():
        errors.append(ValidationError("until", "The promised day has already passed."))
    try:
        promised = None if amount is None or amount == "" else to_decimal(amount)
    except ValidationError:
        errors.append(ValidationError("amount", f"“{amount}” is no amount."))
        promised = None
    if errors:
        raise InputErrors(errors)
    with ctx.db.write() as session:
        rows = _promised_invoices(session, ids)
        currency, customer_id = rows[0].currency, rows[0].customer_id
        owed = quantize(sum((r.total - r.amount_paid for r in rows), Decimal(0)), currency)
        promised = owed if promised is None else promised
        if promised <= 0 or promised != quantize(promised, currency):
            raise InputErrors([ValidationError("amount", "Give a positive amount, in cents.")])
        promised = quantize(promised, currency)
        if promised > owed:
            raise InputErrors(
                [ValidationError("amount", f"That is more than the {owed} {currency} owed.")]
            )
        row = InvoiceHold(
            invoice_id=rows[0].id, kind="promise", opened_on=ctx.today(), until=until,
            note=note.strip(), created_at=ctx.now(), amount=promised,
            covered=[PromiseInvoice(invoice_id=r.id, paid_before=r.amount_paid) for r in rows],
        )  # fmt: skip
        session.add(row)
        text = f"Promise to pay {promised} {currency} on {_numbers(rows)} by {until.isoformat()}"
        _log(session, ctx, customer_id, "promise",
             text + (f": {note.strip()}" if note.strip() else ""), follow_up=until)  # fmt: skip
        session.flush()
        record = hold_record(row, rows)
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return record


def resolve_hold(ctx: AppContext, hold_id: int, note: str = "") -> HoldRecord:
    """Resolve a dispute or withdraw a promise: the reminders it held resume."""
    with ctx.db.write() as session:
        row = session.get(InvoiceHold, hold_id)
        if row is None:
            raise NotFound(f"Dispute or promise #{hold_id} does not exist.")
        if row.resolved_on is not None:
            raise ServiceError("This is already resolved.")
        invoices = covered_invoices(session, row)
        row.resolved_on = ctx.today()
        what = "Dispute" if row.kind == "dispute" else "Promise to pay"
        came = ""
        if row.kind == "promise" and row.amount is not None:
            currency = invoices[0].currency
            paid = quantize(paid_since(row, invoices), currency)
            came = f" ({paid} of {quantize(row.amount, currency)} {currency} came in)"
        text = f"{what} on {_numbers(invoices)} resolved{came}" + (
            f": {note.strip()}" if note.strip() else ""
        )
        _log(session, ctx, invoices[0].customer_id, row.kind, text)
        record = hold_record(row, invoices)
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, invoices[0].customer_id)
    return record


def list_holds(ctx: AppContext, invoice_id: int) -> list[HoldRecord]:
    """The disputes and promises that hold (or held) ``invoice_id``."""
    with ctx.db.read() as session:
        _invoice(session, invoice_id)
        covering = select(PromiseInvoice.hold_id).where(PromiseInvoice.invoice_id == invoice_id)
        rows = session.scalars(
            select(InvoiceHold)
            .where((InvoiceHold.invoice_id == invoice_id) | InvoiceHold.id.in_(covering))
            .order_by(InvoiceHold.id)
        )
        return [hold_record(r, covered_invoices(session, r)) for r in rows]


def _holds(
    session: Session, invoice_id: int | None
) -> Iterable[tuple[int, str, date, date | None, date | None]]:
    """Every hold (or ``invoice_id``'s) as ``(invoice, kind, opened on, until, resolved on)``,
    one row per invoice it holds."""
    disputes = select(
        InvoiceHold.invoice_id, InvoiceHold.kind, InvoiceHold.opened_on, InvoiceHold.until,
        InvoiceHold.resolved_on,
    ).where(InvoiceHold.kind == "dispute")  # fmt: skip
    promises = select(
        PromiseInvoice.invoice_id, InvoiceHold.kind, InvoiceHold.opened_on, InvoiceHold.until,
        InvoiceHold.resolved_on,
    ).join(InvoiceHold, InvoiceHold.id == PromiseInvoice.hold_id)  # fmt: skip
    if invoice_id is not None:
        disputes = disputes.where(InvoiceHold.invoice_id == invoice_id)
        promises = promises.where(PromiseInvoice.invoice_id == invoice_id)
    for query in (disputes, promises):
        for row in session.execute(query):
            yield row[0], row[1], row[2], row[3], row[4]


def held_invoices(session: Session, invoice_ids: Iterable[int], as_of: date) -> set[int]:
    """Which of ``invoice_ids`` a dispute or promise holds on ``as_of`` (reads open holds only)."""
    held: set[int] = set()
    for invoice_id, kind, until in session.execute(
        select(InvoiceHold.invoice_id, InvoiceHold.kind, InvoiceHold.until).where(
            InvoiceHold.resolved_on.is_(None), InvoiceHold.kind == "dispute"
        )
    ):
        if Hold(kind, until).holds(as_of):
            held.add(invoice_id)
    for invoice_id, until in session.execute(
        select(PromiseInvoice.invoice_id, InvoiceHold.until)
        .join(InvoiceHold, InvoiceHold.id == PromiseInvoice.hold_id)
        .where(InvoiceHold.resolved_on.is_(None), InvoiceHold.until >= as_of)
    ):
        if Hold("promise", until).holds(as_of):
            held.add(invoice_id)
    wanted = set(invoice_ids)
    return held & wanted


@dataclass(frozen=True)
class FeeHolds:
    """What disputes and promises mean for late fees on a day.

    Attributes:
        reasons: Invoices held on the day, each with why (for people: "disputed since …").
        pauses: Days each invoice was held, for the fee clock (:class:`arapp.domain.fees.
            FeePolicy`).
    """

    reasons: dict[int, str]
    pauses: dict[int, list[Pause]]


def fee_holds(session: Session, as_of: date, invoice_id: int | None = None) -> FeeHolds:
    """Disputes and promises as late fees see them on ``as_of`` (on every invoice, or only
    on ``invoice_id``)."""
    reasons: dict[int, str] = {}
    pauses: dict[int, list[Pause]] = {}
    for held_id, kind, opened_on, until, resolved_on in _holds(session, invoice_id):
        end = resolved_on
        if kind == "promise" and until is not None:
            end = min(until + timedelta(days=1), resolved_on or date.max)
        if opened_on > as_of:
            continue
        pauses.setdefault(held_id, []).append((opened_on, end))
        if end is None or end > as_of:
            reasons.setdefault(
                held_id,
                f"disputed since {opened_on.isoformat()}"
                if kind == "dispute"
                else f"promised to be paid by {until.isoformat() if until else '?'}",
            )
    return FeeHolds(reasons, pauses)
