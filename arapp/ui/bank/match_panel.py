# SPDX-License-Identifier: MIT
"""The selected bank line and who paid it: the proposed customers (the best one chosen), any
other customer through the picker, and the invoices the money goes to.

The proposals come from :func:`~arapp.services.bank.matching.propose_matches` (the page runs it
on a worker); the invoices and what is applied are the record-payment dialog's
:class:`~arapp.ui.payments.allocation.AllocationPanel`. The panel gathers the choice; the page
records it.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.formatting import format_date, format_money
from arapp.i18n import _
from arapp.services.bank.matching import Candidate, MatchProposal
from arapp.services.bank.transactions import BankLine
from arapp.services.context import AppContext
from arapp.services.customers import CustomerRecord
from arapp.services.errors import InputErrors
from arapp.ui.bank.models import CandidateModel, status_text
from arapp.ui.bank.views import CandidateView
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.payments.allocation import AllocationPanel
from arapp.ui.payments.allocation_model import AllocationColumn
from arapp.ui.widgets.customer_picker import CustomerPicker

WARNING_STYLE = (
    "background: #fff3cd; color: #664d03; border: 1px solid #e0b000; border-radius: 4px;"
    "padding: 6px; font-weight: bold;"
)


def _bold(text: str) -> QLabel:
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class MatchPanel(QWidget):
    """Who paid the line shown, and where the money goes.

    Attributes:
        line: The line shown, if any.
        proposal: Its proposal, once computed.
        customer_id: The customer chosen (a candidate or picked by hand), if any.
        candidates: The proposed customers; ``candidate_view`` shows them.
        picker: Any other customer.
        allocation: The chosen customer's open invoices and what is applied.
        confirm_button, ignore_button, reopen_button: The line's actions.
    """

    def __init__(self, ctx: AppContext, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.locale = ctx, locale
        self.line: BankLine | None = None
        self.proposal: MatchProposal | None = None
        self.customer_id: int | None = None

        self.line_label = _bold("")
        self.line_label.setObjectName("bankLineTitle")
        self.line_label.setWordWrap(True)
        self.reference_label = plain_label(wrap=True, selectable=True)
        self.reference_label.setObjectName("bankLineReference")
        self.duplicate_label = plain_label(wrap=True)
        self.duplicate_label.setObjectName("duplicateWarning")
        self.duplicate_label.setStyleSheet(WARNING_STYLE)
        self.duplicate_label.setVisible(False)
        self.candidates = CandidateModel(locale, self)
        self.candidate_view = CandidateView(self.candidates)
        self.candidate_view.selectionModel().selectionChanged.connect(
            lambda *_: self._candidate_chosen()
        )
        self.reason_label = plain_label(wrap=True)
        self.reason_label.setObjectName("candidateReason")
        self.picker = CustomerPicker(ctx, _("Or type another customer's name or code…"))
        self.picker.setObjectName("bankCustomer")
        self.picker.customer_changed.connect(self._picked)
        self.allocation = AllocationPanel(ctx, locale)
        self.allocation.view.setMinimumHeight(120)
        # The line's day is what counts here; the issue day would only crowd out the number.
        self.allocation.view.setColumnHidden(AllocationColumn.ISSUED, True)
        self.message = plain_label(wrap=True)
        self.message.setObjectName("matchMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        self.confirm_button = QPushButton(_("Confir&m payment"))
        self.confirm_button.setObjectName("confirmMatch")
        self.confirm_button.setToolTip(_("Record the line as the chosen customer's payment"))
        self.ignore_button = QPushButton(_("I&gnore line"))
        self.ignore_button.setObjectName("ignoreLine")
        self.ignore_button.setToolTip(_("Not a customer's payment (a fee, a transfer of our own)"))
        self.reopen_button = QPushButton(_("Reope&n line"))
        self.reopen_button.setObjectName("reopenLine")

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.line_label)
        left.addWidget(self.reference_label)
        left.addWidget(self.duplicate_label)
        left.addWidget(_bold(_("Proposed customers")))
        left.addWidget(self.candidate_view)
        left.addWidget(self.reason_label)
        left.addWidget(self.picker)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(_bold(_("Invoices it pays (type in Apply to change)")))
        right.addWidget(self.allocation, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.ignore_button)
        buttons.addWidget(self.confirm_button)
        right.addLayout(buttons)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        self.show_line(None)

    # -- what is shown ------------------------------------------------------------------------

    def set_locale(self, locale: str) -> None:
        """Write amounts and dates in ``locale`` from the next line shown (the company changed)."""
        self.locale = self.candidates.locale = locale
        self.allocation.locale = self.allocation.model.locale = locale

    def show_line(self, line: BankLine | None, waiting: bool = False) -> None:
        """Show ``line`` (``waiting``: its proposal is being computed)."""
        self.line, self.proposal, self.customer_id = line, None, None
        self.candidates.set_candidates((), line.currency if line else "EUR")
        self.duplicate_label.setVisible(False)
        self.picker.set_customer(None)
        self.show_message("")
        if line is None:
            self.line_label.setText(_("Choose a line above."))
            self.reference_label.setText("")
            self.reason_label.setText("")
        else:
            money = format_money(line.amount, line.currency, self.locale)
            who = line.counterparty or _("(no name)")
            state = status_text(line.status)
            self.line_label.setText(
                f"{format_date(line.booking_date, self.locale)} · {money} · {who} · {state}"
            )
            details = [line.reference or _("(no reference)")]
            if line.counterparty_account:
                details.append(_("Account {account}").format(account=line.counterparty_account))
            self.reference_label.setText("\n".join(details))
            self.reason_label.setText(_("Looking for who paid…") if waiting else self._not_open())
        self.allocation.load(None, line.currency if line else "EUR")
        self.allocation.set_amount(None)
        self._update_buttons()

    def _not_open(self) -> str:
        line = self.line
        if line is None:
            return ""
        if line.amount <= 0:
            return _("Money going out: not a customer's payment.")
        if line.status == "matched":
            return _("Recorded as payment #{number}.").format(number=line.payment_id)
        if line.status == "ignored":
            return _("Ignored. Reopen it to match it.")
        return ""

    def show_proposal(self, proposal: MatchProposal | None) -> None:
        """Show the candidates of the line shown, the best one chosen."""
        line = self.line
        if line is None or (proposal is not None and proposal.line.id != line.id):
            return
        self.proposal = proposal
        candidates = proposal.candidates if proposal else ()
        self.candidates.set_candidates(candidates, line.currency)
        if proposal is not None and proposal.duplicate_of is not None:
            warning = _(
                "This may be the same money as line #{number} (same account, day and amount), "
                "imported from another statement. Check before confirming; ignore this line if "
                "it is the same payment."
            ).format(number=proposal.duplicate_of)
            self.duplicate_label.setText(f"⚠ {warning}")
            self.duplicate_label.setVisible(True)
        if candidates:
            self.choose_candidate(0)
        elif line.status == "new" and line.amount > 0:
            self.reason_label.setText(
                _("No customer fits this line. Type the customer who paid below.")
            )
        self._update_buttons()

    def choose_candidate(self, row: int) -> None:
        flags = QItemSelectionModel.SelectionFlag
        index = self.candidates.index(row, 0)
        self.candidate_view.selectionModel().setCurrentIndex(
            index, flags.ClearAndSelect | flags.Rows
        )

    def _candidate_chosen(self) -> None:
        row = self.candidate_view.current_row()
        if row is None or not 0 <= row < len(self.candidates.candidates):
            return
        candidate = self.candidates.candidates[row]
        self.reason_label.setText(reason_text(candidate))
        self.picker.set_customer(None)
        self._load_customer(candidate.customer_id)
        self.allocation.apply_amounts({a.invoice_id: a.amount for a in candidate.allocations})

    def _picked(self, customer: CustomerRecord | None) -> None:
        """A customer chosen by hand: their invoices, spread oldest first."""
        if customer is None:
            return
        self.candidate_view.clearSelection()
        self.reason_label.setText(_("Chosen by hand: {customer}.").format(customer=customer.name))
        self._load_customer(customer.id)

    def _load_customer(self, customer_id: int) -> None:
        line = self.line
        if line is None:
            return
        self.customer_id = customer_id
        self.allocation.load(customer_id, line.currency, line.booking_date)
        self.allocation.set_amount(line.amount)
        self.show_message("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        line = self.line
        open_line = line is not None and line.status == "new" and line.amount > 0
        self.confirm_button.setEnabled(open_line and self.customer_id is not None)
        self.ignore_button.setEnabled(line is not None and line.status == "new")
        self.reopen_button.setEnabled(line is not None and line.status == "ignored")
        self.confirm_button.setDefault(self.confirm_button.isEnabled())

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- the choice ---------------------------------------------------------------------------

    def choice(self) -> tuple[int, tuple[tuple[int, Decimal], ...]]:
        """The customer chosen and the allocations typed.

        Raises:
            InputErrors: no customer is chosen, or an Apply cell is wrong.
        """
        if self.customer_id is None:
            raise InputErrors([ValidationError("customer", _("Choose the customer who paid."))])
        return self.customer_id, self.allocation.allocations()


def reason_text(candidate: Candidate) -> str:
    """``Why: the reference names INV-1, …; the payer “X” is “X”.``"""
    if not candidate.reasons:
        return ""
    return _("Why {confidence}%: {reason}.").format(
        confidence=candidate.confidence, reason=candidate.reason
    )
