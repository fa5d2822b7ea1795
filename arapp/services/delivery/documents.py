# SPDX-License-Identifier: MIT
"""The documents a person asked to e-mail, made ready to queue: who they go to, what the
e-mail says (the templates of Settings filled in), or why one cannot go (a draft, no address,
a customer who wants paper)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from arapp.db.models import Company, Customer, Invoice
from arapp.domain.document_mail import render_document_mail
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.formatting import format_date, format_money
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.delivery.recipients import PRINT, Recipients, customer_recipients
from arapp.services.errors import NotFound
from arapp.services.settings import MAIL_TEMPLATES, read_setting


@dataclass(frozen=True)
class Planned:
    """One document to e-mail, or why it cannot be.

    Attributes:
        kind: ``invoice`` (also credit notes and fee documents) or ``statement``.
        document_key: What makes it this document (see :class:`DocumentDelivery`).
        label: ``Invoice INV-1``, ``Credit note CN-1``, ``Statement of ACME, 1 Jan to ...``.
        customer_id: The customer.
        invoice_id: The invoice, for an invoice.
        period: A statement's first and last day.
        recipients: Who it goes to.
        subject: The e-mail's subject.
        body: The e-mail's text.
        problem: Why it cannot go, one sentence; empty when it can.
    """

    kind: str
    document_key: str
    label: str
    customer_id: int
    invoice_id: int | None
    period: tuple[date, date] | None
    recipients: Recipients
    subject: str = ""
    body: str = ""
    problem: str = ""


def _label(kind: str, number: str | None) -> str:
    return f"{'Credit note' if kind == DocumentKind.CREDIT_NOTE else 'Invoice'} {number or ''}"


def _where_problem(customer: Customer, recipients: Recipients, to: str) -> str:
    if recipients.mode == PRINT and not to.strip():
        return f"{customer.name} gets documents by post: print it, or give an address to e-mail it."
    if not recipients.to:
        return (
            f"{customer.name} has no e-mail address for invoices: add one to the customer, or "
            "give one to send to."
        )
    return ""


def plan_invoices(
    ctx: AppContext,
    invoice_ids: Sequence[int],
    to: str = "",
    texts: Mapping[tuple[str, str], str] | None = None,
) -> list[Planned]:
    """The invoices (and credit notes) ``invoice_ids`` made ready to queue, in that order; ``to``
    replaces the customers' addresses; ``texts`` (by kind and part) replace the stored
    templates (a preview of texts being edited)."""
    planned: list[Planned] = []
    with ctx.db.read() as session:
        company = session.get(Company, COMPANY_ID)
        locale = company.locale if company else "en_US"
        stored = {key: read_setting(session, spec) for key, spec in MAIL_TEMPLATES.items()}
        texts = {**stored, **(texts or {})}
        rows = {
            r.id: r for r in session.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids)))
        }
        customers = {
            c.id: c
            for c in session.scalars(
                select(Customer).where(Customer.id.in_({r.customer_id for r in rows.values()}))
            )
        }
        for invoice_id in invoice_ids:
            row = rows.get(invoice_id)
            if row is None:
                raise NotFound(f"Invoice #{invoice_id} does not exist.")
            customer = customers[row.customer_id]
            recipients = customer_recipients(customer, to)
            label = _label(row.kind, row.number)
            problem = _where_problem(customer, recipients, to)
            if row.status == InvoiceStatus.DRAFT:
                label, problem = "Draft", "A draft cannot be sent: issue it first."
            elif row.status == InvoiceStatus.VOID:
                problem = f"{row.number} is void: it is not sent."
            texts_of = DocumentKind(row.kind)
            values = {
                "customer": customer.name,
                "contact": customer.contact_person or customer.name,
                "company": company.name if company else "",
                "document": "credit note" if texts_of == DocumentKind.CREDIT_NOTE else "invoice",
                "number": row.number or "",
                "issue_date": format_date(row.issue_date, locale),
                "due_date": format_date(row.due_date, locale),
                "total": format_money(row.total, row.currency, locale),
                "amount_due": format_money(row.total - row.amount_paid, row.currency, locale),
            }
            subject, body = render_document_mail(
                texts[(texts_of, "subject")], texts[(texts_of, "body")], values
            )
            planned.append(
                Planned("invoice", f"invoice:{row.id}", label, customer.id, row.id, None,
                        recipients, subject, body, problem)
            )  # fmt: skip
    return planned


def plan_statement(
    ctx: AppContext, customer_id: int, start: date, end: date, to: str = ""
) -> Planned:
    """The statement of ``customer_id`` for ``start`` to ``end`` made ready to queue."""
    from arapp.services.statements import build_statement

    doc = build_statement(ctx, customer_id, start, end)
    with ctx.db.read() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound(f"Customer #{customer_id} does not exist.")
        company = session.get(Company, COMPANY_ID)
        texts = {key: read_setting(session, spec) for key, spec in MAIL_TEMPLATES.items()}
        recipients = customer_recipients(customer, to)
        problem = _where_problem(customer, recipients, to)
        name, contact = customer.name, customer.contact_person or customer.name
        company_name = company.name if company else ""
    values = {
        "customer": name,
        "contact": contact,
        "company": company_name,
        "period_start": format_date(start, doc.locale),
        "period_end": format_date(end, doc.locale),
        "balance": format_money(doc.closing_balance, doc.currency, doc.locale),
    }
    subject, body = render_document_mail(
        texts[("statement", "subject")], texts[("statement", "body")], values
    )
    label = f"Statement of {name}, {start.isoformat()} to {end.isoformat()}"
    return Planned(
        "statement", f"statement:{customer_id}:{start.isoformat()}:{end.isoformat()}", label,
        customer_id, None, (start, end), recipients, subject, body, problem,
    )  # fmt: skip


def preview_invoice_mail(
    ctx: AppContext, number: str, subject: str, body: str
) -> tuple[str, str, str]:
    """``(to, subject, body)`` of the e-mail that would carry the invoice or credit note
    ``number``, with ``subject`` and ``body`` as its kind's texts (raises ``NotFound``, or a
    ``TemplateError`` for a wrong placeholder)."""
    from arapp.services.invoices import invoice_by_number

    record = invoice_by_number(ctx, number)
    kind = DocumentKind(record.kind)
    (p,) = plan_invoices(ctx, [record.id], texts={(kind, "subject"): subject, (kind, "body"): body})
    return p.recipients.shown, p.subject, p.body
