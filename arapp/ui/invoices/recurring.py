# SPDX-License-Identifier: MIT
"""Recurring invoices in the window: set one up from an issued invoice, and list, pause, resume
and bill the schedules.

The dialogs only gather input and show results; :mod:`arapp.services.recurring` checks, stores
and bills (each period at most once).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_date, format_money
from arapp.i18n import N_, _, ngettext, pgettext
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.invoices import drafts_from, get_invoice
from arapp.services.recurring import (
    RecurringInput,
    TemplateRecord,
    list_templates,
    run_recurring,
    save_template,
    schedule,
    set_active,
)
from arapp.ui.display import Display
from arapp.ui.forms import ErrorForm, plain_label
from arapp.ui.send_documents import SendBatch, send_invoices_in_window
from arapp.ui.widgets.dates import date_edit
from arapp.ui.widgets.numbers import number_text

# frequency: (caption, shown through _(); one period)
FREQUENCY_CHOICES = {
    "weekly": (N_("Weekly"), relativedelta(weeks=1)),
    "monthly": (N_("Monthly"), relativedelta(months=1)),
    "quarterly": (N_("Quarterly"), relativedelta(months=3)),
    "yearly": (N_("Yearly"), relativedelta(years=1)),
}
NEVER, ON_DATE, AFTER = 0, 1, 2
PREVIEW_COUNT = 3


def period_unit(frequency: str, count: int) -> str:
    """``week``/``weeks``… (after a count: the "Every" box's suffix)."""
    match frequency:
        case "weekly":
            return ngettext("week", "weeks", count)
        case "monthly":
            return ngettext("month", "months", count)
        case "quarterly":
            return ngettext("quarter", "quarters", count)
        case "yearly":
            return ngettext("year", "years", count)
    return frequency


def schedule_text(frequency: str, interval: int) -> str:
    """``Every month``, ``Every 2 weeks``…"""
    match frequency:
        case "weekly":
            text = ngettext("Every week", "Every {count} weeks", interval)
        case "monthly":
            text = ngettext("Every month", "Every {count} months", interval)
        case "quarterly":
            text = ngettext("Every quarter", "Every {count} quarters", interval)
        case "yearly":
            text = ngettext("Every year", "Every {count} years", interval)
        case _:
            return frequency
    return text.format(count=interval)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _readonly_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def _item(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)  # items show their text as typed, never as HTML
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RecurringDialog(QDialog):
    """Bill an issued invoice's customer and lines again on a schedule.

    Attributes:
        record: The invoice the schedule is made from.
        template_id: The template saved, once saved.
        form: The fields, with their error labels.
    """

    def __init__(
        self, ctx: AppContext, display: Display, invoice_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record = get_invoice(ctx, invoice_id)
        self.lines = drafts_from(self.record.lines)
        self.locale = display.locale
        self.template_id: int | None = None
        self.setWindowTitle(_("Make recurring"))

        first = self.record.lines[0].description.splitlines()[0] if self.record.lines else ""
        self.name_edit = QLineEdit(first.strip())
        self.name_edit.setObjectName("recurringName")
        self.frequency_box = QComboBox()
        for key, (caption, _step) in FREQUENCY_CHOICES.items():
            self.frequency_box.addItem(_(caption), key)
        self.frequency_box.setCurrentIndex(1)  # monthly
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(1, 99)
        self.start_edit = date_edit("recurringStart")
        self.day_spin = QSpinBox()
        self.day_spin.setRange(0, 31)
        self.day_spin.setSpecialValueText(_("Same day as the start date"))
        fixed = QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for widget, width in (
            (self.frequency_box, 160),
            (self.interval_spin, 160),
            (self.start_edit, 160),
            (self.day_spin, 240),
        ):
            widget.setSizePolicy(fixed)
            widget.setMinimumWidth(width)

        end_box = self._build_end()
        self.form = ErrorForm()
        self.form.add_row(_("&Name:"), "name", self.name_edit)
        self.form.add_row(_("&Frequency:"), "frequency", self.frequency_box)
        self.form.add_row(_("E&very:"), "interval", self.interval_spin)
        self.form.add_row(_("&Start:"), "start_date", self.start_edit)
        self.form.add_row(_("&Day of month:"), "day_of_month", self.day_spin)
        self.form.add_row(_("Ends:"), "end_date", end_box)
        self.form.add_row("", "auto_issue", self.auto_check)
        self.form.add_row("", "send_by_email", self.send_check)

        self._build_lines()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.form.banner)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.customer_label)
        layout.addWidget(self.lines_table)
        layout.addWidget(self.total_label)
        layout.addWidget(buttons)

        for signal in (
            self.frequency_box.currentIndexChanged,
            self.interval_spin.valueChanged,
            self.start_edit.dateChanged,
            self.day_spin.valueChanged,
            self.end_date_edit.dateChanged,
            self.count_spin.valueChanged,
            self.end_group.idToggled,
            self.auto_check.toggled,
        ):
            signal.connect(lambda *_: self._changed())
        self.start_edit.setDate(_qdate(self.record.issue_date + FREQUENCY_CHOICES["monthly"][1]))
        self.end_date_edit.setDate(_qdate(self.record.issue_date + relativedelta(years=1)))
        self._changed()
        self.resize(640, self.sizeHint().height())

    def _build_end(self) -> QWidget:
        """Ends: never, on a date, or after so many invoices."""
        self.end_group = QButtonGroup(self)
        end_box = QWidget()
        end_grid = QGridLayout(end_box)
        end_grid.setContentsMargins(0, 0, 0, 0)
        end_grid.setHorizontalSpacing(8)
        self.end_radios: list[QRadioButton] = []
        # Translators: how a schedule ends: never, on a date, after a number of invoices.
        ends = (_("Never"), pgettext("schedule ends", "On"), pgettext("schedule ends", "After"))
        for n, text in enumerate(ends):
            radio = QRadioButton(text)
            self.end_group.addButton(radio, n)
            self.end_radios.append(radio)
            end_grid.addWidget(radio, n, 0)
        self.end_radios[NEVER].setChecked(True)
        self.end_date_edit = date_edit("recurringEnd")
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, 999)
        self.count_spin.setValue(12)
        self.count_spin.valueChanged.connect(self._count_changed)
        end_grid.addWidget(self.end_date_edit, ON_DATE, 1)
        end_grid.addWidget(self.count_spin, AFTER, 1)
        end_grid.setColumnStretch(2, 1)
        self._count_changed()
        self.auto_check = QCheckBox(_("Issue automatically (unchecked: drafts to check first)"))
        self.auto_check.setChecked(True)
        self.send_check = QCheckBox(_("E-mail each invoice to the customer when it is billed"))
        self.send_check.setObjectName("recurringSend")
        self.auto_check.toggled.connect(self.send_check.setEnabled)
        return end_box

    def _build_lines(self) -> None:
        """What each invoice bills: the customer, the lines and the total, and the next dates."""
        self.customer_label = plain_label(
            _("Customer: {name} ({code})").format(
                name=self.record.customer_name, code=self.record.customer_code
            ),
            wrap=True,
        )
        self.lines_table = _readonly_table(
            [_("Description"), _("Qty"), _("Unit price"), _("Amount")]
        )
        self.lines_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._fill_lines()
        self.total_label = plain_label(
            _("Total per invoice: {total}").format(total=self._money(self.record.total)),
            selectable=True,
        )
        self.total_label.setObjectName("recurringTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.preview_label = plain_label(wrap=True)
        self.preview_label.setObjectName("recurringPreview")

    def _money(self, amount: Decimal) -> str:
        return format_money(amount, self.record.currency, self.locale)

    def _fill_lines(self) -> None:
        table = self.lines_table
        table.setRowCount(len(self.record.lines))
        for row, line in enumerate(self.record.lines):
            quantity = f"{number_text(line.quantity, self.locale)} {line.unit}".strip()
            table.setItem(row, 0, _item(line.description.replace("\n", " ")))
            table.setItem(row, 1, _item(quantity, True))
            table.setItem(row, 2, _item(self._money(line.unit_price), True))
            table.setItem(row, 3, _item(self._money(line.amount), True))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(
            min(header.sizeHint().height() + rows + 2 * table.frameWidth() + 2, 200)
        )

    def _count_changed(self) -> None:
        count = self.count_spin.value()
        # Translators: after a number in a box ("12 invoices"), starting with a space.
        self.count_spin.setSuffix(ngettext(" invoice", " invoices", count))

    def _frequency_changed(self) -> None:
        key = self.frequency_box.currentData()
        self.interval_spin.setSuffix(" " + period_unit(key, self.interval_spin.value()))
        self.day_spin.setEnabled(key != "weekly")

    # -- input --------------------------------------------------------------------------------

    def current_input(self) -> RecurringInput:
        end = self.end_group.checkedId()
        frequency = self.frequency_box.currentData()
        day = self.day_spin.value()
        return RecurringInput(
            customer_id=self.record.customer_id,
            name=self.name_edit.text(),
            frequency=frequency,
            start_date=self.start_edit.date().toPython(),
            lines=self.lines,
            interval=self.interval_spin.value(),
            day_of_month=day if day and frequency != "weekly" else None,
            end_date=self.end_date_edit.date().toPython() if end == ON_DATE else None,
            max_count=self.count_spin.value() if end == AFTER else None,
            auto_issue=self.auto_check.isChecked(),
            discount_percent=self.record.discount_percent,
            send_by_email=self.auto_check.isChecked() and self.send_check.isChecked(),
        )

    def next_dates(self) -> list[date]:
        """The first few dates the schedule would bill within a year of its start (or today)."""
        data = self.current_input()
        until = max(data.start_date, self.ctx.today()) + relativedelta(years=1)
        return schedule(data, until)[:PREVIEW_COUNT]

    def _changed(self) -> None:
        self._frequency_changed()
        end = self.end_group.checkedId()
        self.end_date_edit.setEnabled(end == ON_DATE)
        self.count_spin.setEnabled(end == AFTER)
        dates = self.next_dates()
        if dates:
            when = ", ".join(format_date(d, self.locale) for d in dates)
            more = "" if len(dates) < PREVIEW_COUNT else ", …"
            text = _("Bills on: {dates}").format(dates=when + more)
        else:
            text = _("Bills on: no date within a year of the start; check the dates.")
        every = schedule_text(self.frequency_box.currentData(), self.interval_spin.value())
        if self.auto_check.isChecked():
            how = _("{schedule}, issued automatically.").format(schedule=every)
        else:
            how = _("{schedule}, as drafts to check.").format(schedule=every)
        self.preview_label.setText(f"{text}\n{how}")

    def save(self) -> None:
        self.form.clear_errors()
        try:
            self.template_id = save_template(self.ctx, self.current_input())
        except InputErrors as exc:
            self.form.show_errors(exc)  # max_count (never below 1 here) would go to the banner
            return
        except ServiceError as exc:
            self.form.show_banner(str(exc))
            return
        self.accept()


class RecurringListDialog(QDialog):
    """Every recurring invoice: pause, resume, and bill the periods that are due.

    Attributes:
        templates: The templates shown, row by row.
        result_label: What the last run billed.
    """

    HEADERS = (N_("Name"), N_("Customer"), N_("Schedule"), N_("Start"), N_("Next"), N_("State"))

    def __init__(self, ctx: AppContext, display: Display, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = display.locale
        self.templates: list[TemplateRecord] = []
        self.send_batch: SendBatch | None = None
        self.setWindowTitle(_("Recurring invoices"))

        self.table = _readonly_table([_(h) for h in self.HEADERS])
        self.table.setObjectName("recurringTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty_label = plain_label(
            _("No recurring invoices yet. Open an issued invoice and choose Make recurring…."),
            wrap=True,
        )
        self.result_label = plain_label(wrap=True, selectable=True)
        self.result_label.setObjectName("recurringResult")
        self.pause_button = self._button(_("&Pause"), lambda: self._set_active(False))
        self.resume_button = self._button(_("&Resume"), lambda: self._set_active(True))
        self.bill_button = self._button(_("&Bill what is due now"), self.bill_due)
        close = self._button(_("Close"), self.accept)

        buttons = QHBoxLayout()
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.resume_button)
        buttons.addSpacing(14)
        buttons.addWidget(self.bill_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)

        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reload()
        self.resize(860, 420)
        close.setFocus()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def reload(self) -> None:
        """Read the templates again, keeping the selected one selected."""
        selected = self.selected()
        self.templates = list_templates(self.ctx)
        self.table.setRowCount(len(self.templates))
        for row, t in enumerate(self.templates):
            if not t.active:
                state = pgettext("schedule", "Paused")
            else:
                active, finished = pgettext("schedule", "Active"), pgettext("schedule", "Finished")
                state = active if t.next_period else finished
            values = (
                t.name,
                t.customer_name,
                schedule_text(t.frequency, t.interval),
                format_date(t.start_date, self.locale),
                format_date(t.next_period, self.locale) if t.next_period else "—",
                state,
            )
            for col, text in enumerate(values):
                self.table.setItem(row, col, _item(text))
        self.table.resizeRowsToContents()
        self.empty_label.setVisible(not self.templates)
        ids = [t.id for t in self.templates]
        if selected is not None and selected.id in ids:
            self.table.selectRow(ids.index(selected.id))
        elif self.templates:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> TemplateRecord | None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return self.templates[min(rows)] if rows and min(rows) < len(self.templates) else None

    def select_template(self, template_id: int) -> None:
        ids = [t.id for t in self.templates]
        self.table.selectRow(ids.index(template_id))

    def _update_buttons(self) -> None:
        t = self.selected()
        self.pause_button.setEnabled(t is not None and t.active)
        self.resume_button.setEnabled(t is not None and not t.active)

    def _set_active(self, active: bool) -> None:
        t = self.selected()
        if t is None:
            return
        try:
            set_active(self.ctx, t.id, active)
        except ServiceError as exc:
            self.result_label.setText(str(exc))
        self.reload()

    def bill_due(self) -> None:
        """Bill every active schedule's periods due up to today."""
        try:
            run = run_recurring(self.ctx)
        except ServiceError as exc:
            self.result_label.setText(_("Billing failed: {problem}").format(problem=exc))
            return
        lines = [
            _("{reason} ({name} waits)").format(reason=s.text, name=s.template_name)
            for s in run.skipped
        ]
        if run.created:
            n = len(run.created)
            numbers = ", ".join(num or _("draft") for num in run.numbers)
            billed = ngettext(
                "Billed {count} invoice: {numbers}", "Billed {count} invoices: {numbers}", n
            )
            lines.insert(0, billed.format(count=n, numbers=numbers))
        if run.to_send:
            count = len(run.to_send)
            sending = ngettext(
                "E-mailing {count} of them: see the summary.",
                "E-mailing {count} of them: see the summary.",
                count,
            )
            lines.append(sending.format(count=count))
            self.send_batch = send_invoices_in_window(self, self.ctx, run.to_send, ask=False)
        self.result_label.setText("\n".join(lines) or _("Nothing is due."))
        self.reload()
