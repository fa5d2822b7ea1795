# SPDX-License-Identifier: MIT
"""Reminder policies and how each customer is reminded.

Migration 0008 seeds the "Standard" policy; migration 0017 makes it the default (``is_default``)
for every customer without one of their own. The owner edits, adds, renames and deletes policies
(Settings ▸ Reminder policies, ``arapp reminders policy``); :func:`policy_problems` names every
mistake of an edited ladder at once, per level and field, and :func:`save_policy` stores nothing
while there is one. A customer can have another policy, be paused until a day, or be excluded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from arapp.db.models import (
    Customer,
    CustomerReminderSetting,
    ReminderLevelRow,
    ReminderLevelText,
    ReminderPolicy,
)
from arapp.domain.errors import FieldRef, ValidationError
from arapp.domain.languages import ENGLISH, LANGUAGES, validate_language
from arapp.domain.reminders import (
    ACTIONS,
    DEFAULT_POLICY,
    LevelText,
    ReminderLevel,
    check_template,
)
from arapp.domain.reminders import ReminderPolicy as Policy
from arapp.domain.segments import Segment
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.reminders.policy_segments import segment_problems, store_segments

DEFAULT_POLICY_NAME = DEFAULT_POLICY.name


@dataclass(frozen=True)
class PolicyRecord:
    """A stored policy.

    Attributes:
        id: Database id.
        policy: Its name and levels.
        is_default: The ladder of every customer without their own.
        customers: How many customers have it as their own policy.
        segments: The payment-behaviour segments whose customers (those without a policy of
            their own) get it instead of the default.
    """

    id: int
    policy: Policy
    is_default: bool = False
    customers: int = 0
    segments: tuple[Segment, ...] = ()


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
                lv.level,
                lv.name,
                lv.offset_days,
                lv.subject,
                lv.body,
                lv.action,
                lv.late_fee,
                tuple(LevelText(t.language, t.subject, t.body) for t in lv.texts),
            )
            for lv in row.levels
        ),
    )


def load_policies(session: Session) -> dict[int, Policy]:
    """Every policy by id (few rows; a run reads them once)."""
    return {row.id: _policy(row) for row in session.scalars(select(ReminderPolicy))}


def _segments(row: ReminderPolicy) -> tuple[Segment, ...]:
    """A policy's segments in the order of :class:`Segment`."""
    mine = {s.segment for s in row.segments}
    return tuple(s for s in Segment if s.value in mine)


def default_policy_id(session: Session) -> int:
    found = session.scalar(select(ReminderPolicy.id).where(ReminderPolicy.is_default))
    if found is None:
        raise ServiceError("No reminder policy is the default; make one the default in Settings.")
    return found


def _records(session: Session) -> list[PolicyRecord]:
    users: dict[int | None, int] = {
        policy_id: count
        for policy_id, count in session.execute(
            select(CustomerReminderSetting.policy_id, func.count())
            .where(CustomerReminderSetting.policy_id.is_not(None))
            .group_by(CustomerReminderSetting.policy_id)
        )
    }
    rows = session.scalars(select(ReminderPolicy).order_by(ReminderPolicy.id))
    return [
        PolicyRecord(r.id, _policy(r), r.is_default, users.get(r.id, 0), _segments(r)) for r in rows
    ]


def list_policies(ctx: AppContext) -> list[PolicyRecord]:
    """Every policy, oldest first, with whether it is the default and how many use it."""
    with ctx.db.read() as session:
        return _records(session)


def find_policy(ctx: AppContext, name: str | None = None) -> PolicyRecord:
    """The policy called ``name`` (case-insensitive), or the default one."""
    records = list_policies(ctx)
    for record in records:
        if name is None and record.is_default:
            return record
        if name is not None and record.policy.name.casefold() == name.strip().casefold():
            return record
    if name is None:
        raise NotFound("No reminder policy is the default.")
    known = ", ".join(f'"{r.policy.name}"' for r in records)
    raise NotFound(f'There is no reminder policy "{name}"; there are {known}.')


