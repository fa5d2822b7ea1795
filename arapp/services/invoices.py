# SPDX-License-Identifier: MIT
"""Invoice drafts: create, edit, duplicate, delete; and reading invoices back.

A draft has no number and may be changed freely. Issuing (:mod:`arapp.services.lifecycle`) gives
it the next number and freezes it: from then on these functions refuse to change it, and
corrections are credit notes or a void with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Company, Customer, Invoice, InvoiceLine
from arapp.db.types import MONEY_SCALE, PERCENT_SCALE, QUANTITY_SCALE
from arapp.domain import totals as domain_totals
from arapp.domain.errors import FieldRef, ValidationError
from arapp.domain.invoice import DRAFT_OR_VOID, DocumentKind, InvoiceStatus
from arapp.domain.money import LARGEST, to_decimal
from arapp.domain.terms import parse_terms
from arapp.i18n import N_, _
from arapp.services import audit
from arapp.services.catalog import TaxRateRecord, tax_rates_by_id
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.document_words import footer_in
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.settings import INVOICE_FOOTER, read_setting


@dataclass(frozen=True)
class LineDraft:
    """One invoice line as typed.

    Attributes:
        description: What was sold; several lines of text are fine.
        quantity: Text or Decimal; negative for returns.
        unit_price: Text or Decimal, in the entry basis of the tax rate.
        discount_percent: 0 to 100.
        tax_rate_id: A rate from the catalog, or ``None`` for no tax.
        unit: Such as "h" or "pcs".
    """

    description: str
    quantity: Decimal | str = "1"
    unit_price: Decimal | str = "0"
    discount_percent: Decimal | str = "0"
    tax_rate_id: int | None = None
    unit: str = ""


@dataclass(frozen=True)
class InvoiceDraft:
    """A draft invoice as typed in the editor.

    Attributes:
        customer_id: Who is billed.
        issue_date: Invoice date.
        lines: The lines, in order.
        due_date: ``None`` to compute it from the terms.
        terms: Payment terms text; empty for the customer's terms.
        discount_percent: Invoice-level discount.
        notes: Printed above the footer.
        footer: ``None`` for the footer from Settings.
    """

    customer_id: int
    issue_date: date
    lines: tuple[LineDraft, ...]
    due_date: date | None = None
    terms: str = ""
    discount_percent: Decimal | str = "0"
    notes: str = ""
    footer: str | None = None


@dataclass(frozen=True)
class LineRecord:
    """A stored line.

    Attributes:
        description: Text.
        quantity: Quantity.
        unit: Unit.
        unit_price: Price per unit.
        discount_percent: Line discount.
        tax_rate_id: Rate chosen when it was written (may since have changed).
        tax_name: Name billed.
        tax_percent: Percent billed.
        tax_inclusive: Whether the price included the tax.
        amount: Line amount after its discount, in the entry basis.
    """

    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_percent: Decimal
    tax_rate_id: int | None
    tax_name: str
    tax_percent: Decimal
    tax_inclusive: bool
    amount: Decimal

    def tax(self) -> domain_totals.TaxRate | None:
        if not self.tax_name:
            return None
        return domain_totals.TaxRate(self.tax_name, self.tax_percent, self.tax_inclusive)


@dataclass(frozen=True)
class InvoiceRecord:
    """An invoice or credit note as stored, with its lines.

    Attributes:
        id: Database id.
        kind: ``invoice`` or ``credit_note``.
        number: ``None`` while a draft.
        status: draft, issued, sent, partially_paid, paid or void.
        customer_id: Customer id.
        customer_code: Customer code.
        customer_name: Customer name.
        issue_date: Invoice date.
        due_date: Due date.
        currency: Currency.
        terms: Payment terms text.
        discount_percent: Invoice discount percent.
        subtotal: Sum of line amounts.
        discount_total: Invoice discount amount.
        tax_total: Tax.
        total: Total.
        amount_paid: Paid, credited or written off so far.
        notes: Notes.
        footer: Footer.
        void_reason: Why it was voided.
        related_invoice_id: For a credit note, the invoice it corrects.
        issued_at: When it was issued.
        sent_at: When it was first sent.
        lines: Its lines.
    """

    id: int
    kind: str
    number: str | None
    status: str
    customer_id: int
    customer_code: str
    customer_name: str
    issue_date: date
    due_date: date
    currency: str
    terms: str
    discount_percent: Decimal
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal
    amount_paid: Decimal
    notes: str
    footer: str
    void_reason: str
    related_invoice_id: int | None
    issued_at: datetime | None
    sent_at: datetime | None
    lines: tuple[LineRecord, ...] = field(default=())

    @property
    def balance(self) -> Decimal:
        return Decimal(0) if self.status in DRAFT_OR_VOID else self.total - self.amount_paid

    def is_overdue(self, today: date) -> bool:
        return self.balance > 0 and self.kind == DocumentKind.INVOICE and self.due_date < today

    def totals(self) -> domain_totals.InvoiceTotals:
        """The totals recomputed from the stored lines (per tax rate, for PDFs and screens)."""
        return domain_totals.compute_totals(
            [
                domain_totals.LineInput(
                    line.quantity, line.unit_price, line.discount_percent, line.tax()
                )
                for line in self.lines
            ],
            self.currency,
            self.discount_percent,
        )


def record_of(row: Invoice, customer: Customer) -> InvoiceRecord:
    return InvoiceRecord(
        id=row.id,
        kind=row.kind,
        number=row.number,
        status=row.status,
        customer_id=customer.id,
        customer_code=customer.code,
        customer_name=customer.name,
        issue_date=row.issue_date,
        due_date=row.due_date,
        currency=row.currency,
        terms=row.payment_terms,
        discount_percent=row.discount_percent.normalize(),
        subtotal=row.subtotal,
        discount_total=row.discount_total,
        tax_total=row.tax_total,
        total=row.total,
        amount_paid=row.amount_paid,
        notes=row.notes,
        footer=row.footer,
        void_reason=row.void_reason,
        related_invoice_id=row.related_invoice_id,
        issued_at=row.issued_at,
        sent_at=row.sent_at,
        lines=tuple(
            LineRecord(
                ln.description,
                ln.quantity.normalize(),
                ln.unit,
                ln.unit_price,
                ln.discount_percent.normalize(),
                ln.tax_rate_id,
                ln.tax_name,
                ln.tax_percent.normalize(),
                ln.tax_inclusive,
                ln.amount,
            )
            for ln in row.lines
        ),
    )


# -- checking input ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedLine:
    """A line after checking: exact values and the tax rate to bill."""

    position: int
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_percent: Decimal
    tax: TaxRateRecord | None


class _StoredLine(Protocol):
    # Read-only, so that frozen records match as well as rows.
    @property
    def description(self) -> str: ...
    @property
    def quantity(self) -> Decimal: ...
    @property
    def unit_price(self) -> Decimal: ...
    @property
    def discount_percent(self) -> Decimal: ...
    @property
    def tax_rate_id(self) -> int | None: ...
    @property
    def unit(self) -> str: ...


def drafts_from(lines: Iterable[_StoredLine]) -> tuple[LineDraft, ...]:
    """Editable copies of stored lines (of an invoice, a line record or a recurring template)."""
    return tuple(
        LineDraft(
            ln.description, ln.quantity, ln.unit_price, ln.discount_percent, ln.tax_rate_id, ln.unit
        )
        for ln in lines
    )


#: A line's number that is not a number, per field ({problem} is the number's own message).
_NOT_A_NUMBER = {
    "quantity": N_("Line {line}: quantity {problem}."),
    "unit_price": N_("Line {line}: unit price {problem}."),
    "discount_percent": N_("Line {line}: discount percent {problem}."),
}
#: A line's number with too many decimals, per field.
_TOO_PRECISE = {
    "quantity": N_("Line {line}: quantity has more than {count} decimals."),
    "unit_price": N_("Line {line}: unit price has more than {count} decimals."),
    "discount_percent": N_("Line {line}: discount percent has more than {count} decimals."),
}


def check_lines(
    lines: tuple[LineDraft, ...] | list[LineDraft], rates: dict[int, TaxRateRecord]
) -> list[CheckedLine]:
    """Check every line; all problems are reported at once with the line number."""
    errors: list[ValidationError] = []
    checked: list[CheckedLine] = []

    def number(raw: Decimal | str, name: str, n: int, places: int) -> Decimal:
        try:
            value = to_decimal(raw if isinstance(raw, Decimal) else str(raw) or "0")
        except ValidationError as exc:
            errors.append(
                ValidationError(
                    FieldRef.of_line(n, name),
                    _(_NOT_A_NUMBER[name]).format(line=n, problem=exc.message),
                )
            )
            return Decimal(0)
        if value != value.quantize(Decimal(1).scaleb(-places)):
            errors.append(
                ValidationError(
                    FieldRef.of_line(n, name),
                    _(_TOO_PRECISE[name]).format(line=n, count=places),
                )
            )
        return value

    for n, line in enumerate(lines, start=1):
        description = line.description.strip()
        if not description:
            errors.append(
                ValidationError(
                    FieldRef.of_line(n, "description"),
                    _("Line {line}: describe what is billed.").format(line=n),
                )
            )
        quantity = number(line.quantity, "quantity", n, QUANTITY_SCALE)
        price = number(line.unit_price, "unit_price", n, MONEY_SCALE)
        discount = number(line.discount_percent, "discount_percent", n, PERCENT_SCALE)
        if not 0 <= discount <= 100:
            errors.append(
                ValidationError(
                    FieldRef.of_line(n, "discount_percent"),
                    _("Line {line}: discount must be between 0 and 100%.").format(line=n),
                )
            )
        if abs(quantity * price) > LARGEST:
            errors.append(
                ValidationError(
                    FieldRef.of_line(n, "quantity"),
                    _(
                        "Line {line}: quantity times unit price is larger than arapp keeps: at "
                        "most {largest}."
                    ).format(line=n, largest=f"{LARGEST:,}"),
                )
            )
        tax = None
        if line.tax_rate_id is not None:
            tax = rates.get(line.tax_rate_id)
            if tax is None:
                errors.append(
                    ValidationError(
                        FieldRef.of_line(n, "tax"),
                        _("Line {line}: that tax rate does not exist.").format(line=n),
                    )
                )
        checked.append(
            CheckedLine(n, description, quantity, line.unit.strip(), price, discount, tax)
        )
    if errors:
        raise InputErrors(errors)
    return checked


def compute(
    lines: list[CheckedLine], currency: str, discount_percent: Decimal
) -> domain_totals.InvoiceTotals:
    return domain_totals.compute_totals(
        [
            domain_totals.LineInput(
                ln.quantity,
                ln.unit_price,
                ln.discount_percent,
                ln.tax.as_domain() if ln.tax else None,
            )
            for ln in lines
        ],
        currency,
        discount_percent,
    )


def preview_totals(
    lines: list[LineDraft], rates: dict[int, TaxRateRecord], currency: str, discount: str | Decimal
) -> domain_totals.InvoiceTotals:
    """Live totals for the editor (no database); raises ``InputErrors`` on bad input."""
    checked = check_lines(lines, rates)
    try:
        percent = discount if isinstance(discount, Decimal) else to_decimal(discount or "0")
        return compute(checked, currency, percent)
    except ValidationError as exc:
        raise InputErrors([exc]) from exc


def fill_draft(session: Session, row: Invoice, draft: InvoiceDraft, customer: Customer) -> None:
    errors: list[ValidationError] = []
    try:
        terms = (
            parse_terms(draft.terms) if draft.terms.strip() else parse_terms(customer.payment_terms)
        )
    except ValidationError as exc:
        errors.append(ValidationError("terms", exc.message))
        terms = parse_terms(customer.payment_terms)
    try:
        discount = to_decimal(draft.discount_percent)
        if not 0 <= discount <= 100:
            raise ValidationError(
                "discount_percent", _("Invoice discount must be between 0 and 100%.")
            )
    except ValidationError as exc:
        errors.append(ValidationError("discount_percent", exc.message))
        discount = Decimal(0)
    due = draft.due_date or terms.due_date(draft.issue_date)
    if due < draft.issue_date:
        errors.append(ValidationError("due_date", _("The due date is before the invoice date.")))
    try:
        lines = check_lines(draft.lines, tax_rates_by_id(session))
    except InputErrors as exc:
        errors.extend(exc.errors)
        lines = []
    if errors:
        raise InputErrors(errors)
    totals = compute(lines, customer.currency, discount)
    row.customer_id, row.currency = customer.id, customer.currency
    row.issue_date, row.due_date, row.payment_terms = draft.issue_date, due, str(terms)
    row.discount_percent = discount
    row.subtotal, row.discount_total = totals.subtotal, totals.invoice_discount
    row.tax_total, row.total = totals.tax_total, totals.total
    row.notes = draft.notes.strip()
    footer = (
        draft.footer.strip() if draft.footer is not None else read_setting(session, INVOICE_FOOTER)
    )
    company = session.get(Company, COMPANY_ID)
    row.footer = footer_in(session, footer, company, customer.language)  # theirs, if arapp's
    if row.id is not None:
        row.lines.clear()
        session.flush()
    for line, line_total in zip(lines, totals.lines, strict=True):
        row.lines.append(
            InvoiceLine(
                position=line.position,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                tax_rate_id=line.tax.id if line.tax else None,
                tax_name=line.tax.name if line.tax else "",
                tax_percent=line.tax.percent if line.tax else Decimal(0),
                tax_inclusive=line.tax.inclusive if line.tax else False,
                amount=line_total.amount,
            )
        )


def customer_for(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise InputErrors([ValidationError("customer", _("Choose a customer."))])
    return customer


def save_draft(
    ctx: AppContext, draft: InvoiceDraft, invoice_id: int | None = None
) -> InvoiceRecord:
    """Create a draft (``invoice_id`` None) or replace a draft's content."""
    with ctx.db.write() as session:
        if invoice_id is None:
            row = new_draft(session, ctx, draft)
        else:
            row = editable(session, invoice_id)
            fill_draft(session, row, draft, customer_for(session, draft.customer_id))
            session.flush()
        record = record_of(row, customer_for(session, row.customer_id))
    ctx.events.emit(Change.INVOICE_SAVED, Entity.INVOICE, record.id)
    return record


