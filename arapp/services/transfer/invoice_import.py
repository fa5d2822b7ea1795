# SPDX-License-Identifier: MIT
"""The all-or-nothing import of invoices: every row checked, then all written at once.

One line per row; rows with the same number are the lines of one invoice. A file of 100,000 rows
is checked in a second or two: each distinct text of a column (a date, a price, a tax rate) is
read once, and rows are read one at a time instead of being kept as dictionaries. The writing is
in :mod:`arapp.services.transfer.writer`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from arapp.db.models import Customer, Invoice
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import LARGEST
from arapp.domain.numbering import number_problem
from arapp.services.context import AppContext
from arapp.services.transfer.bulk import gc_paused
from arapp.services.transfer.checks import (
    Found,
    ImportReport,
    Rows,
    not_a_date,
    read_number,
    report,
)
from arapp.services.transfer.csvfile import Source, Stop, read_cells
from arapp.services.transfer.numbers import decimal_for
from arapp.services.transfer.writer import NewInvoice, write_invoices


def import_invoices(
    ctx: AppContext,
    data: Source,
    dry_run: bool = False,
    column_map: dict[str, str] | None = None,
    delimiter: str | None = None,
    stop: Stop | None = None,
    decimal: str | None = None,
    encoding: str = "utf-8",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import (or with ``dry_run`` check) invoice lines; the options are those of
    :mod:`arapp.services.transfer.imports`."""
    with gc_paused():
        return _import_invoices(
            ctx, data, dry_run, column_map, delimiter, stop, decimal, encoding, progress
        )


def _import_invoices(
    ctx: AppContext,
    data: Source,
    dry_run: bool,
    column_map: dict[str, str] | None,
    delimiter: str | None,
    stop: Stop | None,
    decimal: str | None,
    encoding: str,
    progress: Callable[[int], None] | None,
) -> ImportReport:
    mark, marks = decimal_for(data, "invoices", column_map, delimiter, decimal, encoding)
    cells, problems = read_cells(data, "invoices", column_map, delimiter, stop, encoding)
    check = Rows()
    with ctx.db.read() as session:
        customers = {
            code: (cid, currency, terms)
            for code, cid, currency, terms in session.execute(
                select(Customer.code, Customer.id, Customer.currency, Customer.payment_terms)
            )
        }
        taken = set(
            session.scalars(select(Invoice.number).where(Invoice.kind == DocumentKind.INVOICE))
        )
    # What each distinct text of a column reads as, and its problems: texts repeat a lot.
    issue_dates, due_dates = _Column(_issue_date), _Column(_due_date)
    quantities = _Column(lambda text: _quantity(text, mark))
    prices = _Column(lambda text: _unit_price(text, mark))
    taxes = _Column(lambda text: _tax_rate(text, mark))
    descriptions: dict[str, str] = {}  # one copy of each
    invoices: dict[str, NewInvoice] = {}
    rows = 0
    for line, values in cells:
        rows += 1
        number, code, issue_text, due_text, currency, description, *amounts = values
        number = number.strip()
        code = code.strip().upper()
        if not number:
            check.add(line, "number", "Every row needs the invoice number.")
            continue
        if bad := number_problem(number):
            check.add(line, "number", bad)
            continue
        if number in taken:
            check.add(line, "number", f"Invoice {number} is already in the books.")
        customer = customers.get(code)
        if customer is None:
            check.add(line, "customer_code", f"There is no customer with code {code or '(empty)'}.")
            continue
        issue, found = issue_dates[issue_text]
        if found:
            check.extend(line, found)
        due, found = due_dates[due_text]
        if found:
            check.extend(line, found)
        currency = (currency.strip() or customer[1]).upper()
        if currency != customer[1]:
            check.add(line, "currency", f"{code} is billed in {customer[1]}, not {currency}.")
        if issue and due and due < issue:
            check.add(line, "due_date", "The due date is before the invoice date.")
        description = description.strip()
        if not description:
            check.add(line, "description", "Describe what is billed.")
        quantity, found = quantities[amounts[0]]
        if found:
            check.extend(line, found)
        price, found = prices[amounts[1]]
        if found:
            check.extend(line, found)
        tax, found = taxes[amounts[2]]
        if found:
            check.extend(line, found)
        if issue is None or quantity is None or price is None:
            continue
        if abs(quantity * price) > LARGEST:
            check.add(line, "unit_price", f"Quantity times unit price is larger than arapp "
                      f"keeps: at most {LARGEST:,}.")  # fmt: skip
            continue
        group = invoices.get(number)
        if group is None:
            group = invoices[number] = NewInvoice(
                line, number, customer[0], currency, customer[2], issue, due, []
            )
        elif (group.customer_id, group.issue, group.due) != (customer[0], issue, due):
            check.add(
                line,
                "number",
                f"Invoice {number} has another customer or other dates on line {group.line}.",
            )
        description = descriptions.setdefault(description, description)
        group.lines.append((description, quantity, price, tax))
    problems += marks + check.listed()  # the file's own problems first, as they were found
    if problems or dry_run:
        return report("invoices", rows, len(invoices), problems, dry_run)
    write_invoices(ctx, list(invoices.values()), stop, progress)
    return report("invoices", rows, len(invoices), [], False)


class _Column(dict[str, tuple[Any, Found]]):
    """What each text of a column reads as, read once per distinct text."""

    def __init__(self, read: Callable[[str], tuple[Any, Found]]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, text: str) -> tuple[Any, Found]:
        value = self[text] = self.read(text)
        return value


def _issue_date(text: str) -> tuple[date | None, Found]:
    try:
        return date.fromisoformat(text.strip()), ()
    except ValueError:
        return None, (("issue_date", not_a_date(text)),)


def _due_date(text: str) -> tuple[date | None, Found]:
    if not text.strip():
        return None, ()
    try:
        return date.fromisoformat(text.strip()), ()
    except ValueError:
        return None, (("due_date", not_a_date(text)),)


def _quantity(text: str, mark: str) -> tuple[Decimal | None, Found]:
    value = read_number(text, 6, mark)
    if isinstance(value, str):
        return None, (("quantity", value),)
    if value <= 0:
        return value, (("quantity", _NOT_POSITIVE),)
    return value, ()


_NOT_POSITIVE = "The quantity must be more than zero (use a credit note for returns)."


def _unit_price(text: str, mark: str) -> tuple[Decimal | None, Found]:
    value = read_number(text, 4, mark)
    if isinstance(value, str):
        return None, (("unit_price", value),)
    if value < 0:
        return value, (("unit_price", "The unit price cannot be negative."),)
    return value, ()


def _tax_rate(text: str, mark: str) -> tuple[Decimal | None, Found]:
    if not text.strip():
        return None, ()
    value = read_number(text.rstrip("% "), 4, mark)
    if isinstance(value, str):
        return None, (("tax_rate", value),)
    if not 0 <= value < 100:
        return value, (("tax_rate", "The tax rate is a percent from 0 to 100."),)
    return value, ()
