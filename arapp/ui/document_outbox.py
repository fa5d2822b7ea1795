# SPDX-License-Identifier: MIT
"""The Outbox's "Invoices and statements" page: every document e-mail that waits, failed or
whose fate is unknown, and what a person may do with it.

"Send waiting now" sends what waits (progress, Cancel, and a summary that says per document
what happened: :class:`~arapp.ui.send_documents.SendBatch`); "Retry" queues a failed one again;
"Mark as sent…" records an unknown one as confirmed by the person who saw it leave (nothing is
sent); "Cancel e-mail" drops one that waits. The services decide
(:mod:`arapp.services.delivery.outbox`); this page offers what the selected row's state allows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from arapp.formatting import format_date
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.delivery.outbox import (
    CANCEL,
    MARK_SENT,
    OPEN_STATES,
    RETRY,
    DeliveryRecord,
    cancel_deliveries,
    list_deliveries,
    mark_deliveries_sent,
    retry_deliveries,
)
from arapp.services.delivery.outcome import DocumentOutcome
from arapp.services.errors import ServiceError
from arapp.ui.dialog_parts import push_button, small_table, text_item
from arapp.ui.display import Display
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.prompts import confirm
from arapp.ui.reminders.common import hint_label
from arapp.ui.send_documents import SendBatch

HEADERS = (
    N_("Document"),
    N_("Customer"),
    N_("To"),
    N_("State"),
    N_("Attempts"),
    N_("Next try"),
    N_("Last error"),
)
#: How a state reads in the list.
STATE_TEXT = {
    "queued": N_("waiting to be sent"),
    "retry": N_("will be tried again"),
    "sending": N_("being sent now"),
    "failed": N_("failed"),
    "unknown": N_("unknown: did it go?"),
    "sent": N_("sent"),
    "cancelled": N_("cancelled"),
}
HINT = N_(
    "Invoices, credit notes and statements on their way. A failed one was not sent: read why, "
    "fix it, then Retry. An unknown one may have gone out when the connection broke: check your "
    "sent folder or ask the customer, then mark it as sent or retry it."
)


def state_text(record: DeliveryRecord) -> str:
    if record.state == "sent" and record.confirmed_by:
        return _("sent (confirmed by {name})").format(name=record.confirmed_by)
    text = STATE_TEXT.get(record.state)
    return _(text) if text else record.state


class DocumentOutboxPage(QWidget):
    """Document e-mails on their way (all of them with "Show done ones too").

    Attributes:
        records: The deliveries shown, in table order.
        table: One row per delivery.
        detail: The selected row's last error in full.
        message: The last action's outcome or error.
        batch: The last "Send waiting now", while and after it runs.
    """

    def __init__(self, ctx: AppContext, display: Display, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentOutbox")
        self.ctx = ctx
        self.locale = display.locale
        self.records: list[DeliveryRecord] = []
        self.batch: SendBatch | None = None
        self.table = small_table(HEADERS, "documentOutboxTable")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.show_all = QCheckBox(_("Show done ones too (sent, cancelled)"))
        self.show_all.toggled.connect(lambda _on: self.reload())
        self.detail = plain_label(wrap=True, selectable=True)
        self.detail.setObjectName("documentOutboxDetail")
        self.message = plain_label(wrap=True, selectable=True)
        self.message.setObjectName("documentOutboxMessage")
        self.send_now_button = push_button(_("Send waiting &now"), self.send_now)
        self.retry_button = push_button(_("Re&try"), self.retry)
        self.sent_button = push_button(_("Mark as &sent…"), self.mark_sent)
        self.cancel_button = push_button(_("Cancel e-&mail"), self.cancel)
        row = QHBoxLayout()
        for button in (
            self.send_now_button,
            self.retry_button,
            self.sent_button,
            self.cancel_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(hint_label(_(HINT)))
        layout.addWidget(self.show_all)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        states = None if self.show_all.isChecked() else OPEN_STATES
        self.records = list_deliveries(self.ctx, states)
        self.table.setRowCount(len(self.records))
        for row, r in enumerate(self.records):
            when = r.next_attempt_at if r.state == "retry" else None
            cells = (
                text_item(
                    _("{document} (copy {copy})").format(document=r.label, copy=r.copy + 1)
                    if r.copy
                    else r.label
                ),
                text_item(r.customer),
                text_item(r.recipients),
                text_item(state_text(r)),
                text_item(str(r.attempts), right=True),
                text_item(self._when(when)),
                text_item(r.last_error),
            )
            cells[-1].setToolTip(r.last_error)
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column in (2, 6):  # addresses and errors may be long: the tooltip has them whole
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        self._update_buttons()

    def _when(self, at: datetime | None) -> str:
        return format_date(at.date(), self.locale) + at.strftime(" %H:%M") if at else ""

    def waiting(self) -> int:
        """Deliveries "Send waiting now" would send (queued and retries), as listed."""
        return sum(1 for r in self.records if r.state in ("queued", "retry"))

    def send_now(self) -> None:
        """Send what waits (off the GUI thread, with progress and Cancel)."""
        from arapp.services.delivery.outbox import send_waiting_documents

        count = self.waiting()
        ctx = self.ctx

        def run(progress: Any, stop: Any, _again: bool) -> list[DocumentOutcome]:
            return send_waiting_documents(ctx, progress=progress, should_stop=stop)

        self.send_now_button.setEnabled(False)
        self._say(_("Sending…"))
        self.batch = SendBatch(self, ctx, run, count, title=_("Sending waiting documents"))
        self.batch.finished.connect(self._sent)
        self.batch.start()

    def _sent(self, result: object) -> None:
        if isinstance(result, Exception):
            self._say(_("Nothing was sent: {error}").format(error=result), error=True)
        elif isinstance(result, list) and not result:
            self._say(_("Nothing was waiting to be sent."))
        else:
            self._say("")
        self.send_now_button.setEnabled(True)
        self.reload()

    def selected(self) -> DeliveryRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def select(self, delivery_id: int) -> None:
        for row, r in enumerate(self.records):
            if r.id == delivery_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        record = self.selected()
        state = record.state if record else ""
        self.detail.setText(
            _("{document}, {state}: {error}").format(
                document=record.label, state=state_text(record), error=record.last_error
            )
            if record and record.last_error
            else ""
        )
        self.detail.setVisible(bool(self.detail.text()))
        self.retry_button.setEnabled(state in RETRY)
        self.sent_button.setEnabled(state in MARK_SENT)
        self.cancel_button.setEnabled(state in CANCEL)

    def retry(self) -> None:
        record = self.selected()
        if record is None:
            return
        if record.state == "unknown" and not confirm(
            self, _("Retry"),
            _("{document} may already have reached {recipients}: the connection broke after it "
              "was handed over. Retry only if you checked that it did not arrive; otherwise the "
              "customer gets it twice.").format(document=record.label,
                                                recipients=record.recipients),
            _("Retry"),
        ):  # fmt: skip
            return
        self._act(
            retry_deliveries,
            record,
            _("{document} to {recipients}: queued again; it goes with the next send."),
        )

    def mark_sent(self) -> None:
        record = self.selected()
        if record is None:
            return
        if not confirm(
            self, _("Mark as sent"),
            _("Mark {document} as sent to {recipients}? Do this only if you saw it leave (it is "
              "in your sent folder, or the customer has it). Nothing is sent; it is recorded as "
              "confirmed by you.").format(document=record.label, recipients=record.recipients),
            _("Mark as sent"),
        ):  # fmt: skip
            return
        self._act(
            mark_deliveries_sent,
            record,
            _("{document} to {recipients}: marked as sent (confirmed by you; nothing sent)."),
        )

    def cancel(self) -> None:
        record = self.selected()
        if record is not None:
            self._act(
                cancel_deliveries,
                record,
                _("{document} to {recipients}: cancelled; it will not be sent."),
            )

    def _act(
        self, action: Callable[[AppContext, Sequence[int]], object], record: DeliveryRecord,
        done: str,
    ) -> None:  # fmt: skip
        try:
            action(self.ctx, [record.id])
        except ServiceError as exc:
            self._say(str(exc), error=True)
            return
        self._say(done.format(document=record.label, recipients=record.recipients))
        self.reload()
        self.select(record.id)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
