# SPDX-License-Identifier: MIT
"""The built-in English texts of the e-mails that carry documents.

One module per language, named by its ISO 639-1 code (``de.py``, ``fr.py``), each with the same
names: adding a language's built-in texts is adding its file and its line in
:mod:`arapp.domain.texts`. ``DOCUMENT_MAIL`` holds a subject and a body per kind of document
(``DOCUMENT_WORDS`` what ``$document`` says);
``REMINDERS`` a subject and a body per level of the standard reminder ladder (English's are
the ladder's own, :data:`arapp.domain.reminders.DEFAULT_LEVELS`, so it has none here).
Placeholders stay as they are (``$number``); what fills them is in the customer's locale.
"""

from __future__ import annotations

from arapp.domain.invoice import DocumentKind

DOCUMENT_MAIL: dict[tuple[str, str], str] = {
    (DocumentKind.INVOICE, "subject"): "Invoice $number from $company",
    (DocumentKind.INVOICE, "body"): (
        "Dear $contact,\n\nPlease find attached our invoice $number of $issue_date for $total, "
        "due on $due_date.\n\nIf you have any question about it, simply reply to this e-mail."
        "\n\nKind regards,\n$company"
    ),
    (DocumentKind.CREDIT_NOTE, "subject"): "Credit note $number from $company",
    (DocumentKind.CREDIT_NOTE, "body"): (
        "Dear $contact,\n\nPlease find attached our credit note $number of $issue_date for "
        "$total.\n\nIf you have any question about it, simply reply to this e-mail."
        "\n\nKind regards,\n$company"
    ),
    ("statement", "subject"): "Statement of account from $company",
    ("statement", "body"): (
        "Dear $contact,\n\nPlease find attached your statement of account from $period_start "
        "to $period_end. Your balance is $balance.\n\nIf anything in it looks wrong, simply "
        "reply to this e-mail.\n\nKind regards,\n$company"
    ),
}

#: What ``$document`` says for each kind of document.
DOCUMENT_WORDS: dict[str, str] = {
    DocumentKind.INVOICE: "invoice",
    DocumentKind.CREDIT_NOTE: "credit note",
}

REMINDERS: dict[int, tuple[str, str]] = {}
