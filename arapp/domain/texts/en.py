# SPDX-License-Identifier: MIT
"""The built-in English texts of the e-mails that carry documents.

One module per language, named by its ISO 639-1 code (``de.py``, ``fr.py``), each with the same
names: adding a language's built-in texts is adding its file and its line in
:mod:`arapp.domain.texts`. ``DOCUMENT_MAIL`` holds a subject and a body per kind of document
(``DOCUMENT_WORDS`` what ``$document`` says);
``REMINDERS`` a subject and a body per level of the standard reminder ladder (English's are
the ladder's own, :data:`arapp.domain.reminders.DEFAULT_LEVELS`, so it has none here);
``WORDS`` every word printed on the documents and the reminders' phrases.
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

#: Every word printed on the documents (invoice, credit note, fee document, statement,
#: reminder letter, aging report) and the phrases the reminder texts are filled with. Keys are
#: the same in every language; ``$name`` placeholders are filled in by the printer (the same
#: ones in every language). Section headings are written as words; the printer capitalises.
WORDS: dict[str, str] = {
    # the documents' names
    "invoice_title": "Invoice",
    "credit_note_title": "Credit note",
    "draft_invoice": "Draft invoice",
    "draft_credit_note": "Draft credit note",
    "not_issued": "Not issued yet",
    "credit_note_for": "Credit note for invoice $number",
    "statement": "Statement",
    "of_account": "of account",
    "payment_reminder": "Payment reminder",
    "payment_reminders": "Payment reminders ($count)",
    "aging_report": "Aging report",
    "document_for": "$title for $customer",
    "draft_mark": "DRAFT",
    "void_mark": "VOID",
    "void_invoice": "VOID – this invoice has been cancelled and must not be paid.",
    "void_credit_note": "VOID – this credit note has been cancelled.",
    "void_reason": "Reason: $reason",
    "page": "Page $page of $pages",
    # the parties and the details beside them
    "bill_to": "Bill to",
    "statement_for": "Statement for",
    "attn": "Attn. $name",
    "tax_id": "Tax ID: $tax_id",
    "issue_date": "Issue date",
    "due_date": "Due date",
    "date": "Date",
    "customer_no": "Customer no.",
    "statement_date": "Statement date",
    "period": "Period",
    # the line table and the totals
    "description": "Description",
    "quantity": "Qty",
    "unit": "Unit",
    "unit_price": "Unit price",
    "discount_percent": "Disc. %",
    "tax": "Tax",
    "amount": "Amount",
    "subtotal": "Subtotal",
    "discount": "Discount",
    "tax_on": "$tax on $net",
    "no_tax": "No tax",
    "total": "Total",
    "total_credit": "Total credit",
    "amount_paid": "Amount paid",
    "amount_due": "Amount due",
    "in_your_favour": "In your favour",
    "notes": "Notes",
    # how to pay
    "payment": "Payment",
    "terms": "Terms",
    "how_to_pay": "How to pay",
    "bank": "Bank",
    "account_no": "Account no.",
    "reference": "Reference",
    "pay_online": "Pay online",
    "qr_caption": "Scan to pay with your banking app",
    "qr_caption_euro": "Scan to pay with your banking app (the euro amount)",
    "link_caption": "Scan to pay online",
    "pay_quoting": "Please pay the amount due, quoting the reference below.",
    "pay_amount_quoting": "Please pay $amount, quoting the reference below.",
    "pay_amount": "Please pay $amount.",
    # payment terms and late fees
    "terms_on_receipt": "Payment due on receipt.",
    "terms_net": "Payment due within $days.",
    "terms_end_of_month": "Payment due by the end of the month of the invoice date.",
    "terms_end_of_month_plus": "Payment due $days after the end of the month of the invoice date.",
    "terms_discount": "$percent% discount if paid within $days.",
    "terms_discount_same_day": "$percent% discount if paid on the invoice date.",
    "one_day": "1 day",
    "days": "$count days",
    "late_fee_terms": "Overdue balances are charged $charges.",
    "late_fee_flat": "a late fee of $amount",
    "late_fee_interest": "interest of $percent% per month",
    "late_fee_line": "Late fee: invoice $number due $due_date",
    "late_fee_notes": "Late fees on invoice $number, due $due_date.",
    "late_fee": "Late fee",
    # statements
    "open_items_on": "Open items on $date",
    "nothing_open": "Nothing is open: thank you.",
    "activity": "Activity $period",
    "aging_days": "Aging (days past due)",
    "document": "Document",
    "open": "Open",
    "days_overdue": "Days overdue",
    "charges": "Charges",
    "credits": "Credits",
    "balance": "Balance",
    "opening_balance": "Opening balance",
    "closing_balance": "Closing balance",
    "no_activity": "No activity in the period",
    "total_open": "Total open",
    "payment_by": "Payment ($method)",
    "current": "Current",
    # reminder letters
    "status": "Status",
    "open_amount": "Open amount",
    "due_today": "due today",
    "due_in_one_day": "due in 1 day",
    "due_in_days": "due in $count days",
    "one_day_overdue": "1 day overdue",
    "days_overdue_count": "$count days overdue",
    # the aging report (the company's language)
    "code": "Code",
    "customer": "Customer",
    "aging_subtitle": "As of $date · aged by $basis · $currency · $count customers",
    "by_due_date": "due date",
    "by_invoice_date": "invoice date",
    # what the reminder texts are filled with ($invoices, $balance_sentence ...)
    "and": "and",
    "one_invoice": "invoice $number",
    "some_invoices": "invoices $numbers",
    "many_invoices": "$count invoices",
    "oldest_listed": "the $count oldest invoices listed",
    "some_listed": "$count of the invoices listed",
    "is": "is",
    "are": "are",
    "today": "today",
    "in_one_day": "in 1 day",
    "in_days": "in $count days",
    "list_line": "- $number, due $due_date ($when): $amount",
    "not_yet_due": "not yet due",
    "oldest_overdue": "the oldest $when",
    "together": "Together they come to $amount.",
    "together_all_overdue": "Together they come to $amount, which is all that is overdue "
    "on your account.",
    "together_part_overdue": "Together they come to $amount, of which $overdue is overdue.",
    "other_invoices_overdue": "Including your other invoices, $amount is overdue on your account.",
    "wrote_once": "We last wrote to you about $invoices on $date.",
    "wrote_before": "We have written to you about $invoices before, most recently on $date.",
    "late_fee_one": "As our terms provide, a late fee of $amount applies to $invoices; it is "
    "charged on a separate invoice.",
    "late_fee_many": "As our terms provide, late fees of $amount apply to $invoices; they are "
    "charged on separate invoices.",
    "pay_online_line": "Pay online: $link",
    "bank_transfer_line": "Bank transfer: $bank",
    "quote_reference": "Please quote: $reference",
    "quote_customer_number": "Please quote your customer number: $reference",
    "more_links": "and $count more invoices: each has its link on the invoice",
    "late_fee_interest_line": "Interest $rate% per month on $owed open on invoice $number, $start "
    "to $end",
    "late_fee_counted": "Late fees on invoice $number, due $due_date, counted to $date.",
    "voided": "$document voided: $reason",
    "method_cash": "cash",
    "method_cheque": "cheque",
    "method_card": "card",
    "method_bank_transfer": "bank transfer",
    "method_digital_wallet": "digital wallet",
    "method_other": "other",
    "payment_reversed": "Payment reversed: $reason",
    "refund": "Refund of credit",
    "early_payment_discount": "Early-payment discount",
    "small_balance": "Small balance written off",
    "bad_debt": "Bad debt written off",
    "adjustment_reversed": "$what: reversed",
    "customer_ref": "Customer $code",
    "more_link": "and 1 more invoice: each has its link on the invoice",
    "footer_thanks": "Thank you for your business.",
    "document_ref": "Reference",
}
