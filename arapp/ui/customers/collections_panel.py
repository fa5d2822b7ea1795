# SPDX-License-Identifier: MIT
"""The Collections tab of the customer pane: the customer's disputes and promises to pay, and how
they are reminded (policy, a pause, or never).

The pane refills this panel on every event about the customer (the Customers tab relays them
from the :class:`~arapp.ui.bridge.EventBridge`); reminder options being edited are kept until
saved, or until another customer is shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_date
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.reminders.holds import resolve_hold
from arapp.services.reminders.overview import HoldLine, customer_holds, hold_state
from arapp.services.reminders.policy import (
    DEFAULT_POLICY_NAME,
    CustomerReminders,
    customer_reminders,
    list_policies,
    set_customer_reminders,
)
from arapp.ui.customers.model import ARCHIVED_COLOR
from arapp.ui.dialog_parts import push_button
from arapp.ui.display import DisplaySource
from arapp.ui.forms import ERROR_STYLE, error_label, plain_label
from arapp.ui.prompts import ask_reason
from arapp.ui.reminders.common import HINT_STYLE, heading, promise_outcome
from arapp.ui.widgets.colours import OVERDUE_COLOR, in_list
from arapp.ui.widgets.dates import date_edit

if TYPE_CHECKING:  # the dialog is imported when it opens
    from arapp.ui.reminders.holds import HoldDialog

HoldRole = Qt.ItemDataRole.UserRole + 1
"""Role of a hold list item returning its :class:`HoldLine`."""

KIND_TEXT = {"promise": "Promise to pay", "dispute": "Dispute"}
STATE_COLOR = {
    "broken": OVERDUE_COLOR,
    "partly kept": OVERDUE_COLOR,
    "resolved": ARCHIVED_COLOR,
    "kept": ARCHIVED_COLOR,
}
NO_HOLDS = "No disputes or promises to pay."


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class CollectionsPanel(QWidget):
    """One customer's disputes and promises, with Promise to pay…, Dispute… and Resolve…, and
    their reminder options.

    Attributes:
        customer_id: The customer shown, or ``None``.
        lines: Their disputes and promises, open ones first.
        options: Their reminder options as last read or saved.
        hold_dialog: The last Promise / Dispute dialog opened (for tests), if any.
        holds: The list of disputes and promises.
        policy, pause, pause_until, excluded: The reminder options being edited.
        message: What the last action did, or why it failed.
        options_error: Why the reminder options were not saved.
        changed: ``Signal()``, something was recorded, resolved or saved here.
        display: The window's display source (the Promise and Dispute dialogs take its display).
        locale: The locale of the dates shown (the detail pane keeps it current).
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, display: DisplaySource, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.locale = display.current.locale
        self.customer_id: int | None = None
        self.lines: list[HoldLine] = []
        self.options: CustomerReminders | None = None
        self.hold_dialog: HoldDialog | None = None
        self._filling = False
        self._edited = False

        self.holds = QListWidget()
        self.holds.setObjectName("customerHolds")
        self.holds.setWordWrap(True)
        self.holds.setSpacing(2)
        self.holds.setAlternatingRowColors(True)
        self.holds.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.holds.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.holds.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.promise_button = push_button("Promise to pay…", lambda: self.record_hold("promise"))
        self.dispute_button = push_button("Dispute…", lambda: self.record_hold("dispute"))
        self.resolve_button = push_button("Resolve…", self.resolve)
        self.message = plain_label(wrap=True)
        self.message.setObjectName("collectionsMessage")
        self.message.setVisible(False)

        self.policy = QComboBox()
        self.policy.setObjectName("reminderPolicy")
        self.pause = QCheckBox("Pause reminders until")
        self.pause.setObjectName("pauseReminders")
        self.pause_until = date_edit("pausedUntil")
        self.pause_until.setEnabled(False)
        self.pause.toggled.connect(self.pause_until.setEnabled)
        self.excluded = QCheckBox("Do not send reminders")
        self.excluded.setObjectName("excludeReminders")
        self.options_error = error_label("reminderOptions")
        self.save_button = push_button("Save", self.save_options)
        self.save_button.setEnabled(False)
        self.policy.currentIndexChanged.connect(lambda _i: self._mark_edited())
        self.pause.toggled.connect(lambda _on: self._mark_edited())
        self.pause_until.dateChanged.connect(lambda _d: self._mark_edited())
        self.excluded.toggled.connect(lambda _on: self._mark_edited())

        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        column.addWidget(self.holds, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in (self.promise_button, self.dispute_button, self.resolve_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.message)

        title = heading("Reminders")
        title.setContentsMargins(0, 8, 0, 0)
        column.addWidget(title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        caption = QLabel("&Policy")
        caption.setBuddy(self.policy)
        form.addRow(caption, self.policy)
        pause_row = QHBoxLayout()
        pause_row.setSpacing(8)
        pause_row.addWidget(self.pause)
        pause_row.addWidget(self.pause_until)
        pause_row.addStretch(1)
        form.addRow(pause_row)
        form.addRow(self.excluded)
        column.addLayout(form)
        save_row = QHBoxLayout()
        save_row.addWidget(self.options_error, 1)
        save_row.addStretch(0)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(save_row)
        self._update_buttons()

    # -- showing ------------------------------------------------------------------------------

    def show_customer(self, customer_id: int | None) -> None:
        """Show ``customer_id`` (the same one again: read it again, keeping unsaved options)."""
        if customer_id != self.customer_id:
            self._edited = False
            self.options_error.setVisible(False)
            self.message.setVisible(False)
        self.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        self.lines = [] if self.customer_id is None else customer_holds(self.ctx, self.customer_id)
        self._fill_holds()
        if self.customer_id is not None and not self._edited:
            self.options = customer_reminders(self.ctx, self.customer_id)
            self._fill_options(self.options)
        self._update_buttons()

    def open_count(self) -> int:
        """Open disputes and promises, broken ones included (for the tab's title)."""
        today = self.ctx.today()
        return sum(
            1 for x in self.lines if hold_state(x, today) in ("open", "broken", "partly kept")
        )

    def _fill_holds(self) -> None:
        selected = self.selected_line()
        self.holds.clear()
        today = self.ctx.today()
        for line in self.lines:
            state = hold_state(line, today)
            item = QListWidgetItem(self._hold_text(line, state))
            item.setData(HoldRole, line)
            if state in STATE_COLOR:
                item.setForeground(in_list(STATE_COLOR[state]))
            self.holds.addItem(item)
            if selected is not None and line.hold.id == selected.hold.id:
                self.holds.setCurrentItem(item)
        if not self.lines:
            self.holds.addItem(QListWidgetItem(NO_HOLDS))
            self.holds.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _hold_text(self, line: HoldLine, state: str) -> str:
        hold = line.hold
        head = f"{KIND_TEXT.get(hold.kind, hold.kind)}  ·  {state}  ·  {hold.invoice_number}"
        when = [f"since {format_date(hold.opened_on, self.locale)}"]
        if hold.until is not None:
            when.insert(0, f"pays by {format_date(hold.until, self.locale)}")
        if hold.resolved_on is not None:
            when.append(f"resolved {format_date(hold.resolved_on, self.locale)}")
        text = f"{head}\n{'  ·  '.join(when)}"
        outcome = promise_outcome(line, state, self.locale)
        text = f"{text}\n{outcome}" if outcome else text
        return f"{text}\n{hold.note}" if hold.note else text

    def hold_texts(self) -> list[str]:
        return [self.holds.item(i).text() for i in range(self.holds.count())]

    def _fill_options(self, options: CustomerReminders) -> None:
        self._filling = True
        try:
            self.policy.clear()
            records = list_policies(self.ctx)
            default = next((r.policy.name for r in records if r.is_default), DEFAULT_POLICY_NAME)
            self.policy.addItem(f"{default} (the default)", None)
            for record in records:
                if not record.is_default:
                    self.policy.addItem(record.policy.name, record.id)
            self.policy.setCurrentIndex(max(self.policy.findData(options.policy_id), 0))
            paused = options.paused_until
            self.pause.setChecked(paused is not None)
            self.pause_until.setEnabled(paused is not None)
            self.pause_until.setDate(_qdate(paused or self.ctx.today()))
            self.excluded.setChecked(options.excluded)
        finally:
            self._filling = False
        self._edited = False
        self.save_button.setEnabled(False)

    def _mark_edited(self) -> None:
        if not self._filling:
            self._edited = True
            self.save_button.setEnabled(self.customer_id is not None)

    def _update_buttons(self) -> None:
        shown = self.customer_id is not None
        line = self.selected_line()
        self.promise_button.setEnabled(shown)
        self.dispute_button.setEnabled(shown)
        self.resolve_button.setEnabled(line is not None and line.hold.resolved_on is None)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else HINT_STYLE)
        self.message.setVisible(True)

    # -- actions ------------------------------------------------------------------------------

    def selected_line(self) -> HoldLine | None:
        item = self.holds.currentItem()
        value = item.data(HoldRole) if item is not None else None
        return value if isinstance(value, HoldLine) else None

    def record_hold(self, kind: str) -> HoldDialog | None:
        """Record a promise to pay (``"promise"``) or a dispute (``"dispute"``)."""
        if self.customer_id is None:
            return None
        from arapp.ui.reminders.holds import HoldDialog  # not needed at start

        self.hold_dialog = HoldDialog(self.ctx, self.display.current, self.customer_id, kind, self)
        if self.hold_dialog.exec() and self.hold_dialog.record is not None:
            what = KIND_TEXT.get(kind, kind)
            number = self.hold_dialog.record.invoice_number
            their = "its" if len(self.hold_dialog.record.invoice_ids) < 2 else "their"
            self._say(f"{what} recorded on {number}; {their} reminders wait.")
            self.reload()
            self.changed.emit()
        return self.hold_dialog

    def resolve(self) -> None:
        """Resolve the selected dispute, or withdraw the selected promise."""
        line = self.selected_line()
        if line is None or line.hold.resolved_on is not None:
            return
        what = KIND_TEXT.get(line.hold.kind, line.hold.kind).lower()
        note = ask_reason(
            self,
            "Resolve",
            f"Resolve the {what} on invoice {line.hold.invoice_number}? "
            "Its reminders resume. Note (optional):",
            "Resolve",
        )
        if note is None:
            return
        try:
            resolve_hold(self.ctx, line.hold.id, note)
        except ServiceError as exc:
            self._say(str(exc), error=True)
            return
        self._say(f"Resolved on {line.hold.invoice_number}; its reminders resume.")
        self.reload()
        self.changed.emit()

    def save_options(self) -> None:
        """Apply the policy, pause and exclusion; a refusal shows under the options."""
        if self.customer_id is None:
            return
        policy_id = self.policy.currentData()
        paused = self.pause_until.date().toPython() if self.pause.isChecked() else None
        try:
            self.options = set_customer_reminders(
                self.ctx,
                self.customer_id,
                policy_id=None if policy_id is None else int(policy_id),
                paused_until=paused,
                excluded=self.excluded.isChecked(),
            )
        except InputErrors as exc:
            self._show_options_error("\n".join(e.message for e in exc.errors))
            return
        except ServiceError as exc:
            self._show_options_error(str(exc))
            return
        self.options_error.setVisible(False)
        self._fill_options(self.options)
        self._say("Reminder options saved.")
        self.changed.emit()

    def _show_options_error(self, text: str) -> None:
        self.options_error.setText(text)
        self.options_error.setVisible(True)
