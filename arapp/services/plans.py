# SPDX-License-Identifier: MIT
"""Payment plans: an open balance split into instalments with dates.

A plan covers chosen open invoices of one customer and remembers what was already paid on each
when it was agreed. What was paid since (payments, credits, write-offs: anything that raised
``amount_paid``) fills the instalments in order, so each instalment's status is derived and can
never drift from the payments. A missed instalment (due date passed, not fully paid) is what
collections chases; a kept plan holds late fees, and a broken or cancelled one charges them
from the day it broke or was cancelled (the months it was kept are not charged afterwards).
Cancelling keeps the plan with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import (
    AuditEntry,
    Customer,
    Invoice,
    PaymentPlan,
    PaymentPlanInstalment,
    PaymentPlanInvoice,
    open_invoice,
)
from arapp.domain.errors import ValidationError
from arapp.domain.fees import InstalmentState, Pause, instalment_states, split_instalments
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import quantize, to_decimal
from arapp.i18n import N_, _
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity

_NO_PLAN = N_("Payment plan #{id} does not exist.")


@dataclass(frozen=True)
class PlanInput:
    """A plan as typed.

    Attributes:
        customer_id: Whose invoices.
        invoice_ids: Open invoices the plan covers; empty for all the customer's open invoices.
        instalments: ``(due date, amount)`` pairs; their sum must be the open balance.
        note: What was agreed, for people.
    """

    customer_id: int
    invoice_ids: tuple[int, ...]
    instalments: tuple[tuple[date, Decimal | str], ...]
    note: str = ""


@dataclass(frozen=True)
class PlanRecord:
    """A plan and where it stands.

    Attributes:
        id: Plan id.
        customer_id: Customer.
        customer_name: For people.
        currency: Currency.
        total: Balance the plan splits.
        paid: Paid on it since it was agreed.
        agreed_on: When.
        status: active, completed, broken (an instalment missed) or cancelled.
        note: What was agreed.
        cancel_reason: Why it was cancelled.
        invoice_numbers: The invoices it covers.
        instalments: Each instalment's state.
    """

    id: int
    customer_id: int
    customer_name: str
    currency: str
    total: Decimal
    paid: Decimal
    agreed_on: date
    status: str
    note: str
    cancel_reason: str
    invoice_numbers: tuple[str, ...]
    instalments: tuple[InstalmentState, ...]

    @property
    def left(self) -> Decimal:
        return max(self.total - self.paid, Decimal(0))

    @property
    def missed(self) -> tuple[InstalmentState, ...]:
        return tuple(i for i in self.instalments if i.status == "missed")

    @property
    def broke_on(self) -> date | None:
        """The day a broken plan broke: the day after its first missed instalment was due."""
        if self.status != "broken" or not self.missed:
            return None
        return self.missed[0].due_date + timedelta(days=1)


def _open_rows(session: Session, customer_id: int, invoice_ids: tuple[int, ...]) -> list[Invoice]:
    query = select(Invoice).where(
        Invoice.customer_id == customer_id, Invoice.kind == DocumentKind.INVOICE, open_invoice()
    )
    if invoice_ids:
        query = query.where(Invoice.id.in_(invoice_ids))
    rows = list(session.scalars(query.order_by(Invoice.due_date, Invoice.id).with_for_update()))
    if invoice_ids and len(rows) != len(set(invoice_ids)):
        raise ServiceError(_("Some of the chosen invoices are paid, void or not this customer's."))
    if not rows:
        raise ServiceError(_("This customer has no open invoices to put on a plan."))
    return rows


def suggest_instalments(
    ctx: AppContext,
    customer_id: int,
    invoice_ids: tuple[int, ...],
    count: int,
    first_due: date,
    frequency: str = "monthly",
) -> list[tuple[date, Decimal]]:
    """Equal instalments (to the cent) of the open balance of the chosen invoices."""
    with ctx.db.read() as session:
        rows = _open_rows(session, customer_id, invoice_ids)
        total = sum((r.total - r.amount_paid for r in rows), Decimal(0))
        try:
            return split_instalments(total, count, first_due, frequency, rows[0].currency)
        except ValidationError as exc:
            raise InputErrors([exc]) from exc


def create_plan(ctx: AppContext, data: PlanInput) -> PlanRecord:
    """Agree a plan (one transaction, audited)."""
    today = ctx.today()
    with ctx.db.write() as session:
        customer = session.get(Customer, data.customer_id)
        if customer is None:
            raise NotFound(_("Choose a customer."))
        rows = _open_rows(session, data.customer_id, data.invoice_ids)
        currency = rows[0].currency
        taken = set(
            session.scalars(
                select(PaymentPlanInvoice.invoice_id)
                .join(PaymentPlan, PaymentPlan.id == PaymentPlanInvoice.plan_id)
                .where(
                    PaymentPlan.status == "active",
                    PaymentPlanInvoice.invoice_id.in_([r.id for r in rows]),
                )
            )
        )
        if taken:
            numbers = ", ".join(r.number or "" for r in rows if r.id in taken)
            raise ServiceError(
                _("{numbers} already on an active plan. Cancel that plan first.").format(
                    numbers=numbers
                )
            )
        total = quantize(sum((r.total - r.amount_paid for r in rows), Decimal(0)), currency)
        schedule = _check_schedule(data.instalments, total, currency, today)
        plan = PaymentPlan(
            customer_id=customer.id,
            currency=currency,
            total=total,
            agreed_on=today,
            status="active",
            note=data.note.strip(),
            created_at=ctx.now(),
        )
        plan.invoices = [
            PaymentPlanInvoice(invoice_id=r.id, paid_before=r.amount_paid) for r in rows
        ]
        plan.instalments = [
            PaymentPlanInstalment(position=i, due_date=day, amount=amount)
            for i, (day, amount) in enumerate(schedule, start=1)
        ]
        session.add(plan)
        session.flush()
        audit.record(
            session, ctx, "plan_agreed", "payment_plan", plan.id, amount=total, currency=currency,
            details={"invoices": [r.number for r in rows], "instalments": len(schedule)},
        )  # fmt: skip
        record = _record(session, plan, today)
    ctx.events.emit(Change.PLAN_CHANGED, Entity.PAYMENT_PLAN, record.id)
    return record


def _problem(message: str, n: int, **more: object) -> ValidationError:
    return ValidationError("instalments", message.format(n=n, **more))


def _check_schedule(
    instalments: tuple[tuple[date, Decimal | str], ...], total: Decimal, currency: str, today: date
) -> list[tuple[date, Decimal]]:
    errors: list[ValidationError] = []
    schedule: list[tuple[date, Decimal]] = []
    if not instalments:
        raise InputErrors([ValidationError("instalments", _("Add at least one instalment."))])
    for n, (day, raw) in enumerate(instalments, start=1):
        try:
            amount = raw if isinstance(raw, Decimal) else to_decimal(raw)
        except ValidationError:
            errors.append(_problem(_("Instalment {n}: “{amount}” is no amount."), n, amount=raw))
            continue
        if amount <= 0 or amount != quantize(amount, currency):
            errors.append(_problem(_("Instalment {n}: give a positive amount in cents."), n))
        if day < today:
            errors.append(_problem(_("Instalment {n} is dated in the past."), n))
        if schedule and day <= schedule[-1][0]:
            errors.append(_problem(_("Instalment {n} must come after the one before."), n))
        schedule.append((day, amount))
    if not errors and sum((a for _, a in schedule), Decimal(0)) != total:
        planned = sum((a for _, a in schedule), Decimal(0))
        errors.append(
            ValidationError(
                "instalments",
                _(
                    "The instalments add up to {planned}; the open balance is {total} {currency}."
                ).format(planned=planned, total=total, currency=currency),
            )
        )
    if errors:
        raise InputErrors(errors)
    return schedule


def _paid_since(session: Session, plan: PaymentPlan) -> Decimal:
    paid = Decimal(0)
    for item in plan.invoices:
        row = session.get(Invoice, item.invoice_id)
        assert row is not None
        if (
            row.status == InvoiceStatus.VOID
        ):  # voided after the plan: nothing is owed on it any more
            paid += row.total - item.paid_before
        else:
            paid += row.amount_paid - item.paid_before
    return paid


def _record(session: Session, plan: PaymentPlan, as_of: date) -> PlanRecord:
    money = plan.currency
    paid = quantize(_paid_since(session, plan), money)
    schedule = [(i.due_date, quantize(i.amount, money)) for i in plan.instalments]
    states = tuple(instalment_states(schedule, paid, as_of))
    if plan.status == "cancelled":
        status = "cancelled"
    elif paid >= plan.total:
        status = "completed"
    elif any(s.status == "missed" for s in states):
        status = "broken"
    else:
        status = "active"
    customer = session.get(Customer, plan.customer_id)
    numbers = tuple(
        session.scalars(
            select(Invoice.number)
            .where(Invoice.id.in_([i.invoice_id for i in plan.invoices]))
            .order_by(Invoice.due_date, Invoice.id)
        )
    )
    name = customer.name if customer else ""
    return PlanRecord(
        plan.id, plan.customer_id, name, money, quantize(plan.total, money), paid,
        plan.agreed_on, status, plan.note, plan.cancel_reason,
        tuple(n or "" for n in numbers), states,
    )  # fmt: skip


def get_plan(ctx: AppContext, plan_id: int, as_of: date | None = None) -> PlanRecord:
    with ctx.db.read() as session:
        plan = session.get(PaymentPlan, plan_id)
        if plan is None:
            raise NotFound(_(_NO_PLAN).format(id=plan_id))
        return _record(session, plan, as_of or ctx.today())


def list_plans(
    ctx: AppContext, customer_id: int | None = None, as_of: date | None = None
) -> list[PlanRecord]:
    """Plans, newest first (all customers, or one)."""
    as_of = as_of or ctx.today()
    with ctx.db.read() as session:
        query = select(PaymentPlan).order_by(PaymentPlan.agreed_on.desc(), PaymentPlan.id.desc())
        if customer_id is not None:
            query = query.where(PaymentPlan.customer_id == customer_id)
        return [_record(session, plan, as_of) for plan in session.scalars(query)]


def broken_plans(ctx: AppContext, as_of: date | None = None) -> list[PlanRecord]:
    """Active plans with a missed instalment: what collections chases."""
    as_of = as_of or ctx.today()
    with ctx.db.read() as session:
        plans = session.scalars(
            select(PaymentPlan)
            .where(
                PaymentPlan.status == "active",
                PaymentPlan.id.in_(
                    select(PaymentPlanInstalment.plan_id).where(
                        PaymentPlanInstalment.due_date < as_of
                    )
                ),
            )
            .order_by(PaymentPlan.customer_id, PaymentPlan.id)
        )
        records = [_record(session, plan, as_of) for plan in plans]
    return [r for r in records if r.status == "broken"]


def invoices_on_kept_plans(session: Session, as_of: date) -> set[int]:
    """Invoices on active plans with nothing missed (late fees and reminders hold for them)."""
    return plan_fee_holds(session, as_of)[0]


def plan_fee_holds(
    session: Session, as_of: date, invoice_id: int | None = None
) -> tuple[set[int], dict[int, list[Pause]]]:
    """Invoices on kept plans (no late fees while kept), and the days each invoice on a broken
    or cancelled plan was held by it: from the day it was agreed to the day it broke or was
    cancelled (late fees count from that day on, never for the months it was kept). Every
    plan's invoices, or only the plans of ``invoice_id``."""
    kept: set[int] = set()
    pauses: dict[int, list[Pause]] = {}
    query = select(PaymentPlan).where(PaymentPlan.status.in_(("active", "cancelled")))
    if invoice_id is not None:
        query = query.where(
            PaymentPlan.id.in_(
                select(PaymentPlanInvoice.plan_id).where(
                    PaymentPlanInvoice.invoice_id == invoice_id
                )
            )
        )
    plans = list(session.scalars(query))
    cancelled_on = _cancel_days(session, [p.id for p in plans if p.status == "cancelled"])
    for plan in plans:
        end: date | None
        if plan.status == "cancelled":
            end = _kept_until(session, plan, cancelled_on.get(plan.id, plan.agreed_on))
        else:
            record = _record(session, plan, as_of)
            if record.status == "active":
                kept.update(i.invoice_id for i in plan.invoices)
            end = record.broke_on
        if end is not None and end > plan.agreed_on:
            for item in plan.invoices:
                pauses.setdefault(item.invoice_id, []).append((plan.agreed_on, end))
    return kept, pauses


