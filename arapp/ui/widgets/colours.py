# SPDX-License-Identifier: MIT
"""The colours that mean something on screen, the same in every tab and dialog."""

from __future__ import annotations

from PySide6.QtGui import QColor

OVERDUE_COLOR = QColor("#9b1c1c")
"""Text of what is late: overdue invoices, broken plans, customers who owe past due."""
HOLD_COLOR = QColor("#9a4a00")
"""Text of what is on hold (a customer's account, a reminder)."""
HOLD_BACKGROUND = QColor("#fff4e0")
"""Behind a row on hold."""
VOID_COLOR = QColor("#8a8a8a")
"""Text of what no longer counts: void invoices, cancelled plans."""
DRAFT_COLOR = QColor("#5a5a7a")
"""Text of drafts, which have no number yet."""
CREDIT_COLOR = QColor("#1d5e8a")
"""Amounts in the customer's favour: credit notes, unapplied payments, negative balances."""
ERROR_BACKGROUND = QColor("#fde8e8")
"""Behind a cell or field whose value is wrong."""
