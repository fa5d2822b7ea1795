# SPDX-License-Identifier: MIT
"""The "Bank statements" page of the Payments tab: import statements, then match their lines.

Above, the lines (new ones by default, or matched, ignored, all; searched as you type); below,
the selected line with its proposed customers and the invoices it would pay (see
:mod:`.match_panel`). Proposals and auto-matching run on a worker; Confirm, Ignore and Reopen
call one service each and the next line is selected. Lists follow the services' events.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_money
from arapp.i18n import N_, _, ngettext, pgettext
from arapp.services.bank.confirm import AutoMatch, auto_match, confirm_match
from arapp.services.bank.matching import MatchProposal, propose_matches
from arapp.services.bank.statements import StatementImport
from arapp.services.bank.transactions import BankLine, ignore_transaction, reopen_transaction
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.events import Change, Entity, Event
from arapp.ui.bank.import_dialog import ImportStatementDialog, import_summary
from arapp.ui.bank.match_panel import MatchPanel
from arapp.ui.bank.models import BankLineModel, LineColumn, status_text
from arapp.ui.bank.views import BankLineView
from arapp.ui.bridge import EventBridge
from arapp.ui.display import DisplaySource, refreshes_display
from arapp.ui.forms import plain_label
from arapp.ui.worker import BackgroundOp, run_in_background

STATUSES = ("new", "matched", "ignored", None)
"""The status filter's entries (``None``: all lines), in the order shown."""
FILE_FILTER = N_("Bank statements (*.csv *.txt *.ofx *.qfx *.xml);;All files (*)")
_REFRESHED_BY = (
    Entity.BANK_TRANSACTION,
    Entity.BANK_STATEMENT,
    Entity.PAYMENT,
    Entity.INVOICE,
    Entity.CUSTOMER,
)


