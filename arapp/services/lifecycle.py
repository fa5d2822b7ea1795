# SPDX-License-Identifier: MIT
"""The invoice lifecycle: issue (gapless numbers), send, void, credit notes.

draft -> issued -> sent -> partially paid -> paid; a void keeps its number and needs a reason.
Numbers come from :class:`~arapp.db.models.NumberSequence`, advanced in the transaction that
issues: on SQLite that transaction holds the write lock from its start (``BEGIN IMMEDIATE``), on
PostgreSQL the sequence row is locked (``SELECT ... FOR UPDATE``). Two processes issuing at the
same moment therefore never share a number, and a failed issue rolls its number back: no gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.models import (
    Company,
    CreditAllocation,
    Customer,
    Invoice,
    NumberSequence,
    get_for_update,
    money_sum,
    open_invoice,
)
from arapp.domain.customer import CustomerStatus
from arapp.domain.invoice import DRAFT_OR_VOID, DocumentKind, InvoiceStatus, settle
from arapp.domain.numbering import NumberPattern
from arapp.domain.terms import parse_terms
from arapp.formatting import format_money
from arapp.i18n import N_, _
from arapp.services.company import COMPANY_ID, company_locale
from arapp.services.context import AppContext
from arapp.services.document_words import customer_language, read_words
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.invoices import (
    InvoiceDraft,
    InvoiceRecord,
    LineDraft,
    audit_invoice,
    drafts_from,
    editable,
    new_draft,
    record_of,
)
from arapp.services.issue_dates import check_issue_date
from arapp.services.issued_faces import keep_faces
from arapp.services.settings import CREDIT_NOTE_PATTERN, INVOICE_NUMBER_PATTERN, read_setting

_PATTERN_SETTING = {
    DocumentKind.INVOICE: INVOICE_NUMBER_PATTERN,
    DocumentKind.CREDIT_NOTE: CREDIT_NOTE_PATTERN,
}


class NeedsConfirmation(ServiceError):
    """Issuing is possible but the user should confirm first (credit hold, credit limit).

    Attributes:
        warnings: One sentence each.
    """

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = tuple(warnings)
        super().__init__(" ".join(warnings))


def next_number(session: Session, kind: DocumentKind, day: date, *, today: date) -> str:
    """Take the next number of ``kind`` for a document dated ``day`` (inside the caller's
    transaction: if it rolls back, the number was never taken).

    Refuses ``day`` after ``today`` (:mod:`arapp.services.issue_dates`).
    """
    pattern = NumberPattern(read_setting(session, _PATTERN_SETTING[kind]))
    check_issue_date(session, kind, pattern, day, today)
    key = pattern.sequence_key(kind, day)
    row = get_for_update(session, NumberSequence, key)
    if row is None:
        locked = select(NumberSequence).where(NumberSequence.key == key).with_for_update()
        try:
            with session.begin_nested():
                session.add(NumberSequence(key=key, next_value=1))
        except IntegrityError:
            pass  # another process created it a moment ago; lock theirs below
        row = session.scalar(locked.execution_options(populate_existing=True))
        assert row is not None
    number = pattern.format(day, row.next_value)
    taken = session.scalar(
        select(func.count())
        .select_from(Invoice)
        .where(Invoice.kind == kind, Invoice.number == number)
    )
    if taken:
        raise ServiceError(
            _(
                "The number {number} is already used. Check the numbering pattern in Settings."
            ).format(number=number)
        )
    row.next_value += 1
    return number


_ON_HOLD = N_("{name} is on credit hold.")
_OVER_LIMIT = N_("With this invoice {name} would owe {owed}, over the credit limit of {limit}.")


def credit_warnings(session: Session, row: Invoice) -> list[str]:
    """Why issuing ``row`` wants confirming, in the person's language."""
    return [_(text).format(**values) for text, values in _credit_warnings(session, row)]


def _credit_warnings(session: Session, row: Invoice) -> list[tuple[str, dict[str, str]]]:
    """The warnings of :func:`credit_warnings` as English texts with their values (the audit
    log keeps them in English)."""
    customer = session.get(Customer, row.customer_id)
    assert customer is not None
    warnings: list[tuple[str, dict[str, str]]] = []
    if customer.status == CustomerStatus.CREDIT_HOLD.value:
        warnings.append((_ON_HOLD, {"name": customer.name}))
    if customer.credit_limit is not None:
        owed = session.scalar(
            select(money_sum(Invoice.total - Invoice.amount_paid)).where(
                Invoice.customer_id == customer.id,
                Invoice.kind == DocumentKind.INVOICE,
                open_invoice(),
            )
        ) or Decimal(0)
        after = owed + row.total
        if after > customer.credit_limit:
            locale = company_locale(session)
            owing = {
                "name": customer.name,
                "owed": format_money(after, row.currency, locale),
                "limit": format_money(customer.credit_limit, row.currency, locale),
            }
            warnings.append((_OVER_LIMIT, owing))
    return warnings


