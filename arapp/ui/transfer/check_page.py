# SPDX-License-Identifier: MIT
"""The wizard page that checks the file (a dry run), shows its first rows and every problem,
and imports it when there is none.

Both the check and the import run on a worker thread; the Import button is enabled only when
the check found no problem, and an import the services refuse shows its problems the same way.
"Cancel check" stops a long check: the service looks at a flag every thousand rows. The import
shows the rows written so far against the rows checked, and "Cancel import" stops it the same
way: the import is one transaction, so a cancelled one rolls back and nothing is imported.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from arapp.i18n import N_, _, ngettext
from arapp.services.transfer.csvfile import ImportStopped, Problem
from arapp.services.transfer.files import (
    ImportCheck,
    ImportOutcome,
    check_import,
    import_file,
    save_problems,
)
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.transfer.check_texts import (
    checked_text,
    preview_text,
    progress_text,
)
from arapp.ui.transfer.common import (
    MAX_COLUMN_WIDTH,
    ask_save_path,
    busy_bar,
    caption,
    count_text,
    text_table,
)
from arapp.ui.transfer.state import ImportState
from arapp.ui.worker import run_in_background

GOOD_STYLE = "color: #1b5e20;"
NUMERIC_COLUMNS = {"credit_limit", "quantity", "unit_price", "tax_rate", "amount"}
PROBLEMS_CAPTION = N_("Problems: fix them in the file, then choose it again (Back).")
PROBLEM_HEADERS = (N_("Line"), N_("Column"), N_("Problem"))


class CheckPage(QWizardPage):
    """Check the whole file, show what will be read, import on "Import".

    Attributes:
        checked: ``Signal()``: the check ended (well or not).
        finished: ``Signal()``: the import ended (well, refused or failed).
        problems: The problems shown (from the check, or from a refused import).
        importing: The import is running.
        refused: The import was refused with problems: Import stays disabled.
        progressed: ``Signal(int)``: rows written so far by the import running. Emitted on
            the worker thread; the page listens through a queued connection.
    """

    checked = Signal()
    finished = Signal()
    progressed = Signal(int)

    def __init__(self, wizard: ImportState) -> None:
        super().__init__()
        self.owner = wizard
        self._token = 0
        self.problems: tuple[Problem, ...] = ()
        self.importing = False
        self.refused = False
        self._stop = threading.Event()
        self._stop_import = threading.Event()
        self._import_rows = 0
        self.setTitle(_("Check and import"))
        self.setSubTitle(
            _(
                "Every row is checked first. Nothing is written until you click Import, and a "
                "file with any problem imports nothing."
            )
        )
        self.setCommitPage(True)
        self.status = plain_label(wrap=True, selectable=True)
        self.status.setObjectName("importStatus")
        self.busy = busy_bar("importBusy")
        self.cancel_button = QPushButton(_("&Cancel check"))
        self.cancel_button.setObjectName("cancelCheck")
        self.cancel_button.setToolTip(_("Stop checking the file; nothing is written"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_check)
        self.import_bar = QProgressBar()
        self.import_bar.setObjectName("importProgress")
        self.import_bar.setVisible(False)
        self.cancel_import_button = QPushButton(_("&Cancel import"))
        self.cancel_import_button.setObjectName("cancelImport")
        self.cancel_import_button.setToolTip(_("Stop the import; nothing is imported"))
        self.cancel_import_button.setVisible(False)
        self.cancel_import_button.clicked.connect(self.cancel_import)
        self.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.again_button = QPushButton(_("Check a&gain"))
        self.again_button.setObjectName("checkAgain")
        self.again_button.setVisible(False)
        self.again_button.clicked.connect(self.start_check)
        self.preview_caption = plain_label(wrap=True)
        self.preview_view, self.preview_model = text_table("importPreview")
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        self.problems_caption = plain_label(_(PROBLEMS_CAPTION), wrap=True)
        self.problems_view, self.problems_model = text_table("importProblems")
        header = self.problems_view.horizontalHeader()
        header.setStretchLastSection(True)
        self.save_problems_button = QPushButton(_("Save problem &list…"))
        self.save_problems_button.setObjectName("saveProblems")
        self.save_problems_button.clicked.connect(self.save_problem_list)

        preview = QWidget()
        column = QVBoxLayout(preview)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.preview_caption)
        column.addWidget(self.preview_view)
        self.problems_box = QWidget()
        column = QVBoxLayout(self.problems_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.problems_caption)
        column.addWidget(self.problems_view)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_problems_button)
        column.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(preview)
        splitter.addWidget(self.problems_box)
        working = QHBoxLayout()
        working.addWidget(self.busy, 1)
        working.addWidget(self.import_bar, 1)
        working.addStretch(0)  # takes the room when the bar is hidden: buttons keep their size
        working.addWidget(self.cancel_button)
        working.addWidget(self.cancel_import_button)
        working.addWidget(self.again_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.status)
        layout.addLayout(working)
        layout.addWidget(splitter, 1)

    # -- QWizardPage --------------------------------------------------------------------------

    def initializePage(self) -> None:
        self.start_check()

    def cleanupPage(self) -> None:
        self._token += 1  # a check still running is no longer wanted
        self.cancel_check()
        self.busy.setVisible(False)
        self.cancel_button.setVisible(False)
        self.again_button.setVisible(False)
        self.owner.check = None

    def isComplete(self) -> bool:
        check = self.owner.check
        return (
            check is not None
            and check.report.ok
            and check.report.created > 0
            and not self.importing
            and not self.refused
        )

    def validatePage(self) -> bool:
        """Import gives ``False`` and starts the import; the wizard moves on when it worked."""
        outcome = self.owner.outcome
        if outcome is not None and outcome.report.ok:
            return True
        if self.isComplete():
            self.start_import()
        return False

    # -- check --------------------------------------------------------------------------------

    def start_check(self) -> None:
        """Check the file as matched, on a worker thread."""
        file = self.owner.file
        if file is None:
            return
        self._token += 1
        self._stop.set()  # an earlier check still running stops
        self._stop = stop = threading.Event()
        token, ctx, kind = self._token, self.owner.ctx, self.owner.kind
        data, chosen, delimiter = file.data, dict(self.owner.chosen), file.delimiter
        decimal, encoding = self.owner.decimal, file.encoding
        self.owner.check = None
        self.refused = False
        self._show_status(_("Checking {file}…").format(file=file.path.name))
        self.busy.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.again_button.setVisible(False)
        self.preview_caption.clear()
        self.preview_model.set_rows((), ())
        self._show_problems(())
        self.completeChanged.emit()
        run_in_background(
            self,
            lambda: check_import(
                ctx,
                kind,
                data,
                chosen,
                delimiter=delimiter,
                stop=stop.is_set,
                decimal=decimal,
                encoding=encoding,
            ),
            lambda check: self._checked(token, check),
            lambda exc: self._check_failed(token, exc),
        )

    def cancel_check(self) -> None:
        """Ask a check still running to stop; it ends soon after with nothing written."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self.cancel_button.isVisible():
            self.cancel_button.setEnabled(False)
            self._show_status(_("Stopping the check…"))

    def _checked(self, token: int, check: ImportCheck) -> None:
        if token != self._token:
            return
        self.owner.check = check
        self.busy.setVisible(False)
        self.cancel_button.setVisible(False)
        self._show_preview(check)
        report = check.report
        good = report.ok and report.created > 0
        self._show_status(checked_text(check), GOOD_STYLE if good else ERROR_STYLE)
        self._show_problems(report.problems)
        self.completeChanged.emit()
        self.checked.emit()

    def _check_failed(self, token: int, exc: Exception) -> None:
        if token != self._token:
            return
        self.busy.setVisible(False)
        self.cancel_button.setVisible(False)
        self.again_button.setVisible(True)
        if isinstance(exc, ImportStopped):
            self._show_status(
                _(
                    "The check was cancelled and nothing was written. Check again, or go Back "
                    "to change the columns or the file."
                )
            )
        else:
            self._show_status(
                _("The file could not be checked: {error}").format(error=exc), ERROR_STYLE
            )
        self.completeChanged.emit()
        self.checked.emit()

    # -- import -------------------------------------------------------------------------------

    def start_import(self) -> None:
        """Import the file on a worker thread, showing the rows written; the wizard cannot be
        closed until it ends, but "Cancel import" stops it (nothing is imported)."""
        file = self.owner.file
        assert file is not None
        ctx, kind, data, delimiter = self.owner.ctx, self.owner.kind, file.data, file.delimiter
        chosen, remember = dict(self.owner.chosen), self.owner.remember_as
        decimal, encoding = self.owner.decimal, file.encoding
        check = self.owner.check
        total = check.report.rows if check is not None else 0
        self._stop_import = stop = threading.Event()
        self._import_rows = total
        self.importing = True
        self.completeChanged.emit()
        self.owner.set_busy(True)
        self.import_bar.setRange(0, max(total, 0))  # 0 to 0: busy, when the rows are unknown
        self.import_bar.setValue(0)
        self.import_bar.setVisible(True)
        self.cancel_import_button.setEnabled(True)
        self.cancel_import_button.setVisible(True)
        self._show_status(self._progress_text(0))
        progressed = self.progressed  # emitted on the worker: the page outlives the import
        run_in_background(
            self,
            lambda: import_file(
                ctx,
                kind,
                data,
                chosen,
                remember,
                delimiter,
                decimal,
                encoding,
                stop.is_set,
                progressed.emit,
            ),
            self._imported,
            self._import_failed,
        )

    def cancel_import(self) -> None:
        """Ask the import running to stop; it rolls back soon after and nothing is imported."""
        if not self.importing or self._stop_import.is_set():
            return
        self._stop_import.set()
        self.cancel_import_button.setEnabled(False)
        self._show_status(_("Cancelling the import…"))

    def _show_progress(self, rows: int) -> None:
        if not self.importing or self._stop_import.is_set():
            return  # late news of an import that ended or is being cancelled
        self.import_bar.setValue(min(rows, self.import_bar.maximum()))
        self._show_status(self._progress_text(rows))

    def _progress_text(self, rows: int) -> str:
        file = self.owner.file
        return progress_text(file.path.name if file is not None else "", rows, self._import_rows)

    def _import_ended(self) -> None:
        self.importing = False
        self.import_bar.setVisible(False)
        self.cancel_import_button.setVisible(False)
        self.owner.set_busy(False)

    def _imported(self, outcome: ImportOutcome) -> None:
        self._import_ended()
        if outcome.report.ok:
            self.owner.outcome = outcome
            self.owner.cancelled_late = self._stop_import.is_set()
            self.finished.emit()
            self.owner.imported.emit(outcome)
            self.owner.next()
            return
        self.refused = True
        problems = len(outcome.report.problems)
        self._show_status(
            ngettext(
                "Nothing was imported: {count} problem came up while writing.",
                "Nothing was imported: {count} problems came up while writing.",
                problems,
            ).format(count=count_text(problems)),
            ERROR_STYLE,
        )
        self._show_problems(outcome.report.problems)
        self.completeChanged.emit()
        self.finished.emit()

    def _import_failed(self, exc: Exception) -> None:
        self._import_ended()
        if isinstance(exc, ImportStopped):
            self._show_status(
                _(
                    "The import was cancelled. Nothing was imported: the books are as they "
                    "were. Click Import to import the file after all."
                )
            )
        else:
            self._show_status(
                _("The import failed and nothing was written: {error}").format(error=exc),
                ERROR_STYLE,
            )
        self.completeChanged.emit()
        self.finished.emit()

    # -- showing ------------------------------------------------------------------------------

    def _show_status(self, text: str, style: str = "") -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    def _show_preview(self, check: ImportCheck) -> None:
        total = check.report.rows
        if not check.rows:
            self.preview_caption.clear()
        else:
            self.preview_caption.setText(preview_text(len(check.rows), total))
        headers = (_("Line"), *(caption(c) for c in check.columns))
        rows = [(str(line), *cells) for line, cells in check.rows]
        numeric = {n for n, c in enumerate(check.columns, start=1) if c in NUMERIC_COLUMNS}
        self.preview_model.set_rows(headers, rows, right_aligned={0, *numeric})
        self.preview_view.resizeColumnsToContents()  # at most PREVIEW_ROWS rows: cheap
        header = self.preview_view.horizontalHeader()
        for n in range(len(headers)):
            header.resizeSection(n, min(header.sectionSize(n) + 8, MAX_COLUMN_WIDTH))

    def _show_problems(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems = tuple(sorted(problems, key=lambda p: p.line))
        self.problems_caption.setText(_(PROBLEMS_CAPTION))
        chosen = self.owner.chosen
        rows = [
            (str(p.line) if p.line else _("file"), self._column_text(p.column, chosen), p.message)
            for p in problems
        ]
        headers = tuple(_(h) for h in PROBLEM_HEADERS)
        self.problems_model.set_rows(headers, rows, right_aligned={0})
        header = self.problems_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 64)
        header.resizeSection(1, 220)
        self.problems_box.setVisible(bool(problems))

    @staticmethod
    def _column_text(column: str, chosen: dict[str, str]) -> str:
        """The file's column and ours: "Kundennummer (Code)"."""
        if not column:
            return ""
        theirs = chosen.get(column, "")
        return f"{theirs} ({caption(column)})" if theirs else caption(column)

    def save_problem_list(self) -> None:
        """Save every problem to a CSV file the person chooses."""
        file = self.owner.file
        stem = file.path.stem if file else self.owner.kind
        path = ask_save_path(self, _("Save problem list"), f"{stem}-problems.csv")
        if path is None:
            return
        self.save_to(path)

    def save_to(self, path: Path) -> None:
        """Save every problem to ``path`` (CSV)."""
        try:
            save_problems(path, self.problems, self.owner.chosen)
        except OSError as exc:
            self._show_status(
                _("The problem list could not be saved: {error}").format(error=exc), ERROR_STYLE
            )
            return
        self.problems_caption.setText(
            _("Problems ({count}) saved to {path}.").format(
                count=count_text(len(self.problems)), path=path
            )
        )
