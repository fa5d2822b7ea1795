# SPDX-License-Identifier: MIT
"""Collections ▸ Run reminders…: review what is due, preview a message, send the ticked ones.

Finding what is due and sending both run off the GUI thread (:func:`run_in_background`); the
progress bar follows the sending through :class:`~arapp.ui.reminders.common.Progress`, and
Cancel stops between two messages (the rest stay queued). The summary names every outcome:
sent, will retry, failed, unknown, with the cause of each failure.
"""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_date, format_money
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.reminders.mailer import MailProblem
from arapp.services.reminders.run import DueReminder, plan_run, preview
from arapp.services.reminders.sending import RunOutcome, queue_and_send
from arapp.ui.dialog_parts import checkable_item, push_button, small_table, text_item
from arapp.ui.display import Display
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.reminders.common import CHANNEL_TEXT, Progress, explain, hint_label
from arapp.ui.worker import run_in_background

IndexRole = Qt.ItemDataRole.UserRole + 1
"""Role of a row's first cell: the row's index in :attr:`ReminderRunDialog.due`."""

HEADERS = ("Customer", "Invoice", "Level", "Amount due", "Days overdue", "Send to")


class ReminderRunDialog(QDialog):
    """Reminders due today, ticked to send.

    Attributes:
        due: What :func:`plan_run` found (in table order).
        table: One row per reminder; the first cell's tick box says whether it goes.
        outcome: What the last send did, if anything was sent.
        summary: The outcome, for people.
        busy: Whether planning or sending is under way.
    """

    def __init__(
        self,
        ctx: AppContext,
        display: Display,
        parent: QWidget | None = None,
        as_of: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.as_of = as_of or ctx.today()
        self.locale = display.locale
        self.due: list[DueReminder] = []
        self.outcome: RunOutcome | None = None
        self.busy = False
        self._stop = threading.Event()
        self.progress_relay = Progress(self)
        self.setWindowTitle("Run reminders")

        self.title = plain_label(f"Reminders due on {format_date(self.as_of, self.locale)}")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.state = hint_label("Looking for reminders that are due…")
        self.table: QTableWidget = small_table(HEADERS, "reminderTable")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_preview)
        self.table.itemChanged.connect(lambda _item: self._update_buttons())
        self.subject = plain_label(wrap=True, selectable=True)
        self.subject.setObjectName("previewSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("previewBody")
        self.body.setReadOnly(True)
        preview_box = QWidget()
        column = QVBoxLayout(preview_box)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(hint_label("Preview of the selected reminder's message"))
        column.addWidget(self.subject)
        column.addWidget(self.body, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(preview_box)
        split.setSizes([300, 220])

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = plain_label(wrap=True, selectable=True)
        self.summary.setObjectName("runSummary")
        self.summary.setVisible(False)
        self.all_button = push_button("Tick &all", lambda: self._tick_all(True))
        self.none_button = push_button("Tick &none", lambda: self._tick_all(False))
        self.send_button = push_button("&Send selected", self.send_selected)
        self.send_button.setDefault(True)
        self.cancel_button = push_button("Cance&l sending", self._stop.set)
        self.cancel_button.setVisible(False)
        self.outbox_button = push_button("&Outbox…", self.open_outbox)
        self.close_button = push_button("Close", self.reject)
        buttons = QHBoxLayout()
        for button in (self.all_button, self.none_button, self.outbox_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.cancel_button, self.send_button, self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(split, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.resize(900, 640)
        self._update_buttons()
        self.reload()

    # -- finding what is due ----------------------------------------------------------------

    def reload(self) -> None:
        """Find the reminders due (off the GUI thread)."""
        self.busy = True
        self._update_buttons()
        ctx, as_of = self.ctx, self.as_of
        run_in_background(self, lambda: plan_run(ctx, as_of), self._planned, self._plan_failed)

    def _planned(self, due: list[DueReminder]) -> None:
        self.busy = False
        self.due = due
        self.table.blockSignals(True)
        self.table.setRowCount(len(due))
        for row, d in enumerate(due):
            cells = (
                checkable_item(d.customer_name, IndexRole, row, True),
                text_item(d.invoice_number),
                text_item(d.level_name),
                text_item(format_money(d.amount_due, d.currency, self.locale), right=True),
                text_item(str(d.days_overdue), right=True),
                text_item(d.recipient if d.channel == "email" else CHANNEL_TEXT[d.channel]),
            )
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        if due:
            customers = len({d.customer_id for d in due})
            self.state.setText(
                f"{len(due)} reminder{'s' if len(due) != 1 else ''} for {customers} "
                f"customer{'s' if customers != 1 else ''}. Untick any that should not go."
            )
            self.table.selectRow(0)
        else:
            self.state.setText("Nothing is due: every reminder that was due has been sent.")
            self.subject.clear()
            self.body.clear()
        self._update_buttons()

    def _plan_failed(self, exc: Exception) -> None:
        self.busy = False
        self.state.setText(f"The reminders due could not be read: {exc}")
        self.state.setStyleSheet(ERROR_STYLE)
        self._update_buttons()

    # -- choosing and previewing --------------------------------------------------------------

    def selected(self) -> list[DueReminder]:
        """The ticked reminders."""
        return [
            self.due[row]
            for row in range(self.table.rowCount())
            if self.table.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            self.table.item(row, 0).setCheckState(state)

    def _show_preview(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.due:
            return
        reminder = self.due[rows[0].row()]
        try:
            message = preview(self.ctx, self.selected() or [reminder], reminder)
        except ServiceError as exc:
            self.subject.setText(str(exc))
            self.body.clear()
            return
        to = message.recipient or CHANNEL_TEXT.get(message.channel, "")
        self.subject.setText(f"To: {to}\nSubject: {message.subject}")
        self.body.setPlainText(message.body)

    def _update_buttons(self) -> None:
        idle = not self.busy
        self.send_button.setEnabled(idle and bool(self.due) and bool(self.selected()))
        for button in (self.all_button, self.none_button):
            button.setEnabled(idle and bool(self.due))
        self.close_button.setEnabled(idle)
        self.cancel_button.setVisible(self.busy and self.progress.isVisible())

    # -- sending ------------------------------------------------------------------------------

    def send_selected(self) -> None:
        """Queue the ticked reminders and send their e-mails (off the GUI thread)."""
        chosen = self.selected()
        if not chosen or self.busy:
            return
        self.busy = True
        self._stop.clear()
        self.summary.setVisible(False)
        self.progress.setRange(0, 0)  # until the first message is done
        self.progress.setVisible(True)
        self.progress_relay.step.connect(self._step)
        self._update_buttons()
        ctx, as_of, relay, stop = self.ctx, self.as_of, self.progress_relay, self._stop
        run_in_background(
            self,
            lambda: queue_and_send(
                ctx,
                chosen,
                as_of,
                progress=relay.report,
                should_stop=stop.is_set,
                all_queued=True,
            ),
            self._sent,
            self._send_failed,
        )

    def _step(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finish_sending(self) -> None:
        self.progress_relay.step.disconnect(self._step)
        self.progress.setVisible(False)
        self.busy = False
        self.summary.setVisible(True)
        self.reload()

    def _sent(self, outcome: RunOutcome) -> None:
        self.outcome = outcome
        self._finish_sending()
        self.summary.setStyleSheet(ERROR_STYLE if _has_trouble(outcome) else "")
        self.summary.setText(summary_text(outcome))

    def _send_failed(self, exc: Exception) -> None:
        self._finish_sending()
        self.summary.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, MailProblem):
            text = explain(exc.kind, str(exc))
        else:
            text = f"Nothing was sent: {exc}"
        self.summary.setText(text)

    def open_outbox(self) -> None:
        from arapp.ui.reminders.outbox import OutboxDialog

        OutboxDialog(self.ctx, self.display, self).exec()
        if not self.busy:
            self.reload()

    def reject(self) -> None:
        """Close, but not while sending (Cancel stops it first)."""
        if not self.busy:
            super().reject()


def _has_trouble(outcome: RunOutcome) -> bool:
    r = outcome.report
    return bool(r.failed or r.unknown or r.stopped)


def summary_text(outcome: RunOutcome) -> str:
    """What a run did, in words, with the cause of each failure."""
    r = outcome.report
    lines = [
        f"Sent: {len(r.sent)}   ·   Will retry: {len(r.retry)}   ·   Failed: {len(r.failed)}"
        f"   ·   Unknown: {len(r.unknown)}"
    ]
    if outcome.queued.skipped:
        lines.append(f"{outcome.queued.skipped} were already queued by another run.")
    if outcome.letters:
        lines.append(
            f"{outcome.letters} letter{'s' if outcome.letters != 1 else ''} for customers "
            "without an e-mail address wait in the Outbox; mark them sent once posted."
        )
    if outcome.flags:
        lines.append(f"{outcome.flags} invoice(s) flagged for collections (in the contact log).")
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