def settle_status(row: Invoice, day: date) -> None:
    """Set the status from what has been paid or credited (never touches drafts or voids)."""
    row.status, row.paid_date = settle(
        row.status,
        row.total,
        row.amount_paid,
        sent=row.sent_at is not None,
        paid_date=row.paid_date,
        day=day,
    )


def _load(session: Session, invoice_id: int) -> Invoice:
    row = get_for_update(session, Invoice, invoice_id)
    if row is None:
        raise NotFound(_("Invoice #{id} does not exist.").format(id=invoice_id))
    return row


def _record(session: Session, row: Invoice) -> InvoiceRecord:
    return record_of(row, session.get_one(Customer, row.customer_id))


def issue_invoice(
    ctx: AppContext, invoice_id: int, *, confirmed: bool = False, on: date | None = None
) -> InvoiceRecord:
    """Give a draft its number and freeze it, dated as the draft is or ``on``.

    ``on`` moves the draft to that day, its due date with it (by its terms). No document is
    dated in the future. Raises :class:`NeedsConfirmation` when the customer
    is on credit hold or would go over the credit limit, unless ``confirmed``.
    """
    with ctx.db.write() as session:
        row = editable(session, invoice_id)
        if on is not None:
            redate(row, on)
        record = _issue(session, ctx, row, confirmed)
    ctx.events.emit(Change.INVOICE_ISSUED, Entity.INVOICE, invoice_id)
    return record


def issue_new_invoice(
    ctx: AppContext, draft: InvoiceDraft, *, confirmed: bool = False
) -> InvoiceRecord:
    """Write ``draft`` and issue it in one transaction: refused or cut short, nothing is left
    (no stray draft, no number used). Refuses as :func:`issue_invoice` does."""
    with ctx.db.write() as session:
        record = _issue(session, ctx, new_draft(session, ctx, draft), confirmed)
    ctx.events.emit(Change.INVOICE_SAVED, Entity.INVOICE, record.id)
    ctx.events.emit(Change.INVOICE_ISSUED, Entity.INVOICE, record.id)
    return record


def _issue(session: Session, ctx: AppContext, row: Invoice, confirmed: bool) -> InvoiceRecord:
    """:func:`issue_invoice` of ``row`` inside the caller's transaction."""
    if not row.lines:
        raise ServiceError(_("An invoice needs at least one line before it can be issued."))
    if row.total < 0:
        raise ServiceError(_("The total is negative: issue a credit note instead."))
    warnings = _credit_warnings(session, row)
    if warnings and not confirmed:
        raise NeedsConfirmation([_(text).format(**values) for text, values in warnings])
    row.number = next_number(session, DocumentKind(row.kind), row.issue_date, today=ctx.today())
    row.status, row.issued_at = InvoiceStatus.ISSUED, ctx.now()
    keep_faces(session, [(row.id, row.customer_id)])
    settle_status(row, row.issue_date)
    kept = "; ".join(text.format(**values) for text, values in warnings)  # English
    audit_invoice(session, ctx, "invoice_issued", row, reason=kept)
    return _record(session, row)


def redate(row: Invoice, day: date) -> None:
    """Move a draft to ``day``; a due date that followed the terms follows them again."""
    if row.issue_date == day:
        return
    terms = parse_terms(row.payment_terms)
    if row.due_date == terms.due_date(row.issue_date):
        row.due_date = terms.due_date(day)
    row.due_date = max(row.due_date, day)
    row.issue_date = day


def mark_sent(ctx: AppContext, invoice_ids: list[int]) -> int:
    """Record that invoices went to the customer; returns how many were newly marked."""
    marked = 0
    with ctx.db.write() as session:
        for invoice_id in invoice_ids:
            row = _load(session, invoice_id)
            if row.status == InvoiceStatus.DRAFT:
                raise ServiceError(_("A draft cannot be sent: issue it first."))
            if row.sent_at is None and row.status != InvoiceStatus.VOID:
                row.sent_at = ctx.now()
                settle_status(row, ctx.today())
                audit_invoice(session, ctx, "invoice_sent", row)
                marked += 1
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *invoice_ids)
    return marked


