# SPDX-License-Identifier: MIT
"""All-or-nothing CSV imports of customers, invoices and payments.

Every row is checked first and every problem is reported with its line; a file with any bad row
imports nothing. A good file is written in one transaction, so a failure half-way (a full disk,
a payment that does not fit its invoice) also leaves the books as they were. ``dry_run`` checks
and reports without writing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select

from arapp.db.models import Customer, Invoice, InvoiceLine, NumberSequence, Payment, TaxRate
from arapp.domain.errors import ValidationError
from arapp.domain.money import minor_units, quantize, to_decimal
from arapp.domain.numbering import NumberPattern
from arapp.domain.terms import parse_terms
from arapp.domain.totals import LineInput, compute_totals
from arapp.domain.totals import TaxRate as DomainTaxRate
from arapp.services import audit
from arapp.services.company import company_currency, default_terms
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, clean_customer, search_key
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.payments import METHODS, allocate_payment
from arapp.services.settings import read_setting
from arapp.services.transfer.csvfile import Problem, read_rows


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or would do.

    Attributes:
        kind: customers, invoices or payments.
        rows: Rows read.
        created: Records written (0 when refused or a dry run).
        problems: Every problem found; empty when the import is good.
        dry_run: Checked only.
    """

    kind: str
    rows: int
    created: int
    problems: tuple[Problem, ...]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.problems


