# SPDX-License-Identifier: MIT
"""Tools ▸ Late fees…: review the late fees due on overdue invoices and charge the chosen ones.

The dialog shows what :func:`~arapp.services.fees.pending_fees` says is due as of a day, with the
rule in one sentence from the current settings, and charges the ticked invoices with
:func:`~arapp.services.fees.charge_late_fees` on a worker thread. The service decides what is
due, charges each period once and numbers the fee documents; the dialog only lists, ticks and
shows the documents made, each of which opens.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_amount, format_date, format_money
from arapp.i18n import N_, _, ngettext
from arapp.services.context import AppContext
from arapp.services.fees import FeeCharge, FeeLeftOut, charge_late_fees, review_fees
from arapp.services.settings import (
    GRACE_DAYS,
    INTEREST_PERCENT_PER_MONTH,
    LATE_FEE_FLAT,
    get_setting,
)
from arapp.ui.dialog_parts import checkable_item, push_button, small_table, text_item
from arapp.ui.display import Display
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.invoices.invoice_view import InvoiceViewDialog
from arapp.ui.settings import SettingsDialog
from arapp.ui.widgets.dates import date_edit
from arapp.ui.worker import BackgroundOp, run_in_background

InvoiceIdRole = Qt.ItemDataRole.UserRole + 1
"""Role of a row's first item (and of a result item) returning the invoice id it stands for."""

HEADERS = (
    N_("Invoice"),
    N_("Customer"),
    N_("Periods"),
    N_("Flat fee"),
    N_("Interest"),
    N_("Total"),
    N_("Currency"),
)
AMOUNT_COLUMNS = (3, 4, 5)
OFF_TEXT = N_("Late fees are off: set them in Settings.")
OFF_EMPTY_TEXT = N_("Nothing is charged while late fees are off.")


def periods_text(periods: tuple[int, ...]) -> str:
    """``(1, 2, 3)`` → ``1–3``; ``(1, 3)`` → ``1, 3`` (period 1 is the first month late)."""
    runs: list[list[int]] = []
    for period in periods:
        if runs and period == runs[-1][-1] + 1:
            runs[-1].append(period)
        else:
            runs.append([period])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def rule_text(flat: Decimal, interest: Decimal, grace_days: int, currency: str, locale: str) -> str:
    """The rule of :mod:`arapp.domain.fees` in one plain sentence, from the settings."""
    if flat <= 0 and interest <= 0:
        return _(OFF_TEXT)
    if grace_days:
        late = ngettext(
            "An invoice becomes late {days} day after its due date",
            "An invoice becomes late {days} days after its due date",
            grace_days,
        ).format(days=grace_days)
    else:
        late = _("An invoice becomes late the day after its due date")
    fee, percent = format_money(flat, currency, locale), f"{interest.normalize():f}"
    if flat > 0 and interest > 0:
        charged = _(
            "it is then charged a late fee of {fee} once and {percent}% interest on its open "
            "balance for every month or part of a month it stays late"
        ).format(fee=fee, percent=percent)
    elif flat > 0:
        charged = _("it is then charged a late fee of {fee} once").format(fee=fee)
    else:
        charged = _(
            "it is then charged {percent}% interest on its open balance for every month or "
            "part of a month it stays late"
        ).format(percent=percent)
    # Translators: two halves of one sentence: when an invoice is late; what it is charged.
    return _("{when}; {charged}.").format(when=late, charged=charged)


def left_out_text(left_out: list[FeeLeftOut]) -> str:
    """The late invoices a run leaves alone, each with why (one line each, at most five)."""
    if not left_out:
        return ""
    lines = [
        _("{number} ({customer}): {reason}").format(
            number=x.number, customer=x.customer_name, reason=x.reason
        )
        for x in left_out[:5]
    ]
    if len(left_out) > 5:
        more = len(left_out) - 5
        lines.append(ngettext("and {count} more", "and {count} more", more).format(count=more))
    return "\n".join([_("Left out, no late fee while held:"), *lines])


