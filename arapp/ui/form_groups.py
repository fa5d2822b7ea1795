# SPDX-License-Identifier: MIT
"""Forms split into titled groups whose messages still land next to their fields.

:class:`FormGroups` holds one :class:`~arapp.ui.forms.ErrorForm` per group box and sends each
message of an :class:`~arapp.services.errors.InputErrors` to the group that has the field; a
message about no field shown goes to one banner above all groups. Settings and the customer
form use it (so it is not inside the settings package, which loads the whole dialog).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from arapp.services.errors import InputErrors
from arapp.ui.forms import ErrorForm, error_label


class FormGroups:
    """Several titled forms that report errors as one.

    Attributes:
        boxes: The group box of each group, by title.
        banner: Red label for messages about fields no group shows.
    """

    def __init__(self, name: str) -> None:
        self.boxes: dict[str, QGroupBox] = {}
        self.banner = error_label(name)
        self._forms: dict[str, ErrorForm] = {}
        self._form_of: dict[str, ErrorForm] = {}

    def group(self, title: str) -> ErrorForm:
        """The form of group ``title``, made with its box on first use."""
        if title not in self._forms:
            form = ErrorForm()
            box = QGroupBox(title)
            box.setLayout(form.layout)
            self._forms[title] = form
            self.boxes[title] = box
        return self._forms[title]

    def add_row(self, title: str, caption: str, name: str, widget: QWidget) -> QLabel:
        form = self.group(title)
        self._form_of[name] = form
        return form.add_row(caption, name, widget)

    def error_for(self, name: str) -> QLabel:
        return self._form_of[name].error_for(name)

    def clear_errors(self) -> None:
        for form in self._forms.values():
            form.clear_errors()
        self.banner.clear()
        self.banner.setVisible(False)

    def show_errors(self, errors: InputErrors) -> None:
        self.clear_errors()
        for form in self._forms.values():
            mine = [e for e in errors.errors if self._form_of.get(e.field) is form]
            if mine:
                form.show_errors(InputErrors(mine))
        loose = [e.message for e in errors.errors if e.field not in self._form_of]
        if loose:
            self.show_banner("\n".join(loose))

    def show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setVisible(True)

    def align_labels(self, *titles: str) -> None:
        """Give the captions of the groups ``titles`` (one column) one width, so their fields
        start at the same place."""
        captions: list[QLabel] = []
        for title in titles:
            layout = self._forms[title].layout
            for row in range(layout.rowCount()):
                item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and isinstance(label := item.widget(), QLabel):
                    captions.append(label)
        width = max((label.sizeHint().width() for label in captions), default=0)
        for label in captions:
            label.setMinimumWidth(width)
            # Right-aligned like the form's captions; centred on the first line of the field.
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def first_wrong_field(self) -> str | None:
        for form in self._forms.values():
            if (name := form.first_wrong_field()) is not None:
                return name
        return None