def new_draft(session: Session, ctx: AppContext, draft: InvoiceDraft) -> Invoice:
    """Write a new draft inside the caller's transaction."""
    row = Invoice(
        kind=DocumentKind.INVOICE,
        status=InvoiceStatus.DRAFT,
        created_at=ctx.now(),
        amount_paid=Decimal(0),
    )
    fill_draft(session, row, draft, customer_for(session, draft.customer_id))
    session.add(row)
    session.flush()
    return row


def editable(session: Session, invoice_id: int) -> Invoice:
    """The draft ``invoice_id``, or a clear refusal if it is issued."""
    row = session.get(Invoice, invoice_id)
    if row is None:
        raise NotFound(_("Invoice #{id} does not exist.").format(id=invoice_id))
    if row.status != InvoiceStatus.DRAFT:
        raise ServiceError(
            _(
                "{number} is issued and can no longer be changed. "
                "Correct it with a credit note, or void it with a reason."
            ).format(number=row.number)
        )
    return row


def delete_draft(ctx: AppContext, invoice_id: int) -> None:
    """Drafts have no number yet, so deleting one leaves no gap."""
    with ctx.db.write() as session:
        row = editable(session, invoice_id)
        session.delete(row)
    ctx.events.emit(Change.INVOICE_DELETED, Entity.INVOICE, invoice_id)


