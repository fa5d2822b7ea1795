# SPDX-License-Identifier: MIT
"""What happened to e-mailed documents, in words for a person (the command line and the
window say the same): never "sent" unless the server accepted the message."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from arapp.domain.text import replace_unsafe
from arapp.i18n import _, ngettext
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
            text = _("{what}: sent to {who}.")
        case "already_sent" if again_hint:
            text = _("{what}: already sent on {day} to {who} - nothing sent ({hint}).")
        case "already_sent":
            text = _("{what}: already sent on {day} to {who} - nothing sent.")
        case "would_send" if reason:
            text = _("{what}: would be sent to {who} (dry run: nothing sent; {reason}).")
        case "would_send":
            text = _("{what}: would be sent to {who} (dry run: nothing sent).")
        case "would_fail":
            text = _("{what}: {reason} Dry run: nothing was sent.")
        case "queued":
            text = _("{what}: queued for {who}, not sent: {reason} It waits; send it again "
                     "once the mail account is set up.")  # fmt: skip
        case "retry":
            text = _("{what}: not sent yet ({reason}); it is tried again later.")
        case "failed":
            text = _("{what}: failed: {reason}")
        case "unknown":
            text = _("{what}: unknown whether it went to {who}: {reason}")
        case "refused":
            text = _("{what}: not sent: {reason}")
        case _ if reason:
            text = _("{what}: not sent, still waiting. {reason}")
        case _:
            text = _("{what}: not sent, still waiting.")
    return text.format(what=what, who=who, reason=reason, day=day, hint=again_hint)


#: Each result's count, in the headline's fixed order.
_COUNTED: dict[str, Callable[[int], str]] = {
    "sent": lambda n: ngettext("{count} sent", "{count} sent", n),
    "already_sent": lambda n: ngettext(
        "{count} already sent before (nothing sent)",
        "{count} already sent before (nothing sent)",
        n,
    ),
    "queued": lambda n: ngettext("{count} queued, not sent", "{count} queued, not sent", n),
    "retry": lambda n: ngettext(
        "{count} to be tried again later", "{count} to be tried again later", n
    ),
    "failed": lambda n: ngettext("{count} failed", "{count} failed", n),
    "unknown": lambda n: ngettext("{count} fate unknown", "{count} fate unknown", n),
    "refused": lambda n: ngettext("{count} not sent", "{count} not sent", n),
    "waiting": lambda n: ngettext(
        "{count} not sent, still waiting", "{count} not sent, still waiting", n
    ),
    "would_send": lambda n: ngettext("{count} would be sent", "{count} would be sent", n),
    "would_fail": lambda n: ngettext("{count} would not be sent", "{count} would not be sent", n),
}


def headline(outcomes: Sequence[DocumentOutcome]) -> str:
    """``3 sent, 1 failed.``: the counts by what happened, in a fixed order."""
    counts = Counter(o.result for o in outcomes)
    parts = [
        words(counts[key]).format(count=f"{counts[key]:,}")
        for key, words in _COUNTED.items()
        if counts[key]
    ]
    return ", ".join(parts) + "." if parts else _("Nothing to send.")
