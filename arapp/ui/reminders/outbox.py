# SPDX-License-Identifier: MIT
"""The Outbox: every reminder message with its state, attempts and last error, and what a person
may do with one that failed or whose fate is unknown (send again, mark as sent, cancel); a second
page does the same for invoices, credit notes and statements (:mod:`arapp.ui.document_outbox`).

A message's fate is decided by the services (:mod:`arapp.services.reminders.outbox`); this
dialog only offers the actions the selected message's state allows and shows what they say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_date
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.reminders.mailer import MailProblem
from arapp.services.reminders.outbox import (
    OutboxRecord,
    SendReport,
    cancel,
    list_outbox,
    mark_sent,
    send_again,
)
from arapp.services.reminders.overview import customer_names
from arapp.services.reminders.sending import send_waiting
from arapp.ui.dialog_parts import push_button, small_table, text_item
from arapp.ui.display import Display
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.reminders.common import explain, hint_label
from arapp.ui.widgets.screen import fit_to_screen
from arapp.ui.worker import run_in_background

IdRole = Qt.ItemDataRole.UserRole + 1
HEADERS = ("#", "Customer", "Channel", "To", "Subject", "State", "Attempts", "Queued", "Last error")
# States each action accepts (as the services check them).
SEND_AGAIN = ("unknown", "failed", "retry")
MARK_SENT = ("unknown", "failed", "retry", "queued")
CANCEL = ("queued", "retry", "failed", "unknown")
OPEN_STATES = ("queued", "sending", "retry", "failed", "unknown")
# How a state reads in the list; a collections flag sent nothing.
STATE_TEXT = {
    "queued": "queued, not sent",
    "retry": "will retry",
    "flagged": "Marked for the agency",
}
CHANNEL_TEXT = {"email": "e-mail", "letter": "letter", "flag": "agency"}


class OutboxDialog(QDialog):
    """Reminder messages on their way (all of them with "Show done ones too"), and on a page of
    their own the document e-mails.

    Attributes:
        tabs: The pages: reminders, then invoices and statements.
        documents: The invoices and statements page.
        records: The messages shown, in table order.
        table: One row per message.
        message: The last action's outcome or error.
    """

    def __init__(
        self, ctx: AppContext, display: Display, parent: QWidget | None = None,
        documents: bool = False,
    ) -> None:  # fmt: skip
        """``documents``: open on the invoices and statements page."""
        super().__init__(parent)
        self.ctx = ctx
        self.locale = display.locale
        self.records: list[OutboxRecord] = []
        self.setWindowTitle("Outbox")
        self.table = small_table(HEADERS, "outboxTable")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.show_all = QCheckBox("Show done ones too (sent, cancelled, marked for the agency)")
        self.show_all.toggled.connect(lambda _on: self.reload())
        self.message = plain_label(wrap=True, selectable=True)
        self.again_button = push_button("Send &again", lambda: self._act(send_again, "queued"))
        self.sent_button = push_button("&Mark as sent", lambda: self._act(mark_sent, "sent"))
        self.cancel_button = push_button("&Cancel message", lambda: self._act(cancel, "cancelled"))
        self.send_now_button = push_button("Send &waiting e-mails now", self.send_now)
        row = QHBoxLayout()
        for button in (
            self.send_now_button,
            self.again_button,
            self.sent_button,
            self.cancel_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        reminders = QWidget()
        layout = QVBoxLayout(reminders)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(
            hint_label(
                "Failed and unknown messages need you: an unknown one may have been sent when the "
                "connection broke, so check your sent folder or ask the customer, then mark it "
                "sent or send it again. Letters wait here until you mark them sent."
            )
        )
        layout.addWidget(self.show_all)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        from arapp.ui.document_outbox import DocumentOutboxPage

        self.documents = DocumentOutboxPage(ctx, display)
        self.tabs = QTabWidget()
        self.tabs.addTab(reminders, "&Reminders")
        self.tabs.addTab(self.documents, "&Invoices and statements")
        close = QHBoxLayout()
        close.addStretch(1)
        close.addWidget(push_button("Close", self.accept))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.addWidget(self.tabs, 1)
        outer.addLayout(close)
        fit_to_screen(self, 1100, 560)
        self.reload()
        if documents:
            self.tabs.setCurrentWidget(self.documents)

    def reload(self) -> None:
        states = None if self.show_all.isChecked() else OPEN_STATES
        self.records = list_outbox(self.ctx, states)
        names = customer_names(self.ctx, [r.customer_id for r in self.records])
        self.table.setRowCount(len(self.records))
        for row, r in enumerate(self.records):
            cells = (
                text_item(str(r.id), right=True),
                text_item(names.get(r.customer_id, "")),
                text_item(CHANNEL_TEXT.get(r.channel, r.channel)),
                text_item(r.recipient),
                text_item(r.subject),
                text_item(STATE_TEXT.get(r.state, r.state)),
                text_item(str(r.attempts), right=True),
                text_item(format_date(r.as_of, self.locale)),
                text_item(r.last_error),
            )
            cells[0].setData(IdRole, r.id)
            cells[-1].setToolTip(r.last_error)
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self._update_buttons()

    def send_now(self) -> None:
        """Send every queued e-mail (off the GUI thread)."""
        self.send_now_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText("Sending…")
        ctx = self.ctx
        run_in_background(self, lambda: send_waiting(ctx), self._sent, self._send_failed)

    def _sent(self, report: SendReport) -> None:
        self.send_now_button.setEnabled(True)
        text = (
            f"Sent: {len(report.sent)}   ·   Will retry: {len(report.retry)}   ·   "
            f"Failed: {len(report.failed)}   ·   Unknown: {len(report.unknown)}"
        )
        if report.cancelled or report.stopped:
            text += "\nThe e-mails not tried stay queued, not sent."
        if report.stopped:
            text += f"\nSending stopped: {report.stopped}"
        self.message.setStyleSheet(ERROR_STYLE if report.stopped or report.failed else "")
        self.message.setText(text)
        self.reload()

    def _send_failed(self, exc: Exception) -> None:
        self.send_now_button.setEnabled(True)
        self.message.setStyleSheet(ERROR_STYLE)
        kind = exc.kind if isinstance(exc, MailProblem) else ""
        self.message.setText("Nothing was sent: " + explain(kind, str(exc)))

    def selected(self) -> OutboxRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def select(self, outbox_id: int) -> None:
        for row, r in enumerate(self.records):
            if r.id == outbox_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        state = r.state if (r := self.selected()) else ""
        self.again_button.setEnabled(state in SEND_AGAIN)
        self.sent_button.setEnabled(state in MARK_SENT)
        self.cancel_button.setEnabled(state in CANCEL)

    def _act(self, action: Callable[[AppContext, Sequence[int]], object], done: str) -> None:
        record = self.selected()
        if record is None:
            return
        try:
            action(self.ctx, [record.id])
        except ServiceError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return
        self.message.setStyleSheet("")
        what = {"queued": "queued; it goes with the next send", "sent": "marked as sent"}
        self.message.setText(f"Message #{record.id} {what.get(done, done)}.")
        self.reload()
        self.select(record.id)
