# SPDX-License-Identifier: MIT
"""The Today page's "Reminders and Outbox": what is due now and what waits in the Outbox.

The Outbox is counted by what each message waits for (queued, to retry, being sent, unknown,
failed, letters to print), so e-mails queued without a mail account are never hidden behind a
"Nothing here"; a link opens the Outbox. Collections flags wait for nothing and are not counted.
Invoices, credit notes and statements e-mailed through the Outbox are counted on a line of their
own (they wait on the Outbox's second page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from arapp.services.delivery.outbox import DeliveriesWaiting
from arapp.services.reminders.outbox import OutboxWaiting
from arapp.ui.dialog_parts import push_button
from arapp.ui.forms import plain_label
from arapp.ui.reminders.common import WARNING_STYLE, heading
from arapp.ui.reminders.run_summary import plural, state_clauses, waiting_text


@dataclass(frozen=True)
class Waiting:
    """What the box shows, read off the GUI thread with the rest of the page.

    Attributes:
        due_messages: Reminders due now: messages (a customer and a channel each) and
            customers due for the agency.
        due_invoices: The invoices they carry.
        outbox: What waits in the Outbox.
        no_account: Why the mail account cannot be used, or empty.
        due_agency: Of ``due_messages``, the customers due to be marked for the collections
            agency (nothing is sent to them).
        documents: The invoices and statements that wait in the Outbox.
    """

    due_messages: int
    due_invoices: int
    outbox: OutboxWaiting
    no_account: str = ""
    due_agency: int = 0
    documents: DeliveriesWaiting = field(default_factory=DeliveriesWaiting)


class WaitingBox(QWidget):
    """Reminders due and the Outbox's count, with Run reminders… and a link to the Outbox.

    Attributes:
        text: What is due and what waits (plain text; "Loading…" until the first read).
        link: "Open the Outbox (N waiting)", shown while something waits.
        run_button: Opens the run dialog; ``outbox_button`` opens the Outbox.
    """

    def __init__(self, loading: str, run: Callable[[], None], outbox: Callable[[], None]) -> None:
        super().__init__()
        self.text = plain_label(loading, wrap=True)
        self.text.setObjectName("remindersWaiting")
        self.link = QLabel()
        self.link.setObjectName("outboxLink")
        self.link.setTextFormat(Qt.TextFormat.RichText)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.link.linkActivated.connect(lambda _href: outbox())
        self.link.setVisible(False)
        self.account = plain_label(wrap=True)
        self.account.setObjectName("waitingAccount")
        self.account.setStyleSheet(WARNING_STYLE)
        self.account.setVisible(False)
        self.run_button = push_button("Run re&minders…", run)
        self.outbox_button = push_button("Outbo&x…", outbox)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(heading("Reminders and Outbox"))
        box.addWidget(self.text)
        box.addWidget(self.link)
        box.addWidget(self.account)
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.outbox_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)

    def fill(self, waiting: Waiting, nothing: str) -> None:
        lines = []
        if waiting.due_messages:
            n = waiting.due_messages
            lines.append(
                f"{n} reminder{'s are' if n != 1 else ' is'} due now"
                + (
                    f" ({plural(waiting.due_invoices, 'invoice')})."
                    if waiting.due_invoices != n
                    else "."
                )
            )
        if waiting.due_agency:
            k = waiting.due_agency
            lines.append(
                f"Of these, {'1 is a customer' if k == 1 else f'{k} are customers'} to hand to "
                "the collections agency (you decide in Run reminders…)."
            )
        outbox, documents = waiting.outbox, waiting.documents
        if outbox.total:
            lines.append(f"Reminders in the Outbox: {waiting_text(outbox)}.")
        if documents.total:
            lines.append(f"Invoices and statements in the Outbox: {documents_text(documents)}.")
        total = outbox.total + documents.total
        self.text.setText("\n".join(lines) or nothing)
        self.link.setText(f'<a href="outbox">Open the Outbox ({total} waiting)</a>')
        self.link.setVisible(bool(total))
        unsent = outbox.queued + outbox.retrying + documents.queued + documents.retrying
        self.account.setText(
            f"{plural(unsent, 'e-mail')} cannot be sent: {waiting.no_account} Set up "
            "the account in Tools ▸ Settings ▸ E-mail."
            if waiting.no_account and unsent
            else ""
        )
        self.account.setVisible(bool(self.account.text()))

    def show_text(self, text: str) -> None:
        self.text.setText(text)
        self.link.setVisible(False)
        self.account.setVisible(False)


def documents_text(waiting: DeliveriesWaiting) -> str:
    """What of the document e-mails waits, one clause per state (empty when nothing does)."""
    return ", ".join(state_clauses(waiting))