class LateFeesDialog(QDialog):
    """The late fees due as of a day, ticked to be charged.

    Attributes:
        charges: The fees shown, row by row.
        left_out: Late invoices left alone while held (disputed, promised, on a kept plan).
        made: Fee documents of the last run, as the service returned them.
        charge_op: The charge running on a worker, while it runs.
        run_finished: ``Signal()``, a charge run finished (its result is shown).
    """

    run_finished = Signal()

    def __init__(self, ctx: AppContext, display: Display, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.locale = display.locale
        self.currency = display.currency
        self.charges: list[FeeCharge] = []
        self.left_out: list[FeeLeftOut] = []
        self.made: list[FeeCharge] = []
        self.charge_op: BackgroundOp | None = None
        self.setWindowTitle(_("Late fees"))

        self.rule_label = plain_label(wrap=True)
        self.rule_label.setObjectName("feeRule")
        self.settings_button = push_button(_("&Settings…"), self.open_settings)
        self.as_of_edit = date_edit("feesAsOf")
        today = ctx.today()
        self.as_of_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.as_of_edit.setDate(QDate(today.year, today.month, today.day))

        self.table = small_table(HEADERS, "feesTable")  # overdue invoices not yet charged
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._update_summary())
        self.table.cellDoubleClicked.connect(lambda row, _col: self._open_row(row))
        self.empty_label = plain_label(wrap=True)
        self.empty_label.setObjectName("feesEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        self.summary_label = plain_label(selectable=True)
        self.summary_label.setObjectName("feesSummary")
        self.left_out_label = plain_label(wrap=True, selectable=True)
        self.left_out_label.setObjectName("feesLeftOut")
        self.all_button = push_button(_("Tick &all"), lambda: self._tick(True))
        self.none_button = push_button(_("Tick &none"), lambda: self._tick(False))

        self.result_label = plain_label(wrap=True, selectable=True)
        self.result_label.setObjectName("feesResult")
        self.results = QListWidget()
        self.results.setObjectName("feeDocuments")
        self.results.setMaximumHeight(140)
        self.results.itemDoubleClicked.connect(lambda _item: self.open_fee_document())
        self.results.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.open_button = push_button(_("&Open fee document"), self.open_fee_document)
        self.charge_button = push_button(_("&Charge selected"), self.charge)
        close = push_button(_("Close"), self.accept)

        rule_row = QHBoxLayout()
        rule_row.addWidget(self.rule_label, 1)
        rule_row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        date_row = QHBoxLayout()
        as_of_caption = plain_label(_("Fees due &as of:"))
        as_of_caption.setTextFormat(Qt.TextFormat.AutoText)  # for the mnemonic
        as_of_caption.setBuddy(self.as_of_edit)
        date_row.addWidget(as_of_caption)
        date_row.addWidget(self.as_of_edit)
        dated_today = plain_label(_("Fee documents are dated today; fees are counted to this day."))
        dated_today.setObjectName("feesDatedToday")
        date_row.addWidget(dated_today)
        date_row.addStretch(1)
        tick_row = QHBoxLayout()
        tick_row.addWidget(self.summary_label, 1)
        tick_row.addWidget(self.all_button)
        tick_row.addWidget(self.none_button)
        result_row = QHBoxLayout()
        result_row.addWidget(self.results, 1)
        result_row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.charge_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(rule_row)
        layout.addLayout(date_row)
        layout.addWidget(self.stack, 1)
        layout.addLayout(tick_row)
        layout.addWidget(self.left_out_label)
        layout.addWidget(self.result_label)
        layout.addLayout(result_row)
        layout.addLayout(buttons)

        self.as_of_edit.dateChanged.connect(lambda _d: self.reload())
        self._show_results()
        self.reload()
        self.resize(860, 500)
        close.setFocus()

    # -- showing ------------------------------------------------------------------------------

    def as_of(self) -> date:
        return self.as_of_edit.date().toPython()

    def reload(self) -> None:
        """Read the rule and the fees due again (after a run, or a change of day or settings)."""
        self.rule_label.setText(
            rule_text(
                get_setting(self.ctx, LATE_FEE_FLAT),
                get_setting(self.ctx, INTEREST_PERCENT_PER_MONTH),
                get_setting(self.ctx, GRACE_DAYS),
                self.currency,
                self.locale,
            )
        )
        review = review_fees(self.ctx, self.as_of())
        self.charges, self.left_out = review.charges, review.left_out
        self.left_out_label.setText(left_out_text(self.left_out))
        self.left_out_label.setVisible(bool(self.left_out))
        table = self.table
        table.blockSignals(True)  # one summary at the end, not one per item
        table.setRowCount(len(self.charges))
        for row, c in enumerate(self.charges):
            number = checkable_item(c.number, InvoiceIdRole, c.invoice_id, True)
            balance = format_money(c.balance, c.currency, self.locale)
            number.setToolTip(_("Open balance {amount}").format(amount=balance))
            table.setItem(row, 0, number)
            table.setItem(row, 1, text_item(c.customer_name))
            table.setItem(row, 2, text_item(periods_text(c.periods), True))
            for col, amount in zip(AMOUNT_COLUMNS, (c.flat, c.interest, c.total), strict=True):
                table.setItem(
                    row, col, text_item(format_amount(amount, c.currency, self.locale), True)
                )
            table.setItem(row, 6, text_item(c.currency))
        table.blockSignals(False)
        table.horizontalHeaderItem(2).setToolTip(_("Months late charged now; 1 is the first month"))
        if self.charges:
            self.stack.setCurrentWidget(self.table)
        else:
            day = format_date(self.as_of(), self.locale)
            off = self.rule_label.text() == _(OFF_TEXT)
            self.empty_label.setText(
                _(OFF_EMPTY_TEXT) if off else _("No late fees are due as of {day}.").format(day=day)
            )
            self.stack.setCurrentWidget(self.empty_label)
        self._update_summary()

    def checked_ids(self) -> set[int]:
        """The invoices ticked to be charged."""
        ids = set()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.add(int(item.data(InvoiceIdRole)))
        return ids

    def _tick(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            self.table.item(row, 0).setCheckState(state)
        self.table.blockSignals(False)
        self._update_summary()

    def _update_summary(self) -> None:
        ids = self.checked_ids()
        sums: dict[str, Decimal] = {}
        for c in self.charges:
            if c.invoice_id in ids:
                sums[c.currency] = sums.get(c.currency, Decimal(0)) + c.total
        money = ", ".join(format_money(v, cur, self.locale) for cur, v in sorted(sums.items()))
        if self.charges:
            ticked = ngettext(
                "{ticked} of {count} ticked", "{ticked} of {count} ticked", len(self.charges)
            ).format(ticked=len(ids), count=len(self.charges))
            self.summary_label.setText(
                _("{ticked}: {amounts}").format(ticked=ticked, amounts=money) if money else ticked
            )
        else:
            self.summary_label.setText("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.charge_op is not None
        has_rows = bool(self.charges)
        self.charge_button.setEnabled(not running and bool(self.checked_ids()))
        for button in (self.all_button, self.none_button):
            button.setVisible(has_rows)
            button.setEnabled(not running)
        self.as_of_edit.setEnabled(not running)
        self.table.setEnabled(not running)
        self.open_button.setEnabled(self.results.currentRow() >= 0)

    def _show_results(self) -> None:
        self.results.clear()
        for c in self.made:
            money = format_money(c.total, c.currency, self.locale)
            item = QListWidgetItem(
                _("{fee}  ·  {customer}  ·  {amount} on invoice {invoice}").format(
                    fee=c.fee_number, customer=c.customer_name, amount=money, invoice=c.number
                )
            )
            item.setData(InvoiceIdRole, c.fee_invoice_id)
            self.results.addItem(item)
        self.results.setVisible(bool(self.made))
        self.open_button.setVisible(bool(self.made))
        if self.made:
            self.results.setCurrentRow(0)
        self._update_buttons()

    # -- actions ------------------------------------------------------------------------------

    def charge(self) -> None:
        """Charge the ticked invoices on a worker; the result shows when it is done."""
        ids, as_of, ctx = self.checked_ids(), self.as_of(), self.ctx
        if self.charge_op is not None or not ids:
            return
        self.result_label.setStyleSheet("")
        self.result_label.setText(_("Charging…"))
        self.charge_op = run_in_background(
            self,
            lambda: charge_late_fees(ctx, as_of, invoice_ids=ids),
            self._charged,
            self._failed,
        )
        self._update_buttons()

    def _charged(self, done: list[FeeCharge]) -> None:
        self.charge_op = None
        self.made = done
        n = len(done)
        if n == 1:
            text = _("Made 1 fee document: {number}").format(number=done[0].fee_number)
        elif n:
            text = ngettext(
                "Made {count} fee document, listed below (double-click one to open it):",
                "Made {count} fee documents, listed below (double-click one to open it):",
                n,
            ).format(count=n)
        else:
            text = _("Nothing was charged: the fees had been charged already.")
        self.result_label.setText(text)
        self._show_results()
        self.reload()
        self.run_finished.emit()

    def _failed(self, exc: Exception) -> None:
        self.charge_op = None
        self.result_label.setStyleSheet(ERROR_STYLE)
        self.result_label.setText(
            _("Charging failed; nothing more was charged. {error}").format(error=exc)
        )
        self.reload()
        self.run_finished.emit()

    def selected_fee_document(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(InvoiceIdRole)) if item is not None else None

    def open_fee_document(self) -> None:
        fee_id = self.selected_fee_document()
        if fee_id is not None:
            InvoiceViewDialog(self.ctx, self.display, fee_id, self).exec()

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.charges):
            InvoiceViewDialog(self.ctx, self.display, self.charges[row].invoice_id, self).exec()

    def open_settings(self) -> None:
        """The Settings dialog on its Invoices tab, where the fees are set; then read again."""
        dialog = SettingsDialog(self.ctx, self)
        dialog.tabs.setCurrentWidget(dialog.invoices_tab)
        dialog.exec()
        self.reload()
