# SPDX-License-Identifier: MIT
"""The progress dialog of long work in the window: modal, shown only when the work takes a
moment, and kept open at its end until the summary that tells the truth replaces it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from arapp.i18n import _

#: A dialog shows only when the work has taken this long (quick work needs none).
SHOW_PROGRESS_AFTER_MS = 400


def work_progress(
    parent: QWidget,
    title: str,
    label: str,
    total: int,
    name: str,
    *,
    cancel: str | None = None,
    width: int = 380,
) -> QProgressDialog:
    """A progress dialog of ``total`` steps (0: busy, no count); ``cancel`` empty: no Cancel
    button (``None``: "Cancel", in the window's language). No automatic reset or close: the
    caller closes it when the summary appears."""
    cancel = _("Cancel") if cancel is None else cancel
    progress = QProgressDialog(label, cancel, 0, total, parent)
    progress.setObjectName(name)
    progress.setWindowTitle(title)
    if not cancel:
        progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
    progress.setMinimumWidth(width)
    progress.setAutoReset(False)
    progress.setAutoClose(False)
    progress.setValue(0)
    return progress
