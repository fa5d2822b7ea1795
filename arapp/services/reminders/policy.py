# SPDX-License-Identifier: MIT
"""Reminder policies and how each customer is reminded.

Migration 0008 seeds the "Standard" policy; it is the default for every customer without one of
their own. A customer can have another policy, be paused until a day, or be excluded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Customer, CustomerReminderSetting, ReminderLevelRow, ReminderPolicy
from arapp.domain.reminders import DEFAULT_POLICY, ReminderLevel, check_policy
from arapp.domain.reminders import ReminderPolicy as Policy
from arapp.services.context import AppContext
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity

DEFAULT_POLICY_NAME = DEFAULT_POLICY.name


@dataclass(frozen=True)
class PolicyRecord:
    """A stored policy.

    Attributes:
        id: Database id.
        policy: Its name and levels.
    """

    id: int
    policy: Policy


@dataclass(frozen=True)
class CustomerReminders:
    """How one customer is reminded.

    Attributes:
        customer_id: The customer.
        policy_id: Their own policy, or ``None`` for the standard one.
        paused_until: Reminders wait through this day, if set.
        excluded: Never reminded.
    """

    customer_id: int
    policy_id: int | None
    paused_until: date | None
    excluded: bool


def _policy(row: ReminderPolicy) -> Policy:
    return Policy(
        row.name,
        tuple(
            ReminderLevel(
                lv.level, lv.name, lv.offset_days, lv.subject, lv.body, lv.action, lv.late_fee
            )
            for lv in row.levels
        ),
    )


def load_policies(session: Session) -> dict[int, Policy]:
    """Every policy by id (few rows; a run reads them once)."""
    return {row.id: _policy(row) for row in session.scalars(select(ReminderPolicy))}


def default_policy_id(session: Session) -> int:
    found = session.scalar(
        select(ReminderPolicy.id).where(ReminderPolicy.name == DEFAULT_POLICY_NAME)
    )
    if found is None:
        raise ServiceError(f'The reminder policy "{DEFAULT_POLICY_NAME}" is missing.')
    return found


def list_policies(ctx: AppContext) -> list[PolicyRecord]:
    with ctx.db.read() as session:
        return [PolicyRecord(pid, p) for pid, p in sorted(load_policies(session).items())]


def save_policy(ctx: AppContext, policy: Policy, policy_id: int | None = None) -> PolicyRecord:
    """Create a policy, or replace the name and levels of ``policy_id``."""
    check_policy(policy.levels)
    with ctx.db.write() as session:
        if policy_id is None:
            row = ReminderPolicy(name=policy.name, created_at=ctx.now())
            session.add(row)
        else:
            found = session.get(ReminderPolicy, policy_id)
            if found is None:
                raise NotFound(f"Reminder policy #{policy_id} does not exist.")
            row = found
            row.name = policy.name
            row.levels.clear()
            session.flush()  # the old levels go before the new ones take their numbers
        row.levels.extend(
            ReminderLevelRow(
                level=lv.level, name=lv.name, offset_days=lv.offset_days, action=lv.action,
                late_fee=lv.late_fee, subject=lv.subject, body=lv.body,
            )
            for lv in policy.levels
        )  # fmt: skip
        session.flush()
        record = PolicyRecord(row.id, _policy(row))
    ctx.events.emit(Change.REMINDER_POLICY_CHANGED, Entity.REMINDER_POLICY, record.id)
    return record


def customer_reminders(ctx: AppContext, customer_id: int) -> CustomerReminders:
    with ctx.db.read() as session:
        row = session.get(CustomerReminderSetting, customer_id)
        if row is None:
            return CustomerReminders(customer_id, None, None, False)
        return CustomerReminders(customer_id, row.policy_id, row.paused_until, row.excluded)


def set_customer_reminders(
    ctx: AppContext,
    customer_id: int,
    *,
    policy_id: int | None = None,
    paused_until: date | None = None,
    excluded: bool = False,
) -> CustomerReminders:
    """Give a customer another policy (``None``: the standard one), a pause, or exclude them."""
    with ctx.db.write() as session:
        if session.get(Customer, customer_id) is None:
            raise NotFound(f"Customer #{customer_id} does not exist.")
        if policy_id is not None and session.get(ReminderPolicy, policy_id) is None:
            raise NotFound(f"Reminder policy #{policy_id} does not exist.")
        row = session.get(CustomerReminderSetting, customer_id)
        if row is None:
            row = CustomerReminderSetting(customer_id=customer_id)
            session.add(row)
        row.policy_id, row.paused_until, row.excluded = policy_id, paused_until, excluded
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, customer_id)
    return CustomerReminders(customer_id, policy_id, paused_until, excluded)
