# SPDX-License-Identifier: MIT
"""Customers and documents of an import of books (:mod:`~.books_import`).

Customers are checked as the customers import checks them. The rows of ``invoices.csv`` with
the same kind and number are the lines of one document, which is made as the invoice editor
makes it (:func:`~arapp.services.invoices.fill_draft`: the same totals to the cent) and then
given its number, the day it was sent, and for a credit note its invoice and what of it was
applied there; a void keeps its number, day and reason. Statuses come last
(:meth:`~.books_state.Books.settle`), once every movement is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from arapp.db.models import CreditAllocation, Customer, Invoice, TaxRate
from arapp.domain.errors import FieldRef
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.numbering import number_problem
from arapp.services.company import company_country, company_currency, default_terms
from arapp.services.customers import search_key
from arapp.services.errors import InputErrors
from arapp.services.invoices import InvoiceDraft, LineDraft, fill_draft
from arapp.services.issued_faces import keep_faces
from arapp.services.transfer.books_state import Books, Document
from arapp.services.transfer.checks import Rows, read_number
from arapp.services.transfer.formats import BOOK_COLUMNS
from arapp.services.transfer.imports import CUSTOMER_COLUMNS, _customers
from arapp.services.transfer.seen import SeenCodes
from arapp.services.transfer.writer import continue_numbering

Cells = Iterable[tuple[int, tuple[str, ...]]]

_COLUMNS = BOOK_COLUMNS["book_invoices"]
_AT = {name: n for n, name in enumerate(_COLUMNS)}
#: The cells that belong to the document, not to one line: the same on every line of it.
_HEAD = tuple(
    _AT[c]
    for c in (
        "customer_code", "issue_date", "due_date", "currency", "kind", "credits", "applied",
        "terms", "discount", "notes", "sent_at", "paid_on", "voided_on", "void_reason",
    )
)  # fmt: skip
#: A line's field in the invoice editor's errors, as the file's column.
_LINE_FIELDS = {
    "description": "description",
    "quantity": "quantity",
    "unit_price": "unit_price",
    "discount_percent": "line_discount",
    "tax": "tax_rate",
}
_KINDS = (DocumentKind.INVOICE.value, DocumentKind.CREDIT_NOTE.value)


def write_customers(books: Books, cells: Cells) -> None:
    """Check and add the customers of ``customers.csv``."""
    session, now = books.session, books.ctx.now()
    check = Rows()
    with SeenCodes() as seen:
        batch = list(cells)
        currency, terms = company_currency(session), default_terms(session)
        home = company_country(session)
        values = _customers(session.connection(), batch, ".", currency, terms, home, check, seen)
    for problem in check.listed():
        books.add(problem.line, problem.column, problem.message)
    for v in values:
        v["search_text"] = search_key(
            str(v["code"]), str(v["name"]), str(v["email"]), str(v["contact_person"])
        )
        row = Customer(
            **{c: v[c] for c in CUSTOMER_COLUMNS},
            status="active",
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        books.customers[row.code] = row
    session.flush()
    books.created[books.file] += len(values)


def write_documents(books: Books, cells: Cells) -> None:
    """Check and add the invoices and credit notes of ``invoices.csv``."""
    groups: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] = {}
    for line, values in cells:
        number = values[0].strip()
        kind = values[_AT["kind"]].strip() or DocumentKind.INVOICE.value
        if not number:
            books.add(line, "number", "Every row needs the document number.")
        elif bad := number_problem(number):
            books.add(line, "number", bad)
        elif kind not in _KINDS:
            books.add(line, "kind", f"“{kind}” is not one of: {', '.join(_KINDS)}.")
        else:
            group = groups.setdefault((kind, number), [])
            if group and any(group[0][1][n] != values[n] for n in _HEAD):
                first = group[0][0]
                books.add(line, "number", f"{number} has other document details on line {first}.")
            else:
                group.append((line, values))
    rates = _Rates(books)
    rates.name_latest(row for rows in groups.values() for row in rows)
    taken = books.taken(groups)
    made = 0
    with books.session.no_autoflush:  # flushed all at once after: a flush each costs more
        for (kind, number), rows in groups.items():
            if (kind, number) in taken:
                books.add(rows[0][0], "number", f"{number} is already in the books.")
                continue
            doc = _document(books, rates, kind, number, rows)
            if doc is not None:
                books.documents[kind, number] = doc
                made += 1
    books.session.flush()
    for doc in books.documents.values():
        if doc.row.kind == DocumentKind.CREDIT_NOTE:
            _credit(books, doc, groups[DocumentKind.CREDIT_NOTE.value, doc.row.number or ""][0][1])
    session = books.session
    session.flush()
    keep_faces(session, [(d.row.id, d.row.customer_id) for d in books.documents.values()])
    for kind in _KINDS:
        numbers = [n for k, n in books.documents if k == kind]
        continue_numbering(session, numbers, DocumentKind(kind))
    books.created[books.file] += made


def _document(
    books: Books, rates: _Rates, kind: str, number: str, rows: list[tuple[int, tuple[str, ...]]]
) -> Document | None:
    """One document from its rows, or None when it cannot be made (its problems added)."""
    line, head = rows[0]
    cell = dict(zip(_COLUMNS, head, strict=True))
    before = len(books.problems)
    code = cell["customer_code"].strip().upper()
    customer = books.customer(code)
    if customer is None:
        books.add(line, "customer_code", f"There is no customer with code {code or '(empty)'}.")
        return None
    currency = (cell["currency"].strip() or customer.currency).upper()
    if currency != customer.currency:
        books.add(line, "currency", f"{code} is billed in {customer.currency}, not {currency}.")
    issue = books.day(line, "issue_date", cell["issue_date"])
    due = books.day(line, "due_date", cell["due_date"], blank=True, later=True)
    voided_on = books.day(line, "voided_on", cell["voided_on"], blank=True)
    paid_on = books.day(line, "paid_on", cell["paid_on"], blank=True)
    sent_at = _moment(books, line, cell["sent_at"])
    discount = _number(books, line, "discount", cell["discount"], 4)
    if voided_on is not None and not cell["void_reason"].strip():
        books.add(line, "void_reason", "Say why the document was voided.")
    if cell["void_reason"].strip() and voided_on is None:
        books.add(line, "voided_on", "A void reason needs the day it was voided.")
    lines = [_line(books, rates, n, values) for n, values in rows]
    if issue is None or len(books.problems) > before:
        return None
    draft = InvoiceDraft(
        customer_id=customer.id,
        issue_date=issue,
        lines=tuple(line for line, _name in lines),
        due_date=due,
        terms=cell["terms"],
        discount_percent=discount or Decimal(0),
        notes=cell["notes"],
        footer="",
    )
    row = Invoice(created_at=books.ctx.now(), amount_paid=Decimal(0))
    try:
        fill_draft(books.session, row, draft, customer)
    except InputErrors as exc:
        for error in exc.errors:
            ref = error.field
            if isinstance(ref, FieldRef) and ref.line is not None:
                at = rows[ref.line - 1][0]
                books.add(at, _LINE_FIELDS.get(ref.part or "", "description"), error.message)
            else:
                column = {"discount_percent": "discount"}.get(str(ref), str(ref))
                books.add(line, column, error.message)
        return None
    if kind == DocumentKind.INVOICE and row.total < 0:
        books.add(line, "number", f"{number} comes to {row.total}: an invoice cannot be "
                  "negative (a credit note takes amounts off).")  # fmt: skip
        return None
    if kind == DocumentKind.CREDIT_NOTE and row.total <= 0:
        books.add(line, "number", f"{number} comes to {row.total}: a credit note is for more "
                  "than zero.")  # fmt: skip
        return None
    books.session.add(row)
    for stored, (_line_draft, billed) in zip(row.lines, lines, strict=True):
        stored.tax_name = billed if stored.tax_name else ""  # the name billed, as it was
    row.kind, row.number = kind, number
    row.status, row.issued_at, row.sent_at = InvoiceStatus.ISSUED, books.ctx.now(), sent_at
    if voided_on is not None:
        row.status, row.voided_on = InvoiceStatus.VOID, voided_on
        row.void_reason = cell["void_reason"].strip()
    return Document(row, books.file, line, paid_on, voided_on is not None)


def _line(books: Books, rates: _Rates, line: int, values: tuple[str, ...]) -> tuple[LineDraft, str]:
    """A line as the invoice editor takes it, and the name of the tax billed on it."""
    cell = dict(zip(_COLUMNS, values, strict=True))
    quantity = _number(books, line, "quantity", cell["quantity"], 6, needed=True)
    price = _number(books, line, "unit_price", cell["unit_price"], 4, needed=True)
    discount = _number(books, line, "line_discount", cell["line_discount"], 4)
    rate, name = None, ""
    if cell["tax_rate"].strip():
        percent = _number(books, line, "tax_rate", cell["tax_rate"].rstrip("% "), 4)
        inclusive = cell["tax_inclusive"].strip().lower()
        if inclusive not in ("", "yes", "no"):
            books.add(line, "tax_inclusive", "Write yes for a price that includes the tax.")
        if percent is not None:
            name = " ".join(cell["tax_name"].split()) or f"Tax {percent.normalize():f}%"
            rate = rates.of(name, percent, inclusive == "yes")
    draft = LineDraft(
        description=cell["description"],
        quantity=quantity if quantity is not None else "0",
        unit_price=price if price is not None else "0",
        discount_percent=discount or Decimal(0),
        tax_rate_id=rate,
        unit=cell["unit"].strip(),
    )
    return draft, name


def _credit(books: Books, doc: Document, head: tuple[str, ...]) -> None:
    """What a credit note credits, and what of it was applied to that invoice."""
    cell = dict(zip(_COLUMNS, head, strict=True))
    note, line = doc.row, doc.line
    number = cell["credits"].strip()
    applied = _number(books, line, "applied", cell["applied"], 4) or Decimal(0)
    if not number:
        if applied:
            books.add(line, "credits", "Say which invoice the applied credit went to.")
        return
    source = books.invoice(number)
    if source is None or source.row.customer_id != note.customer_id:
        books.add(line, "credits", f"There is no invoice {number} of this customer in the file.")
        return
    note.related_invoice_id = source.row.id
    if applied < 0 or applied > note.total:
        books.add(line, "applied", f"Apply between 0 and the credit note's {note.total}.")
    elif applied:
        books.session.add(
            CreditAllocation(
                credit_note_id=note.id,
                invoice_id=source.row.id,
                amount=applied,
                date=note.issue_date,
            )
        )
        source.took(applied, note.issue_date)
        doc.took(applied, note.issue_date)


class _Rates:
    """Tax rates by name, percent and kind: those of the books, and more made as needed (an
    old rate billed under a name now used by another percent is kept under a new name, and
    the lines show the name billed)."""

    def __init__(self, books: Books) -> None:
        self.session = books.session
        self.known = {
            (r.name, r.percent, r.inclusive): r.id for r in self.session.scalars(select(TaxRate))
        }

    def name_latest(self, rows: Iterable[tuple[int, tuple[str, ...]]]) -> None:
        """Give each tax name to the percent it was billed with last (the rate as it is now),
        before older percents of that name are met."""
        latest: dict[str, tuple[str, Decimal, bool]] = {}
        for _line, values in rows:
            cell = dict(zip(_COLUMNS, values, strict=True))
            name, percent = " ".join(cell["tax_name"].split()), read_number(cell["tax_rate"], 4)
            if name and isinstance(percent, Decimal):
                day = cell["issue_date"].strip()
                inclusive = cell["tax_inclusive"].strip().lower() == "yes"
                if day >= latest.get(name, ("",))[0]:
                    latest[name] = (day, percent, inclusive)
        for name, (_day, percent, inclusive) in latest.items():
            self.of(name, percent, inclusive)

    def of(self, name: str, percent: Decimal, inclusive: bool) -> int:
        key = (name, percent, inclusive)
        if key not in self.known:
            names = {n for n, _p, _i in self.known}
            stored = name
            while stored in names:
                stored = f"{stored} ({percent.normalize():f}%{' incl.' if inclusive else ''})"
            rate = TaxRate(name=stored, percent=percent, inclusive=inclusive, active=stored == name)
            self.session.add(rate)
            self.session.flush()
            self.known[key] = rate.id
            self.known[stored, percent, inclusive] = rate.id
        return self.known[key]


def _moment(books: Books, line: int, text: str) -> datetime | None:
    if not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        books.add(line, "sent_at", f"“{text}” is not a time (write it like 2026-11-23T09:30:00).")
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _number(
    books: Books, line: int, column: str, text: str, places: int, needed: bool = False
) -> Decimal | None:
    if not text.strip():
        if needed:
            books.add(line, column, f"Every line needs its {column.replace('_', ' ')}.")
        return None
    value = read_number(text, places)
    if isinstance(value, str):
        books.add(line, column, value)
        return None
    return value
