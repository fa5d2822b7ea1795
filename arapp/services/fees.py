# SPDX-License-Identifier: MIT
"""Late fees: charge overdue invoices per the settings, once per period, as fee documents.

The rule is :mod:`arapp.domain.fees`. A run looks at every open invoice (fee documents excepted:
no fees on fees) and charges the periods that have begun and are not charged yet. Each invoice's
charges are written in one transaction together with the fee document the customer sees: an
issued invoice, due on receipt, with one line per fee and period. The unique
``(invoice, period)`` key on ``late_fee_charge`` is written before the document takes its
number, so a second run, a second computer or a crash half-way never charges a period twice and
never burns a number.

Invoices on an active payment plan with no missed instalment, disputed invoices and invoices
promised to be paid (through the promised day) are left alone, and the review says why; so are
the invoices of a customer handed to the collections agency (until taken back). The days they
were held do not count: the fee clock stands still while a hold lasts and goes on where it
stopped (see :mod:`arapp.domain.fees`), so a plan broken after five months charges from the day
it broke, not five months at once.

A fee document is dated the day the run charges it, like every document
(:mod:`arapp.services.issue_dates`): a run ``as of`` an earlier day counts the periods and the
interest up to that day (its lines name the days, its notes the day counted to) but is dated
today, so it never takes a number before an invoice already issued. A day still to come is
refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import Company, Customer, Invoice, LateFeeCharge, open_invoice
from arapp.domain.fees import FeePolicy, Pause
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind, InvoiceStatus
from arapp.domain.money import quantize
from arapp.i18n import N_, _
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.document_words import customer_language, read_words
from arapp.services.errors import ServiceError
from arapp.services.events import Change, Entity
from arapp.services.invoices import InvoiceDraft, LineDraft, audit_invoice, new_draft
from arapp.services.issued_faces import keep_faces
from arapp.services.lifecycle import next_number, settle_status
from arapp.services.plans import plan_fee_holds
from arapp.services.reminders.holds import fee_holds
from arapp.services.settings import (
    GRACE_DAYS,
    INTEREST_PERCENT_PER_MONTH,
    LATE_FEE_FLAT,
    read_setting,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeeCharge:
    """Fees due on one overdue invoice.

    Attributes:
        invoice_id: The overdue invoice.
        number: Its number.
        customer_id: Customer.
        customer_name: For people.
        currency: Currency of the invoice and its fees.
        balance: Open balance the interest is computed on.
        periods: The periods charged (1 = first month late).
        flat: Flat fee.
        interest: Interest over those periods.
        fee_invoice_id: The fee document, once written.
        fee_number: Its number, once written.
    """

    invoice_id: int
    number: str
    customer_id: int
    customer_name: str
    currency: str
    balance: Decimal
    periods: tuple[int, ...]
    flat: Decimal
    interest: Decimal
    fee_invoice_id: int | None = None
    fee_number: str | None = None

    @property
    def total(self) -> Decimal:
        return self.flat + self.interest


@dataclass(frozen=True)
class FeeLeftOut:
    """A late invoice a fee run leaves alone, and why.

    Attributes:
        invoice_id: The invoice.
        number: Its number.
        customer_name: For people.
        reason: Why, for people ("disputed since 2026-11-02").
    """

    invoice_id: int
    number: str
    customer_name: str
    reason: str


@dataclass(frozen=True)
class FeeReview:
    """What a fee run would do on a day.

    Attributes:
        charges: The fees it would charge.
        left_out: Late invoices it leaves alone while they are held, with the reason.
    """

    charges: list[FeeCharge]
    left_out: list[FeeLeftOut]


#: Why an invoice on a kept payment plan is left out of a fee run.
KEPT_PLAN = N_("on a payment plan that is kept")


def fee_policy(session: Session) -> FeePolicy:
    return FeePolicy(
        flat=read_setting(session, LATE_FEE_FLAT),
        interest_percent_per_month=read_setting(session, INTEREST_PERCENT_PER_MONTH),
        grace_days=read_setting(session, GRACE_DAYS),
    )


def _charged(session: Session, invoice_ids: list[int]) -> dict[int, set[int]]:
    charged: dict[int, set[int]] = {}
    for chunk in chunked(invoice_ids):
        for invoice_id, period in session.execute(
            select(LateFeeCharge.invoice_id, LateFeeCharge.period).where(
                LateFeeCharge.invoice_id.in_(chunk)
            )
        ):
            charged.setdefault(invoice_id, set()).add(period)
    return charged


def _holds(
    session: Session, as_of: date, invoice_id: int | None = None
) -> tuple[dict[int, str], dict[int, list[Pause]]]:
    """Invoices held on ``as_of`` with the reason, and the days each invoice was held (every
    invoice's, or only ``invoice_id``'s)."""
    kept, pauses = plan_fee_holds(session, as_of, invoice_id)
    held = fee_holds(session, as_of, invoice_id)
    for held_id, days in held.pauses.items():
        pauses.setdefault(held_id, []).extend(days)
    return {**dict.fromkeys(kept, _(KEPT_PLAN)), **held.reasons}, pauses


def _due_charges(session: Session, policy: FeePolicy, as_of: date) -> FeeReview:
    if not policy.active:
        return FeeReview([], [])
    latest_due = as_of - timedelta(days=policy.grace_days)  # due before it: late by as_of
    fee_documents = select(LateFeeCharge.fee_invoice_id)
    rows = session.execute(
        select(
            Invoice.id,
            Invoice.number,
            Invoice.customer_id,
            Customer.name,
            Invoice.currency,
            Invoice.due_date,
            Invoice.total,
            Invoice.amount_paid,
        )
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(
            Invoice.kind == DocumentKind.INVOICE,
            open_invoice(),
            Invoice.due_date < latest_due,
            Invoice.id.notin_(fee_documents),
            Customer.agency_since.is_(None),  # handed to the agency: no fees from us meanwhile
        )
        .order_by(Invoice.customer_id, Invoice.due_date, Invoice.id)
    ).all()
    held, pauses = _holds(session, as_of)
    charged = _charged(session, [r.id for r in rows])
    charges = []
    left_out = []
    for r in rows:
        if r.id in held:
            left_out.append(FeeLeftOut(r.id, r.number or "", r.name, held[r.id]))
            continue
        balance = quantize(r.total - r.amount_paid, r.currency)
        begun = policy.periods_begun(r.due_date, as_of, pauses.get(r.id, ()))
        periods = [p for p in range(1, begun + 1) if p not in charged.get(r.id, set())]
        flat = interest = Decimal(0)
        for period in periods:
            f, i = policy.charge(period, balance, r.currency)
            flat, interest = flat + f, interest + i
        if periods and flat + interest > 0:
            charges.append(
                FeeCharge(
                    r.id, r.number or "", r.customer_id, r.name, r.currency, balance,
                    tuple(periods), flat, interest,
                )
            )  # fmt: skip
    return FeeReview(charges, left_out)


def pending_fees(ctx: AppContext, as_of: date | None = None) -> list[FeeCharge]:
    """The fees a run would charge as of ``as_of`` (default today), for review."""
    return review_fees(ctx, as_of).charges


def review_fees(ctx: AppContext, as_of: date | None = None) -> FeeReview:
    """The fees a run would charge as of ``as_of`` (default today), and the late invoices it
    leaves alone while they are held, with the reason."""
    with ctx.db.read() as session:
        return _due_charges(session, fee_policy(session), as_of or ctx.today())


def charge_late_fees(
    ctx: AppContext, as_of: date | None = None, invoice_ids: set[int] | None = None
) -> list[FeeCharge]:
    """Charge the fees due as of ``as_of`` (all, or only on ``invoice_ids``); returns what was
    charged, each with its fee document.

    ``as_of`` may not be a day still to come: fees and interest for days that have not passed
    are not owed yet (and a fee document dated in the future would break the numbers' date
    order).
    """
    today = ctx.today()
    as_of = as_of or today
    if as_of > today:
        raise ServiceError(
            _(
                "Fees cannot be charged as of {day}, a day still to come: interest for days "
                "that have not passed is not owed yet. Review them with that date, and charge "
                "them on or after that day."
            ).format(day=as_of.isoformat())
        )
    done = []
    for charge in pending_fees(ctx, as_of):
        if invoice_ids is not None and charge.invoice_id not in invoice_ids:
            continue
        try:
            written = _write(ctx, charge, as_of)
        except IntegrityError:
            log.info("fees on %s were charged by another run", charge.number)
            continue
        if written is not None:
            done.append(written)
    if done:
        ctx.events.emit(
            Change.INVOICE_ISSUED, Entity.INVOICE, *(c.fee_invoice_id or 0 for c in done)
        )
    return done


def _write(ctx: AppContext, charge: FeeCharge, as_of: date) -> FeeCharge | None:
    with ctx.db.write() as session:
        policy = fee_policy(session)
        row = session.get(Invoice, charge.invoice_id)
        if row is None or row.status not in OPEN_STATUSES:
            return None
        held, all_pauses = _holds(session, as_of, row.id)
        if row.id in held:  # held since the review (a dispute opened meanwhile)
            return None
        pauses = all_pauses.get(row.id, [])
        balance = quantize(row.total - row.amount_paid, row.currency)
        already = _charged(session, [row.id]).get(row.id, set())
        periods = [p for p in charge.periods if p not in already]
        lines: list[LineDraft] = []
        pending: list[LateFeeCharge] = []
        rate = format(policy.interest_percent_per_month.normalize(), "f")
        owed = f"{balance} {row.currency}"
        customer = session.get(Customer, row.customer_id)
        company = session.get(Company, COMPANY_ID)
        w = read_words(session, customer_language(company, customer.language if customer else ""))
        for period in periods:
            flat, interest = policy.charge(period, balance, row.currency)
            start = policy.period_start(row.due_date, period, pauses)
            after = policy.period_start(row.due_date, period + 1, pauses)
            assert start is not None and after is not None  # not held: no pause still runs
            end = after - timedelta(days=1)
            if flat:
                lines.append(
                    LineDraft(
                        w("late_fee_line", number=row.number, due_date=row.due_date), "1", flat
                    )
                )
            if interest:
                lines.append(
                    LineDraft(
                        w(
                            "late_fee_interest_line",
                            rate=rate,
                            owed=owed,
                            number=row.number,
                            start=start,
                            end=end,
                        ),
                        "1",
                        interest,
                    )
                )
            pending.append(
                LateFeeCharge(
                    invoice_id=row.id,
                    period=period,
                    period_start=start,
                    base=balance,
                    flat=flat,
                    interest=interest,
                    created_at=ctx.now(),
                )
            )
        if not lines:
            return None
        facts = {"number": row.number, "due_date": row.due_date}
        if as_of == ctx.today():
            notes = w("late_fee_notes", **facts)
        else:
            notes = w("late_fee_counted", **facts, date=as_of)
        draft = InvoiceDraft(
            customer_id=row.customer_id,
            issue_date=ctx.today(),  # the day it is charged: numbers follow dates
            lines=tuple(lines),
            terms="due on receipt",
            notes=notes,
        )
        fee = new_draft(session, ctx, draft)
        for item in pending:
            item.fee_invoice_id = fee.id
            session.add(item)
        session.flush()  # the unique (invoice, period) key refuses a period already charged
        fee.number = next_number(session, DocumentKind.INVOICE, fee.issue_date, today=ctx.today())
        fee.status, fee.issued_at = InvoiceStatus.ISSUED, ctx.now()
        keep_faces(session, [(fee.id, fee.customer_id)])
        settle_status(fee, fee.issue_date)
        audit_invoice(session, ctx, "late_fee_charged", fee, invoice=row.number, periods=periods)
        flat_total = sum((p.flat for p in pending), Decimal(0))
        interest_total = sum((p.interest for p in pending), Decimal(0))
        return FeeCharge(
            row.id, row.number or "", row.customer_id, charge.customer_name, row.currency,
            balance, tuple(periods), flat_total, interest_total, fee.id, fee.number,
        )  # fmt: skip


def fee_document_ids(ctx: AppContext, invoice_ids: list[int]) -> set[int]:
    """Which of ``invoice_ids`` are fee documents."""
    with ctx.db.read() as session:
        return set(
            session.scalars(
                select(LateFeeCharge.fee_invoice_id).where(
                    LateFeeCharge.fee_invoice_id.in_(invoice_ids)
                )
            )
        )
