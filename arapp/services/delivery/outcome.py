# SPDX-License-Identifier: MIT
"""What became of one e-mailed document (a light module: the window imports it when built,
the sending machinery only when something is sent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: What became of one document (:attr:`DocumentOutcome.result`).
RESULTS = (
    "sent", "already_sent", "would_send", "queued", "retry", "failed", "unknown", "refused",
    "waiting", "would_fail",
)  # fmt: skip


@dataclass(frozen=True)
class DocumentOutcome:
    """What happened to one document.

    Attributes:
        label: ``Invoice INV-1``, ``Statement 2026-01-01 to 2026-03-31``.
        result: One of :data:`RESULTS`: ``sent`` (the server accepted it), ``already_sent``
            (it went earlier to the same people: nothing sent), ``would_send`` (a dry run),
            ``queued`` (no usable mail account: it waits), ``retry`` (a temporary failure: it
            is tried again later), ``failed``, ``unknown`` (it may or may not have gone out),
            ``refused`` (it cannot be sent: a draft, no address), ``waiting`` (not tried: the
            person stopped, or another process is sending it), ``would_fail`` (a dry run: its
            e-invoice was built and checked as a real send would, and it would not go).
        recipients: Who it goes (or went) to, as shown.
        reason: Why it failed, was refused, waits or is unknown.
        at: When it was sent (also an earlier sending).
        delivery_id: Its delivery, when there is one.
        invoice_id: The invoice, for an invoice or credit note.
    """

    label: str
    result: str
    recipients: str
    reason: str = ""
    at: datetime | None = None
    delivery_id: int | None = None
    invoice_id: int | None = None
