# SPDX-License-Identifier: MIT
"""The import wizard: choose a CSV file, match its columns, check it, import it.

The pages only gather choices and show results; :mod:`arapp.services.transfer.files` reads the
file, guesses and remembers mappings, checks and imports (all or nothing). Reading, checking
and importing run on worker threads (:func:`~arapp.ui.worker.run_in_background`); a counter
drops results that arrive after the person moved on (another file, Back). The file page
(:mod:`~arapp.ui.transfer.file_page`) also says how the file is written: its delimiter, decimal
mark and text encoding.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizard, QWizardPage

from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.transfer.files import CsvFile, ImportCheck, ImportOutcome, MappingChoices
from arapp.ui.forms import plain_label
from arapp.ui.transfer.check_page import CheckPage
from arapp.ui.transfer.columns_page import ColumnsPage
from arapp.ui.transfer.common import KINDS, records, rows_text
from arapp.ui.transfer.file_page import FilePage

MIN_SIZE = (860, 620)


class ImportWizard(QWizard):
    """Import customers, invoices or payments from a CSV file with any column names.

    Attributes:
        kind: customers, invoices or payments.
        file: The file read, once read.
        choices: The saved mappings and the guess for that file.
        chosen: Our column to the file's column, as matched on the columns page.
        remember_as: Name to remember the mapping under after a good import, or "".
        check: The last dry run, once done.
        outcome: What the import did, once it ran.
        busy: Importing: the wizard cannot be closed until the import ends.
        decimal: The decimal mark chosen (or saved with the mapping), or ``None``: detected.
        cancelled_late: Cancel was clicked when the import had already written everything.
        imported: ``Signal(object)``: the :class:`ImportOutcome` of a good import.
    """

    imported = Signal(object)

    def __init__(self, ctx: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.file: CsvFile | None = None
        self.choices: MappingChoices | None = None
        self.chosen: dict[str, str] = {}
        self.remember_as = ""
        self.check: ImportCheck | None = None
        self.outcome: ImportOutcome | None = None
        self.busy = False
        self.decimal: str | None = None
        self.cancelled_late = False
        self.setObjectName("importWizard")
        self.setWindowTitle(_(KINDS[kind].import_title))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Close"))
        # Qt's own Back, Next and Cancel follow Qt's translation; named here, they follow ours
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self)
        self.check_page = CheckPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.columns_page, self.check_page, self.done_page):
            self.addPage(page)
        self.setMinimumSize(*MIN_SIZE)

    def set_busy(self, busy: bool) -> None:
        """While importing, nothing may close the wizard or go back."""
        self.busy = busy
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not busy)

    def reject(self) -> None:
        if not self.busy:  # an import cannot be stopped half-way: it is one transaction
            super().reject()

    def done(self, result: int) -> None:
        self.check_page.cancel_check()  # a check still running stops: nobody will see it
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)


class DonePage(QWizardPage):
    """What the import did."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_(KINDS[wizard.kind].imported))
        self.setSubTitle(_("Everything in the file was imported in one go."))
        self.summary = plain_label(wrap=True, selectable=True)
        self.summary.setObjectName("importSummary")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self.summary.setText(summary_text(self.owner))


def summary_text(wizard: ImportWizard) -> str:
    """What a good import did, for people."""
    outcome, file = wizard.outcome, wizard.file
    if outcome is None or file is None:
        return ""
    report = outcome.report
    made, name = records(wizard.kind, report.created), file.path.name
    if report.rows != report.created:
        first = _("Imported {records} from {file} ({rows}).").format(
            records=made, file=name, rows=rows_text(report.rows)
        )
    else:
        first = _("Imported {records} from {file}.").format(records=made, file=name)
    lines = [first]
    if wizard.cancelled_late:
        lines.append(_("Cancel came too late: the import had already written everything."))
    if outcome.remembered:
        lines.append(
            _(
                "The column mapping was remembered as “{name}”; "
                "it is chosen first for files with these columns."
            ).format(name=outcome.remembered)
        )
    if outcome.remember_error:
        lines.append(
            _("The column mapping was not remembered: {error}").format(error=outcome.remember_error)
        )
    return "\n\n".join(lines)
