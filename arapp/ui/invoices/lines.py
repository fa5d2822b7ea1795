# SPDX-License-Identifier: MIT
"""The lines of an invoice being edited, as a small table model.

Cells hold the text as typed (numbers in the company's locale); :func:`line_drafts` turns the
lines into :class:`~arapp.services.invoices.LineDraft` values for the services, which compute
the amounts and check everything. The editable model always ends with one blank line: typing
into it makes it a real line and a new blank one appears below.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from arapp.domain.errors import FieldRef, ValidationError
from arapp.formatting import format_money
from arapp.i18n import N_, _
from arapp.services.catalog import TaxRateRecord
from arapp.services.invoices import LineDraft, LineRecord
from arapp.ui.widgets.colours import dark_safe, error_background
from arapp.ui.widgets.numbers import number_text, parse_number

AnyIndex = QModelIndex | QPersistentModelIndex
PLACEHOLDER_COLOR = QColor("#8a8a8a")
BLANK_HINT = N_("Type here to add a line…")


class LineColumn(IntEnum):
    DESCRIPTION = 0
    QUANTITY = 1
    UNIT = 2
    UNIT_PRICE = 3
    DISCOUNT = 4
    TAX = 5
    AMOUNT = 6


LINE_HEADERS: dict[LineColumn, str] = {
    LineColumn.DESCRIPTION: N_("Description"),
    LineColumn.QUANTITY: N_("Qty"),
    LineColumn.UNIT: N_("Unit"),
    LineColumn.UNIT_PRICE: N_("Unit price"),
    LineColumn.DISCOUNT: N_("Disc. %"),
    LineColumn.TAX: N_("Tax"),
    LineColumn.AMOUNT: N_("Amount"),
}

# The service's field names in "lines[3].quantity" and the column each one is about.
FIELD_COLUMNS: dict[str, LineColumn] = {
    "description": LineColumn.DESCRIPTION,
    "quantity": LineColumn.QUANTITY,
    "unit": LineColumn.UNIT,
    "unit_price": LineColumn.UNIT_PRICE,
    "discount_percent": LineColumn.DISCOUNT,
    "tax": LineColumn.TAX,
}
NUMBER_COLUMNS = frozenset({LineColumn.QUANTITY, LineColumn.UNIT_PRICE, LineColumn.DISCOUNT})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_TEXT_ATTRS = {
    LineColumn.DESCRIPTION: "description",
    LineColumn.QUANTITY: "quantity",
    LineColumn.UNIT: "unit",
    LineColumn.UNIT_PRICE: "unit_price",
    LineColumn.DISCOUNT: "discount",
}


@dataclass
class LineState:
    """One line as typed (text cells; the tax rate by id)."""

    description: str = ""
    quantity: str = ""
    unit: str = ""
    unit_price: str = ""
    discount: str = ""
    tax_rate_id: int | None = None

    def is_blank(self) -> bool:
        return not any(
            text.strip()
            for text in (self.description, self.quantity, self.unit, self.unit_price, self.discount)
        )


def state_of(line: LineRecord, locale: str, currency: str) -> LineState:
    return LineState(
        description=line.description,
        quantity=number_text(line.quantity, locale),
        unit=line.unit,
        unit_price=number_text(line.unit_price, locale, currency),
        discount="" if line.discount_percent == 0 else number_text(line.discount_percent, locale),
        tax_rate_id=line.tax_rate_id,
    )


def line_drafts(
    lines: list[LineState], locale: str
) -> tuple[list[LineDraft], list[int], list[ValidationError]]:
    """The non-blank lines as drafts, the model row of each, and the numbers that did not read.

    A number that does not read in the company's locale is reported here (``lines[n].quantity``
    like the services do) and passed on as 0, so the services still check everything else.
    """
    at = FieldRef.of_line
    drafts: list[LineDraft] = []
    rows: list[int] = []
    errors: list[ValidationError] = []
    for row, line in enumerate(lines):
        if line.is_blank():
            continue
        n = len(drafts) + 1
        drafts.append(
            LineDraft(
                description=line.description,
                quantity=_number(line.quantity, at(n, "quantity"), locale, None, errors),
                unit_price=_number(line.unit_price, at(n, "unit_price"), locale, 0, errors),
                discount_percent=_number(
                    line.discount, at(n, "discount_percent"), locale, 0, errors
                ),
                tax_rate_id=line.tax_rate_id,
                unit=line.unit,
            )
        )
        rows.append(row)
    return drafts, rows, errors


def cell_errors(
    errors: list[ValidationError], rows: list[int]
) -> tuple[dict[tuple[int, LineColumn], str], list[ValidationError]]:
    """The messages about lines (``lines[2].quantity``) by model cell, and all the others.

    ``rows`` maps the services' line numbers (from 1) to model rows (see :func:`line_drafts`).
    """
    cells: dict[tuple[int, LineColumn], str] = {}
    others: list[ValidationError] = []
    for error in errors:
        ref = error.ref
        if ref.name == "lines" and ref.line is not None and 0 < ref.line <= len(rows):
            column = FIELD_COLUMNS.get(ref.part or "", LineColumn.DESCRIPTION)
            cells.setdefault((rows[ref.line - 1], column), error.message)
        else:
            others.append(error)
    return cells, others


def described(draft: LineDraft) -> LineDraft:
    """``draft`` with a stand-in description, for totals while its line is still being typed."""
    return replace(draft, description="…")


_NUMBER_MESSAGES = {
    "quantity": N_("Line {line}, quantity: {problem}"),
    "unit_price": N_("Line {line}, unit price: {problem}"),
    "discount_percent": N_("Line {line}, discount: {problem}"),
}


def _number(
    text: str, field: FieldRef, locale: str, empty: int | None, errors: list[ValidationError]
) -> Decimal:
    """``text`` read in ``locale``; ``empty`` when blank (if allowed); 0 and an error if wrong."""
    if not text.strip() and empty is not None:
        return Decimal(empty)
    try:
        return parse_number(text, locale)
    except ValidationError as exc:
        message = _(_NUMBER_MESSAGES[str(field.part)]).format(line=field.line, problem=exc)
        errors.append(ValidationError(field, message))
        return Decimal(0)


class LinesModel(QAbstractTableModel):
    """The lines of one invoice.

    Attributes:
        edited: ``Signal()``, a line was typed into, added, removed or moved.
        lines: The lines (the last one blank when editable).
        read_only: Shows stored lines without a blank line and refuses edits.
    """

    edited = Signal()

    def __init__(
        self,
        rates: list[TaxRateRecord],
        locale: str,
        currency: str,
        read_only: bool = False,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.rates = {r.id: r for r in rates}
        self.locale = locale
        self.currency = currency
        self.read_only = read_only
        self.default_tax_id: int | None = next((r.id for r in rates if r.active), None)
        self.lines: list[LineState] = [] if read_only else [LineState()]
        self.amounts: list[Decimal | None] = []
        self.errors: dict[tuple[int, LineColumn], str] = {}

    # -- content ------------------------------------------------------------------------------

    def set_lines(self, lines: list[LineState]) -> None:
        self.beginResetModel()
        self.lines = [*lines] if self.read_only else [*lines, LineState()]
        self.amounts = []
        self.errors = {}
        self.endResetModel()

    def real_lines(self) -> list[LineState]:
        return [line for line in self.lines if not line.is_blank()]

    def add_line(self, line: LineState | None = None, edited: bool = True) -> int:
        """Insert ``line`` before the blank line (or fill the blank one); returns its row."""
        line = line or LineState(quantity="1", tax_rate_id=self._tax_for_new())
        row = len(self.lines) - 1
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.insert(row, line)
        self.endInsertRows()
        if edited:
            self.edited.emit()
        return row

    def remove_line(self, row: int) -> None:
        if not 0 <= row < len(self.lines) or (not self.read_only and row == len(self.lines) - 1):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.lines[row]
        self.endRemoveRows()
        self.edited.emit()

    def move_line(self, row: int, delta: int) -> int:
        """Move a line up (-1) or down (+1) among the real lines; returns its new row."""
        last = len(self.lines) - (1 if self.read_only else 2)
        target = row + delta
        if not (0 <= row <= last and 0 <= target <= last):
            return row
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + (delta > 0))
        self.lines.insert(target, self.lines.pop(row))
        self.endMoveRows()
        self.edited.emit()
        return target

    def _tax_for_new(self) -> int | None:
        """A new line takes the tax rate of the line above it, or the first rate."""
        real = self.real_lines()
        return real[-1].tax_rate_id if real else self.default_tax_id

    def set_amounts(self, amounts: list[Decimal | None], currency: str) -> None:
        self.amounts, self.currency = amounts, currency
        if self.lines:
            column = LineColumn.AMOUNT
            self.dataChanged.emit(self.index(0, column), self.index(len(self.lines) - 1, column))

    def set_errors(self, errors: dict[tuple[int, LineColumn], str]) -> None:
        if errors == self.errors:
            return
        self.errors = errors
        if self.lines:
            last = self.index(len(self.lines) - 1, len(LineColumn) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def tax_name(self, tax_rate_id: int | None) -> str:
        if tax_rate_id is None:
            return _("No tax")
        rate = self.rates.get(tax_rate_id)
        return rate.name if rate is not None else "?"

    # -- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LineColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(LineColumn):
            return None
        column = LineColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _(LINE_HEADERS[column])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = column in NUMBER_COLUMNS or column is LineColumn.AMOUNT
            return (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | (
                Qt.AlignmentFlag.AlignVCenter
            )
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.read_only:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == LineColumn.AMOUNT:
            # Not enabled: Tab skips it on the way to the next line (it is computed, not typed).
            return Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def _is_trailing_blank(self, row: int) -> bool:
        return not self.read_only and row == len(self.lines) - 1 and self.lines[row].is_blank()

    def _error_background(self, row: int, column: LineColumn) -> QColor | None:
        return error_background() if (row, column) in self.errors else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        row, column = index.row(), LineColumn(index.column())
        line = self.lines[row]
        blank = self._is_trailing_blank(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if blank:
                return _(BLANK_HINT) if column is LineColumn.DESCRIPTION else ""
            return self._display(row, line, column)
        if role == Qt.ItemDataRole.EditRole:
            if column is LineColumn.TAX:
                return line.tax_rate_id
            attr = _TEXT_ATTRS.get(column)
            return getattr(line, attr) if attr else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in NUMBER_COLUMNS or column is LineColumn.AMOUNT else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if blank:
                return PLACEHOLDER_COLOR
            # The amount cell is not "enabled" (Tab skips it) but reads like the others: the
            # palette's text (black was unreadable under a dark palette).
            if column is LineColumn.AMOUNT:
                return QGuiApplication.palette().color(QPalette.ColorRole.Text)
            return dark_safe(None, self._error_background(row, column))
        if role == Qt.ItemDataRole.FontRole and blank and column is LineColumn.DESCRIPTION:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._error_background(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.errors.get((row, column))
        return None

    def _display(self, row: int, line: LineState, column: LineColumn) -> str:
        match column:
            case LineColumn.TAX:
                return self.tax_name(line.tax_rate_id)
            case LineColumn.AMOUNT:
                amount = self.amounts[row] if row < len(self.amounts) else None
                return "" if amount is None else format_money(amount, self.currency, self.locale)
            case LineColumn.DISCOUNT:
                return line.discount if line.discount.strip() not in ("0", "") else ""
            case _:
                return getattr(line, _TEXT_ATTRS[column])

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.read_only or role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), LineColumn(index.column())
        line = self.lines[row]
        was_blank = self._is_trailing_blank(row)
        if column is LineColumn.TAX:
            if value == line.tax_rate_id and not was_blank:
                return False
            line.tax_rate_id = value if isinstance(value, int) else None
        elif column in _TEXT_ATTRS:
            text = str(value or "")
            if text == getattr(line, _TEXT_ATTRS[column]):
                return False
            setattr(line, _TEXT_ATTRS[column], text)
        else:
            return False
        if was_blank and not line.is_blank():
            # The blank line became a real one: give it defaults and a new blank line below.
            if not line.quantity.strip() and column is not LineColumn.QUANTITY:
                line.quantity = "1"
            if line.tax_rate_id is None and column is not LineColumn.TAX:
                line.tax_rate_id = self._tax_for_new_at(row)
            self.beginInsertRows(QModelIndex(), row + 1, row + 1)
            self.lines.append(LineState())
            self.endInsertRows()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(LineColumn) - 1))
        self.edited.emit()
        return True

    def _tax_for_new_at(self, row: int) -> int | None:
        for line in reversed(self.lines[:row]):
            if not line.is_blank():
                return line.tax_rate_id
        return self.default_tax_id