def _cancel_days(session: Session, plan_ids: list[int]) -> dict[int, date]:
    """The day each plan was cancelled, from the audit log (UTC day)."""
    if not plan_ids:
        return {}
    rows = session.execute(
        select(AuditEntry.entity_id, AuditEntry.at).where(
            AuditEntry.action == "plan_cancelled",
            AuditEntry.entity == "payment_plan",
            AuditEntry.entity_id.in_(plan_ids),
        )
    )
    return {plan_id: at.date() for plan_id, at in rows if plan_id is not None}


def _kept_until(session: Session, plan: PaymentPlan, cancelled: date) -> date:
    """The day a cancelled plan stopped holding: the day it broke, if it broke before it was
    cancelled, else the day it was cancelled."""
    money = plan.currency
    paid = quantize(_paid_since(session, plan), money)
    schedule = [(i.due_date, quantize(i.amount, money)) for i in plan.instalments]
    missed = [s for s in instalment_states(schedule, paid, cancelled) if s.status == "missed"]
    return min(missed[0].due_date + timedelta(days=1), cancelled) if missed else cancelled


def cancel_plan(ctx: AppContext, plan_id: int, reason: str) -> PlanRecord:
    """Cancel a plan with a reason (kept, never deleted); its invoices are chased again."""
    if not reason.strip():
        raise InputErrors([ValidationError("reason", _("Say why the plan is cancelled."))])
    with ctx.db.write() as session:
        plan = session.get(PaymentPlan, plan_id, with_for_update=True)
        if plan is None:
            raise NotFound(_(_NO_PLAN).format(id=plan_id))
        if plan.status == "cancelled":
            raise ServiceError(_("This plan is already cancelled."))
        plan.status, plan.cancel_reason = "cancelled", reason.strip()
        audit.record(
            session, ctx, "plan_cancelled", "payment_plan", plan.id, amount=plan.total,
            currency=plan.currency, reason=plan.cancel_reason,
        )  # fmt: skip
        record = _record(session, plan, ctx.today())
    ctx.events.emit(Change.PLAN_CHANGED, Entity.PAYMENT_PLAN, plan_id)
    return record
