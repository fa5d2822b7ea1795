# SPDX-License-Identifier: MIT
"""What an import of books (:mod:`~arapp.services.transfer.books_import`) knows while it
writes: the customers, documents and payments written so far, and every problem found."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Customer, Invoice, Payment
from arapp.domain.invoice import DocumentKind, InvoiceStatus, settle
from arapp.domain.money import quantize
from arapp.services.context import AppContext
from arapp.services.transfer.bulk import select_in
from arapp.services.transfer.checks import not_a_date
from arapp.services.transfer.csvfile import Problem


@dataclass(frozen=True)
class BooksProblem:
    """A problem of one file of the folder.

    Attributes:
        file: The file's name (``invoices.csv``).
        problem: Its line, column and message.
    """

    file: str
    problem: Problem

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}"


@dataclass(eq=False)
class Document:
    """An invoice or credit note of the file, as written so far.

    Attributes:
        row: The document.
        file: The file it is in.
        line: Its first line there.
        paid_on: The day it was paid off, as the file says.
        voided: Whether the file says it is void.
        moved: The latest day money moved on it (a paid day when the file gives none).
    """

    row: Invoice
    file: str
    line: int
    paid_on: date | None = None
    voided: bool = False
    moved: date | None = None

    def took(self, amount: Decimal, day: date) -> None:
        """``amount`` paid, credited or written off on it on ``day``."""
        self.row.amount_paid += amount
        self.moved = day if self.moved is None else max(self.moved, day)


@dataclass(eq=False)
class Books:
    """The state of one import of books.

    Attributes:
        ctx: The books written to.
        session: The import's write transaction.
        file: The file being read.
        problems: Every problem found so far.
        created: Records written, by file name.
        customers: Customers by code (of the file, and those of the books looked up).
        documents: Documents of the file by kind and number.
        payments: Payments of the file by key, with their first line.
    """

    ctx: AppContext
    session: Session = field(init=False)
    file: str = ""
    problems: list[BooksProblem] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    customers: dict[str, Customer | None] = field(default_factory=dict)
    documents: dict[tuple[str, str], Document] = field(default_factory=dict)
    payments: dict[str, tuple[Payment, int]] = field(default_factory=dict)

    def add(self, line: int, column: str, message: str) -> None:
        self.problems.append(BooksProblem(self.file, Problem(line, column, message)))

    def day(
        self, line: int, column: str, text: str, blank: bool = False, later: bool = False
    ) -> date | None:
        """The date ``text`` says (``blank``: may be empty), not after today unless ``later``;
        or None with the problem added."""
        if blank and not text.strip():
            return None
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            self.add(line, column, not_a_date(text))
            return None
        if day > self.ctx.today() and not later:
            self.add(line, column, "Nothing is dated in the future.")
        return day

    def customer(self, code: str) -> Customer | None:
        """The customer of ``code``: of the file, or already in the books."""
        if code not in self.customers:
            query = select(Customer).where(Customer.code == code)
            self.customers[code] = self.session.scalar(query)
        return self.customers[code]

    def invoice(self, number: str) -> Document | None:
        """The invoice (not credit note) numbered ``number`` of the file."""
        return self.documents.get((DocumentKind.INVOICE.value, number))

    def taken(self, numbers: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Those of ``numbers`` (kind, number) the books had before (read a chunk at a
        time, before anything of the file is written)."""
        wanted = sorted(set(numbers))
        sql = "SELECT kind, number FROM invoice WHERE number IN ({})"
        connection = self.session.connection()
        found = select_in(connection, sql, sorted({number for _kind, number in wanted}))
        return {(kind, number) for kind, number in found} & set(wanted)

    def settle(self) -> None:
        """Give every document the status and paid day its movements make, once all are
        written; a document paid or credited beyond its total is a problem."""
        for doc in self.documents.values():
            self.file = doc.file
            row = doc.row
            number = row.number or ""
            if doc.voided:
                if row.amount_paid:
                    self.add(doc.line, "voided_on", f"{number} is void but has payments, "
                             "credits or write-offs on it.")  # fmt: skip
                continue
            if row.amount_paid > row.total:
                over = quantize(row.amount_paid, row.currency)
                self.add(
                    doc.line,
                    "number",
                    f"Payments, credits and write-offs on {number} come to {over} "
                    f"{row.currency}, more than its total of {row.total}.",
                )
                continue
            paid_off = row.amount_paid >= row.total
            if doc.paid_on is not None and not paid_off:
                self.add(doc.line, "paid_on", f"{number} is not paid off: leave paid_on empty.")
                continue
            day = doc.paid_on or doc.moved or row.issue_date
            sent = row.sent_at is not None
            row.status, row.paid_date = settle(
                InvoiceStatus.ISSUED, row.total, row.amount_paid, sent=sent, paid_date=None, day=day
            )
