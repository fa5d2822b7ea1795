# SPDX-License-Identifier: MIT
"""What an e-mail carrying a document says: the placeholders its templates may use and the
default wording for invoices, credit notes and statements (one language: the app has no
language per customer yet; the texts are edited in Settings or with ``arapp config set``).

Rendering is the reminders' (:func:`arapp.domain.reminders.render`), given these placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping

from arapp.domain.invoice import DocumentKind
from arapp.domain.reminders import check_template, render

#: What a document e-mail's subject and body may use.
DOCUMENT_PLACEHOLDERS: dict[str, str] = {
    "customer": "the customer's name",
    "contact": "the contact person, else the customer's name",
    "company": "your company's name",
    "document": '"invoice" or "credit note"',
    "number": "the document's number",
    "issue_date": "the day it was issued",
    "due_date": "the day it is due",
    "total": "its total",
    "amount_due": "what is still owed on it",
    "period_start": "a statement's first day",
    "period_end": "a statement's last day",
    "balance": "what the customer owes at the end of a statement's period",
}

#: The kinds of document e-mail, each with its own subject and body.
KINDS: tuple[str, ...] = (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE, "statement")

DEFAULT_SUBJECTS: dict[str, str] = {
    DocumentKind.INVOICE: "Invoice $number from $company",
    DocumentKind.CREDIT_NOTE: "Credit note $number from $company",
    "statement": "Statement of account from $company",
}

DEFAULT_BODIES: dict[str, str] = {
    DocumentKind.INVOICE: (
        "Dear $contact,\n\nPlease find attached our invoice $number of $issue_date for $total, "
        "due on $due_date.\n\nIf you have any question about it, simply reply to this e-mail."
        "\n\nKind regards,\n$company"
    ),
    DocumentKind.CREDIT_NOTE: (
        "Dear $contact,\n\nPlease find attached our credit note $number of $issue_date for "
        "$total.\n\nIf you have any question about it, simply reply to this e-mail."
        "\n\nKind regards,\n$company"
    ),
    "statement": (
        "Dear $contact,\n\nPlease find attached your statement of account from $period_start "
        "to $period_end. Your balance is $balance.\n\nIf anything in it looks wrong, simply "
        "reply to this e-mail.\n\nKind regards,\n$company"
    ),
}


def check_document_template(text: str, field: str = "template") -> str:
    """``text`` when it uses only :data:`DOCUMENT_PLACEHOLDERS`; else a ``TemplateError``."""
    check_template(text, field, DOCUMENT_PLACEHOLDERS)
    return text


def render_document_mail(subject: str, body: str, values: Mapping[str, str]) -> tuple[str, str]:
    """The subject (on one line) and body filled with ``values``."""
    filled = render(subject, values, DOCUMENT_PLACEHOLDERS)
    return " ".join(filled.split()), render(body, values, DOCUMENT_PLACEHOLDERS).strip()
