# SPDX-License-Identifier: MIT
"""The daily digest of the alerts, e-mailed to the owner (optional, off by default: settings
``alerts.digest`` and ``alerts.digest_to``).

:func:`queue_digest` writes the day's digest into ``alert_digest``, at most one per day (the day
is unique: a scheduler that runs twice, or two computers, queue it once), listing the alerts
shown that day (not those dismissed or snoozed). :func:`send_digests` sends the waiting ones
through the send loop both outboxes share (:mod:`arapp.services.outbox_loop`): claimed before
SMTP is spoken, retried with back-off, "unknown" when the hand-over broke, never sent twice.
Queued is not sent: each step says which it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from arapp.db.models import AlertDigest
from arapp.domain.alerts import AlertKind
from arapp.mail.message import OutgoingMail, new_message_id
from arapp.services.alerts import AlertList, alerts
from arapp.services.company import get_company
from arapp.services.context import AppContext
from arapp.services.outbox_claims import Events
from arapp.services.outbox_loop import Made, Outbox, SendReport, Transport, send_batches
from arapp.services.reminders.mailer import Sender, sender
from arapp.services.settings import ALERTS_DIGEST, ALERTS_DIGEST_TO, read_setting

__all__ = ["DigestQueued", "digest_text", "digests_waiting", "queue_digest", "send_digests"]


@dataclass(frozen=True)
class DigestQueued:
    """What :func:`queue_digest` did.

    Attributes:
        day: The day.
        queued: Whether it queued a digest now.
        digest_id: The day's digest (queued now or before), if there is one.
        state: That digest's state (``queued``, ``sent``, ``retry`` ...), else empty.
        message: What happened, in a sentence.
    """

    day: date
    queued: bool
    digest_id: int | None
    state: str
    message: str


def digest_text(found: AlertList, company: str) -> tuple[str, str]:
    """The digest's subject and body: the alerts grouped by kind, each with its reason."""
    count = len(found.alerts)
    day = found.as_of.isoformat()
    subject = f"{company}: {count} alert{'' if count == 1 else 's'} on {day}"
    lines = [f"Early warnings of {company} on {day}.", ""]
    for kind in AlertKind:
        mine = [a for a in found.alerts if a.kind is kind]
        if mine:
            lines += [f"{kind.label} ({len(mine)})", *(f"- {a.reason}" for a in mine), ""]
    if found.hidden:
        one = found.hidden == 1
        lines.append(
            f"{found.hidden} dismissed or snoozed alert{'' if one else 's'} "
            f"{'is' if one else 'are'} not listed."
        )
    lines.append("Open arapp, Collections ▸ Today, to see each one's facts.")
    return subject, "\n".join(lines) + "\n"


def queue_digest(ctx: AppContext, as_of: date | None = None) -> DigestQueued:
    """Queue the digest of ``as_of`` (default today) for the owner, once a day; nothing when
    the digest is off, has no address, or there are no alerts."""
    day = as_of or ctx.today()
    with ctx.db.read() as session:
        on = read_setting(session, ALERTS_DIGEST)
        to = read_setting(session, ALERTS_DIGEST_TO)
        known = session.execute(
            select(AlertDigest.id, AlertDigest.state).where(AlertDigest.day == day)
        ).first()
    if not on:
        return DigestQueued(day, False, None, "", "The alerts digest is off (alerts.digest).")
    if not to:
        return DigestQueued(
            day, False, None, "", "The alerts digest has no address: arapp config set "
            "alerts.digest_to ADDRESS",
        )  # fmt: skip
    if known is not None:
        return _already(day, *known)
    found = alerts(ctx, day)
    if not found.alerts:
        return DigestQueued(day, False, None, "", f"No alerts on {day.isoformat()}: no digest.")
    company = get_company(ctx)
    subject, body = digest_text(found, company.name if company else "arapp")
    who = sender(ctx)
    row = AlertDigest(
        day=day, recipient=to, message_id=new_message_id(who.address), state="queued",
        subject=subject, body=body, attempts=0, last_error="", created_at=ctx.now(),
    )  # fmt: skip
    try:
        with ctx.db.write() as session:
            session.add(row)
            session.flush()
            digest_id = row.id
    except IntegrityError:  # another process queued the day's digest meanwhile
        with ctx.db.read() as session:
            again = session.execute(
                select(AlertDigest.id, AlertDigest.state).where(AlertDigest.day == day)
            ).one()
        return _already(day, *again)
    count = len(found.alerts)
    return DigestQueued(
        day, True, digest_id, "queued",
        f"Queued the alerts digest of {day.isoformat()} ({count} alert"
        f"{'' if count == 1 else 's'}) for {to}; not sent yet.",
    )  # fmt: skip


def _already(day: date, digest_id: int, state: str) -> DigestQueued:
    return DigestQueued(
        day, False, digest_id, state,
        f"The alerts digest of {day.isoformat()} was queued before (now {state}); "
        "one a day at most.",
    )  # fmt: skip


def _made(
    ctx: AppContext, who: Sender, needed: Sequence[int], ahead: Sequence[int]
) -> dict[int, Made]:
    with ctx.db.read() as session:
        rows = session.execute(
            select(AlertDigest.id, AlertDigest.message_id, AlertDigest.recipient,
                   AlertDigest.subject, AlertDigest.body)
            .where(AlertDigest.id.in_([*needed, *ahead]))
        ).all()  # fmt: skip
    made: dict[int, Made] = {}
    for r in rows:
        mail = OutgoingMail(
            r.message_id, who.address, (r.recipient,), r.subject, r.body, who.reply_to,
            (who.address,) if who.bcc_self else (),
        )  # fmt: skip
        made[r.id] = _ready(mail)
    return made


def _ready(mail: OutgoingMail) -> Made:
    """A digest has no attachment: it is ready as it is."""
    return lambda: mail


def _sent(_session: object, _sent: Sequence[tuple[int, datetime]]) -> Events:
    return []  # nothing else to record: the digest's own row says sent, and when


def send_digests(
    ctx: AppContext, transport: Transport, *, now: datetime | None = None
) -> SendReport:
    """Send the waiting digests (and retries that are due), each at most once. Closes
    ``transport``."""
    who: list[Sender] = []

    def make(needed: Sequence[int], ahead: Sequence[int]) -> dict[int, Made]:
        who[:] = who or [sender(ctx)]
        return _made(ctx, who[0], needed, ahead)

    report, _todo = send_batches(ctx, transport, Outbox(AlertDigest, make, _sent), now=now)
    return report


def digests_waiting(ctx: AppContext) -> list[int]:
    """The digests queued or to retry (oldest first)."""
    with ctx.db.read() as session:
        return list(
            session.scalars(
                select(AlertDigest.id)
                .where(AlertDigest.state.in_(("queued", "retry")))
                .order_by(AlertDigest.id)
            )
        )
