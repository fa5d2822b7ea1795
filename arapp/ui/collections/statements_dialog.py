# SPDX-License-Identifier: MIT
"""Collections ▸ Statements for all customers…: the month-end statements, one PDF per customer.

:class:`StatementsDialog` asks for the period (the last 90 days unless changed) and shows how many
customers have a balance on its last day; :func:`save_all_statements` then asks for the folder
and writes them with progress and Cancel (:class:`~arapp.ui.batch_export.BatchExport` running
``save_statements`` on a worker).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.invoice_documents import BatchResult
from arapp.services.statements import (
    customer_codes,
    customers_with_balance,
    default_period,
    save_statements,
)
from arapp.ui import batch_export
from arapp.ui.batch_export import MAX_LISTED_FAILURES, BatchExport
from arapp.ui.forms import plain_label
from arapp.ui.send_documents import SendBatch, email_statements
from arapp.ui.worker import run_in_background

TITLE = "Statements for all customers"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    return edit.date().toPython()  # type: ignore[return-value]


class StatementsDialog(QDialog):
    """The period and whom the statements go to.

    Attributes:
        start: First day of the period.
        end: Last day; the balances are taken on it.
        who: How many customers get a statement (or why none).
        buttons: "Choose folder…" (accepts) and Cancel.
        customer_ids: The customers with a balance on the last day, for :meth:`period`
            (counted on a worker thread: ``counted`` says when it is in).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_ids: list[int] = []
        self.counting = 0  # the latest count asked for
        self.counted = False  # whether a count has come back since
        self.setWindowTitle(TITLE)
        first, last = default_period(ctx, None, None)
        self.start, self.end = QDateEdit(_qdate(first)), QDateEdit(_qdate(last))
        for edit, name in ((self.start, "statementsFrom"), (self.end, "statementsTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.who = plain_label(wrap=True)
        self.who.setObjectName("statementsWho")
        form = QFormLayout()
        form.addRow("&From:", self.start)
        form.addRow("&To:", self.end)
        form.addRow("Customers:", self.who)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "&Choose folder and save…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("statementsSave")
        self.email_button = self.buttons.addButton(
            "&E-mail them…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.email_button.setObjectName("statementsEmail")
        self.email_button.setToolTip(
            "E-mail each customer their statement, with the PDF attached (once per period)"
        )
        self.by_email = False
        self.email_button.clicked.connect(self._email_chosen)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        intro = plain_label(
            "One PDF per customer: open items, the period's activity and the aging.", wrap=True
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.start.dateChanged.connect(lambda _d: self._update())
        self.end.dateChanged.connect(lambda _d: self._update(count=True))
        self._update(count=True)

    def _email_chosen(self) -> None:
        self.by_email = True
        self.accept()

    def period(self) -> tuple[date, date]:
        return _day(self.start), _day(self.end)

    def _update(self, count: bool = False) -> None:
        end = self.period()[1]
        if count:  # the balances are taken on the last day: read off the GUI thread
            self.counting += 1
            self.counted = False
            generation, ctx = self.counting, self.ctx
            self.who.setText("Counting the customers with a balance…")
            self.save_button.setEnabled(False)
            self.email_button.setEnabled(False)
            run_in_background(
                self,
                lambda: customers_with_balance(ctx, as_of=end),
                lambda ids: self._counted(generation, ids),
                lambda exc: self._count_failed(generation, exc),
            )
            return
        self._show_count()

    def _counted(self, generation: int, ids: list[int]) -> None:
        if generation == self.counting:  # else a later day was chosen meanwhile
            self.customer_ids, self.counted = ids, True
            self._show_count()

    def _count_failed(self, generation: int, exc: Exception) -> None:
        if generation == self.counting:
            self.customer_ids, self.counted = [], True
            self.who.setText(f"The balances could not be read: {exc}")
            self.save_button.setEnabled(False)
            self.email_button.setEnabled(False)

    def _show_count(self) -> None:
        start, end = self.period()
        if not self.counted:
            return
        number, day = len(self.customer_ids), f"{end.day} {end:%b %Y}"
        if start > end:
            text = "The period starts after it ends."
        elif not number:
            text = f"No customer has a balance on {day}."
        else:
            what = "1 statement" if number == 1 else f"{number:,} statements"
            text = f"Every customer with a balance on {day}: {what}."
        self.who.setText(text)
        self.save_button.setEnabled(start <= end and number > 0)
        self.email_button.setEnabled(start <= end and number > 0)


def save_all_statements(
    parent: QWidget, ctx: AppContext, folder: Path | None = None
) -> BatchExport | SendBatch | None:
    """Ask for the period, then the folder (unless given), and write the statements; or, when
    the person chose "E-mail them…", e-mail each customer theirs.

    Returns the running batch, or ``None`` when the person cancelled.
    """
    dialog = StatementsDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    start, end = dialog.period()
    ids = dialog.customer_ids
    if dialog.by_email:
        return email_statements(parent, ctx, ids, start, end)
    if folder is None:
        folder = batch_export.choose_folder(parent)
        if folder is None:
            return None

    def run(
        ids: list[int],
        folder: Path,
        progress: Callable[[int, int], None],
        cancelled: Callable[[], bool],
    ) -> BatchResult:
        return save_statements(ctx, folder, ids, start, end, progress, cancelled)

    def labels(result: BatchResult) -> dict[int, str]:
        try:
            return customer_codes(ctx, [cid for cid, _ in result.failed[:MAX_LISTED_FAILURES]])
        except ServiceError:
            return {}

    title = "Saving statements"
    batch = BatchExport(
        parent, ctx, ids, folder, run=run, labels=labels, item="statement", title=title
    )
    batch.start()
    return batch