def _day(offset: int) -> str:
    """Days from the due date as the editor shows them: ``-3``, ``0``, ``+14``."""
    return f"{offset:+d}" if offset else "0"


def policy_problems(
    name: str, levels: Sequence[ReminderLevel], taken: Sequence[str] = ()
) -> list[ValidationError]:
    """Every mistake of a ladder, in order: the name (empty or in ``taken``), then per level
    (``levels[n].part``, ``n`` its place counted from 1) an empty name or subject, a number or a
    day not after the level before, an unknown action, unknown placeholders or a lone ``$``.

    Level numbers must rise but may leave gaps: a removed level leaves its number unused, so an
    invoice that reached level 3 of the old ladder has not "reached" the next level up instead
    (the outbox remembers the number each invoice reached).
    """
    problems: list[ValidationError] = []
    if not name.strip():
        problems.append(ValidationError("name", "Give the policy a name."))
    else:
        same = next((t for t in taken if t.casefold() == name.strip().casefold()), None)
        if same is not None:
            problems.append(ValidationError("name", f'A policy called "{same}" exists.'))
    if not levels:
        problems.append(ValidationError("levels", "A reminder policy needs at least one level."))
    before: ReminderLevel | None = None
    for n, lv in enumerate(levels, 1):
        where = f"Level {lv.level}" + (f" ({lv.name.strip()})" if lv.name.strip() else "")

        def wrong(part: str, message: str, n: int = n, where: str = where) -> None:
            problems.append(ValidationError(FieldRef("levels", n, part), f"{where}: {message}"))

        if not lv.name.strip():
            wrong("name", "give the level a name.")
        if lv.level < 1 or (before is not None and lv.level <= before.level):
            after = f"above {before.level}" if before is not None else "1 or more"
            wrong("level", f"its number must be {after}.")
        if before is not None and lv.offset_days <= before.offset_days:
            wrong(
                "offset_days",
                f"its day ({_day(lv.offset_days)}) must come after level {before.level}'s "
                f"({_day(before.offset_days)}).",
            )
        if lv.action not in ACTIONS:
            wrong("action", f"unknown action {lv.action!r}; use {' or '.join(ACTIONS)}.")
        if not lv.subject.strip():
            wrong("subject", "the subject is empty.")
        for part, text in (("subject", lv.subject), ("body", lv.body)):
            try:
                check_template(text, part)
            except ValidationError as exc:
                wrong(part, f"{part}: {exc.message}")
        _text_problems(lv, wrong)
        before = lv
    return problems


def _text_problems(lv: ReminderLevel, wrong: Callable[[str, str], None]) -> None:
    """The mistakes of ``lv``'s texts in other languages: an unknown or repeated language, an
    empty subject (a language without its own text has none: it is left out), a wrong
    placeholder."""
    seen: set[str] = set()
    for text in lv.texts:
        try:
            code = validate_language(text.language)
        except ValidationError as exc:
            wrong("language", exc.message)
            continue
        named = LANGUAGES.get(code, code)
        if code in (ENGLISH, ""):
            wrong("language", "a text in another language needs its language (not English, "
                  "which is the level's own subject and text).")  # fmt: skip
            continue
        if code in seen:
            wrong("language", f"{named} is given twice; keep one text per language.")
            continue
        seen.add(code)
        if not text.subject.strip():
            wrong("subject", f"the {named} subject is empty.")
        for part, words in (("subject", text.subject), ("body", text.body)):
            try:
                check_template(words, part)
            except ValidationError as exc:
                wrong(part, f"{named} {part}: {exc.message}")


def _check(
    session: Session, policy: Policy, policy_id: int | None, segments: Sequence[Segment] | None
) -> None:
    taken = session.scalars(
        select(ReminderPolicy.name).where(ReminderPolicy.id != (policy_id or 0))
    ).all()
    problems = policy_problems(policy.name, policy.levels, taken)
    problems += segment_problems(session, policy_id, segments or ())
    if problems:
        raise InputErrors(problems)


