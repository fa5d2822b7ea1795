# SPDX-License-Identifier: MIT
"""The run dialog's list: one row per message, expandable to the invoices it carries.

A message is one customer and one channel (:func:`group_messages` groups
:func:`~arapp.services.reminders.run.plan_run`'s reminders, one per invoice, by
``(customer_id, channel)``, as the engine writes them). E-mails and letters are in one section,
ticked; customers due to be handed to the collections agency are in their own section below,
never ticked by default, since that step is a person's decision. Ticking a message ticks its
invoices (Qt's auto-tristate); unticking an invoice leaves it out of its message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from arapp.formatting import format_money
from arapp.services.reminders.run import DueReminder
from arapp.ui.reminders.common import CHANNEL_TEXT

ReminderRole = Qt.ItemDataRole.UserRole + 1
"""Role of an invoice row: its index in :attr:`MessageTree.due`."""
MessageRole = Qt.ItemDataRole.UserRole + 2
"""Role of a message row: its index in :attr:`MessageTree.messages`."""


class Column(IntEnum):
    WHO = 0
    LEVEL = 1
    AMOUNT = 2
    WHEN = 3
    SEND_TO = 4


HEADERS = {
    Column.WHO: "Customer / invoice",
    Column.LEVEL: "Level",
    Column.AMOUNT: "Amount due",
    Column.WHEN: "Due",
    Column.SEND_TO: "Send to",
}


def _row(texts: dict[Column, str]) -> QTreeWidgetItem:
    return QTreeWidgetItem([texts.get(c, "") for c in Column])


@dataclass(frozen=True)
class PlannedMessage:
    """One message of the run: a customer, a channel, the invoices it would carry.

    Attributes:
        customer_id: The customer.
        customer_name: For people.
        channel: ``email``, ``letter`` or ``flag``.
        recipient: The e-mail address(es), or empty.
        reminders: Indexes into the planned reminders, in their order.
    """

    customer_id: int
    customer_name: str
    channel: str
    recipient: str
    reminders: tuple[int, ...]


def group_messages(due: Sequence[DueReminder]) -> list[PlannedMessage]:
    """The messages ``due`` makes, one per ``(customer_id, channel)``, in the order of each
    message's first reminder."""
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for index, d in enumerate(due):
        groups[(d.customer_id, d.channel)].append(index)
    return [
        PlannedMessage(
            customer_id, due[ids[0]].customer_name, channel, due[ids[0]].recipient, tuple(ids)
        )
        for (customer_id, channel), ids in groups.items()
    ]


def due_in_words(due_date: date, as_of: date) -> str:
    """ "due in 3 days", "due today", "1 day overdue", "5 days overdue"."""
    days = (as_of - due_date).days
    if days == 0:
        return "due today"
    if days < 0:
        return "due tomorrow" if days == -1 else f"due in {-days} days"
    return f"{days} day{'s' if days != 1 else ''} overdue"


def _money(amounts: dict[str, Decimal], locale: str) -> str:
    return ", ".join(format_money(v, c, locale) for c, v in sorted(amounts.items()))


