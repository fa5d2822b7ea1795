# SPDX-License-Identifier: MIT
"""The run dialog's list: one row per message, expandable to the invoices it carries.

A message is one customer and one channel (:func:`group_messages` groups
:func:`~arapp.services.reminders.run.plan_run`'s reminders, one per invoice, by
``(customer_id, channel)``, as the engine writes them). E-mails and letters are in one section,
ticked; customers due to be handed to the collections agency are in their own section below,
never ticked by default, since that step is a person's decision. Ticking a message ticks its
invoices; unticking an invoice leaves it out of its message.

On big books a run holds tens of thousands of messages, so the list is a model over the plan
(:class:`MessageModel`): the ticks are one byte per invoice, rows are made only when the view
paints them, and ticking a section repaints once. Making 56,000 rows as items took 28 s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

from arapp.formatting import format_money
from arapp.services.reminders.run import DueReminder
from arapp.ui.reminders.common import CHANNEL_TEXT

Index = QModelIndex | QPersistentModelIndex
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SENDING, AGENCY = 0, 1  # the sections
AGENCY_OPEN_UP_TO = 500
_TOP = 0  # internal id of a section; 1 + section of a message; 3 + message of an invoice


_SECTION_FLAGS = Qt.ItemFlag.ItemIsEnabled
_ROW = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_TICK = Qt.ItemFlag.ItemIsUserCheckable
_LEAF = Qt.ItemFlag.ItemNeverHasChildren
# _FLAGS[is an invoice][is the first column]
_FLAGS = ((_ROW, _ROW | _TICK), (_ROW | _LEAF, _ROW | _LEAF | _TICK))


class Column(IntEnum):
    WHO = 0
    LEVEL = 1
    AMOUNT = 2
    WHEN = 3
    SEND_TO = 4


_COLUMNS = 5
HEADERS = {
    Column.WHO: "Customer / invoice",
    Column.LEVEL: "Level",
    Column.AMOUNT: "Amount due",
    Column.WHEN: "Due",
    Column.SEND_TO: "Send to",
}


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


@dataclass(frozen=True)
class Planned:
    """A plan made ready for the list off the GUI thread.

    Attributes:
        due: The reminders due, one per invoice.
        as_of: The day of the run.
        messages: :func:`group_messages` of ``due``.
        amounts: The widest amounts the list can show (:func:`widest_amounts`).
    """

    due: list[DueReminder]
    as_of: date
    messages: list[PlannedMessage]
    amounts: set[str]


def planned(due: list[DueReminder], as_of: date, locale: str) -> Planned:
    """Group ``due`` into messages and find the amounts to size the column by (worker)."""
    messages = group_messages(due)
    return Planned(due, as_of, messages, widest_amounts(due, messages, locale))


def widest_amounts(
    due: Sequence[DueReminder], messages: Sequence[PlannedMessage], locale: str
) -> set[str]:
    """The largest message total of each currency, written out (a message in several
    currencies: its whole text); the widest amount the list shows is among them."""
    largest: dict[str, Decimal] = {}
    texts = set()
    for message in messages:
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for i in message.reminders:
            totals[due[i].currency] += due[i].amount_due
        if len(totals) > 1:
            texts.add(", ".join(format_money(v, c, locale) for c, v in sorted(totals.items())))
        for currency, total in totals.items():
            largest[currency] = max(largest.get(currency, total), total)
    return texts | {format_money(v, c, locale) for c, v in largest.items()}


def due_in_words(due_date: date, as_of: date) -> str:
    """ "due in 3 days", "due tomorrow", "due today", "1 day overdue", "5 days overdue"."""
    days = (as_of - due_date).days
    if days == 0:
        return "due today"
    if days < 0:
        return "due tomorrow" if days == -1 else f"due in {-days} days"
    return f"{days} day{'s' if days != 1 else ''} overdue"


class MessageModel(QAbstractItemModel):
    """Two sections (to send; for the agency), their messages, each message's invoices.

    Attributes:
        due: The planned reminders (one per invoice).
        messages: The messages they make.
        sections: Message indexes of each section (:data:`SENDING`, :data:`AGENCY`).
        ticks: One byte per reminder: 1 when ticked.
    """

    def __init__(self, locale: str) -> None:
        super().__init__()
        self.locale = locale
        self.as_of = date.min  # set by fill
        self.due: list[DueReminder] = []
        self.messages: list[PlannedMessage] = []
        self.sections: tuple[list[int], list[int]] = ([], [])
        self._where: list[tuple[int, int]] = []  # message -> (section, row)
        self.ticks = bytearray()
        self._bold = QFont()
        self._bold.setBold(True)

    def fill(
        self, due: list[DueReminder], as_of: date, messages: list[PlannedMessage] | None = None
    ) -> None:
        """Show ``due`` as messages (``messages``: :func:`group_messages` of ``due``, made off
        the GUI thread): e-mails and letters ticked, agency hand-overs not."""
        self.beginResetModel()
        self.due, self.as_of = due, as_of
        self.messages = group_messages(due) if messages is None else messages
        self.sections = ([], [])
        self._where = []
        self.ticks = bytearray(len(due))
        for index, message in enumerate(self.messages):
            section = AGENCY if message.channel == "flag" else SENDING
            self._where.append((section, len(self.sections[section])))
            self.sections[section].append(index)
            if section == SENDING:
                for i in message.reminders:
                    self.ticks[i] = 1
        self.endResetModel()

    # -- the tree's shape ---------------------------------------------------------------------

    # Called for every row a view lays out (56,000 on big books): plain int arithmetic, no
    # hasIndex(), flags made once.

    def _children(self, kind: int, row: int) -> int:
        """How many rows are under row ``row`` of a parent of ``kind`` (its internal id)."""
        if kind == _TOP:
            return len(self.sections[row])
        if kind < 3:
            return len(self.messages[self.sections[kind - 1][row]].reminders)
        return 0

    def index(
        self,
        row: int,
        column: int,
        parent: Index = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if row < 0 or not 0 <= column < _COLUMNS:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < 2 else QModelIndex()
        kind, at = parent.internalId(), parent.row()
        if row >= self._children(kind, at):
            return QModelIndex()
        if kind == _TOP:
            return self.createIndex(row, column, 1 + at)
        return self.createIndex(row, column, 3 + self.sections[kind - 1][at])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        kind = child.internalId()
        if kind == _TOP:
            return QModelIndex()
        if kind < 3:
            return self.createIndex(kind - 1, 0, _TOP)
        section, row = self._where[kind - 3]
        return self.createIndex(row, 0, 1 + section)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return 2
        if parent.column() > 0:
            return 0
        return self._children(parent.internalId(), parent.row())

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        # sections and messages always have rows under them (a message has its invoices)
        return not parent.isValid() or (parent.column() == 0 and parent.internalId() < 3)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return _COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    # -- what a row is ------------------------------------------------------------------------

    def message_of(self, index: Index) -> int | None:
        """The message index of a message row, or of an invoice row's message."""
        if not index.isValid():
            return None
        kind = index.internalId()
        if kind == _TOP:
            return None
        if kind < 3:
            return self.sections[kind - 1][index.row()]
        return kind - 3

    def reminder_of(self, index: Index) -> int | None:
        """The reminder index of an invoice row."""
        kind = index.internalId() if index.isValid() else _TOP
        return self.messages[kind - 3].reminders[index.row()] if kind >= 3 else None

    def message_index(self, message: int, column: int = 0) -> QModelIndex:
        section, row = self._where[message]
        return self.index(row, column, self.index(section, 0))

    def section_index(self, section: int) -> QModelIndex:
        return self.index(section, 0)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        kind = index.internalId()
        if kind == _TOP:
            return _SECTION_FLAGS
        return _FLAGS[kind >= 3][index.column() == Column.WHO]

    def check_state(self, index: Index) -> Qt.CheckState:
        reminder = self.reminder_of(index)
        if reminder is not None:
            return CHECKED if self.ticks[reminder] else UNCHECKED
        message = self.message_of(index)
        assert message is not None
        ticked = sum(self.ticks[i] for i in self.messages[message].reminders)
        if ticked == 0:
            return UNCHECKED
        return CHECKED if ticked == len(self.messages[message].reminders) else (
            Qt.CheckState.PartiallyChecked
        )  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, column = index.internalId(), index.column()
        if kind == _TOP:
            if role == Qt.ItemDataRole.DisplayRole and column == Column.WHO:
                return self._section_title(index.row())
            return self._bold if role == Qt.ItemDataRole.FontRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index)
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.WHO:
            return self.check_state(index)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.AMOUNT:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.WHO and kind < 3:
            return self.messages[self.sections[kind - 1][index.row()]].customer_name
        return None

    def _section_title(self, section: int) -> str:
        n = len(self.sections[section])
        if section == SENDING:
            return f"Messages to send: {n}" if n else "Messages to send: none"
        if not n:
            return "Hand to the collections agency: none"
        return f"Hand to the collections agency: {n} (not ticked: tick the ones to mark)"

    def text(self, index: Index) -> str:
        """What a message or invoice row shows in its column."""
        column = index.column()
        reminder = self.reminder_of(index)
        if reminder is not None:
            d = self.due[reminder]
            return {
                Column.WHO: d.invoice_number,
                Column.LEVEL: d.level_name,
                Column.AMOUNT: format_money(d.amount_due, d.currency, self.locale),
                Column.WHEN: due_in_words(d.due_date, self.as_of),
            }.get(Column(column), "")
        message = self.message_of(index)
        assert message is not None
        return self.message_text(message, Column(column))

    def message_text(self, message: int, column: Column) -> str:
        m = self.messages[message]
        items = [self.due[i] for i in m.reminders]
        if column == Column.WHO:
            n = len(items)
            return m.customer_name if n == 1 else f"{m.customer_name} ({n} invoices)"
        if column == Column.LEVEL:
            return max(items, key=lambda d: d.level).level_name
        if column == Column.AMOUNT:
            totals: dict[str, Decimal] = defaultdict(Decimal)
            for d in items:
                totals[d.currency] += d.amount_due
            return ", ".join(format_money(v, c, self.locale) for c, v in sorted(totals.items()))
        if column == Column.WHEN:
            return due_in_words(min(d.due_date for d in items), self.as_of)
        return m.recipient or CHANNEL_TEXT.get(m.channel, m.channel)

    # -- ticks --------------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != Column.WHO:
            return False
        on = (value.value if isinstance(value, Qt.CheckState) else int(value)) == CHECKED.value
        reminder = self.reminder_of(index)
        message = self.message_of(index)
        if message is None:
            return False
        if reminder is not None:
            self.ticks[reminder] = int(on)
            here = self.message_index(message)
            self.dataChanged.emit(here, here, [role])
            self.dataChanged.emit(index, index, [role])
        else:
            for i in self.messages[message].reminders:
                self.ticks[i] = int(on)
            self.dataChanged.emit(index, index, [role])
            count = len(self.messages[message].reminders)
            self.dataChanged.emit(self.index(0, 0, index), self.index(count - 1, 0, index), [role])
        return True

    def tick_section(self, section: int, on: bool) -> None:
        """Tick or untick every message of ``section`` (one repaint)."""
        rows = self.sections[section]
        for message in rows:
            for i in self.messages[message].reminders:
                self.ticks[i] = int(on)
        if rows:
            parent = self.section_index(section)
            self.dataChanged.emit(
                self.index(0, 0, parent),
                self.index(len(rows) - 1, 0, parent),
                [Qt.ItemDataRole.CheckStateRole],
            )

    def ticked(self, messages: Sequence[int] | None = None) -> list[DueReminder]:
        """The ticked invoices' reminders (of ``messages``, default all), in plan order."""
        if messages is None:
            return [d for d, on in zip(self.due, self.ticks, strict=True) if on]
        chosen = sorted(i for m in messages for i in self.messages[m].reminders if self.ticks[i])
        return [self.due[i] for i in chosen]


