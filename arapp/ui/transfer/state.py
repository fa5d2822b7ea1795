# SPDX-License-Identifier: MIT
"""What the import wizard's pages share: the wizard as its pages see it.

The pages read and fill in the wizard's state (the file, the columns matched, the dry run) and
ask it to move on; they need no more of :class:`~arapp.ui.transfer.wizard.ImportWizard`, which
builds them. Typing them against this protocol keeps the wizard's module out of theirs.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance

from arapp.services.context import AppContext
from arapp.services.transfer.files import CsvFile, ImportCheck, ImportOutcome, MappingChoices


class ImportState(Protocol):
    """The import wizard's state, as its pages read and fill it in.

    Attributes:
        ctx: The books.
        kind: customers, invoices or payments.
        file: The file read, once read.
        choices: The saved mappings and the guess for that file.
        chosen: Our column to the file's column, as matched on the columns page.
        remember_as: Name to remember the mapping under after a good import, or "".
        check: The last dry run, once done.
        outcome: What the import did, once it ran.
        decimal: The decimal mark chosen (or saved with the mapping), or ``None``: detected.
        cancelled_late: Cancel was clicked when the import had already written everything.
        imported: ``Signal(object)``: the :class:`ImportOutcome` of a good import.
    """

    ctx: AppContext
    kind: str
    file: CsvFile | None
    choices: MappingChoices | None
    chosen: dict[str, str]
    remember_as: str
    check: ImportCheck | None
    outcome: ImportOutcome | None
    decimal: str | None
    cancelled_late: bool
    imported: SignalInstance

    def set_busy(self, busy: bool) -> None:
        """While importing, nothing may close the wizard or go back."""

    def next(self) -> None:
        """Go on to the next page."""
