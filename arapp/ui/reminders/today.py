# SPDX-License-Identifier: MIT
"""The Today page of the Collections tab: who to chase first and what needs a decision.

Sections: overdue customers ranked by amount x days (with Call/Note…, Put on hold, Statement…,
Promise…, Dispute…), early warnings (:mod:`.alerts`, read on their own worker), promises due
today and broken, open disputes, follow-ups due (Done),
reminders waiting (due now, and what waits in the Outbox: :mod:`.waiting`), broken payment
plans. Everything is read in one go off the GUI thread
(:func:`load_today`) when the page is shown and after events that may change it; each section
says "Loading…" until the first read has arrived, then "Nothing here" when empty (never before:
on big books the read takes a while, and an empty list would be a false all-clear).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.customer import CustomerStatus
from arapp.domain.segments import Segment
from arapp.formatting import format_date, format_money
from arapp.services.agency import agency_package, take_back
from arapp.services.context import AppContext
from arapp.services.customers import set_status
from arapp.services.delivery.outbox import deliveries_waiting
from arapp.services.errors import ServiceError
from arapp.services.events import Entity, Event
from arapp.services.followups import FollowUp, complete_follow_up, follow_ups_due
from arapp.services.plans import PlanRecord, broken_plans
from arapp.services.reminders.holds import resolve_hold
from arapp.services.reminders.mailer import account_problem
from arapp.services.reminders.outbox import outbox_waiting
from arapp.services.reminders.overview import HoldLine, HoldOverview, hold_overview, hold_state
from arapp.services.reminders.run import plan_run
from arapp.services.segments import segments_as_of
from arapp.services.worklist import OverdueCustomer, overdue_customers
from arapp.ui.bridge import EventBridge
from arapp.ui.customers.note_dialog import NoteDialog
from arapp.ui.dialog_parts import push_button, small_table, text_item
from arapp.ui.display import DisplaySource, refreshes_display
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.prompts import ask_reason
from arapp.ui.reminders.alerts import AlertsSection
from arapp.ui.reminders.common import heading, hint_label, promise_outcome
from arapp.ui.reminders.holds import HoldDialog
from arapp.ui.reminders.waiting import Waiting, WaitingBox
from arapp.ui.segments import chosen_segment, segment_combo
from arapp.ui.statement_save import save_statement
from arapp.ui.worker import run_in_background

OVERDUE_LIMIT = 50
NOTHING = "Nothing here."
LOADING = "Loading…"
NOT_READ = "Not read: see the message above."
_REFRESHED_BY = (
    Entity.CUSTOMER,
    Entity.SEGMENT,
    Entity.INVOICE,
    Entity.PAYMENT,
    Entity.OUTBOX_MESSAGE,
    Entity.PAYMENT_PLAN,
    Entity.SETTING,
)
OVERDUE_HEADERS = ("Customer", "Overdue", "Oldest (days)", "Invoices", "Average (days)", "State")
AVERAGE_TIP = (
    "How late the overdue money is on average, each invoice counted by its amount: the list is "
    "ranked by amount times days late."
)


@dataclass(frozen=True)
class TodayData:
    """Everything the page shows, read off the GUI thread.

    Attributes:
        as_of: The day.
        segment: The segment the overdue customers and alerts are of (``None``: all).
        segments_as_of: The day the kept segments are of (``None``: never worked out).
        overdue: Overdue customers, most pressing first.
        holds: Promises due and broken, open disputes.
        reminders: Reminders due now and what waits in the Outbox.
        plans: Broken payment plans.
        follow_ups: Calls and notes whose follow-up day has come.
    """

    as_of: date
    segment: Segment | None
    segments_as_of: date | None
    overdue: list[OverdueCustomer]
    holds: HoldOverview
    reminders: Waiting
    plans: list[PlanRecord]
    follow_ups: list[FollowUp]


def load_today(ctx: AppContext, as_of: date, segment: Segment | None = None) -> TodayData:
    """Read the page's sections (runs on a worker thread); ``segment``: only the overdue
    customers of that segment."""
    return TodayData(
        as_of,
        segment,
        segments_as_of(ctx),
        overdue_customers(ctx, as_of, OVERDUE_LIMIT, segment),
        hold_overview(ctx, as_of),
        _reminders(ctx, as_of),
        broken_plans(ctx, as_of),
        follow_ups_due(ctx, as_of),
    )


def _reminders(ctx: AppContext, as_of: date) -> Waiting:
    due = plan_run(ctx, as_of, kept_segments_will_do=True)  # a count: a moment behind will do
    waiting = outbox_waiting(ctx)
    documents = deliveries_waiting(ctx)
    unsent = waiting.queued + waiting.retrying + documents.queued + documents.retrying
    problem = account_problem(ctx) if unsent else None
    messages = len({(d.customer_id, d.channel) for d in due})
    agency = len({d.customer_id for d in due if d.channel == "flag"})
    why = str(problem) if problem is not None else ""
    return Waiting(messages, len(due), waiting, why, agency, documents)


class Section(QWidget):
    """A heading, a table (hidden when empty) and "Nothing here", and a row of buttons.

    Attributes:
        filled: ``Signal()``, rows were shown (the page gives the room to the sections with rows).
    """

    filled = Signal()

    def __init__(self, title: str, headers: tuple[str, ...], name: str) -> None:
        super().__init__()
        self.table: QTableWidget = small_table(headers, name)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(120)
        self.table.setVisible(False)
        self.empty = hint_label(LOADING)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addWidget(heading(title), 1)
        column.addLayout(self.header)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        column.addLayout(self.buttons)
        column.addStretch(0)  # takes the room of an empty table

    def fill(self, rows: list[tuple[object, ...]], right: tuple[int, ...] = ()) -> None:
        self.empty.setText(NOTHING)
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, text_item(str(text), right=c in right))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.enable_buttons(bool(rows))
        self.show_buttons(bool(rows))  # an empty section is its heading and one line
        self.filled.emit()

    def show_buttons(self, on: bool) -> None:
        for i in range(self.buttons.count()):
            button = self.buttons.itemAt(i).widget()
            if button is not None:
                button.setVisible(on)

    def enable_buttons(self, on: bool) -> None:
        for i in range(self.buttons.count()):
            button = self.buttons.itemAt(i).widget()
            if button is not None:
                button.setEnabled(on)

    def row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None


class TodayPage(QWidget):
    """Today's collections work.

    Attributes:
        data: What was last read, or ``None`` before the first read.
        loading: Whether a read is under way.
        overdue: Overdue customers; ``promises``, ``disputes``, ``plans`` the other sections.
        run_requested: ``Signal()``: open the reminder run dialog, please.
        outbox_requested: ``Signal()``: open the outbox, please.
        message: The last action's outcome or error.
        display: The window's display source; the page follows its locale on a company event.
    """

    run_requested = Signal()
    outbox_requested = Signal()

    def __init__(
        self,
        ctx: AppContext,
        display: DisplaySource,
        bridge: EventBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.locale = display.current.locale
        self.data: TodayData | None = None
        self.loading = False
        self._again = False
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(150)  # one read for a burst of events
        self._refresh.timeout.connect(self.reload)
        if bridge is not None:
            bridge.changed.connect(self._on_event)

        self.overdue = Section("Overdue customers, most pressing first", OVERDUE_HEADERS, "overdue")
        self.overdue.table.horizontalHeaderItem(4).setToolTip(AVERAGE_TIP)
        self._build_segment_filter()
        for text, slot in (
            ("Call/&Note…", self.add_note),
            ("P&ut on hold", self.put_on_hold),
            ("&Statement…", self.save_statement),
            ("&Promise…", lambda: self.record_hold("promise")),
            ("&Dispute…", lambda: self.record_hold("dispute")),
            ("Hand to &agency…", self.hand_to_agency),
            ("Take &back…", self.take_back),
        ):
            self.overdue.buttons.addWidget(push_button(text, slot))
        self.overdue.buttons.addStretch(1)
        self.promises = Section(
            "Promises due today and broken",
            ("Customer", "Invoice", "Promised by", "Amount due", "State"),
            "promises",
        )
        self.disputes = Section(
            "Disputes open", ("Customer", "Invoice", "Opened", "Note"), "disputes"
        )
        # One letter each: both sections show at once (Alt+R, Alt+L).
        for section, text in ((self.promises, "&Resolve…"), (self.disputes, "Reso&lve…")):
            section.buttons.addWidget(push_button(text, lambda s=section: self.resolve(s)))
            section.buttons.addStretch(1)
        self.alerts = AlertsSection(ctx, display)
        self.alerts.said.connect(self._say)
        self.plans = Section(
            "Broken payment plans", ("Customer", "Missed", "Left", "Agreed"), "brokenPlans"
        )
        self.follow_ups = Section(
            "Follow-ups due", ("Customer", "Due", "Kind", "Note"), "followUps"
        )
        self.follow_ups.buttons.addWidget(push_button("D&one", self.follow_up_done))
        self.follow_ups.buttons.addStretch(1)
        reminders = WaitingBox(LOADING, self.run_requested.emit, self.outbox_requested.emit)
        self.reminders = reminders
        self.waiting = reminders.text
        self.run_button, self.outbox_button = reminders.run_button, reminders.outbox_button

        self.message = plain_label(wrap=True, selectable=True)
        self.message.setObjectName("todayMessage")
        self.message.setVisible(False)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(4, 8, 4, 8)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        grid.addWidget(self.message, 0, 0, 1, 2)
        grid.addWidget(self.overdue, 1, 0, 1, 2)
        grid.addWidget(self.alerts, 2, 0, 1, 2)
        grid.addWidget(self.promises, 3, 0)
        grid.addWidget(self.disputes, 3, 1)
        grid.addWidget(self.follow_ups, 4, 0)
        grid.addWidget(self.plans, 4, 1)
        grid.addWidget(reminders, 5, 0, 1, 2)
        self.grid = grid
        self._share_room()
        for section in self.sections():
            section.filled.connect(self._share_room)
        self.alerts.filled.connect(self._share_room)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        for section in self.sections():
            section.enable_buttons(False)  # nothing to act on before the first read

    def _build_segment_filter(self) -> None:
        """The segment filter and the day the segments are of, beside the overdue heading."""
        self.segment_filter = segment_combo("todaySegment")
        self.segment_filter.setToolTip(
            "Show only the overdue customers and alerts of one payment-behaviour segment"
        )
        self.segment_filter.currentIndexChanged.connect(lambda _i: self._segment_chosen())
        self.segments_note = hint_label("")
        self.segments_note.setObjectName("todaySegmentsNote")
        self.segments_note.setWordWrap(False)  # one short line beside the filter
        self.overdue.header.addWidget(self.segments_note)
        self.overdue.header.addWidget(self.segment_filter)

    def _share_room(self) -> None:
        """The room goes to the sections with rows, most to the chase list (what the page is
        for); an empty section keeps one line ("Nothing here.") instead of a share."""
        for row, stretch, sections in (
            (1, 6, (self.overdue,)),
            (2, 3, (self.alerts,)),
            (3, 2, (self.promises, self.disputes)),
            (4, 2, (self.follow_ups, self.plans)),
        ):
            shown = any(not s.table.isHidden() for s in sections)
            self.grid.setRowStretch(row, stretch if shown else 0)

    def sections(self) -> tuple[Section, ...]:
        return (self.overdue, self.promises, self.disputes, self.follow_ups, self.plans)

    # -- reading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def _on_event(self, event: Event) -> None:
        relocated = refreshes_display(event) and self.display.current.locale != self.locale
        if relocated:  # the company's locale changed: every amount and date is written again
            self.locale = self.display.current.locale
        if (relocated or event.entity in _REFRESHED_BY) and self.isVisible():
            self._refresh.start()

    def reload(self) -> None:
        """Read every section again (off the GUI thread)."""
        if self.loading:
            self._again = True
            return
        self.loading = True
        ctx, as_of, segment = self.ctx, self.ctx.today(), chosen_segment(self.segment_filter)
        run_in_background(self, lambda: load_today(ctx, as_of, segment), self._loaded, self._failed)
        self.alerts.segment = segment
        self.alerts.reload()  # on a worker of its own: the other sections do not wait for it

    def _segment_chosen(self) -> None:
        self.overdue.empty.setText(LOADING)
        self.reload()

    def _done_loading(self) -> None:
        self.loading = False
        if self._again:
            self._again = False
            self.reload()

    def _failed(self, exc: Exception) -> None:
        self._say(f"Today's work could not be read: {exc}", error=True)
        if self.data is None:  # no longer loading, and nothing is known to be empty
            for section in self.sections():
                section.empty.setText(NOT_READ)
            self.reminders.show_text(NOT_READ)
        self._done_loading()

    def _loaded(self, data: TodayData) -> None:
        self.data = data
        money, day = self._money, self._date
        self.segments_note.setText(self._segments_note(data))
        self.overdue.fill(
            [
                (c.name, money(c.overdue, c.currency), c.oldest_days, c.invoices,
                 _average_days(c), _state(c))
                for c in data.overdue
            ],
            right=(1, 2, 3, 4),
        )  # fmt: skip
        self._promise_lines = [*data.holds.promises_due, *data.holds.promises_broken]
        self.promises.fill(
            [
                (x.customer_name, x.hold.invoice_number, day(x.hold.until),
                 money(x.amount_due, x.currency), _promise_state(x, data.as_of, self.locale))
                for x in self._promise_lines
            ],
            right=(3,),
        )  # fmt: skip
        self.disputes.fill(
            [
                (x.customer_name, x.hold.invoice_number, day(x.hold.opened_on), x.hold.note)
                for x in data.holds.disputes
            ]
        )
        self.plans.fill(
            [
                (p.customer_name, len(p.missed), money(p.left, p.currency), day(p.agreed_on))
                for p in data.plans
            ],
            right=(1, 2),
        )
        self.follow_ups.fill(
            [
                (f.name, day(f.due) if f.days_late == 0 else f"{day(f.due)} ({f.days_late} d late)",
                 f.kind, f.summary.replace("\n", " "))
                for f in data.follow_ups
            ]
        )  # fmt: skip
        self.reminders.fill(data.reminders, NOTHING)
        self._done_loading()

    def _segments_note(self, data: TodayData) -> str:
        """The day the segments a filter goes by are of."""
        if data.segments_as_of is None:
            return "Segments not worked out yet"
        if data.segments_as_of == data.as_of:
            return "Segments as of today"
        return f"Segments as of {format_date(data.segments_as_of, self.locale)}"

    def _money(self, amount: Decimal, currency: str) -> str:
        return format_money(amount, currency, self.locale)

    def _date(self, day: date | None) -> str:
        return format_date(day, self.locale) if day else ""

    # -- actions ------------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setVisible(bool(text))
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def selected_customer(self) -> OverdueCustomer | None:
        row = self.overdue.row()
        return self.data.overdue[row] if self.data is not None and row is not None else None

    def add_note(self) -> None:
        """Log a call or note with the selected customer, with an optional follow-up day."""
        c = self.selected_customer()
        if c is None:
            return
        dialog = NoteDialog(self.ctx, c.customer_id, c.name, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.record is None:
            return
        follow = dialog.record.follow_up
        then = f"; follow up on {self._date(follow)}" if follow else ""
        self._say(f"Logged with {c.name}{then}.")

    def follow_up_done(self) -> None:
        """Mark the selected follow-up done."""
        row = self.follow_ups.row()
        if self.data is None or row is None:
            return
        item = self.data.follow_ups[row]
        try:
            complete_follow_up(self.ctx, item.entry_id)
        except ServiceError as exc:
            self._say(str(exc), error=True)
            return
        self._say(f"Follow-up with {item.name} done.")

    def put_on_hold(self) -> None:
        """Put the selected customer on credit hold (with a reason for the audit log)."""
        c = self.selected_customer()
        if c is None:
            return
        reason = ask_reason(
            self, "Put on credit hold", f"Put {c.name} on credit hold? Why?", "Put on hold"
        )
        if reason is None:
            return
        try:
            set_status(self.ctx, c.customer_id, CustomerStatus.CREDIT_HOLD, reason)
        except ServiceError as exc:
            self._say(str(exc), error=True)
            return
        self._say(f"{c.name} is on credit hold.")

    def save_statement(self) -> None:
        """Save the selected customer's statement (last 90 days) as a PDF."""
        c = self.selected_customer()
        if c is not None:
            said = save_statement(self, self.ctx, c.customer_id, c.code)
            if said is not None:
                self._say(*said)

    def hand_to_agency(self, path: str = "") -> None:
        """Save the selected customer's collections-agency package (statement, open items,
        contact log) as a zip; the hand-over goes into the audit and contact logs."""
        c = self.selected_customer()
        if c is None:
            return
        if not path:
            name = f"Collections {c.code} {self.ctx.today().isoformat()}.zip"
            path, _ = QFileDialog.getSaveFileName(self, "Hand to agency", name, "Zip (*.zip)")
        if not path:
            return
        try:
            written = agency_package(self.ctx, c.customer_id, Path(path))
        except (ServiceError, OSError) as exc:
            self._say(f"The agency package was not saved: {exc}", error=True)
            return
        self._say(
            f"{c.name} handed to the agency: {written}. No reminders or late fees until you "
            "take them back."
        )

    def take_back(self) -> None:
        """Take the selected customer back from the agency: reminders and fees resume."""
        c = self.selected_customer()
        if c is None:
            return
        if c.agency_since is None:
            self._say(f"{c.name} is not with the collections agency.", error=True)
            return
        note = ask_reason(
            self, "Take back", f"Take {c.name} back from the agency? Note:", "Take back"
        )
        if note is None:
            return
        try:
            take_back(self.ctx, c.customer_id, note)
        except ServiceError as exc:
            self._say(str(exc), error=True)
            return
        self._say(f"{c.name} taken back from the agency; reminders and late fees resume.")

    def record_hold(self, kind: str) -> HoldDialog | None:
        """Record a promise or a dispute for the selected customer."""
        c = self.selected_customer()
        if c is None:
            return None
        dialog = HoldDialog(self.ctx, self.display.current, c.customer_id, kind, self)
        if dialog.exec() and dialog.record is not None:
            what = "Promise" if kind == "promise" else "Dispute"
            self._say(f"{what} recorded on {dialog.record.invoice_number}; reminders wait.")
        return dialog

    def resolve(self, section: Section) -> None:
        """Resolve the selected dispute, or withdraw the selected promise."""
        row = section.row()
        if self.data is None or row is None:
            return
        lines: list[HoldLine] = (
            self._promise_lines if section is self.promises else list(self.data.holds.disputes)
        )
        line = lines[row]
        note = ask_reason(
            self, "Resolve", f"Resolve this on invoice {line.hold.invoice_number}? Note:", "Resolve"
        )
        if note is None:
            return
        try:
            resolve_hold(self.ctx, line.hold.id, note)
        except ServiceError as exc:
            self._say(str(exc), error=True)
            return
        self._say(f"Resolved on {line.hold.invoice_number}; its reminders resume.")


def _promise_state(line: HoldLine, as_of: date, locale: str) -> str:
    """``"due today"``, ``"broken"``, or ``"Partly kept: €300.00 of €500.00"``."""
    state = hold_state(line, as_of)
    if state == "partly kept":
        return promise_outcome(line, state, locale)
    return "due today" if line.hold.until == as_of else "broken"


def _average_days(c: OverdueCustomer) -> str:
    """Days late on average, each overdue invoice counted by its amount (the ranking's
    amount x days over the amount): a number of days a shop owner can read, not money."""
    if c.overdue <= 0:
        return ""
    return str(int((c.weight / c.overdue).to_integral_value()))


def _state(c: OverdueCustomer) -> str:
    if c.agency_since is not None:
        return "with agency"
    if c.status == "credit_hold":
        return "on credit hold"
    return "hold suggested" if c.hold_suggested else ""
