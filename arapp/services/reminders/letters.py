# SPDX-License-Identifier: MIT
"""Reminder letters: the outbox's ``letter`` messages, printed into one PDF, then marked sent.

A reminder run queues a letter instead of an e-mail for a customer without an e-mail address
(:mod:`arapp.services.reminders.run`).  :func:`pending_letters` lists the letters still to
print, :func:`print_letters` renders them (all, or some) into one PDF with
:func:`arapp.pdf.letter.render_letters`, and :func:`mark_letters_printed` records them as
sent, with a contact-log entry each, in one transaction.  Printing changes nothing: a PDF
that could not be built (or was never printed) leaves every letter queued.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Company, ContactLogEntry, Customer, Invoice, OutboxMessage
from arapp.domain.money import quantize
from arapp.domain.payment_link import LinkValues, expand, shared_link
from arapp.formatting import customer_locale
from arapp.pdf.letter import render_letters
from arapp.pdf.letter_document import LetterInvoice, ReminderLetter
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.document_words import customer_language, read_words
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.issued_faces import buyer_party, payment_details, seller_party
from arapp.services.reminders.how_to_pay import reference_for
from arapp.services.reminders.outbox import OutboxRecord, list_outbox
from arapp.services.settings import INVOICE_FOOTER, PAPER_SIZE, read_setting

__all__ = [
    "build_letters",
    "letter_footer",
    "mark_letters_printed",
    "pending_letters",
    "print_letters",
]

PENDING = "queued"
"""The state of a letter still to print (letters are never claimed, retried or sent by SMTP)."""


def pending_letters(ctx: AppContext) -> list[OutboxRecord]:
    """The letters queued and not printed yet, oldest first."""
    return [r for r in list_outbox(ctx, (PENDING,)) if r.channel == "letter"]


def _pending_ids(ctx: AppContext, outbox_ids: Sequence[int] | None) -> list[int]:
    """``outbox_ids`` (checked to be pending letters), or every pending letter."""
    pending = [r.id for r in pending_letters(ctx)]
    if outbox_ids is None:
        return pending
    wrong = [i for i in outbox_ids if i not in set(pending)]
    if wrong:
        raise ServiceError(
            "Not letters waiting to be printed: " + ", ".join(f"#{i}" for i in wrong) + "."
        )
    return list(dict.fromkeys(outbox_ids))


#: Thanks in the languages of :data:`arapp.domain.languages.LANGUAGES`.
_THANKS = re.compile(r"thank|dank|merci|gracias|grazie", re.IGNORECASE)


def letter_footer(footer: str) -> str:
    """The invoice footer without its lines of thanks: "Thank you for your business." reads
    as mockery under a firm reminder or a final notice (the reminder texts thank where
    thanks are due); registration details and the like stay."""
    kept = [line for line in footer.splitlines() if not _THANKS.search(line)]
    return "\n".join(kept).strip()


def _letter(
    session: Session, row: OutboxMessage, company: Company, today: date, paper: str, footer: str
) -> ReminderLetter:
    customer = session.get(Customer, row.customer_id)
    assert customer is not None
    invoice_ids = [item.invoice_id for item in row.items]
    found = {i.id: i for i in session.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids)))}
    invoices = []
    for invoice_id in dict.fromkeys(invoice_ids):
        inv = found[invoice_id]
        number, currency = inv.number or "", inv.currency
        open_ = quantize(inv.total - inv.amount_paid, currency)
        # the company's link as it is today (a letter is a new document), for this invoice
        link = expand(company.payment_link_url, LinkValues(number, open_, currency, customer.code))
        invoices.append(
            LetterInvoice(
                number=number,
                due_date=inv.due_date,
                days_overdue=(today - inv.due_date).days,
                open=open_,
                currency=currency,
                payment_link=link if open_ > 0 else "",
            )
        )
    numbers = [i.number for i in invoices if i.number]
    words = read_words(session, customer_language(company, customer.language))
    reference = reference_for(numbers, customer.code) or words("customer_ref", code=customer.code)
    payment = payment_details(company, reference)
    payment = replace(payment, payment_link_url=shared_link(i.payment_link for i in invoices))
    return ReminderLetter(
        seller=seller_party(company),
        recipient=replace(buyer_party(customer, company), email="", tax_id=""),
        letter_date=today,
        subject=row.subject,
        body=row.body,
        locale=customer_locale(customer.language, company.locale, company.country),
        invoices=tuple(invoices),
        payment=payment,
        footer=letter_footer(footer),
        paper_size=paper,
        words=words,
    )


def build_letters(ctx: AppContext, outbox_ids: Sequence[int] | None = None) -> list[ReminderLetter]:
    """The pending letters (all, or ``outbox_ids``) as plain values, ready to render."""
    ids = _pending_ids(ctx, outbox_ids)
    today = ctx.today()
    with ctx.db.read() as session:
        company = session.get(Company, COMPANY_ID)
        if company is None:
            raise ServiceError("Fill in the company profile first: it is printed on letters.")
        paper = read_setting(session, PAPER_SIZE)
        footer = read_setting(session, INVOICE_FOOTER)
        letters = []
        for outbox_id in ids:
            row = session.get(OutboxMessage, outbox_id)
            assert row is not None
            letters.append(_letter(session, row, company, today, paper, footer))
    return letters


def print_letters(ctx: AppContext, outbox_ids: Sequence[int] | None = None) -> bytes:
    """One PDF of the pending letters (all, or ``outbox_ids``), one letter per page or more.

    Marks nothing: call :func:`mark_letters_printed` once the letters are printed.
    """
    letters = build_letters(ctx, outbox_ids)
    if not letters:
        raise ServiceError("No reminder letters are waiting to be printed.")
    return render_letters(letters)


def mark_letters_printed(ctx: AppContext, outbox_ids: Sequence[int]) -> list[OutboxRecord]:
    """Record the letters ``outbox_ids`` as printed: sent now, with a contact-log entry each.

    One transaction: if any of them is not a letter waiting to be printed (another person
    marked it meanwhile, or it is an e-mail), nothing is changed.
    """
    now = ctx.now()
    ids = list(dict.fromkeys(outbox_ids))
    with ctx.db.write() as session:
        for outbox_id in ids:
            row = session.get(OutboxMessage, outbox_id, with_for_update=True)
            if row is None:
                raise NotFound(
                    f"Letter #{outbox_id} is no longer in the Outbox: a later reminder run may "
                    "have replaced it with a newer letter to the same customer, which lists its "
                    "invoices too. Print the waiting letters again and post the newer one."
                )
            if row.channel != "letter" or row.state != PENDING:
                raise ServiceError(
                    f"Outbox message #{outbox_id} is not a letter waiting to be printed "
                    f"(channel {row.channel}, {row.state})."
                )
            row.state, row.sent_at, row.next_attempt_at, row.last_error = "sent", now, None, ""
            session.add(
                ContactLogEntry(
                    customer_id=row.customer_id, at=now, kind="letter",
                    summary=f"Reminder letter printed: {row.subject}",
                )
            )  # fmt: skip
    if ids:
        ctx.events.emit(Change.OUTBOX_CHANGED, Entity.OUTBOX_MESSAGE, *ids)
    printed = set(ids)
    return [r for r in list_outbox(ctx, ("sent",)) if r.id in printed]
