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
every :data:`~.csvfile.STOP_EVERY` rows while rows are read and checked, never once writing
began: ``True`` raises :class:`~.csvfile.ImportStopped` and nothing is written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import Customer, Invoice, Payment
from arapp.db.types import to_units
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind
from arapp.domain.money import minor_units, quantize
from arapp.services import audit
from arapp.services.company import company_currency, default_terms
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, clean_customer, search_key
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.payments import METHODS, allocate_payment
from arapp.services.transfer.bulk import insert_rows
from arapp.services.transfer.checks import ImportReport, Rows, read_number, report
from arapp.services.transfer.csvfile import Problem, Stop, read_rows, stoppable
from arapp.services.transfer.invoice_import import import_invoices
from arapp.services.transfer.numbers import decimal_for

#: The customer columns an import writes (with status and the two times, the same for all).
CUSTOMER_COLUMNS = (
    "code",
    "name",
    "search_text",
    "contact_person",
    "email",
    "phone",
    "billing_address",
    "tax_id",
    "currency",
    "payment_terms",
    "credit_limit",
    "notes",
)


def import_customers(
    ctx: AppContext,
    data: bytes,
    dry_run: bool = False,
    column_map: dict[str, str] | None = None,
    delimiter: str | None = None,
    stop: Stop | None = None,
    decimal: str | None = None,
    encoding: str = "utf-8",
) -> ImportReport:
    mark, problems = decimal_for(data, "customers", column_map, delimiter, decimal, encoding)
    rows, file_problems = read_rows(data, "customers", column_map, delimiter, stop, encoding)
    check = Rows()
    check.problems = file_problems + problems
    values: list[dict[str, object]] = []
    with ctx.db.read() as session:
        taken = set(session.scalars(select(Customer.code)))
        currency, terms = company_currency(session), default_terms(session)
    in_file: dict[str, int] = {}
    for line, row in stoppable(rows, stop):
        code = row.get("code", "").strip().upper()
        if not code:
            check.add(line, "code", "Every customer needs a code.")
            continue
        if code in in_file:
            check.add(line, "code", f"Code {code} is also on line {in_file[code]}.")
        in_file.setdefault(code, line)
        data_in = CustomerInput(
            name=row.get("name", ""),
            code=code,
            email=row.get("email", ""),
            phone=row.get("phone", ""),
            billing_address=row.get("address", ""),
            terms=row.get("terms", ""),
            credit_limit=_limit(row.get("credit_limit", ""), mark),
            currency=row.get("currency", ""),
        )
        try:
            clean, code = clean_customer(data_in, currency, taken.__contains__)
        except InputErrors as exc:
            for error in exc.errors:
                column = {"billing_address": "address"}.get(error.field, error.field)
                check.add(line, column, error.message)
            continue
        clean.setdefault("payment_terms", terms)
        clean["code"] = code
        values.append(clean)
    if check.problems or dry_run:
        return report("customers", len(rows), len(values), check.problems, dry_run)
    now = ctx.now()
    for v in values:
        v["search_text"] = search_key(
            str(v["code"]), str(v["name"]), str(v["email"]), str(v["contact_person"])
        )
        limit = v["credit_limit"]
        assert limit is None or isinstance(limit, Decimal)  # as clean_customer checked it
        v["credit_limit"] = None if limit is None else to_units(limit)
    written = [tuple(v[c] for c in CUSTOMER_COLUMNS) for v in values]
    with ctx.db.write() as session:
        insert_rows(
            session.connection(),
            cast(Table, Customer.__table__),
            CUSTOMER_COLUMNS,
            written,
            {"status": "active", "created_at": now, "updated_at": now},
        )
        audit.record(
            session, ctx, "customers_imported", "customer", None, details={"rows": len(values)}
        )
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.CUSTOMER)
    return report("customers", len(rows), len(values), [], False)


