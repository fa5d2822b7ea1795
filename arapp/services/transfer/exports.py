# SPDX-License-Identifier: MIT
"""CSV exports in the same formats the imports read, so a file round-trips exactly."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Customer, Invoice, InvoiceLine, Payment, PaymentAllocation
from arapp.domain.invoice import DRAFT_OR_VOID, DocumentKind, in_order
from arapp.domain.money import minor_units
from arapp.services.context import AppContext
from arapp.services.transfer.csvfile import write_rows


def _num(value: Decimal) -> str:
    """A quantity or percent as short as it is exact: ``2``, ``0.5``, ``23``."""
    return format(value.normalize(), "f")


def _money(value: Decimal, currency: str) -> str:
    """An amount with at least the currency's decimals (``1234.00``, ``16.80``), more only
    when it has them (a unit price of ``0.1234``): exact, and as a spreadsheet shows money."""
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, str):  # "n", "N" or "F": stored amounts are finite
        raise ValueError(f"{value} is not a finite amount")
    places = max(minor_units(currency), -min(exponent, 0))
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def export_customers(ctx: AppContext) -> bytes:
    with ctx.db.read() as session:
        return customers_file(session)


def customers_file(session: Session) -> bytes:
    """:func:`export_customers` inside the caller's transaction."""
    rows = [
        [
            c.code,
            c.name,
            c.email,
            c.phone,
            c.billing_address,
            c.payment_terms,
            "" if c.credit_limit is None else _money(c.credit_limit, c.currency),
            c.currency,
        ]
        for c in session.scalars(select(Customer).order_by(Customer.code))
    ]
    return write_rows("customers", rows, numeric={"credit_limit"})


def export_invoices(ctx: AppContext) -> bytes:
    """Issued invoices (not drafts, voids or credit notes), one row per line."""
    query = (
        select(Invoice, InvoiceLine, Customer.code)
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.kind == DocumentKind.INVOICE, Invoice.status.notin_(in_order(DRAFT_OR_VOID)))
        .order_by(Invoice.issue_date, Invoice.id, InvoiceLine.position)
    )
    with ctx.db.read() as session:
        rows = [
            [
                inv.number or "",
                code,
                inv.issue_date.isoformat(),
                inv.due_date.isoformat(),
                inv.currency,
                line.description,
                _num(line.quantity),
                _money(line.unit_price, inv.currency),
                _num(line.tax_percent) if line.tax_name else "",
            ]
            for inv, line, code in session.execute(query)
        ]
    return write_rows("invoices", rows, numeric={"quantity", "unit_price", "tax_rate"})


def export_payments(ctx: AppContext) -> bytes:
    """Recorded payments: one row per invoice paid, and one for what was left as credit."""
    with ctx.db.read() as session:
        rows = []
        query = (
            select(Payment, Customer.code)
            .join(Customer, Customer.id == Payment.customer_id)
            .where(Payment.status == "recorded")
            .order_by(Payment.date, Payment.id)
        )
        numbers = dict(session.execute(select(Invoice.id, Invoice.number)).all())
        allocations: defaultdict[int, list[PaymentAllocation]] = defaultdict(list)
        for allocation in session.scalars(
            select(PaymentAllocation)
            .where(PaymentAllocation.active.is_(True))
            .order_by(PaymentAllocation.payment_id, PaymentAllocation.id)
        ):
            allocations[allocation.payment_id].append(allocation)
        for payment, code in session.execute(query):
            for allocation in allocations.get(payment.id, ()):
                rows.append(
                    [
                        payment.date.isoformat(),
                        code,
                        _money(allocation.amount, payment.currency),
                        payment.method,
                        payment.reference,
                        numbers[allocation.invoice_id] or "",  # issued: numbered
                    ]
                )
            rest = payment.unapplied  # what was neither allocated nor refunded
            if rest > 0:
                rows.append(
                    [
                        payment.date.isoformat(),
                        code,
                        _money(rest, payment.currency),
                        payment.method,
                        payment.reference,
                        "",
                    ]
                )
    return write_rows("payments", rows, numeric={"amount"})


EXPORTERS = {
    "customers": export_customers,
    "invoices": export_invoices,
    "payments": export_payments,
}