class BankPage(QWidget):
    """Bank statement lines and their matching.

    Attributes:
        model, view: The lines.
        panel: The selected line's match.
        import_dialog: The last import dialog opened (for tests).
        last_import: The last import done.
        last_auto: What the last auto-match did.
        proposal_op, auto_op: Operations on their way (for tests).
        display: The window's display source; the page follows its locale on a company event.
    """

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
        self.import_dialog: ImportStatementDialog | None = None
        self.last_import: StatementImport | None = None
        self.last_auto: list[AutoMatch] | None = None
        self.proposal_op: BackgroundOp | None = None
        self.auto_op: BackgroundOp | None = None
        self._proposals: dict[int, MatchProposal | None] = {}
        self._generation = 0

        self.import_button = QPushButton(_("&Import statement…"))
        self.import_button.setObjectName("importBankStatement")
        self.import_button.clicked.connect(self.choose_file)
        self.auto_spin = QSpinBox()
        self.auto_spin.setObjectName("autoMatchConfidence")
        self.auto_spin.setRange(1, 100)
        self.auto_spin.setValue(90)
        self.auto_spin.setSuffix(" %")
        self.auto_button = QPushButton()
        self.auto_button.setObjectName("autoMatch")
        self.auto_button.setToolTip(
            _(
                "Record every new line whose best customer is at least this likely (lines where "
                "two customers are about as likely, or that may be imported twice, are left to "
                "you)"
            )
        )
        self.auto_button.clicked.connect(self.run_auto_match)
        self.auto_spin.valueChanged.connect(self._auto_text)
        self._auto_text(90)
        self.status_box = QComboBox()
        self.status_box.setObjectName("bankStatus")
        for code in STATUSES:
            text = status_text(code) if code else pgettext("bank lines", "All")
            self.status_box.addItem(text, code)
        self.status_box.currentIndexChanged.connect(lambda _n: self.run_filter())
        self.search_box = QLineEdit()
        self.search_box.setObjectName("bankSearch")
        self.search_box.setPlaceholderText(_("Search names, references, accounts…"))
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)  # one query per pause in typing
        self._search_timer.timeout.connect(self.run_filter)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.import_button)
        bar.addSpacing(14)
        bar.addWidget(self.auto_button)
        bar.addWidget(self.auto_spin)
        bar.addSpacing(14)
        bar.addWidget(self.status_box)
        bar.addWidget(self.search_box, 1)

        self.model = BankLineModel(ctx, self.locale, self)
        self.view = BankLineView(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._line_chosen())
        self.panel = MatchPanel(ctx, self.locale)
        self.panel.confirm_button.clicked.connect(self.confirm)
        self.panel.ignore_button.clicked.connect(self.ignore)
        self.panel.reopen_button.clicked.connect(self.reopen)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.panel)
        self.splitter.setSizes([260, 440])
        self.status_label = plain_label(wrap=True, selectable=True)
        self.status_label.setObjectName("bankStatusLine")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status_label)
        self.model.modelReset.connect(self._counted)
        self.model.rowsInserted.connect(lambda *_: self._counted())
        self.model.rowsRemoved.connect(lambda *_: self._counted())
        self.model.reload()
        self.select_row(0)
        if bridge is not None:
            bridge.changed.connect(self.on_event)

    def _auto_text(self, value: int) -> None:
        self.auto_button.setText(_("&Auto-match ≥ {percent}%").format(percent=value))

    # -- the lines ----------------------------------------------------------------------------

    def run_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.status_box.currentData(), self.search_box.text())
        self.select_row(0)

    def set_status(self, status: str | None) -> None:
        self.status_box.setCurrentIndex(self.status_box.findData(status))

    def _counted(self) -> None:
        count = self.model.rowCount()
        if not self.status_label.text() or self.status_label.property("counting"):
            shown = ngettext("{count} line shown.", "{count} lines shown.", count)
            self.status_label.setText(shown.format(count=f"{count:,}"))
            self.status_label.setProperty("counting", True)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("counting", False)

    def selected_line(self) -> BankLine | None:
        rows = self.view.selectionModel().selectedRows()
        found = self.model.rows([rows[0].row()]) if rows else []
        return found[0] if found else None

    def select_row(self, row: int) -> None:
        """Select ``row`` (kept within the table), or nothing when the table is empty."""
        count = self.model.rowCount()
        if not count:
            self.view.clearSelection()
            self._line_chosen()
            return
        index = self.model.index(min(max(row, 0), count - 1), LineColumn.AMOUNT)
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)

    def select_line(self, line_id: int) -> bool:
        row = self.model.row_of(line_id)
        if row is not None:
            self.select_row(row)
        return row is not None

    def _line_chosen(self) -> None:
        line = self.selected_line()
        wanted = line is not None and line.status == "new" and line.amount > 0
        if line is not None and wanted and line.id in self._proposals:
            self.panel.show_line(line)
            self.panel.show_proposal(self._proposals[line.id])
            return
        self.panel.show_line(line, waiting=wanted)
        if line is None or not wanted:
            return
        self._generation += 1
        generation, ctx, line_id = self._generation, self.ctx, line.id
        self.proposal_op = run_in_background(
            self,
            lambda: propose_matches(ctx, [line_id]),
            lambda found: self._proposed(generation, line_id, found),
            lambda exc: self.panel.show_message(_("No proposals: {problem}").format(problem=exc)),
        )

    def _proposed(self, generation: int, line_id: int, found: list[MatchProposal]) -> None:
        proposal = found[0] if found else None
        self._proposals[line_id] = proposal
        if generation == self._generation:
            self.panel.show_proposal(proposal)

    @property
    def proposals_pending(self) -> bool:
        return self.proposal_op is not None and not self.proposal_op.finished

    # -- actions ------------------------------------------------------------------------------

    def confirm(self) -> None:
        """Record the selected line as the chosen customer's payment; select the next line."""
        line = self.panel.line
        if line is None:
            return
        try:
            customer_id, allocations = self.panel.choice()
            record = confirm_match(self.ctx, line.id, customer_id, allocations)
        except InputErrors as exc:
            self.panel.show_message("\n".join(e.message for e in exc.errors))
            return
        except ServiceError as exc:
            self.panel.show_message(str(exc))
            return
        money = format_money(record.amount, record.currency, self.locale)
        who = line.counterparty or _("no name")
        self._say(
            _("Recorded payment #{number} of {amount} ({name}).").format(
                number=record.id, amount=money, name=who
            )
        )
        self._after_action(line)

    def ignore(self) -> None:
        self._set_aside(ignore_transaction, _("Ignored the line of {name}."))

    def reopen(self) -> None:
        self._set_aside(reopen_transaction, _("Reopened the line of {name}."))

    def _set_aside(self, service: Callable[[AppContext, int], object], done: str) -> None:
        line = self.panel.line
        if line is None:
            return
        try:
            service(self.ctx, line.id)
        except ServiceError as exc:
            self.panel.show_message(str(exc))
            return
        self._say(done.format(name=line.counterparty or _("no name")))
        self._after_action(line)

    def _after_action(self, line: BankLine) -> None:
        """Refresh now (the event follows) and select the next line."""
        row = self.model.row_of(line.id)
        self._proposals.clear()
        self.model.refresh([line.id])
        if row is None:
            return
        still = self.model.row_of(line.id)
        self.select_row(row if still is None else still + 1)

    def run_auto_match(self) -> None:
        """Record every clear case on a worker and say how many."""
        least, ctx = self.auto_spin.value(), self.ctx
        self.auto_button.setEnabled(False)
        self._say(_("Auto-matching lines at least {percent}% sure…").format(percent=least))
        self.auto_op = run_in_background(
            self, lambda: auto_match(ctx, least), self._auto_done, self._auto_failed
        )

    def _auto_done(self, done: list[AutoMatch]) -> None:
        self.auto_button.setEnabled(True)
        self.last_auto = done
        recorded = sum(1 for d in done if d.payment is not None)
        left = len(done) - recorded
        text = ngettext(
            "Auto-match recorded {count} payment.",
            "Auto-match recorded {count} payments.",
            recorded,
        ).format(count=recorded)
        if left:
            rest = ngettext(
                "{count} likely line is left for you to check.",
                "{count} likely lines are left for you to check.",
                left,
            ).format(count=left)
            text = f"{text} {rest}"
        self._say(text)
        self._proposals.clear()
        self.model.refresh(all_rows=True)
        self.select_row(0)

    def _auto_failed(self, exc: Exception) -> None:
        self.auto_button.setEnabled(True)
        self._say(_("Auto-match failed: {problem}").format(problem=exc))

    # -- importing ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import bank statement"), "", _(FILE_FILTER)
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> ImportStatementDialog | None:
        """Open the import dialog for ``path`` (the button's file dialog ends here)."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self._say(
                _("Could not read {path}: {problem}").format(path=path, problem=exc.strerror or exc)
            )
            return None
        dialog = ImportStatementDialog(self.ctx, data, str(path), self)
        dialog.imported.connect(self._imported)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _imported(self, result: StatementImport) -> None:
        self.last_import = result
        self._say(_("Imported: {summary}").format(summary=import_summary(result)))
        self._proposals.clear()
        self.model.refresh(all_rows=True)
        if self.selected_line() is None:
            self.select_row(0)

    # -- events -------------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Bank lines refresh by id; payments, invoices and customers change the proposals; a
        company change may change the locale of every amount and date shown."""
        relocated = refreshes_display(event) and self.display.current.locale != self.locale
        if relocated:
            self.locale = self.model.locale = self.display.current.locale
            self.panel.set_locale(self.locale)
        elif event.entity not in _REFRESHED_BY and event.name is not Change.BOOKS_REPLACED:
            return
        self._proposals.clear()
        if event.entity is Entity.BANK_TRANSACTION:
            self.model.refresh(event.ids)
        else:
            self.model.refresh(all_rows=True)
        line = self.selected_line()
        if line is None:
            self.select_row(0)
        elif relocated or self.panel.line is None or line != self.panel.line:
            self._line_chosen()
