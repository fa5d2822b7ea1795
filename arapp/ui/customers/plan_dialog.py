# SPDX-License-Identifier: MIT
"""Agree a payment plan with a customer: which open invoices, and when what is paid.

The suggested schedule comes from :func:`~arapp.services.plans.suggest_instalments` and lands in
an editable table (a date and an amount per row; rows can be added and removed). A live line
adds up what was typed against what is open, so a mistake shows before OK; OK hands everything
to :func:`~arapp.services.plans.create_plan`, which is the judge, and its messages appear next
to the fields with everything typed kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.domain.fees import PLAN_FREQUENCIES
from arapp.formatting import format_amount, format_date, parse_amount
from arapp.services.context import AppContext
from arapp.services.customers import get_customer
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.invoice_list import (
    InvoiceFilter,
    InvoiceSort,
    InvoiceStatusFilter,
    invoice_ids,
    invoice_rows,
)
from arapp.services.plans import PlanInput, PlanRecord, create_plan, list_plans, suggest_instalments
from arapp.ui.dialog_parts import checkable_item, push_button, small_table, text_item
from arapp.ui.display import Display
from arapp.ui.forms import ERROR_STYLE, ErrorForm, plain_label
from arapp.ui.widgets.dates import date_edit

FREQUENCY_CAPTIONS = {"weekly": "Weekly", "fortnightly": "Fortnightly", "monthly": "Monthly"}
InvoiceIdRole = Qt.ItemDataRole.UserRole + 1
"""Role of an invoice row's first item returning the invoice id."""
DATE_COL, AMOUNT_COL = 0, 1
MAX_INVOICE_ROWS_SHOWN = 6  # the invoice list grows to this many rows, then scrolls


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class PlanDialog(QDialog):
    """A new payment plan for one customer.

    Attributes:
        customer: The customer.
        rows: The customer's open invoices, in the order shown.
        record: The plan agreed, once OK succeeded.
        form: The fields with their error labels (``instalments`` is the schedule).
        edited: The schedule was changed by hand since it was last suggested (a change of
            invoices, count, date or frequency then leaves it alone instead of suggesting anew).
    """

    def __init__(
        self, ctx: AppContext, display: Display, customer_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = display.locale
        self.customer = get_customer(ctx, customer_id).customer
        self.record: PlanRecord | None = None
        self.edited = False
        self._filling = False
        self.setWindowTitle(f"Payment plan for {self.customer.name}")

        ids = invoice_ids(
            ctx,
            InvoiceFilter(status=InvoiceStatusFilter.OPEN, customer_id=customer_id),
            InvoiceSort.DUE_DATE,
            descending=False,
        )
        found = invoice_rows(ctx, ids)
        self.rows = [found[i] for i in ids if i in found]
        self.currency = self.rows[0].currency if self.rows else self.customer.currency
        on_plans = {
            number: plan.id
            for plan in list_plans(ctx, customer_id)
            if plan.status in ("active", "broken")
            for number in plan.invoice_numbers
        }
        owed = sum((r.balance for r in self.rows), Decimal(0))
        n = len(self.rows)
        self.heading = plain_label(
            f"{self.customer.name} ({self.customer.code}) has {self._amount_text(owed)} "
            f"{self.currency} open on {n} invoice{'' if n == 1 else 's'}.",
            wrap=True,
        )
        self.invoices = small_table(["Invoice", "Due", "Open", ""], "planInvoices")
        self._fill_invoices(on_plans)

        split = self._build_split()
        schedule_box = self._build_schedule()
        self._build_form(split, schedule_box)

        self.invoices.itemChanged.connect(lambda _item: self._parameters_changed())
        self.count_spin.valueChanged.connect(lambda _v: self._parameters_changed())
        self.first_edit.dateChanged.connect(lambda _d: self._parameters_changed())
        self.frequency_box.currentIndexChanged.connect(lambda _i: self._parameters_changed())
        if not self.rows:
            self.form.show_banner(f"{self.customer.name} has no open invoices to put on a plan.")
            self.ok_button.setEnabled(False)
        else:
            self.suggest()
        self.resize(660, self.sizeHint().height() + 40)

    def _build_split(self) -> QWidget:
        """Split into: the count, the first due date, the frequency, Suggest."""
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("planCount")
        self.count_spin.setRange(1, 120)
        self.count_spin.setValue(3)
        self.count_spin.setSuffix(" instalments")
        self.first_edit = date_edit("planFirstDue")
        self.first_edit.setDate(_qdate(self.ctx.today() + relativedelta(months=1)))
        self.frequency_box = QComboBox()
        self.frequency_box.setObjectName("planFrequency")
        for key in PLAN_FREQUENCIES:
            self.frequency_box.addItem(FREQUENCY_CAPTIONS.get(key, key.capitalize()), key)
        self.frequency_box.setCurrentIndex(self.frequency_box.findData("monthly"))
        self.suggest_button = push_button("Su&ggest schedule", self.suggest)
        split = QWidget()
        split_row = QHBoxLayout(split)
        split_row.setContentsMargins(0, 0, 0, 0)
        split_row.addWidget(self.count_spin)
        split_row.addWidget(plain_label("first due"))
        split_row.addWidget(self.first_edit)
        split_row.addWidget(self.frequency_box)
        split_row.addStretch(1)
        split_row.addWidget(self.suggest_button)
        return split

    def _build_schedule(self) -> QWidget:
        """The schedule table, its Add and Remove buttons and the sum under it."""
        self.schedule = small_table(["Due date", "Amount"], "planSchedule")
        self.schedule.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.schedule.horizontalHeader()
        header.setSectionResizeMode(DATE_COL, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(DATE_COL, 170)
        header.setSectionResizeMode(AMOUNT_COL, QHeaderView.ResizeMode.Stretch)
        self.schedule.setMinimumHeight(150)
        self.schedule.itemChanged.connect(lambda _item: self._hand_edit())
        self.add_button = push_button("&Add row", self.add_row)
        self.remove_button = push_button("&Remove row", self.remove_row)
        self.sum_label = plain_label(wrap=True)
        self.sum_label.setObjectName("planSum")
        schedule_box = QWidget()
        schedule_column = QVBoxLayout(schedule_box)
        schedule_column.setContentsMargins(0, 0, 0, 0)
        schedule_column.addWidget(self.schedule)
        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        tools.addWidget(self.remove_button)
        tools.addStretch(1)
        schedule_column.addLayout(tools)
        schedule_column.addWidget(self.sum_label)
        return schedule_box

    def _build_form(self, split: QWidget, schedule_box: QWidget) -> None:
        """The note, the form of all fields, the buttons and the dialog's layout."""
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("planNote")
        self.note_edit.setPlaceholderText("What was agreed, and with whom")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(56)

        self.form = ErrorForm()
        self.form.add_row("&Invoices:", "invoices", self.invoices)
        self.form.add_row("&Split into:", "count", split)
        self.form.add_row("Sc&hedule:", "instalments", schedule_box)
        self.form.add_row("&Note:", "note", self.note_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Agree plan")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.form.banner)
        layout.addLayout(self.form.layout, 1)
        layout.addWidget(buttons)

    # -- invoices -----------------------------------------------------------------------------

    def _fill_invoices(self, on_plans: dict[str, int]) -> None:
        table = self.invoices
        table.setRowCount(len(self.rows))
        for row, inv in enumerate(self.rows):
            plan_id = on_plans.get(inv.number or "")  # ticked unless already on a plan
            number = checkable_item(inv.number or "", InvoiceIdRole, inv.id, not plan_id)
            table.setItem(row, 0, number)
            table.setItem(row, 1, text_item(format_date(inv.due_date, self.locale)))
            table.setItem(row, 2, text_item(self._amount_text(inv.balance), True))
            table.setItem(row, 3, text_item(f"on plan #{plan_id}" if plan_id else ""))
        header = table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        shown = min(max(len(self.rows), 1), MAX_INVOICE_ROWS_SHOWN)
        height = (
            sum(table.rowHeight(r) for r in range(shown))
            or table.verticalHeader().defaultSectionSize()
        )
        table.setFixedHeight(header.sizeHint().height() + height + 2 * table.frameWidth() + 2)

    def chosen_ids(self) -> tuple[int, ...]:
        """The invoices ticked, in the order shown."""
        return tuple(
            int(self.invoices.item(row, 0).data(InvoiceIdRole))
            for row in range(self.invoices.rowCount())
            if self.invoices.item(row, 0).checkState() == Qt.CheckState.Checked
        )

    def open_total(self) -> Decimal:
        """What is open on the ticked invoices (for the live line; the service checks)."""
        chosen = set(self.chosen_ids())
        return sum((r.balance for r in self.rows if r.id in chosen), Decimal(0))

    # -- schedule -----------------------------------------------------------------------------

    def _amount_text(self, amount: Decimal) -> str:
        return format_amount(amount, self.currency, self.locale)

    def frequency(self) -> str:
        return str(self.frequency_box.currentData())

    def _parameters_changed(self) -> None:
        if not self.edited:
            self.suggest()
        else:
            self._update_sum()

    def suggest(self) -> None:
        """Split what is open on the ticked invoices as asked, replacing the schedule."""
        self.form.clear_errors()
        ids = self.chosen_ids()
        if not ids:
            self._invoice_error()
            self._update_sum()
            return
        try:
            schedule = suggest_instalments(
                self.ctx,
                self.customer.id,
                ids,
                self.count_spin.value(),
                self.first_edit.date().toPython(),
                self.frequency(),
            )
        except InputErrors as exc:
            self.form.show_errors(exc)
            return
        except ServiceError as exc:
            self.form.show_banner(str(exc))
            return
        self.set_schedule(schedule)

    def set_schedule(self, schedule: list[tuple[date, Decimal]]) -> None:
        self._filling = True
        self.schedule.setRowCount(0)
        for day, amount in schedule:
            self._append(day, self._amount_text(amount))
        self._filling = False
        self.edited = False
        self._update_sum()

    def _append(self, day: date, amount_text: str) -> None:
        row = self.schedule.rowCount()
        self.schedule.insertRow(row)
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(self.first_edit.displayFormat())
        edit.setFrame(False)
        edit.setDate(_qdate(day))
        edit.dateChanged.connect(lambda _d: self._hand_edit())
        self.schedule.setCellWidget(row, DATE_COL, edit)
        amount = QTableWidgetItem(amount_text)
        amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.schedule.setItem(row, AMOUNT_COL, amount)

    def _date_at(self, row: int) -> date:
        edit = self.schedule.cellWidget(row, DATE_COL)
        assert isinstance(edit, QDateEdit)
        return edit.date().toPython()

    def amount_texts(self) -> list[str]:
        return [
            (self.schedule.item(r, AMOUNT_COL) or QTableWidgetItem()).text().strip()
            for r in range(self.schedule.rowCount())
        ]

    def add_row(self) -> None:
        """A row after the last, one period later, for what is still missing (if anything)."""
        rows = self.schedule.rowCount()
        step = PLAN_FREQUENCIES[self.frequency()]
        day = self._date_at(rows - 1) + step if rows else self.first_edit.date().toPython()
        planned, _bad = self._planned()
        missing = self.open_total() - planned
        self._append(day, self._amount_text(missing) if missing > 0 else "")
        self.schedule.setCurrentCell(rows, AMOUNT_COL)
        self._hand_edit()

    def remove_row(self) -> None:
        """Remove the selected row (the last when none is selected)."""
        row = self.schedule.currentRow()
        self.schedule.removeRow(row if row >= 0 else self.schedule.rowCount() - 1)
        self._hand_edit()

    def _hand_edit(self) -> None:
        if not self._filling:
            self.edited = True
            self.form.error_for("instalments").setVisible(False)  # about what was there before
            self._update_sum()

    def _planned(self) -> tuple[Decimal, list[str]]:
        """The sum of the amounts typed, and a message for each one that is no amount."""
        total, bad = Decimal(0), []
        for n, text in enumerate(self.amount_texts(), start=1):
            try:
                total += parse_amount(text, self.locale)
            except ValidationError:
                bad.append(
                    f"Row {n}: enter an amount." if not text else f"Row {n}: “{text}” is no amount."
                )
        return total, bad

    def _update_sum(self) -> None:
        open_total = self.open_total()
        planned, bad = self._planned()
        shown_open = f"{self._amount_text(open_total)} {self.currency}"
        if bad:
            text, wrong = "\n".join(bad), True
        elif planned == open_total:
            text, wrong = f"Instalments {self._amount_text(planned)} of {shown_open} open", False
        else:
            gap = open_total - planned
            how = "short" if gap > 0 else "too much"
            text = (
                f"The instalments add up to {self._amount_text(planned)}, but {shown_open} is "
                f"open: {self._amount_text(abs(gap))} {how}. Change an amount, or click "
                "Suggest schedule."
            )
            wrong = True
        self.sum_label.setText(text)
        self.sum_label.setStyleSheet(ERROR_STYLE if wrong else "")
        self.remove_button.setEnabled(self.schedule.rowCount() > 0)

    def _invoice_error(self) -> None:
        label = self.form.error_for("invoices")
        label.setText("Tick the invoices the plan covers.")
        label.setVisible(True)

    # -- saving -------------------------------------------------------------------------------

    def current_input(self) -> PlanInput:
        """The plan as typed: amounts in the company's notation become numbers, and text that
        is no number goes to the service as typed, which says what is wrong."""
        instalments: list[tuple[date, Decimal | str]] = []
        for row, text in enumerate(self.amount_texts()):
            try:
                amount: Decimal | str = parse_amount(text, self.locale)
            except ValidationError:
                amount = text
            instalments.append((self._date_at(row), amount))
        return PlanInput(
            self.customer.id,
            self.chosen_ids(),
            tuple(instalments),
            self.note_edit.toPlainText(),
        )

    def save(self) -> None:
        """Agree the plan; on an error keep the dialog open with the message and the input."""
        self.form.clear_errors()
        if not self.chosen_ids():
            self._invoice_error()
            return
        try:
            self.record = create_plan(self.ctx, self.current_input())
        except InputErrors as exc:
            self.form.show_errors(exc)
            return
        except ServiceError as exc:
            self.form.show_banner(str(exc))
            return
        self.accept()
