# SPDX-License-Identifier: MIT
"""The documents a person asked to e-mail, made ready to queue: who they go to, what the
e-mail says (the templates of Settings in the customer's language, filled in with amounts and
dates in the customer's locale: :mod:`arapp.services.languages`), or why one cannot go (a
draft, no address, a customer who wants paper)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from arapp.db.models import Company, Customer, Invoice
from arapp.domain.document_mail import render_document_mail
from arapp.domain.invoice import DRAFT_OR_VOID, DocumentKind, InvoiceStatus, in_order
from arapp.domain.languages import LANGUAGES, company_language, language_label
from arapp.domain.texts import document_word
from arapp.formatting import format_date, format_money
from arapp.i18n import N_, _
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.delivery.recipients import PRINT, Recipients, customer_recipients
from arapp.services.errors import NotFound
from arapp.services.languages import DocumentTexts, read_document_texts, voice_of


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
    text = (
        N_("Credit note {number}") if kind == DocumentKind.CREDIT_NOTE else N_("Invoice {number}")
    )
    return _(text).format(number=number or "")


def _where_problem(customer: Customer, recipients: Recipients, to: str) -> str:
    if recipients.mode == PRINT and not to.strip():
        return _(
            "{customer} gets documents by post: print it, or give an address to e-mail it."
        ).format(customer=customer.name)
    if not recipients.to:
        return _(
            "{customer} has no e-mail address for invoices: add one to the customer, or "
            "give one to send to."
        ).format(customer=customer.name)
    return ""


def plan_invoices(
    ctx: AppContext,
    invoice_ids: Sequence[int],
    to: str = "",
    texts: DocumentTexts | None = None,
) -> list[Planned]:
    """The invoices (and credit notes) ``invoice_ids`` made ready to queue, in that order; ``to``
    replaces the customers' addresses; ``texts`` replace the stored templates (a preview of
    texts being edited)."""
    planned: list[Planned] = []
    with ctx.db.read() as session:
        company = session.get(Company, COMPANY_ID)
        stored = texts or read_document_texts(session)
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
                raise NotFound(_("Invoice #{id} does not exist.").format(id=invoice_id))
            customer = customers[row.customer_id]
            recipients = customer_recipients(customer, to)
            label = _label(row.kind, row.number)
            problem = _where_problem(customer, recipients, to)
            if row.status == InvoiceStatus.DRAFT:
                label, problem = _("Draft"), _("A draft cannot be sent: issue it first.")
            elif row.status == InvoiceStatus.VOID:
                problem = _("{number} is void: it is not sent.").format(number=row.number)
            texts_of = DocumentKind(row.kind)
            voice = voice_of(company, customer.language)
            locale = voice.locale
            _chain, subject_text = stored.text(texts_of, "subject", voice.chain)
            language, body_text = stored.text(texts_of, "body", voice.chain)
            values = {
                "customer": customer.name,
                "contact": customer.contact_person or customer.name,
                "company": company.name if company else "",
                "document": document_word(texts_of, language),
                "number": row.number or "",
                "issue_date": format_date(row.issue_date, locale),
                "due_date": format_date(row.due_date, locale),
                "total": format_money(row.total, row.currency, locale),
                "amount_due": format_money(row.total - row.amount_paid, row.currency, locale),
            }
            subject, body = render_document_mail(subject_text, body_text, values)
            planned.append(
                Planned("invoice", f"invoice:{row.id}", label, customer.id, row.id, None,
                        recipients, subject, body, problem)
            )  # fmt: skip
    return planned


def plan_statement(
    ctx: AppContext,
    customer_id: int,
    start: date,
    end: date,
    to: str = "",
    texts: DocumentTexts | None = None,
) -> Planned:
    """The statement of ``customer_id`` for ``start`` to ``end`` made ready to queue
    (``texts``: as :func:`plan_invoices`)."""
    from arapp.services.statements import build_statement

    doc = build_statement(ctx, customer_id, start, end)
    with ctx.db.read() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound(_("Customer #{id} does not exist.").format(id=customer_id))
        company = session.get(Company, COMPANY_ID)
        stored = texts or read_document_texts(session)
        voice = voice_of(company, customer.language)
        recipients = customer_recipients(customer, to)
        problem = _where_problem(customer, recipients, to)
        name, contact = customer.name, customer.contact_person or customer.name
        company_name = company.name if company else ""
    values = {
        "customer": name,
        "contact": contact,
        "company": company_name,
        "period_start": format_date(start, voice.locale),
        "period_end": format_date(end, voice.locale),
        "balance": format_money(doc.closing_balance, doc.currency, voice.locale),
    }
    subject, body = render_document_mail(
        stored.text("statement", "subject", voice.chain)[1],
        stored.text("statement", "body", voice.chain)[1],
        values,
    )
    label = _("Statement of {customer}, {start} to {end}").format(
        customer=name, start=start.isoformat(), end=end.isoformat()
    )
    return Planned(
        "statement", f"statement:{customer_id}:{start.isoformat()}:{end.isoformat()}", label,
        customer_id, None, (start, end), recipients, subject, body, problem,
    )  # fmt: skip


def preview_document_mail(
    ctx: AppContext, kind: str, language: str, texts: DocumentTexts, number: str = ""
) -> tuple[str, Planned]:
    """``(what, planned)``: the e-mail that would carry the document numbered ``number`` (an
    invoice or credit note) with ``texts``, or, without a number, the newest ``kind`` document
    (for a statement: this month's) of a customer who reads ``language``; ``what`` names the
    document and its customer's language. Raises ``NotFound`` when there is no such document."""
    from arapp.services.invoices import invoice_by_number

    if number.strip():
        record = invoice_by_number(ctx, number.strip())
        invoice_id: int | None = record.id
    else:
        invoice_id, customer_id = _newest_in(ctx, kind, language)
    if invoice_id is not None:
        (planned,) = plan_invoices(ctx, [invoice_id], texts=texts)
    else:
        end = ctx.today()
        planned = plan_statement(ctx, customer_id, end.replace(day=1), end, texts=texts)
    with ctx.db.read() as session:
        customer = session.get(Customer, planned.customer_id)
        language = customer.language if customer else ""
        name = customer.name if customer else ""
        voice = voice_of(session.get(Company, COMPANY_ID), language)
    what = _("{document} of {customer}, who reads {language}").format(
        document=planned.label, customer=name, language=language_label(voice.language)
    )
    return what, planned


def _newest_in(ctx: AppContext, kind: str, language: str) -> tuple[int | None, int]:
    """``(invoice_id, customer_id)`` of the newest issued ``kind`` document of a customer who
    reads ``language`` (a statement: ``None`` and the customer with the newest invoice)."""
    with ctx.db.read() as session:
        company = session.get(Company, COMPANY_ID)
        theirs = company_language(company.locale if company else "en_US")
        reads = Customer.language == language
        if language == theirs:
            reads = reads | (Customer.language == "")
        document = DocumentKind.INVOICE if kind == "statement" else kind
        found = session.execute(
            select(Invoice.id, Invoice.customer_id)
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(reads, Invoice.kind == document, Invoice.status.notin_(in_order(DRAFT_OR_VOID)))
            .order_by(Invoice.issue_date.desc(), Invoice.id.desc())
            .limit(1)
        ).first()
    if found is None:
        text = (
            _(
                "No customer who reads {language} has an issued credit note yet: type a "
                "document's number, or give a customer this language."
            )
            if kind == DocumentKind.CREDIT_NOTE
            else _(
                "No customer who reads {language} has an issued invoice yet: type a "
                "document's number, or give a customer this language."
            )
        )
        raise NotFound(text.format(language=LANGUAGES.get(language, language)))
    return (None if kind == "statement" else found[0]), found[1]