def void_invoice(ctx: AppContext, invoice_id: int, reason: str) -> InvoiceRecord:
    """Void an issued invoice with nothing paid or credited on it; it keeps its number."""
    if not reason.strip():
        raise ServiceError(_("Say why the invoice is voided; the reason is kept with it."))
    with ctx.db.write() as session:
        row = _load(session, invoice_id)
        if row.status == InvoiceStatus.DRAFT:
            raise ServiceError(_("A draft has no number: delete it instead of voiding it."))
        if row.status == InvoiceStatus.VOID:
            raise ServiceError(_("{number} is already void.").format(number=row.number))
        if row.amount_paid != 0:
            raise ServiceError(
                _(
                    "{number} has payments or credits on it. Reverse them first, "
                    "or correct the invoice with a credit note."
                ).format(number=row.number)
            )
        row.status, row.void_reason = InvoiceStatus.VOID, reason.strip()
        row.voided_on = ctx.today()
        audit_invoice(session, ctx, "invoice_voided", row, reason=reason.strip())
        record = _record(session, row)
    ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, invoice_id)
    return record


@dataclass(frozen=True)
class CreditResult:
    """A credit note and what it did.

    Attributes:
        credit_note: The issued credit note.
        applied: How much of it reduced the invoice's balance; the rest is open credit.
    """

    credit_note: InvoiceRecord
    applied: Decimal


def credited_so_far(session: Session, invoice_id: int) -> Decimal:
    total = session.scalar(
        select(money_sum(Invoice.total)).where(
            Invoice.related_invoice_id == invoice_id,
            Invoice.kind == DocumentKind.CREDIT_NOTE,
            Invoice.status != InvoiceStatus.VOID,
        )
    )
    return total or Decimal(0)


def credit_invoice(
    ctx: AppContext, invoice_id: int, reason: str, lines: list[LineDraft] | None = None
) -> CreditResult:
    """Issue a credit note for all of an invoice (``lines`` None) or for the lines given.

    The credit note gets its own number, refers to the invoice, and is applied to the
    invoice's open balance at once; what is left over stays as open credit for the customer.
    """
    if not reason.strip():
        raise ServiceError(_("Say why you credit this invoice; the reason is kept with it."))
    with ctx.db.read() as session:
        source = session.get(Invoice, invoice_id)
        if source is None:
            raise NotFound(_("Invoice #{id} does not exist.").format(id=invoice_id))
        if source.kind != DocumentKind.INVOICE or source.status in DRAFT_OR_VOID:
            raise ServiceError(_("Only issued invoices can be credited."))
        full = lines is None
        buyer = session.get(Customer, source.customer_id)
        language = customer_language(
            session.get(Company, COMPANY_ID), buyer.language if buyer else ""
        )
        credit_for = read_words(session, language)("credit_note_for", number=source.number)
        if lines is None:
            lines = list(drafts_from(source.lines))
        draft = InvoiceDraft(
            customer_id=source.customer_id,
            issue_date=ctx.today(),
            lines=tuple(lines),
            due_date=ctx.today(),
            terms="due on receipt",
            discount_percent=source.discount_percent if full else Decimal(0),
            notes=f"{credit_for}: {reason.strip()}",
            footer="",
        )
    # The draft is written and issued in one transaction: no half-made credit note is left.
    with ctx.db.write() as session:
        source = _load(session, invoice_id)
        already = credited_so_far(session, source.id)
        note = new_draft(session, ctx, draft)
        note.kind, note.related_invoice_id = DocumentKind.CREDIT_NOTE, source.id
        if already + note.total > source.total:
            raise ServiceError(
                _("This would credit more than the {total} invoiced on {number}.").format(
                    total=format_money(source.total, source.currency, company_locale(session)),
                    number=source.number,
                )
            )
        if note.total <= 0:
            raise ServiceError(_("A credit note must be for more than zero."))
        note.number = next_number(
            session, DocumentKind.CREDIT_NOTE, note.issue_date, today=ctx.today()
        )
        note.status, note.issued_at = InvoiceStatus.ISSUED, ctx.now()
        keep_faces(session, [(note.id, note.customer_id)])
        applied = min(note.total, source.total - source.amount_paid)
        if applied > 0:
            session.add(
                CreditAllocation(
                    credit_note_id=note.id, invoice_id=source.id, amount=applied, date=ctx.today()
                )
            )
            source.amount_paid += applied
            note.amount_paid += applied
            settle_status(source, ctx.today())
        settle_status(note, ctx.today())
        audit_invoice(
            session,
            ctx,
            "credit_note_issued",
            note,
            reason=reason.strip(),
            invoice=source.number,
            applied=applied,
        )
        result = CreditResult(_record(session, note), applied)
    ctx.events.emit(Change.INVOICE_ISSUED, Entity.INVOICE, result.credit_note.id, invoice_id)
    return result


__all__ = [
    "CreditResult",
    "NeedsConfirmation",
    "credit_invoice",
    "issue_invoice",
    "mark_sent",
    "next_number",
    "redate",
    "settle_status",
    "void_invoice",
]
