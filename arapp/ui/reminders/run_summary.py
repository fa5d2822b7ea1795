# SPDX-License-Identifier: MIT
"""What a reminder run did, in words: what was sent, what waits and why, what failed and why.

Every number comes from the run's outcome (:class:`~arapp.services.reminders.sending.RunOutcome`),
message by message: an e-mail that waits for an account or a retry is never called sent, a
customer marked for the collections agency is not a message sent, and letters are to print.
"""

from __future__ import annotations

from typing import Protocol

from arapp.services.reminders.outbox import OutboxWaiting
from arapp.services.reminders.sending import RunOutcome


def plural(count: int, thing: str, things: str = "") -> str:
    """``"1 e-mail"``, ``"3 e-mails"`` (``things`` when the plural is not ``thing + "s"``)."""
    return f"{count} {thing if count == 1 else things or thing + 's'}"


def has_trouble(outcome: RunOutcome) -> bool:
    """Whether something did not go as asked: failed, unknown, stopped, or e-mails waiting."""
    r = outcome.report
    return bool(r.failed or r.unknown or r.stopped or outcome.waiting or outcome.no_account)


def summary_text(outcome: RunOutcome) -> str:
    """What a run did, in words, with the cause of each failure."""
    r = outcome.report
    lines = [
        f"Sent: {len(r.sent)}   ·   Queued, not sent: {outcome.waiting}   ·   "
        f"Will retry: {len(r.retry)}   ·   Failed: {len(r.failed)}   ·   Unknown: {len(r.unknown)}"
    ]
    if outcome.waiting:
        if outcome.no_account:
            why = f"until the e-mail account can be used ({outcome.no_account.rstrip('.')})"
        else:
            why = "for the next send"
        lines.append(
            f"Queued, not sent: {plural(outcome.waiting, 'e-mail')} wait in the Outbox {why}."
        )
    if r.retry:
        lines.append(
            f"{plural(len(r.retry), 'e-mail')} will be tried again by themselves later "
            "(the server put them off)."
        )
    if outcome.queued.skipped:
        lines.append(f"{outcome.queued.skipped} were already queued by another run.")
    if outcome.letters:
        lines.append(
            f"Letters to print: {outcome.letters}. They wait in the Outbox; mark them sent once "
            "posted."
        )
    if outcome.flags:
        lines.append(
            f"Marked for the agency: {plural(outcome.flags, 'customer')} (nothing was sent to "
            "them; see the contact log)."
        )
    if outcome.stopped_by_user:
        lines.append("Stopped: the rest stay queued and go with the next send.")
    if r.stopped:
        lines.append(f"Sending stopped: {r.stopped}")
        lines.append(
            "Check Tools ▸ Settings ▸ E-mail; the messages not sent wait in the Outbox "
            "(Send again)."
        )
    for outbox_id, error in sorted(outcome.errors.items()):
        state = "failed" if outbox_id in r.failed else "unknown"
        lines.append(f"Message #{outbox_id} {state}: {error}")
    return "\n".join(lines)


class _States(Protocol):
    queued: int
    retrying: int
    sending: int
    unknown: int
    failed: int


def state_clauses(waiting: _States) -> list[str]:
    """What waits in an outbox (reminders or documents), one clause per state."""
    parts = []
    if waiting.queued:
        parts.append(f"{plural(waiting.queued, 'e-mail')} queued, not sent")
    if waiting.retrying:
        parts.append(f"{waiting.retrying} to retry")
    if waiting.sending:
        parts.append(f"{waiting.sending} being sent")
    if waiting.unknown:
        parts.append(f"{waiting.unknown} unknown (may have been sent: decide)")
    if waiting.failed:
        parts.append(f"{waiting.failed} failed (needs you)")
    return parts


def waiting_text(waiting: OutboxWaiting) -> str:
    """What waits in the Outbox, one clause per kind (empty when nothing waits)."""
    parts = state_clauses(waiting)
    if waiting.letters:
        parts.append(f"{plural(waiting.letters, 'letter')} to print")
    return ", ".join(parts)
