# SPDX-License-Identifier: MIT
"""Settings ▸ This computer: what belongs to the person at this computer, not to the books.

The window's language: as the system, or one of :data:`arapp.i18n.WINDOW_LANGUAGES` by its own
name. It is kept with :func:`arapp.i18n.set_preferred_language` when the dialog's Save is
clicked and takes effect when arapp starts again (the window is built in one language).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QVBoxLayout, QWidget

from arapp.i18n import (
    SOURCE_LANGUAGE,
    WINDOW_LANGUAGES,
    _,
    available_languages,
    normalise,
    preferred_language,
    set_preferred_language,
    system_languages,
)
from arapp.ui.forms import plain_label
from arapp.ui.settings.groups import HINT_STYLE, note_label


def system_language() -> str:
    """The language the window speaks when it follows the system (what Qt says the system
    prefers, then the environment's), as :func:`arapp.i18n.chosen_language` picks it."""
    available = available_languages()
    for candidate in (*QLocale.system().uiLanguages(), *system_languages()):
        code = normalise(candidate)
        if code in available:
            return code
    return SOURCE_LANGUAGE


class ComputerTab(QWidget):
    """The window's language for this computer's user.

    Attributes:
        language: The choice: data ``None`` for the system, else a language code.
        restart_note: Says when a new choice takes effect.
    """

    def __init__(self) -> None:
        super().__init__()
        self.language = QComboBox()
        self.language.setObjectName("window_language")
        system = system_language()
        self.language.addItem(
            _("As the system ({language})").format(language=WINDOW_LANGUAGES.get(system, system)),
            None,
        )
        for code, name in WINDOW_LANGUAGES.items():
            self.language.addItem(name, code)
        self.initial = preferred_language()
        index = self.language.findData(normalise(self.initial)) if self.initial else 0
        self.language.setCurrentIndex(max(index, 0))
        self.language.setMinimumWidth(220)
        self.language.setMaximumWidth(360)
        self.restart_note = plain_label(
            _(
                "A new choice takes effect when arapp is started again; until then the window "
                "keeps its language."
            ),
            wrap=True,
        )
        self.restart_note.setObjectName("window_language_note")
        self.restart_note.setStyleSheet(HINT_STYLE)

        box = QGroupBox(_("Window"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Window &language"), self.language)
        form.addRow("", self.restart_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(12)
        layout.addWidget(
            note_label(
                _(
                    "These settings belong to you on this computer, not to the books: another "
                    "computer opening the same books keeps its own. They are kept when you "
                    "click Save."
                )
            )
        )
        layout.addWidget(box)
        layout.addStretch(1)

    def choice(self) -> str | None:
        """The language chosen: a code, or ``None`` to follow the system."""
        data = self.language.currentData()
        return str(data) if data else None

    def is_dirty(self) -> bool:
        return self.choice() != (normalise(self.initial) if self.initial else None)

    def save(self) -> None:
        """Keep the choice for the next start (the window in use keeps its language)."""
        if self.is_dirty():
            set_preferred_language(self.choice())
            self.initial = self.choice()