class _Rows:
    """Collects problems while checking rows."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(line, column, message))

    def decimal(
        self, line: int, column: str, text: str, places: int | None = None
    ) -> Decimal | None:
        try:
            value = to_decimal(text)
        except ValidationError:
            self.add(line, column, f"“{text}” is not a number (write it like 1234.50).")
            return None
        if places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
            self.add(line, column, f"{text} has more than {places} decimals.")
            return None
        return value

    def day(self, line: int, column: str, text: str) -> date | None:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            self.add(line, column, f"“{text}” is not a date (write it as YYYY-MM-DD).")
            return None


def _report(kind: str, rows: int, created: int, problems: list[Problem], dry: bool) -> ImportReport:
    return ImportReport(kind, rows, 0 if problems else created, tuple(problems), dry)


def import_customers(
    ctx: AppContext, data: bytes, dry_run: bool = False, column_map: dict[str, str] | None = None
) -> ImportReport:
    rows, problems = read_rows(data, "customers", column_map)
    check = _Rows()
    check.problems = problems
    values: list[dict[str, object]] = []
    with ctx.db.read() as session:
        taken = set(session.scalars(select(Customer.code)))
        currency, terms = company_currency(session), default_terms(session)
    in_file: dict[str, int] = {}
    for line, row in rows:
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
            credit_limit=row.get("credit_limit", "") or None,
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
        return _report("customers", len(rows), len(values), check.problems, dry_run)
    now = ctx.now()
    for v in values:
        v.update(
            status="active",
            created_at=now,
            updated_at=now,
            search_text=search_key(
                str(v["code"]), str(v["name"]), str(v["email"]), str(v["contact_person"])
            ),
        )
    with ctx.db.write() as session:
        session.execute(insert(Customer), values)
        audit.record(
            session, ctx, "customers_imported", "customer", None, details={"rows": len(values)}
        )
    ctx.events.emit("books_replaced", "customer")
    return _report("customers", len(rows), len(values), [], False)


@dataclass
class _Invoice:
    line: int
    number: str
    customer_id: int
    currency: str
    terms: str
    issue: date
    due: date | None
    lines: list[tuple[str, Decimal, Decimal, Decimal | None]]


def import_invoices(
    ctx: AppContext, data: bytes, dry_run: bool = False, column_map: dict[str, str] | None = None
) -> ImportReport:
    rows, problems = read_rows(data, "invoices", column_map)
    check = _Rows()
    check.problems = problems
    with ctx.db.read() as session:
        customers = {
            c.code: (c.id, c.currency, c.payment_terms) for c in session.scalars(select(Customer))
        }
        taken = set(session.scalars(select(Invoice.number).where(Invoice.kind == "invoice")))
    invoices: dict[str, _Invoice] = {}
    for line, row in rows:
        number = row.get("number", "").strip()
        code = row.get("customer_code", "").strip().upper()
        if not number:
            check.add(line, "number", "Every row needs the invoice number.")
            continue
        if number in taken:
            check.add(line, "number", f"Invoice {number} is already in the books.")
        customer = customers.get(code)
        if customer is None:
            check.add(line, "customer_code", f"There is no customer with code {code or '(empty)'}.")
            continue
        issue = check.day(line, "issue_date", row.get("issue_date", ""))
        due = (
            check.day(line, "due_date", row["due_date"])
            if row.get("due_date", "").strip()
            else None
        )
        currency = (row.get("currency", "").strip() or customer[1]).upper()
        if currency != customer[1]:
            check.add(line, "currency", f"{code} is billed in {customer[1]}, not {currency}.")
        if issue and due and due < issue:
            check.add(line, "due_date", "The due date is before the invoice date.")
        description = row.get("description", "").strip()
        if not description:
            check.add(line, "description", "Describe what is billed.")
        quantity = check.decimal(line, "quantity", row.get("quantity", ""), 6)
        if quantity is not None and quantity <= 0:
            check.add(
                line,
                "quantity",
                "The quantity must be more than zero (use a credit note for returns).",
            )
        price = check.decimal(line, "unit_price", row.get("unit_price", ""), 4)
        if price is not None and price < 0:
            check.add(line, "unit_price", "The unit price cannot be negative.")
        tax = None
        if row.get("tax_rate", "").strip():
            tax = check.decimal(line, "tax_rate", row["tax_rate"].rstrip("% "), 4)
            if tax is not None and not 0 <= tax < 100:
                check.add(line, "tax_rate", "The tax rate is a percent from 0 to 100.")
        if issue is None or quantity is None or price is None:
            continue
        group = invoices.get(number)
        if group is None:
            invoices[number] = _Invoice(
                line, number, customer[0], currency, customer[2], issue, due, []
            )
            group = invoices[number]
        elif (group.customer_id, group.issue, group.due) != (customer[0], issue, due):
            check.add(
                line,
                "number",
                f"Invoice {number} has another customer or other dates on line {group.line}.",
            )
        group.lines.append((description, quantity, price, tax))
    if check.problems or dry_run:
        return _report("invoices", len(rows), len(invoices), check.problems, dry_run)
    _write_invoices(ctx, list(invoices.values()))
    return _report("invoices", len(rows), len(invoices), [], False)


def _write_invoices(ctx: AppContext, invoices: list[_Invoice]) -> None:
    now = ctx.now()
    with ctx.db.write() as session:
        rates = {
            r.percent: r
            for r in session.scalars(select(TaxRate).where(TaxRate.inclusive.is_(False)))
        }
        for percent in {t for inv in invoices for *_, t in inv.lines if t is not None} - set(rates):
            rate = TaxRate(name=f"Tax {percent.normalize():f}%", percent=percent, inclusive=False)
            session.add(rate)
            rates[percent] = rate
        session.flush()
        domain_rates = {p: DomainTaxRate(r.name, r.percent) for p, r in rates.items()}
        headers, bodies = [], []
        for inv in invoices:
            totals = compute_totals(
                [
                    LineInput(q, p, Decimal(0), domain_rates[t] if t is not None else None)
                    for _, q, p, t in inv.lines
                ],
                inv.currency,
            )
            due = inv.due or parse_terms(inv.terms).due_date(inv.issue)
            headers.append(
                dict(
                    kind="invoice",
                    number=inv.number,
                    customer_id=inv.customer_id,
                    status="issued",
                    issue_date=inv.issue,
                    due_date=due,
                    currency=inv.currency,
                    payment_terms=inv.terms,
                    discount_percent=Decimal(0),
                    subtotal=totals.subtotal,
                    discount_total=totals.invoice_discount,
                    tax_total=totals.tax_total,
                    total=totals.total,
                    amount_paid=Decimal(0),
                    notes="",
                    footer="",
                    void_reason="",
                    created_at=now,
                    issued_at=now,
                )
            )
            bodies.append((inv, totals))
        # Core executemany, no RETURNING (which SQLite can only keep in order one row at a
        # time); the new ids are then read back by number, a unique key, a chunk at a time.
        connection = session.connection()
        connection.execute(Invoice.__table__.insert(), headers)
        numbers = [h["number"] for h in headers]
        id_of: dict[str, int] = {}
        for start in range(0, len(numbers), 5000):
            chunk = numbers[start : start + 5000]
            found = connection.execute(
                select(Invoice.number, Invoice.id).where(
                    Invoice.kind == "invoice", Invoice.number.in_(chunk)
                )
            )
            id_of.update((number, invoice_id) for number, invoice_id in found)
        ids = [id_of[n] for n in numbers]
        lines = []
        for invoice_id, (inv, totals) in zip(ids, bodies, strict=True):
            for position, ((text, q, p, t), line_total) in enumerate(
                zip(inv.lines, totals.lines, strict=True), start=1
            ):
                rate = rates[t] if t is not None else None
                lines.append(
                    dict(
                        invoice_id=invoice_id,
                        position=position,
                        description=text,
                        quantity=q,
                        unit="",
                        unit_price=p,
                        discount_percent=Decimal(0),
                        tax_rate_id=rate.id if rate else None,
                        tax_name=rate.name if rate else "",
                        tax_percent=rate.percent if rate else Decimal(0),
                        tax_inclusive=False,
                        amount=line_total.amount,
                    )
                )
        connection.execute(InvoiceLine.__table__.insert(), lines)
        _continue_numbering(session, [inv.number for inv in invoices])
        audit.record(
            session,
            ctx,
            "invoices_imported",
            "invoice",
            None,
            amount=None,
            details={"invoices": len(invoices), "lines": len(lines)},
        )
    ctx.events.emit("books_replaced", "invoice")


def _continue_numbering(session, numbers: list[str]) -> None:  # type: ignore[no-untyped-def]
    """New invoices continue after imported numbers made by the same pattern."""
    pattern = NumberPattern(str(read_setting(session, "invoice.number_pattern")))
    highest: dict[str, int] = defaultdict(int)
    for number in numbers:
        parsed = pattern.parse(number)
        if parsed is not None:
            key = ":".join(p for p in ("invoice", parsed[0]) if p)
            highest[key] = max(highest[key], parsed[1])
    for key, seq in highest.items():
        row = session.get(NumberSequence, key, with_for_update=True)
        if row is None:
            session.add(NumberSequence(key=key, next_value=seq + 1))
        elif row.next_value <= seq:
            row.next_value = seq + 1


def import_payments(
    ctx: AppContext, data: bytes, dry_run: bool = False, column_map: dict[str, str] | None = None
) -> ImportReport:
    rows, problems = read_rows(data, "payments", column_map)
    check = _Rows()
    check.problems = problems
    with ctx.db.read() as session:
        customers = {c.code: (c.id, c.currency) for c in session.scalars(select(Customer))}
        numbers = {
            n: (i, c)
            for n, i, c in session.execute(
                select(Invoice.number, Invoice.id, Invoice.customer_id).where(
                    Invoice.kind == "invoice"
                )
            )
        }
    good: list[tuple[int, int, date, Decimal, str, str, int | None]] = []
    today = ctx.today()
    for line, row in rows:
        code = row.get("customer_code", "").strip().upper()
        customer = customers.get(code)
        if customer is None:
            check.add(line, "customer_code", f"There is no customer with code {code or '(empty)'}.")
        day = check.day(line, "date", row.get("date", ""))
        if day is not None and day > today:
            check.add(line, "date", "A payment cannot be dated in the future.")
        amount = check.decimal(line, "amount", row.get("amount", ""))
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
        return _report("payments", len(rows), len(good), check.problems, dry_run)
    currency_of = {cid: cur for cid, cur in customers.values()}
    try:
        with ctx.db.write() as session:
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
                        if invoice.status in ("issued", "sent", "partially_paid") and open_ > 0:
                            allocate_payment(
                                session, ctx, payment, amount, ((invoice_id, min(amount, open_)),)
                            )
                except ServiceError as exc:
                    raise _RowFailed(Problem(line, "invoice_number", str(exc))) from exc
            audit.record(
                session, ctx, "payments_imported", "payment", None, details={"rows": len(good)}
            )
    except _RowFailed as failed:
        return _report("payments", len(rows), 0, [failed.problem], False)
    ctx.events.emit("books_replaced", "payment")
    return _report("payments", len(rows), len(good), [], False)


class _RowFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


IMPORTERS = {
    "customers": import_customers,
    "invoices": import_invoices,
    "payments": import_payments,
}
