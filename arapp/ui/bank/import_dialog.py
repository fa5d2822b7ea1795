# SPDX-License-Identifier: MIT
"""Import a bank statement: the format found, the CSV mapping when one is needed, a dry run
(lines read, new, already imported, every problem with its line), then Import.

Both the dry run and the import run :func:`~arapp.services.bank.statements.import_statement`
on a worker; the dialog only shows what they return. A mapping to remember is saved after a
good import.

The import shows how far it got (lines read, then new lines written) and can be cancelled:
Cancel (or closing the dialog) while it runs asks it to stop; it rolls back its one
transaction and the dialog says nothing was imported. The worker only stores how far it got in
a plain attribute; a timer on the GUI thread shows it.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from arapp.i18n import N_, _, ngettext
from arapp.services.bank.formats import detect_format
from arapp.services.bank.lines import StatementError
from arapp.services.bank.statements import StatementImport, import_statement
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.transfer.csvfile import ImportStopped
from arapp.services.transfer.mappings import save_mapping
from arapp.ui.bank.mapping_form import KIND, MappingForm
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.worker import BackgroundOp, run_in_background

FORMAT_NAMES = {"csv": "CSV", "ofx": "OFX / QFX", "camt053": "camt.053 (ISO 20022)"}
#: How often the dialog shows how far an import got.
PROGRESS_EVERY_MS = 200
CANCELLED = N_("The import was cancelled: nothing was imported.")


def import_summary(result: StatementImport) -> str:
    """``6 lines read: 3 new, 3 already imported.`` (or what an import did), and how many of
    the new ones may be lines imported before."""
    text = _("{new} new, {known} already imported.").format(
        new=f"{result.lines_new:,}", known=f"{result.lines_known:,}"
    )
    if result.dry_run:
        text = ngettext(
            "{count} line read: {summary}", "{count} lines read: {summary}", result.lines_read
        ).format(count=f"{result.lines_read:,}", summary=text)
    doubtful = result.possible_duplicates
    if doubtful:
        more = ngettext(
            "{count} of the new has the day, amount and text of a line imported before and may "
            "be the same money: matching asks.",
            "{count} of the new have the day, amount and text of a line imported before and may "
            "be the same money: matching asks.",
            doubtful,
        ).format(count=f"{doubtful:,}")
        text = f"{text} {more}"
    return text


def problem_text(problem: Any) -> str:
    column = getattr(problem, "column", "")
    if problem.line and column:
        text = _("Line {line} ({column}): {problem}")
    elif problem.line:
        text = _("Line {line}: {problem}")
    elif column:
        text = _("File ({column}): {problem}")
    else:
        text = _("File: {problem}")
    return text.format(line=problem.line, column=column, problem=problem.message)


class ImportStatementDialog(QDialog):
    """Check, then import, one statement file.

    Attributes:
        imported: ``Signal(object)``, the :class:`StatementImport` of a done import.
        format: ``csv``, ``ofx``, ``camt053`` or "" when the file cannot be read.
        mapping_form: The CSV mapping (``None`` for other formats).
        check: The last dry run's result, once back.
        result: The import's result, once done.
        op: The operation on its way, if any (for tests).
        importing: An import is running (Cancel then stops it instead of closing).
    """

    imported = Signal(object)

    def __init__(
        self, ctx: AppContext, data: bytes, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.data, self.file_name = ctx, data, file_name
        self.check: StatementImport | None = None
        self.result: StatementImport | None = None
        self.op: BackgroundOp | None = None
        self.importing = False
        self._generation = 0
        self._stop = threading.Event()
        #: how far the running import got, set on its worker thread (see :meth:`_tell`)
        self._told: tuple[str, int] = ("", 0)
        self._ticker = QTimer(self)
        self._ticker.setInterval(PROGRESS_EVERY_MS)
        self._ticker.timeout.connect(self._show_progress)
        self.setWindowTitle(_("Import bank statement"))
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        try:
            self.format = detect_format(data, file_name)
            described = FORMAT_NAMES[self.format]
        except StatementError as exc:
            self.format, described = "", _("not a statement arapp reads")
            self.problems.addItems([problem_text(p) for p in exc.problems])
        name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
        header = plain_label(f"{name} · {described}", selectable=True)
        header.setObjectName("importFile")
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        self.summary = plain_label(wrap=True)
        self.summary.setObjectName("importSummary")
        self.problems.setVisible(self.problems.count() > 0)
        self.problems.setMinimumHeight(90)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importStatement")
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 0)  # the lines are counted as they are read: no end known
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(12)
        self.progress.setVisible(False)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(header)
        self.mapping_form: MappingForm | None = None
        if self.format == "csv":
            self.mapping_form = MappingForm(ctx, data)
            self.mapping_form.changed.connect(self.run_check)
            layout.addWidget(self.mapping_form)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.problems, 10)
        layout.addStretch(1)  # takes the spare height while there is no problem to list
        layout.addWidget(self.buttons)
        self.resize(920 if self.mapping_form else 560, 560 if self.mapping_form else 180)
        if self.format:
            self.run_check()

    def _mapping(self) -> dict[str, Any] | None:
        return self.mapping_form.mapping() if self.mapping_form is not None else None

    # -- the dry run --------------------------------------------------------------------------

    def run_check(self) -> None:
        """Read the file as the import would, on a worker, and show what it would do."""
        self._generation += 1
        generation, ctx, data, name, mapping = (
            self._generation,
            self.ctx,
            self.data,
            self.file_name,
            self._mapping(),
        )
        self._stop.set()  # a check still running for an older mapping stops
        self._stop = stop = threading.Event()
        self.import_button.setEnabled(False)
        self.summary.setText(_("Reading the file…"))
        self.summary.setStyleSheet("")
        self.op = run_in_background(
            self,
            lambda: import_statement(ctx, data, name, mapping, dry_run=True, stop=stop.is_set),
            lambda result: self._checked(generation, result),
            lambda exc: self._failed(generation, exc),
        )

    def _checked(self, generation: int, result: StatementImport) -> None:
        if generation != self._generation:
            return  # the mapping changed meanwhile; a newer check is on its way
        self.check = result
        self._show(result)
        self.import_button.setEnabled(result.ok and result.lines_read > 0)

    def _show(self, result: StatementImport) -> None:
        self.problems.clear()
        self.problems.addItems([problem_text(p) for p in result.problems])
        self.problems.setVisible(bool(result.problems))
        if result.problems:
            count = len(result.problems)
            if self.mapping_form:
                text = ngettext(
                    "{count} problem: nothing is imported until the mapping reads every line.",
                    "{count} problems: nothing is imported until the mapping reads every line.",
                    count,
                )
            else:
                text = ngettext(
                    "{count} problem: nothing is imported until it is fixed.",
                    "{count} problems: nothing is imported until they are fixed.",
                    count,
                )
            self.summary.setText(text.format(count=count))
            self.summary.setStyleSheet(ERROR_STYLE)
        else:
            self.summary.setText(import_summary(result))
            self.summary.setStyleSheet("")

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            failed = _("Failed: {problem}").format(problem=exc)
            self.summary.setText(str(exc) if isinstance(exc, ServiceError) else failed)
            self.summary.setStyleSheet(ERROR_STYLE)

    # -- the import ---------------------------------------------------------------------------

    def run_import(self) -> None:
        """Import for real on a worker; the dialog closes when it is done."""
        if self.check is None or not self.check.ok:
            return
        self._generation += 1
        generation, ctx, data, name, mapping = (
            self._generation,
            self.ctx,
            self.data,
            self.file_name,
            self._mapping(),
        )
        self._stop = stop = threading.Event()
        self._told = ("", 0)
        self.importing = True
        self.import_button.setEnabled(False)
        if self.mapping_form is not None:
            self.mapping_form.setEnabled(False)
        self.summary.setText(_("Importing…"))
        self.summary.setStyleSheet("")
        self.progress.setVisible(True)
        self._ticker.start()
        tell = self._tell
        self.op = run_in_background(
            self,
            lambda: import_statement(ctx, data, name, mapping, stop=stop.is_set, progress=tell),
            lambda result: self._done(generation, result),
            lambda exc: self._import_failed(generation, exc),
        )

    def _tell(self, phase: str, lines: int) -> None:
        """On the import's worker thread: remember how far it got (no widget is touched)."""
        self._told = (phase, lines)

    def _show_progress(self) -> None:
        if self._stop.is_set():
            return  # "Stopping…" stays
        phase, lines = self._told
        if phase == "read":
            self.summary.setText(
                ngettext(
                    "Importing… {count} line read.", "Importing… {count} lines read.", lines
                ).format(count=f"{lines:,}")
            )
        elif phase == "written":
            self.summary.setText(
                ngettext(
                    "Importing… {count} new written.", "Importing… {count} new written.", lines
                ).format(count=f"{lines:,}")
            )

    def cancel_import(self) -> None:
        """Ask the running import to stop; it rolls back and nothing is imported."""
        if not self.importing or self._stop.is_set():
            return
        self._stop.set()
        self.cancel_button.setEnabled(False)
        self.summary.setText(_("Stopping the import…"))

    def reject(self) -> None:
        """Cancel: stops an import still running (the dialog stays to say so), else closes."""
        if self.importing:
            self.cancel_import()
            return
        self._stop.set()  # a check still running is not needed any more
        super().reject()

    def _ended(self) -> None:
        self.importing = False
        self._ticker.stop()
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(True)
        if self.mapping_form is not None:
            self.mapping_form.setEnabled(True)

    def _done(self, generation: int, result: StatementImport) -> None:
        self._ended()
        if not result.ok:
            self._show(result)
            return
        self.result = result
        form = self.mapping_form
        if form is not None and form.remember_check.isChecked() and form.mapping_name():
            try:
                save_mapping(self.ctx, KIND, form.mapping_name(), form.mapping())
            except ServiceError as exc:
                self.summary.setText(
                    _("Imported, but the mapping was not remembered: {problem}").format(problem=exc)
                )
        self.imported.emit(result)
        self.accept()

    def _import_failed(self, generation: int, exc: Exception) -> None:
        self._ended()
        if isinstance(exc, ImportStopped):
            self.summary.setText(_(CANCELLED))
            self.summary.setStyleSheet("")
        else:
            self._failed(generation, exc)
        self.import_button.setEnabled(True)
