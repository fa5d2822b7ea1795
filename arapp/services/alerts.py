# SPDX-License-Identifier: MIT
"""Early warnings as of a day D (:func:`alerts`), and what a person does with one: dismiss it
for good or snooze it until a day (:func:`dismiss_alert`, :func:`snooze_alert`), one
transaction each, in the audit log.

The rules and their thresholds are :mod:`arapp.domain.alerts`; the facts come from SQL
(:mod:`arapp.services.alert_facts`, the aging report for 60/90 days and balances, the open
promises and plans), a few rows per customer concerned. An alert dismissed, or snoozed until a
day after D, is left out (and counted in ``hidden``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import AlertState, Customer
from arapp.domain import alerts as rules
from arapp.domain.aging import AgingBucket
from arapp.domain.alerts import Alert, AlertKind
from arapp.domain.errors import ValidationError
from arapp.domain.money import quantize
from arapp.services import audit
from arapp.services.aging import aging_report
from arapp.services.alert_facts import (
    customer_risk,
    due_soon,
    median_totals,
    paid_history,
    recent_payers,
)
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.plans import broken_plans
from arapp.services.reminders.overview import hold_overview, hold_state

__all__ = ["AlertList", "alerts", "dismiss_alert", "snooze_alert"]

_ORDER = {kind: n for n, kind in enumerate(AlertKind)}


@dataclass(frozen=True)
class AlertList:
    """The alerts of a day.

    Attributes:
        as_of: The day.
        alerts: The alerts shown, most pressing kind first, then by customer.
        hidden: How many more there are, dismissed or snoozed.
        codes: The code of each customer shown, by id.
    """

    as_of: date
    alerts: tuple[Alert, ...]
    hidden: int
    codes: dict[int, str]


def alerts(ctx: AppContext, as_of: date | None = None, *, everything: bool = False) -> AlertList:
    """The alerts as of ``as_of`` (default today); with ``everything``, the dismissed and
    snoozed ones too."""
    as_of = as_of or ctx.today()
    found = [*_account_alerts(ctx, as_of), *_hold_alerts(ctx, as_of)]
    with ctx.db.read() as session:
        found += _behaviour_alerts(session, as_of)
        hidden = set() if everything else _hidden(session, [a.key for a in found], as_of)
        shown = sorted(
            (a for a in found if a.key not in hidden),
            key=lambda a: (_ORDER[a.kind], a.customer.casefold(), a.customer_id, a.key),
        )
        codes = _codes(session, sorted({a.customer_id for a in shown}))
    return AlertList(as_of, tuple(shown), len(found) - len(shown), codes)


def _account_alerts(ctx: AppContext, as_of: date) -> list[Alert]:
    """60/90 days past due and credit limits, from the aging report of each currency."""
    with ctx.db.read() as session:
        currencies = list(session.scalars(select(Customer.currency).distinct()))
        limits = {
            cid: limit
            for cid, limit in session.execute(
                select(Customer.id, Customer.credit_limit).where(Customer.credit_limit.is_not(None))
            )
        }
    found: list[Alert] = []
    for currency in sorted(currencies):
        report = aging_report(ctx, as_of, currency=currency)
        for line in report.lines:
            units = line.units
            late = units[AgingBucket.DAYS_61_90] > 0 or units[AgingBucket.DAYS_90_PLUS] > 0
            if not late and line.customer_id not in limits:
                continue
            row = line.row
            alert = rules.overdue(
                line.customer_id, line.name, row.buckets[AgingBucket.DAYS_61_90],
                row.buckets[AgingBucket.DAYS_90_PLUS], currency,
            )  # fmt: skip
            if alert is not None:
                found.append(alert)
            limit = limits.get(line.customer_id)
            near = rules.credit_limit(
                line.customer_id, line.name, row.total,
                None if limit is None else quantize(limit, currency), currency,
            )  # fmt: skip
            if near is not None:
                found.append(near)
    return found


def _hold_alerts(ctx: AppContext, as_of: date) -> list[Alert]:
    """Promises broken (or partly kept) and payment plans with a missed instalment, made by
    D. For a past D these count what was paid on their invoices by today, and leave out a
    promise resolved or a plan cancelled since (what the promise and plan services know)."""
    found: list[Alert] = []
    for line in hold_overview(ctx, as_of).promises_broken:
        hold = line.hold
        if hold.opened_on > as_of or hold.until is None:
            continue
        if hold_state(line, as_of) not in ("broken", "partly kept"):
            continue
        found.append(
            rules.broken_promise(
                hold.id, line.customer_id, line.customer_name, hold.invoice_id,
                hold.invoice_number, hold.until, hold.amount, line.paid, line.currency,
            )
        )  # fmt: skip
    for plan in broken_plans(ctx, as_of):
        if plan.agreed_on > as_of or not plan.missed:
            continue
        found.append(
            rules.broken_plan(
                plan.id, plan.customer_id, plan.customer_name, len(plan.missed),
                plan.missed[0].due_date, plan.left, plan.currency,
            )
        )  # fmt: skip
    return found


def _behaviour_alerts(session: Session, as_of: date) -> list[Alert]:
    """Paying worse than before, and invoices due soon for late or risky payers."""
    coming = due_soon(session, as_of)
    payers = recent_payers(session, as_of)
    history = paid_history(session, {*payers, *(i.customer_id for i in coming)}, as_of)
    found: list[Alert] = []
    names = _names(session, [cid for cid in payers if cid in history])
    for cid in payers:
        worse = rules.paying_worse(cid, names.get(cid, ""), history.get(cid, []))
        if worse is not None:
            found.append(worse)
    if not coming:
        return found
    owners = {i.customer_id for i in coming}
    risks = customer_risk(session, owners, as_of, history)
    risky = {cid for cid, risk in risks.items() if risk is not None and risk >= rules.HIGH_RISK}
    medians = median_totals(session, risky, as_of) if risky else {}
    for invoice in coming:
        cid = invoice.customer_id
        large = rules.large_due_risky(invoice, as_of, medians.get(cid), risks.get(cid))
        if large is not None:
            found.append(large)
        late = rules.due_soon_late_payer(invoice, as_of, history.get(cid, []))
        if late is not None:
            found.append(late)
    return found


def _names(session: Session, ids: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in chunked(ids):
        query = select(Customer.id, Customer.name).where(Customer.id.in_(chunk))
        names.update((cid, name) for cid, name in session.execute(query))
    return names


def _codes(session: Session, ids: list[int]) -> dict[int, str]:
    codes: dict[int, str] = {}
    for chunk in chunked(ids):
        query = select(Customer.id, Customer.code).where(Customer.id.in_(chunk))
        codes.update((cid, code) for cid, code in session.execute(query))
    return codes


def _hidden(session: Session, keys: Iterable[str], as_of: date) -> set[str]:
    """Keys dismissed, or snoozed until a day after ``as_of``."""
    hidden: set[str] = set()
    for chunk in chunked(list(keys)):
        for key, dismissed, until in session.execute(
            select(AlertState.key, AlertState.dismissed_at, AlertState.snoozed_until).where(
                AlertState.key.in_(chunk)
            )
        ):
            if dismissed is not None or (until is not None and until > as_of):
                hidden.add(key)
    return hidden


def _checked_key(key: str) -> str:
    kind, *rest = key.strip().split(":")
    if len(rest) != 3 or kind not in {k.value for k in AlertKind} or not rest[0].isdigit():
        raise InputErrors(
            [ValidationError("key", f"“{key}” is not an alert key (see arapp alerts).")]
        )
    return key.strip()


def _state(session: Session, ctx: AppContext, key: str) -> AlertState:
    row = session.get(AlertState, key)
    if row is None:
        row = AlertState(key=key, dismissed_by="", snoozed_by="", updated_at=ctx.now())
        session.add(row)
    return row


def dismiss_alert(ctx: AppContext, key: str) -> None:
    """Hide the alert ``key`` for good (a new crossing has a new key, and shows)."""
    key = _checked_key(key)
    with ctx.db.write() as session:
        row = _state(session, ctx, key)
        row.dismissed_at, row.dismissed_by, row.updated_at = ctx.now(), ctx.actor, ctx.now()
        audit.record(session, ctx, "alert_dismissed", "alert", None, details={"key": key})


def snooze_alert(ctx: AppContext, key: str, until: date) -> None:
    """Hide the alert ``key`` until ``until`` (it shows again from that day)."""
    key = _checked_key(key)
    if until <= ctx.today():
        raise InputErrors([ValidationError("until", "Snooze until a day after today.")])
    with ctx.db.write() as session:
        row = _state(session, ctx, key)
        row.snoozed_until, row.snoozed_by, row.updated_at = until, ctx.actor, ctx.now()
        audit.record(
            session, ctx, "alert_snoozed", "alert", None,
            details={"key": key, "until": until.isoformat()},
        )  # fmt: skip