def import_payments(
    ctx: AppContext,
    data: bytes,
    dry_run: bool = False,
    column_map: dict[str, str] | None = None,
    delimiter: str | None = None,
    stop: Stop | None = None,
    decimal: str | None = None,
    encoding: str = "utf-8",
) -> ImportReport:
    mark, problems = decimal_for(data, "payments", column_map, delimiter, decimal, encoding)
    rows, file_problems = read_rows(data, "payments", column_map, delimiter, stop, encoding)
    check = Rows()
    check.problems = file_problems + problems
    with ctx.db.read() as session:
        customers = {c.code: (c.id, c.currency) for c in session.scalars(select(Customer))}
        numbers = {
            n: (i, c)
            for n, i, c in session.execute(
                select(Invoice.number, Invoice.id, Invoice.customer_id).where(
                    Invoice.kind == DocumentKind.INVOICE
                )
            )
        }
    good: list[tuple[int, int, date, Decimal, str, str, int | None]] = []
    today = ctx.today()
    for line, row in stoppable(rows, stop):
        code = row.get("customer_code", "").strip().upper()
        customer = customers.get(code)
        if customer is None:
            check.add(line, "customer_code", f"There is no customer with code {code or '(empty)'}.")
        day = check.day(line, "date", row.get("date", ""))
        if day is not None and day > today:
            check.add(line, "date", "A payment cannot be dated in the future.")
        amount = check.decimal(line, "amount", row.get("amount", ""), mark=mark)
        if amount is not None and customer is not None:
            if amount <= 0:
                check.add(line, "amount", "A payment is more than zero.")
            elif amount != quantize(amount, customer[1]):
                check.add(line, "amount", f"More than {minor_units(customer[1])} decimals.")
        method = (row.get("method", "") or "other").strip().lower().replace(" ", "_")
        if method not in METHODS:
            check.add(line, "method", f"“{method}” is not one of: {', '.join(METHODS)}.")
        invoice_id = None
        number = row.get("invoice_number", "").strip()
        if number:
            found = numbers.get(number)
            if found is None:
                check.add(line, "invoice_number", f"There is no invoice {number}.")
            elif customer is not None and found[1] != customer[0]:
                check.add(line, "invoice_number", f"Invoice {number} is not {code}'s.")
            else:
                invoice_id = found[0]
        if customer is not None and day is not None and amount is not None:
            good.append(
                (
                    line,
                    customer[0],
                    day,
                    amount,
                    method,
                    row.get("reference", "").strip(),
                    invoice_id,
                )
            )
    if check.problems or dry_run:
        return report("payments", len(rows), len(good), check.problems, dry_run)
    currency_of = {cid: cur for cid, cur in customers.values()}
    try:
        with ctx.db.write() as session, session.no_autoflush:
            # The payments' own service allocates them, one after the other, on the invoices
            # held in this session; they go to the database together at the end, not with an
            # ORM flush before each of its queries (those read invoices by immutable columns and
            # open status: one paid meanwhile still comes back, with nothing left to pay on it).
            held = _load_invoices(session, {g[-1] for g in good if g[-1] is not None})  # noqa: F841
            for line, customer_id, day, amount, method, reference, invoice_id in good:
                payment = Payment(
                    customer_id=customer_id,
                    date=day,
                    amount=amount,
                    unapplied=amount,
                    currency=currency_of[customer_id],
                    method=method,
                    reference=reference,
                    status="recorded",
                    created_at=ctx.now(),
                )
                session.add(payment)
                try:
                    if invoice_id is None:
                        allocate_payment(session, ctx, payment, amount, None)
                    else:
                        invoice = session.get(Invoice, invoice_id)
                        assert invoice is not None
                        open_ = invoice.total - invoice.amount_paid
                        if invoice.status in OPEN_STATUSES and open_ > 0:
                            allocate_payment(
                                session, ctx, payment, amount, ((invoice_id, min(amount, open_)),)
                            )
                except ServiceError as exc:
                    raise _RowFailed(Problem(line, "invoice_number", str(exc))) from exc
            session.flush()
            audit.record(
                session, ctx, "payments_imported", "payment", None, details={"rows": len(good)}
            )
    except _RowFailed as failed:
        return report("payments", len(rows), 0, [failed.problem], False)
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.PAYMENT)
    return report("payments", len(rows), len(good), [], False)


def _limit(text: str, mark: str) -> str | Decimal | None:
    """A credit limit as the customer service takes it: read with the file's decimal mark, or
    the text as it is (its check says what is wrong)."""
    if not text.strip():
        return None
    value = read_number(text, None, mark)
    return text if isinstance(value, str) else value


def _load_invoices(session: Session, ids: set[int]) -> list[Invoice]:
    """The invoices paid by number, loaded into the session a query per chunk of ids (not one
    each); the session keeps them while the caller holds the list."""
    chosen, loaded = sorted(ids), list[Invoice]()
    for chunk in chunked(chosen):
        loaded += session.scalars(select(Invoice).where(Invoice.id.in_(chunk))).all()
    return loaded


class _RowFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


IMPORTERS = {
    "customers": import_customers,
    "invoices": import_invoices,
    "payments": import_payments,
}
