# SPDX-License-Identifier: MIT
"""``arapp import all FOLDER``: exported books (:mod:`~arapp.services.transfer.books`) read back
exactly, all or nothing.

Every file is read and written in ONE transaction, in the order of
:data:`~arapp.services.transfer.books.BOOK_FILES` (customers, documents, payments, adjustments,
refunds): each row is checked as it is written, every problem is collected with its file, line
and column, and a folder with any problem rolls back whole (so does a dry run). The documents
keep their numbers, dates, lines, discounts and taxes as billed; credit notes their invoice and
what was applied to it; voids their day and reason; payments their parts and the days they were
applied, reversals their day and reason; write-offs and discounts their kind and reason. The
status, paid day and balances of each document are then what those movements make them, and
each customer's ledger and the aging as of any day are what the exported books showed.

Refunds take the customer's credit oldest payment first, as :func:`~arapp.services.credit.
refund_credit` does. The rows here are checked through the same services' rules (customers by
:func:`~arapp.services.customers.clean_customer`, documents by
:func:`~arapp.services.invoices.fill_draft`); books this size are not the bulk imports' job,
and the rows are written through the ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.services.transfer.books import BOOK_FILES
from arapp.services.transfer.books_documents import write_customers, write_documents
from arapp.services.transfer.books_money import write_money
from arapp.services.transfer.books_state import Books, BooksProblem
from arapp.services.transfer.csvfile import Problem, read_cells


@dataclass(frozen=True)
class BooksReport:
    """What an import of books did, or would do.

    Attributes:
        rows: Rows read, by file name.
        created: Records written by file name (empty when refused or a dry run).
        problems: Every problem found; empty when the import is good.
        dry_run: Checked only.
    """

    rows: dict[str, int]
    created: dict[str, int]
    problems: tuple[BooksProblem, ...]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.problems


class _RollBack(Exception):
    """Problems were found (or it is a dry run): nothing written stays."""


def import_books(ctx: AppContext, folder: Path, dry_run: bool = False) -> BooksReport:
    """Import (or with ``dry_run`` check) the books in ``folder``; see the module."""
    present = {name: folder / name for name in BOOK_FILES if (folder / name).is_file()}
    if not present:
        names = ", ".join(BOOK_FILES)
        problem = Problem(0, "", f"The folder has none of the files of books ({names}).")
        return BooksReport({}, {}, (BooksProblem(folder.name or str(folder), problem),), dry_run)
    books = Books(ctx)
    rows: dict[str, int] = {}
    try:
        with ctx.db.write() as session:
            books.session = session
            for name, path in present.items():
                kind = BOOK_FILES[name]
                cells, problems = read_cells(path, kind)
                books.file = name
                counted = _Counted(cells)
                if kind == "customers":
                    write_customers(books, counted)
                elif kind == "book_invoices":
                    write_documents(books, counted)
                else:
                    write_money(books, kind, counted)
                rows[name] = counted.rows
                for found in problems:  # the file's own, found while its rows were read
                    books.problems.append(BooksProblem(name, found))
            books.settle()
            if books.problems or dry_run:
                raise _RollBack
            audit.record(
                session, ctx, "books_imported", "customer", None, details=dict(books.created)
            )
    except _RollBack:
        pass
    found_all = tuple(books.problems)
    if found_all or dry_run:
        created = {} if found_all else dict(books.created)
        return BooksReport(rows, created, found_all, dry_run)
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.CUSTOMER)
    return BooksReport(rows, dict(books.created), (), False)


class _Counted:
    """The rows of a file, counted as they are read."""

    def __init__(self, cells: Iterable[tuple[int, tuple[str, ...]]]) -> None:
        self.cells = cells
        self.rows = 0

    def __iter__(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        for row in self.cells:
            self.rows += 1
            yield row
