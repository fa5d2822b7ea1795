# SPDX-License-Identifier: MIT
"""Customer statements: the open items, the period's activity and the aging, on paper.

:func:`build_statement` reads the books into a plain
:class:`~arapp.pdf.statement_document.StatementDocument`; :func:`statement_pdf` renders it.
The open items and the aging are taken as of the last day of the period
(:func:`arapp.services.aging.aging_items`); the activity is the customer's ledger
(:func:`arapp.services.ledger.customer_ledger`) cut to the period, its opening balance the
running balance before the first day.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from arapp.db.models import Company, Customer, Invoice, LateFeeCharge
from arapp.domain.aging import AgingBucket, AgingRow
from arapp.domain.errors import ValidationError
from arapp.domain.money import quantize
from arapp.pdf.statement import render_statement
from arapp.pdf.statement_document import StatementActivity, StatementDocument, StatementItem
from arapp.services.aging import AgingItem, aging_items
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.invoice_documents import buyer_party, payment_details, seller_party
from arapp.services.ledger import customer_ledger
from arapp.services.settings import read_setting

DEFAULT_DAYS = 90
"""A statement without dates shows the last 90 days up to today."""


def default_period(ctx: AppContext, start: date | None, end: date | None) -> tuple[date, date]:
    """``(start, end)`` with the defaults filled in: the 90 days up to ``end`` (today)."""
    end = end or ctx.today()
    start = start or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise InputErrors([ValidationError("from", "The period starts after it ends.")])
    return start, end


def statement_item(item: AgingItem) -> StatementItem:
    """An aging drill-down item as printed: credits have no due date nor days overdue."""
    credit = item.open < 0
    return StatementItem(
        kind=item.kind,
        number=item.reference,
        issue_date=item.issue_date,
        due_date=None if credit else item.due_date,
        original=item.total,
        open=item.open,
        days_overdue=None if credit else max(item.days, 0),
    )


def aging_of(items: list[AgingItem], currency: str) -> AgingRow:
    """The items summed per bucket (they are aged by due date)."""
    sums = [quantize(0, currency)] * len(AgingBucket)
    for item in items:
        sums[item.bucket] += item.open
    return AgingRow(tuple(sums), sum(sums, quantize(0, currency)))


def _fee_numbers(ctx: AppContext, customer_id: int) -> set[str]:
    """Numbers of the customer's late-fee documents (printed "Late fee", not "Invoice")."""
    with ctx.db.read() as session:
        return set(
            session.scalars(
                select(Invoice.number)
                .join(LateFeeCharge, LateFeeCharge.fee_invoice_id == Invoice.id)
                .where(Invoice.customer_id == customer_id)
            )
        )


def build_statement(ctx: AppContext, customer_id: int, start: date, end: date) -> StatementDocument:
    """The statement of one customer for ``start`` .. ``end`` (both included)."""
    start, end = default_period(ctx, start, end)
    with ctx.db.read() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound(f"Customer #{customer_id} does not exist.")
        company = session.get(Company, COMPANY_ID)
        if company is None:
            raise ServiceError("Fill in the company profile first: it is printed on statements.")
        seller, buyer = seller_party(company), buyer_party(customer)
        payment = payment_details(company, f"Customer {customer.code}")
        currency, locale = customer.currency, company.locale
        paper = str(read_setting(session, "invoice.paper_size"))
        footer = str(read_setting(session, "invoice.footer"))
    items = aging_items(ctx, customer_id, as_of=end)
    open_total = sum((i.open for i in items), quantize(0, currency))
    fees = _fee_numbers(ctx, customer_id)
    zero = quantize(0, currency)
    opening, closing, activity = zero, zero, []
    for entry in customer_ledger(ctx, customer_id):
        if entry.date < start:
            opening = closing = entry.balance
        elif entry.date <= end:
            fee = entry.kind == "invoice" and entry.reference in fees
            text = "Late fee" if fee else entry.description
            activity.append(
                StatementActivity(entry.date, entry.reference, text, entry.amount, entry.balance)
            )
            closing = entry.balance
    return StatementDocument(
        seller=seller,
        customer=buyer,
        statement_date=end,
        period_start=start,
        period_end=end,
        currency=currency,
        locale=locale,
        open_items=tuple(statement_item(i) for i in _oldest_first(items)),
        open_total=open_total,
        opening_balance=quantize(opening, currency),
        activity=tuple(activity),
        closing_balance=quantize(closing, currency),
        aging=aging_of(items, currency),
        payment=payment,
        footer=footer,
        paper_size=paper,
    )


def _oldest_first(items: list[AgingItem]) -> list[AgingItem]:
    return sorted(items, key=lambda i: (i.issue_date, i.kind, i.reference))


def statement_pdf(
    ctx: AppContext, customer_id: int, start: date | None = None, end: date | None = None
) -> bytes:
    """The statement as PDF bytes; without dates, the last 90 days up to today."""
    start, end = default_period(ctx, start, end)
    return render_statement(build_statement(ctx, customer_id, start, end))


def statement_file_name(code: str, end: date) -> str:
    """``Statement ACME 2026-11-23.pdf``."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in code)
    return f"Statement {safe} {end.isoformat()}.pdf"
