# SPDX-License-Identifier: MIT
"""Log a call, note, e-mail, letter or meeting with a customer, with an optional follow-up day
(it comes back on the Collections Today page on that day)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QPlainTextEdit, QWidget

from arapp.services.context import AppContext
from arapp.services.customers import LOG_KINDS, LogEntryRecord, add_log_entry
from arapp.services.followups import HELD_KINDS
from arapp.ui.forms import FormDialog
from arapp.ui.widgets.dates import DATE_FORMAT

#: Kinds a person logs here (promises and disputes have their own dialog, on an invoice).
NOTE_KINDS = tuple(kind for kind in LOG_KINDS if kind not in HELD_KINDS)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class FollowUpField(QWidget):
    """ "Follow up on" with a day (a week from today unless changed); :meth:`day` is ``None``
    while unticked."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox("Follow &up on")
        self.check.setObjectName("followUpCheck")
        self.date = QDateEdit()
        self.date.setObjectName("followUpDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setMinimumDate(qdate(today))
        self.date.setDate(qdate(today + timedelta(days=7)))
        self.date.setEnabled(False)
        self.check.toggled.connect(self.date.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.date)
        row.addStretch(1)

    def day(self) -> date | None:
        return self.date.date().toPython() if self.check.isChecked() else None  # type: ignore[return-value]

    def reset(self) -> None:
        self.check.setChecked(False)


class NoteDialog(FormDialog):
    """What was said with a customer, its kind, and when to follow it up.

    Attributes:
        kind: note, call, e-mail, letter or meeting.
        summary: What was said or agreed.
        follow_up: The optional follow-up day.
        record: The entry written, once saved.
    """

    def __init__(
        self,
        ctx: AppContext,
        customer_id: int,
        customer_name: str,
        kind: str = "call",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Call or note: {customer_name}", parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.record: LogEntryRecord | None = None
        self.kind = QComboBox()
        self.kind.addItems(list(NOTE_KINDS))
        self.kind.setCurrentText(kind)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(90)
        self.summary.setPlaceholderText("What was said or agreed")
        self.follow_up = FollowUpField(ctx.today())
        self.add_rows(
            (
                ("&Kind", "kind", self.kind),
                ("&What", "summary", self.summary),
                ("", "follow_up", self.follow_up),
            )
        )
        self.finish(460)
        self.summary.setFocus()

    def save(self) -> None:
        kind, text, day = self.kind.currentText(), self.summary.toPlainText(), self.follow_up.day()
        self.record = self.saved(
            lambda: add_log_entry(self.ctx, self.customer_id, text, kind, follow_up=day)
        )
