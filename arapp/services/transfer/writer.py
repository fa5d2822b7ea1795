# SPDX-License-Identifier: MIT
"""Writing checked invoices of an import: one transaction, driver-level bulk inserts.

The rows were all checked before (:mod:`arapp.services.transfer.imports`); here the totals are
computed with :func:`~arapp.domain.unit_totals.unit_totals` (exactly compute_totals' numbers, in
cents), amounts become the stored integers of ``FixedDecimal`` directly, the invoices get a
block of ids at once (:func:`~arapp.services.transfer.bulk.reserve_ids`), and the rows go to the
driver in chunks; on SQLite a big import into few invoices makes the invoice indexes again
afterwards (:func:`~arapp.services.transfer.bulk.indexes_rebuilt`). Imported numbers continue
the numbering sequence; one audit entry sums the import up. Any failure rolls the whole
transaction back: nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, select
from sqlalchemy.orm import Session

from arapp.db.models import Invoice, InvoiceLine, NumberSequence, TaxRate
from arapp.db.types import (
    MONEY_SCALE,
    PERCENT_SCALE,
    QUANTITY_SCALE,
    check_int64,
    from_units,
    stored_int,
)
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import minor_units
from arapp.domain.numbering import NumberPattern
from arapp.domain.terms import parse_terms
from arapp.domain.totals import TaxRate as DomainTaxRate
from arapp.domain.unit_totals import unit_totals
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.services.issued_faces import keep_faces
from arapp.services.settings import CREDIT_NOTE_PATTERN, INVOICE_NUMBER_PATTERN, read_setting
from arapp.services.transfer.bulk import (
    CHUNK,
    Memo,
    driver_form,
    indexes_rebuilt,
    insert_rows,
    reserve_ids,
    roomy_cache,
)
from arapp.services.transfer.csvfile import ImportStopped, Stop

_ZERO = Decimal(0)
_LOW, _HIGH = -(2**63), 2**63 - 1  # BIGINT

_INVOICE_COLUMNS = (
    "id",
    "number",
    "customer_id",
    "issue_date",
    "due_date",
    "currency",
    "payment_terms",
    "subtotal",
    "tax_total",
    "total",
)
_LINE_COLUMNS = (
    "invoice_id",
    "position",
    "description",
    "quantity",
    "unit_price",
    "tax_rate_id",
    "tax_name",
    "tax_percent",
    "amount",
)


@dataclass(slots=True)
class NewInvoice:
    """A checked invoice of an import file.

    Attributes:
        line: Its first line in the file.
        number: Its number.
        customer_id: Customer.
        currency: Currency (the customer's).
        terms: Payment terms (the customer's).
        issue: Invoice date.
        due: Due date, or None to follow the terms.
        lines: ``(description, quantity, unit price, tax percent or None)`` per line.
    """

    line: int
    number: str
    customer_id: int
    currency: str
    terms: str
    issue: date
    due: date | None
    lines: list[tuple[str, Decimal, Decimal, Decimal | None]]


def write_invoices(
    ctx: AppContext,
    invoices: list[NewInvoice],
    stop: Stop | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``invoices`` as issued invoices in one transaction; returns the lines written.

    ``stop`` is asked before each chunk: ``True`` raises :class:`~.csvfile.ImportStopped` and
    the transaction rolls back. ``progress`` is told the lines written after each chunk.
    """
    now = ctx.now()
    written = 0
    with ctx.db.write() as session:
        connection = session.connection()
        rows = _Rows(connection, _tax_rates(session, invoices))
        invoice_table = cast(Table, Invoice.__table__)
        line_table = cast(Table, InvoiceLine.__table__)
        ids = reserve_ids(connection, invoice_table, len(invoices))
        invoice_constants = {
            "kind": DocumentKind.INVOICE,
            "status": InvoiceStatus.ISSUED,
            "discount_percent": _ZERO,
            "discount_total": _ZERO,
            "amount_paid": _ZERO,
            "notes": "",
            "footer": "",
            "void_reason": "",
            "created_at": now,
            "issued_at": now,
        }
        line_constants = {"unit": "", "discount_percent": _ZERO, "tax_inclusive": False}
        with roomy_cache(connection), indexes_rebuilt(connection, invoice_table, len(ids)):
            for start in range(0, len(invoices), CHUNK):
                if stop is not None and stop():
                    raise ImportStopped  # nothing is written: the transaction rolls back
                end = start + CHUNK
                heads, bodies = rows.of(ids[start:end], invoices[start:end])
                insert_rows(connection, invoice_table, _INVOICE_COLUMNS, heads, invoice_constants)
                written += insert_rows(
                    connection, line_table, _LINE_COLUMNS, bodies, line_constants
                )
                if progress is not None:
                    progress(written)
        continue_numbering(session, [inv.number for inv in invoices])
        keep_faces(session, [(i, inv.customer_id) for i, inv in zip(ids, invoices, strict=True)])
        audit.record(
            session,
            ctx,
            "invoices_imported",
            "invoice",
            None,
            amount=None,
            details={"invoices": len(invoices), "lines": written},
        )
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.INVOICE)
    return written


class _Rows:
    """Makes the rows of invoices and their lines, in the driver's form."""

    def __init__(self, connection: Connection, rates: dict[Decimal, TaxRate]) -> None:
        self.rates: dict[Decimal | None, DomainTaxRate] = {
            p: DomainTaxRate(r.name, r.percent) for p, r in rates.items()
        }
        self.line_tax: dict[Decimal | None, tuple[int | None, str, int]] = {
            p: (r.id, r.name, stored_int(r.percent, PERCENT_SCALE)) for p, r in rates.items()
        }
        self.line_tax[None] = (None, "", 0)
        self.day = Memo(driver_form(connection, Invoice.__table__.c.issue_date))
        self.due = Memo(lambda key: parse_terms(key[0]).due_date(key[1]))
        self.scale = Memo(lambda currency: 10 ** (MONEY_SCALE - minor_units(currency)))
        self.quantity = Memo(lambda q: stored_int(q, QUANTITY_SCALE))

    def of(
        self, ids: Sequence[int], invoices: Sequence[NewInvoice]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The rows of ``invoices``, which get ``ids``, and of their lines."""
        rates, line_tax, day, due, quantity = (
            self.rates,
            self.line_tax,
            self.day,
            self.due,
            self.quantity,
        )
        heads, bodies = [], []
        for invoice_id, inv in zip(ids, invoices, strict=True):
            lines = inv.lines
            totals = unit_totals(
                [(q, p, _ZERO, rates.get(t)) for _, q, p, t in lines], inv.currency
            )
            scale = self.scale[inv.currency]
            subtotal, tax, total = (
                totals.subtotal * scale,
                totals.tax_total * scale,
                totals.total * scale,
            )
            if not (_LOW <= subtotal <= _HIGH and _LOW <= tax <= _HIGH and _LOW <= total <= _HIGH):
                _too_large(subtotal, tax, total)
            heads.append(
                (
                    invoice_id,
                    inv.number,
                    inv.customer_id,
                    day[inv.issue],
                    day[inv.due or due[inv.terms, inv.issue]],
                    inv.currency,
                    inv.terms,
                    subtotal,
                    tax,
                    total,
                )
            )
            for position, ((text, q, p, t), amount) in enumerate(
                zip(lines, totals.lines, strict=True), start=1
            ):
                amount *= scale
                if not _LOW <= amount <= _HIGH:
                    _too_large(amount)
                bodies.append(
                    (
                        invoice_id,
                        position,
                        text,
                        quantity[q],
                        stored_int(p, MONEY_SCALE),
                        *line_tax[t],
                        amount,
                    )
                )
        return heads, bodies


def _too_large(*stored: int) -> None:
    for number in stored:
        check_int64(number, from_units(number))


def _tax_rates(session: Session, invoices: list[NewInvoice]) -> dict[Decimal, TaxRate]:
    """The exclusive tax rate of every percent used, made when there is none yet."""
    rates = {
        r.percent: r for r in session.scalars(select(TaxRate).where(TaxRate.inclusive.is_(False)))
    }
    used = {t for inv in invoices for *_, t in inv.lines if t is not None}
    for percent in used - set(rates):
        rate = TaxRate(name=f"Tax {percent.normalize():f}%", percent=percent, inclusive=False)
        session.add(rate)
        rates[percent] = rate
    session.flush()
    return rates


def continue_numbering(
    session: Session, numbers: list[str], kind: DocumentKind = DocumentKind.INVOICE
) -> None:
    """New documents of ``kind`` continue after imported numbers made by the same pattern."""
    setting = CREDIT_NOTE_PATTERN if kind == DocumentKind.CREDIT_NOTE else INVOICE_NUMBER_PATTERN
    pattern = NumberPattern(read_setting(session, setting))
    highest: dict[str, int] = defaultdict(int)
    for number in numbers:
        parsed = pattern.parse(number)
        if parsed is not None:
            key = ":".join(p for p in (kind.value, parsed[0]) if p)
            highest[key] = max(highest[key], parsed[1])
    for key, seq in highest.items():
        row = session.get(NumberSequence, key, with_for_update=True)
        if row is None:
            session.add(NumberSequence(key=key, next_value=seq + 1))
        elif row.next_value <= seq:
            row.next_value = seq + 1
