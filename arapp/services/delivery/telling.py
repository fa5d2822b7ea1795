# SPDX-License-Identifier: MIT
"""What happened to e-mailed documents, in words for a person (the command line and the
window say the same): never "sent" unless the server accepted the message."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from arapp.domain.text import replace_unsafe
from arapp.services.delivery.outcome import DocumentOutcome


def _plain(text: str) -> str:
    return replace_unsafe(" ".join(text.split()), "\ufffd")


def describe(outcome: DocumentOutcome, again_hint: str = "") -> str:
    """One sentence about one document; ``again_hint`` ends the "already sent" one (how to
    send a new copy)."""
    who, what, reason = (_plain(x) for x in (outcome.recipients, outcome.label, outcome.reason))
    day = outcome.at.date().isoformat() if outcome.at else ""
    match outcome.result:
        case "sent":
            return f"{what}: sent to {who}."
        case "already_sent":
            hint = f" ({again_hint})" if again_hint else ""
            return f"{what}: already sent on {day} to {who} - nothing sent{hint}."
        case "would_send":
            checked = f"; {reason}" if reason else ""
            return f"{what}: would be sent to {who} (dry run: nothing sent{checked})."
        case "would_fail":
            return f"{what}: {reason} Dry run: nothing was sent."
        case "queued":
            return (f"{what}: queued for {who}, not sent: {reason} It waits; send it again "
                    "once the mail account is set up.")  # fmt: skip
        case "retry":
            return f"{what}: not sent yet ({reason}); it is tried again later."
        case "failed":
            return f"{what}: failed: {reason}"
        case "unknown":
            return f"{what}: unknown whether it went to {who}: {reason}"
        case "refused":
            return f"{what}: not sent: {reason}"
        case _:
            return f"{what}: not sent, still waiting. {reason}".strip()


_COUNTED = (
    ("sent", "sent"), ("already_sent", "already sent before (nothing sent)"),
    ("queued", "queued, not sent"), ("retry", "to be tried again later"), ("failed", "failed"),
    ("unknown", "fate unknown"), ("refused", "not sent"), ("waiting", "not sent, still waiting"),
    ("would_send", "would be sent"), ("would_fail", "would not be sent"),
)  # fmt: skip


def headline(outcomes: Sequence[DocumentOutcome]) -> str:
    """``3 sent, 1 failed.``: the counts by what happened, in a fixed order."""
    counts = Counter(o.result for o in outcomes)
    parts = [f"{counts[key]:,} {words}" for key, words in _COUNTED if counts[key]]
    return (", ".join(parts) or "Nothing to send") + "."
