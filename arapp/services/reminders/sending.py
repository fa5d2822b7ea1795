# SPDX-License-Identifier: MIT
"""A whole reminder run for the faces: queue what was chosen, send the e-mails (a person can
stop between two), and the once-a-day run of an open window.

Sending goes through :func:`~arapp.services.reminders.outbox.send_outbox`, in batches over one
connection, so each message is still claimed, sent and recorded exactly once; stopping gives
the rest of the batch back and leaves everything not sent queued for the next send.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select

from arapp.db.models import OutboxMessage
from arapp.services.context import AppContext
from arapp.services.reminders.mailer import account_problem, open_transport
from arapp.services.reminders.outbox import (
    OutboxRecord,
    SendReport,
    Transport,
    channels_of,
    list_outbox,
    send_outbox,
)
from arapp.services.reminders.run import DueReminder, QueueResult, plan_run, queue
from arapp.services.settings import REMINDERS_AUTO, REMINDERS_SEND_TIME, get_setting

NEEDS_A_PERSON = ("failed", "unknown")


@dataclass(frozen=True)
class RunOutcome:
    """What queueing and sending did, message by message (a message is one customer and one
    channel; a collections flag is never counted as sent).

    Attributes:
        queued: What :func:`queue` wrote.
        report: What sending did (ids by outcome, and why it stopped early if it did).
        letters: Letters queued for customers without an e-mail address (print from the Outbox).
        flags: Customers marked for the collections agency (nothing is sent to them).
        stopped_by_user: The person pressed Cancel; the rest stay queued.
        errors: The error of each failed or unknown message, by outbox id.
        waiting: E-mails of the run still queued, not tried: stopped, or no usable account.
        no_account: Why nothing was sent (the mail account cannot be used): the e-mails wait
            in the outbox until it can; empty when sending was tried.
    """

    queued: QueueResult
    report: SendReport
    letters: int = 0
    flags: int = 0
    stopped_by_user: bool = False
    errors: dict[int, str] = field(default_factory=dict)
    waiting: int = 0
    no_account: str = ""

    @property
    def emails_queued(self) -> int:
        """E-mails this run put into the outbox."""
        return len(self.queued.message_ids) - self.letters - self.flags


def _queued_email(ctx: AppContext) -> list[int]:
    with ctx.db.read() as session:
        return list(
            session.scalars(
                select(OutboxMessage.id).where(
                    OutboxMessage.channel == "email",
                    OutboxMessage.state.in_(("queued", "retry")),
                )
            )
        )


def send_messages(
    ctx: AppContext,
    ids: Sequence[int],
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    transport: Transport | None = None,
) -> tuple[SendReport, bool]:
    """Send the e-mails ``ids`` over one connection; returns the report and whether the person
    stopped it. Raises :class:`~arapp.services.reminders.mailer.MailProblem` when the account
    cannot be used at all (no password in the keyring, say)."""
    if not ids:
        if transport is not None:
            transport.close()
        return SendReport(), False
    real = transport or open_transport(ctx)
    try:
        report = send_outbox(ctx, real, ids=ids, progress=progress, should_stop=should_stop)
    finally:
        real.close()  # also when nothing was due after all
    return report, report.cancelled


def queue_and_send(
    ctx: AppContext,
    selected: Sequence[DueReminder],
    as_of: date | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    transport: Transport | None = None,
    all_queued: bool = False,
) -> RunOutcome:
    """Queue ``selected`` and send the e-mails among them (``all_queued``: every queued e-mail,
    also ones left from before); letters and collections flags stay in the Outbox.

    Raises :class:`MailProblem` before anything is queued when e-mails are among ``selected``
    and the account cannot be used (:func:`account_problem`): :func:`queue_only` queues them
    to wait for it instead, and says so."""
    problem = None
    if transport is None and (all_queued or any(d.channel == "email" for d in selected)):
        problem = account_problem(ctx)
        if problem is not None and any(d.channel == "email" for d in selected):
            raise problem
    result = queue(ctx, selected, as_of)
    channels = channels_of(ctx, result.message_ids)
    emails = [i for i in result.message_ids if channels.get(i) == "email"]
    if all_queued:
        emails = sorted(set(emails) | set(_queued_email(ctx)))
    letters, flags = _count(channels, "letter"), _count(channels, "flag")
    if problem is not None:  # only e-mails from before wait: they keep waiting
        return RunOutcome(result, SendReport(), letters, flags, waiting=len(emails),
                          no_account=str(problem))  # fmt: skip
    report, by_user = send_messages(
        ctx, emails, progress=progress, should_stop=should_stop, transport=transport
    )
    bad = set(report.failed) | set(report.unknown)
    errors = {r.id: r.last_error for r in list_outbox(ctx, NEEDS_A_PERSON) if r.id in bad}
    tried = {*report.sent, *report.retry, *report.failed, *report.unknown}
    return RunOutcome(result, report, letters, flags, by_user, errors,
                      waiting=len(set(emails) - tried))  # fmt: skip


def queue_only(
    ctx: AppContext, selected: Sequence[DueReminder], as_of: date | None = None, why: str = ""
) -> RunOutcome:
    """Queue ``selected`` without sending: the e-mails wait in the outbox (``why``: the reason,
    usually the account's problem, for the outcome to say)."""
    result = queue(ctx, selected, as_of)
    channels = channels_of(ctx, result.message_ids)
    emails = _count(channels, "email")
    return RunOutcome(
        result, SendReport(), _count(channels, "letter"), _count(channels, "flag"),
        waiting=emails, no_account=why or "sending was not asked for",
    )  # fmt: skip


def _count(channels: dict[int, str], channel: str) -> int:
    return sum(1 for c in channels.values() if c == channel)


@dataclass(frozen=True)
class DailyRun:
    """What the once-a-day run of an open window did.

    Attributes:
        due: Reminders that were due.
        automatic: Whether they were queued and sent (setting ``reminders.auto``); otherwise a
            person is only told how many are due.
        outcome: What queueing and sending did, when automatic and something was due.
        no_account: Why nothing was queued although the run is automatic: the mail account
            cannot be used (a person decides in the run dialog whether to queue for later).
    """

    due: int
    automatic: bool
    outcome: RunOutcome | None = None
    no_account: str = ""


def daily_run_due(ctx: AppContext, now: datetime, last_run: date | None) -> bool:
    """Whether the daily run should happen now: not yet today, and the send time has come."""
    hours, minutes = (int(x) for x in get_setting(ctx, REMINDERS_SEND_TIME).split(":"))
    return last_run != now.date() and now.time() >= time(hours, minutes)


def daily_run(ctx: AppContext, as_of: date | None = None) -> DailyRun:
    """Queue and send what is due if ``reminders.auto`` allows it; else only count it."""
    due = plan_run(ctx, as_of)
    automatic = get_setting(ctx, REMINDERS_AUTO)
    if not automatic or not due:
        return DailyRun(len(due), automatic)
    if any(d.channel == "email" for d in due) and (problem := account_problem(ctx)):
        return DailyRun(len(due), True, no_account=str(problem))
    return DailyRun(len(due), True, queue_and_send(ctx, due, as_of, all_queued=True))


def needing_a_person(ctx: AppContext) -> list[OutboxRecord]:
    """Outbox messages that failed or whose fate is unknown: a person must decide."""
    return list_outbox(ctx, NEEDS_A_PERSON)


def send_waiting(ctx: AppContext) -> SendReport:
    """Send every queued e-mail now (also ones a person chose to send again); raises
    :class:`MailProblem` when the account cannot be used (nothing is tried)."""
    waiting = _queued_email(ctx)
    problem = account_problem(ctx) if waiting else None
    if problem is not None:
        raise problem
    return send_messages(ctx, waiting)[0]
