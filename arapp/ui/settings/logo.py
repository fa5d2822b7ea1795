# SPDX-License-Identifier: MIT
"""The logo chooser of Settings ▸ Company: pick a PNG or JPEG, see it small, or remove it.

The picture's bytes go to ``save_company`` unchanged with the rest of the profile (the service
checks that they are a PNG or JPEG); nothing is stored before the dialog's Save.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from arapp.i18n import N_, _
from arapp.ui.forms import plain_label

# The preview box; the logo is scaled down into it, never up, keeping its proportions.
PREVIEW_SIZE = (200, 72)
PICTURE_FILTER = N_("Pictures (*.png *.jpg *.jpeg)")


class LogoChooser(QWidget):
    """A small preview with Choose… and Remove.

    Attributes:
        changed: ``Signal()`` emitted when a logo was chosen or removed.
        data: The logo's bytes, or ``None``.
        preview: The label showing the picture (or "No logo").
    """

    changed = Signal()

    def __init__(self, data: bytes | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: bytes | None = None
        self.preview = plain_label()
        self.preview.setObjectName("logoPreview")
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setStyleSheet("color: #777777;")
        self.choose_button = QPushButton(_("Choo&se…"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self.clear)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addStretch(1)
        self._show(data)

    def _show(self, data: bytes | None) -> None:
        self.data = data
        self.remove_button.setEnabled(data is not None)
        self.preview.setPixmap(QPixmap())
        if data is None:
            self.preview.setText(_("No logo"))
            return
        picture = QPixmap()
        if not picture.loadFromData(data):
            self.preview.setText(_("Cannot be shown"))
            return
        width, height = PREVIEW_SIZE
        if picture.width() > width - 8 or picture.height() > height - 8:
            picture = picture.scaled(
                width - 8,
                height - 8,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.preview.setPixmap(picture)

    def set_file(self, path: Path) -> None:
        """Take the picture in ``path`` (what Choose… does once a file is picked)."""
        self._show(Path(path).read_bytes())
        self.changed.emit()

    def choose(self) -> None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the logo"), start, _(PICTURE_FILTER)
        )
        if not name:
            return
        try:
            self.set_file(Path(name))
        except OSError as exc:
            self.preview.setText(_("Cannot be read"))
            self.preview.setToolTip(str(exc))

    def clear(self) -> None:
        self._show(None)
        self.changed.emit()