def duplicate_invoice(ctx: AppContext, invoice_id: int) -> InvoiceRecord:
    """A new draft with the same customer and lines, dated today."""
    source = get_invoice(ctx, invoice_id)
    return save_draft(
        ctx,
        InvoiceDraft(
            customer_id=source.customer_id,
            issue_date=ctx.today(),
            lines=drafts_from(source.lines),
            discount_percent=source.discount_percent,
            notes=source.notes,
            footer=source.footer,
        ),
    )


def get_invoice(ctx: AppContext, invoice_id: int) -> InvoiceRecord:
    with ctx.db.read() as session:
        row = session.get(Invoice, invoice_id)
        if row is None:
            raise NotFound(_("Invoice #{id} does not exist.").format(id=invoice_id))
        return record_of(row, session.get_one(Customer, row.customer_id))


def invoice_by_number(
    ctx: AppContext, number: str, kind: DocumentKind | None = None
) -> InvoiceRecord:
    with ctx.db.read() as session:
        query = select(Invoice).where(Invoice.number == number.strip())
        if kind:
            query = query.where(Invoice.kind == kind)
        row = session.scalars(query.order_by(Invoice.id)).first()
        if row is None:
            raise NotFound(
                _("There is no invoice or credit note numbered {number}.").format(
                    number=number.strip()
                )
            )
        return record_of(row, session.get_one(Customer, row.customer_id))


def audit_invoice(
    session: Session,
    ctx: AppContext,
    action: str,
    row: Invoice,
    reason: str = "",
    **details: object,
) -> None:
    audit.record(
        session,
        ctx,
        action,
        row.kind,
        row.id,
        amount=row.total,
        currency=row.currency,
        reason=reason,
        details={"number": row.number, **details},
    )
