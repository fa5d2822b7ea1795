# SPDX-License-Identifier: MIT
"""The columns of every CSV file arapp reads and writes (see README, "CSV formats").

:data:`COLUMNS` are the per-kind files the import wizard and ``arapp import KIND`` read, from
arapp or from another program; :data:`BOOK_COLUMNS` the files of exported books
(``arapp export all``), read back only by :mod:`~arapp.services.transfer.books_import`.
"""

from __future__ import annotations

#: The customers' optional columns of the e-invoice and delivery fields (issue 14): the address
#: in parts (when given, ``address`` is not read; ``region``: state, province or county), VAT
#: id and the rest; and the language the customer is written to in (an ISO 639-1 code, empty:
#: the company's).
CUSTOMER_PARTY_COLUMNS = (
    "street",
    "postcode",
    "city",
    "region",
    "country",
    "vat_id",
    "registration_id",
    "buyer_reference",
    "electronic_address",
    "electronic_address_scheme",
    "delivery",
    "einvoice_format",
    "invoice_email",
    "invoice_cc",
    "language",
)

COLUMNS = {
    "customers": (
        "code",
        "name",
        "email",
        "phone",
        "address",
        "terms",
        "credit_limit",
        "currency",
        *CUSTOMER_PARTY_COLUMNS,
    ),
    "invoices": (
        "number",
        "customer_code",
        "issue_date",
        "due_date",
        "currency",
        "description",
        "quantity",
        "unit_price",
        "tax_rate",
    ),
    "payments": ("date", "customer_code", "amount", "method", "reference", "invoice_number"),
}
OPTIONAL = {
    "customers": {
        "email",
        "phone",
        "address",
        "terms",
        "credit_limit",
        "currency",
        *CUSTOMER_PARTY_COLUMNS,
    },
    "invoices": {"due_date", "currency", "tax_rate"},
    "payments": {"reference", "invoice_number", "method"},
}

#: The files of exported books (``arapp export all FOLDER``, see
#: :mod:`arapp.services.transfer.books`): invoices and payments with the per-kind columns and
#: more after them, and three more kinds. Not offered by the import wizard, which reads the
#: per-kind formats of :data:`COLUMNS`.
BOOK_COLUMNS = {
    "book_invoices": (
        *COLUMNS["invoices"],
        "kind",
        "credits",
        "applied",
        "terms",
        "discount",
        "line_discount",
        "tax_name",
        "tax_inclusive",
        "unit",
        "notes",
        "sent_at",
        "paid_on",
        "voided_on",
        "void_reason",
    ),
    "book_payments": (
        *COLUMNS["payments"],
        "payment",
        "applied_on",
        "reversed_on",
        "reversal_reason",
    ),
    "adjustments": ("date", "invoice_number", "kind", "amount", "reason", "payment", "reversed_on"),
    "refunds": ("date", "customer_code", "amount", "method", "reference"),
    "late_fees": (
        "invoice_number",
        "period",
        "period_start",
        "fee_number",
        "base",
        "flat",
        "interest",
    ),
}
BOOK_OPTIONAL = {
    "book_invoices": OPTIONAL["invoices"] | set(BOOK_COLUMNS["book_invoices"][9:]),
    "book_payments": OPTIONAL["payments"] | set(BOOK_COLUMNS["book_payments"][6:]),
    "adjustments": {"reason", "payment", "reversed_on"},
    "refunds": {"method", "reference"},
    "late_fees": set(),
}
#: A column only exported books have: a per-kind import refuses a file with it (it would
#: read credit notes as invoices, reversed payments as good ones).
BOOKS_ONLY = {"invoices": "void_reason", "payments": "reversal_reason"}


def columns_of(kind: str) -> tuple[str, ...]:
    """The columns of a file kind, per-kind (:data:`COLUMNS`) or of books (:data:`BOOK_COLUMNS`)."""
    return COLUMNS[kind] if kind in COLUMNS else BOOK_COLUMNS[kind]


def optional_of(kind: str) -> set[str]:
    """The columns a file of ``kind`` may leave out."""
    return OPTIONAL[kind] if kind in OPTIONAL else BOOK_OPTIONAL[kind]
