# SPDX-License-Identifier: MIT
"""The facts the early warnings are judged on, read in SQL as of a day D, a few rows per
customer concerned (never every invoice into Python):

* :func:`paid_history`: a customer's last invoices paid off by D, newest first, as days late
  (a window function per customer, through the customer's index);
* :func:`recent_payers`: the customers who paid off an invoice late in the last
  :data:`RECENT_PAYER_DAYS` days up to D (through the partial index on paid invoices): only
  their behaviour can have just become worse;
* :func:`due_soon`: the invoices open on D and due within the "due soon" window (through the
  due-date index);
* :func:`median_totals`: the median of each customer's last invoices;
* :func:`customer_risk`: THE late-payment risk (0-100 or ``None``) of customers as of D.

Only what was known on D counts: invoices issued after D are left out, and one paid off or
voided after D is still open on D. An invoice paid off by D whose payment was reversed after D
is not in the history (its payment day is gone from the books once reversed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import Customer, Invoice
from arapp.domain import alerts as rules
from arapp.domain.alerts import DueInvoice
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind, InvoiceStatus
from arapp.domain.money import quantize
from arapp.services.kpi_facts import literal_text

#: "Paying worse" is judged for the customers who paid off an invoice in this many days up
#: to D (a change in behaviour shows when a payment comes in).
RECENT_PAYER_DAYS = 30
#: Invoices of the history read per customer (the most any rule looks at).
HISTORY = rules.RECENT + rules.EARLIER


def paid_history(
    session: Session, customer_ids: Iterable[int], as_of: date
) -> dict[int, list[int]]:
    """Per customer, the days late (max(0, day paid off - due date)) of their last
    :data:`HISTORY` invoices paid off by ``as_of``, newest first."""
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in chunked(sorted(set(customer_ids))):
        rank = (
            func.row_number()
            .over(
                partition_by=Invoice.customer_id,
                order_by=(Invoice.paid_date.desc(), Invoice.id.desc()),
            )
            .label("rank")
        )
        ranked = (
            select(Invoice.customer_id, Invoice.paid_date, Invoice.due_date, rank)
            .where(
                Invoice.customer_id.in_(chunk),
                Invoice.kind == literal_text(DocumentKind.INVOICE),
                Invoice.status == literal_text(InvoiceStatus.PAID),
                Invoice.paid_date <= as_of,
                Invoice.issue_date <= as_of,
                Invoice.total > 0,
            )
            .subquery()
        )
        rows = session.execute(
            select(ranked.c.customer_id, ranked.c.paid_date, ranked.c.due_date)
            .where(ranked.c.rank <= HISTORY)
            .order_by(ranked.c.customer_id, ranked.c.rank)
        )
        for customer_id, paid, due in rows:
            found[customer_id].append(max(0, (paid - due).days))
    return dict(found)


def recent_payers(session: Session, as_of: date) -> list[int]:
    """Customers who paid off an invoice in (D - :data:`RECENT_PAYER_DAYS`, D] at least
    :data:`~arapp.domain.alerts.WORSE_BY_DAYS` days after its due date: only they can be paying
    worse now (the mean of three invoices each less late than that is less than that)."""
    since = as_of - timedelta(days=RECENT_PAYER_DAYS)
    rows = session.execute(
        select(Invoice.customer_id, Invoice.paid_date, Invoice.due_date).where(
            Invoice.status == literal_text(InvoiceStatus.PAID),
            Invoice.paid_date > since,
            Invoice.paid_date <= as_of,
            Invoice.kind == literal_text(DocumentKind.INVOICE),
        )
    )
    late = timedelta(days=rules.WORSE_BY_DAYS)
    return sorted({cid for cid, paid, due in rows if paid is not None and paid - due >= late})


def due_soon(session: Session, as_of: date) -> list[DueInvoice]:
    """Invoices open on ``as_of`` and due within :data:`~arapp.domain.alerts.DUE_SOON_DAYS`
    days of it (it included), by due date."""
    last = as_of + timedelta(days=rules.DUE_SOON_DAYS)
    open_then = or_(
        Invoice.status.in_(sorted(OPEN_STATUSES)),
        and_(Invoice.status == InvoiceStatus.PAID, Invoice.paid_date > as_of),
        and_(Invoice.status == InvoiceStatus.VOID, Invoice.voided_on > as_of),
    )
    rows = session.execute(
        select(
            Invoice.id, Invoice.number, Invoice.customer_id, Customer.name, Invoice.due_date,
            Invoice.total, Invoice.currency,
        )
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(
            Invoice.due_date >= as_of,
            Invoice.due_date <= last,
            Invoice.issue_date <= as_of,
            Invoice.kind == DocumentKind.INVOICE,
            Invoice.total > 0,
            open_then,
        )
        .order_by(Invoice.due_date, Invoice.id)
    )  # fmt: skip
    return [
        DueInvoice(iid, number or "", cid, name, due, quantize(total, currency), currency)
        for iid, number, cid, name, due, total, currency in rows
    ]


def median_totals(
    session: Session, customer_ids: Iterable[int], as_of: date
) -> dict[int, Decimal | None]:
    """The median total of each customer's last :data:`~arapp.domain.alerts.MEDIAN_OF`
    invoices issued by ``as_of`` (drafts and voided ones left out)."""
    totals: dict[int, list[Decimal]] = defaultdict(list)
    for chunk in chunked(sorted(set(customer_ids))):
        rank = (
            func.row_number()
            .over(
                partition_by=Invoice.customer_id,
                order_by=(Invoice.issue_date.desc(), Invoice.id.desc()),
            )
            .label("rank")
        )
        ranked = (
            select(Invoice.customer_id, Invoice.total, rank)
            .where(
                Invoice.customer_id.in_(chunk),
                Invoice.kind == DocumentKind.INVOICE,
                Invoice.status.not_in([InvoiceStatus.DRAFT, InvoiceStatus.VOID]),
                Invoice.issue_date <= as_of,
            )
            .subquery()
        )
        for customer_id, total in session.execute(
            select(ranked.c.customer_id, ranked.c.total).where(ranked.c.rank <= rules.MEDIAN_OF)
        ):
            totals[customer_id].append(total)
    return {cid: rules.median(values) for cid, values in totals.items()}


def customer_risk(
    session: Session,
    customer_ids: Iterable[int],
    as_of: date,
    history: dict[int, list[int]] | None = None,
) -> dict[int, int | None]:
    """The late-payment risk (0-100, or ``None`` when too little is known) of each customer as
    of ``as_of``: the input of the "large invoice due for a high-risk customer" alert.

    For now this is a transparent behavioural signal, not a model: the share of the
    customer's last invoices paid off by D that were paid more than a week late
    (:func:`arapp.domain.alerts.late_share`). THE PLACE TO WIRE THE RISK MODEL IN: once the
    late-payment risk model lands, return its score here (as a percentage 0-100, as of D);
    nothing else changes. ``history`` is the customers' :func:`paid_history`, when already read.
    """
    ids = list(customer_ids)
    known = history if history is not None else paid_history(session, ids, as_of)
    return {cid: rules.late_share(known.get(cid, [])) for cid in ids}
