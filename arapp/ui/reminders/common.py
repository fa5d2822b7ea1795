# SPDX-License-Identifier: MIT
"""Small pieces the reminder screens share: headings, a progress relay
from worker threads, where in the window a mail problem is fixed, and how a promise stands."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from arapp.formatting import format_money
from arapp.services.reminders.overview import HoldLine
from arapp.ui.forms import plain_label

HINT_STYLE = "color: palette(placeholder-text);"
WARNING_STYLE = "color: #9a5b00;"

# Where a person fixes each kind of mail problem in the window (the service's text names the
# command line).
WHERE_TO_FIX = {
    "auth": "Check the user name and store the password again in Tools ▸ Settings ▸ E-mail.",
    "keyring": "",  # the keyring message says how to fix it
    "config": "Fill in Tools ▸ Settings ▸ E-mail.",
    "tls": "Check the security setting and port in Tools ▸ Settings ▸ E-mail.",
    "refused": "Check the server and port in Tools ▸ Settings ▸ E-mail.",
    "timeout": "Check the server, the port and any firewall.",
    "host": "Check the server name in Tools ▸ Settings ▸ E-mail.",
}

CHANNEL_TEXT = {
    "letter": "letter (no e-mail address)",
    "flag": "marked for the agency (nothing is sent)",
}


def heading(text: str) -> QLabel:
    """A bold section heading."""
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def hint_label(text: str = "") -> QLabel:
    label = plain_label(text, wrap=True)
    label.setStyleSheet(HINT_STYLE)
    return label


def explain(kind: str, message: str) -> str:
    """A mail problem's text plus where to fix it in the window."""
    fix = WHERE_TO_FIX.get(kind, "")
    return f"{message}\n\n{fix}" if fix else message


class Progress(QObject):
    """Relays progress from a worker thread: ``step`` is emitted there and, this object living
    on the GUI thread, delivered to slots on the GUI thread (a queued connection).

    Attributes:
        step: ``Signal(int, int)``: done, of how many.
    """

    step = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        """Called on the worker thread: only emits."""
        self.step.emit(done, total)


def promise_outcome(line: HoldLine, state: str, locale: str) -> str:
    """How a promise stands in money, for people: ``"Partly kept: €300.00 of €500.00"``,
    ``"Kept: €500.00 of €500.00"``, ``"Broken: nothing came in of €500.00"``, ``"€500.00
    promised"`` while its day has not passed ("" for a dispute)."""
    hold = line.hold
    if hold.kind != "promise" or hold.amount is None:
        return ""
    promised = format_money(hold.amount, line.currency, locale)
    paid = format_money(line.paid, line.currency, locale)
    if state == "partly kept":
        return f"Partly kept: {paid} of {promised}"
    if state == "broken":
        return f"Broken: nothing came in of {promised}"
    if state == "kept":
        return f"Kept: {paid} of {promised}" if line.paid > 0 else "Kept"
    if line.paid > 0:
        return f"{paid} of {promised} so far"
    return f"{promised} promised"
