# SPDX-License-Identifier: MIT
"""The bank screen's two tables: statement lines (paged, see :mod:`arapp.ui.paged_model`) and
the few candidates proposed for the selected line."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from arapp.formatting import format_date, format_money
from arapp.i18n import N_, _, pgettext
from arapp.services.bank.line_list import line_ids, line_rows
from arapp.services.bank.matching import Candidate
from arapp.services.bank.transactions import BankLine
from arapp.services.context import AppContext
from arapp.ui.big_table import LEFT, RIGHT
from arapp.ui.paged_model import PagedTableModel
from arapp.ui.widgets.texts import translated

AnyIndex = QModelIndex | QPersistentModelIndex
LineRole = Qt.ItemDataRole.UserRole + 1
"""Role returning the whole :class:`~arapp.services.bank.transactions.BankLine`."""
ConfidenceRole = Qt.ItemDataRole.UserRole + 2
"""Role of a candidate's confidence, an ``int`` from 0 to 100 (the bar delegate draws it)."""
STATUS_TEXT = {"new": N_("To match"), "matched": N_("Matched"), "ignored": N_("Ignored")}
"""A statement line's status in words (shown through :func:`status_text`)."""
MUTED = QColor("#7a7a7a")


class LineColumn(IntEnum):
    DATE = 0
    AMOUNT = 1
    COUNTERPARTY = 2
    REFERENCE = 3
    STATUS = 4


LINE_HEADERS: dict[LineColumn, str] = {  # shown through _() (see arapp.ui.widgets.texts)
    LineColumn.DATE: N_("Date"),
    LineColumn.AMOUNT: N_("Amount"),
    LineColumn.COUNTERPARTY: N_("Counterparty"),
    LineColumn.REFERENCE: N_("Reference"),
    LineColumn.STATUS: N_("Status"),
}


def status_text(status: str) -> str:
    """``To match``, ``Matched`` or ``Ignored``, in the window's language."""
    text = STATUS_TEXT.get(status)
    return _(text) if text is not None else status


class BankLineModel(PagedTableModel[BankLine]):
    """Statement lines of one status (``None``: all) matching a search, newest first.

    Attributes:
        status: ``new``, ``matched``, ``ignored`` or ``None``.
        search: Text looked for in names, references and account numbers.
    """

    columns = LineColumn
    headers = LINE_HEADERS
    amount_columns = frozenset({LineColumn.AMOUNT})

    def __init__(self, ctx: AppContext, locale: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = translated(LINE_HEADERS)
        self.ctx, self.locale = ctx, locale
        self.status: str | None = "new"
        self.search = ""

    def query_ids(self, limit: int, offset: int) -> list[int]:
        return line_ids(self.ctx, self.status, self.search, limit, offset)

    def query_rows(self, ids: list[int]) -> dict[int, BankLine]:
        return line_rows(self.ctx, ids)

    def set_filter(self, status: str | None, search: str) -> None:
        self.status, self.search = status, search
        self.reload()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = LineColumn(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            LineRole,
        ):
            return None
        line = self.row_at(index.row())
        if line is None:
            return None
        if role == LineRole:
            return line
        if role == Qt.ItemDataRole.ForegroundRole:
            return MUTED if line.amount <= 0 or line.status == "ignored" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is LineColumn.COUNTERPARTY and line.counterparty_account:
                return f"{line.counterparty}\n{line.counterparty_account}"
            return line.reference if column is LineColumn.REFERENCE and line.reference else None
        match column:
            case LineColumn.DATE:
                return format_date(line.booking_date, self.locale)
            case LineColumn.AMOUNT:
                return format_money(line.amount, line.currency, self.locale)
            case LineColumn.COUNTERPARTY:
                return line.counterparty
            case LineColumn.REFERENCE:
                return " ".join(line.reference.split())
            case LineColumn.STATUS:
                return status_text(line.status)


class CandidateColumn(IntEnum):
    CUSTOMER = 0
    CONFIDENCE = 1
    PAYS = 2
    CREDIT = 3


CANDIDATE_HEADERS: dict[CandidateColumn, str] = {  # shown through _()
    CandidateColumn.CUSTOMER: N_("Customer"),
    CandidateColumn.CONFIDENCE: N_("Confidence"),
    CandidateColumn.PAYS: N_("Would pay"),
    CandidateColumn.CREDIT: N_("Credit left"),
}


class CandidateModel(QAbstractTableModel):
    """The customers proposed for one line, most likely first.

    Attributes:
        candidates: What :func:`~arapp.services.bank.matching.propose_matches` proposed.
        currency: The line's currency.
    """

    def __init__(self, locale: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.locale = locale
        self.candidates: tuple[Candidate, ...] = ()
        self.currency = "EUR"

    def set_candidates(self, candidates: tuple[Candidate, ...], currency: str) -> None:
        self.beginResetModel()  # three rows at most: a reset is the simple, cheap way
        self.candidates, self.currency = candidates, currency
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.candidates)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CandidateColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(CandidateColumn):
            return None
        column = CandidateColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _(CANDIDATE_HEADERS[column])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column is CandidateColumn.CREDIT else LEFT
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.candidates):
            return None
        candidate = self.candidates[index.row()]
        column = CandidateColumn(index.column())
        if role == ConfidenceRole:
            return candidate.confidence
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column is CandidateColumn.CREDIT else LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is CandidateColumn.PAYS:
                return pays_text(candidate, self.currency, self.locale)
            return candidate.reason[:1].upper() + candidate.reason[1:] + "."
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        match column:
            case CandidateColumn.CUSTOMER:
                return f"{candidate.customer_name} ({candidate.customer_code})"
            case CandidateColumn.CONFIDENCE:
                return f"{candidate.confidence}%"
            case CandidateColumn.PAYS:
                return pays_text(candidate, self.currency, self.locale)
            case CandidateColumn.CREDIT:
                if not candidate.credit:
                    return ""
                return format_money(candidate.credit, self.currency, self.locale)


def pays_text(candidate: Candidate, currency: str, locale: str) -> str:
    """``INV-1 119.00 €, INV-2 50.00 €``, or "nothing: all credit"."""
    if not candidate.allocations:
        return pgettext("bank match pays", "nothing: all credit")
    return ", ".join(
        f"{a.number} {format_money(a.amount, currency, locale)}" for a in candidate.allocations
    )
