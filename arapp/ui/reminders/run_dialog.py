# SPDX-License-Identifier: MIT
"""Collections ▸ Run reminders…: review the messages due, preview each, send the ticked ones.

One row per message (a customer and a channel), expandable to the invoices it carries
(:mod:`.run_tree`); the preview shows that exact message as it would be queued. Customers due
to be handed to the collections agency have their own section and are never ticked by default.

Finding what is due, checking the mail account and sending all run off the GUI thread
(:func:`run_in_background`). Without a usable account (no server or sender, no password in the
keyring) Send is disabled, the reason stands beside it with "Set up e-mail…" (Settings on its
E-mail tab), and "Queue for later" queues the ticked messages saying they are queued, not sent.
The summary after a run names every outcome from the outbox's own record (:mod:`.run_summary`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_date
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.reminders.mailer import MailProblem, account_problem
from arapp.services.reminders.outbox import OutboxWaiting, outbox_waiting
from arapp.services.reminders.run import DueReminder, plan_run, preview
from arapp.services.reminders.sending import RunOutcome, queue_and_send, queue_only
from arapp.ui.dialog_parts import push_button
from arapp.ui.display import Display
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.reminders.common import CHANNEL_TEXT, WARNING_STYLE, Progress, explain, hint_label
from arapp.ui.reminders.run_summary import has_trouble, plural, summary_text, waiting_text
from arapp.ui.reminders.run_tree import MessageTree, Planned, planned
from arapp.ui.widgets.screen import fit_to_screen
from arapp.ui.worker import run_in_background

__all__ = ["ReminderRunDialog", "RunPlan", "summary_text"]

SENT_AS = "Preview of the selected message, as it will be sent"
NOT_TICKED = "Not ticked: this message will not go. Ticked, it would read:"


@dataclass(frozen=True)
class RunPlan:
    """What the dialog reads before it shows anything (off the GUI thread).

    Attributes:
        due: The reminders due, one per invoice, grouped into messages for the list.
        problem: Why the mail account cannot be used, or ``None``.
        waiting: What already waits in the outbox.
    """

    due: Planned
    problem: MailProblem | None
    waiting: OutboxWaiting


def read_plan(ctx: AppContext, as_of: date, locale: str) -> RunPlan:
    due = planned(plan_run(ctx, as_of), as_of, locale)
    return RunPlan(due, account_problem(ctx), outbox_waiting(ctx))


class ReminderRunDialog(QDialog):
    """The messages due today, ticked to send.

    Attributes:
        tree: One row per message, its invoices below it (:class:`MessageTree`).
        problem: Why the mail account cannot be used (sending is off), or ``None``.
        outcome: What the last run did, if one ran.
        summary: The outcome, for people.
        busy: Whether reading, checking or sending is under way.
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
        self.problem: MailProblem | None = None
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
        self.state.setObjectName("runState")
        self.tree = MessageTree(self.locale)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._show_preview())
        self.tree.model_.dataChanged.connect(self._ticked)
        self._after_ticks = QTimer(self)
        self._after_ticks.setSingleShot(True)
        self._after_ticks.setInterval(0)
        self._after_ticks.timeout.connect(self._refresh_ticks)
        self.subject = plain_label(wrap=True, selectable=True)
        self.subject.setObjectName("previewSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("previewBody")
        self.body.setReadOnly(True)
        preview_box = QWidget()
        column = QVBoxLayout(preview_box)
        column.setContentsMargins(0, 6, 0, 0)
        self.preview_hint = hint_label(SENT_AS)
        column.addWidget(self.preview_hint)
        column.addWidget(self.subject)
        column.addWidget(self.body, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.tree)
        split.addWidget(preview_box)
        split.setSizes([320, 220])

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = plain_label(wrap=True, selectable=True)
        self.summary.setObjectName("runSummary")
        self.summary.setVisible(False)
        self.all_button = push_button("Tick &all", lambda: self.tree.tick_all(True))
        self.none_button = push_button("Tick &none", lambda: self.tree.tick_all(False))
        self.send_button = push_button("&Send selected", self.send_selected)
        self.send_button.setDefault(True)
        self.queue_button = push_button("&Queue for later", self.queue_for_later)
        self.queue_button.setToolTip("Put the ticked messages in the Outbox without sending them")
        self.setup_button = push_button("Set up &e-mail…", self.set_up_email)
        self.account_note = plain_label(wrap=True)
        self.account_note.setObjectName("accountProblem")
        self.account_note.setStyleSheet(WARNING_STYLE)
        self.account_note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.cancel_button = push_button("Cance&l sending", self._stop.set)
        self.cancel_button.setVisible(False)
        self.outbox_button = push_button("&Outbox…", self.open_outbox)
        self.close_button = push_button("Close", self.reject)
        account = QHBoxLayout()
        account.addWidget(self.account_note, 1)
        account.addWidget(self.setup_button)
        account.addWidget(self.queue_button)
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
        layout.addLayout(account)
        layout.addLayout(buttons)
        fit_to_screen(self, 1100, 660)
        self._show_account()
        self._update_buttons()
        self.reload()

    @property
    def due(self) -> list[DueReminder]:
        """What :func:`plan_run` found."""
        return self.tree.due

    # -- finding what is due ----------------------------------------------------------------

    def reload(self) -> None:
        """Find the messages due and check the account (off the GUI thread)."""
        self.busy = True
        self._update_buttons()
        ctx, as_of, locale = self.ctx, self.as_of, self.locale
        run_in_background(
            self, lambda: read_plan(ctx, as_of, locale), self._planned, self._plan_failed
        )

    def _planned(self, plan: RunPlan) -> None:
        self.busy = False
        self.problem = plan.problem
        self.tree.fill(plan.due)
        messages = self.tree.messages
        agency = sum(1 for m in messages if m.channel == "flag")
        sending = len(messages) - agency
        if messages:
            customers = len({m.customer_id for m in messages})
            text = (
                f"{plural(sending, 'message')} to {plural(customers, 'customer')}, "
                f"{plural(len(plan.due.due), 'invoice')} in all."
            )
            if agency:
                text += f" {plural(agency, 'customer')} due for the agency, not ticked."
            self.state.setText(text + " Untick any that should not go.")
            self.tree.setCurrentIndex(self.tree.model_.message_index(0))
        else:
            waits = waiting_text(plan.waiting)
            self.state.setText(
                "Nothing is due now." + (f" In the Outbox: {waits}." if waits else "")
            )
            self.subject.clear()
            self.body.clear()
        self._show_account()
        self._update_buttons()

    def _plan_failed(self, exc: Exception) -> None:
        self.busy = False
        self.state.setText(f"The reminders due could not be read: {exc}")
        self.state.setStyleSheet(ERROR_STYLE)
        self._update_buttons()

    # -- the mail account ---------------------------------------------------------------------

    def _show_account(self) -> None:
        problem = self.problem
        self.account_note.setText(
            f"Sending is off: {problem} Set up the e-mail account to send, or queue the "
            "messages for later."
            if problem is not None
            else ""
        )
        for widget in (self.account_note, self.setup_button, self.queue_button):
            widget.setVisible(problem is not None)

    def set_up_email(self) -> None:
        """Settings on its E-mail tab; then check the account again."""
        from arapp.ui.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.tabs.setCurrentWidget(dialog.mail_tab)
        dialog.open()
        dialog.finished.connect(lambda _result: self.check_account())

    def check_account(self) -> None:
        """Check the mail account again (off the GUI thread: it reads the keyring)."""
        self.busy = True
        self._update_buttons()
        ctx = self.ctx
        run_in_background(self, lambda: account_problem(ctx), self._checked, self._check_failed)

    def _checked(self, problem: MailProblem | None) -> None:
        self.busy = False
        self.problem = problem
        self._show_account()
        self._update_buttons()

    def _check_failed(self, exc: Exception) -> None:
        self.busy = False
        self.account_note.setText(f"The e-mail account could not be checked: {exc}")
        self._update_buttons()

    # -- choosing and previewing --------------------------------------------------------------

    def selected(self) -> list[DueReminder]:
        """The ticked invoices' reminders."""
        return self.tree.ticked()

    def _ticked(self, *_changed: object) -> None:
        # A message's tick changes it and its invoices, two signals: one refresh for both.
        self._after_ticks.start()

    def _refresh_ticks(self) -> None:
        self._update_buttons()
        self._show_preview()  # the message is what is ticked of it

    def _show_preview(self) -> None:
        found = self.tree.current_message()
        if found is None:
            return
        index, selected = found
        message = self.tree.messages[index]
        ticked = self.tree.ticked([index])
        self.preview_hint.setText(SENT_AS if ticked else NOT_TICKED)
        chosen = ticked or [self.tree.due[i] for i in message.reminders]
        reminder = self.tree.due[selected] if selected is not None else chosen[0]
        if reminder not in chosen:
            reminder = chosen[0]
        try:
            shown = preview(self.ctx, chosen, reminder)
        except ServiceError as exc:
            self.subject.setText(str(exc))
            self.body.clear()
            return
        to = shown.recipient or CHANNEL_TEXT.get(shown.channel, "")
        self.subject.setText(f"To: {to}\nSubject: {shown.subject}")
        self.body.setPlainText(shown.body)

    def _update_buttons(self) -> None:
        idle = not self.busy
        ticked = idle and bool(self.due) and bool(self.selected())
        self.send_button.setEnabled(ticked and self.problem is None)
        self.send_button.setToolTip(
            "" if self.problem is None else f"Sending is off: {self.problem}"
        )
        self.queue_button.setEnabled(ticked)
        self.setup_button.setEnabled(idle)
        for button in (self.all_button, self.none_button):
            button.setEnabled(idle and bool(self.due))
        self.close_button.setEnabled(idle)
        self.cancel_button.setVisible(self.busy and self.progress.isVisible())

    # -- sending ------------------------------------------------------------------------------

    def send_selected(self) -> None:
        """Queue the ticked messages and send their e-mails (off the GUI thread)."""
        chosen = self.selected()
        if not chosen or self.busy or self.problem is not None:
            return
        self._start()
        self.progress.setRange(0, 0)  # until the first message is done
        self.progress.setVisible(True)
        self.progress_relay.step.connect(self._step)
        self._update_buttons()
        ctx, as_of, relay, stop = self.ctx, self.as_of, self.progress_relay, self._stop
        run_in_background(
            self,
            lambda: queue_and_send(
                ctx, chosen, as_of, progress=relay.report, should_stop=stop.is_set,
                all_queued=True,
            ),
            self._sent,
            self._send_failed,
        )  # fmt: skip

    def queue_for_later(self) -> None:
        """Queue the ticked messages without sending: the e-mails wait in the Outbox."""
        chosen = self.selected()
        if not chosen or self.busy:
            return
        self._start()
        self._update_buttons()
        ctx, as_of = self.ctx, self.as_of
        why = str(self.problem) if self.problem is not None else "queued for later"
        run_in_background(
            self, lambda: queue_only(ctx, chosen, as_of, why), self._sent, self._send_failed
        )

    def _start(self) -> None:
        self.busy = True
        self._stop.clear()
        self.summary.setVisible(False)

    def _step(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finish_sending(self) -> None:
        if self.progress.isVisible():
            self.progress_relay.step.disconnect(self._step)
        self.progress.setVisible(False)
        self.busy = False
        self.summary.setVisible(True)
        self.reload()

    def _sent(self, outcome: RunOutcome) -> None:
        self.outcome = outcome
        self._finish_sending()
        self.summary.setStyleSheet(ERROR_STYLE if has_trouble(outcome) else "")
        self.summary.setText(summary_text(outcome))

    def _send_failed(self, exc: Exception) -> None:
        self._finish_sending()
        self.summary.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, MailProblem):
            text = "Nothing was sent: " + explain(exc.kind, str(exc))
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
