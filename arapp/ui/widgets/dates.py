# SPDX-License-Identifier: MIT
"""Date fields: one display format for every date a person picks or reads in a form."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit

DATE_FORMAT = "d MMM yyyy"  # unambiguous in every locale (no 03/04 puzzles)


def date_edit(name: str) -> QDateEdit:
    """A date field with a calendar popup, named ``name`` (for tests and style sheets)."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMinimumWidth(130)
    return edit
