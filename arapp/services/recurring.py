# SPDX-License-Identifier: MIT
"""Recurring invoices: templates with a schedule, billed once per period.

The schedule is an RFC 5545 rule evaluated with ``dateutil.rrule``. Each period is written in its
own transaction together with its invoice, and the unique index on ``(recurring_template_id,
recurring_period)`` makes a period impossible to bill twice: running twice, from two processes at
once, or again after a crash half-way, only adds the periods still missing.

A customer on credit hold is not billed: the run says so and leaves the periods due, and the
first run after the hold is lifted bills them.

An invoice is dated the day it is billed, whatever period it covers, and names its period in
its notes ("Maintenance: March 2026"): a catch-up run for past periods, or a period billed
ahead, takes today's date and the next number, so numbers follow dates
(:mod:`arapp.services.issue_dates`). A run on the period's own day dates it that day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from dateutil.rrule import MONTHLY, WEEKLY, YEARLY, rrule
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.models import Customer, Invoice, RecurringLine, RecurringTemplate
from arapp.domain.customer import CustomerStatus
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import to_decimal
from arapp.i18n import N_, _
from arapp.services.catalog import tax_rates_by_id
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.events import Change, Entity
from arapp.services.invoices import (
    InvoiceDraft,
    LineDraft,
    audit_invoice,
    check_lines,
    drafts_from,
    new_draft,
)
from arapp.services.issued_faces import keep_faces
from arapp.services.lifecycle import next_number, settle_status
from arapp.services.recurring_due import has_active_templates

log = logging.getLogger(__name__)
_NO_TEMPLATE = N_("Recurring invoice #{id} does not exist.")

FREQUENCIES: dict[str, tuple[Literal[0, 1, 2], int]] = {
    "weekly": (WEEKLY, 1),
    "monthly": (MONTHLY, 1),
    "quarterly": (MONTHLY, 3),
    "yearly": (YEARLY, 1),
}


@dataclass(frozen=True)
class RecurringInput:
    """A recurring invoice as set up by the user.

    Attributes:
        customer_id: Who is billed.
        name: What it is, such as "Monthly maintenance".
        frequency: weekly, monthly, quarterly or yearly.
        start_date: First period.
        lines: The lines billed every period.
        interval: Every ``interval`` weeks/months/quarters/years.
        day_of_month: For monthly and longer: which day (29-31 fall back to the month's last day).
        end_date: No period after this date.
        max_count: At most this many periods.
        auto_issue: Issue the invoices (True) or leave them as drafts to check first.
        discount_percent: Invoice discount.
        notes: Printed on each invoice.
        send_by_email: E-mail each issued invoice to the customer once it is billed.
    """

    customer_id: int
    name: str
    frequency: str
    start_date: date
    lines: tuple[LineDraft, ...]
    interval: int = 1
    day_of_month: int | None = None
    end_date: date | None = None
    max_count: int | None = None
    auto_issue: bool = True
    discount_percent: Decimal | str = "0"
    notes: str = ""
    send_by_email: bool = False


@dataclass(frozen=True)
class TemplateRecord:
    """A stored template.

    Attributes:
        id: Database id.
        customer_id: Customer.
        customer_name: Customer name.
        name: Name.
        frequency: Frequency.
        interval: Interval.
        start_date: First period.
        end_date: Last possible period.
        max_count: Period limit.
        active: Still generating.
        next_period: The next period not yet billed, if any.
    """

    id: int
    customer_id: int
    customer_name: str
    name: str
    frequency: str
    interval: int
    start_date: date
    end_date: date | None
    max_count: int | None
    active: bool
    next_period: date | None


def schedule(t: RecurringTemplate | RecurringInput, until: date) -> list[date]:
    """Every period date of a template up to and including ``until``."""
    freq, factor = FREQUENCIES[t.frequency]
    last = min(until, t.end_date) if t.end_date else until
    if last < t.start_date:
        return []
    start, interval = t.start_date, t.interval * factor
    if freq == WEEKLY:
        rule = rrule(freq, dtstart=start, interval=interval, count=t.max_count)
    else:
        day = t.day_of_month or start.day
        # "the 31st" means the month's last day in shorter months: take the latest existing day
        rule = rrule(
            freq,
            dtstart=start,
            interval=interval,
            count=t.max_count,
            bymonthday=tuple(range(min(day, 28), day + 1)),
            bysetpos=-1,
            bymonth=start.month if freq == YEARLY else None,
        )
    return [d.date() for d in rule.between(_dt(t.start_date), _dt(last), inc=True)]


def _dt(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)  # noqa: DTZ001 - rrule works in naive dates


def _check(data: RecurringInput) -> None:
    errors = []
    if not data.name.strip():
        errors.append(ValidationError("name", _("Give the recurring invoice a name.")))
    if data.frequency not in FREQUENCIES:
        errors.append(
            ValidationError("frequency", _("Choose weekly, monthly, quarterly or yearly."))
        )
    if data.interval < 1:
        errors.append(ValidationError("interval", _("The interval is at least 1.")))
    if data.day_of_month is not None and not 1 <= data.day_of_month <= 31:
        errors.append(ValidationError("day_of_month", _("The day of the month is 1 to 31.")))
    if data.end_date and data.end_date < data.start_date:
        errors.append(ValidationError("end_date", _("The end date is before the start.")))
    if data.max_count is not None and data.max_count < 1:
        errors.append(ValidationError("max_count", _("The number of invoices is at least 1.")))
    if not data.lines:
        errors.append(ValidationError("lines", _("Add at least one line.")))
    if errors:
        raise InputErrors(errors)


def save_template(ctx: AppContext, data: RecurringInput, template_id: int | None = None) -> int:
    _check(data)
    with ctx.db.write() as session:
        if session.get(Customer, data.customer_id) is None:
            raise InputErrors([ValidationError("customer", _("Choose a customer."))])
        lines = check_lines(data.lines, tax_rates_by_id(session))
        row = session.get(RecurringTemplate, template_id) if template_id else None
        if template_id and row is None:
            raise NotFound(_(_NO_TEMPLATE).format(id=template_id))
        if row is None:
            row = RecurringTemplate(created_at=ctx.now(), active=True)
            session.add(row)
        row.customer_id, row.name, row.frequency = (
            data.customer_id,
            data.name.strip(),
            data.frequency,
        )
        row.interval, row.day_of_month = data.interval, data.day_of_month
        row.start_date, row.end_date, row.max_count = data.start_date, data.end_date, data.max_count
        row.auto_issue, row.notes = data.auto_issue, data.notes.strip()
        row.send_by_email = data.send_by_email
        row.discount_percent = to_decimal(data.discount_percent)
        row.lines = [
            RecurringLine(
                position=ln.position,
                description=ln.description,
                quantity=ln.quantity,
                unit=ln.unit,
                unit_price=ln.unit_price,
                discount_percent=ln.discount_percent,
                tax_rate_id=ln.tax.id if ln.tax else None,
            )
            for ln in lines
        ]
        session.flush()
        template_id = row.id
    ctx.events.emit(Change.RECURRING_CHANGED, Entity.RECURRING_TEMPLATE, template_id)
    return template_id


def set_active(ctx: AppContext, template_id: int, active: bool) -> None:
    with ctx.db.write() as session:
        row = session.get(RecurringTemplate, template_id)
        if row is None:
            raise NotFound(_(_NO_TEMPLATE).format(id=template_id))
        row.active = active
    ctx.events.emit(Change.RECURRING_CHANGED, Entity.RECURRING_TEMPLATE, template_id)


def _billed(session: Session, template_id: int) -> set[date]:
    return set(
        session.scalars(
            select(Invoice.recurring_period).where(Invoice.recurring_template_id == template_id)
        )
    )


def list_templates(ctx: AppContext, as_of: date | None = None) -> list[TemplateRecord]:
    horizon = date((as_of or ctx.today()).year + 5, 12, 31)
    with ctx.db.read() as session:
        result = []
        for t in session.scalars(select(RecurringTemplate).order_by(RecurringTemplate.name)):
            billed = _billed(session, t.id)
            upcoming = next((d for d in schedule(t, horizon) if d not in billed), None)
            customer = session.get(Customer, t.customer_id)
            result.append(
                TemplateRecord(
                    t.id,
                    t.customer_id,
                    customer.name if customer else "",
                    t.name,
                    t.frequency,
                    t.interval,
                    t.start_date,
                    t.end_date,
                    t.max_count,
                    t.active,
                    upcoming,
                )
            )
        return result


@dataclass(frozen=True)
class SkippedBilling:
    """Periods a run did not bill because the customer is on credit hold; they stay due and
    are billed by the first run after the hold is lifted.

    Attributes:
        template_id: The recurring invoice.
        template_name: Its name.
        customer_name: The customer on credit hold.
        periods: The periods left due.
    """

    template_id: int
    template_name: str
    customer_name: str
    periods: tuple[date, ...]

    @property
    def text(self) -> str:
        return _("Skipped: {customer} is on credit hold").format(customer=self.customer_name)


@dataclass(frozen=True)
class RecurringRun:
    """What a run billed, and what it left due for customers on credit hold.

    Attributes:
        created: Ids of the invoices made, in order.
        numbers: Their numbers (``None`` for drafts).
        skipped: Recurring invoices not billed because their customer is on credit hold.
        to_send: Those of ``created`` issued from a recurring invoice set to be e-mailed:
            the caller sends them (:func:`arapp.services.delivery.send_invoices`), as sending
            is not billing's to decide (no mail account, a window that shows progress).
    """

    created: tuple[int, ...]
    numbers: tuple[str | None, ...]
    skipped: tuple[SkippedBilling, ...] = ()
    to_send: tuple[int, ...] = ()


def run_recurring(ctx: AppContext, as_of: date | None = None) -> RecurringRun:
    """Bill every period due up to ``as_of`` (default today) that is not billed yet."""
    as_of = as_of or ctx.today()
    if not has_active_templates(ctx):  # without configuring the ORM's mappers to learn it
        return RecurringRun((), ())
    due: list[tuple[int, date]] = []
    held: dict[int, SkippedBilling] = {}
    with ctx.db.read() as session:
        for t, name, status in session.execute(
            select(RecurringTemplate, Customer.name, Customer.status)
            .join(Customer, Customer.id == RecurringTemplate.customer_id)
            .where(RecurringTemplate.active.is_(True))
        ):
            periods = [p for p in schedule(t, as_of) if p not in _billed(session, t.id)]
            if periods and status == CustomerStatus.CREDIT_HOLD:
                held[t.id] = SkippedBilling(t.id, t.name, name, tuple(periods))
            else:
                due.extend((t.id, period) for period in periods)
    created: list[int] = []
    numbers: list[str | None] = []
    to_send: list[int] = []
    for template_id, period in sorted(due, key=lambda item: (item[1], item[0])):
        try:
            made = _bill_period(ctx, template_id, period)
        except IntegrityError:
            log.info("period %s of template %s was billed by another run", period, template_id)
            continue
        if isinstance(made, SkippedBilling):  # put on credit hold during the run
            before = held.get(template_id)
            held[template_id] = replace(made, periods=(*(before.periods if before else ()), period))
        elif made is not None:
            created.append(made[0])
            numbers.append(made[1])
            if made[2]:
                to_send.append(made[0])
    if created:
        ctx.events.emit(Change.INVOICE_ISSUED, Entity.INVOICE, *created)
    return RecurringRun(tuple(created), tuple(numbers), tuple(held.values()), tuple(to_send))


def _bill_period(
    ctx: AppContext, template_id: int, period: date
) -> tuple[int, str | None, bool] | SkippedBilling | None:
    with ctx.db.write() as session:
        t = session.get(RecurringTemplate, template_id)
        if t is None or not t.active or period in _billed(session, template_id):
            return None
        customer = session.get(Customer, t.customer_id)
        if customer is not None and customer.status == CustomerStatus.CREDIT_HOLD:
            return SkippedBilling(t.id, t.name, customer.name, ())
        when = period.isoformat() if t.frequency == "weekly" else period.strftime("%B %Y")
        label = f"{t.name}: {when}"
        draft = InvoiceDraft(
            customer_id=t.customer_id,
            issue_date=ctx.today(),  # the day it is billed; the period is named in the notes
            lines=drafts_from(t.lines),
            discount_percent=t.discount_percent,
            notes="\n".join(p for p in (label, t.notes) if p),
        )
        row = new_draft(session, ctx, draft)
        row.recurring_template_id, row.recurring_period = template_id, period
        session.flush()  # the unique index refuses a period billed meanwhile, before numbering
        if t.auto_issue:
            row.number = next_number(
                session, DocumentKind.INVOICE, row.issue_date, today=ctx.today()
            )
            row.status, row.issued_at = InvoiceStatus.ISSUED, ctx.now()
            keep_faces(session, [(row.id, row.customer_id)])
            settle_status(row, row.issue_date)
        audit_invoice(session, ctx, "recurring_billed", row, template=t.name, period=period)
        return row.id, row.number, bool(t.auto_issue and t.send_by_email)