class MessageTree(QTreeView):
    """The view of a :class:`MessageModel`; section rows span the columns.

    Attributes:
        model_: The model (``model()`` typed).
    """

    def __init__(self, locale: str) -> None:
        super().__init__()
        self.setObjectName("reminderMessages")
        self.model_ = MessageModel(locale)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)  # tens of thousands of rows: no per-row sizing
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(True)  # the address takes what is left
        # Widths are set from the texts once per fill (_fit_columns), never "to contents":
        # that would measure every row on each change.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def fill(self, plan: Planned) -> None:
        """Show a plan read by :func:`planned` (off the GUI thread)."""
        self.model_.fill(plan.due, plan.as_of, plan.messages)
        for section in (SENDING, AGENCY):
            self.setFirstColumnSpanned(section, QModelIndex(), True)
        # Laying out an open section asks the model about each of its rows (~1 s for 30,000
        # on a loaded machine): a long agency list stays closed, its heading gives the count.
        self.expand(self.model_.section_index(SENDING))
        if len(self.model_.sections[AGENCY]) <= AGENCY_OPEN_UP_TO:
            self.expand(self.model_.section_index(AGENCY))
        self._fit_columns(plan.amounts)

    def _fit_columns(self, amounts: set[str]) -> None:
        """Every level name and due word in full (few distinct texts: each measured once)."""
        metrics = self.fontMetrics()
        pad = 3 * metrics.averageCharWidth()
        model = self.model_

        def widest(texts: set[str]) -> int:
            return max(metrics.horizontalAdvance(t) for t in texts) + pad

        header = self.header()
        header.resizeSection(Column.LEVEL, widest({d.level_name for d in model.due} | {"Level"}))
        header.resizeSection(Column.AMOUNT, widest(amounts | {"Amount due"}))
        header.resizeSection(Column.WHEN, widest({"123 days overdue"}))
        header.resizeSection(Column.WHO, max(280, self.width() // 3))

    @property
    def due(self) -> list[DueReminder]:
        return self.model_.due

    @property
    def messages(self) -> list[PlannedMessage]:
        return self.model_.messages

    def ticked(self, messages: Sequence[int] | None = None) -> list[DueReminder]:
        return self.model_.ticked(messages)

    def tick_all(self, on: bool) -> None:
        """Tick or untick every e-mail and letter (the agency's stay as they are)."""
        self.model_.tick_section(SENDING, on)

    def current_message(self) -> tuple[int, int | None] | None:
        """The selected message and the selected invoice's reminder, if an invoice is."""
        index = self.currentIndex()
        message = self.model_.message_of(index)
        return None if message is None else (message, self.model_.reminder_of(index))
