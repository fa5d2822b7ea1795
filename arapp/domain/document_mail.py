# SPDX-License-Identifier: MIT
"""What an e-mail carrying a document says: the placeholders its templates may use and the
default wording for invoices, credit notes and statements. The texts are edited per language
in Settings or with ``arapp config set [--language CODE]``; which language a customer's e-mail
takes is :func:`choose_text` (the customer's, the company's, English).

Rendering is the reminders' (:func:`arapp.domain.reminders.render`), given these placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from arapp.domain.invoice import DocumentKind
from arapp.domain.languages import ENGLISH, pick
from arapp.domain.reminders import check_template, render
from arapp.domain.texts import DOCUMENT_MAIL

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

#: The built-in English texts (those of other languages: :data:`arapp.domain.texts.DOCUMENT_MAIL`).
DEFAULT_SUBJECTS: dict[str, str] = {
    kind: DOCUMENT_MAIL[ENGLISH][(kind, "subject")] for kind in KINDS
}
DEFAULT_BODIES: dict[str, str] = {kind: DOCUMENT_MAIL[ENGLISH][(kind, "body")] for kind in KINDS}


def check_document_template(text: str, field: str = "template") -> str:
    """``text`` when it uses only :data:`DOCUMENT_PLACEHOLDERS`; else a ``TemplateError``."""
    check_template(text, field, DOCUMENT_PLACEHOLDERS)
    return text


def render_document_mail(subject: str, body: str, values: Mapping[str, str]) -> tuple[str, str]:
    """The subject (on one line) and body filled with ``values``."""
    filled = render(subject, values, DOCUMENT_PLACEHOLDERS)
    return " ".join(filled.split()), render(body, values, DOCUMENT_PLACEHOLDERS).strip()


def choose_text(
    kind: str, part: str, chain: Sequence[str], own: Mapping[str, str], english: str
) -> tuple[str, str]:
    """``(language, text)`` of ``part`` (``subject`` or ``body``) of a ``kind`` e-mail for
    the languages ``chain``: ``own`` holds the owner's texts by language (not English's, which
    is ``english``); each part falls back on its own (see :func:`arapp.domain.languages.pick`)."""
    builtin = {
        lang: texts[(kind, part)] for lang, texts in DOCUMENT_MAIL.items() if (kind, part) in texts
    }
    return pick(chain, {k: v for k, v in own.items() if v}, builtin, english)
