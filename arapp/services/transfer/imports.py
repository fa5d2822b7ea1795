# SPDX-License-Identifier: MIT
"""All-or-nothing CSV imports of customers, invoices and payments.

Every row is checked first and every problem is reported with its line; a file with any bad row
imports nothing. A good file is written in one transaction, so a failure half-way (a full disk,
a payment that does not fit its invoice) also leaves the books as they were. ``dry_run`` checks
and reports without writing.

``delimiter`` is a delimiter option (``,``, ``;``, ``tab``; ``None`` detects it), ``decimal`` the
decimal mark of the numbers (``.`` or ``,``; ``None`` detects it, see
:mod:`~arapp.services.transfer.numbers`), ``encoding`` the file's (``utf-8``, the default, or
``cp1252`` and the others of :data:`arapp.domain.csvtext.ENCODINGS`). ``stop`` is asked
every :data:`~.csvfile.STOP_EVERY` rows while rows are read, checked and written: ``True``
raises :class:`~.csvfile.ImportStopped` and nothing is written (the transaction being written
rolls back). ``progress``, when given, is told the number of rows written so far while an
import writes (:data:`~.payment_import.Progress`; never on a dry run).

``data`` is the file's bytes or its path (:data:`~.csvfile.Source`): customers and payments
are read in batches, twice (a check of every row, then the writing), so a path of a million rows
is never held whole. A file with more problems lists the first
:data:`~.checks.MAX_PROBLEMS` and says how many more there are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import cast

from sqlalchemy import Connection, Table

from arapp.db.chunks import chunked
from arapp.db.models import Customer
from arapp.db.types import to_units
from arapp.services import audit
from arapp.services.company import company_country, company_currency, default_terms
from arapp.services.context import AppContext
from arapp.services.customers import PARTY_FIELDS, CustomerInput, clean_customer, search_key
from arapp.services.errors import InputErrors
from arapp.services.events import Change, Entity
from arapp.services.transfer.bulk import (
    STREAM_CACHE,
    gc_paused,
    indexes_rebuilt,
    insert_rows,
    roomy_cache,
    select_in,
)
from arapp.services.transfer.checks import ImportReport, Rows, read_number, report
from arapp.services.transfer.csvfile import COLUMNS, Source, Stop, detect_delimiter, read_cells
from arapp.services.transfer.formats import CUSTOMER_PARTY_COLUMNS
from arapp.services.transfer.invoice_import import import_invoices
from arapp.services.transfer.numbers import decimal_for
from arapp.services.transfer.payment_import import BATCH, Progress, import_payments
from arapp.services.transfer.payment_writer import RowFailed
from arapp.services.transfer.seen import SeenCodes, batch_codes

#: The customer columns an import writes (with status, the two times and no agency hand-over,
#: the same for all).
CUSTOMER_COLUMNS = (
    "code",
    "name",
    "search_text",
    "contact_person",
    "email",
    "phone",
    "tax_id",
    "currency",
    "payment_terms",
    "credit_limit",
    "notes",
    *PARTY_FIELDS,
)
_CODE, _NAME, _EMAIL, _PHONE, _ADDRESS, _TERMS, _LIMIT, _CURRENCY = range(8)
#: The optional columns after those: the customer's field each is read into.
_PARTY = {
    COLUMNS["customers"].index(column): ("tax_id" if column == "vat_id" else column)
    for column in CUSTOMER_PARTY_COLUMNS
}


def import_customers(
    ctx: AppContext,
    data: Source,
    dry_run: bool = False,
    column_map: dict[str, str] | None = None,
    delimiter: str | None = None,
    stop: Stop | None = None,
    decimal: str | None = None,
    encoding: str = "utf-8",
    progress: Progress | None = None,
) -> ImportReport:
    """Import (or with ``dry_run`` check) customers, a batch of :data:`BATCH` rows at a time:
    read once to check every row, and once more to write them in one transaction
    (``progress`` is told the rows written after each batch)."""
    with gc_paused():
        if delimiter is None:
            delimiter = detect_delimiter(data, encoding)
        mark, marks = decimal_for(data, "customers", column_map, delimiter, decimal, encoding)
        cells, problems = read_cells(data, "customers", column_map, delimiter, stop, encoding)
        check = Rows()
        rows = good = 0
        with ctx.db.read() as session, SeenCodes() as seen:
            currency, terms = company_currency(session), default_terms(session)
            home = company_country(session)
            connection = session.connection()
            for batch in chunked(cells, BATCH):
                rows += len(batch)
                found = _customers(connection, batch, mark, currency, terms, home, check, seen)
                good += len(found)
        problems += marks + check.listed()  # the file's own problems first, as they were found
        if problems or dry_run:
            return report("customers", rows, good, problems, dry_run)
        try:
            reading = (mark, currency, terms, home)
            _write(ctx, data, column_map, delimiter, stop, encoding, reading, good, progress)
        except RowFailed as failed:
            return report("customers", rows, 0, [failed.problem], False)
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.CUSTOMER)
    return report("customers", rows, good, [], False)


def _write(
    ctx: AppContext,
    data: Source,
    column_map: dict[str, str] | None,
    delimiter: str,
    stop: Stop | None,
    encoding: str,
    reading: tuple[str, str, str, str],
    adding: int,
    progress: Progress | None,
) -> None:
    """The second reading of a checked file: write its ``adding`` customers, every batch in
    one transaction. ``reading`` is the decimal mark, the company's currency, its default
    terms and its country."""
    cells, problems = read_cells(data, "customers", column_map, delimiter, stop, encoding)
    now = ctx.now()
    written = 0
    with ctx.db.write() as session:
        connection = session.connection()
        table = cast(Table, Customer.__table__)
        constants = {"status": "active", "created_at": now, "updated_at": now,
                     "agency_since": None, "billing_address": ""}  # fmt: skip
        with roomy_cache(connection, STREAM_CACHE), indexes_rebuilt(connection, table, adding):
            for batch in chunked(cells, BATCH):
                check = Rows()
                values = _customers(connection, batch, *reading, check)
                found = problems + check.listed()
                if found:  # the file changed since it was checked: the transaction rolls back
                    raise RowFailed(found[0])
                written += insert_rows(
                    connection, table, CUSTOMER_COLUMNS, _stored(values), constants
                )
                if progress is not None:
                    progress(written)
        audit.record(
            session, ctx, "customers_imported", "customer", None, details={"rows": written}
        )


def _customers(
    connection: Connection,
    batch: Sequence[tuple[int, tuple[str, ...]]],
    mark: str,
    currency: str,
    terms: str,
    home: str,
    check: Rows,
    seen: SeenCodes | None = None,
) -> list[dict[str, object]]:
    """The customers of ``batch`` as the customer service cleans them; the problems of the
    others go to ``check``. With ``seen``, a code also on an earlier line is one too."""
    codes = {values[_CODE].strip().upper() for _line, values in batch} - {""}
    query = "SELECT code FROM customer WHERE code IN ({})"
    taken = {code for (code,) in select_in(connection, query, sorted(codes))}
    earlier = seen.add(batch_codes(batch, _CODE)) if seen is not None else {}
    values: list[dict[str, object]] = []
    for line, row in batch:
        code = row[_CODE].strip().upper()
        if not code:
            check.add(line, "code", "Every customer needs a code.")
            continue
        first = earlier.get(code, line)
        if first != line:
            check.add(line, "code", f"Code {code} is also on line {first}.")
        data_in = CustomerInput(
            name=row[_NAME],
            code=code,
            email=row[_EMAIL],
            phone=row[_PHONE],
            billing_address=row[_ADDRESS],
            terms=row[_TERMS],
            credit_limit=_limit(row[_LIMIT], mark),
            currency=row[_CURRENCY],
            **{field: row[index] for index, field in _PARTY.items()},
        )
        try:
            clean, code = clean_customer(data_in, currency, taken.__contains__, home)
        except InputErrors as exc:
            for error in exc.errors:
                column = {"billing_address": "address", "tax_id": "vat_id"}.get(
                    error.field, error.field
                )
                check.add(line, column, error.message)
            continue
        clean.setdefault("payment_terms", terms)
        clean["code"] = code
        values.append(clean)
    return values


def _stored(values: list[dict[str, object]]) -> Iterator[tuple[object, ...]]:
    """Cleaned customers as the rows the table stores."""
    for v in values:
        v["search_text"] = search_key(
            str(v["code"]), str(v["name"]), str(v["email"]), str(v["contact_person"])
        )
        limit = v["credit_limit"]
        assert limit is None or isinstance(limit, Decimal)  # as clean_customer checked it
        v["credit_limit"] = None if limit is None else to_units(limit)
        yield tuple(v[c] for c in CUSTOMER_COLUMNS)


def _limit(text: str, mark: str) -> str | Decimal | None:
    """A credit limit as the customer service takes it: read with the file's decimal mark, or
    the text as it is (its check says what is wrong)."""
    if not text.strip():
        return None
    value = read_number(text, None, mark)
    return text if isinstance(value, str) else value


IMPORTERS = {
    "customers": import_customers,
    "invoices": import_invoices,
    "payments": import_payments,
}
