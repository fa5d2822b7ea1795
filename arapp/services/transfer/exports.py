# SPDX-License-Identifier: MIT
"""CSV exports in the same formats the imports read, so a file round-trips exactly."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Company, Customer, Invoice, InvoiceLine, Payment, PaymentAllocation
from arapp.domain.addresses import AddressParts
from arapp.domain.invoice import DRAFT_OR_VOID, DocumentKind, in_order
from arapp.domain.money import minor_units
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.parties import printed_address
from arapp.services.transfer.csvfile import write_rows
from arapp.services.transfer.formats import CUSTOMER_PARTY_COLUMNS


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
    """:func:`export_customers` inside the caller's transaction: ``address`` as printed, and
    the parts and the e-invoice fields in their own columns (which the import reads first)."""
    company = session.get(Company, COMPANY_ID)
    home, locale = (company.country, company.locale) if company is not None else ("", "en_US")
    rows = [
        [
            c.code,
            c.name,
            c.email,
            c.phone,
            printed_address(
                AddressParts(c.street, c.postcode, c.city, c.country, region=c.region), home, locale
            ),
            c.payment_terms,
            "" if c.credit_limit is None else _money(c.credit_limit, c.currency),
            c.currency,
            *(getattr(c, "tax_id" if col == "vat_id" else col) for col in CUSTOMER_PARTY_COLUMNS),
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