def save_policy(
    ctx: AppContext,
    policy: Policy,
    policy_id: int | None = None,
    segments: Sequence[Segment] | None = None,
) -> PolicyRecord:
    """Create a policy, or replace the name and levels of ``policy_id``: checked first
    (:func:`policy_problems` and :func:`segment_problems`, raised as :class:`InputErrors`),
    then one transaction. ``segments``: the segments it is limited to (``None``: as they
    were; a new policy is limited to none)."""
    with ctx.db.write() as session:
        _check(session, policy, policy_id, segments)
        if policy_id is None:
            row = ReminderPolicy(name=policy.name.strip(), created_at=ctx.now(), is_default=False)
            session.add(row)
        else:
            found = session.get(ReminderPolicy, policy_id)
            if found is None:
                raise NotFound(f"Reminder policy #{policy_id} does not exist.")
            row = found
            row.name = policy.name.strip()
            row.levels.clear()
            session.flush()  # the old levels go before the new ones take their numbers
        row.levels.extend(
            ReminderLevelRow(
                level=lv.level, name=lv.name.strip(), offset_days=lv.offset_days,
                action=lv.action, late_fee=lv.late_fee, subject=lv.subject, body=lv.body,
                texts=[
                    ReminderLevelText(
                        language=validate_language(t.language), subject=t.subject, body=t.body
                    )
                    for t in lv.texts
                ],
            )
            for lv in policy.levels
        )  # fmt: skip
        session.flush()
        if segments is not None:
            store_segments(session, row, segments)
        record = next(r for r in _records(session) if r.id == row.id)
    ctx.events.emit(Change.REMINDER_POLICY_CHANGED, Entity.REMINDER_POLICY, record.id)
    return record


def set_policy_segments(
    ctx: AppContext, policy_id: int, segments: Sequence[Segment]
) -> PolicyRecord:
    """Limit policy ``policy_id`` to the customers of ``segments`` (none: to nobody by
    segment): those without a policy of their own get its ladder instead of the default's."""
    with ctx.db.write() as session:
        row = session.get(ReminderPolicy, policy_id)
        if row is None:
            raise NotFound(f"Reminder policy #{policy_id} does not exist.")
        store_segments(session, row, segments)
        record = next(r for r in _records(session) if r.id == row.id)
    ctx.events.emit(Change.REMINDER_POLICY_CHANGED, Entity.REMINDER_POLICY, policy_id)
    return record


def set_default_policy(ctx: AppContext, policy_id: int) -> None:
    """Make ``policy_id`` the ladder of every customer without their own."""
    with ctx.db.write() as session:
        if session.get(ReminderPolicy, policy_id) is None:
            raise NotFound(f"Reminder policy #{policy_id} does not exist.")
        session.execute(update(ReminderPolicy).values(is_default=ReminderPolicy.id == policy_id))
    ctx.events.emit(Change.REMINDER_POLICY_CHANGED, Entity.REMINDER_POLICY, policy_id)


def delete_policy(ctx: AppContext, policy_id: int) -> None:
    """Delete a policy no customer has and that is not the default (else say why not)."""
    with ctx.db.write() as session:
        row = session.get(ReminderPolicy, policy_id)
        if row is None:
            raise NotFound(f"Reminder policy #{policy_id} does not exist.")
        if row.is_default:
            raise ServiceError(
                f'"{row.name}" is the default policy; make another one the default first.'
            )
        users = session.scalar(
            select(func.count()).where(CustomerReminderSetting.policy_id == policy_id)
        )
        if users:
            raise ServiceError(
                f'{users} customer{"s" if users != 1 else ""} use "{row.name}"; '
                "give them another policy first."
            )
        session.delete(row)
    ctx.events.emit(Change.REMINDER_POLICY_CHANGED, Entity.REMINDER_POLICY, policy_id)


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