class MessageTree(QTreeWidget):
    """The messages of a run in two sections, each message expandable to its invoices.

    Attributes:
        due: The planned reminders (one per invoice), as :func:`plan_run` returned them.
        messages: The messages they make (:func:`group_messages`).
        sending: The section of e-mails and letters (ticked).
        agency: The section of customers for the collections agency (not ticked).
    """

    def __init__(self, locale: str) -> None:
        super().__init__()
        self.setObjectName("reminderMessages")
        self.locale = locale
        self.due: list[DueReminder] = []
        self.messages: list[PlannedMessage] = []
        self._rows: list[QTreeWidgetItem] = []
        self.setColumnCount(len(Column))
        self.setHeaderLabels([HEADERS[c] for c in Column])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)  # thousands of rows on big books: no per-row sizing
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(True)  # the address takes what is left
        # Widths are set from the texts once per fill (_fit_columns), never "to contents" per
        # row: on big books that would measure every row on each change.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.sending = self._section("")
        self.agency = self._section("")

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(Column.WHO, font)
        self.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        return item

    def fill(self, due: list[DueReminder], as_of: date) -> None:
        """Show ``due`` as messages: e-mails and letters ticked, agency hand-overs not."""
        self.due = due
        self.messages = group_messages(due)
        self.setUpdatesEnabled(False)
        try:
            for section in (self.sending, self.agency):
                section.takeChildren()
            rows: dict[bool, list[QTreeWidgetItem]] = {True: [], False: []}
            self._rows = []
            for index, message in enumerate(self.messages):
                is_flag = message.channel == "flag"
                self._rows.append(self._message_row(index, message, as_of, not is_flag))
                rows[is_flag].append(self._rows[-1])
            self.sending.addChildren(rows[False])
            self.agency.addChildren(rows[True])
            n, m = len(rows[False]), len(rows[True])
            self.sending.setText(
                Column.WHO, f"Messages to send: {n}" if n else "Messages to send: none"
            )
            self.agency.setText(
                Column.WHO,
                f"Hand to the collections agency: {m} (not ticked: tick the ones to mark)"
                if m
                else "Hand to the collections agency: none",
            )
            self.sending.setExpanded(True)
            self.agency.setExpanded(True)
            self._fit_columns()
        finally:
            self.setUpdatesEnabled(True)

    def _message_row(
        self, index: int, message: PlannedMessage, as_of: date, ticked: bool
    ) -> QTreeWidgetItem:
        items = [self.due[i] for i in message.reminders]
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for d in items:
            totals[d.currency] += d.amount_due
        oldest = min(items, key=lambda d: d.due_date)
        top = max(items, key=lambda d: d.level)
        count = len(items)
        name = message.customer_name
        who = name if count == 1 else f"{name} ({count} invoices)"
        row = _row(
            {
                Column.WHO: who,
                Column.LEVEL: top.level_name,
                Column.AMOUNT: _money(totals, self.locale),
                Column.WHEN: due_in_words(oldest.due_date, as_of),
                Column.SEND_TO: message.recipient
                or CHANNEL_TEXT.get(message.channel, message.channel),
            }
        )
        row.setData(Column.WHO, MessageRole, index)
        row.setToolTip(Column.WHO, name)
        row.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsAutoTristate
        )
        row.setTextAlignment(
            Column.AMOUNT, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        children = []
        for i, d in zip(message.reminders, items, strict=True):
            child = _row(
                {
                    Column.WHO: d.invoice_number,
                    Column.LEVEL: d.level_name,
                    Column.AMOUNT: format_money(d.amount_due, d.currency, self.locale),
                    Column.WHEN: due_in_words(d.due_date, as_of),
                }
            )
            child.setData(Column.WHO, ReminderRole, i)
            child.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemNeverHasChildren
            )
            child.setTextAlignment(
                Column.AMOUNT, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            child.setCheckState(Column.WHO, state)
            children.append(child)
        row.addChildren(children)
        row.setCheckState(Column.WHO, state)
        return row

    def _fit_columns(self) -> None:
        """Every level name and date in full (a few distinct texts: measured once each)."""
        metrics = self.fontMetrics()
        pad = 3 * metrics.averageCharWidth()

        def widest(texts: Iterable[str], at_least: str) -> int:
            return max(metrics.horizontalAdvance(t) for t in {*texts, at_least}) + pad

        header = self.header()
        header.resizeSection(Column.LEVEL, widest((d.level_name for d in self.due), "Level"))
        amounts = (row.text(Column.AMOUNT) for row in self._rows)
        header.resizeSection(Column.AMOUNT, widest(amounts, "Amount due"))
        header.resizeSection(Column.WHEN, widest([], "123 days overdue"))
        header.resizeSection(Column.WHO, max(280, self.width() // 3))

    # -- reading the ticks ----------------------------------------------------------------------

    def message_rows(self) -> list[QTreeWidgetItem]:
        """Every message row, e-mails and letters first, then the agency's."""
        return [s.child(i) for s in (self.sending, self.agency) for i in range(s.childCount())]

    def message_row(self, index: int) -> QTreeWidgetItem:
        """The row of message ``index`` (of :attr:`messages`)."""
        return self._rows[index]

    def ticked(self, rows: Iterable[QTreeWidgetItem] | None = None) -> list[DueReminder]:
        """The ticked invoices' reminders (of ``rows``, default every message), in plan order."""
        chosen = []
        for row in self.message_rows() if rows is None else rows:
            for i in range(row.childCount()):
                child = row.child(i)
                if child.checkState(Column.WHO) == Qt.CheckState.Checked:
                    chosen.append(int(child.data(Column.WHO, ReminderRole)))
        return [self.due[i] for i in sorted(chosen)]

    def tick_all(self, on: bool) -> None:
        """Tick or untick every e-mail and letter (the agency's stay as they are)."""
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.sending.childCount()):
            self.sending.child(i).setCheckState(Column.WHO, state)

    def current_message(self) -> tuple[int, DueReminder] | None:
        """The selected message (or the message of the selected invoice) and the reminder to
        preview it by: the selected invoice, or the message's first."""
        item = self.currentItem()
        if item is None:
            return None
        index = item.data(Column.WHO, MessageRole)
        if index is None and item.parent() is not None:
            parent_index = item.parent().data(Column.WHO, MessageRole)
            if parent_index is not None:
                return int(parent_index), self.due[int(item.data(Column.WHO, ReminderRole))]
        if index is None:
            return None
        return int(index), self.due[self.messages[int(index)].reminders[0]]
